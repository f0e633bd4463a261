//! Where a problem is: a YAML position, an Excel cell, a template tag, or just a file.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    ///
    /// The file is shared (`Arc`): every node of a file's tree has a
    /// location, and a path per node was an allocation per node.
    Yaml {
        #[serde(serialize_with = "serialize_path")]
        file: Arc<Path>,
        line: usize,
        column: usize,
    },
    /// A cell (or a whole sheet when `cell` is `None`) of a workbook, e.g. `Goals!C7`.
    ///
    /// The file and the sheet name are shared (`Arc`) and the cell is two
    /// numbers, so that the location of every cell of a large workbook costs
    /// no allocation; `Display` and serialization give the same text as before.
    Excel {
        #[serde(serialize_with = "serialize_path")]
        file: Arc<Path>,
        #[serde(serialize_with = "serialize_str")]
        sheet: Arc<str>,
        cell: Option<CellRef>,
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
            file: Arc::from(file.into()),
            line,
            column,
        }
    }

    /// A YAML position in a file that many locations share (no allocation).
    pub fn yaml_shared(file: &Arc<Path>, line: usize, column: usize) -> Self {
        Location::Yaml {
            file: Arc::clone(file),
            line,
            column,
        }
    }

    /// An Excel cell, `row` and `col` 0-based as calamine gives them.
    pub fn excel_cell(file: impl Into<PathBuf>, sheet: &str, row: u32, col: u32) -> Self {
        Location::Excel {
            file: Arc::from(file.into()),
            sheet: Arc::from(sheet),
            cell: Some(CellRef { row, col }),
        }
    }

    /// A whole sheet.
    pub fn excel_sheet(file: impl Into<PathBuf>, sheet: &str) -> Self {
        Location::Excel {
            file: Arc::from(file.into()),
            sheet: Arc::from(sheet),
            cell: None,
        }
    }

    /// An Excel cell of a file and sheet that many locations share (no allocation).
    pub fn excel_cell_shared(file: &Arc<Path>, sheet: &Arc<str>, row: u32, col: u32) -> Self {
        Location::Excel {
            file: Arc::clone(file),
            sheet: Arc::clone(sheet),
            cell: Some(CellRef { row, col }),
        }
    }

    /// A whole sheet of a shared file and sheet name.
    pub fn excel_sheet_shared(file: &Arc<Path>, sheet: &Arc<str>) -> Self {
        Location::Excel {
            file: Arc::clone(file),
            sheet: Arc::clone(sheet),
            cell: None,
        }
    }

    /// A whole file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location::File { file: file.into() }
    }
}

/// A cell of a sheet, 0-based as calamine gives it; shown (and serialized) as `C7`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRef {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&cell_name(self.row, self.col))
    }
}

impl serde::Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn serialize_path<S: serde::Serializer>(p: &Arc<Path>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&**p, s)
}

fn serialize_str<S: serde::Serializer>(v: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v)
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
        assert_eq!(
            Location::excel_sheet("b.xlsx", "Goals").to_string(),
            "b.xlsx sheet `Goals`"
        );
    }

    #[test]
    fn excel_locations_serialize_as_before() {
        let file: Arc<Path> = Arc::from(Path::new("b.xlsx"));
        let sheet: Arc<str> = Arc::from("Goals");
        let loc = Location::excel_cell_shared(&file, &sheet, 6, 2);
        assert_eq!(loc, Location::excel_cell("b.xlsx", "Goals", 6, 2));
        assert_eq!(
            serde_json::to_value(&loc).unwrap(),
            serde_json::json!({"kind": "excel", "file": "b.xlsx", "sheet": "Goals", "cell": "C7"})
        );
        assert_eq!(
            serde_json::to_value(Location::excel_sheet("b.xlsx", "Goals")).unwrap(),
            serde_json::json!({"kind": "excel", "file": "b.xlsx", "sheet": "Goals", "cell": null})
        );
    }
}
