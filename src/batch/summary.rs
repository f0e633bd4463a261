//! The portfolio summary: one row per exported ensure report, totals, shares
//! per engagement type; written as `summary.xlsx` (with a native chart) and
//! as the template context of `portfolio-summary.docx`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet,
    XlsxError,
};
use serde::Serialize;
use serde_json::{Value as Json, json};

use super::failure::Failure;
use super::{Shard, SummaryRows};
use crate::error::{Error, Result};
use crate::model::{Engagement, Iteration, Quarter};

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
/// stay in memory ([`super::SummaryRows`]).
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

/// Everything the summaries show besides the rows ([`SummaryRows`]).
#[derive(Debug, Clone, Copy)]
pub struct SummaryInput<'a> {
    pub quarter: Quarter,
    pub shard: Option<Shard>,
    pub failures: &'a [Failure],
    /// Files read.
    pub files: usize,
    /// Valid engagements in this shard (with or without a report this quarter).
    pub engagements: usize,
}

/// Which parts of the context a template reads (the big ones are left out
/// when it does not, so that the summary of a large portfolio stays small).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextParts {
    /// `rows[]`: one entry per report.
    pub rows: bool,
}

impl ContextParts {
    /// Every part.
    pub const ALL: ContextParts = ContextParts { rows: true };

    /// The parts that a template's variable paths (`rows[].customer`) name.
    pub fn read_by<S: AsRef<str>>(variables: &[S]) -> Self {
        ContextParts {
            rows: variables.iter().any(|v| {
                let v = v.as_ref();
                v == "rows" || v.starts_with("rows.") || v.starts_with("rows[")
            }),
        }
    }
}

/// The context of `portfolio-summary.docx` (documented in docs/batch.md):
/// the counts of `rows`, and the rows themselves (read back) only when
/// `parts` says the template reads them.
pub fn context(
    input: &SummaryInput<'_>,
    rows: &mut SummaryRows,
    parts: ContextParts,
) -> Result<Json> {
    let q = input.quarter;
    let t = rows.totals();
    let by_type: Vec<Json> = t
        .by_type
        .iter()
        .map(|(name, c)| {
            let mut v = serde_json::to_value(c).expect("counts serialize");
            v["engagement_type"] = json!(name);
            v
        })
        .collect();
    let customers_json: Vec<Json> = t
        .by_customer
        .iter()
        .map(|(name, (engagements, c))| {
            let mut v = serde_json::to_value(c).expect("counts serialize");
            v["customer"] = json!(name);
            v["engagements"] = json!(engagements);
            v
        })
        .collect();
    let mut totals_json = serde_json::to_value(&t.all).expect("counts serialize");
    totals_json["customers"] = json!(t.by_customer.len());
    totals_json["engagements"] = json!(t.engagements);
    totals_json["engagements_in_portfolio"] = json!(input.engagements);
    totals_json["files"] = json!(input.files);
    totals_json["failures"] = json!(input.failures.len());
    let rows_json = if parts.rows {
        let list: Vec<SummaryRow> = rows
            .read()?
            .map(|r| r.map(|r| r.row))
            .collect::<Result<_>>()?;
        json!(list)
    } else {
        Json::Null
    };
    Ok(json!({
        "quarter": {
            "id": q.to_string(),
            "year": q.year(),
            "number": q.number(),
            "first_day": q.first_day().strftime("%Y-%m-%d").to_string(),
            "last_day": q.last_day().strftime("%Y-%m-%d").to_string(),
        },
        "shard": input.shard.map(|s| json!({ "index": s.index(), "count": s.count() })),
        "document": {
            "title": "Portfolio summary",
            "date": q.last_day().strftime("%Y-%m-%d").to_string(),
        },
        "rows": rows_json,
        "totals": totals_json,
        "by_type": by_type,
        "customers": customers_json,
        "failures": input.failures,
        "engagekit": env!("CARGO_PKG_VERSION"),
    }))
}

fn xlsx_err(e: XlsxError) -> Error {
    Error::Other(format!("failed to write `summary.xlsx` ({e})"))
}

