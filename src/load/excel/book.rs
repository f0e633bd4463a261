//! An open workbook ([`Book`]) whose sheets are read into tables, several
//! at once on the current rayon pool, each sheet streamed into its filled
//! cells ([`sheet_cells`]) within the workbook's cell budget ([`MAX_CELLS`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use calamine::{Data, DataRef, Reader, Sheets};

use super::cells::{CellRef, Kind};
use super::layout::norm;
use super::spill::SPILL_ABOVE;
use super::table::{SheetCells, Table, table};
use super::text::cell_text;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::location::Location;

/// Opens a workbook, mapping calamine's errors to plain words.
pub(super) fn open(path: &Path) -> Result<Sheets<std::io::BufReader<std::fs::File>>> {
    if !path.exists() {
        return Err(Error::io(
            "read",
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        ));
    }
    calamine::open_workbook_auto(path).map_err(|e| workbook_error(path, &e))
}

fn workbook_error(path: &Path, e: &calamine::Error) -> Error {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    let reason = if lower.contains("password") || lower.contains("encrypt") {
        "it is password-protected; remove the password in Excel (File › Info › Protect Workbook) and save it again".to_string()
    } else if lower.contains("zip")
        || lower.contains("eocd")
        || lower.contains("cfb")
        || lower.contains("xml")
    {
        format!("it is not a valid workbook or it is damaged: {text}")
    } else {
        text
    };
    Error::from(Diagnostic::error(
        Location::file(path),
        format!(
            "failed to read `{}` as a workbook ({reason})",
            path.display()
        ),
    ))
}

/// The most filled cells engagekit reads from one workbook. Reading is
/// streamed (no dense grid), and the cells of large sheets go to a
/// temporary file as they are read (`Spill`), so memory grows with 8 bytes
/// per row and each distinct text once; this bound keeps a hostile or runaway
/// workbook (a zip bomb of sheet XML) from taking the machine's memory: it is
/// refused with a plain error before its cells fill the memory, while the
/// largest portfolio workbooks measured stay well under it (BENCHMARKS.md).
pub const MAX_CELLS: usize = 20_000_000;

pub(super) type Workbook = Sheets<std::io::BufReader<std::fs::File>>;

/// An open workbook whose sheets are read into tables, several at once on
/// the current rayon pool: each reading thread takes its own handle on the
/// file (calamine reads a sheet through `&mut`), so `--jobs 2` reads a
/// portfolio workbook's sheets on both cores.
pub(super) struct Book {
    pub(super) file: Arc<Path>,
    pub(super) sheet_names: Vec<String>,
    /// Open handles not in use (each has parsed the shared strings once).
    idle: Mutex<Vec<Workbook>>,
    /// Filled cells read so far by every thread, against `max_cells`.
    cells_read: AtomicUsize,
    /// [`MAX_CELLS`] (a field so tests can use a small one).
    max_cells: usize,
    /// [`SPILL_ABOVE`] (a field so tests can use a small one; 0: never spill).
    pub(super) spill_above: usize,
}

pub(super) fn open_book(path: &Path) -> Result<Book> {
    super::guard::check(path, super::guard::Caps::default())?;
    let wb = open(path)?;
    let sheet_names = wb.sheet_names();
    Ok(Book {
        file: Arc::from(path),
        sheet_names,
        idle: Mutex::new(vec![wb]),
        cells_read: AtomicUsize::new(0),
        max_cells: MAX_CELLS,
        spill_above: SPILL_ABOVE,
    })
}

impl Book {
    /// The name of the sheet whose normal form is `wanted` (the last one when
    /// several names share it).
    pub(super) fn find(&self, wanted: &str) -> Option<String> {
        let wanted = norm(wanted);
        self.sheet_names
            .iter()
            .rev()
            .find(|n| norm(n) == wanted)
            .cloned()
    }

