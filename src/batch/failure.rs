//! [`Failure`]: one thing that went wrong in a batch (an unreadable file, an
//! invalid engagement, a duplicate id, a report that failed to render); the
//! batch goes on without it and lists it in the report and both summaries.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostics, Error};
use crate::location::Location;

/// One thing that went wrong; the batch went on without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The engagement file (or the input / folder that could not be read).
    pub file: PathBuf,
    /// The engagement id, when known.
    pub engagement: Option<String>,
    /// The iteration, for a report that failed to render.
    pub iteration: Option<u32>,
    /// Where in the file (`line 12, column 5`, `Goals!C7`), or in the
    /// template for a render error; empty when only the file is known.
    pub location: String,
    pub reason: String,
}

impl Failure {
    /// A failure of a whole file.
    pub fn file(file: &Path, reason: impl Into<String>) -> Self {
        Failure {
            file: file.to_path_buf(),
            engagement: None,
            iteration: None,
            location: String::new(),
            reason: reason.into(),
        }
    }

    /// One failure per error diagnostic of `err` (or one for a fatal error).
    pub(super) fn from_error(
        file: &Path,
        engagement: Option<&str>,
        iteration: Option<u32>,
        err: &Error,
    ) -> Vec<Self> {
        match err.diagnostics() {
            Some(d) => Self::from_diagnostics(file, engagement, iteration, d),
            None => vec![Failure {
                engagement: engagement.map(str::to_string),
                iteration,
                ..Failure::file(file, err.to_string())
            }],
        }
    }

    pub(super) fn from_diagnostics(
        file: &Path,
        engagement: Option<&str>,
        iteration: Option<u32>,
        d: &Diagnostics,
    ) -> Vec<Self> {
        d.iter()
            .filter(|d| d.is_error())
            .map(|d| Failure {
                file: file.to_path_buf(),
                engagement: engagement.map(str::to_string),
                iteration,
                location: short_location(&d.location),
                reason: match &d.hint {
                    Some(h) => format!("{} (hint: {h})", d.message),
                    None => d.message.clone(),
                },
            })
            .collect()
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if !self.location.is_empty() {
            write!(f, " {}", self.location)?;
        }
        if let Some(e) = &self.engagement {
            write!(f, " (engagement `{e}`")?;
            if let Some(n) = self.iteration {
                write!(f, ", iteration {n}")?;
            }
            write!(f, ")")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// A location without its file (the failure names the file).
fn short_location(loc: &Location) -> String {
    match loc {
        Location::Yaml { line, column, .. } => format!("line {line}, column {column}"),
        Location::Excel {
            sheet,
            cell: Some(c),
            ..
        } => format!("{sheet}!{c}"),
        Location::Excel {
            sheet, cell: None, ..
        } => format!("sheet `{sheet}`"),
        Location::Template { file, .. } => {
            // Keep the whole template location: it is another file.
            let mut s = loc.to_string();
            if file.is_none() {
                s.insert_str(0, "template ");
            }
            s
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_name_the_place_without_repeating_the_file() {
        assert_eq!(
            short_location(&Location::yaml("a.yaml", 3, 7)),
            "line 3, column 7"
        );
        assert_eq!(
            short_location(&Location::excel_cell("b.xlsx", "Goals", 6, 2)),
            "Goals!C7"
        );
        assert_eq!(
            short_location(&Location::excel_sheet("b.xlsx", "Goals")),
            "sheet `Goals`"
        );
        assert_eq!(short_location(&Location::file("c.yaml")), "");
        let f = Failure {
            engagement: Some("X-1".into()),
            iteration: Some(2),
            location: "Goals!C7".into(),
            ..Failure::file(Path::new("p/b.xlsx"), "bad date")
        };
        assert_eq!(
            f.to_string(),
            "p/b.xlsx Goals!C7 (engagement `X-1`, iteration 2): bad date"
        );
    }
}
