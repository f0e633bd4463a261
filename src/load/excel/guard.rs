//! Step 0, before calamine opens a workbook: the bounds calamine itself does
//! not keep (issue 15, failures 3 and 4). calamine holds a workbook's whole
//! shared-string table, every text cell it reads and, for `.ods`, the
//! cells of a row repeated (`number-columns-repeated`) before it can
//! refuse them; so what it would hold is measured here first, from the zip
//! (streamed, a few KB of memory), and a workbook over a limit is refused
//! with a plain error:
//!
//! - no one text (a cell, a shared string) over [`MAX_TEXT_BYTES`], the
//!   same cap as a YAML file's text, and no shared-string table over
//!   [`MAX_TABLE_BYTES`] together (the cap of a template's parts);
//! - for `.ods`, no more than [`MAX_CELLS`] cells once repeated rows and
//!   columns are expanded, counted before they are.
//!
//! Only entries that could break a limit are read: an entry's declared size
//! (which the zip reader enforces) bounds its longest text, so ordinary
//! workbooks cost one look at the zip's directory.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use super::book::MAX_CELLS;
use crate::error::{Diagnostic, Error, Result, human_size};
use crate::location::Location;

/// The most text one input may hold: a YAML file's scalars together
/// (serde-saphyr's budget), a workbook's shared-string table, any one cell.
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// The most text of a workbook's shared-string table, which calamine holds
/// whole (once per reading thread): the same 256 MiB as a template part
/// (`docx::MAX_INFLATED_BYTES`, a floor above).
pub const MAX_TABLE_BYTES: usize = 256 << 20;

/// The columns calamine keeps of a row (Excel's 16,384).
const MAX_COLUMNS: u64 = 16_384;

/// The limits [`check`] applies (a value so tests can use small ones).
#[derive(Debug, Clone, Copy)]
pub(super) struct Caps {
    pub(super) text: usize,
    pub(super) table: usize,
    pub(super) cells: usize,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            text: MAX_TEXT_BYTES,
            table: MAX_TABLE_BYTES,
            cells: MAX_CELLS,
        }
    }
}

