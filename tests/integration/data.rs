//! Data loading, validation, conversion and the `check`/`convert`/`schema`
//! commands, through the library and through the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use engagekit::load::{load_and_validate, load_data, load_engagement};
use engagekit::model::Engagement;
use engagekit::{Diagnostics, Error, Location};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/data").join(name)
}

fn sample(ext: &str) -> PathBuf {
    root().join("samples").join(format!("contoso.{ext}"))
}

/// Runs the binary: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_engagekit"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// All diagnostics of a file that fails to load.
fn problems(path: &Path) -> Diagnostics {
    match load_and_validate(path) {
        Err(Error::Invalid(d)) => d,
        Err(e) => panic!("expected diagnostics, got {e}"),
        Ok(_) => panic!("expected {} to be invalid", path.display()),
    }
}

/// The one diagnostic whose message contains `needle`; checks its location's text ends with `loc`.
#[track_caller]
fn expect(d: &Diagnostics, loc: &str, needle: &str) {
    let found: Vec<_> = d.iter().filter(|x| x.message.contains(needle)).collect();
    assert!(
        !found.is_empty(),
        "no diagnostic contains {needle:?}; got:\n{d}"
    );
    assert!(
        found.iter().any(|x| x.location.to_string().ends_with(loc)),
        "{needle:?} not at {loc}; got:\n{d}"
    );
}

// ------------------------------------------------------------ the sample

#[test]
fn sample_yaml_and_xlsx_load_to_the_same_model() {
    let (y, wy) = load_engagement(&sample("yaml")).unwrap();
    let (x, wx) = load_engagement(&sample("xlsx")).unwrap();
    assert!(wy.is_empty() && wx.is_empty(), "{wy}\n{wx}");
    assert_eq!(y, x);
    assert_eq!(y.iterations.len(), 2);
}

