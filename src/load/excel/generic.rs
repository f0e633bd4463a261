//! A workbook as generic data for `render` ([`read_generic`]): any sheets,
//! keyed by their names and headers in snake_case, numbers kept as numbers.

use std::path::Path;

use super::book::open_book;
use super::cells::{CellRef, Kind};
use super::layout::{norm, snake};
use super::table::{cell_at, read_back_error};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::location::Location;

/// A workbook as generic data for `render`: an object with one entry per
/// sheet (key: the sheet name in snake_case). A sheet whose header row is
/// `Field | Value` becomes an object (field names in snake_case); any other
/// sheet becomes a list of row objects keyed by its headers in snake_case.
/// Values: numbers (whole numbers as integers), booleans, text, dates as
/// `YYYY-MM-DD`, empty cells as null. Empty rows are skipped.
pub fn read_generic(path: &Path) -> Result<serde_json::Value> {
    read_generic_except(path, None)
}

/// A cell's value as generic data, from what `kind_text` kept of it (numbers
/// and booleans as the text `cell_text` wrote, which reads back to the same
/// value); `Err` with the message of an error value.
pub(super) fn json_value(kind: Kind, text: &str) -> std::result::Result<serde_json::Value, String> {
    use serde_json::Value;
    Ok(match kind {
        Kind::Float => match text.parse::<f64>() {
            Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => Value::from(f as i64),
            Ok(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
            Err(_) => Value::String(text.to_string()),
        },
        Kind::Int => text
            .parse::<i64>()
            .map_or_else(|_| Value::String(text.to_string()), Value::from),
        Kind::Bool => Value::Bool(text == "true"),
        Kind::Text => Value::String(text.to_string()),
        Kind::Error => return Err(text.to_string()),
    })
}

/// [`read_generic`] without the sheet `skip` (one whose rows are streamed).
pub(super) fn read_generic_except(path: &Path, skip: Option<&str>) -> Result<serde_json::Value> {
    use serde_json::{Map, Value};
    let mut diags = Diagnostics::new();
    let book = open_book(path)?;
    let mut out = Map::new();
    for name in book.sheet_names.clone() {
        if skip == Some(name.as_str()) {
            continue;
        }
        let Some(t) = book.table(&name, &mut diags)? else {
            continue;
        };
        let value_of = |c: &CellRef, loc: Location, diags: &mut Diagnostics| -> Value {
            json_value(c.kind, t.raw_text(c)).unwrap_or_else(|e| {
                diags.push(Diagnostic::error(loc, e));
                Value::Null
            })
        };
        let key_value = t.headers.len() == 2
            && norm(&t.headers[0].1) == "field"
            && norm(&t.headers[1].1) == "value";
        if key_value {
            let mut obj = Map::new();
            let (fcol, vcol) = (t.headers[0].0, t.headers[1].0);
            let read = t.for_each_row(|_, r, cells| {
                let get = |col: u32| cell_at(cells, col);
                let Some(field) = get(fcol).and_then(|c| t.value(c).ok().flatten()) else {
                    return;
                };
                let loc = Location::excel_cell_shared(&book.file, &t.sheet, r, vcol);
                let v = get(vcol).map_or(Value::Null, |d| value_of(d, loc, &mut diags));
                obj.insert(snake(&field), v);
            });
            if let Err(e) = read {
                diags.push(read_back_error(&book.file, &t.sheet, &e));
            }
            out.insert(snake(&name), Value::Object(obj));
        } else {
            let mut rows = Vec::new();
            let read = t.for_each_row(|_, r, cells| {
                let mut obj = Map::new();
                for (col, header) in &t.headers {
                    let loc = Location::excel_cell_shared(&book.file, &t.sheet, r, *col);
                    let v =
                        cell_at(cells, *col).map_or(Value::Null, |d| value_of(d, loc, &mut diags));
                    obj.insert(snake(header), v);
                }
                rows.push(Value::Object(obj));
            });
            if let Err(e) = read {
                diags.push(read_back_error(&book.file, &t.sheet, &e));
            }
            out.insert(snake(&name), Value::Array(rows));
        }
    }
    diags.into_result()?;
    Ok(Value::Object(out))
}
