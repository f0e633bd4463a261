//! A sheet's filled cells as they are read ([`SheetCells`], in memory or
//! spilled), then as a [`Table`]: the first row the headers, the later rows
//! read back in runs ([`RowSet`]).

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::cells::{CellRef, Kind, Texts};
use super::spill::{READ_CHUNK, Spill};
use crate::error::{Diagnostic, Diagnostics};
use crate::location::Location;

/// A table's data cells: in memory, or a range of a [`Spill`] file.
pub(super) enum Cells {
    Mem(Vec<CellRef>),
    Spilled {
        spill: Arc<Spill>,
        offset: u64,
        len: usize,
    },
}

/// The problem of a table whose spilled cells could not be read back.
pub(super) fn read_back_error(
    file: &Arc<Path>,
    sheet: &Arc<str>,
    e: &std::io::Error,
) -> Diagnostic {
    Diagnostic::error(
        Location::excel_sheet_shared(file, sheet),
        format!("failed to read back the workbook's cells from the temporary file ({e})"),
    )
}

/// Some data rows of a [`Table`] with their cells, read in as few reads as
/// their runs of consecutive rows allow.
pub(super) struct RowSet<'a> {
    t: &'a Table,
    /// Each run of consecutive data rows, with their cells.
    runs: Vec<(Range<usize>, Cow<'a, [CellRef]>)>,
}

impl RowSet<'_> {
    /// Each row: its index, its absolute row and its filled cells.
    pub(super) fn iter(&self) -> impl Iterator<Item = (usize, u32, &[CellRef])> + '_ {
        self.runs.iter().flat_map(move |(rows, cells)| {
            let base = self.t.rows[rows.start].1 as usize;
            rows.clone().map(move |ri| {
                let (r, start) = self.t.rows[ri];
                (
                    ri,
                    r,
                    &cells[start as usize - base..self.t.row_end(ri) - base],
                )
            })
        })
    }
}

/// One sheet's rows, with positions. Only filled cells are kept: a cell that
/// is empty or only whitespace reads the same as a missing one. Each cell is
/// kept as the number of its text (as [`cell_text`](super::cell_text) gives it; each distinct
/// text of the sheet once), its column and kind: 8 bytes per cell, where a
/// `calamine::Data` per cell took 32 bytes plus an allocation for its text.
/// A table of more than [`SPILL_ABOVE`](super::SPILL_ABOVE) cells usually keeps them in a
/// [`Spill`] file (see there when not): its rows are read back as owned cells
/// ([`Table::rows_of`], [`Table::for_each_row`]).
pub(super) struct Table {
    pub(super) sheet: Arc<str>,
    /// Absolute row of the header.
    pub(super) header_row: u32,
    /// (absolute column, header text)
    pub(super) headers: Vec<(u32, String)>,
    /// (absolute row, index of its first cell in `cells`), data rows only.
    pub(super) rows: Vec<(u32, u32)>,
    /// Every data row's filled cells, row after row, each row in column
    /// order; usually in a [`Spill`] file when there are more than [`SPILL_ABOVE`](super::SPILL_ABOVE).
    pub(super) cells: Cells,
    texts: Texts,
}

impl Table {
    fn empty(sheet: Arc<str>) -> Table {
        Table {
            sheet,
            header_row: 0,
            headers: Vec::new(),
            rows: Vec::new(),
            cells: Cells::Mem(Vec::new()),
            texts: Texts::default(),
        }
    }

    pub(super) fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn cell_count(&self) -> usize {
        match &self.cells {
            Cells::Mem(v) => v.len(),
            Cells::Spilled { len, .. } => *len,
        }
    }

    /// The index in the cells past data row `i`'s last cell.
    fn row_end(&self, i: usize) -> usize {
        row_end(&self.rows, i, self.cell_count())
    }

