//! Loading data files: YAML (and JSON, a subset of YAML) and Excel workbooks
//! (.xlsx, .xlsm, .xlsb, .xls, .ods through calamine).
//!
//! Two uses:
//! - engagements: [`load_raw`] gives the as-written tree of every engagement
//!   in a file (a YAML file holds one, a portfolio workbook several), and
//!   [`load_and_validate`] validates them too ([`for_each_valid`] hands them
//!   over one at a time; [`excel::Portfolio`] builds a workbook's
//!   engagements on demand);
//! - generic data for `render`: [`load_data`].

use std::path::Path;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::location::Location;
use crate::model::Engagement;
use crate::model::raw::Node;

pub mod excel;
pub mod yaml;

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
/// engagement in the file. (A batch that wants a per-engagement outcome uses
/// [`load_raw`] or [`excel::Portfolio`] and [`crate::validate::validate`] per
/// engagement.)
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
pub fn for_each_valid(path: &Path, f: impl FnMut(Engagement)) -> Result<Diagnostics> {
    let is_yaml = Format::of(path).ok() == Some(Format::Yaml);
    match for_each_valid_inner(path, f) {
        Err(Error::Invalid(d)) if is_yaml => Err(Error::Invalid(with_excerpts(path, d))),
        Ok(w) if is_yaml => Ok(with_excerpts(path, w)),
        other => other,
    }
}

/// Adds the source line with a caret to YAML diagnostics that have none.
fn with_excerpts(path: &Path, d: Diagnostics) -> Diagnostics {
    let wants_excerpt =
        |d: &Diagnostic| matches!((&d.location, &d.excerpt), (Location::Yaml { .. }, None));
    // Most files load without a diagnostic: do not read them a second time.
    if !d.iter().any(wants_excerpt) {
        return d;
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return d;
    };
    Diagnostics(
        d.into_iter()
            .map(|d| match (&d.location, &d.excerpt) {
                (Location::Yaml { line, column, .. }, None) => {
                    match yaml::excerpt(&text, *line, *column) {
                        Some(x) => d.with_excerpt(x),
                        None => d,
                    }
                }
                _ => d,
            })
            .collect(),
    )
}

fn for_each_valid_inner(path: &Path, mut f: impl FnMut(Engagement)) -> Result<Diagnostics> {
    let mut all = Diagnostics::new();
    let mut repeats = Diagnostics::new();
    // First engagement of each id (a map: a portfolio may hold thousands).
    let mut first_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut valid = 0usize;
    let mut accept = |validated: std::result::Result<(Engagement, Diagnostics), Diagnostics>| {
        match validated {
            Ok((e, warnings)) => {
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
                f(e);
            }
            Err(d) => all.extend(d),
        }
    };
    match Format::of(path)? {
        // One chunk of engagements' trees at a time (a portfolio's trees
        // together are many times the size of the workbook), built and
        // validated in parallel, handed on in order.
        Format::Excel => {
            use rayon::prelude::*;
            let portfolio = excel::Portfolio::read(path)?;
            let mut problems = portfolio.problems().clone();
            for start in (0..portfolio.len()).step_by(excel::BUILD_CHUNK) {
                let end = (start + excel::BUILD_CHUNK).min(portfolio.len());
                let built: Vec<_> = (start..end)
                    .into_par_iter()
                    .map(|i| {
                        let (node, p) = portfolio.build(i);
                        (crate::validate::validate(&node), p)
                    })
                    .collect();
                for (validated, p) in built {
                    problems.extend(p);
                    // Once the workbook has a problem, only its problems are reported.
                    if !problems.has_errors() {
                        accept(validated);
                    }
                }
            }
            if problems.has_errors() {
                return Err(Error::Invalid(problems));
            }
        }
        Format::Yaml => {
            for raw in load_raw(path)? {
                accept(crate::validate::validate(&raw.node));
            }
        }
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
            Error::from(Diagnostic::error(
                Location::yaml(path, e.line(), e.column()),
                format!("failed to parse JSON ({e})"),
            ))
        });
    }
    serde_saphyr::from_str_with_options(&text, yaml::options())
        .map_err(|e| Error::from(yaml::syntax_error(path, &text, &e)))
}
