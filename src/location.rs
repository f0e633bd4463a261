//! Where a problem is: a YAML position, an Excel cell, a template tag, or just a file.

use std::fmt;
use std::path::PathBuf;

/// The place in the user's input a [`crate::Diagnostic`] refers to.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Location {
    /// No better location is known.
    #[default]
    Unknown,
    /// A whole file (e.g. it cannot be parsed at all and no position is known).
    File { file: PathBuf },
    /// A position in a YAML (or JSON) file; line and column are 1-based.
    Yaml {
        file: PathBuf,
        line: usize,
        column: usize,
    },
    /// A cell (or a whole sheet when `cell` is `None`) of a workbook, e.g. `Goals!C7`.
    Excel {
        file: PathBuf,
        sheet: String,
        cell: Option<String>,
    },
    /// A tag in a Word template part.
    Template {
        /// The .docx file, when known.
        file: Option<PathBuf>,
        /// The zip part, e.g. `word/document.xml` or `word/header1.xml`.
        part: String,
        /// 1-based paragraph number within the part (0 when the tag is outside any paragraph).
        paragraph: usize,
        /// The paragraph's plain text, as a person sees it in Word.
        paragraph_text: String,
        /// The tag as written, e.g. `{{ custmer.name }}`.
        tag: String,
    },
}

impl Location {
    /// A YAML position.
    pub fn yaml(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location::Yaml {
            file: file.into(),
            line,
            column,
        }
    }

    /// An Excel cell, `row` and `col` 0-based as calamine gives them.
    pub fn excel_cell(file: impl Into<PathBuf>, sheet: &str, row: u32, col: u32) -> Self {
        Location::Excel {
            file: file.into(),
            sheet: sheet.to_string(),
            cell: Some(cell_name(row, col)),
        }
    }

    /// A whole sheet.
    pub fn excel_sheet(file: impl Into<PathBuf>, sheet: &str) -> Self {
        Location::Excel {
            file: file.into(),
            sheet: sheet.to_string(),
            cell: None,
        }
    }

    /// A whole file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location::File { file: file.into() }
    }
}

/// `A1`-style name of a 0-based cell position: (0, 0) is `A1`, (6, 2) is `C7`.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Unknown => Ok(()),
            Location::File { file } => write!(f, "{}", file.display()),
            Location::Yaml { file, line, column } => {
                write!(f, "{}:{line}:{column}", file.display())
            }
            Location::Excel { file, sheet, cell } => match cell {
                Some(cell) => write!(f, "{} {sheet}!{cell}", file.display()),
                None => write!(f, "{} sheet `{sheet}`", file.display()),
            },
            Location::Template {
                file,
                part,
                paragraph,
                tag,
                ..
            } => {
                if let Some(file) = file {
                    write!(f, "{} › ", file.display())?;
                }
                write!(f, "{part}")?;
                if *paragraph > 0 {
                    write!(f, " › paragraph {paragraph}")?;
                }
                if !tag.is_empty() {
                    write!(f, " › {tag}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 2), "C7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 701), "ZZ10");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn display() {
        assert_eq!(Location::yaml("a.yaml", 3, 7).to_string(), "a.yaml:3:7");
        assert_eq!(
            Location::excel_cell("b.xlsx", "Goals", 6, 2).to_string(),
            "b.xlsx Goals!C7"
        );
    }
}