#[test]
fn sample_computed_values() {
    let (e, _) = load_engagement(&sample("yaml")).unwrap();
    assert_eq!(
        e.customer.country.as_deref(),
        Some("NO"),
        "Norway stays text"
    );
    let ctx = e.iteration_context_json(1).unwrap();
    assert_eq!(ctx["customer"]["name"], "Contoso Manufacturing GmbH");
    assert_eq!(ctx["engagement"]["id"], "CONTOSO-2026-01");
    let it = &ctx["iteration"];
    assert_eq!(it["assess"]["maturity"]["label"], "Cloud is an option");
    assert_eq!(it["assess"]["recommended"][1]["id"], "ads");
    assert_eq!(it["commit"]["price"], 5800.0);
    assert_eq!(
        it["commit"]["engagement_type"]["label"],
        "Microsoft Cloud Workshop (MCW)"
    );
    assert_eq!(it["commit"]["date"], "2026-01-26");
    assert_eq!(it["deliver"]["workshops"][0]["agenda"][0]["end"], "09:30");
    assert_eq!(it["deliver"]["workshops"][0]["end"], "16:15");
    assert_eq!(
        it["deliver"]["workshops"][1]["type"],
        serde_json::Value::Null
    );
    assert_eq!(it["commit"]["goals"][0]["result"]["status"], "achieved");
    assert_eq!(it["commit"]["goals"][2]["result"]["status"], "not-reported");
    assert_eq!(
        it["commit"]["goals"][2]["result"]["status_label"],
        "Not reported"
    );
    let s = &it["ensure"]["summary"];
    assert_eq!(
        (s["total"].as_u64(), s["achieved"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(s["not_reported"], 1);
    assert_eq!(s["percent"], 33);
    assert_eq!(
        it["ensure"]["results"][1]["goal"]["title"],
        "First use case identified"
    );
    assert_eq!(it["ensure"]["not_reported"][0]["id"], "G3");
    assert_eq!(it["ensure"]["open_goals"].as_array().unwrap().len(), 2);
    let two = e.iteration_context_json(2).unwrap();
    assert_eq!(
        two["iteration"]["carried_over"][0]["action"],
        "Steering group chooses the first use case"
    );
    assert_eq!(two["previous"]["number"], 1);
    assert!(e.iteration_context(3).is_none());
    let q3: engagekit::model::Quarter = "2026-Q3".parse().unwrap();
    assert_eq!(
        e.ensured_in(q3).map(|i| i.number).collect::<Vec<_>>(),
        vec![2]
    );
}

// ------------------------------------------------------------ rules

#[test]
fn every_rule_is_reported_with_its_location() {
    let d = problems(&fixture("rules.yaml"));
    let f = "rules.yaml";
    expect(&d, &format!("{f}:1:5"), "`id` `BAD 1` may only hold");
    expect(
        &d,
        &format!("{f}:2:11"),
        "`currency` `euro` is not a three-letter",
    );
    expect(&d, &format!("{f}:4:3"), "customer: unknown field `nmae`");
    expect(&d, &format!("{f}:4:3"), "customer: `name` is required");
    expect(
        &d,
        &format!("{f}:7:14"),
        "`x-at-contoso` is not a valid email address",
    );
    expect(
        &d,
        &format!("{f}:13:13"),
        "`2026-02-30` is not a valid date",
    );
    expect(
        &d,
        &format!("{f}:14:17"),
        "`cloud-is-an-opton` is not a known value",
    );
    expect(
        &d,
        &format!("{f}:22:16"),
        "the due date 2025-12-01 is before the commit date 2026-01-01",
    );
    expect(&d, &format!("{f}:23:15"), "goal id `G1` is used twice");
    expect(&d, &format!("{f}:26:15"), "`days` must not be negative");
    expect(
        &d,
        &format!("{f}:27:19"),
        "`day_rate` should be a number, found `lots`",
    );
    expect(
        &d,
        &format!("{f}:37:22"),
        "the previous item runs until 10:00 (overlap)",
    );
    expect(
        &d,
        &format!("{f}:40:22"),
        "agenda items must be in time order",
    );
    expect(
        &d,
        &format!("{f}:44:13"),
        "the ensure date 2026-01-03 is before the last workshop (2026-01-05)",
    );
    expect(
        &d,
        &format!("{f}:47:19"),
        "`status` `acheived` is not a known value",
    );
    expect(
        &d,
        &format!("{f}:46:17"),
        "goal `G2` was not committed in iteration 1",
    );
    expect(&d, &format!("{f}:48:13"), "expected 2, found 3");
    expect(
        &d,
        &format!("{f}:53:13"),
        "the commit date 2026-03-01 is before the assess date 2026-04-01",
    );
    expect(
        &d,
        &format!("{f}:54:24"),
        "`engagement_type` `pco` is not a known value",
    );
    let hints: Vec<_> = d.iter().filter_map(|x| x.hint.as_deref()).collect();
    for h in [
        "did you mean `name`?",
        "did you mean `cloud-is-an-option`?",
        "did you mean `achieved`?",
        "did you mean `poc`?",
    ] {
        assert!(hints.contains(&h), "missing hint {h}: {hints:?}");
    }
    // Warnings come with the errors: goals without success criteria.
    for at in ["20:11", "23:11", "57:11"] {
        expect(&d, &format!("{f}:{at}"), "the goal has no success criteria");
    }
    assert_eq!(d.len(), 22, "{d}");
}

#[test]
fn check_prints_every_problem_and_exits_1() {
    let good = sample("yaml");
    let bad = fixture("rules.yaml");
    let (code, out, err) = run(&["check", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("ok: ") && out.contains("CONTOSO-2026-01"),
        "{out}"
    );
    assert!(err.contains("rules.yaml:14:17"), "{err}");
    assert!(
        err.contains("hint: did you mean `cloud-is-an-option`?"),
        "{err}"
    );
    assert!(err.contains("   | id: BAD 1"), "excerpt: {err}");
    assert!(err.contains("19 errors"), "{err}");
    // The same engagement in two formats: fine on its own, but one id in
    // two files is a problem, as `batch` finds it.
    for ext in ["yaml", "xlsx"] {
        let (code, out, _) = run(&["check", sample(ext).to_str().unwrap()]);
        assert_eq!(code, 0);
        assert_eq!(out.lines().count(), 1);
    }
    let (code, _, err) = run(&[
        "check",
        good.to_str().unwrap(),
        sample("xlsx").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("`CONTOSO-2026-01` is already used in"),
        "{err}"
    );
}

#[test]
fn required_fields_and_phase_order() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("e.yaml");
    std::fs::write(
        &p,
        "id: A\ncurrency: EUR\ncustomer: {name: C}\nprovider: {}\niterations:\n  - deliver:\n      workshops: []\n    ensure:\n      date: 2026-01-01\n",
    )
    .unwrap();
    let d = problems(&p);
    expect(&d, "e.yaml:4:11", "provider: `name` is required");
    expect(&d, "e.yaml:6:5", "`deliver` needs a `commit` phase");
    expect(&d, "e.yaml:8:5", "`ensure` needs a `commit` phase");
    expect(&d, "e.yaml:7:7", "needs at least one workshop");
}

// ------------------------------------------------------------ bad YAML files

#[test]
fn bad_yaml_files_give_located_errors() {
    let d = problems(&fixture("duplicate-key.yaml"));
    expect(&d, "duplicate-key.yaml:2:1", "duplicate");
    let d = problems(&fixture("tab.yaml"));
    assert!(
        matches!(d.0[0].location, Location::Yaml { line: 3, .. }),
        "{d}"
    );
    let d = problems(&fixture("not-yaml.yaml"));
    assert!(d.0[0].message.starts_with("failed to parse YAML"), "{d}");
    assert!(matches!(d.0[0].location, Location::Yaml { .. }), "{d}");
    assert!(d.0[0].excerpt.is_some());
    // Excel bytes named .yaml: not UTF-8 text.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.yaml");
    std::fs::copy(sample("xlsx"), &p).unwrap();
    let err = load_and_validate(&p).unwrap_err();
    assert!(err.to_string().contains("x.yaml"), "{err}");
}

#[test]
fn anchors_merge_keys_and_norway() {
    let (e, _) = load_engagement(&fixture("merge-keys.yaml")).unwrap();
    assert_eq!(e.customer.country.as_deref(), Some("NO"));
    let goals = &e.iterations[0].commit.as_ref().unwrap().goals;
    assert_eq!(goals[1].owner.as_deref(), Some("Ola"));
    assert_eq!(goals[1].id, "G2");
    assert_eq!(e.iterations[0].commit.as_ref().unwrap().price, 1500.0);
}

#[test]
fn missing_and_unknown_files() {
    let err = load_and_validate(Path::new("/no/such/file.yaml")).unwrap_err();
    assert!(err.to_string().contains("/no/such/file.yaml"), "{err}");
    let err = load_and_validate(Path::new("/no/such/file.xlsx")).unwrap_err();
    assert!(err.to_string().contains("/no/such/file.xlsx"), "{err}");
    let err = load_and_validate(Path::new("notes.txt")).unwrap_err();
    assert!(
        err.diagnostics().unwrap().0[0]
            .message
            .contains("unknown file type `.txt`")
    );
}

// ------------------------------------------------------------ bad workbooks

#[test]
fn broken_workbooks_give_clear_errors() {
    for (name, needle) in [
        ("password.xlsx", "password-protected"),
        ("corrupt.xlsx", "not a valid workbook or it is damaged"),
        ("truncated.xlsx", "not a valid workbook or it is damaged"),
        ("corrupt.xls", "not a valid workbook or it is damaged"),
    ] {
        let d = problems(&fixture(name));
        expect(&d, name, needle);
        let (code, _, err) = run(&["check", fixture(name).to_str().unwrap()]);
        assert_eq!(code, 1);
        assert!(err.contains(needle), "{err}");
    }
}

/// A cell for hand-made test workbooks.
enum C {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    F(&'static str, &'static str),
    E,
}

fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<C>>)], merge_header: Option<&str>) {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        write_rows(ws, rows);
        if merge_header == Some(*name) {
            ws.merge_range(0, 1, 0, 2, "Merged", &Format::new())
                .unwrap();
        }
    }
    wb.save(path).unwrap();
}

