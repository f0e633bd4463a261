//! `engagekit batch`: quarter selection, failures that do not stop the batch,
//! shards, the summary workbook read back, determinism, and the summary
//! document checked by openxml-audit.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::harness::*;

/// An ensure-report template whose text names the facts the tests check.
fn ensure_template() -> Docx {
    Docx::body(
        [
            p("Proof of execution: {{ customer.name }}"),
            p("Engagement {{ engagement.id }}, iteration {{ iteration.number }}"),
            p("Ensured {{ iteration.ensure.date }}: {{ iteration.ensure.summary.achieved }} of {{ iteration.ensure.summary.total }} goals achieved"),
            p("Document date {{ document.date }}"),
        ]
        .concat(),
    )
}

/// One engagement with one iteration: three goals (G1 achieved, G2
/// partially, G3 not reported) and one next step.
pub(crate) fn engagement_yaml(id: &str, customer: &str, ensure: &str) -> String {
    format!(
        r#"id: {id}
currency: EUR
customer:
  name: "{customer}"
provider:
  name: Nimbus
iterations:
  - number: 1
    commit:
      date: 2025-01-10
      engagement_type: ads
      objective: Design it.
      goals:
        - id: G1
          title: Architecture agreed
        - id: G2
          title: Cost estimate
        - id: G3
          title: Security review
      effort:
        days: 2
        day_rate: 1000
    ensure:
      date: {ensure}
      results:
        - goal: G1
          status: achieved
        - goal: G2
          status: partially-achieved
      next_steps:
        - action: Finish the estimate
"#
    )
}

/// A case with the test template in `tpl/`.
pub(crate) fn case() -> Case {
    let case = Case::new();
    std::fs::create_dir_all(case.path("tpl")).unwrap();
    case.docx("tpl/ensure-report.docx", &ensure_template());
    case
}

