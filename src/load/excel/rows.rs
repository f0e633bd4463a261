//! A list sheet of a generic workbook read row by row ([`sheet_rows`]), for
//! `render --each SHEET`: one record per row as the sheet's XML is parsed,
//! so a sheet of 100,000 rows is never in memory at once.
//!
//! Each row becomes the object [`read_generic`](super::read_generic) makes
//! of it, and the other sheets are read whole as usual (the records' shared
//! base). Only `.xlsx`/`.xlsm` and `.xlsb` are streamed: calamine reads a
//! whole `.xls` or `.ods` when it opens it. A sheet whose header row could
//! hide a column (a hole: merged cells, or an error value) or that is a
//! `Field | Value` sheet (an object, not a list) is left to the whole read,
//! which reports it as before.

use std::borrow::Cow;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

use calamine::{Reader, Sheets};
use serde_json::{Map, Value as Json};

use super::book::{Workbook, kind_text_ref, open};
use super::cells::Kind;
use super::generic::{json_value, read_generic_except};
use super::layout::{norm, snake};
use super::table::unheaded;
use crate::error::{Diagnostic, Result};
use crate::location::Location;

/// The names of a workbook's sheets, in order.
pub fn sheet_names(path: &Path) -> Result<Vec<String>> {
    open(path).map(|wb| wb.sheet_names())
}

/// The rows of one list sheet, still to be read ([`SheetRows::run`]), and
/// the workbook's other sheets ([`SheetRows::take_base`]).
pub struct SheetRows {
    file: Arc<Path>,
    sheet: Arc<str>,
    wb: Workbook,
    header_row: u32,
    /// (column, key in snake_case), in column order.
    headers: Vec<(u32, String)>,
    base: Option<Json>,
}

impl std::fmt::Debug for SheetRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SheetRows")
            .field("sheet", &self.sheet)
            .finish_non_exhaustive()
    }
}

/// The sheet whose key in generic data is `key` (its name in snake_case),
/// ready to be read row by row; `None` when it cannot be streamed (another
/// format, no such sheet or several, a header row that needs the whole
/// read) and the caller reads the workbook whole.
pub fn sheet_rows(path: &Path, key: &str) -> Result<Option<SheetRows>> {
    let mut wb = open(path)?;
    if !matches!(wb, Sheets::Xlsx(_) | Sheets::Xlsb(_)) {
        return Ok(None);
    }
    let names = wb.sheet_names();
    let mut named = names.iter().filter(|n| snake(n) == key);
    let (Some(name), None) = (named.next(), named.next()) else {
        return Ok(None);
    };
    let name = name.clone();
    let Some((header_row, headers)) = header(&mut wb, &name) else {
        return Ok(None);
    };
    // The shared strings of a large sheet are most of a handle's memory:
    // one handle at a time.
    drop(wb);
    let base = read_generic_except(path, Some(&name))?;
    Ok(Some(SheetRows {
        file: Arc::from(path),
        sheet: Arc::from(name.as_str()),
        wb: open(path)?,
        header_row,
        headers,
        base: Some(base),
    }))
}

/// The header row of a sheet (the first with a filled cell) and its
/// headers in snake_case, when the sheet is a plain list (see the module).
fn header(wb: &mut Workbook, name: &str) -> Option<(u32, Vec<(u32, String)>)> {
    let mut row = None;
    let mut cells: Vec<(u32, Kind, String)> = Vec::new();
    each_cell(wb, name, |r, c, cell| {
        let Some((kind, text)) = cell else {
            return ControlFlow::Continue(());
        };
        match row {
            Some(h) if h != r => return ControlFlow::Break(()),
            _ => row = Some(r),
        }
        cells.push((c, kind, text.into_owned()));
        ControlFlow::Continue(())
    })
    .ok()?;
    let Some(row) = row else {
        // An empty sheet: no rows.
        return Some((0, Vec::new()));
    };
    cells.sort_by_key(|c| c.0);
    let (first, last) = (cells.first()?.0, cells.last()?.0);
    let hole = (last - first) as usize + 1 != cells.len();
    let error = cells.iter().any(|c| c.1 == Kind::Error);
    let field_value =
        cells.len() == 2 && norm(&cells[0].2) == "field" && norm(&cells[1].2) == "value";
    if hole || error || field_value || last > u32::from(u16::MAX) {
        return None;
    }
    Some((
        row,
        cells.into_iter().map(|(c, _, h)| (c, snake(&h))).collect(),
    ))
}

impl SheetRows {
    /// The other sheets, as [`read_generic`](super::read_generic) gives them.
    pub fn take_base(&mut self) -> Json {
        self.base.take().unwrap_or(Json::Null)
    }