    /// The cells of the consecutive data rows `rows` (not empty), in one read.
    fn run(&self, rows: Range<usize>) -> std::io::Result<Cow<'_, [CellRef]>> {
        let start = self.rows[rows.start].1 as usize;
        let end = self.row_end(rows.end - 1);
        match &self.cells {
            Cells::Mem(v) => Ok(Cow::Borrowed(&v[start..end])),
            Cells::Spilled { spill, offset, .. } => spill
                .read(offset + start as u64 * CellRef::SIZE, end - start)
                .map(Cow::Owned),
        }
    }

    /// Data rows `ris` (in that order) with their cells: one read per run of
    /// consecutive rows, so an engagement whose rows follow each other (as
    /// `convert` writes them) costs one read per sheet.
    pub(super) fn rows_of(&self, ris: &[u32]) -> std::io::Result<RowSet<'_>> {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < ris.len() {
            let a = ris[i] as usize;
            let mut b = a + 1;
            i += 1;
            while i < ris.len() && ris[i] as usize == b {
                b += 1;
                i += 1;
            }
            let b = b.min(self.rows.len());
            if a < b {
                runs.push((a..b, self.run(a..b)?));
            }
        }
        Ok(RowSet { t: self, runs })
    }

    /// The consecutive data rows `rows` with their cells, in one read.
    pub(super) fn rows_in(&self, rows: Range<usize>) -> std::io::Result<RowSet<'_>> {
        let rows = rows.start..rows.end.min(self.rows.len());
        let runs = if rows.is_empty() {
            Vec::new()
        } else {
            vec![(rows.clone(), self.run(rows)?)]
        };
        Ok(RowSet { t: self, runs })
    }

    /// Calls `f` with every data row: its index, absolute row and filled
    /// cells. Spilled cells are read back [`READ_CHUNK`] at a time.
    pub(super) fn for_each_row(
        &self,
        mut f: impl FnMut(usize, u32, &[CellRef]),
    ) -> std::io::Result<()> {
        let n = self.rows.len();
        let mut a = 0;
        while a < n {
            let b = match &self.cells {
                Cells::Mem(_) => n,
                Cells::Spilled { .. } => {
                    let first = self.rows[a].1 as usize;
                    let mut b = a + 1;
                    while b < n && self.rows[b].1 as usize - first < READ_CHUNK {
                        b += 1;
                    }
                    b
                }
            };
            let set = RowSet {
                t: self,
                runs: vec![(a..b, self.run(a..b)?)],
            };
            for (ri, r, cells) in set.iter() {
                f(ri, r, cells);
            }
            a = b;
        }
        Ok(())
    }

    pub(super) fn raw_text(&self, c: &CellRef) -> &str {
        self.texts.get(c.text)
    }

    /// A cell's text as [`cell_text`](super::cell_text) gives it (`Err`: an error value).
    pub(super) fn value(&self, c: &CellRef) -> std::result::Result<Option<String>, String> {
        let s = self.raw_text(c).to_string();
        match c.kind {
            Kind::Error => Err(s),
            _ => Ok(Some(s)),
        }
    }
}

/// The index in `len` cells past the last cell of row `i` of `rows`
/// ((row, index of its first cell)).
fn row_end(rows: &[(u32, u32)], i: usize, len: usize) -> usize {
    rows.get(i + 1).map_or(len, |(_, e)| *e as usize)
}

/// The problem of a value at row `r`, column `col` under an empty header cell.
pub(super) fn unheaded(
    file: &Arc<Path>,
    sheet: &Arc<str>,
    header_row: u32,
    r: u32,
    col: u32,
) -> Diagnostic {
    Diagnostic::error(
        Location::excel_cell_shared(file, sheet, r, col),
        format!(
            "this column has values but no header (cell {} is empty)",
            crate::location::cell_name(header_row, col)
        ),
    )
    .with_hint("give the column a header, or delete its values")
}

/// The cell of a row at column `col`.
pub(super) fn cell_at(cells: &[CellRef], col: u32) -> Option<&CellRef> {
    cells
        .binary_search_by_key(&col, |c| c.col())
        .ok()
        .map(|i| &cells[i])
}

