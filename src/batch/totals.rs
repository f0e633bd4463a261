//! One exported report's [`SummaryRow`], and the [`Totals`] added up as rows
//! come: all of them, per engagement type and per customer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Engagement, Iteration};

/// One exported ensure report: an engagement iteration of the quarter.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SummaryRow {
    pub customer: String,
    pub engagement_id: String,
    pub engagement_title: Option<String>,
    pub iteration: u32,
    /// The commit phase's engagement type label (empty when there is no commit phase).
    pub engagement_type: String,
    /// The ensure date, `YYYY-MM-DD`.
    pub ensure_date: String,
    /// Goals committed in the statement of work.
    pub committed: u32,
    pub achieved: u32,
    pub partially_achieved: u32,
    pub not_achieved: u32,
    pub not_reported: u32,
    /// `achieved / committed`, 0..=1 (0 without goals).
    pub share_achieved: f64,
    /// The next steps the ensure phase defined (they open the next iteration).
    pub open_next_steps: u32,
    /// The report's path inside the zip.
    pub report: String,
    /// The engagement file, as found.
    pub file: PathBuf,
}

impl SummaryRow {
    /// The row of one iteration; `report` is its path inside the zip.
    pub fn new(e: &Engagement, it: &Iteration, report: String, file: &Path) -> Self {
        let ensure = it.ensure.as_ref();
        let s = ensure.map(|e| &e.summary);
        SummaryRow {
            customer: e.customer.name.clone(),
            engagement_id: e.id.clone(),
            engagement_title: e.title.clone(),
            iteration: it.number,
            engagement_type: it
                .commit
                .as_ref()
                .map(|c| c.engagement_type.label.clone())
                .unwrap_or_default(),
            ensure_date: ensure
                .map(|e| e.date.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            committed: s.map_or(0, |s| s.total),
            achieved: s.map_or(0, |s| s.achieved),
            partially_achieved: s.map_or(0, |s| s.partially_achieved),
            not_achieved: s.map_or(0, |s| s.not_achieved),
            not_reported: s.map_or(0, |s| s.not_reported),
            share_achieved: s.map_or(0.0, |s| s.share),
            open_next_steps: ensure.map_or(0, |e| e.next_steps.len() as u32),
            report,
            file: file.to_path_buf(),
        }
    }
}

/// Goal counts summed over several rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Ensure reports (engagement iterations).
    pub iterations: u32,
    pub committed: u32,
    pub achieved: u32,
    pub partially_achieved: u32,
    pub not_achieved: u32,
    pub not_reported: u32,
    /// `achieved / committed` over all the rows' goals (goal-weighted), 0..=1.
    pub share_achieved: f64,
    pub open_next_steps: u32,
}

impl Counts {
    fn add(&mut self, r: &SummaryRow) {
        self.iterations += 1;
        self.committed += r.committed;
        self.achieved += r.achieved;
        self.partially_achieved += r.partially_achieved;
        self.not_achieved += r.not_achieved;
        self.not_reported += r.not_reported;
        self.open_next_steps += r.open_next_steps;
        self.share_achieved = if self.committed == 0 {
            0.0
        } else {
            f64::from(self.achieved) / f64::from(self.committed)
        };
    }
}

/// The counts over a run's rows: all of them, per engagement type and per
/// customer. Kept as rows are added, so that the rows themselves need not
/// stay in memory ([`SummaryRows`](super::rows::SummaryRows)).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    /// Over every row (`iterations` is the number of reports).
    pub all: Counts,
    /// Engagements with at least one report.
    pub engagements: usize,
    /// Per engagement type label (empty without a commit phase), sorted.
    pub by_type: BTreeMap<String, Counts>,
    /// Per customer, sorted: its engagements with a report, and their counts.
    pub by_customer: BTreeMap<String, (usize, Counts)>,
    /// The engagement of the row added last.
    last_engagement: Option<String>,
}

impl Totals {
    /// Counts a row. The rows of one engagement must come one after the
    /// other, as they do in a batch (an engagement's reports are next to
    /// each other in the zip, and an id names one engagement in a run): an
    /// engagement is counted at its first row.
    pub fn add(&mut self, r: &SummaryRow) {
        self.all.add(r);
        let new = self.last_engagement.as_deref() != Some(r.engagement_id.as_str());
        if new {
            self.engagements += 1;
            self.last_engagement = Some(r.engagement_id.clone());
        }
        // The key is cloned only for a type or customer not seen before.
        let of_type = match self.by_type.get_mut(&r.engagement_type) {
            Some(c) => c,
            None => self.by_type.entry(r.engagement_type.clone()).or_default(),
        };
        of_type.add(r);
        let customer = match self.by_customer.get_mut(&r.customer) {
            Some(c) => c,
            None => self.by_customer.entry(r.customer.clone()).or_default(),
        };
        customer.0 += usize::from(new);
        customer.1.add(r);
    }
}
