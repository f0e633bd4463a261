//! Locale-aware formatting filters for templates: `date`, `money`, `percent`
//! and `number`, plus the contrib filters `datetimeformat`, `timeformat` and
//! the `now()` function.
//!
//! Every filter takes its locale from, in order: the `locale=` keyword
//! argument, the template or global variable `locale`, or `en`. Supported
//! locales are listed in [`SUPPORTED_LOCALES`]; any other region of English or
//! German falls back to `en` or `de`, and anything else is an error.
//!
//! Month and weekday names and the number separators come from the glibc
//! locale data in `pure-rust-locales`; the named date patterns, the currency
//! symbols and the percent spacing follow CLDR. Where CLDR puts a space
//! between a number and its unit (`8.400,00 €`, `76 %`, `CHF 8,400.00`), the
//! space is a no-break space (U+00A0, [`NBSP`]) so that Word never breaks the
//! line between the two.
//!
//! All filters return plain strings: the environment's XML formatter escapes
//! them later. A `none` input renders as the empty string (optional fields);
//! an undefined input is an error.

use jiff::Zoned;
use jiff::civil::{Date, DateTime};
use jiff::fmt::strtime::BrokenDownTime;
use jiff::fmt::temporal::Pieces;
use jiff::tz::TimeZone;
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State};

/// The no-break space placed between a number and its currency or `%`.
pub const NBSP: char = '\u{a0}';

/// The locale tags with their own conventions, as accepted by [`Locale::parse`].
pub const SUPPORTED_LOCALES: &[&str] = &["en", "en-US", "en-GB", "de", "de-DE", "de-AT", "de-CH"];

/// The named formats of the `date` filter.
pub const DATE_FORMATS: &[&str] = &["short", "medium", "long", "full", "iso"];

/// Adds the formatting filters to `env`: `date`, `money`, `percent`,
/// `number`, and from minijinja-contrib `datetimeformat`, `timeformat` and the
/// `now()` function (contrib's English-only `dateformat` is left out on
/// purpose: use `date`).
pub fn register(env: &mut Environment<'_>) {
    env.add_filter("date", date);
    env.add_filter("money", money);
    env.add_filter("percent", percent);
    env.add_filter("number", number);
    env.add_filter("datetimeformat", minijinja_contrib::filters::datetimeformat);
    env.add_filter("timeformat", minijinja_contrib::filters::timeformat);
    env.add_function("now", minijinja_contrib::globals::now);
}

// ---------------------------------------------------------------------------
// Locales

/// A locale the filters know how to format for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Locale {
    /// `en`, `en-US` and every other English region except `en-GB`.
    EnUs,
    /// `en-GB`: day before month.
    EnGb,
    /// `de`, `de-DE` and every other German region except Austria and Switzerland.
    DeDe,
    /// `de-AT`: `Jänner`, `€ 8 400,00`.
    DeAt,
    /// `de-CH` and `de-LI`: `1’234.50`, `CHF 8’400.00`, `76%`.
    DeCh,
}

/// Locale data borrowed from glibc (via `pure-rust-locales`).
struct LocaleData {
    months: &'static [&'static str],
    months_abbr: &'static [&'static str],
    days: &'static [&'static str],
    days_abbr: &'static [&'static str],
    decimal: &'static str,
    group: &'static str,
    money_decimal: &'static str,
    money_group: &'static str,
    symbol_first: bool,
    symbol_spaced: bool,
}

macro_rules! glibc {
    ($loc:ident) => {{
        use pure_rust_locales::$loc::{LC_MONETARY as M, LC_NUMERIC as N, LC_TIME as T};
        LocaleData {
            months: T::MON,
            months_abbr: T::ABMON,
            days: T::DAY,
            days_abbr: T::ABDAY,
            decimal: N::DECIMAL_POINT,
            group: N::THOUSANDS_SEP,
            money_decimal: M::MON_DECIMAL_POINT,
            money_group: M::MON_THOUSANDS_SEP,
            symbol_first: M::P_CS_PRECEDES == 1,
            symbol_spaced: M::P_SEP_BY_SPACE != 0,
        }
    }};
}

