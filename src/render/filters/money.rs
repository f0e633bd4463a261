//! The `money` filter: an amount with its currency code or symbol, placed
//! and spaced as the locale writes it.

use minijinja::value::{Kwargs, Value};
use minijinja::{Error, State};

use super::args::{decimals, fail, finish, kwarg, present, show};
use super::decimal::{numeric, too_large};
use super::locale::{Locale, resolve_locale};

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

    let n = numeric(F, &value)?
        .round(places)
        .ok_or_else(|| too_large(F, &value))?;
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

#[cfg(test)]
mod tests {
    use minijinja::context;

    use crate::render::filters::test_support::{NB, err, fmt, render};

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
        // Past rust_decimal's 28 digits: a clear error, never a wrong amount.
        assert_eq!(
            err(
                "{{ '1234567890123456789012345678901'|money('EUR') }}",
                context! {}
            ),
            "money filter: \"1234567890123456789012345678901\" is too large to compute exactly (at most 28 digits)"
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
}
