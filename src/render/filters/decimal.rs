//! The number behind `number`, `percent` and `money`: exact decimal
//! arithmetic on rust_decimal (28 significant digits), so `2.675` rounds like
//! the digits it shows and not like the binary float nearest to it.

use minijinja::Error;
use minijinja::value::{Value, ValueKind};
use rust_decimal::{Decimal, RoundingStrategy};

use super::args::{fail, show};

/// A number a filter prints: exact, with the scale (decimals) it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Amount(Decimal);

/// Why a value is not an [`Amount`].
#[derive(Debug, PartialEq, Eq)]
enum NotAmount {
    Syntax,
    TooLarge,
}

impl Amount {
    /// Parses `[+-]digits[.digits]` (also `.5` and `5.`). The syntax is
    /// checked here because rust_decimal also takes `1_000` and exponents,
    /// which are not numbers in a spreadsheet cell or a YAML string.
    fn parse(s: &str) -> Result<Amount, NotAmount> {
        let s = s.trim();
        let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
        let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return Err(NotAmount::Syntax);
        }
        let negative = s.starts_with('-');
        let int = if int.is_empty() { "0" } else { int };
        // More fractional digits than 28 significant ones are rounded (as any
        // decimal type must); more integer digits cannot be represented.
        let text = format!("{}{int}.{}", if negative { "-" } else { "" }, frac);
        let text = text.trim_end_matches('.');
        Decimal::from_str_exact(text)
            .or_else(|_| text.parse::<Decimal>())
            .map(Amount)
            .map_err(|_| NotAmount::TooLarge)
    }

    /// A number or numeric string. Floats go through their shortest
    /// round-trip representation, so `2.675` rounds like the digits it shows.
    fn from_value(value: &Value) -> Result<Amount, NotAmount> {
        match value.kind() {
            ValueKind::Number if value.is_integer() => Amount::parse(&value.to_string()),
            ValueKind::Number => match f64::try_from(value.clone()) {
                Ok(f) if f.is_finite() => Amount::parse(&format!("{f}")),
                _ => Err(NotAmount::Syntax),
            },
            ValueKind::String => Amount::parse(value.as_str().unwrap_or("")),
            _ => Err(NotAmount::Syntax),
        }
    }

    /// Multiplies by 100 (a share to a percentage); `None` past 28 digits.
    pub(super) fn times_100(self) -> Option<Amount> {
        self.0.checked_mul(Decimal::ONE_HUNDRED).map(Amount)
    }

    /// Rounds half away from zero to `places` decimals, padding with zeros;
    /// `None` when the padded number leaves the 28 digits.
    pub(super) fn round(self, places: usize) -> Option<Amount> {
        let places = places as u32;
        let mut d = self
            .0
            .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
        // After rounding the scale is at most `places`, so rescaling only
        // pads; it keeps a smaller scale when the zeros do not fit.
        d.rescale(places);
        (d.scale() == places).then_some(Amount(d))
    }

    /// Rounds like [`Amount::round`] but shows no trailing fractional zeros
    /// (`2.50` → `2.5`, `3.00` → `3`), so it always fits.
    pub(super) fn round_at_most(self, places: usize) -> Amount {
        let d = self
            .0
            .round_dp_with_strategy(places as u32, RoundingStrategy::MidpointAwayFromZero);
        Amount(d.normalize())
    }

    /// Digits with grouping and decimal separators, without the sign.
    pub(super) fn digits(&self, group: &str, decimal: &str) -> String {
        let text = self.0.abs().to_string();
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::with_capacity(text.len() + text.len() / 3 * group.len());
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                out.push_str(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push_str(decimal);
            out.push_str(frac);
        }
        out
    }

    /// `-` for negative non-zero values (no `-0.00`).
    pub(super) fn sign(&self) -> &'static str {
        if self.0.is_sign_negative() && !self.0.is_zero() {
            "-"
        } else {
            ""
        }
    }
}

/// The error when a value, times 100 or padded to its decimals, leaves the
/// 28 digits.
pub(super) fn too_large(filter: &str, value: &Value) -> Error {
    fail(
        filter,
        format!(
            "{} is too large to compute exactly (at most 28 digits)",
            show(value)
        ),
    )
}

pub(super) fn numeric(filter: &str, value: &Value) -> Result<Amount, Error> {
    Amount::from_value(value).map_err(|why| {
        if why == NotAmount::TooLarge {
            return too_large(filter, value);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str, places: usize) -> String {
        Amount::parse(s)
            .unwrap()
            .round(places)
            .unwrap()
            .digits(",", ".")
    }

    #[test]
    fn rounds_half_away_from_zero_and_carries() {
        assert_eq!(shown("9.995", 2), "10.00");
        assert_eq!(shown(".5", 0), "1");
        assert_eq!(shown("2.5", 0), "3");
        assert_eq!(shown("-2.5", 0), "3");
        assert_eq!(Amount::parse("-2.5").unwrap().round(0).unwrap().sign(), "-");
        assert_eq!(shown("5.", 2), "5.00");
        assert_eq!(shown("+007.5", 1), "7.5");
        assert_eq!(shown("1234567.891", 2), "1,234,567.89");
    }

    #[test]
    fn only_plain_decimals_parse() {
        for s in [
            "1e5", "-", ".", "", "1_000", "1,5", "0x10", "--1", "1.2.3", "inf",
        ] {
            assert_eq!(Amount::parse(s), Err(NotAmount::Syntax), "{s:?}");
        }
    }

    #[test]
    fn negative_zero_has_no_sign() {
        let d = Amount::parse("-0.001").unwrap().round(2).unwrap();
        assert_eq!((d.sign(), d.digits(",", ".").as_str()), ("", "0.00"));
    }

    #[test]
    fn past_28_digits() {
        // Fractional digits beyond the precision are rounded, not refused.
        let long = format!("0.{}", "3".repeat(40));
        assert_eq!(shown(&long, 2), "0.33");
        // Integer digits beyond it are a clear error, not a wrong number.
        let huge = "1".repeat(30);
        assert_eq!(Amount::parse(&huge), Err(NotAmount::TooLarge));
        let most = Amount::parse(&"9".repeat(28)).unwrap();
        assert_eq!(most.round(0).unwrap().digits("", "."), "9".repeat(28));
        // No room for the decimals or the percentage: refused, not shortened.
        assert_eq!(most.round(2), None);
        assert_eq!(most.times_100(), None);
        assert_eq!(most.round_at_most(2).digits("", "."), "9".repeat(28));
    }
}
