//! The summary rows of a batch, kept on disk while it runs.
//!
//! A batch needs every report's summary row at the end, for `summary.xlsx`
//! and `summary.json` (and for a portfolio summary template that lists
//! them), but held in memory they are the part of a run that grows with the
//! portfolio (with their order keys and names; see BENCHMARKS.md).
//! [`SummaryRows`] writes each row to an anonymous temporary file as it
//! comes, keeps only their [`Totals`], and reads them back in order for the
//! summaries.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};

use serde::Serialize;

use super::manifest::{ManifestRow, OrderKey};
use super::totals::{SummaryRow, Totals};
use crate::error::{Error, Result};

/// The summary rows of a run, in zip order, each with its [`OrderKey`] and
/// its name before it was made unique: on disk, one `summary.json` row
/// ([`ManifestRow`]) per line, in a temporary file that is deleted when this
/// is dropped (or the process ends). Only their [`Totals`] stay in memory.
#[derive(Debug)]
pub struct SummaryRows {
    out: BufWriter<File>,
    len: usize,
    totals: Totals,
    /// The file is positioned at its end, where the next row goes (not
    /// after a read).
    at_end: bool,
}

/// A row as written: [`ManifestRow`]'s fields, borrowed.
#[derive(Serialize)]
struct RowOut<'a> {
    key: OrderKey,
    base_name: &'a str,
    row: &'a SummaryRow,
}

fn write_err(e: impl std::fmt::Display) -> Error {
    Error::write("the summary rows to a temporary file", e)
}

fn read_err(e: impl std::fmt::Display) -> Error {
    Error::read("the summary rows back from their temporary file", e)
}

impl SummaryRows {
    /// No rows yet; creates the temporary file (in the system's temporary
    /// folder, `TMPDIR`).
    pub fn new() -> Result<Self> {
        let file = tempfile::tempfile().map_err(write_err)?;
        Ok(SummaryRows {
            out: BufWriter::with_capacity(64 * 1024, file),
            len: 0,
            totals: Totals::default(),
            at_end: true,
        })
    }

    /// Adds the row of the next report in zip order: `key` is its place in
    /// the unsharded order, `base_name` its name before it was made unique.
    /// The rows of one engagement must come one after the other (see
    /// [`Totals::add`]).
    pub fn push(&mut self, key: OrderKey, base_name: &str, row: &SummaryRow) -> Result<()> {
        if !self.at_end {
            self.out.seek(SeekFrom::End(0)).map_err(write_err)?;
            self.at_end = true;
        }
        let out = RowOut {
            key,
            base_name,
            row,
        };
        serde_json::to_writer(&mut self.out, &out).map_err(write_err)?;
        self.out.write_all(b"\n").map_err(write_err)?;
        self.totals.add(row);
        self.len += 1;
        Ok(())
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The counts over all rows.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The counts over all rows; the file is deleted.
    pub fn into_totals(self) -> Totals {
        self.totals
    }

    /// Every row, in the order they were added, read back one at a time.
    pub fn read(&mut self) -> Result<impl Iterator<Item = Result<ManifestRow>> + '_> {
        self.out.flush().map_err(write_err)?;
        self.out.get_mut().rewind().map_err(read_err)?;
        self.at_end = false;
        let mut lines = BufReader::with_capacity(64 * 1024, self.out.get_ref());
        let mut line = Vec::new();
        let mut left = self.len;
        Ok(std::iter::from_fn(move || {
            if left == 0 {
                return None;
            }
            left -= 1;
            line.clear();
            Some(match lines.read_until(b'\n', &mut line) {
                Ok(0) => Err(read_err("it ends early")),
                Ok(_) => serde_json::from_slice(&line).map_err(read_err),
                Err(e) => Err(read_err(e)),
            })
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, customer: &str, achieved: u32) -> SummaryRow {
        SummaryRow {
            customer: customer.into(),
            engagement_id: id.into(),
            engagement_title: Some("Title \"quoted\"\nnew line".into()),
            iteration: 2,
            engagement_type: "Build".into(),
            ensure_date: "2026-08-01".into(),
            committed: 3,
            achieved,
            partially_achieved: 0,
            not_achieved: 3 - achieved,
            not_reported: 0,
            share_achieved: f64::from(achieved) / 3.0,
            open_next_steps: 1,
            report: format!("{customer}/{id}.docx"),
            file: format!("p/{id}.yaml").into(),
        }
    }

    fn read_all(rows: &mut SummaryRows) -> Vec<ManifestRow> {
        rows.read().unwrap().collect::<Result<_>>().unwrap()
    }

    #[test]
    fn rows_read_back_in_order_and_more_can_follow() {
        let mut rows = SummaryRows::new().unwrap();
        assert!(read_all(&mut rows).is_empty());
        let a = row("A-1", "Acme", 1);
        let b = row("B-1", "Bolt", 2);
        rows.push([1, 0, 0], "Acme/A-1.docx", &a).unwrap();
        rows.push([2, 0, 1], "Bolt/B-1 base.docx", &b).unwrap();
        let back = read_all(&mut rows);
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].row, a, "every field, the share to the last bit");
        assert_eq!(
            (back[1].key, back[1].base_name.as_str()),
            ([2, 0, 1], "Bolt/B-1 base.docx")
        );
        assert_eq!(back[1].row, b);
        // A row added after a read goes at the end, and a second read sees all.
        rows.push([3, 0, 0], "c", &row("C-1", "Acme", 3)).unwrap();
        let back = read_all(&mut rows);
        assert_eq!(back.len(), 3);
        assert_eq!(back[2].row.engagement_id, "C-1");
        assert_eq!(rows.len(), 3);
        let t = rows.into_totals();
        assert_eq!((t.all.iterations, t.all.achieved, t.engagements), (3, 6, 3));
        assert_eq!(t.by_customer["Acme"].0, 2);
    }
}
