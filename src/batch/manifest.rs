//! `summary.json`, the [`Manifest`] every batch zip carries: the quarter,
//! the shard, the summary rows and failures, each with its [`OrderKey`], and
//! the engagement ids of the shard. A batch writes it (`write_manifest`);
//! [`merge`](super::merge::merge) reads the shards' manifests back.

use std::cell::RefCell;
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::failure::Failure;
use super::report::BatchReport;
use super::totals::SummaryRow;
use crate::error::{Error, Result};

/// Where an item stands in the unsharded export's order: the file's
/// position in discovery order (1-based; 0 for the inputs themselves), the
/// engagement's position in its file, the report's position among the
/// engagement's reports. Sorting by it puts the reports and failures of
/// several shards back in the order one unsharded run writes them.
pub type OrderKey = [u32; 3];

/// The manifest format; a merge refuses others.
pub const MANIFEST_FORMAT: u32 = 1;

/// What a batch zip says about itself, for [`merge`](super::merge::merge): `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: u32,
    pub engagekit: String,
    /// `2026-Q3`.
    pub quarter: String,
    /// `{index, count}`, or `null` for an unsharded run.
    pub shard: Option<ShardJson>,
    /// Files found (the same in every shard of one run).
    pub files: usize,
    /// Valid engagements in this shard.
    pub engagements: usize,
    /// Their ids, sorted.
    pub engagement_ids: Vec<String>,
    /// One per report, in zip order.
    pub rows: Vec<ManifestRow>,
    /// Every failure, in order.
    pub failures: Vec<ManifestFailure>,
}

/// A shard in a manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardJson {
    pub index: u32,
    pub count: u32,
}

/// A report: its summary row, its place in the unsharded order and its
/// name before it was made unique.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestRow {
    pub key: OrderKey,
    pub base_name: String,
    pub row: SummaryRow,
}

/// A failure and its place in the unsharded order (`[0, n, 0]` for a
/// failure of the inputs themselves, which every shard reports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFailure {
    pub key: OrderKey,
    pub failure: Failure,
}

/// What [`write_manifest`] writes: [`Manifest`]'s fields, borrowed from the
/// report; the rows are read back from their file one at a time as they are
/// serialized.
#[derive(Serialize)]
#[serde(bound = "")]
struct ManifestOut<'a, I: Iterator<Item = Result<ManifestRow>>> {
    format: u32,
    engagekit: &'static str,
    quarter: String,
    shard: Option<ShardJson>,
    files: usize,
    engagements: usize,
    engagement_ids: &'a [String],
    rows: RowsOut<I>,
    failures: Vec<FailureOut<'a>>,
}

/// The rows (how many, and the rows as they are read), serialized as a list
/// while they are read.
struct RowsOut<I>(usize, RefCell<I>);

impl<I: Iterator<Item = Result<ManifestRow>>> Serialize for RowsOut<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let mut rows = self.1.borrow_mut();
        let mut seq = s.serialize_seq(Some(self.0))?;
        for row in &mut *rows {
            seq.serialize_element(&row.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct FailureOut<'a> {
    key: OrderKey,
    failure: &'a Failure,
}

/// Writes `summary.json` of a report and its `row_count` rows to `w`, as it
/// is serialized: `rows` yields them as they are read back (from
/// [`SummaryRows`](super::rows::SummaryRows)), `failure_keys` holds each
/// failure's order key (parallel to the report's failures), `engagement_ids`
/// the engagements' ids, sorted.
pub(super) fn write_manifest(
    w: &mut dyn Write,
    report: &BatchReport,
    row_count: usize,
    rows: impl Iterator<Item = Result<ManifestRow>>,
    failure_keys: &[OrderKey],
    engagement_ids: &[String],
) -> Result<()> {
    let out = ManifestOut {
        format: MANIFEST_FORMAT,
        engagekit: env!("CARGO_PKG_VERSION"),
        quarter: report.quarter.to_string(),
        shard: report.shard.filter(|s| s.count() > 1).map(|s| ShardJson {
            index: s.index(),
            count: s.count(),
        }),
        files: report.files,
        engagements: report.engagements,
        engagement_ids,
        rows: RowsOut(row_count, RefCell::new(rows)),
        failures: failure_keys
            .iter()
            .zip(&report.failures)
            .map(|(key, failure)| FailureOut { key: *key, failure })
            .collect(),
    };
    serde_json::to_writer(&mut *w, &out).map_err(|e| write_error(&e))?;
    w.write_all(b"\n").map_err(|e| write_error(&e))
}

/// `summary.json` could not be written (or its rows read back for it).
pub(super) fn write_error(e: &dyn std::fmt::Display) -> Error {
    Error::write("`summary.json`", e)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::error::Diagnostics;
    use crate::load::Shard;

    #[test]
    fn the_manifest_reads_back() {
        let report = BatchReport {
            zip_path: PathBuf::from("x.zip"),
            quarter: "2026-Q3".parse().unwrap(),
            shard: Shard::new(2, 3),
            files: 4,
            engagements: 1,
            totals: Default::default(),
            failures: vec![Failure::file(Path::new("a.yaml"), "broken")],
            warnings: Diagnostics::new(),
            ensure_quarters: Default::default(),
        };
        let row = SummaryRow {
            customer: "Acme \"Nord\"".into(),
            engagement_id: "A".into(),
            engagement_title: None,
            iteration: 2,
            engagement_type: "Build".into(),
            ensure_date: "2026-08-01".into(),
            committed: 3,
            achieved: 2,
            partially_achieved: 0,
            not_achieved: 1,
            not_reported: 0,
            share_achieved: 2.0 / 3.0,
            open_next_steps: 0,
            report: "Acme/A (2).docx".into(),
            file: "p/a.yaml".into(),
        };
        let rows = [Ok(ManifestRow {
            key: [2, 0, 1],
            base_name: "Acme/A.docx".into(),
            row: row.clone(),
        })];
        let mut json = Vec::new();
        let ids = ["A".to_string()];
        write_manifest(&mut json, &report, 1, rows.into_iter(), &[[1, 0, 0]], &ids).unwrap();
        let m: Manifest = serde_json::from_slice(&json).unwrap();
        assert_eq!(m.format, MANIFEST_FORMAT);
        assert_eq!(m.quarter, "2026-Q3");
        assert_eq!(m.shard, Some(ShardJson { index: 2, count: 3 }));
        assert_eq!(m.files, 4);
        assert_eq!(m.engagement_ids, ["A"]);
        assert_eq!(m.failures[0].key, [1, 0, 0]);
        assert_eq!(m.failures[0].failure.reason, "broken");
        assert_eq!(m.rows.len(), 1);
        assert_eq!(
            (m.rows[0].key, m.rows[0].base_name.as_str()),
            ([2, 0, 1], "Acme/A.docx")
        );
        assert_eq!(m.rows[0].row, row);
        // Written as it is read: the same bytes as the whole manifest serialized.
        let mut whole = serde_json::to_vec(&m).unwrap();
        whole.push(b'\n');
        assert_eq!(
            String::from_utf8(json).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }
}
