//! Calendar quarters such as `2026-Q3` (July 1 to September 30), for the
//! quarterly export of ensure reports.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

/// A calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i16,
    /// 1..=4
    q: u8,
}

impl Quarter {
    /// A quarter; `None` unless `q` is 1..=4 and the year is 1..=9999.
    pub fn new(year: i16, q: u8) -> Option<Self> {
        ((1..=4).contains(&q) && (1..=9999).contains(&year)).then_some(Quarter { year, q })
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.year
    }

    /// The quarter number, 1..=4.
    pub fn number(self) -> u8 {
        self.q
    }

    /// The quarter a date falls in.
    pub fn of(date: Date) -> Self {
        Quarter {
            year: date.year(),
            q: ((date.month() - 1) / 3 + 1) as u8,
        }
    }

    /// The first day, e.g. 2026-07-01 for 2026-Q3.
    pub fn first_day(self) -> Date {
        Date::new(self.year, (self.q as i8 - 1) * 3 + 1, 1).expect("valid quarter start")
    }

    /// The last day, e.g. 2026-09-30 for 2026-Q3.
    pub fn last_day(self) -> Date {
        let month = self.q as i8 * 3;
        let first = Date::new(self.year, month, 1).expect("valid month");
        first.last_of_month()
    }

    /// Does `date` fall in this quarter (both ends included)?
    pub fn contains(self, date: Date) -> bool {
        Quarter::of(date) == self
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.q)
    }
}

/// Why a quarter could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid quarter `{input}` ({reason}; expected e.g. `2026-Q3`)")]
pub struct ParseQuarterError {
    pub input: String,
    pub reason: &'static str,
}

impl FromStr for Quarter {
    type Err = ParseQuarterError;

    /// Parses `2026-Q3` (also `2026-q3`, `2026Q3`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| ParseQuarterError {
            input: s.to_string(),
            reason,
        };
        let t = s.trim();
        let (year, q) = t
            .split_once(['Q', 'q'])
            .ok_or_else(|| err("the `Q` is missing"))?;
        let year = year.strip_suffix('-').unwrap_or(year);
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("the year must have four digits"));
        }
        let year: i16 = year.parse().map_err(|_| err("the year is not a number"))?;
        if q.len() != 1 || !q.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("the quarter must be 1, 2, 3 or 4"));
        }
        let q: u8 = q
            .parse()
            .map_err(|_| err("the quarter must be 1, 2, 3 or 4"))?;
        Quarter::new(year, q).ok_or_else(|| {
            if (1..=4).contains(&q) {
                err("the year is out of range")
            } else {
                err("the quarter must be 1, 2, 3 or 4")
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_and_displays() {
        let q: Quarter = "2026-Q3".parse().unwrap();
        assert_eq!(q.to_string(), "2026-Q3");
        assert_eq!("2026q1".parse::<Quarter>().unwrap().number(), 1);
    }

    #[test]
    fn rejects_bad_quarters_clearly() {
        let e = "2026-Q5".parse::<Quarter>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid quarter `2026-Q5` (the quarter must be 1, 2, 3 or 4; expected e.g. `2026-Q3`)"
        );
        assert!("2026-Q0".parse::<Quarter>().is_err());
        assert!("2026".parse::<Quarter>().is_err());
        assert!("26-Q1".parse::<Quarter>().is_err());
        assert!("2026-Q12".parse::<Quarter>().is_err());
    }

    #[test]
    fn boundaries() {
        let q3: Quarter = "2026-Q3".parse().unwrap();
        assert_eq!(q3.first_day(), date(2026, 7, 1));
        assert_eq!(q3.last_day(), date(2026, 9, 30));
        assert!(q3.contains(date(2026, 7, 1)));
        assert!(q3.contains(date(2026, 9, 30)));
        assert!(!q3.contains(date(2026, 6, 30)));
        assert!(!q3.contains(date(2026, 10, 1)));
        assert!(!q3.contains(date(2025, 8, 1)));
        let q1: Quarter = "2024-Q1".parse().unwrap();
        assert_eq!(q1.last_day(), date(2024, 3, 31));
        let q4: Quarter = "2026-Q4".parse().unwrap();
        assert_eq!(q4.last_day(), date(2026, 12, 31));
        assert!(q4.contains(date(2026, 12, 31)));
        assert_eq!(Quarter::of(date(2024, 2, 29)), q1);
    }
}