impl Locale {
    /// Parses a locale tag: case-insensitive, `-` or `_`, an encoding suffix
    /// such as `.UTF-8` or `@euro` is ignored. Unknown regions of `en` and
    /// `de` fall back to the language; other languages give `None`.
    pub fn parse(tag: &str) -> Option<Locale> {
        let base = tag.split(['.', '@']).next().unwrap_or_default();
        let base = base.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = base.split('-');
        let lang = parts.next().unwrap_or_default();
        let region = parts.next();
        match (lang, region) {
            ("en", Some("gb")) => Some(Locale::EnGb),
            ("en", _) => Some(Locale::EnUs),
            ("de", Some("at")) => Some(Locale::DeAt),
            ("de", Some("ch" | "li")) => Some(Locale::DeCh),
            ("de", _) => Some(Locale::DeDe),
            _ => None,
        }
    }

    /// The canonical tag, e.g. `de-CH`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::EnUs => "en-US",
            Locale::EnGb => "en-GB",
            Locale::DeDe => "de-DE",
            Locale::DeAt => "de-AT",
            Locale::DeCh => "de-CH",
        }
    }

    fn data(self) -> LocaleData {
        match self {
            Locale::EnUs => glibc!(en_US),
            Locale::EnGb => glibc!(en_GB),
            Locale::DeDe => glibc!(de_DE),
            Locale::DeAt => glibc!(de_AT),
            Locale::DeCh => glibc!(de_CH),
        }
    }

    /// The strftime pattern behind a named date format.
    fn date_pattern(self, name: &str) -> Option<&'static str> {
        let german = matches!(self, Locale::DeDe | Locale::DeAt | Locale::DeCh);
        Some(match (name, self) {
            ("iso", _) => "%Y-%m-%d",
            ("short", Locale::EnUs) => "%m/%d/%Y",
            ("short", Locale::EnGb) => "%d/%m/%Y",
            ("short" | "medium", _) if german => "%d.%m.%Y",
            ("medium", Locale::EnUs) => "%b %-d, %Y",
            ("medium", _) => "%-d %b %Y",
            ("long", Locale::EnUs) => "%B %-d, %Y",
            ("long", Locale::EnGb) => "%-d %B %Y",
            ("long", _) => "%-d. %B %Y",
            ("full", Locale::EnUs) => "%A, %B %-d, %Y",
            ("full", Locale::EnGb) => "%A %-d %B %Y",
            ("full", _) => "%A, %-d. %B %Y",
            _ => return None,
        })
    }

    /// Whether `%` is separated from the number (CLDR: de-DE and de-AT yes).
    fn percent_spaced(self) -> bool {
        matches!(self, Locale::DeDe | Locale::DeAt)
    }
}

/// The locale for one filter call: `locale=` kwarg, else the `locale`
/// variable, else `en`.
fn resolve_locale(filter: &str, state: &State<'_, '_>, kwargs: &Kwargs) -> Result<Locale, Error> {
    let from_kwarg: Option<Value> = kwarg(filter, kwargs, "locale")?;
    let (value, source) = match from_kwarg {
        Some(v) => (v, "`locale` argument"),
        None => match state.lookup("locale") {
            Some(v) if !v.is_undefined() && !v.is_none() => (v, "`locale` variable"),
            _ => return Ok(Locale::EnUs),
        },
    };
    let Some(tag) = value.as_str() else {
        return Err(fail(
            filter,
            format!(
                "the {source} must be a string such as \"de-DE\", not {}",
                show(&value)
            ),
        ));
    };
    Locale::parse(tag).ok_or_else(|| {
        fail(
            filter,
            format!(
                "unknown locale {tag:?} (supported: {}; other regions of en and de use en and de)",
                SUPPORTED_LOCALES.join(", ")
            ),
        )
    })
}

// ---------------------------------------------------------------------------
// Errors and arguments

