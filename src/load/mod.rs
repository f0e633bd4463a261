//! Loading data files: YAML, JSON and Excel.
//!
//! OWNER: data helper. `load_data` is the generic loader used by `render`.

use std::path::Path;

use crate::error::{Diagnostic, Error, Result};
use crate::location::Location;

/// Loads any data file as generic data for `render`: YAML, JSON (and, later, Excel).
pub fn load_data(path: &Path) -> Result<serde_json::Value> {
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
    let opts = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options(&text, opts).map_err(|e| {
        Error::from(Diagnostic::error(
            Location::file(path),
            format!("failed to parse YAML ({e})"),
        ))
    })
}
