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
    env.add_filter(
        "datetimeformat",
        minijinja_contrib::filters::datetimeformat,
    );
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
            format!("the {source} must be a string such as \"de-DE\", not {value:?}"),
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

fn fail(filter: &str, msg: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::InvalidOperation, format!("{filter} filter: {msg}"))
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
    kwargs
        .get::<Option<T>>(name)
        .map_err(|e| in_filter(filter, e))
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
            return Err(fail(filter, "decimals given twice (positional and `decimals=`)"));
        }
        (Some(v), None) | (None, Some(v)) => v,
        (None, None) => return Ok(default),
    };
    match value.as_i64() {
        Some(n @ 0..=10) if value.is_integer() => Ok(Some(n as usize)),
        _ => Err(fail(
            filter,
            format!("decimals must be a whole number from 0 to 10, not {value}"),
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
            int: if int.is_empty() { "0".into() } else { int.into() },
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
            int: if int.is_empty() { "0".into() } else { int.into() },
            frac: frac[2..].into(),
        }
    }

    /// Rounds half away from zero to `places` decimals (padding with zeros).
    fn round(&self, places: usize) -> Decimal {
        let mut frac = self.frac.clone();
        if frac.len() <= places {
            frac.extend(std::iter::repeat_n('0', places - frac.len()));
            return Decimal { frac, ..self.clone() };
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
            if i > 0 && (self.int.len() - i) % 3 == 0 {
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
        if self.negative && !self.is_zero() { "-" } else { "" }
    }
}

fn numeric(filter: &str, value: &Value) -> Result<Decimal, Error> {
    Decimal::from_value(value).ok_or_else(|| {
        let what = match value.kind() {
            ValueKind::String => format!("{:?} is not a number", value.as_str().unwrap_or("")),
            ValueKind::Number => format!("{value} is not a finite number"),
            kind => format!("expected a number or numeric string, found {kind} {value}"),
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
    Ok(format!("{}{}", n.sign(), n.digits(data.group, data.decimal)))
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
    let space = if locale.percent_spaced() { "\u{a0}" } else { "" };
    Ok(format!("{}{}{space}%", n.sign(), n.digits(data.group, data.decimal)))
}

/// `{{ x|money("EUR") }}`: currency from the argument or the `currency`
/// variable; `decimals=` (default 2), `code=true` prints the ISO code.
pub fn money(
    state: &State<'_, '_>,
    value: Value,
    currency: Option<Value>,
    kwargs: Kwargs,
) -> Result<String, Error> {
    const F: &str = "money";
    let locale = resolve_locale(F, state, &kwargs)?;
    let places = decimals(F, None, &kwargs, Some(2))?.unwrap_or(2);
    let use_code: bool = kwarg(F, &kwargs, "code")?.unwrap_or(false);
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
                format!("{currency:?} is not an ISO 4217 currency code (three letters such as EUR)"),
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
                    format!("{s:?} is not an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM)"),
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
            let ts = jiff::Timestamp::from_nanosecond((secs * 1e9) as i128)
                .map_err(|e| fail(F, format!("{value} is out of range as a Unix timestamp")).with_source(e))?;
            Ok(When::Zoned(ts.to_zoned(TimeZone::UTC)))
        }
        kind => Err(fail(
            F,
            format!("expected an ISO date string, found {kind} {value}"),
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
        fail(F, format!("cannot format {value} with {format:?} ({e})")).with_source(e)
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

    #[test]
    fn smoke() {
        assert_eq!(fmt("de", "{{ '2026-03-05'|date }}"), "5. März 2026");
    }
}