fn write_rows(ws: &mut rust_xlsxwriter::Worksheet, rows: &[Vec<C>]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                C::S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                C::D(y, m, d) => {
                    let f = Format::new().set_num_format("yyyy-mm-dd");
                    ws.write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &f,
                    )
                    .unwrap();
                }
                C::F(f, v) => {
                    ws.write_formula(r, c, Formula::new(*f).set_result(*v))
                        .unwrap();
                }
                C::E => {}
            }
        }
    }
}

fn engagement_sheet() -> (&'static str, Vec<Vec<C>>) {
    use C::*;
    (
        "engagement",
        vec![
            vec![S("FIELD"), S("value")],
            vec![S("id"), S("T-1")],
            vec![S("Currency"), S("EUR")],
            vec![S("customer name"), S("Contoso")],
            vec![S("Customer Country"), S("NO")],
            vec![S("provider_name"), S("Nimbus")],
        ],
    )
}

fn iterations_sheet() -> (&'static str, Vec<Vec<C>>) {
    use C::*;
    (
        "Iterations",
        vec![
            vec![
                S("iteration"),
                S("Commit Date"),
                S("Engagement type"),
                S("objective"),
                S("effort days"),
                S("DAY RATE"),
                S("Ensure date"),
            ],
            vec![
                N(1.0),
                D(2026, 3, 1),
                S("ads"),
                S("Design"),
                S("2.5"),
                F("=1000+200", "1200"),
                S("2026-04-01"),
            ],
        ],
    )
}