    /// Reads the rows, handing each to `send` as soon as it is complete
    /// (empty rows skipped) until `send` returns false. A problem (an error
    /// value, a value under no header, rows out of order, a damaged sheet)
    /// is sent as the last item.
    pub fn run(mut self, send: impl FnMut(Result<Json>) -> bool) {
        let mut rows = Rows {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            headers: std::mem::take(&mut self.headers),
            row: Vec::new(),
            at: self.header_row,
            send,
            done: false,
        };
        let read = each_cell(&mut self.wb, &self.sheet, |r, c, cell| {
            rows.cell(r, c, cell)
        });
        if rows.done {
            return;
        }
        let _ = match read {
            Ok(()) => rows.flush(),
            Err(e) => rows.give(Err(Diagnostic::error(
                Location::excel_sheet_shared(&self.file, &self.sheet),
                format!("failed to read sheet `{}` ({e})", self.sheet),
            )
            .into())),
        };
    }
}

/// The row being read and where its records go.
struct Rows<F> {
    file: Arc<Path>,
    sheet: Arc<str>,
    header_row: u32,
    headers: Vec<(u32, String)>,
    /// The filled cells of row `at` so far: (column, kind, text).
    row: Vec<(u32, Kind, String)>,
    at: u32,
    send: F,
    /// `send` wants no more, or a problem ended the rows.
    done: bool,
}

impl<F: FnMut(Result<Json>) -> bool> Rows<F> {
    fn cell(&mut self, r: u32, c: u32, cell: Option<(Kind, Cow<'_, str>)>) -> ControlFlow<()> {
        let Some((kind, text)) = cell else {
            return ControlFlow::Continue(());
        };
        if r == self.header_row {
            return ControlFlow::Continue(());
        }
        if r < self.at {
            // Excel writes rows in order; a sheet that does not would need
            // the whole read, too late now.
            let d = Diagnostic::error(
                Location::excel_cell_shared(&self.file, &self.sheet, r, c),
                "the sheet's rows are not in order, so it cannot be read row by row",
            )
            .with_hint("open the workbook in Excel or LibreOffice and save it again");
            return self.give(Err(d.into()));
        }
        if r != self.at {
            self.flush()?;
            self.at = r;
        }
        self.row.push((c, kind, text.into_owned()));
        ControlFlow::Continue(())
    }

    /// Sends the row read so far, if any.
    fn flush(&mut self) -> ControlFlow<()> {
        if self.row.is_empty() {
            return ControlFlow::Continue(());
        }
        let item = self.value();
        self.row.clear();
        self.give(item)
    }

    fn give(&mut self, item: Result<Json>) -> ControlFlow<()> {
        let last = item.is_err();
        if !(self.send)(item) || last {
            self.done = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }

    /// The row as [`read_generic`](super::read_generic) makes it: every
    /// header's key, null for an empty cell.
    fn value(&mut self) -> Result<Json> {
        let r = self.at;
        self.row.sort_by_key(|c| c.0);
        let find = |col: u32| self.row.binary_search_by_key(&col, |c| c.0).ok();
        for (c, kind, text) in &self.row {
            if self.headers.binary_search_by_key(c, |h| h.0).is_err() {
                return Err(unheaded(&self.file, &self.sheet, self.header_row, r, *c).into());
            }
            if *kind == Kind::Error {
                let loc = Location::excel_cell_shared(&self.file, &self.sheet, r, *c);
                return Err(Diagnostic::error(loc, text.clone()).into());
            }
        }
        let mut obj = Map::new();
        for (col, key) in &self.headers {
            let v = find(*col).map_or(Json::Null, |i| {
                let (_, kind, text) = &self.row[i];
                json_value(*kind, text).unwrap_or(Json::Null)
            });
            obj.insert(key.clone(), v);
        }
        Ok(Json::Object(obj))
    }
}

/// Calls `f` with each cell of sheet `name` as it is parsed (its row,
/// column and what [`kind_text_ref`] keeps of it) until `f` breaks.
fn each_cell(
    wb: &mut Workbook,
    name: &str,
    mut f: impl FnMut(u32, u32, Option<(Kind, Cow<'_, str>)>) -> ControlFlow<()>,
) -> std::result::Result<(), String> {
    match wb {
        Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
            while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                if f(r, c, kind_text_ref(cell.get_value())).is_break() {
                    break;
                }
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
            while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                if f(r, c, kind_text_ref(cell.get_value())).is_break() {
                    break;
                }
            }
        }
        _ => return Err("only .xlsx and .xlsb sheets are read row by row".into()),
    }
    Ok(())
}
