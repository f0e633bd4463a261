//! Decimal arithmetic on digit strings (exact, no binary float rounding): the
//! number behind `number`, `percent` and `money`.

use minijinja::Error;
use minijinja::value::{Value, ValueKind};

use super::args::{fail, show};

/// A decimal number as digit strings: `-1234.5` is `{ negative, "1234", "5" }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Decimal {
    pub(super) negative: bool,
    pub(super) int: String,
    pub(super) frac: String,
}

impl Decimal {
    /// Parses `[+-]digits[.digits]` (also `.5` and `5.`).
    pub(super) fn parse(s: &str) -> Option<Decimal> {
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
    pub(super) fn from_value(value: &Value) -> Option<Decimal> {
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
    pub(super) fn times_100(&self) -> Decimal {
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
    pub(super) fn round(&self, places: usize) -> Decimal {
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

    pub(super) fn is_zero(&self) -> bool {
        self.int.bytes().chain(self.frac.bytes()).all(|b| b == b'0')
    }

    /// Digits with grouping and decimal separators, without the sign.
    pub(super) fn digits(&self, group: &str, decimal: &str) -> String {
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
    pub(super) fn sign(&self) -> &'static str {
        if self.negative && !self.is_zero() {
            "-"
        } else {
            ""
        }
    }
}

pub(super) fn numeric(filter: &str, value: &Value) -> Result<Decimal, Error> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