#[test]
fn excel_cells_are_forgiving_and_located() {
    use C::*;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.xlsx");
    workbook(
        &p,
        &[
            engagement_sheet(),
            iterations_sheet(),
            (
                "Goals",
                vec![
                    vec![S(" Iteration "), S("ID"), S("Title"), S("Due")],
                    vec![S("1"), N(1.0), S("First"), S("2026-03-20")],
                    vec![E, E, E, E],
                    vec![N(1.0), S("2"), N(42.0), D(2026, 3, 21)],
                ],
            ),
            (
                "Results",
                vec![
                    vec![S("Iteration"), S("Goal"), S("Status")],
                    vec![N(1.0), N(1.0), S("Partially achieved")],
                ],
            ),
        ],
        None,
    );
    let (e, _) = load_engagement(&p).unwrap();
    assert_eq!(e.customer.country.as_deref(), Some("NO"));
    let c = e.iterations[0].commit.as_ref().unwrap();
    assert_eq!(c.price, 3000.0, "text number times formula's cached value");
    assert_eq!(c.goals.len(), 2, "the empty row is skipped");
    assert_eq!(c.goals[0].id, "1");
    assert_eq!(c.goals[1].title, "42");
    assert_eq!(c.goals[1].due.unwrap().to_string(), "2026-03-21");
    assert_eq!(c.goals[0].result.status_label, "Partially achieved");
}

#[test]
fn excel_problems_name_the_cell() {
    use C::*;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.xlsx");
    workbook(
        &p,
        &[
            engagement_sheet(),
            iterations_sheet(),
            (
                "Goals",
                vec![
                    vec![S("Iteration"), S("Id"), S("Titel"), S("Due")],
                    vec![N(1.0), S("G1"), S("x"), S("soon")],
                    vec![N(2.0), S("G2"), S("y"), E],
                ],
            ),
            (
                "Results",
                vec![
                    vec![S("Iteration"), S("Goal"), S("Status")],
                    vec![N(1.0), S("G1"), S("done")],
                ],
            ),
        ],
        None,
    );
    let d = problems(&p);
    expect(
        &d,
        "t.xlsx Goals!C1",
        "unknown column `Titel` in sheet `Goals`",
    );
    assert!(
        d.iter()
            .any(|x| x.hint.as_deref() == Some("did you mean `Title`?")),
        "{d}"
    );
    expect(
        &d,
        "t.xlsx Goals!A3",
        "iteration 2 is not in sheet `Iterations`",
    );

    // Fix the header: now the rules run, with cell locations.
    workbook(
        &p,
        &[
            engagement_sheet(),
            iterations_sheet(),
            (
                "Goals",
                vec![
                    vec![S("Iteration"), S("Id"), S("Title"), S("Due")],
                    vec![N(1.0), S("G1"), E, S("soon")],
                ],
            ),
            (
                "Results",
                vec![
                    vec![S("Iteration"), S("Goal"), S("Status")],
                    vec![N(1.0), S("G1"), S("done")],
                ],
            ),
        ],
        None,
    );
    let d = problems(&p);
    expect(&d, "t.xlsx Goals!C2", "`title` is required");
    expect(&d, "t.xlsx Goals!D2", "`due` `soon` is not a valid date");
    expect(
        &d,
        "t.xlsx Results!C2",
        "`status` `done` is not a known value",
    );
    let (code, _, err) = run(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--> ") && err.contains("t.xlsx Goals!D2"),
        "{err}"
    );
}

#[test]
fn missing_sheets_and_merged_headers() {
    use C::*;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.xlsx");
    workbook(&p, &[("Data", vec![vec![S("a")], vec![S("b")]])], None);
    let d = problems(&p);
    expect(&d, "t.xlsx", "sheet `Engagement` is missing");
    workbook(&p, &[engagement_sheet()], None);
    expect(&problems(&p), "t.xlsx", "sheet `Iterations` is missing");
    workbook(
        &p,
        &[engagement_sheet(), iterations_sheet()],
        Some("Iterations"),
    );
    let d = problems(&p);
    expect(
        &d,
        "t.xlsx Iterations!B1",
        "the header row has merged cells (B1:C1)",
    );
}

