//! The `date` filter: an ISO date, date-time or Unix timestamp in a named
//! format or a strftime pattern, with the locale's month and weekday names.

use jiff::Zoned;
use jiff::civil::{Date, DateTime};
use jiff::fmt::strtime::BrokenDownTime;
use jiff::fmt::temporal::Pieces;
use jiff::tz::TimeZone;
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Error, State};

use super::args::{fail, finish, present, show};
use super::locale::{LocaleData, resolve_locale};

/// The named formats of the `date` filter.
pub const DATE_FORMATS: &[&str] = &["short", "medium", "long", "full", "iso"];

/// A parsed date input, keeping whatever precision was given.
enum When {
    Date(Date),
    DateTime(DateTime),
    Zoned(Zoned),
}

fn parse_when(value: &Value) -> Result<When, Error> {
    const F: &str = "date";
    match value.kind() {
        ValueKind::String => {
            let s = value.as_str().unwrap_or_default();
            let bad = |e: jiff::Error| {
                fail(
                    F,
                    format!(
                        "{s:?} is not an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM)"
                    ),
                )
                .with_source(e)
            };
            let pieces = Pieces::parse(s.trim()).map_err(bad)?;
            let Some(time) = pieces.time() else {
                return Ok(When::Date(pieces.date()));
            };
            let dt = pieces.date().to_datetime(time);
            match pieces.to_numeric_offset() {
                // Keep the written offset: the date is the one the author wrote.
                Some(offset) => dt
                    .to_zoned(TimeZone::fixed(offset))
                    .map(When::Zoned)
                    .map_err(bad),
                None => Ok(When::DateTime(dt)),
            }
        }
        // Unix timestamps, as returned by `now()`; shown in UTC.
        ValueKind::Number => {
            let secs = f64::try_from(value.clone()).unwrap_or(f64::NAN);
            let ts = jiff::Timestamp::from_nanosecond((secs * 1e9) as i128).map_err(|e| {
                fail(F, format!("{value} is out of range as a Unix timestamp")).with_source(e)
            })?;
            Ok(When::Zoned(ts.to_zoned(TimeZone::UTC)))
        }
        kind => Err(fail(
            F,
            format!("expected an ISO date string, found {kind} {}", show(value)),
        )),
    }
}

/// Replaces `%B %b %h %A %a` (with an optional `^` flag for upper case) with
/// the locale's names; every other directive is left to jiff.
fn localize_pattern(pattern: &str, data: &LocaleData, date: Date) -> String {
    let month = usize::from(date.month().unsigned_abs()) - 1;
    let weekday = usize::from(date.weekday().to_sunday_zero_offset().unsigned_abs());
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut upper = false;
        let mut end = start + 1;
        let mut conv = None;
        while let Some(&(i, d)) = chars.peek() {
            chars.next();
            end = i + d.len_utf8();
            if matches!(d, '-' | '_' | '0' | '^' | '#' | ':') || d.is_ascii_digit() {
                upper |= d == '^';
                continue;
            }
            conv = Some(d);
            break;
        }
        let name = match conv {
            Some('B') => Some(data.months[month]),
            Some('b' | 'h') => Some(data.months_abbr[month]),
            Some('A') => Some(data.days[weekday]),
            Some('a') => Some(data.days_abbr[weekday]),
            _ => None,
        };
        match name {
            Some(n) if upper => out.push_str(&n.to_uppercase()),
            Some(n) => out.push_str(n),
            None => out.push_str(&pattern[start..end]),
        }
    }
    out
}