/// Column widths: the longest text in the column (header included), within bounds.
struct Widths(Vec<usize>);

impl Widths {
    fn new(headers: &[&str]) -> Self {
        Widths(headers.iter().map(|h| h.chars().count()).collect())
    }
    fn see(&mut self, col: usize, text: &str) {
        let n = text.chars().count();
        if n > self.0[col] {
            self.0[col] = n;
        }
    }
    fn apply(&self, ws: &mut Worksheet, min: usize, max: usize) -> Result<(), XlsxError> {
        for (i, w) in self.0.iter().enumerate() {
            ws.set_column_width(i as u16, (*w + 2).clamp(min, max) as f64)?;
        }
        Ok(())
    }
}

/// Writes `summary.xlsx` to `w`: sheet `Reports` (one row per report,
/// filters, frozen header), sheet `By type` (the shares and a column chart of
/// them) and sheet `Failures`. Deterministic: the creation date is the
/// quarter's last day. The workbook is streamed into `w` as it is packed
/// (into a zip entry, by the batch), not built in memory first.
pub fn xlsx(input: &SummaryInput<'_>, rows: &mut SummaryRows, w: impl Write + Send) -> Result<()> {
    build_xlsx(input, rows)
        .and_then(|mut wb| wb.save_to_writer(w))
        .map_err(xlsx_err)
}

/// The headers of the `Reports` sheet, in order.
pub const REPORT_HEADERS: [&str; 15] = [
    "Customer",
    "Engagement",
    "Iteration",
    "Engagement type",
    "Goals committed",
    "Achieved",
    "Partially achieved",
    "Not achieved",
    "Not reported",
    "Share achieved",
    "Open next steps",
    "Ensure date",
    "Engagement title",
    "Report",
    "Source file",
];