#[test]
fn portfolio_workbooks_hold_several_engagements() {
    use C::*;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("portfolio.xlsx");
    let eng = (
        "Engagement",
        vec![
            vec![
                S("Id"),
                S("Currency"),
                S("Customer name"),
                S("Provider name"),
            ],
            vec![S("A-1"), S("EUR"), S("Alpha"), S("Nimbus")],
            vec![S("B-1"), S("USD"), S("Beta"), S("Nimbus")],
        ],
    );
    let its = (
        "Iterations",
        vec![
            vec![
                S("Engagement"),
                S("Iteration"),
                S("Assess date"),
                S("Maturity"),
            ],
            vec![S("A-1"), N(1.0), S("2026-01-01"), S("cloud-affine")],
            vec![S("B-1"), N(1.0), S("2026-02-01"), S("cloud-is-in-use")],
            vec![S("B-1"), N(2.0), S("2026-05-01"), S("cloud-is-in-use")],
        ],
    );
    workbook(&p, &[eng, its], None);
    let (list, _) = load_and_validate(&p).unwrap();
    let ids: Vec<(&str, usize)> = list
        .iter()
        .map(|e| (e.id.as_str(), e.iterations.len()))
        .collect();
    assert_eq!(ids, vec![("A-1", 1), ("B-1", 2)]);

    let eng = (
        "Engagement",
        vec![
            vec![
                S("Id"),
                S("Currency"),
                S("Customer name"),
                S("Provider name"),
            ],
            vec![S("A-1"), S("EUR"), S("Alpha"), S("Nimbus")],
            vec![S("B-1"), S("USD"), S("Beta"), S("Nimbus")],
        ],
    );
    let its = (
        "Iterations",
        vec![
            vec![S("Iteration"), S("Assess date")],
            vec![N(1.0), S("2026-01-01")],
        ],
    );
    workbook(&p, &[eng, its], None);
    expect(
        &problems(&p),
        "sheet `Iterations`",
        "has no `Engagement` column",
    );
}

#[test]
fn excel_as_generic_data() {
    let v = load_data(&sample("xlsx")).unwrap();
    assert_eq!(
        v["engagement"]["customer_name"],
        "Contoso Manufacturing GmbH"
    );
    assert_eq!(v["engagement"]["customer_country"], "NO");
    assert_eq!(v["goals"][0]["id"], "G1");
    assert_eq!(v["goals"][0]["due"], "2026-02-20");
    assert_eq!(v["iterations"][1]["effort_days"], 6.5);
    assert_eq!(v["iterations"][0]["effort_days"], 4);
    assert_eq!(v["next_steps"].as_array().unwrap().len(), 4);
    let y = load_data(&sample("yaml")).unwrap();
    assert_eq!(y["customer"]["country"], "NO");
}

// ------------------------------------------------------------ .ods, .xls, large workbooks

/// `contoso.ods` and `contoso.xls` are `samples/contoso.xlsx` saved by
/// LibreOffice (how: tests/fixtures/data/README.md).
#[test]
fn ods_and_xls_load_to_the_same_model_as_xlsx_and_yaml() {
    let (y, _) = load_engagement(&sample("yaml")).unwrap();
    let (x, _) = load_engagement(&sample("xlsx")).unwrap();
    assert_eq!(x, y);
    for name in ["contoso.ods", "contoso.xls"] {
        let (m, w) = load_engagement(&fixture(name)).unwrap();
        assert!(w.is_empty(), "{name}: {w}");
        assert_eq!(m, y, "{name}");
        let (code, out, err) = run(&["check", fixture(name).to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.contains("CONTOSO-2026-01 (2 iterations)"), "{out}");
    }
}

#[test]
fn ods_and_xls_are_generic_data_for_render() {
    use crate::harness::{Case, Docx, body_text, p};
    let x = load_data(&sample("xlsx")).unwrap();
    for name in ["contoso.ods", "contoso.xls"] {
        assert_eq!(load_data(&fixture(name)).unwrap(), x, "{name}");
    }
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(p(
            "{{ customer.name }} / {{ iterations[0].commit.goals[0].id }} / {{ iterations[0].commit.goals[0].due }} / {{ iterations[1].commit.effort.days }}",
        )),
    );
    // An engagement workbook gives `render` the context of its YAML
    // conversion, as `contoso.yaml` does (issue 14, defect 15).
    let yaml = sample("yaml");
    case.run(&["render", "t.docx", yaml.to_str().unwrap(), "-o", "y.docx"])
        .ok();
    assert_eq!(
        body_text(&case.path("y.docx")),
        "Contoso Manufacturing GmbH / G1 / 2026-02-20 / 6.5"
    );
    let ods = fixture("contoso.ods");
    case.run(&["render", "t.docx", ods.to_str().unwrap(), "-o", "o.docx"])
        .ok();
    assert_eq!(
        body_text(&case.path("o.docx")),
        "Contoso Manufacturing GmbH / G1 / 2026-02-20 / 6.5"
    );
}

