//! The portfolio summary: one row per exported ensure report, totals, shares
//! per engagement type (the rows and their counts are in [`super::totals`]);
//! written as `summary.xlsx` (with a native chart) and as the template
//! context of `portfolio-summary.docx`.

use std::io::Write;

use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet,
    XlsxError,
};
use serde_json::{Value as Json, json};

use super::failure::Failure;
use super::rows::SummaryRows;
use super::totals::SummaryRow;
use crate::error::{Error, Result};
use crate::load::Shard;
use crate::model::Quarter;

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
    Error::write("`summary.xlsx`", e)
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
