//! The end of a run's zip: `summary.xlsx`, `portfolio-summary.docx` and
//! `summary.json`, written by the export and, over all shards, by the merge.

use std::io::{Cursor, Seek, Write};

use super::manifest::{self, OrderKey};
use super::report::{BatchReport, shard_suffix};
use super::rows::SummaryRows;
use super::summary;
use super::templates::BatchTemplates;
use crate::docx::write::ZipOut;
use crate::error::Result;

/// Writes `summary.xlsx`, `portfolio-summary.docx` and `summary.json` (the
/// manifest [`merge`](super::merge::merge) reads) of `report` and its `rows`
/// into the zip, each streamed into its entry. `failure_keys` are the order keys of the
/// report's failures, `engagement_ids` the ids of its engagements, sorted.
pub(super) fn write_summaries<W: Write + Seek + Send>(
    zip: &mut ZipOut<W>,
    templates: &BatchTemplates,
    report: &BatchReport,
    rows: &mut SummaryRows,
    failure_keys: &[OrderKey],
    engagement_ids: &[String],
) -> Result<()> {
    let input = summary::SummaryInput {
        quarter: report.quarter,
        shard: report.shard,
        failures: &report.failures,
        files: report.files,
        engagements: report.engagements,
    };
    let suffix = shard_suffix(report.shard);
    zip.add_stored_from(&format!("summary{suffix}.xlsx"), |w| {
        summary::xlsx(&input, rows, w)
    })?;
    let ctx = summary::context(&input, rows, templates.summary_parts)?;
    let doc = templates.summary.template.render(&ctx)?;
    drop(ctx);
    let mut buf = Cursor::new(Vec::new());
    templates.summary.template.write_to(&doc, &mut buf)?;
    zip.add_stored(&format!("portfolio-summary{suffix}.docx"), buf.get_ref())?;
    zip.add_from(&format!("summary{suffix}.json"), |w| {
        let count = rows.len();
        let read = rows.read().map_err(|e| manifest::write_error(&e))?;
        manifest::write_manifest(w, report, count, read, failure_keys, engagement_ids)
    })
}