/// `contoso-bad-column.ods`: contoso.ods with the Goals header `Due` typed as
/// `Due dat` (README.md in the fixture folder).
#[test]
fn ods_problems_name_the_cell() {
    let d = problems(&fixture("contoso-bad-column.ods"));
    expect(
        &d,
        "contoso-bad-column.ods Goals!G1",
        "unknown column `Due dat` in sheet `Goals`",
    );
}

/// A small deterministic generator of text that does not compress well
/// (xorshift over 64 letters), so that a workbook of a given size on disk
/// can be made at test time.
fn noise(seed: &mut u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .";
    let mut s = String::with_capacity(len);
    while s.len() < len {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let mut x = *seed;
        for _ in 0..10 {
            s.push(ALPHABET[(x & 63) as usize] as char);
            x >>= 6;
        }
    }
    s.truncate(len);
    s
}

/// The "a 50 MB workbook (fine, just slower)": a real 50 MB
/// portfolio (1,100 engagements, 2,200 iterations whose reasoning is 32,000
/// characters of noise, near Excel's 32,767 per cell), generated here so that nothing large is committed.
/// Few, large cells keep it quick in a debug build; the many-small-cells case
/// is measured in BENCHMARKS.md.
#[test]
fn a_50_mb_workbook_loads() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.xlsx");
    let n = 1100;
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut last = String::new();
    {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Engagement").unwrap();
        for (c, h) in ["Id", "Currency", "Customer name", "Provider name"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for i in 0..n {
            let r = i as u32 + 1;
            ws.write_string(r, 0, format!("E-{i:05}")).unwrap();
            ws.write_string(r, 1, "EUR").unwrap();
            ws.write_string(r, 2, format!("Customer {i}")).unwrap();
            ws.write_string(r, 3, "Nimbus").unwrap();
        }
        let ws = wb.add_worksheet();
        ws.set_name("Iterations").unwrap();
        for (c, h) in [
            "Engagement",
            "Iteration",
            "Assess date",
            "Maturity",
            "Reasoning",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        let mut r = 1;
        for i in 0..n {
            for it in 1..=2 {
                last = noise(&mut seed, 32_000);
                ws.write_string(r, 0, format!("E-{i:05}")).unwrap();
                ws.write_number(r, 1, it as f64).unwrap();
                ws.write_string(r, 2, format!("2026-0{it}-01")).unwrap();
                ws.write_string(r, 3, "cloud-affine").unwrap();
                ws.write_string(r, 4, &last).unwrap();
                r += 1;
            }
        }
        wb.save(&p).unwrap();
    }
    let size = std::fs::metadata(&p).unwrap().len();
    assert!(size > 50_000_000, "{size} bytes");
    let (list, warnings) = load_and_validate(&p).unwrap();
    assert!(warnings.is_empty(), "{warnings}");
    assert_eq!(list.len(), n);
    assert!(list.iter().all(|e| e.iterations.len() == 2));
    let a = list[n - 1].iterations[1].assess.as_ref().unwrap();
    assert_eq!(a.reasoning.as_deref(), Some(last.as_str()));
}

#[test]
fn a_cell_far_away_is_no_memory_bomb() {
    // calamine's grid for a sheet with cells at A1 and XFD1048576 would hold
    // 17 billion cells; reading the filled cells only, it is one stray value.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.xlsx");
    let mut wb = Workbook::new();
    for (name, rows) in [engagement_sheet(), iterations_sheet()] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        write_rows(ws, &rows);
        if name == "Iterations" {
            ws.write_string(1_048_575, 16_383, "far").unwrap();
        }
    }
    wb.save(&p).unwrap();
    expect(
        &problems(&p),
        "t.xlsx Iterations!XFD1048576",
        "this column has values but no header (cell XFD1 is empty)",
    );
}

// ------------------------------------------------------------ convert, schema