fn build_xlsx(input: &SummaryInput<'_>, rows: &mut SummaryRows) -> Result<Workbook, XlsxError> {
    let q = input.quarter;
    let last = q.last_day();
    let mut wb = Workbook::new();
    let created =
        ExcelDateTime::from_ymd(last.year() as u16, last.month() as u8, last.day() as u8)?;
    let mut title = format!("Ensure reports {q}");
    if let Some(s) = input.shard {
        title.push_str(&format!(" (shard {s})"));
    }
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author("engagekit")
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color("1F3864")
        .set_font_color("FFFFFF")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let pct = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("yyyy-mm-dd");

    // Sheet 1: one row per report, streamed to a temporary file as it is
    // written ("constant memory" mode), so a large portfolio's rows are
    // never all held as cells.
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Reports")?;
    let mut widths = Widths::new(&REPORT_HEADERS);
    ws.write_row_with_format(0, 0, REPORT_HEADERS, &header)?;
    let n = rows.len() as u32;
    let read_err = |e: Error| XlsxError::CustomError(e.to_string());
    for (i, r) in rows.read().map_err(read_err)?.enumerate() {
        let r = r.map_err(read_err)?.row;
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.customer)?;
        widths.see(0, &r.customer);
        ws.write_string(row, 1, &r.engagement_id)?;
        widths.see(1, &r.engagement_id);
        ws.write_number(row, 2, r.iteration)?;
        ws.write_string(row, 3, &r.engagement_type)?;
        widths.see(3, &r.engagement_type);
        let counts = [
            r.committed,
            r.achieved,
            r.partially_achieved,
            r.not_achieved,
            r.not_reported,
        ];
        for (j, c) in counts.iter().enumerate() {
            ws.write_number(row, 4 + j as u16, *c)?;
        }
        ws.write_number_with_format(row, 9, r.share_achieved, &pct)?;
        ws.write_number(row, 10, r.open_next_steps)?;
        match parse_date(&r.ensure_date) {
            Some(d) => {
                ws.write_datetime_with_format(row, 11, &d, &date)?;
            }
            None => {
                ws.write_string(row, 11, &r.ensure_date)?;
            }
        }
        let title = r.engagement_title.as_deref().unwrap_or("");
        ws.write_string(row, 12, title)?;
        widths.see(12, title);
        ws.write_string(row, 13, &r.report)?;
        widths.see(13, &r.report);
        let file = r.file.display().to_string();
        ws.write_string(row, 14, &file)?;
        widths.see(14, &file);
    }
    widths.0[11] = 10;
    // Numeric columns (iteration, the counts, share, next steps): their
    // headers wrap, so they need not be as wide as the header text.
    for c in [2, 4, 5, 6, 7, 8, 9, 10] {
        widths.0[c] = widths.0[c].min(12);
    }
    widths.apply(ws, 8, 60)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, n, REPORT_HEADERS.len() as u16 - 1)?;

    // Sheet 2: share achieved per engagement type, table and chart.
    let totals = rows.totals();
    let types = &totals.by_type;
    let ws = wb.add_worksheet();
    ws.set_name("By type")?;
    let type_headers = [
        "Engagement type",
        "Reports",
        "Goals committed",
        "Achieved",
        "Share achieved",
    ];
    let mut widths = Widths::new(&type_headers);
    ws.write_row_with_format(0, 0, type_headers, &header)?;
    for (i, (t, c)) in types.iter().enumerate() {
        let row = i as u32 + 1;
        let label = if t.is_empty() {
            "(no commit phase)"
        } else {
            t.as_str()
        };
        ws.write_string(row, 0, label)?;
        widths.see(0, label);
        ws.write_number(row, 1, c.iterations)?;
        ws.write_number(row, 2, c.committed)?;
        ws.write_number(row, 3, c.achieved)?;
        ws.write_number_with_format(row, 4, c.share_achieved, &pct)?;
    }
    let total = &totals.all;
    let trow = types.len() as u32 + 1;
    let bold = Format::new().set_bold();
    ws.write_string_with_format(trow, 0, "All types", &bold)?;
    ws.write_number_with_format(trow, 1, total.iterations, &bold)?;
    ws.write_number_with_format(trow, 2, total.committed, &bold)?;
    ws.write_number_with_format(trow, 3, total.achieved, &bold)?;
    ws.write_number_with_format(trow, 4, total.share_achieved, &pct.clone().set_bold())?;
    widths.apply(ws, 10, 40)?;
    if types.is_empty() {
        ws.write_string(trow + 2, 0, format!("No ensure reports in {q}."))?;
    } else {
        let last = types.len() as u32;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .title()
            .set_name(&format!("Share of goals achieved per engagement type, {q}"));
        chart
            .add_series()
            .set_name("Share achieved")
            .set_categories(("By type", 1, 0, last, 0))
            .set_values(("By type", 1, 4, last, 4))
            .set_data_label(rust_xlsxwriter::ChartDataLabel::new().show_value());
        chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
        chart.legend().set_hidden();
        chart.set_width(640).set_height(360);
        ws.insert_chart(0, 6, &chart)?;
    }

    // Sheet 3: failures.
    let ws = wb.add_worksheet();
    ws.set_name("Failures")?;
    let fail_headers = ["File", "Engagement", "Iteration", "Location", "Reason"];
    let mut widths = Widths::new(&fail_headers);
    ws.write_row_with_format(0, 0, fail_headers, &header)?;
    for (i, f) in input.failures.iter().enumerate() {
        let row = i as u32 + 1;
        let file = f.file.display().to_string();
        ws.write_string(row, 0, &file)?;
        widths.see(0, &file);
        let e = f.engagement.as_deref().unwrap_or("");
        ws.write_string(row, 1, e)?;
        widths.see(1, e);
        if let Some(n) = f.iteration {
            ws.write_number(row, 2, n)?;
        }
        ws.write_string(row, 3, &f.location)?;
        widths.see(3, &f.location);
        ws.write_string(row, 4, &f.reason)?;
        widths.see(4, &f.reason);
    }
    widths.apply(ws, 10, 80)?;
    ws.set_freeze_panes(1, 0)?;
    if !input.failures.is_empty() {
        ws.autofilter(0, 0, input.failures.len() as u32, 4)?;
    }
    Ok(wb)
}

fn parse_date(s: &str) -> Option<ExcelDateTime> {
    let d: jiff::civil::Date = s.parse().ok()?;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}
