//! What a batch run did ([`BatchReport`]), and the name and timestamp of
//! the zip it writes, shared by the export and the merge of its shards.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::failure::Failure;
use super::totals::Totals;
use crate::error::Diagnostics;
use crate::load::Shard;
use crate::model::Quarter;

/// What a batch run did.
#[derive(Debug)]
pub struct BatchReport {
    pub zip_path: PathBuf,
    pub quarter: Quarter,
    pub shard: Option<Shard>,
    /// Files found.
    pub files: usize,
    /// Valid engagements in this shard.
    pub engagements: usize,
    /// The counts of the exported reports (`totals.all.iterations` of them),
    /// in all and per type and customer; the reports' rows are in the zip's
    /// `summary.xlsx` and `summary.json`.
    pub totals: Totals,
    /// Everything that failed, in discovery order.
    pub failures: Vec<Failure>,
    /// Warnings of the engagements and reports that were exported.
    pub warnings: Diagnostics,
    /// How many iterations of the valid engagements have their ensure date
    /// in each quarter, this one and every other: what to suggest when this
    /// quarter has no reports (empty after a merge, which reads no data).
    pub ensure_quarters: BTreeMap<Quarter, usize>,
}

impl BatchReport {
    /// True when nothing failed.
    pub fn is_success(&self) -> bool {
        self.failures.is_empty()
    }
}

/// `2026-Q3-ensure-reports.zip`, or `2026-Q3-ensure-reports-shard-2-of-4.zip`.
pub fn zip_name(quarter: Quarter, shard: Option<Shard>) -> String {
    format!("{quarter}-ensure-reports{}.zip", shard_suffix(shard))
}

/// `-shard-2-of-4` for a shard of several, else nothing: the suffix of
/// the zip's and the summaries' names.
pub(super) fn shard_suffix(shard: Option<Shard>) -> String {
    shard
        .filter(|s| s.count() > 1)
        .map(|s| format!("-shard-{}-of-{}", s.index(), s.count()))
        .unwrap_or_default()
}

/// Every zip entry's timestamp: `SOURCE_DATE_EPOCH` when set, else the
/// quarter's last day (never the wall clock).
pub(super) fn zip_time(epoch: Option<i64>, quarter: Quarter) -> zip::DateTime {
    crate::docx::write::entry_time(epoch, Some(quarter.last_day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quarter {
        s.parse().unwrap()
    }

    #[test]
    fn zip_names() {
        assert_eq!(zip_name(q("2026-Q3"), None), "2026-Q3-ensure-reports.zip");
        assert_eq!(
            zip_name(q("2026-Q3"), Shard::new(2, 4)),
            "2026-Q3-ensure-reports-shard-2-of-4.zip"
        );
        // One shard of one is the whole portfolio.
        assert_eq!(
            zip_name(q("2026-Q3"), Shard::new(1, 1)),
            "2026-Q3-ensure-reports.zip"
        );
    }

    #[test]
    fn zip_time_is_the_quarters_last_day_or_source_date_epoch() {
        let t = zip_time(None, q("2026-Q1"));
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2026, 3, 31, 0));
        // 2001-09-09T01:46:40Z
        let t = zip_time(Some(1_000_000_000), q("2026-Q1"));
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2001, 9, 9, 1, 46)
        );
    }
}