/// A value for an error message: strings quoted, everything else as rendered.
fn show(value: &Value) -> String {
    match value.as_str() {
        Some(s) => format!("{s:?}"),
        None => format!("{value:?}"),
    }
}

fn fail(filter: &str, msg: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("{filter} filter: {msg}"),
    )
}

/// Prefixes an engine error (wrong kwarg type, unknown kwarg) with the filter.
fn in_filter(filter: &str, err: Error) -> Error {
    let detail = err.detail().unwrap_or("invalid argument").to_owned();
    Error::new(err.kind(), format!("{filter} filter: {detail}"))
}

fn kwarg<'a, T>(filter: &str, kwargs: &'a Kwargs, name: &'a str) -> Result<Option<T>, Error>
where
    T: minijinja::value::ArgType<'a, Output = T>,
{
    kwargs.get::<Option<T>>(name).map_err(|e| {
        let detail = e.detail().unwrap_or("wrong type").to_owned();
        Error::new(
            e.kind(),
            format!("{filter} filter: invalid `{name}` argument ({detail})"),
        )
    })
}

fn finish(filter: &str, kwargs: &Kwargs) -> Result<(), Error> {
    kwargs.assert_all_used().map_err(|e| in_filter(filter, e))
}

/// `None` for `none` (renders empty), an error for undefined.
fn present(filter: &str, value: &Value) -> Result<bool, Error> {
    if value.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            format!("{filter} filter: the value is undefined"),
        ));
    }
    Ok(!value.is_none())
}

/// Decimals from a positional or keyword argument, at most 10.
fn decimals(
    filter: &str,
    positional: Option<Value>,
    kwargs: &Kwargs,
    default: Option<usize>,
) -> Result<Option<usize>, Error> {
    let keyword: Option<Value> = kwarg(filter, kwargs, "decimals")?;
    let value = match (positional, keyword) {
        (Some(_), Some(_)) => {
            return Err(fail(
                filter,
                "decimals given twice (positional and `decimals=`)",
            ));
        }
        (Some(v), None) | (None, Some(v)) => v,
        (None, None) => return Ok(default),
    };
    match value.as_i64() {
        Some(n @ 0..=10) if value.is_integer() => Ok(Some(n as usize)),
        _ => Err(fail(
            filter,
            format!(
                "decimals must be a whole number from 0 to 10, not {}",
                show(&value)
            ),
        )),
    }
}

// ---------------------------------------------------------------------------
// Decimal arithmetic on digit strings (exact, no binary float rounding)

/// A decimal number as digit strings: `-1234.5` is `{ negative, "1234", "5" }`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    int: String,
    frac: String,
}