/// A sheet's filled cells as read, grouped by row in (row, column) order.
/// Past `spill_above` cells they go to a [`Spill`] file of the sheet's own
/// as they are read, `spill_above` at a time, so that a large sheet is never
/// all in memory.
#[derive(Default)]
pub(super) struct SheetCells {
    /// (absolute row, index of its first cell), the header row too.
    pub(super) rows: Vec<(u32, u32)>,
    /// The cells not spilled: those after the first `spilled`.
    pub(super) cells: Vec<CellRef>,
    pub(super) texts: Texts,
    /// Cells in memory past which they are spilled (0: never).
    pub(super) spill_above: usize,
    /// The file holding the first `spilled` cells.
    pub(super) spill: Option<Arc<Spill>>,
    pub(super) spilled: usize,
    /// A write to the spill file failed: the cells stay in memory.
    pub(super) no_spill: bool,
    /// And the cells spilled until then could not be read back.
    pub(super) lost: Option<std::io::Error>,
    /// Columns of the first row: the first, the last, and how many.
    pub(super) header_cols: Option<(u16, u16, usize)>,
    /// The least and greatest column of the later rows.
    pub(super) data_cols: Option<(u16, u16)>,
}

impl SheetCells {
    /// Cells given in any order, with their rows (all kept in memory).
    pub(super) fn from_pairs(mut pairs: Vec<(u32, CellRef)>, texts: Texts) -> SheetCells {
        pairs.sort_by_key(|(r, c)| (*r, c.col));
        let mut out = SheetCells {
            texts,
            ..SheetCells::default()
        };
        for (r, c) in pairs {
            out.push(r, c);
        }
        out
    }

    fn len(&self) -> usize {
        self.spilled + self.cells.len()
    }

    pub(super) fn push(&mut self, r: u32, c: CellRef) {
        if self.spill_above > 0 && self.cells.len() >= self.spill_above && !self.no_spill {
            self.flush();
        }
        if self.rows.last().is_none_or(|(last, _)| *last != r) {
            self.rows.push((r, self.len() as u32));
        }
        self.cells.push(c);
        if self.rows.len() == 1 {
            let (first, _, n) = self.header_cols.unwrap_or((c.col, c.col, 0));
            self.header_cols = Some((first, c.col, n + 1));
        } else {
            let (lo, hi) = self.data_cols.unwrap_or((c.col, c.col));
            self.data_cols = Some((lo.min(c.col), hi.max(c.col)));
        }
    }

    /// Moves the cells in memory to the spill file (made for the first of
    /// them); when that fails, reads back those already spilled and keeps
    /// every cell in memory.
    pub(super) fn flush(&mut self) {
        let spill = match &self.spill {
            Some(s) => Arc::clone(s),
            None => match Spill::new() {
                Some(s) => Arc::clone(self.spill.insert(Arc::new(s))),
                None => {
                    self.no_spill = true;
                    return;
                }
            },
        };
        if spill.write(&self.cells).is_ok() {
            self.spilled += self.cells.len();
            self.cells.clear();
        } else {
            self.no_spill = true;
            if let Err(e) = self.unspill() {
                self.lost = Some(e);
            }
        }
    }

    /// Brings the spilled cells back into memory.
    pub(super) fn unspill(&mut self) -> std::io::Result<()> {
        if let Some(spill) = &self.spill {
            let mut all = spill.read(0, self.spilled)?;
            all.append(&mut self.cells);
            self.cells = all;
            self.spill = None;
            self.spilled = 0;
        }
        Ok(())
    }

    /// Whether the header row (the first row) has an empty cell between its
    /// headers, or a later row has a value outside them: the only ways merged
    /// header cells can hide a column.
    pub(super) fn header_has_hole(&self) -> bool {
        let Some((first, last, n)) = self.header_cols else {
            return false;
        };
        (last - first) as usize + 1 != n
            || self
                .data_cols
                .is_some_and(|(lo, hi)| lo < first || hi > last)
    }

    /// Every cell with its row (the cells in memory: none spilled).
    pub(super) fn pairs(&self) -> impl Iterator<Item = (u32, CellRef)> + '_ {
        debug_assert_eq!(self.spilled, 0);
        self.rows
            .iter()
            .enumerate()
            .flat_map(move |(i, (r, start))| {
                self.cells[*start as usize..row_end(&self.rows, i, self.cells.len())]
                    .iter()
                    .map(move |c| (*r, *c))
            })
    }
}

