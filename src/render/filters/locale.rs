//! Locales: which tags the filters accept and each locale's conventions.
//!
//! [`SUPPORTED_LOCALES`] is the list of accepted tags; [`Locale::parse`] maps
//! a tag to a [`Locale`], and [`resolve_locale`] picks the locale of one
//! filter call. Adding a locale means a variant here, its glibc data in
//! [`Locale::data`] and its rows in the per-locale tables below.

use minijinja::value::{Kwargs, Value};
use minijinja::{Error, State};

use super::args::{fail, kwarg, show};

/// The locale tags with their own conventions, as accepted by [`Locale::parse`].
pub const SUPPORTED_LOCALES: &[&str] = &["en", "en-US", "en-GB", "de", "de-DE", "de-AT", "de-CH"];

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
pub(super) struct LocaleData {
    pub(super) months: &'static [&'static str],
    pub(super) months_abbr: &'static [&'static str],
    pub(super) days: &'static [&'static str],
    pub(super) days_abbr: &'static [&'static str],
    pub(super) decimal: &'static str,
    pub(super) group: &'static str,
    pub(super) money_decimal: &'static str,
    pub(super) money_group: &'static str,
    pub(super) symbol_first: bool,
    pub(super) symbol_spaced: bool,
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

    pub(super) fn data(self) -> LocaleData {
        match self {
            Locale::EnUs => glibc!(en_US),
            Locale::EnGb => glibc!(en_GB),
            Locale::DeDe => glibc!(de_DE),
            Locale::DeAt => glibc!(de_AT),
            Locale::DeCh => glibc!(de_CH),
        }
    }

    /// The strftime pattern behind a named date format.
    pub(super) fn date_pattern(self, name: &str) -> Option<&'static str> {
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
    pub(super) fn percent_spaced(self) -> bool {
        matches!(self, Locale::DeDe | Locale::DeAt)
    }
}

/// The locale for one filter call: `locale=` kwarg, else the `locale`
/// variable, else `en`.
pub(super) fn resolve_locale(
    filter: &str,
    state: &State<'_, '_>,
    kwargs: &Kwargs,
) -> Result<Locale, Error> {
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

#[cfg(test)]
mod tests {
    use minijinja::context;

    use super::*;
    use crate::render::filters::test_support::{env, err, fmt, render};

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
}
