use std::path::Path;

use super::failure::Failure;
use super::rows::SummaryRows;
use super::summary;
use super::templates::BatchTemplates;
use super::totals::{SummaryRow, Totals};
use crate::load::Shard;
use crate::model::Quarter;
use crate::render::RenderOptions;

fn q(s: &str) -> Quarter {
    s.parse().unwrap()
}

#[test]
fn the_embedded_summary_template_compiles_and_renders_an_empty_portfolio() {
    let templates = BatchTemplates::load(None, &RenderOptions::default()).unwrap();
    let input = summary::SummaryInput {
        quarter: q("2026-Q3"),
        shard: None,
        failures: &[],
        files: 0,
        engagements: 0,
    };
    let mut rows = SummaryRows::new().unwrap();
    let ctx = summary::context(&input, &mut rows, summary::ContextParts::ALL).unwrap();
    let doc = templates.summary.template.render(&ctx).unwrap();
    let xml = &doc
        .parts
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap()
        .1;
    assert!(xml.contains("Portfolio summary 2026-Q3"));
    assert!(xml.contains("None."));
    // And the workbook of an empty portfolio is still a workbook.
    let mut xlsx = Vec::new();
    summary::xlsx(&input, &mut rows, &mut xlsx).unwrap();
    assert!(xlsx.starts_with(b"PK"));
}

#[test]
fn summary_context_fields() {
    let input = summary::SummaryInput {
        quarter: q("2026-Q3"),
        shard: Shard::new(2, 4),
        failures: &[Failure::file(Path::new("x.yaml"), "broken")],
        files: 3,
        engagements: 2,
    };
    let mut rows = SummaryRows::new().unwrap();
    let ctx = summary::context(&input, &mut rows, summary::ContextParts::ALL).unwrap();
    assert_eq!(ctx["quarter"]["id"], "2026-Q3");
    assert_eq!(ctx["quarter"]["first_day"], "2026-07-01");
    assert_eq!(ctx["quarter"]["last_day"], "2026-09-30");
    assert_eq!(ctx["shard"]["index"], 2);
    assert_eq!(ctx["totals"]["files"], 3);
    assert_eq!(ctx["totals"]["failures"], 1);
    assert_eq!(ctx["totals"]["share_achieved"], 0.0);
    assert_eq!(ctx["failures"][0]["reason"], "broken");
}

#[test]
fn summary_xlsx_is_deterministic() {
    let input = summary::SummaryInput {
        quarter: q("2026-Q3"),
        shard: None,
        failures: &[],
        files: 0,
        engagements: 0,
    };
    let mut rows = SummaryRows::new().unwrap();
    let mut xlsx = || {
        let mut v = Vec::new();
        summary::xlsx(&input, &mut rows, &mut v).unwrap();
        v
    };
    let a = xlsx();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(a, xlsx());
}

fn row(id: &str, customer: &str, kind: &str, iteration: u32) -> SummaryRow {
    SummaryRow {
        customer: customer.into(),
        engagement_id: id.into(),
        engagement_title: None,
        iteration,
        engagement_type: kind.into(),
        ensure_date: "2026-08-01".into(),
        committed: 4,
        achieved: 1,
        partially_achieved: 1,
        not_achieved: 1,
        not_reported: 1,
        share_achieved: 0.25,
        open_next_steps: 2,
        report: format!("{customer}/{id}-{iteration}.docx"),
        file: format!("{id}.yaml").into(),
    }
}

#[test]
fn totals_count_each_engagement_once_and_per_type_and_customer() {
    let mut t = Totals::default();
    // Two reports of one engagement (they come together), then two more engagements.
    for r in [
        row("A", "Acme", "Build", 1),
        row("A", "Acme", "Build", 2),
        row("B", "Acme", "Run", 1),
        row("C", "Bolt", "", 1),
    ] {
        t.add(&r);
    }
    assert_eq!(
        (t.all.iterations, t.all.committed, t.engagements),
        (4, 16, 3)
    );
    assert_eq!(t.all.share_achieved, 0.25);
    assert_eq!(t.by_type.keys().collect::<Vec<_>>(), ["", "Build", "Run"]);
    assert_eq!(t.by_type["Build"].iterations, 2);
    assert_eq!(t.by_customer["Acme"].0, 2, "engagements A and B");
    assert_eq!(t.by_customer["Acme"].1.iterations, 3);
    assert_eq!(t.by_customer["Bolt"].0, 1);
}

#[test]
fn summary_context_counts_the_rows_and_lists_them_only_when_asked() {
    let input = summary::SummaryInput {
        quarter: q("2026-Q3"),
        shard: None,
        failures: &[],
        files: 2,
        engagements: 2,
    };
    let mut rows = SummaryRows::new().unwrap();
    rows.push([1, 0, 0], "Acme/A-1.docx", &row("A", "Acme", "Build", 1))
        .unwrap();
    rows.push([2, 0, 0], "Bolt/B-1.docx", &row("B", "Bolt", "Run", 1))
        .unwrap();
    let none = summary::ContextParts { rows: false };
    let ctx = summary::context(&input, &mut rows, none).unwrap();
    assert!(ctx["rows"].is_null());
    assert_eq!(ctx["totals"]["iterations"], 2);
    assert_eq!(ctx["totals"]["customers"], 2);
    assert_eq!(ctx["totals"]["engagements"], 2);
    assert_eq!(ctx["by_type"][1]["engagement_type"], "Run");
    assert_eq!(ctx["customers"][0]["customer"], "Acme");
    assert_eq!(ctx["customers"][0]["engagements"], 1);
    let ctx = summary::context(&input, &mut rows, summary::ContextParts::ALL).unwrap();
    assert_eq!(ctx["rows"].as_array().unwrap().len(), 2);
    assert_eq!(ctx["rows"][1]["report"], "Bolt/B-1.docx");
}