/// Builds a table from a sheet's filled cells: the first row is the header.
/// The cells are moved, not copied, or stay in their spill file.
pub(super) fn table(
    file: &Arc<Path>,
    sheet: Arc<str>,
    mut read: SheetCells,
    merged: &[calamine::Dimensions],
    diags: &mut Diagnostics,
) -> Table {
    let mut t = Table::empty(sheet);
    t.texts = std::mem::take(&mut read.texts);
    // Whether a data cell can lie under no header: only when the header
    // row has a hole or data outside it, or a header cell that is not a
    // header (an error value). Otherwise the cells are not walked again
    // (for a large sheet, read back from its spill file).
    let mut may_be_unheaded = read.header_has_hole();
    if let Some(&(r, _)) = read.rows.first() {
        t.header_row = r;
        for m in merged {
            if m.start.0 <= r && r <= m.end.0 && m.start.1 != m.end.1 {
                diags.push(
                    Diagnostic::error(
                        Location::excel_cell_shared(file, &t.sheet, m.start.0, m.start.1),
                        format!(
                            "the header row has merged cells ({}:{})",
                            crate::location::cell_name(m.start.0, m.start.1),
                            crate::location::cell_name(m.end.0, m.end.1)
                        ),
                    )
                    .with_hint("unmerge them so that every column has its own header"),
                );
            }
        }
        let total = read.len();
        let n = read.rows.get(1).map_or(total, |(_, e)| *e as usize);
        let header = match &read.spill {
            None => Ok(Cow::Borrowed(&read.cells[..n])),
            Some(spill) => spill.read(0, n).map(Cow::Owned),
        };
        match header {
            Ok(header) => {
                for c in header.iter() {
                    match t.value(c) {
                        Ok(Some(h)) => t.headers.push((c.col(), h)),
                        Ok(None) => {}
                        Err(e) => diags.push(Diagnostic::error(
                            Location::excel_cell_shared(file, &t.sheet, r, c.col()),
                            e,
                        )),
                    }
                }
            }
            Err(e) => diags.push(read_back_error(file, &t.sheet, &e)),
        }
        may_be_unheaded |= t.headers.len() != n;
        t.rows = read.rows[1..]
            .iter()
            .map(|(r, start)| (*r, start - n as u32))
            .collect();
        t.cells = match read.spill {
            None => {
                read.cells.drain(..n);
                Cells::Mem(read.cells)
            }
            Some(spill) => Cells::Spilled {
                spill,
                offset: n as u64 * CellRef::SIZE,
                len: total - n,
            },
        };
    }
    t.rows.shrink_to_fit();
    if !may_be_unheaded {
        return t;
    }
    // A value under an empty header cell.
    let headed: Vec<u32> = t.headers.iter().map(|h| h.0).collect();
    let mut reported = Vec::new();
    let read = t.for_each_row(|_, r, cells| {
        for c in cells {
            if !headed.contains(&c.col()) && !reported.contains(&c.col()) {
                reported.push(c.col());
                diags.push(unheaded(file, &t.sheet, t.header_row, r, c.col()));
            }
        }
    });
    if let Err(e) = read {
        diags.push(read_back_error(file, &t.sheet, &e));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_holes() {
        let s = |r: u32, col: u16| (r, CellRef::new(col, Kind::Text, 0));
        let hole = |cells: &[(u32, CellRef)]| {
            SheetCells::from_pairs(cells.to_vec(), Texts::default()).header_has_hole()
        };
        assert!(!hole(&[]));
        assert!(!hole(&[s(0, 1), s(0, 2), s(1, 1), s(1, 2)]));
        assert!(hole(&[s(0, 1), s(0, 3), s(1, 1)]));
        assert!(hole(&[s(0, 1), s(0, 2), s(1, 3)]));
        assert!(hole(&[s(0, 1), s(0, 2), s(1, 0)]));
        // Out of order, as a sheet may be written: sorted first.
        let t = SheetCells::from_pairs(vec![s(1, 2), s(0, 2), s(1, 1), s(0, 1)], Texts::default());
        let order: Vec<(u32, u32)> = t.pairs().map(|(r, c)| (r, c.col())).collect();
        assert_eq!(order, [(0, 1), (0, 2), (1, 1), (1, 2)]);
        assert!(!t.header_has_hole());
    }
}