    /// Reads the sheets `names` into tables in parallel, each with the
    /// problems it had, in the order given. `Err` when the workbook exceeds
    /// [`MAX_CELLS`].
    pub(super) fn tables(&self, names: &[String]) -> Result<Vec<SheetRead>> {
        // Each thread takes the next sheet when it is done with one: a
        // portfolio's sheets differ widely in size, and halves fixed in
        // advance would leave a core idle.
        let next = AtomicUsize::new(0);
        let done: Vec<Mutex<Option<Result<SheetRead>>>> =
            names.iter().map(|_| Mutex::new(None)).collect();
        // calamine reads a whole .ods or .xls when it opens it: a second
        // handle would read it all again.
        let per_sheet = matches!(
            self.idle.lock().unwrap_or_else(|e| e.into_inner()).first(),
            Some(Sheets::Xlsx(_) | Sheets::Xlsb(_))
        );
        let wanted = if per_sheet {
            rayon::current_num_threads().min(names.len())
        } else {
            1
        };
        // Every thread's handle is opened first: one that cannot be opened
        // (too many open files) means fewer threads, not a failed read.
        let threads = {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            while idle.len() < wanted {
                match open(&self.file) {
                    Ok(wb) => idle.push(wb),
                    Err(_) => break,
                }
            }
            idle.len().clamp(1, wanted.max(1))
        };
        rayon::scope(|s| {
            for _ in 0..threads {
                s.spawn(|_| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(name) = names.get(i) else { break };
                        let mut diags = Diagnostics::new();
                        let t = self.table(name, &mut diags).map(|t| (t, diags));
                        *done[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(t);
                    }
                });
            }
        });
        let read: Vec<SheetRead> = done
            .into_iter()
            .map(|d| {
                d.into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                    .expect("every sheet is read")
            })
            .collect::<Result<_>>()?;
        // Each thread counts its last few thousand cells only when its sheet
        // ends, so two threads ending together can both pass the limit's
        // check: the total decides, whatever the timing.
        if self.cells_read.load(Ordering::Relaxed) > self.max_cells {
            return Err(self.too_big());
        }
        Ok(read)
    }

    /// The error of a workbook over [`MAX_CELLS`].
    fn too_big(&self) -> Error {
        Error::from(
            Diagnostic::error(
                Location::file(&*self.file),
                format!(
                    "failed to read `{}` as a workbook (it holds more than {} filled cells, the most engagekit reads)",
                    self.file.display(),
                    thousands(self.max_cells)
                ),
            )
            .with_hint("split the workbook, or check that it is not filled far beyond its data"),
        )
    }

    /// Reads sheet `name` into a table; `None` when it cannot be read (reported).
    /// `Err` when the workbook exceeds [`MAX_CELLS`].
    pub(super) fn table(&self, name: &str, diags: &mut Diagnostics) -> Result<Option<Table>> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut wb = match idle {
            Some(wb) => wb,
            None => open(&self.file)?,
        };
        // calamine panics on some damaged workbooks (fuzzing found an
        // overflow in its cell references): one sheet's read fails instead
        // of the process, and the handle it left half-read is dropped.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.table_with(&mut wb, name, diags)
        }));
        match read {
            Ok(t) => {
                self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(wb);
                t
            }
            Err(_) => Err(Error::from(Diagnostic::error(
                Location::file(&*self.file),
                format!(
                    "failed to read `{}` as a workbook (sheet `{name}` is damaged: the workbook reader stopped on it)",
                    self.file.display()
                ),
            ))),
        }
    }

    fn table_with(
        &self,
        wb: &mut Workbook,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Result<Option<Table>> {
        let sheet: Arc<str> = Arc::from(name);
        let budget = Budget {
            read: &self.cells_read,
            max: self.max_cells,
        };
        let cells = match sheet_cells(wb, name, &budget, self.spill_above) {
            Ok(cells) => cells,
            Err(SheetError::TooBig) => return Err(self.too_big()),
            Err(SheetError::Read(e)) => {
                // A chart sheet or an unreadable sheet: report, carry on.
                diags.push(Diagnostic::error(
                    Location::excel_sheet_shared(&self.file, &sheet),
                    format!("failed to read sheet `{name}` ({e})"),
                ));
                return Ok(None);
            }
        };
        // calamine finds an .xlsx sheet's merged cells by parsing the whole
        // sheet again; only a header row with a hole can have merged cells
        // that matter (the cells a merge covers are empty).
        let merged = if cells.header_has_hole() {
            match wb {
                Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
                Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        Ok(Some(table(&self.file, sheet, cells, &merged, diags)))
    }
}

/// A sheet read: its table (`None`: it could not be read) and its problems.
type SheetRead = (Option<Table>, Diagnostics);

/// The filled cells the threads reading one workbook may still read.
struct Budget<'a> {
    read: &'a AtomicUsize,
    max: usize,
}

impl Budget<'_> {
    /// How many cells a thread counts before adding them to the shared
    /// count (and how far over the limit all threads together may get).
    const BATCH: usize = 4096;

    /// Whether `pending` more cells (not yet added) go over the limit.
    fn exceeded(&self, pending: usize) -> bool {
        self.read.load(Ordering::Relaxed) + pending > self.max
    }

    fn add(&self, n: usize) {
        self.read.fetch_add(n, Ordering::Relaxed);
    }
}

