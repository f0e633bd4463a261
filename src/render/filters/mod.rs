//! Locale-aware formatting filters for templates: `date`, `money`, `percent`
//! and `number`, plus the contrib filters `datetimeformat`, `timeformat` and
//! the `now()` function.
//!
//! The families, one file each:
//!
//! 1. `locale`: the supported locale tags, each locale's conventions, and
//!    which locale one filter call uses.
//! 2. `args`: what every filter shares: error messages, keyword arguments,
//!    `none` and undefined inputs, `decimals`.
//! 3. `decimal`: the exact decimal number behind the numeric filters.
//! 4. `number`: `number` (grouped digits, `number(2)` for fixed decimals)
//!    and `percent` (a share 0..1 as a percentage, `76 %`).
//! 5. `money`: an amount with its currency code or symbol (`EUR 8,400.00`,
//!    `8.400,00 €`).
//! 6. `date`: an ISO date, date-time or timestamp in a named format
//!    (`short`, `medium`, `long`, `full`, `iso`) or a strftime pattern, with
//!    the locale's month and weekday names.
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

mod args;
mod date;
mod decimal;
mod locale;
mod money;
mod number;
#[cfg(test)]
mod test_support;

use minijinja::Environment;

pub use date::{DATE_FORMATS, date};
pub use locale::{Locale, SUPPORTED_LOCALES};
pub use money::money;
pub use number::{number, percent};

/// The no-break space placed between a number and its currency or `%`.
pub const NBSP: char = '\u{a0}';

/// The keyword arguments each of our filters takes, for did-you-mean on a
/// misspelt one (`decimal=` → `decimals=`); a test keeps it true to the filters.
pub fn keyword_arguments(filter: &str) -> &'static [&'static str] {
    match filter {
        "date" => &["locale"],
        "money" => &["decimals", "locale", "code"],
        "number" | "percent" => &["decimals", "locale"],
        _ => &[],
    }
}

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

#[cfg(test)]
mod keyword_tests {
    use minijinja::context;

    use super::keyword_arguments;
    use crate::render::filters::test_support::render;

    /// Every listed keyword is one the filter takes.
    #[test]
    fn keyword_arguments_are_the_filters_own() {
        for (filter, input) in [
            ("date", "'2026-03-05'"),
            ("money", "1"),
            ("number", "1"),
            ("percent", "0.5"),
        ] {
            for kw in keyword_arguments(filter) {
                let value = match *kw {
                    "locale" => "'de'",
                    "code" => "true",
                    _ => "1",
                };
                let args = match filter {
                    "money" => format!("'EUR', {kw}={value}"),
                    _ => format!("{kw}={value}"),
                };
                let t = format!("{{{{ {input}|{filter}({args}) }}}}");
                if let Err(e) = render(&t, context! {}) {
                    assert!(
                        !e.to_string().contains("unknown keyword argument"),
                        "{t}: {e}"
                    );
                }
            }
        }
    }
}