/// Refuses a zip workbook (.xlsx, .xlsm, .ods) that would make calamine hold
/// more than `caps` allow. Anything that is not a zip is left to calamine.
pub(super) fn check(path: &Path, caps: Caps) -> Result<()> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let entries: Vec<(String, u64)> = (0..zip.len())
        .filter_map(|i| {
            zip.by_index_raw(i)
                .ok()
                .and_then(|e| Some((e.name().ok()?.to_string(), e.size())))
        })
        .collect();
    for (name, size) in entries {
        let lower = name.to_ascii_lowercase();
        let strings = lower.ends_with("sharedstrings.xml");
        let sheet = lower.starts_with("xl/worksheets/") && lower.ends_with(".xml");
        let ods = lower == "content.xml";
        // A text cannot be longer than its entry.
        if (strings || sheet || ods)
            && size > caps.text as u64
            && let Ok(entry) = zip.by_name(&name)
        {
            let texts = longest_text(entry, caps).map_err(|e| unreadable(path, &name, &e))?;
            too_much_text(path, &name, strings, &texts, caps)?;
        }
        if ods && let Ok(entry) = zip.by_name(&name) {
            let cells =
                ods_cells(entry, caps.cells as u64).map_err(|e| unreadable(path, &name, &e))?;
            if cells > caps.cells as u64 {
                return Err(refused(
                    path,
                    format!(
                        "its repeated rows and cells make more than {} cells, the most engagekit reads",
                        caps.cells
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Refuses one text over the cap, or a shared-string table over it together.
fn too_much_text(path: &Path, name: &str, strings: bool, t: &Texts, caps: Caps) -> Result<()> {
    let (what, size) = if t.longest > caps.text {
        ("it holds a text of", t.longest)
    } else if strings && t.total > caps.table {
        ("its shared texts together are", t.total)
    } else {
        return Ok(());
    };
    Err(refused(
        path,
        format!(
            "{what} {} (in `{name}`), more than the {} engagekit reads",
            human_size(size as u64),
            human_size(if t.longest > caps.text {
                caps.text
            } else {
                caps.table
            } as u64)
        ),
    ))
}

fn refused(path: &Path, reason: String) -> Error {
    Error::from(
        Diagnostic::error(
            Location::file(path),
            format!(
                "failed to read `{}` as a workbook ({reason})",
                path.display()
            ),
        )
        .with_hint("check that the workbook is not filled far beyond its data"),
    )
}

fn unreadable(path: &Path, entry: &str, e: &dyn std::fmt::Display) -> Error {
    refused(path, format!("`{entry}` cannot be read: {e}"))
}

/// The longest run of bytes between two `<`/`>` (a text, or a tag with its
/// attributes) and the bytes of text (after a `>`) together; the reading
/// stops once either is over its cap.
#[derive(Debug, Default)]
struct Texts {
    longest: usize,
    total: usize,
}

fn longest_text(mut r: impl Read, caps: Caps) -> std::io::Result<Texts> {
    let mut buf = vec![0u8; 256 * 1024];
    let mut t = Texts::default();
    let mut run = 0usize;
    let mut in_text = false;
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let mut last = 0;
        for i in memchr::memchr2_iter(b'<', b'>', &buf[..n]) {
            run += i - last;
            if in_text {
                t.total += run;
            }
            t.longest = t.longest.max(run);
            in_text = buf[i] == b'>';
            run = 0;
            last = i + 1;
        }
        run += n - last;
        if run.max(t.longest) > caps.text || t.total > caps.table {
            break;
        }
    }
    t.longest = t.longest.max(run);
    Ok(t)
}

/// The cells of an `.ods` `content.xml` as calamine expands them: a cell
/// repeated across columns is copied (up to [`MAX_COLUMNS`] a row), a row
/// repeated down is copied when it holds a value. Stops counting past `max`.
fn ods_cells(r: impl Read, max: u64) -> std::result::Result<u64, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(r));
    let mut buf = Vec::new();
    let mut total = 0u64;
    let mut row_repeat = 1u64;
    // Columns of the current row up to its last cell with a value.
    let (mut cols, mut filled) = (0u64, 0u64);
    loop {
        let ev = reader.read_event_into(&mut buf)?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table-row" => {
                    row_repeat = repeat(e, "table:number-rows-repeated");
                    (cols, filled) = (0, 0);
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    cols = (cols + repeat(e, "table:number-columns-repeated")).min(MAX_COLUMNS);
                    let valued = matches!(ev, Event::Start(_))
                        || e.try_get_attribute("office:value-type")
                            .ok()
                            .flatten()
                            .is_some();
                    if valued {
                        filled = cols;
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" && filled > 0 => {
                total = total.saturating_add(filled.saturating_mul(row_repeat));
                if total > max {
                    return Ok(total);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(total)
}

fn repeat(e: &quick_xml::events::BytesStart, attr: &str) -> u64 {
    e.try_get_attribute(attr)
        .ok()
        .flatten()
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip(path: &Path, entries: &[(&str, &str)]) {
        let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        for (name, text) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap();
    }

    fn msg(r: Result<()>) -> String {
        let e = r.unwrap_err();
        e.diagnostics()
            .unwrap()
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    fn small() -> Caps {
        Caps {
            text: 1000,
            table: 2000,
            cells: 10_000,
        }
    }

    /// Failure 3: one long shared string (the 1 GiB cell, made small).
    #[test]
    fn a_long_shared_string_is_refused_before_calamine_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet()
            .write_string(0, 0, "x".repeat(5000))
            .unwrap();
        wb.save(&p).unwrap();
        let err = msg(check(&p, small()));
        assert!(err.contains("it holds a text of 4.9 KiB (in `xl/sharedStrings.xml`), more than the 1000 bytes engagekit reads"), "{err}");
        check(&p, Caps::default()).unwrap();
    }

    #[test]
    fn many_short_shared_strings_are_counted_together() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("many.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for i in 0..400 {
            ws.write_string(i, 0, format!("text number {i}")).unwrap();
        }
        wb.save(&p).unwrap();
        let err = msg(check(&p, small()));
        assert!(err.contains("its shared texts together are"), "{err}");
    }

    #[test]
    fn a_long_inline_text_in_a_sheet_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("inline.xlsx");
        let sheet = format!(
            r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row></sheetData></worksheet>"#,
            "y".repeat(3000)
        );
        zip(&p, &[("xl/worksheets/sheet1.xml", &sheet)]);
        let err = msg(check(&p, small()));
        assert!(err.contains("(in `xl/worksheets/sheet1.xml`)"), "{err}");
    }

    /// Failure 4: repeated rows and cells, counted before they are expanded.
    #[test]
    fn ods_repeated_rows_and_cells_are_counted_before_expansion() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bomb.ods");
        let row = r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row>"#;
        let content = format!(
            "<office:document-content><office:body><office:spreadsheet><table:table>{row}</table:table></office:spreadsheet></office:body></office:document-content>"
        );
        zip(
            &p,
            &[
                ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                ("content.xml", &content),
            ],
        );
        let err = msg(check(&p, small()));
        assert!(
            err.contains("its repeated rows and cells make more than 10000 cells"),
            "{err}"
        );
        // LibreOffice's trailing empty rows and columns hold no value: free.
        let empty = r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
        let content = format!(
            "<office:document-content><table:table><table:table-row><table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell></table:table-row>{empty}</table:table></office:document-content>"
        );
        zip(
            &p,
            &[
                ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                ("content.xml", &content),
            ],
        );
        check(&p, small()).unwrap();
    }

    /// One cap for all inputs: a YAML file's text is bounded by the same figure.
    #[test]
    fn the_text_cap_is_the_yaml_budget() {
        assert_eq!(
            serde_saphyr::Budget::default().max_total_scalar_bytes,
            MAX_TEXT_BYTES
        );
    }

    #[test]
    fn the_sample_workbook_passes() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/contoso.xlsx");
        check(&p, Caps::default()).unwrap();
    }
}