/// `30000000` → `30,000,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

enum SheetError {
    TooBig,
    Read(String),
}

/// What [`sheet_cells`] keeps of a cell: its kind and text (`None`: empty).
fn kind_text(d: &Data) -> Option<(Kind, Cow<'_, str>)> {
    let kind = match d {
        Data::Float(_) => Kind::Float,
        Data::Int(_) => Kind::Int,
        Data::Bool(_) => Kind::Bool,
        _ => Kind::Text,
    };
    match cell_text(d) {
        Ok(None) => None,
        Ok(Some(t)) => Some((kind, Cow::Owned(t))),
        Err(e) => Some((Kind::Error, Cow::Owned(e))),
    }
}

/// [`kind_text`] of a streamed cell, without copying the text of a shared
/// string (most text cells of an .xlsx) unless it needs trimming or changing.
pub(super) fn kind_text_ref<'a>(d: &'a DataRef<'_>) -> Option<(Kind, Cow<'a, str>)> {
    match d {
        DataRef::SharedString(s) => {
            let t = s.trim();
            if t.is_empty() {
                None
            } else if t.contains("\r\n") {
                Some((Kind::Text, Cow::Owned(t.replace("\r\n", "\n"))))
            } else {
                Some((Kind::Text, Cow::Borrowed(t)))
            }
        }
        DataRef::Empty => None,
        d => kind_text(&Data::from(d.clone())).map(|(k, t)| (k, Cow::Owned(t.into_owned()))),
    }
}

