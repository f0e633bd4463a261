//! A cell as text, as a person reads it: dates `YYYY-MM-DD`, times `HH:MM`,
//! durations `H:MM`, whole numbers without `.0`.

use calamine::Data;

/// Formats a number as written: whole numbers without `.0`.
pub fn fmt_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A cell as text, as a person reads it: dates `YYYY-MM-DD`, times `HH:MM`,
/// whole numbers without `.0`. `Ok(None)` for empty; `Err` for error values.
pub fn cell_text(d: &Data) -> std::result::Result<Option<String>, String> {
    Ok(match d {
        Data::Empty => None,
        Data::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.replace("\r\n", "\n"))
        }
        Data::Float(f) => Some(fmt_number(*f)),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            if dt.is_duration() {
                let minutes = (v * 24.0 * 60.0).round() as i64;
                Some(format!("{}:{:02}", minutes / 60, minutes % 60))
            } else {
                let (y, mo, da, h, mi, s, _) = dt.to_ymd_hms_milli();
                if v < 1.0 {
                    Some(format!("{h:02}:{mi:02}"))
                } else if h == 0 && mi == 0 && s == 0 {
                    Some(format!("{y:04}-{mo:02}-{da:02}"))
                } else {
                    Some(format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}"))
                }
            }
        }
        Data::DateTimeIso(s) => Some(s.strip_suffix("T00:00:00").unwrap_or(s).to_string()),
        Data::DurationIso(s) => Some(iso_duration_minutes(s).unwrap_or_else(|| s.clone())),
        Data::Error(e) => return Err(format!("the cell holds the error value `{e}`")),
    })
}

/// `PT01H30M00S` → `1:30`.
fn iso_duration_minutes(s: &str) -> Option<String> {
    let rest = s.strip_prefix("PT")?;
    let (h, rest) = rest.split_once('H')?;
    let (m, _) = rest.split_once('M')?;
    Some(format!(
        "{}:{:02}",
        h.parse::<u32>().ok()?,
        m.parse::<u32>().ok()?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(fmt_number(1.0), "1");
        assert_eq!(fmt_number(1.5), "1.5");
    }
}
