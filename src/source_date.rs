//! `SOURCE_DATE_EPOCH` (reproducible-builds.org): when it is set, every zip
//! entry of a bundle or a batch gets this one timestamp instead of one from
//! the data. Read here once, for `bundle`, `batch` and `batch merge`.

/// Seconds since 1970 from `SOURCE_DATE_EPOCH`, when it holds a whole number
/// (spaces around it allowed); unset or anything else is `None`.
pub fn from_env() -> Option<i64> {
    parse(&std::env::var("SOURCE_DATE_EPOCH").ok()?)
}

/// `SOURCE_DATE_EPOCH`'s value as seconds since 1970.
pub fn parse(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_seconds_with_spaces_around() {
        assert_eq!(parse("1000000000"), Some(1_000_000_000));
        assert_eq!(parse(" 1700000000\n"), Some(1_700_000_000));
        assert_eq!(parse("-5"), Some(-5));
        assert_eq!(parse(""), None);
        assert_eq!(parse("1.5"), None);
        assert_eq!(parse("yesterday"), None);
    }
}