/// A sheet's filled cells, sorted by (row, column), within `budget`, those
/// of a sheet of more than `spill_above` in a spill file. Excel's
/// own formats are streamed cell by cell; .xls and .ods through calamine's
/// grid, dropped as soon as its filled cells are taken.
fn sheet_cells(
    wb: &mut Workbook,
    name: &str,
    budget: &Budget<'_>,
    spill_above: usize,
) -> std::result::Result<SheetCells, SheetError> {
    let mut out = SheetCells {
        spill_above,
        ..SheetCells::default()
    };
    // Excel writes cells in (row, column) order; when a sheet does not, sort.
    let mut sorted = true;
    let mut last: Option<(u32, u16)> = None;
    // Cells read and not yet added to the budget's shared count.
    let mut pending = 0usize;
    // Text hash → where that text is in `out.text` (16 bytes per distinct
    // text, for the time the sheet is read; a hash collision only means a
    // text is kept twice).
    let hasher = foldhash::fast::RandomState::default();
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let mut add = |r: u32, c: u32, cell: Option<(Kind, Cow<'_, str>)>| {
        let Some((kind, text)) = cell else {
            return Ok(());
        };
        let Ok(col) = u16::try_from(c) else {
            return Err(SheetError::Read(format!(
                "it has a cell in column {}, beyond Excel's last column XFD",
                u64::from(c) + 1
            )));
        };
        pending += 1;
        if budget.exceeded(pending) {
            return Err(SheetError::TooBig);
        }
        if pending == Budget::BATCH {
            budget.add(pending);
            pending = 0;
        }
        // The same text (an id, a date, a status, a name) is kept once.
        let text: &str = &text;
        let hash = std::hash::BuildHasher::hash_one(&hasher, text);
        let id = match seen.get(&hash) {
            Some(&id) if out.texts.get(id) == text => id,
            _ => {
                let Some(id) = out.texts.add(text) else {
                    return Err(SheetError::Read(
                        "the sheet holds more than 4 GB of text".to_string(),
                    ));
                };
                seen.insert(hash, id);
                id
            }
        };
        if last.is_some_and(|l| (r, col) <= l) {
            sorted = false;
        }
        last = Some((r, col));
        out.push(r, CellRef::new(col, kind, id));
        Ok(())
    };
    match wb {
        Sheets::Xlsx(x) => {
            let mut reader = match x.worksheet_cells_reader(name) {
                Ok(r) => r,
                // A chart sheet holds no cells.
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(SheetCells::default()),
                Err(e) => return Err(SheetError::Read(e.to_string())),
            };
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| SheetError::Read(e.to_string()))?
            {
                let (r, c) = cell.get_position();
                add(r, c, kind_text_ref(cell.get_value()))?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(|e| SheetError::Read(e.to_string()))?;
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| SheetError::Read(e.to_string()))?
            {
                let (r, c) = cell.get_position();
                add(r, c, kind_text_ref(cell.get_value()))?;
            }
        }
        wb => {
            let range = wb
                .worksheet_range(name)
                .map_err(|e| SheetError::Read(e.to_string()))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, d) in range.used_cells() {
                add(r0 + r as u32, c0 + c as u32, kind_text(d))?;
            }
        }
    }
    budget.add(pending);
    if sorted && out.spill.is_some() && !out.cells.is_empty() {
        // Every cell in the file, or none.
        out.flush();
    }
    if let Some(e) = out.lost.take() {
        return Err(SheetError::Read(format!(
            "failed to read back its cells from the temporary file ({e})"
        )));
    }
    if !sorted {
        out.unspill().map_err(|e| {
            SheetError::Read(format!(
                "failed to read back its cells from the temporary file ({e})"
            ))
        })?;
        let pairs: Vec<(u32, CellRef)> = out.pairs().collect();
        out = SheetCells::from_pairs(pairs, out.texts);
    }
    out.cells.shrink_to_fit();
    out.rows.shrink_to_fit();
    out.texts.shrink_to_fit();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by `fuzz/` (target `excel`): calamine overflowed on a cell
    /// reference and panicked; the workbook is now a failure to read.
    #[test]
    fn a_workbook_calamine_panics_on_is_an_error() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz/excel-cell-reference-overflow.xlsx");
        let err = crate::load::load_and_validate(&p).unwrap_err();
        let msg: String = err
            .diagnostics()
            .unwrap()
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert!(
            msg.contains("is damaged: the workbook reader stopped on it"),
            "{msg}"
        );
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(20_000_000), "20,000,000");
        assert_eq!(thousands(999), "999");
    }

    /// A workbook over the cell limit (a zip bomb of sheet XML, scaled down)
    /// is a plain error naming the file, not a panic or an abort.
    #[test]
    fn a_workbook_over_the_cell_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bomb.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Engagement").unwrap();
        for r in 0..100u32 {
            ws.write_string(r, 0, "x").unwrap();
            ws.write_string(r, 1, "y").unwrap();
        }
        wb.save(&p).unwrap();
        let mut book = open_book(&p).unwrap();
        book.max_cells = 150;
        let mut diags = Diagnostics::new();
        let err = book.table("Engagement", &mut diags).err().unwrap();
        let d = &err.diagnostics().unwrap().0[0];
        let text = format!("{} {}", d.location, d.message);
        assert!(
            text.contains("bomb.xlsx") && text.contains("more than 150 filled cells"),
            "{text}"
        );
        // Under the limit the same sheet reads.
        let mut book = open_book(&p).unwrap();
        book.max_cells = 200;
        let t = book.table("Engagement", &mut diags).unwrap().unwrap();
        assert_eq!(t.row_count(), 99);
    }

    /// A cell past column 65,536 (Excel stops at XFD, 16,384) is a problem
    /// of its sheet, not a wrapped-around column.
    #[test]
    fn a_cell_beyond_the_last_column_is_reported() {
        use std::io::{Read, Write};
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Engagement").unwrap();
        ws.write_string(0, 0, "Field").unwrap();
        ws.write_string(0, 1, "Value").unwrap();
        wb.save(&good).unwrap();
        // Move B1 to column ZZZZ (the 475,254th) in the sheet's XML.
        let mut zin = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
        let bad = dir.path().join("bad.xlsx");
        let mut zout = zip::ZipWriter::new(std::fs::File::create(&bad).unwrap());
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                assert!(text.contains(r#"r="B1""#), "{text}");
                text = text.replace(r#"r="B1""#, r#"r="ZZZZ1""#);
            }
            zout.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zout.write_all(text.as_bytes()).unwrap();
        }
        zout.finish().unwrap();
        let book = open_book(&bad).unwrap();
        let mut diags = Diagnostics::new();
        assert!(book.table("Engagement", &mut diags).unwrap().is_none());
        let text = diags.to_string();
        assert!(
            text.contains("Engagement")
                && text.contains("column 475254, beyond Excel's last column XFD"),
            "{text}"
        );
    }
}
