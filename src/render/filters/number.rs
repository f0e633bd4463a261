//! The `number` and `percent` filters: grouped digits with the locale's
//! separators.

use minijinja::value::{Kwargs, Value};
use minijinja::{Error, State};

use super::args::{decimals, finish, present};
use super::decimal::{numeric, too_large};
use super::locale::resolve_locale;

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
        Some(p) => n.round(p).ok_or_else(|| too_large(F, &value))?,
        None => n.round_at_most(2),
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
    let n = numeric(F, &value)?
        .times_100()
        .and_then(|n| n.round(places))
        .ok_or_else(|| too_large(F, &value))?;
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

#[cfg(test)]
mod tests {
    use minijinja::context;

    use crate::render::filters::test_support::{NB, err, fmt};

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
}