#[test]
fn convert_round_trips_keep_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let (orig, _) = load_engagement(&sample("yaml")).unwrap();
    let x = dir.path().join("c.xlsx");
    let y = dir.path().join("c.yaml");
    let (code, out, err) = run(&[
        "convert",
        sample("yaml").to_str().unwrap(),
        "-o",
        x.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{}\n", x.display()));
    let (code, _, err) = run(&["convert", x.to_str().unwrap(), "-o", y.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (from_x, _) = load_engagement(&x).unwrap();
    let (from_y, _) = load_engagement(&y).unwrap();
    assert_eq!(orig, from_x);
    assert_eq!(orig, from_y);
    let (code, _, err) = run(&[
        "convert",
        fixture("rules.yaml").to_str().unwrap(),
        "-o",
        x.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("rules.yaml:1:5"), "{err}");
}

#[test]
fn schema_is_json_schema_of_the_format() {
    let (code, out, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["$schema"].as_str().unwrap().contains("json-schema.org"));
    let props = v["properties"].as_object().unwrap();
    for k in [
        "id",
        "currency",
        "customer",
        "provider",
        "iterations",
        "catalog",
    ] {
        assert!(props.contains_key(k), "{k}");
    }
    let text = out.as_str();
    for k in [
        "engagement_type",
        "success_criteria",
        "day_rate",
        "next_steps",
        "partially-achieved",
        "cloud-is-an-option",
    ] {
        assert!(text.contains(k), "{k}");
    }
}

// ------------------------------------------------------------ property tests

mod prop {
    use super::*;
    use engagekit::convert::{to_file, to_xlsx, to_yaml};
    use engagekit::model::file::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-z][A-Za-z0-9 ,.()/-]{0,20}[A-Za-z0-9.)]",
            Just("NO".to_string()),
            Just("1.10".to_string()),
            Just("0755".to_string()),
            Just("yes".to_string()),
            Just("null".to_string()),
            Just("a: b # c".to_string()),
            Just("- dash".to_string()),
            Just("\"quoted\" 'x'".to_string()),
            Just("Zürich – Genève ✓".to_string()),
            Just("09:00".to_string()),
        ]
    }

    fn opt_text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(text())
    }

    fn multiline() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(prop_oneof![text(), Just("two\nlines".to_string())])
    }

    fn person() -> impl Strategy<Value = PersonFile> {
        (
            text(),
            opt_text(),
            opt_text(),
            proptest::option::of("[a-z]{1,8}@[a-z]{1,8}\\.com"),
            opt_text(),
        )
            .prop_map(|(name, role, organisation, email, phone)| PersonFile {
                name,
                role,
                organisation,
                email,
                phone,
            })
    }

    fn goal(i: usize) -> impl Strategy<Value = GoalFile> {
        (
            text(),
            multiline(),
            proptest::collection::vec(text(), 0..3),
            opt_text(),
            proptest::bool::ANY,
        )
            .prop_map(
                move |(title, description, success_criteria, owner, due)| GoalFile {
                    id: if i.is_multiple_of(2) {
                        format!("G{i}")
                    } else {
                        i.to_string()
                    },
                    title,
                    description,
                    success_criteria,
                    owner,
                    due: due.then(|| "2026-02-15".into()),
                },
            )
    }

    fn iteration(n: u32) -> impl Strategy<Value = IterationFile> {
        (
            opt_text(),
            proptest::bool::ANY,
            1usize..4,
            0usize..4,
            (0u32..100, 0u32..5000, 0u32..4),
            proptest::collection::vec(person(), 0..3),
            proptest::collection::vec((1u32..90, text(), opt_text()), 0..4),
            proptest::sample::select(vec!["achieved", "partially-achieved", "not-achieved"]),
            proptest::collection::vec(text(), 0..3),
        )
            .prop_flat_map(
                move |(
                    title,
                    with_assess,
                    ngoals,
                    nresults,
                    (days, rate, frac),
                    people,
                    agenda,
                    status,
                    list,
                )| {
                    proptest::collection::vec(goal(0), ngoals..=ngoals).prop_map(
                        move |mut goals| {
                            let y = 2025 + n as i32;
                            for (i, g) in goals.iter_mut().enumerate() {
                                g.id = if i.is_multiple_of(2) {
                                    format!("G{i}")
                                } else {
                                    (i + 1).to_string()
                                };
                                g.due = g.due.as_ref().map(|_| format!("{y}-02-15"));
                            }
                            let mut t = 9 * 60;
                            let agenda = agenda
                                .iter()
                                .map(|(d, topic, presenter)| {
                                    let start = format!("{:02}:{:02}", t / 60, t % 60);
                                    t += d + 5;
                                    AgendaItemFile {
                                        start,
                                        duration: *d,
                                        topic: topic.clone(),
                                        presenter: presenter.clone(),
                                    }
                                })
                                .collect();
                            IterationFile {
                                number: n,
                                title: title.clone(),
                                carried: None,
                                assess: with_assess.then(|| AssessFile {
                                    date: format!("{y}-01-05"),
                                    maturity: "cloud-is-a-solution".into(),
                                    reasoning: None,
                                    findings: list.clone(),
                                    answers: Default::default(),
                                    scores: Default::default(),
                                }),
                                commit: Some(CommitFile {
                                    date: format!("{y}-01-10"),
                                    engagement_type: "poc".into(),
                                    objective: "Prove it".into(),
                                    goals: goals.clone(),
                                    scope: list.clone(),
                                    out_of_scope: vec![],
                                    assumptions: vec![],
                                    deliverables: list.clone(),
                                    effort: EffortFile {
                                        days: f64::from(days) + f64::from(frac) * 0.25,
                                        day_rate: f64::from(rate),
                                    },
                                    signatories: people.clone(),
                                }),
                                deliver: Some(DeliverFile {
                                    workshops: vec![WorkshopFile {
                                        id: "W1".into(),
                                        title: "Kick-off".into(),
                                        kind: with_assess.then(|| "ads".into()),
                                        date: format!("{y}-02-01"),
                                        location: title.clone(),
                                        facilitators: list.clone(),
                                        attendees: people.clone(),
                                        agenda,
                                        materials: vec![],
                                        goals: vec![],
                                    }],
                                }),
                                ensure: Some(EnsureFile {
                                    date: format!("{y}-03-01"),
                                    results: goals
                                        .iter()
                                        .take(nresults)
                                        .map(|g| ResultFile {
                                            goal: g.id.clone(),
                                            status: status.into(),
                                            evidence: title.clone(),
                                            notes: None,
                                        })
                                        .collect(),
                                    next_steps: list
                                        .iter()
                                        .map(|a| NextStepFile {
                                            action: a.clone(),
                                            owner: None,
                                            due: Some(format!("{y}-04-01")),
                                        })
                                        .collect(),
                                }),
                            }
                        },
                    )
                },
            )
    }

    fn engagement() -> impl Strategy<Value = EngagementFile> {
        (
            text(),
            opt_text(),
            opt_text(),
            proptest::collection::vec(person(), 0..3),
            iteration(1),
            proptest::option::of(iteration(2)),
        )
            .prop_map(
                |(name, title, country, contacts, one, two)| EngagementFile {
                    id: "PROP-1".into(),
                    title,
                    currency: "EUR".into(),
                    customer: CustomerFile {
                        name: name.clone(),
                        industry: None,
                        country,
                        contacts,
                    },
                    provider: ProviderFile {
                        name,
                        consultants: vec![],
                    },
                    catalog: None,
                    iterations: std::iter::once(one).chain(two).collect(),
                },
            )
    }

    fn load(dir: &Path, name: &str, bytes: &[u8]) -> Engagement {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        match load_engagement(&p) {
            Ok((e, _)) => e,
            Err(Error::Invalid(d)) => panic!("{d}\n{}", String::from_utf8_lossy(bytes)),
            Err(e) => panic!("{e}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn any_model_written_by_convert_loads_back_unchanged(file in engagement()) {
            let dir = tempfile::tempdir().unwrap();
            let from_yaml = load(dir.path(), "p.yaml", to_yaml(&file).as_bytes());
            prop_assert_eq!(&to_file(&from_yaml), &file);
            let from_xlsx = load(dir.path(), "p.xlsx", &to_xlsx(&file).unwrap());
            prop_assert_eq!(&from_xlsx, &from_yaml);
        }
    }
}

/// Every field name the JSON Schema publishes appears, as `name`, in the
/// README's field reference, so the documentation cannot fall behind the model.
#[test]
fn readme_documents_every_field_of_the_schema() {
    fn names(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                    out.extend(props.keys().cloned());
                }
                map.values().for_each(|v| names(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| names(v, out)),
            _ => {}
        }
    }
    let (code, out, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let mut fields = std::collections::BTreeSet::new();
    names(&serde_json::from_str(&out).unwrap(), &mut fields);
    assert!(fields.len() > 40, "{fields:?}");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("## Engagement data: every field").unwrap();
    let end = start + readme[start + 3..].find("\n## ").unwrap();
    let section = &readme[start..end];
    let missing: Vec<_> = fields
        .iter()
        .filter(|f| !section.contains(&format!("`{f}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "fields missing from the README: {missing:?}"
    );
}