impl Decimal {
    /// Parses `[+-]digits[.digits]` (also `.5` and `5.`).
    fn parse(s: &str) -> Option<Decimal> {
        let s = s.trim();
        let (negative, rest) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return None;
        }
        let int = int.trim_start_matches('0');
        Some(Decimal {
            negative,
            int: if int.is_empty() {
                "0".into()
            } else {
                int.into()
            },
            frac: frac.into(),
        })
    }

    /// A number or numeric string. Floats go through their shortest
    /// round-trip representation, so `2.675` rounds like the digits it shows.
    fn from_value(value: &Value) -> Option<Decimal> {
        match value.kind() {
            ValueKind::Number if value.is_integer() => Decimal::parse(&value.to_string()),
            ValueKind::Number => {
                let f = f64::try_from(value.clone()).ok()?;
                f.is_finite().then(|| Decimal::parse(&format!("{f}")))?
            }
            ValueKind::String => Decimal::parse(value.as_str()?),
            _ => None,
        }
    }

    /// Multiplies by 100 (a share to a percentage).
    fn times_100(&self) -> Decimal {
        let mut frac = self.frac.clone();
        while frac.len() < 2 {
            frac.push('0');
        }
        let int = format!("{}{}", self.int, &frac[..2]);
        let int = int.trim_start_matches('0');
        Decimal {
            negative: self.negative,
            int: if int.is_empty() {
                "0".into()
            } else {
                int.into()
            },
            frac: frac[2..].into(),
        }
    }

    /// Rounds half away from zero to `places` decimals (padding with zeros).
    fn round(&self, places: usize) -> Decimal {
        let mut frac = self.frac.clone();
        if frac.len() <= places {
            frac.extend(std::iter::repeat_n('0', places - frac.len()));
            return Decimal {
                frac,
                ..self.clone()
            };
        }
        let up = frac.as_bytes()[places] >= b'5';
        frac.truncate(places);
        let mut digits: Vec<u8> = self.int.bytes().chain(frac.bytes()).collect();
        if up {
            let mut i = digits.len();
            loop {
                if i == 0 {
                    digits.insert(0, b'1');
                    break;
                }
                i -= 1;
                if digits[i] == b'9' {
                    digits[i] = b'0';
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
        let split = digits.len() - places;
        let text = String::from_utf8(digits).unwrap_or_default();
        Decimal {
            negative: self.negative,
            int: text[..split].into(),
            frac: text[split..].into(),
        }
    }

    fn is_zero(&self) -> bool {
        self.int.bytes().chain(self.frac.bytes()).all(|b| b == b'0')
    }

    /// Digits with grouping and decimal separators, without the sign.
    fn digits(&self, group: &str, decimal: &str) -> String {
        let mut out = String::new();
        for (i, c) in self.int.chars().enumerate() {
            if i > 0 && (self.int.len() - i).is_multiple_of(3) {
                out.push_str(group);
            }
            out.push(c);
        }
        if !self.frac.is_empty() {
            out.push_str(decimal);
            out.push_str(&self.frac);
        }
        out
    }

    /// `-` for negative non-zero values (no `-0.00`).
    fn sign(&self) -> &'static str {
        if self.negative && !self.is_zero() {
            "-"
        } else {
            ""
        }
    }
}

fn numeric(filter: &str, value: &Value) -> Result<Decimal, Error> {
    Decimal::from_value(value).ok_or_else(|| {
        let what = match value.kind() {
            ValueKind::String => format!("{:?} is not a number", value.as_str().unwrap_or("")),
            ValueKind::Number => format!("{value} is not a finite number"),
            kind => format!(
                "expected a number or numeric string, found {kind} {}",
                show(value)
            ),
        };
        fail(filter, what)
    })
}

// ---------------------------------------------------------------------------
// number, percent, money

/// `{{ x|number }}`, `{{ x|number(2) }}`: grouped, localized decimal separator.
/// Without decimals: integers print none, other values up to 2, trailing zeros dropped.
pub fn number(
    state: &State<'_, '_>,
    value: Value,
    places: Option<Value>,
    kwargs: Kwargs,
) -> Result<String, Error> {
    const F: &str = "number";
    let locale = resolve_locale(F, state, &kwargs)?;
    let places = decimals(F, places, &kwargs, None)?;
    finish(F, &kwargs)?;
    if !present(F, &value)? {
        return Ok(String::new());
    }
    let n = numeric(F, &value)?;
    let n = match places {
        Some(p) => n.round(p),
        None => {
            let mut r = n.round(2);
            r.frac = r.frac.trim_end_matches('0').to_owned();
            r
        }
    };
    let data = locale.data();
    Ok(format!(
        "{}{}",
        n.sign(),
        n.digits(data.group, data.decimal)
    ))
}

/// `{{ 0.756|percent }}`: a share (0..1) as a percentage, 0 decimals by default.
pub fn percent(
    state: &State<'_, '_>,
    value: Value,
    places: Option<Value>,
    kwargs: Kwargs,
) -> Result<String, Error> {
    const F: &str = "percent";
    let locale = resolve_locale(F, state, &kwargs)?;
    let places = decimals(F, places, &kwargs, Some(0))?.unwrap_or(0);
    finish(F, &kwargs)?;
    if !present(F, &value)? {
        return Ok(String::new());
    }
    let n = numeric(F, &value)?.times_100().round(places);
    let data = locale.data();
    let space = if locale.percent_spaced() {
        "\u{a0}"
    } else {
        ""
    };
    Ok(format!(
        "{}{}{space}%",
        n.sign(),
        n.digits(data.group, data.decimal)
    ))
}

/// `{{ x|money("EUR") }}`: currency from the argument or the `currency`
/// variable; `decimals=` (default 2), `code=` ISO code or symbol (default: the
/// code in English, the symbol in German).
pub fn money(
    state: &State<'_, '_>,
    value: Value,
    currency: Option<Value>,
    kwargs: Kwargs,
) -> Result<String, Error> {
    const F: &str = "money";
    let locale = resolve_locale(F, state, &kwargs)?;
    let places = decimals(F, None, &kwargs, Some(2))?.unwrap_or(2);
    // English business documents usually write the ISO code (`EUR 8,400.00`);
    // German ones the symbol after the amount (`8.400,00 €`).
    let english = matches!(locale, Locale::EnUs | Locale::EnGb);
    let use_code: bool = kwarg(F, &kwargs, "code")?.unwrap_or(english);
    finish(F, &kwargs)?;
    if !present(F, &value)? {
        return Ok(String::new());
    }
    let currency = match currency {
        Some(c) => c,
        None => state
            .lookup("currency")
            .filter(|v| !v.is_undefined() && !v.is_none())
            .ok_or_else(|| {
                fail(
                    F,
                    "no currency: write `money(\"EUR\")` or set the `currency` variable",
                )
            })?,
    };
    let code = currency
        .as_str()
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
        .ok_or_else(|| {
            fail(
                F,
                format!(
                    "{} is not an ISO 4217 currency code (three letters such as EUR)",
                    show(&currency)
                ),
            )
        })?;
    let symbol = match code.as_str() {
        _ if use_code => code.as_str(),
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        _ => code.as_str(),
    };

    let n = numeric(F, &value)?.round(places);
    let data = locale.data();
    let amount = n.digits(data.money_group, data.money_decimal);
    let sign = n.sign();
    // CLDR: a letter symbol is always kept apart from the digits.
    let spaced = data.symbol_spaced || symbol.chars().all(|c| c.is_ascii_alphabetic());
    let space = if spaced { "\u{a0}" } else { "" };
    Ok(match (data.symbol_first, spaced) {
        (true, false) => format!("{sign}{symbol}{amount}"),
        (true, true) => format!("{symbol}{space}{sign}{amount}"),
        (false, _) => format!("{sign}{amount}\u{a0}{symbol}"),
    })
}

// ---------------------------------------------------------------------------
// date

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
    use super::*;
    use minijinja::{UndefinedBehavior, context};

    fn env() -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        register(&mut env);
        env
    }

    fn render(template: &str, ctx: Value) -> Result<String, Error> {
        env().render_str(template, ctx)
    }

    /// Renders `template` with the given `locale` variable.
    fn fmt(locale: &str, template: &str) -> String {
        render(template, context! { locale }).unwrap_or_else(|e| panic!("{template}: {e:#}"))
    }

    /// The error detail (without template position) of a failing render.
    fn err(template: &str, ctx: Value) -> String {
        let e = render(template, ctx).expect_err(template);
        e.detail().unwrap_or_default().to_owned()
    }

    const NB: &str = "\u{a0}";

    // --- locale resolution ---------------------------------------------

    #[test]
    fn locale_defaults_to_en() {
        assert_eq!(
            render("{{ '2026-03-05'|date }}", context! {}).unwrap(),
            "March 5, 2026"
        );
    }

    #[test]
    fn locale_from_global_variable() {
        let mut env = env();
        env.add_global("locale", "de");
        let out = env
            .render_str("{{ 1234.5|number(2) }}", context! {})
            .unwrap();
        assert_eq!(out, "1.234,50");
    }

    #[test]
    fn locale_from_template_set() {
        assert_eq!(
            fmt("en", "{% set locale = 'de' %}{{ 1234.5|number(2) }}"),
            "1.234,50"
        );
    }

    #[test]
    fn locale_kwarg_beats_variable() {
        assert_eq!(fmt("de", "{{ 1234.5|number(2, locale='en') }}"), "1,234.50");
        assert_eq!(
            fmt("en", "{{ '2026-03-05'|date(locale='de') }}"),
            "5. März 2026"
        );
    }

    #[test]
    fn locale_none_variable_means_default() {
        let out = render("{{ 0.5|percent }}", context! { locale => () }).unwrap();
        assert_eq!(out, "50%");
    }

    #[test]
    fn locale_parse_variants() {
        for (tag, want) in [
            ("en", Locale::EnUs),
            ("en-US", Locale::EnUs),
            ("en_us", Locale::EnUs),
            ("en-AU", Locale::EnUs),
            ("en_GB", Locale::EnGb),
            ("en-GB.UTF-8", Locale::EnGb),
            ("de", Locale::DeDe),
            ("DE-de", Locale::DeDe),
            ("de_DE@euro", Locale::DeDe),
            ("de-LU", Locale::DeDe),
            ("de-AT", Locale::DeAt),
            ("de_CH", Locale::DeCh),
            ("de-LI", Locale::DeCh),
        ] {
            assert_eq!(Locale::parse(tag), Some(want), "{tag}");
        }
        for tag in ["fr", "fr-FR", "", "english", "e"] {
            assert_eq!(Locale::parse(tag), None, "{tag}");
        }
        assert_eq!(Locale::DeCh.tag(), "de-CH");
    }

    #[test]
    fn unknown_locale_is_named_with_the_supported_list() {
        assert_eq!(
            err("{{ 1|number }}", context! { locale => "fr-FR" }),
            "number filter: unknown locale \"fr-FR\" (supported: en, en-US, en-GB, de, \
             de-DE, de-AT, de-CH; other regions of en and de use en and de)"
        );
        assert_eq!(
            err("{{ 1|money('EUR', locale='xx') }}", context! {}),
            "money filter: unknown locale \"xx\" (supported: en, en-US, en-GB, de, \
             de-DE, de-AT, de-CH; other regions of en and de use en and de)"
        );
    }

    #[test]
    fn non_string_locale_is_an_error() {
        assert_eq!(
            err("{{ 1|number }}", context! { locale => 7 }),
            "number filter: the `locale` variable must be a string such as \"de-DE\", not 7"
        );
    }

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

    #[test]
    fn undefined_input_is_an_error() {
        let e = render("{{ missing|date }}", context! {}).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UndefinedError);
    }

    #[test]
    fn unknown_kwarg_is_an_error() {
        assert_eq!(
            err("{{ '2026-03-05'|date(locle='de') }}", context! {}),
            "date filter: unknown keyword argument 'locle'"
        );
        assert_eq!(
            err("{{ 1|money('EUR', decimal=0) }}", context! {}),
            "money filter: unknown keyword argument 'decimal'"
        );
        assert_eq!(
            err("{{ 1|percent(decimal=1) }}", context! {}),
            "percent filter: unknown keyword argument 'decimal'"
        );
        assert_eq!(
            err("{{ 1|number(places=1) }}", context! {}),
            "number filter: unknown keyword argument 'places'"
        );
        // Typos are caught even when the value is none.
        assert_eq!(
            err("{{ d|number(places=1) }}", context! { d => () }),
            "number filter: unknown keyword argument 'places'"
        );
    }

    // --- money ---------------------------------------------------------

    #[test]
    fn money_en_and_de() {
        let t = "{{ 8400|money('EUR') }}";
        assert_eq!(fmt("en", t), format!("EUR{NB}8,400.00"));
        assert_eq!(fmt("de", t), format!("8.400,00{NB}€"));
        let t = "{{ -1234567.891|money('USD') }}";
        assert_eq!(fmt("en", t), format!("USD{NB}-1,234,567.89"));
        assert_eq!(fmt("de", t), format!("-1.234.567,89{NB}$"));
        let t = "{{ 0|money('GBP') }}";
        assert_eq!(fmt("en", t), format!("GBP{NB}0.00"));
        assert_eq!(fmt("de", t), format!("0,00{NB}£"));
    }

    #[test]
    fn money_letter_codes_are_spaced() {
        assert_eq!(
            fmt("en", "{{ 8400|money('CHF') }}"),
            format!("CHF{NB}8,400.00")
        );
        assert_eq!(fmt("en", "{{ -5|money('sek') }}"), format!("SEK{NB}-5.00"));
        assert_eq!(
            fmt("de", "{{ 8400|money('SEK') }}"),
            format!("8.400,00{NB}SEK")
        );
        assert_eq!(
            fmt("en", "{{ 8400|money('EUR', code=true) }}"),
            format!("EUR{NB}8,400.00")
        );
        assert_eq!(
            fmt("de", "{{ 8400|money('EUR', code=true) }}"),
            format!("8.400,00{NB}EUR")
        );
    }

    #[test]
    fn money_regional() {
        assert_eq!(
            fmt("de-CH", "{{ 8400.5|money('CHF') }}"),
            format!("CHF{NB}8’400.50")
        );
        assert_eq!(
            fmt("de-AT", "{{ 8400.5|money('EUR') }}"),
            format!("€{NB}8\u{202f}400,50")
        );
        assert_eq!(
            fmt("en-GB", "{{ 8400.5|money('GBP', code=false) }}"),
            "£8,400.50"
        );
    }

    #[test]
    fn money_rounding_and_inputs() {
        let cases = [
            ("2.675", "€2.68"),
            ("2.665", "€2.67"),
            ("-2.675", "-€2.68"),
            ("0.005", "€0.01"),
            ("-0.004", "€0.00"),
            ("999.995", "€1,000.00"),
            ("'8400'", "€8,400.00"),
            ("' 8400.5 '", "€8,400.50"),
            ("'-12'", "-€12.00"),
            ("1234567.89", "€1,234,567.89"),
            ("12345678901234567890", "€12,345,678,901,234,567,890.00"),
        ];
        for (input, want) in cases {
            let t = format!("{{{{ {input}|money('EUR', code=false) }}}}");
            assert_eq!(fmt("en", &t), want, "{input}");
        }
        assert_eq!(
            fmt("en", "{{ 8400.4|money('EUR', decimals=0, code=false) }}"),
            "€8,400"
        );
        assert_eq!(
            fmt("de", "{{ 0.1234|money('EUR', decimals=3) }}"),
            format!("0,123{NB}€")
        );
    }

    #[test]
    fn money_currency_from_variable() {
        let out = render(
            "{{ 8400|money }}",
            context! { locale => "de", currency => "EUR" },
        )
        .unwrap();
        assert_eq!(out, format!("8.400,00{NB}€"));
        // The argument beats the variable.
        let out = render("{{ 1|money('USD') }}", context! { currency => "EUR" }).unwrap();
        assert_eq!(out, format!("USD{NB}1.00"));
    }

    #[test]
    fn money_errors() {
        assert_eq!(
            err("{{ 1|money }}", context! {}),
            "money filter: no currency: write `money(\"EUR\")` or set the `currency` variable"
        );
        assert_eq!(
            err("{{ 1|money('EURO') }}", context! {}),
            "money filter: \"EURO\" is not an ISO 4217 currency code (three letters such as EUR)"
        );
        assert_eq!(
            err("{{ p|money('EUR') }}", context! { p => "1,234.50" }),
            "money filter: \"1,234.50\" is not a number"
        );
        assert_eq!(
            err("{{ p|money('EUR') }}", context! { p => true }),
            "money filter: expected a number or numeric string, found bool True"
        );
        assert_eq!(
            err("{{ 1|money('EUR', decimals=-1) }}", context! {}),
            "money filter: decimals must be a whole number from 0 to 10, not -1"
        );
        assert_eq!(
            err("{{ 1|money('EUR', decimals=1.5) }}", context! {}),
            "money filter: decimals must be a whole number from 0 to 10, not 1.5"
        );
        assert_eq!(
            err("{{ 1|money('EUR', code='yes') }}", context! {}),
            "money filter: invalid `code` argument (cannot convert string to bool)"
        );
        assert_eq!(
            render("[{{ p|money('EUR') }}]", context! { p => () }).unwrap(),
            "[]"
        );
    }

    // --- percent -------------------------------------------------------

    #[test]
    fn percent_en_and_de() {
        assert_eq!(fmt("en", "{{ 0.756|percent }}"), "76%");
        assert_eq!(fmt("de", "{{ 0.756|percent }}"), format!("76{NB}%"));
        assert_eq!(fmt("en", "{{ 0.756|percent(decimals=1) }}"), "75.6%");
        assert_eq!(fmt("de", "{{ 0.756|percent(1) }}"), format!("75,6{NB}%"));
        assert_eq!(fmt("de-CH", "{{ 0.756|percent(1) }}"), "75.6%");
        assert_eq!(fmt("en", "{{ 1|percent }}"), "100%");
        assert_eq!(fmt("en", "{{ 12.345|percent }}"), "1,235%");
        assert_eq!(fmt("en", "{{ -0.125|percent }}"), "-13%");
        assert_eq!(fmt("en", "{{ 0.005|percent(decimals=2) }}"), "0.50%");
        assert_eq!(fmt("en", "{{ '0.5'|percent }}"), "50%");
        assert_eq!(fmt("de", "{{ -0.001|percent }}"), format!("0{NB}%"));
    }

    #[test]
    fn percent_errors() {
        assert_eq!(
            err("{{ 'half'|percent }}", context! {}),
            "percent filter: \"half\" is not a number"
        );
        assert_eq!(
            err("{{ 0.5|percent(1, decimals=2) }}", context! {}),
            "percent filter: decimals given twice (positional and `decimals=`)"
        );
    }

    // --- number --------------------------------------------------------

    #[test]
    fn number_en_and_de() {
        let cases = [
            ("1234.5|number(2)", "1,234.50", "1.234,50"),
            ("1234.5|number", "1,234.5", "1.234,5"),
            ("1234567|number", "1,234,567", "1.234.567"),
            ("3.14159|number", "3.14", "3,14"),
            ("2.0|number", "2", "2"),
            ("2.999|number", "3", "3"),
            ("-1234.5|number(0)", "-1,235", "-1.235"),
            ("'8400'|number", "8,400", "8.400"),
            ("0.5|number(decimals=3)", "0.500", "0,500"),
        ];
        for (expr, en, de) in cases {
            let t = format!("{{{{ {expr} }}}}");
            assert_eq!(fmt("en", &t), en, "en {expr}");
            assert_eq!(fmt("de", &t), de, "de {expr}");
        }
        assert_eq!(fmt("de-CH", "{{ 1234.5|number(2) }}"), "1’234.50");
    }

    #[test]
    fn number_errors() {
        assert_eq!(
            err("{{ x|number }}", context! { x => "n/a" }),
            "number filter: \"n/a\" is not a number"
        );
        assert_eq!(
            err("{{ 1|number(11) }}", context! {}),
            "number filter: decimals must be a whole number from 0 to 10, not 11"
        );
        assert_eq!(
            err("{{ 1|number('2') }}", context! {}),
            "number filter: decimals must be a whole number from 0 to 10, not \"2\""
        );
    }

    // --- the decimal core ----------------------------------------------

    #[test]
    fn decimal_round_carries() {
        let d = Decimal::parse("9.995").unwrap().round(2);
        assert_eq!((d.int.as_str(), d.frac.as_str()), ("10", "00"));
        let d = Decimal::parse(".5").unwrap().round(0);
        assert_eq!((d.int.as_str(), d.frac.as_str()), ("1", ""));
        assert_eq!(Decimal::parse("1e5"), None);
        assert_eq!(Decimal::parse("-"), None);
        assert_eq!(Decimal::parse("."), None);
    }
}