pub(crate) fn batch(case: &Case, args: &[&str]) -> Run {
    let mut all = vec!["batch"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--templates", "tpl"]);
    case.run(&all)
}

/// The report entries (the .docx files in customer folders) of a zip.
pub(crate) fn reports(zip: &Path) -> Vec<String> {
    unzip(zip)
        .into_keys()
        .filter(|n| n.contains('/') && n.ends_with(".docx"))
        .collect()
}

/// A sheet as rows of cells, header row first.
fn sheet(xlsx: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// Rows of a sheet as header → cell maps.
fn records(xlsx: &[u8], name: &str) -> Vec<BTreeMap<String, Data>> {
    let rows = sheet(xlsx, name);
    let headers: Vec<String> = rows[0].iter().map(|h| h.to_string()).collect();
    rows[1..]
        .iter()
        .map(|r| headers.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn selects_the_quarter_inclusive_of_its_first_and_last_day() {
    let case = case();
    for (id, date) in [
        ("FIRST", "2026-07-01"),
        ("LAST", "2026-09-30"),
        ("BEFORE", "2026-06-30"),
        ("AFTER", "2026-10-01"),
        ("LAST-YEAR", "2025-08-15"),
        ("NEXT-YEAR", "2027-07-01"),
    ] {
        case.file(
            &format!("p/{id}.yaml"),
            &engagement_yaml(id, "Acme / Nord", date),
        );
    }
    let run = batch(&case, &["p", "--quarter", "2026-Q3", "-o", "out"]);
    run.ok();
    assert_eq!(run.stdout.trim(), "out/2026-Q3-ensure-reports.zip");
    let zip = case.path("out/2026-Q3-ensure-reports.zip");
    // Customer folders get safe names; one folder per customer.
    assert_eq!(
        reports(&zip),
        [
            "Acme - Nord/FIRST-iteration-1-proof-of-execution.docx",
            "Acme - Nord/LAST-iteration-1-proof-of-execution.docx",
        ]
    );
    let entries = unzip(&zip);
    let dir = case.path("x");
    std::fs::create_dir_all(&dir).unwrap();
    let doc = dir.join("last.docx");
    std::fs::write(
        &doc,
        &entries["Acme - Nord/LAST-iteration-1-proof-of-execution.docx"],
    )
    .unwrap();
    let text = body_text(&doc);
    assert!(text.contains("Proof of execution: Acme / Nord"), "{text}");
    assert!(text.contains("Engagement LAST, iteration 1"), "{text}");
    assert!(
        text.contains("Ensured 2026-09-30: 1 of 3 goals achieved"),
        "{text}"
    );
    assert!(text.contains("Document date 2026-09-30"), "{text}");

    // Another quarter of another year.
    let run = batch(&case, &["p", "--quarter", "2025-Q3", "-o", "out"]);
    run.ok();
    assert_eq!(
        reports(&case.path("out/2025-Q3-ensure-reports.zip")),
        ["Acme - Nord/LAST-YEAR-iteration-1-proof-of-execution.docx"]
    );
}

#[test]
fn rejects_a_quarter_that_does_not_exist() {
    let case = case();
    case.file("a.yaml", &engagement_yaml("A", "Acme", "2026-07-01"));
    let run = batch(&case, &["a.yaml", "--quarter", "2026-Q5", "-o", "out"]);
    run.fails(2).stderr_has(
        "invalid quarter `2026-Q5` (the quarter must be 1, 2, 3 or 4; expected e.g. `2026-Q3`)",
    );
    assert!(!case.path("out").exists());
    batch(&case, &["a.yaml", "--quarter", "Q3", "-o", "out"])
        .fails(2)
        .stderr_has("the year must have four digits");
}

/// A portfolio workbook with three engagements; `BAD` reports a result with
/// the status `done`, which is not a status.
/// The header of a portfolio workbook's `Iterations` sheet.
const ITERATIONS_HEADER: &[&str] = &[
    "Engagement",
    "Iteration",
    "Commit date",
    "Engagement type",
    "Objective",
    "Effort days",
    "Day rate",
    "Ensure date",
];

/// Writes a workbook of text sheets (empty strings leave the cell empty).
fn write_workbook(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet().set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn write_portfolio_workbook(path: &Path) {
    write_workbook(
        path,
        &[
            (
                "Engagement",
                &[
                    &["Id", "Currency", "Customer name", "Provider name"],
                    &["WB-1", "EUR", "Woodgrove Bank", "Nimbus"],
                    &["BAD", "EUR", "Broken Ltd", "Nimbus"],
                    &["WB-2", "EUR", "Woodgrove Bank", "Nimbus"],
                ],
            ),
            (
                "Iterations",
                &[
                    ITERATIONS_HEADER,
                    &[
                        "WB-1",
                        "1",
                        "2026-05-01",
                        "mcw",
                        "Learn",
                        "2",
                        "1000",
                        "2026-08-01",
                    ],
                    &[
                        "BAD",
                        "1",
                        "2026-05-01",
                        "mcw",
                        "Learn",
                        "2",
                        "1000",
                        "2026-08-02",
                    ],
                    &[
                        "WB-2",
                        "1",
                        "2026-05-01",
                        "poc",
                        "Prove",
                        "5",
                        "1000",
                        "2026-08-03",
                    ],
                ],
            ),
            (
                "Goals",
                &[
                    &["Engagement", "Iteration", "Id", "Title"],
                    &["WB-1", "1", "G1", "Lab done"],
                    &["WB-1", "1", "G2", "Use case found"],
                    &["BAD", "1", "G1", "Lab done"],
                    &["WB-2", "1", "G1", "Pilot runs"],
                ],
            ),
            (
                "Results",
                &[
                    &["Engagement", "Iteration", "Goal", "Status"],
                    &["WB-1", "1", "G1", "achieved"],
                    &["WB-1", "1", "G2", "not-achieved"],
                    &["BAD", "1", "G1", "done"],
                    &["WB-2", "1", "G1", "achieved"],
                ],
            ),
            (
                "Next steps",
                &[
                    &["Engagement", "Iteration", "Action"],
                    &["WB-1", "1", "Plan the next lab"],
                    &["WB-1", "1", "Choose a use case"],
                ],
            ),
        ],
    );
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn a_corrupt_file_and_an_invalid_engagement_do_not_stop_the_others() {
    let case = case();
    case.file("p/a.yaml", &engagement_yaml("A", "Acme", "2026-07-15"));
    case.file("p/z.yaml", &engagement_yaml("Z", "Zeta", "2026-08-15"));
    std::fs::copy(fixture("data/corrupt.xlsx"), case.path("p/corrupt.xlsx")).unwrap();
    write_portfolio_workbook(&case.path("p/portfolio.xlsx"));
    // Not data: skipped without a word.
    case.file("p/templates/x.yaml", "not: [an engagement");
    case.file("p/~$portfolio.xlsx", "lock");
    case.file("p/.hidden/h.yaml", "x");

    let run = batch(&case, &["p", "--quarter", "2026-Q3", "-o", "out"]);
    run.fails(1)
        .stderr_has("error: p/corrupt.xlsx: ")
        .stderr_has("error: p/portfolio.xlsx Results!D4 (engagement `BAD`): ")
        .stderr_has("`done`")
        .stderr_has("2026-Q3: 4 ensure reports of 4 engagements (4 input files); 2 failures");
    let zip = case.path(run.stdout.trim());
    assert_eq!(
        reports(&zip),
        [
            "Acme/A-iteration-1-proof-of-execution.docx",
            "Woodgrove Bank/WB-1-iteration-1-proof-of-execution.docx",
            "Woodgrove Bank/WB-2-iteration-1-proof-of-execution.docx",
            "Zeta/Z-iteration-1-proof-of-execution.docx",
        ]
    );
    // The failures are in the summary too.
    let entries = unzip(&zip);
    let failures = records(&entries["summary.xlsx"], "Failures");
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert_eq!(failures[0]["File"].to_string(), "p/corrupt.xlsx");
    assert_eq!(failures[1]["File"].to_string(), "p/portfolio.xlsx");
    assert_eq!(failures[1]["Engagement"].to_string(), "BAD");
    assert_eq!(failures[1]["Location"].to_string(), "Results!D4");
    let doc = case.path("summary.docx");
    std::fs::write(&doc, &entries["portfolio-summary.docx"]).unwrap();
    let text = body_text(&doc);
    assert!(
        text.contains("2 problems kept engagements out of this export"),
        "{text}"
    );
    assert!(text.contains("Results!D4"), "{text}");
}

#[test]
fn a_missing_input_is_a_failure_not_an_abort() {
    let case = case();
    case.file("a.yaml", &engagement_yaml("A", "Acme", "2026-07-15"));
    let run = batch(
        &case,
        &["a.yaml", "nope/", "--quarter", "2026-Q3", "-o", "out"],
    );
    run.fails(1)
        .stderr_has("error: nope/: failed to read `nope/`");
    assert_eq!(
        reports(&case.path("out/2026-Q3-ensure-reports.zip")),
        ["Acme/A-iteration-1-proof-of-execution.docx"]
    );
}

#[test]
fn shards_partition_the_portfolio_exactly() {
    let case = case();
    let n = 40;
    for i in 0..n {
        let id = format!("CUST-{i:03}");
        case.file(
            &format!("p/{id}.yaml"),
            &engagement_yaml(&id, &format!("Customer {}", i % 7), "2026-08-01"),
        );
    }
    case.file("p/broken.yaml", "id: [");
    let whole = batch(&case, &["p", "--quarter", "2026-Q3", "-o", "all"]);
    whole.fails(1);
    let all: BTreeSet<String> = reports(&case.path(whole.stdout.trim()))
        .into_iter()
        .collect();
    assert_eq!(all.len(), n);

    let mut seen = BTreeSet::new();
    let mut broken_reported = 0;
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let run = batch(
            &case,
            &["p", "--quarter", "2026-Q3", "-o", "out", "--shard", &shard],
        );
        let zip = case.path(run.stdout.trim());
        assert_eq!(
            zip.file_name().unwrap().to_string_lossy(),
            format!("2026-Q3-ensure-reports-shard-{i}-of-3.zip")
        );
        if run.stderr.contains("p/broken.yaml") {
            broken_reported += 1;
            run.fails(1);
        } else {
            run.ok();
        }
        let entries = unzip(&zip);
        assert!(entries.contains_key(&format!("summary-shard-{i}-of-3.xlsx")));
        assert!(entries.contains_key(&format!("portfolio-summary-shard-{i}-of-3.docx")));
        let part = reports(&zip);
        assert!(!part.is_empty(), "shard {shard} is empty: a poor hash");
        for r in part {
            assert!(seen.insert(r.clone()), "{r} is in two shards");
        }
    }
    assert_eq!(seen, all, "the shards together are the whole portfolio");
    assert_eq!(
        broken_reported, 1,
        "a broken file is reported by exactly one shard"
    );

    batch(
        &case,
        &["p", "--quarter", "2026-Q3", "-o", "out", "--shard", "4/3"],
    )
    .fails(2)
    .stderr_has("the shard number must be between 1 and the count");
}

#[test]
fn summary_workbook_reads_back_with_the_counts() {
    let case = case();
    case.file("p/a.yaml", &engagement_yaml("A", "Acme", "2026-07-15"));
    write_portfolio_workbook(&case.path("p/portfolio.xlsx"));
    let run = batch(&case, &["p", "--quarter", "2026-Q3", "-o", "out"]);
    run.fails(1); // BAD
    let entries = unzip(&case.path(run.stdout.trim()));
    let xlsx = &entries["summary.xlsx"];
    let rows = records(xlsx, "Reports");
    let by_id: BTreeMap<String, &BTreeMap<String, Data>> = rows
        .iter()
        .map(|r| (r["Engagement"].to_string(), r))
        .collect();
    assert_eq!(by_id.keys().collect::<Vec<_>>(), ["A", "WB-1", "WB-2"]);
    let expect = |id: &str, customer: &str, ty: &str, counts: [f64; 7]| {
        let r = by_id[id];
        assert_eq!(r["Customer"].to_string(), customer);
        assert_eq!(r["Engagement type"].to_string(), ty);
        let cols = [
            "Iteration",
            "Goals committed",
            "Achieved",
            "Partially achieved",
            "Not achieved",
            "Not reported",
            "Open next steps",
        ];
        for (c, v) in cols.iter().zip(counts) {
            assert_eq!(num(&r[*c]), v, "{id} {c}");
        }
    };
    expect(
        "A",
        "Acme",
        "Architecture Design Session (ADS)",
        [1., 3., 1., 1., 0., 1., 1.],
    );
    expect(
        "WB-1",
        "Woodgrove Bank",
        "Microsoft Cloud Workshop (MCW)",
        [1., 2., 1., 0., 1., 0., 2.],
    );
    expect(
        "WB-2",
        "Woodgrove Bank",
        "Pilot or proof of concept (PoC)",
        [1., 1., 1., 0., 0., 0., 0.],
    );
    assert!((num(&by_id["A"]["Share achieved"]) - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(num(&by_id["WB-1"]["Share achieved"]), 0.5);
    assert_eq!(
        by_id["A"]["Report"].to_string(),
        "Acme/A-iteration-1-proof-of-execution.docx"
    );

    // Sheet 2: the share per engagement type, and a native chart of it.
    let types = records(xlsx, "By type");
    let share: BTreeMap<String, f64> = types
        .iter()
        .map(|r| (r["Engagement type"].to_string(), num(&r["Share achieved"])))
        .collect();
    assert_eq!(share.len(), 4, "{share:?}"); // three types and "All types"
    assert_eq!(share["Microsoft Cloud Workshop (MCW)"], 0.5);
    assert!((share["All types"] - 3.0 / 6.0).abs() < 1e-9);
    let inner = zip_entries(xlsx);
    let chart = String::from_utf8(inner["xl/charts/chart1.xml"].clone()).unwrap();
    assert!(chart.contains("<c:barChart>"), "{chart}");
    assert!(chart.contains("'By type'!$E$2:$E$4"), "{chart}");
    // Filters on the header row.
    let sheet1 = String::from_utf8(inner["xl/worksheets/sheet1.xml"].clone()).unwrap();
    assert!(sheet1.contains(r#"<autoFilter ref="A1:O4"/>"#), "{sheet1}");
}

fn zip_entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.zip");
    std::fs::write(&p, bytes).unwrap();
    unzip(&p)
}

#[test]
fn the_zip_is_byte_identical_across_runs_and_job_counts() {
    let case = case();
    for i in 0..30 {
        let id = format!("E{i:02}");
        case.file(
            &format!("p/{id}.yaml"),
            &engagement_yaml(&id, &format!("C{}", i % 4), "2026-09-01"),
        );
    }
    write_portfolio_workbook(&case.path("p/book.xlsx"));
    let first = batch(
        &case,
        &["p", "--quarter", "2026-Q3", "-o", "one", "--jobs", "1"],
    );
    first.fails(1);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let second = batch(
        &case,
        &["p", "--quarter", "2026-Q3", "-o", "two", "--jobs", "2"],
    );
    second.fails(1);
    let a = std::fs::read(case.path(first.stdout.trim())).unwrap();
    let b = std::fs::read(case.path(second.stdout.trim())).unwrap();
    assert!(a == b, "the zips differ");
    // Timestamps: the quarter's last day, or SOURCE_DATE_EPOCH.
    let file = std::fs::File::open(case.path(first.stdout.trim())).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let t = zip.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day()), (2026, 9, 30));
}

#[test]
fn the_portfolio_summary_passes_openxml_audit() {
    let case = case();
    case.file(
        "p/a.yaml",
        &engagement_yaml("A", "Acme & Söhne", "2026-07-15"),
    );
    case.file("p/b.yaml", "id: [");
    let run = batch(&case, &["p", "--quarter", "2026-Q3", "-o", "out"]);
    let entries = unzip(&case.path(run.stdout.trim()));
    let doc = case.path("summary.docx");
    std::fs::write(&doc, &entries["portfolio-summary.docx"]).unwrap();
    if let Some(report) = openxml_audit(&doc) {
        assert!(report.contains("Errors: 0"), "{report}");
    }
    let body = body_text(&doc);
    assert!(body.contains("Portfolio summary 2026-Q3"), "{body}");
    assert!(body.contains("Acme & Söhne"), "{body}");
    assert!(body.contains("Architecture Design Session (ADS)"), "{body}");
}

#[test]
fn a_custom_summary_template_gets_every_report_row() {
    let case = case();
    case.docx(
        "tpl/portfolio-summary.docx",
        &Docx::body(
            [
                p("{{ quarter.id }}: {{ totals.iterations }} reports"),
                p("{%p for r in rows %}"),
                p("{{ r.customer }} {{ r.engagement_id }} {{ r.share_achieved|percent }} {{ r.report }}"),
                p("{%p endfor %}"),
                p("{%p for c in customers %}"),
                p("customer {{ c.customer }}: {{ c.engagements }} engagements"),
                p("{%p endfor %}"),
            ]
            .concat(),
        ),
    );
    case.file("p/a.yaml", &engagement_yaml("A", "Acme", "2026-07-15"));
    case.file("p/b.yaml", &engagement_yaml("B", "Acme", "2026-07-16"));
    let run = batch(&case, &["p", "--quarter", "2026-Q3", "-o", "out"]);
    run.ok();
    let entries = unzip(&case.path(run.stdout.trim()));
    let doc = case.path("summary.docx");
    std::fs::write(&doc, &entries["portfolio-summary.docx"]).unwrap();
    assert_eq!(
        body_text(&doc),
        "2026-Q3: 2 reports\n\
         Acme A 33% Acme/A-iteration-1-proof-of-execution.docx\n\
         Acme B 33% Acme/B-iteration-1-proof-of-execution.docx\n\
         customer Acme: 2 engagements"
    );
}

/// A portfolio for the shard/merge tests: engagements of several customers
/// (ids `Dup-1` and `dup-1` of one customer, in shards 2 and 1 of 3: their
/// reports' names differ only by case, so the merge must give the second the
/// unsharded run's ` (2)`), a workbook with an invalid engagement, a broken
/// file, a missing input.
fn merge_portfolio(case: &Case) {
    for i in 0..30 {
        let (id, customer) = match i {
            3 => ("Dup-1".to_string(), "Shared GmbH".to_string()),
            4 => ("dup-1".to_string(), "Shared GmbH".to_string()),
            _ => (format!("M-{i:02}"), format!("Customer {}", i % 6)),
        };
        let ensure = if i % 5 == 0 {
            "2026-05-01"
        } else {
            "2026-08-01"
        };
        case.file(
            &format!("p/{id}.yaml"),
            &engagement_yaml(&id, &customer, ensure),
        );
    }
    write_portfolio_workbook(&case.path("p/book.xlsx"));
    case.file("p/broken.yaml", "id: [");
}

fn shard_zip(i: u32, n: u32) -> String {
    format!("shards/2026-Q3-ensure-reports-shard-{i}-of-{n}.zip")
}

#[test]
fn merged_shards_are_byte_identical_to_the_unsharded_zip() {
    let case = case();
    merge_portfolio(&case);
    let inputs = ["p", "nope/", "--quarter", "2026-Q3"];
    let whole = batch(&case, &[&inputs[..], &["-o", "all"]].concat());
    whole.fails(1);
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let run = batch(
            &case,
            &[&inputs[..], &["-o", "shards", "--shard", &shard]].concat(),
        );
        assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
        let entries = unzip(&case.path(&shard_zip(i, 3)));
        assert!(entries.contains_key(&format!("summary-shard-{i}-of-3.json")));
    }
    let merged = case.run(&[
        "batch",
        "merge",
        &shard_zip(3, 3),
        &shard_zip(1, 3),
        &shard_zip(2, 3),
        "-o",
        "merged",
        "--templates",
        "tpl",
    ]);
    merged.fails(1).stderr_has("files, 3 shards merged)");
    assert_eq!(merged.stdout.trim(), "merged/2026-Q3-ensure-reports.zip");
    let a = std::fs::read(case.path(whole.stdout.trim())).unwrap();
    let b = std::fs::read(case.path(merged.stdout.trim())).unwrap();
    let (ea, eb) = (zip_entries(&a), zip_entries(&b));
    assert_eq!(ea.keys().collect::<Vec<_>>(), eb.keys().collect::<Vec<_>>());
    for (name, bytes) in &ea {
        assert!(eb[name] == *bytes, "{name} differs");
    }
    assert!(a == b, "the merged zip differs from the unsharded one");
    let names = reports(&case.path(merged.stdout.trim()));
    assert!(
        names.contains(&"Shared GmbH/dup-1-iteration-1-proof-of-execution (2).docx".to_string()),
        "{names:?}"
    );
    let summary = records(&eb["summary.xlsx"], "Reports");
    assert_eq!(summary.len(), names.len());
    let failures = records(&eb["summary.xlsx"], "Failures");
    assert!(failures.len() >= 3, "{failures:?}");
}

#[test]
fn a_merge_rejects_shards_that_do_not_belong_together() {
    let case = case();
    merge_portfolio(&case);
    for (i, q) in [(1, "2026-Q3"), (2, "2026-Q2")] {
        let shard = format!("{i}/2");
        batch(
            &case,
            &["p", "--quarter", q, "-o", "shards", "--shard", &shard],
        );
    }
    let q2 = "shards/2026-Q2-ensure-reports-shard-2-of-2.zip";
    let merge = |zips: &[&str]| {
        let mut args = vec!["batch", "merge"];
        args.extend_from_slice(zips);
        args.extend_from_slice(&["-o", "merged", "--templates", "tpl"]);
        case.run(&args)
    };
    merge(&[&shard_zip(1, 2), q2])
        .fails(1)
        .stderr_has("failed to merge the shards (`shards/2026-Q3-ensure-reports-shard-1-of-2.zip` is 2026-Q3, `shards/2026-Q2-ensure-reports-shard-2-of-2.zip` is 2026-Q2; merge the shards of one quarter)");
    merge(&[&shard_zip(1, 2)])
        .fails(1)
        .stderr_has("shard 2/2 is missing; a merge needs all 2");
    std::fs::copy(case.path(&shard_zip(1, 2)), case.path("shards/copy.zip")).unwrap();
    merge(&[&shard_zip(1, 2), "shards/copy.zip"])
        .fails(1)
        .stderr_has("are both shard 1/2");
    batch(
        &case,
        &[
            "p",
            "--quarter",
            "2026-Q3",
            "-o",
            "shards",
            "--shard",
            "2/3",
        ],
    );
    merge(&[&shard_zip(1, 2), &shard_zip(2, 3)])
        .fails(1)
        .stderr_has("is shard 2/3; merge the shards of one run");
    case.file("shards/other.zip", "not a zip");
    merge(&[&shard_zip(1, 2), "shards/other.zip"])
        .fails(1)
        .stderr_has("failed to read `shards/other.zip` (not a zip");
    assert!(!case.path("merged/2026-Q3-ensure-reports.zip").exists());
    assert!(!case.path("merged/2026-Q2-ensure-reports.zip").exists());
}

/// Issue 5 follow-up: Ctrl-C or `kill` during a long batch leaves no temp file.
#[cfg(unix)]
#[test]
fn sigterm_leaves_no_temp_file_and_no_partial_zip() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let case = case();
    for i in 0..1500 {
        let id = format!("S-{i:04}");
        case.file(
            &format!("p/{id}.yaml"),
            &engagement_yaml(&id, &format!("C{}", i % 9), "2026-08-01"),
        );
    }
    let out = case.path("out");
    let temp_files = || -> Vec<String> {
        std::fs::read_dir(&out)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_engagekit"))
        .args([
            "batch",
            "p",
            "--quarter",
            "2026-Q3",
            "-o",
            "out",
            "--templates",
            "tpl",
        ])
        .current_dir(case.path(""))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the zip's temp file exists (the batch is writing), then kill it.
    let start = Instant::now();
    while !temp_files().iter().any(|n| n.ends_with(".tmp")) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended before it could be interrupted"
        );
        assert!(start.elapsed() < Duration::from_secs(60), "no temp file");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(100));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert_eq!(temp_files(), Vec::<String>::new(), "files left in out/");
}

/// A portfolio workbook is streamed: a problem in one engagement's own rows
/// (here a goal of an iteration that is not in `Iterations`) fails that
/// engagement only, while a problem of the workbook itself (an unknown
/// column) still fails the whole file.
#[test]
fn a_row_problem_in_a_workbook_fails_only_its_engagement() {
    let write = |path: &Path, goal_header: &str| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let it = |id: &'static str| -> [&'static str; 8] {
            [
                id,
                "1",
                "2026-05-01",
                "mcw",
                "Learn",
                "2",
                "1000",
                "2026-08-01",
            ]
        };
        let (a, b, c) = (it("WB-1"), it("ROW"), it("WB-2"));
        write_workbook(
            path,
            &[
                (
                    "Engagement",
                    &[
                        &["Id", "Currency", "Customer name", "Provider name"],
                        &["WB-1", "EUR", "Woodgrove Bank", "Nimbus"],
                        &["ROW", "EUR", "Row Ltd", "Nimbus"],
                        &["WB-2", "EUR", "Woodgrove Bank", "Nimbus"],
                    ],
                ),
                ("Iterations", &[ITERATIONS_HEADER, &a, &b, &c]),
                (
                    "Goals",
                    &[
                        &["Engagement", "Iteration", "Id", goal_header],
                        &["WB-1", "1", "G1", "Lab done"],
                        &["ROW", "2", "G1", "Lab done"],
                        &["WB-2", "1", "G1", "Pilot runs"],
                    ],
                ),
            ],
        );
    };
    let one = case();
    write(&one.path("p/book.xlsx"), "Title");
    let run = batch(&one, &["p", "--quarter", "2026-Q3", "-o", "out"]);
    run.fails(1)
        .stderr_has("error: p/book.xlsx Goals!B3 (engagement `ROW`): iteration 2 is not in sheet `Iterations`")
        .stderr_has("2026-Q3: 2 ensure reports of 2 engagements (1 input file); 1 failure");
    let zip = one.path(run.stdout.trim());
    assert_eq!(
        reports(&zip),
        [
            "Woodgrove Bank/WB-1-iteration-1-proof-of-execution.docx",
            "Woodgrove Bank/WB-2-iteration-1-proof-of-execution.docx",
        ]
    );

    let case = case();
    write(&case.path("p/book.xlsx"), "Titel");
    let run = batch(&case, &["p", "--quarter", "2026-Q3", "-o", "out"]);
    run.fails(1)
        .stderr_has("error: p/book.xlsx Goals!D1: unknown column `Titel`")
        // The row problem is listed too, as `check` lists it, without an engagement.
        .stderr_has("error: p/book.xlsx Goals!B3: iteration 2 is not in sheet `Iterations`")
        .stderr_has("2026-Q3: 0 ensure reports of 0 engagements (1 input file); 2 failures");
    assert!(reports(&case.path(run.stdout.trim())).is_empty());
}
