//! Loading data files: YAML (and JSON, a subset of YAML) and Excel workbooks
//! (.xlsx, .xlsm, .xlsb, .xls, .ods through calamine).
//!
//! Two uses:
//! - engagements: [`engagements`] is the one way in, a stream of validated
//!   engagements in file order (a YAML file holds one, a portfolio workbook
//!   several); [`for_each_valid`], [`load_and_validate`] and
//!   [`load_engagement`] take a whole file's engagements from it, and
//!   [`load_raw`] gives the as-written trees alone (for stage timings);
//! - generic data for `render`: [`load_data`], and [`records::records`]
//!   for its records one at a time.

use std::path::Path;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::location::Location;
use crate::model::Engagement;
use crate::model::raw::Node;

pub mod excel;
pub mod records;
mod shard;
mod stream;
pub mod yaml;

pub use shard::{ParseShardError, Shard};
pub use stream::{BUILD_CHUNK, Engagements, Loaded, Outcome, engagements, path_key};

/// The kinds of data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.yaml`, `.yml`, `.json`
    Yaml,
    /// `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`
    Excel,
}

impl Format {
    /// The format of a path, by its extension.
    pub fn of(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" | "json" => Ok(Format::Yaml),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Ok(Format::Excel),
            _ => Err(Error::from(Diagnostic::error(
                Location::file(path),
                format!(
                    "failed to load `{}` (unknown file type `.{ext}`; expected .yaml, .yml, .json, .xlsx, .xlsm, .xlsb, .xls or .ods)",
                    path.display()
                ),
            ))),
        }
    }
}

/// One engagement as written, before validation.
#[derive(Debug, Clone)]
pub struct RawEngagement {
    /// The engagement's id as written, when there is one (for messages and sharding).
    pub id: Option<String>,
    /// The as-written tree.
    pub node: Node,
}

/// Reads every engagement of a file, as written. A YAML file holds one
/// engagement, a workbook one or several (a portfolio). Problems of the file
/// itself (syntax, unknown columns, missing sheets) are `Err(Error::Invalid)`.
pub fn load_raw(path: &Path) -> Result<Vec<RawEngagement>> {
    let nodes = match Format::of(path)? {
        Format::Yaml => {
            let text = crate::fsx::read_to_string(path)?;
            vec![yaml::parse(path, &text)?]
        }
        Format::Excel => excel::read_engagements(path)?,
    };
    Ok(nodes
        .into_iter()
        .map(|node| RawEngagement {
            id: match node.get("id").map(|n| &n.kind) {
                Some(crate::model::raw::NodeKind::Scalar(s)) => Some(s.trim().to_string()),
                _ => None,
            },
            node,
        })
        .collect())
}

/// Reads and validates every engagement of a file. `Ok` holds the engagements
/// and all warnings; `Err(Error::Invalid)` holds every problem of every
/// engagement in the file. (A batch, which wants an outcome per engagement,
/// uses [`engagements`].)
pub fn load_and_validate(path: &Path) -> Result<(Vec<Engagement>, Diagnostics)> {
    let mut out = Vec::new();
    let warnings = for_each_valid(path, |e| out.push(e))?;
    Ok((out, warnings))
}

/// Reads and validates every engagement of a file like [`load_and_validate`],
/// but hands each valid engagement to `f` as soon as it is validated instead
/// of returning them together: a portfolio workbook's engagements are never
/// all in memory at once. `f` may be called before the file turns out to be
/// invalid: on `Err`, discard what it was given. `Ok` holds the warnings.
pub fn for_each_valid(path: &Path, mut f: impl FnMut(Engagement)) -> Result<Diagnostics> {
    let mut all = Diagnostics::new();
    let mut repeats = Diagnostics::new();
    // Row problems of a workbook: once there is one, only these are reported.
    let mut rows = Diagnostics::new();
    // First engagement of each id (a map: a portfolio may hold thousands).
    let mut first_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut valid = 0usize;
    for loaded in engagements(path, None)? {
        match loaded.outcome {
            Outcome::Unreadable(d) => rows.extend(d),
            _ if rows.has_errors() => {}
            Outcome::Invalid(d) => all.extend(d),
            Outcome::Valid(e, warnings) => {
                all.extend(warnings);
                let i = valid;
                valid += 1;
                match first_of.get(e.id.as_str()) {
                    Some(first) => repeats.push(Diagnostic::error(
                        Location::file(path),
                        format!(
                            "engagement id `{}` is used by more than one engagement (engagements {} and {})",
                            e.id,
                            first + 1,
                            i + 1
                        ),
                    )),
                    None => {
                        first_of.insert(e.id.clone(), i);
                    }
                }
                f(*e);
            }
        }
    }
    if rows.has_errors() {
        return Err(Error::Invalid(rows));
    }
    all.extend(repeats);
    all.into_result()
}

/// Loads one engagement file that must hold exactly one engagement.
pub fn load_engagement(path: &Path) -> Result<(Engagement, Diagnostics)> {
    let (mut list, warnings) = load_and_validate(path)?;
    if list.len() != 1 {
        return Err(Error::from(Diagnostic::error(
            Location::file(path),
            format!(
                "`{}` holds {} engagements; expected exactly one",
                path.display(),
                list.len()
            ),
        )));
    }
    Ok((list.remove(0), warnings))
}

/// Loads any data file as generic data for `render`: YAML or JSON as written
/// (typed by YAML 1.2 rules: `NO` stays text), Excel as one entry per sheet
/// (see [`excel::read_generic`]). Errors carry line:column or the cell.
pub fn load_data(path: &Path) -> Result<serde_json::Value> {
    if Format::of(path)? == Format::Excel {
        return excel::read_generic(path);
    }
    let text = crate::fsx::read_to_string(path)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "json" {
        return serde_json::from_str(&text).map_err(|e| {
            // serde_json ends its message with the position, which the
            // location already gives.
            let msg = e.to_string();
            let msg = msg.rfind(" at line ").map_or(&*msg, |i| &msg[..i]);
            let d = Diagnostic::error(
                Location::yaml(path, e.line(), e.column()),
                format!("failed to parse JSON ({msg})"),
            );
            Error::from(match yaml::excerpt(&text, e.line(), e.column()) {
                Some(x) => d.with_excerpt(x),
                None => d,
            })
        });
    }
    serde_saphyr::from_str_with_options(&text, yaml::options())
        .map_err(|e| Error::from(yaml::syntax_error(path, &text, &e)))
}