/// `{{ d|date }}`, `{{ d|date("short") }}`, `{{ d|date("%-d %B %Y") }}`.
pub fn date(
    state: &State<'_, '_>,
    value: Value,
    format: Option<&str>,
    kwargs: Kwargs,
) -> Result<String, Error> {
    const F: &str = "date";
    let locale = resolve_locale(F, state, &kwargs)?;
    finish(F, &kwargs)?;
    if !present(F, &value)? {
        return Ok(String::new());
    }
    let format = format.unwrap_or("long");
    let pattern = match locale.date_pattern(format) {
        Some(p) => p,
        None if format.contains('%') => format,
        None => {
            return Err(fail(
                F,
                format!(
                    "unknown format {format:?} (use {} or a strftime pattern such as \"%-d %B %Y\")",
                    DATE_FORMATS.join(", ")
                ),
            ));
        }
    };
    let when = parse_when(&value)?;
    let (day, tm): (Date, BrokenDownTime) = match &when {
        When::Date(d) => (*d, (*d).into()),
        When::DateTime(dt) => (dt.date(), (*dt).into()),
        When::Zoned(z) => (z.date(), z.into()),
    };
    let localized = localize_pattern(pattern, &locale.data(), day);
    let mut out = String::new();
    tm.format(localized.as_bytes(), &mut out).map_err(|e| {
        fail(
            F,
            format!("cannot format {} with {format:?} ({e})", show(&value)),
        )
        .with_source(e)
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use minijinja::context;

    use crate::render::filters::test_support::{err, fmt, render};

    // --- date ----------------------------------------------------------

    #[test]
    fn date_default_is_long() {
        assert_eq!(fmt("en", "{{ '2026-03-05'|date }}"), "March 5, 2026");
        assert_eq!(fmt("en-GB", "{{ '2026-03-05'|date }}"), "5 March 2026");
        assert_eq!(fmt("de", "{{ '2026-03-05'|date }}"), "5. März 2026");
        assert_eq!(fmt("de-AT", "{{ '2026-01-05'|date }}"), "5. Jänner 2026");
    }

    #[test]
    fn date_named_formats() {
        let cases = [
            ("en", "short", "03/05/2026"),
            ("en", "medium", "Mar 5, 2026"),
            ("en", "long", "March 5, 2026"),
            ("en", "full", "Thursday, March 5, 2026"),
            ("en", "iso", "2026-03-05"),
            ("en-GB", "short", "05/03/2026"),
            ("en-GB", "medium", "5 Mar 2026"),
            ("en-GB", "full", "Thursday 5 March 2026"),
            ("de", "short", "05.03.2026"),
            ("de", "medium", "05.03.2026"),
            ("de", "long", "5. März 2026"),
            ("de", "full", "Donnerstag, 5. März 2026"),
            ("de", "iso", "2026-03-05"),
            ("de-CH", "full", "Donnerstag, 5. März 2026"),
        ];
        for (locale, name, want) in cases {
            let t = format!("{{{{ '2026-03-05'|date('{name}') }}}}");
            assert_eq!(fmt(locale, &t), want, "{locale} {name}");
        }
    }

    #[test]
    fn date_strftime_with_localized_names() {
        let t = "{{ '2026-03-05'|date('%A, %d %B %Y (%a %b)') }}";
        assert_eq!(fmt("en", t), "Thursday, 05 March 2026 (Thu Mar)");
        assert_eq!(fmt("de", t), "Donnerstag, 05 März 2026 (Do Mär)");
        assert_eq!(
            fmt("de", "{{ '2026-12-24'|date('%-d. %B') }}"),
            "24. Dezember"
        );
        assert_eq!(fmt("de", "{{ '2026-03-05'|date('%^B') }}"), "MÄRZ");
        assert_eq!(
            fmt("de", "{{ '2026-03-05'|date('100%% %B') }}"),
            "100% März"
        );
    }

    #[test]
    fn date_inputs() {
        for input in [
            "2026-03-05",
            "2026-03-05T14:30:00",
            "2026-03-05 14:30",
            "2026-03-05T23:30:00-05:00",
            "2026-03-05T00:30:00+01:00",
            "2026-03-05T14:30:00Z",
        ] {
            let out = render("{{ d|date('iso') }}", context! { d => input }).unwrap();
            assert_eq!(out, "2026-03-05", "{input}");
        }
        let t = "{{ d|date('%d.%m.%Y %H:%M') }}";
        assert_eq!(
            render(t, context! { d => "2026-03-05T14:30:00+01:00" }).unwrap(),
            "05.03.2026 14:30"
        );
        // Unix timestamps, as from `now()`, in UTC.
        assert_eq!(fmt("en", "{{ 1772668800|date('iso') }}"), "2026-03-05");
        assert_eq!(fmt("en", "{{ 1772668800.5|date('iso') }}"), "2026-03-05");
        assert_eq!(fmt("en", "{{ now()|date('%Y')|length }}"), "4");
    }

    #[test]
    fn date_none_is_empty() {
        assert_eq!(
            render("[{{ d|date }}]", context! { d => () }).unwrap(),
            "[]"
        );
    }

    #[test]
    fn date_errors() {
        assert_eq!(
            err("{{ d|date }}", context! { d => "05/03/2024" }),
            "date filter: \"05/03/2024\" is not an ISO date (YYYY-MM-DD) \
             or date-time (YYYY-MM-DDTHH:MM)"
        );
        assert_eq!(
            err("{{ d|date }}", context! { d => "2026-02-30" }),
            "date filter: \"2026-02-30\" is not an ISO date (YYYY-MM-DD) \
             or date-time (YYYY-MM-DDTHH:MM)"
        );
        assert_eq!(
            err("{{ d|date }}", context! { d => vec![1, 2] }),
            "date filter: expected an ISO date string, found sequence [1, 2]"
        );
        assert_eq!(
            err("{{ '2026-03-05'|date('longest') }}", context! {}),
            "date filter: unknown format \"longest\" (use short, medium, long, full, iso \
             or a strftime pattern such as \"%-d %B %Y\")"
        );
        let e = err("{{ '2026-03-05'|date('%H:%M') }}", context! {});
        assert!(
            e.starts_with("date filter: cannot format \"2026-03-05\" with \"%H:%M\" ("),
            "{e}"
        );
    }
}
