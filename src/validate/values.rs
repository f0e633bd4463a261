//! The value parsers of validation: email addresses, `YYYY-MM-DD` dates and
//! durations in minutes, as written in a data file (also used by
//! [`crate::convert`], which must accept exactly what validation accepts).

use jiff::civil::Date;

/// Is this a well-formed email address (`local@domain.tld`, no spaces)?
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        && domain.contains('.')
        && domain.split('.').all(|p| !p.is_empty())
        && !local.starts_with('.')
        && !local.ends_with('.')
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    s.parse::<Date>().ok()
}

/// Parses a duration in minutes: `45`, `45.0`, or `H:MM` (`1:30` = 90).
pub fn parse_minutes(s: &str) -> Option<u32> {
    let s = s.trim();
    if let Some((h, m)) = s.split_once(':') {
        let h: u32 = h.parse().ok()?;
        let m = m.split(':').next()?;
        let m: u32 = m.parse().ok()?;
        return (m < 60).then_some(h * 60 + m);
    }
    let f: f64 = s.parse().ok()?;
    (f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f <= f64::from(u32::MAX)).then_some(f as u32)
}

/// A date as `YYYY-MM-DD`, for messages.
pub(super) fn iso(d: Date) -> String {
    d.strftime("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_email("anna@contoso.com"));
        assert!(!is_email("anna.contoso.com"));
        assert!(!is_email("anna@contoso"));
        assert!(!is_email("an na@contoso.com"));
        assert!(!is_email("a@b@c.com"));
    }

    #[test]
    fn minutes_and_dates() {
        assert_eq!(parse_minutes("45"), Some(45));
        assert_eq!(parse_minutes("45.0"), Some(45));
        assert_eq!(parse_minutes("1:30"), Some(90));
        assert_eq!(parse_minutes("-5"), None);
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("2026-2-3").is_none());
        assert!(parse_date("2026-02-03").is_some());
    }
}
