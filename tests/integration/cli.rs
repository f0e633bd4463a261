//! The command line as a new user meets it (issue 14): usage errors up
//! front, outputs that never replace a user's file, the same checks in
//! `check` as in `batch`, honest summaries, exactly the written paths on
//! stdout. Each test is named after its defect in issue 14.

use std::path::PathBuf;

use crate::harness::*;

fn sample(ext: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(format!("contoso.{ext}"))
}

fn sample_text() -> String {
    std::fs::read_to_string(sample("yaml")).unwrap()
}

/// `batch` of the sample for `quarter` into `out/`.
fn batch_sample(case: &Case, quarter: &str) -> Run {
    let y = sample("yaml");
    case.run(&["batch", s(&y), "--quarter", quarter, "-o", "out"])
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

/// Defect 2: `currency: usd` is read as `USD`, like the enums.
#[test]
fn issue14_2_currency_in_any_case() {
    let case = Case::new();
    let f = case.file(
        "e.yaml",
        &sample_text().replace("currency: EUR", "currency: eur"),
    );
    let (e, _) = engagekit::load::load_engagement(&f).unwrap();
    assert_eq!(e.currency, "EUR");
    let f = case.file(
        "bad.yaml",
        &sample_text().replace("currency: EUR", "currency: EURO"),
    );
    case.run(&["check", s(&f)])
        .fails(1)
        .stderr_has("`currency` `EURO` is not a three-letter currency code")
        .stderr_has("bad.yaml:5:11");
}

/// Defect 7: an unsupported `--locale` is a usage error before any work,
/// naming the supported locales, for every command that takes one.
#[test]
fn issue14_7_unsupported_locale_is_a_usage_error() {
    let case = Case::new();
    let tpl = case.docx("t.docx", &Docx::body(p("{{ customer.name }}")));
    let y = s(&sample("yaml")).to_string();
    let runs: [Vec<&str>; 4] = [
        vec!["bundle", &y, "-o", "out", "--locale", "fr"],
        vec![
            "batch",
            &y,
            "--quarter",
            "2026-Q1",
            "-o",
            "out",
            "--locale",
            "fr",
        ],
        vec!["batch", "merge", "a.zip", "-o", "out", "--locale", "fr"],
        vec!["render", s(&tpl), &y, "-o", "out/x.docx", "--locale", "fr"],
    ];
    for args in runs {
        let run = case.run(&args);
        run.fails(2)
            .stderr_has("'fr'")
            .stderr_has("supported: en, en-US, en-GB, de, de-DE, de-AT, de-CH");
        assert!(!case.path("out").exists(), "{args:?} wrote output");
    }
    case.run(&["bundle", &y, "-o", "out", "--locale", "de-AT"])
        .ok();
}

/// Defect 7, the data's side: an unsupported top-level `locale` in the data
/// is a located error naming the supported ones (unless `--locale` decides).
#[test]
fn issue14_7_an_unsupported_data_locale_is_located() {
    let case = Case::new();
    let tpl = case.docx("t.docx", &Docx::body(p("{{ name }} {{ 5|number }}")));
    case.file("d.yaml", "name: Contoso\nlocale: fr\n");
    case.file("d.json", "{\"name\": \"Contoso\",\n \"locale\": \"fr\"}\n");
    for data in ["d.yaml", "d.json"] {
        let run = case.run(&["render", s(&tpl), data, "-o", "out.docx"]);
        run.fails(1)
            .stderr_has("error: `locale` `fr` is not a supported locale")
            .stderr_has(if data == "d.yaml" {
                "d.yaml:2:9"
            } else {
                "d.json:2:12"
            })
            .stderr_has("supported: en, en-US, en-GB, de, de-DE, de-AT, de-CH");
        assert!(!case.path("out.docx").exists());
        case.run(&["render", s(&tpl), data, "-o", "out.docx", "--locale", "de"])
            .ok();
        std::fs::remove_file(case.path("out.docx")).unwrap();
    }
}

/// Defect 8: `convert` never replaces a different file without `--force`
/// (the same bytes may be written again); nor does `schema -o`, `bundle`
/// or `batch` replace a file that is not their own earlier output.
#[test]
fn issue14_8_outputs_never_replace_a_users_file() {
    let case = Case::new();
    let xlsx = case.path("contoso.xlsx");
    std::fs::copy(sample("xlsx"), &xlsx).unwrap();
    let mine = "# my notes\nid: MINE\n";
    let yaml = case.file("contoso.yaml", mine);
    case.run(&["convert", s(&xlsx)])
        .fails(1)
        .stderr_has("a different file is already there")
        .stderr_has("--force");
    assert_eq!(std::fs::read_to_string(&yaml).unwrap(), mine);
    let run = case.run(&["convert", s(&xlsx), "--force"]);
    run.ok();
    assert_eq!(run.stdout, format!("{}\n", yaml.display()));
    assert!(
        std::fs::read_to_string(&yaml)
            .unwrap()
            .contains("CONTOSO-2026-01")
    );
    // The same bytes again: nothing is lost, so no `--force` is needed.
    case.run(&["convert", s(&xlsx)]).ok();
    // Never the input itself.
    case.run(&["convert", s(&yaml), "-o", s(&yaml)])
        .fails(2)
        .stderr_has("the output is the input itself");

    let schema = case.file("schema.json", "{\"mine\": true}\n");
    case.run(&["schema", "-o", s(&schema)]).fails(1);
    assert_eq!(
        std::fs::read_to_string(&schema).unwrap(),
        "{\"mine\": true}\n"
    );
    case.run(&["schema", "-o", s(&schema), "--force"]).ok();
    case.run(&["schema", "-o", s(&schema)]).ok();

    // A zip engagekit did not write, where the bundle and the export go.
    let y = s(&sample("yaml")).to_string();
    let other = case.file("out/CONTOSO-2026-01-iteration-2.zip", "not ours");
    case.run(&["bundle", &y, "-o", "out"])
        .fails(1)
        .stderr_has("a different file is already there");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "not ours");
    case.run(&["bundle", &y, "-o", "out", "--force"]).ok();
    // Its own earlier bundle is replaced.
    case.run(&["bundle", &y, "-o", "out"]).ok();
    let other = case.file("out/2026-Q1-ensure-reports.zip", "not ours");
    case.run(&["batch", &y, "--quarter", "2026-Q1", "-o", "out"])
        .fails(1)
        .stderr_has("a different file is already there");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "not ours");
    case.run(&["batch", &y, "--quarter", "2026-Q1", "-o", "out", "--force"])
        .ok();
    case.run(&["batch", &y, "--quarter", "2026-Q1", "-o", "out"])
        .ok();
}

/// Defect 9: `check` takes folders as `batch` does, and reports an id used
/// by two files, which `batch` refuses to export twice.
#[test]
fn issue14_9_check_accepts_and_rejects_what_batch_does() {
    let case = Case::new();
    case.file("portfolio/a.yaml", &sample_text());
    case.file("portfolio/sub/b.yaml", &sample_text());
    case.file("portfolio/notes.txt", "not data");
    let run = case.run(&["check", "portfolio"]);
    run.fails(1)
        .stderr_has("engagement id `CONTOSO-2026-01` is already used in `portfolio/a.yaml`")
        .stderr_has("portfolio/sub/b.yaml");
    assert_eq!(
        run.stdout,
        "ok: portfolio/a.yaml: CONTOSO-2026-01 (2 iterations)\n"
    );
    let batch = case.run(&["batch", "portfolio", "--quarter", "2026-Q1", "-o", "out"]);
    batch
        .fails(1)
        .stderr_has("engagement id `CONTOSO-2026-01` is already used in `portfolio/a.yaml`");
    std::fs::remove_file(case.path("portfolio/sub/b.yaml")).unwrap();
    case.run(&["check", "portfolio"]).ok();
    case.run(&["check", "missing"])
        .fails(1)
        .stderr_has("missing");
    std::fs::create_dir_all(case.path("empty")).unwrap();
    case.run(&["check", "empty"])
        .fails(1)
        .stderr_has("no engagement files found");
}

/// Defect 10: a quarter without ensure reports is a warning naming the
/// quarters that have some.
#[test]
fn issue14_10_an_empty_quarter_warns() {
    let case = Case::new();
    let run = batch_sample(&case, "2026-Q2");
    run.ok()
        .stderr_has("warning: no ensure reports in 2026-Q2")
        .stderr_has("ensure dates fall in 2026-Q1 (1 report), 2026-Q3 (1 report)");
    let run = batch_sample(&case, "2026-Q1");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

/// Defect 11: summaries count in the singular and plural as English does,
/// and name input files as such.
#[test]
fn issue14_11_summaries_have_correct_plurals() {
    let case = Case::new();
    let run = batch_sample(&case, "2026-Q1");
    run.ok()
        .stderr_has("2026-Q1: 1 ensure report of 1 engagement (1 input file)");
    case.file("in/a.yaml", &sample_text());
    case.file(
        "in/b.yaml",
        &sample_text().replace("id: CONTOSO-2026-01", "id: CONTOSO-2026-02"),
    );
    case.run(&["batch", "in", "--quarter", "2026-Q1", "-o", "out"])
        .ok()
        .stderr_has("2026-Q1: 2 ensure reports of 2 engagements (2 input files)");
    let bad = case.file("bad.yaml", "id: [x\n");
    let run = case.run(&["check", s(&bad)]);
    run.fails(1);
    assert!(run.stderr.ends_with("\n1 error\n"), "{}", run.stderr);
}

/// Defect 12: every writing command prints exactly the paths it wrote, one
/// per line, and nothing else, on stdout.
#[test]
fn issue14_12_writing_commands_print_their_paths() {
    let case = Case::new();
    let y = s(&sample("yaml")).to_string();
    let out = case.run(&["convert", &y, "-o", "c.xlsx"]);
    assert_eq!(out.ok().stdout, "c.xlsx\n");
    let out = case.run(&["schema", "-o", "schema.json"]);
    assert_eq!(out.ok().stdout, "schema.json\n");
    let out = case.run(&["bundle", &y, "-o", "b"]);
    assert_eq!(out.ok().stdout, "b/CONTOSO-2026-01-iteration-2.zip\n");
    let out = case.run(&["batch", &y, "--quarter", "2026-Q3", "-o", "q"]);
    assert_eq!(out.ok().stdout, "q/2026-Q3-ensure-reports.zip\n");
}

/// Defect 13: `bundle -o out.zip` writes that zip; an output named as
/// another kind of file is refused before any work.
#[test]
fn issue14_13_an_output_extension_means_what_it_says() {
    let case = Case::new();
    let y = s(&sample("yaml")).to_string();
    let out = case.run(&["bundle", &y, "-o", "out.zip"]);
    assert_eq!(out.ok().stdout, "out.zip\n");
    assert!(case.path("out.zip").is_file());
    assert!(unzip(&case.path("out.zip")).contains_key("manifest.json"));
    let out = case.run(&["batch", &y, "--quarter", "2026-Q3", "-o", "q3.ZIP"]);
    assert_eq!(out.ok().stdout, "q3.ZIP\n");
    assert!(unzip(&case.path("q3.ZIP")).contains_key("summary.json"));
    for (args, name) in [
        (vec!["bundle", &y, "-o", "out.pdf"], "out.pdf"),
        (
            vec!["batch", &y, "--quarter", "2026-Q3", "-o", "q.docx"],
            "q.docx",
        ),
    ] {
        case.run(&args)
            .fails(2)
            .stderr_has(&format!("`{name}` (it names a ."))
            .stderr_has("name it `.zip`, or give a folder");
        assert!(!case.path(name).exists());
    }
    case.run(&["schema", "-o", "schema.yaml"])
        .fails(2)
        .stderr_has("the schema is JSON; name it `.json`");
    assert!(!case.path("schema.yaml").exists());
    // A folder whose name has a dot stays a folder.
    let out = case.run(&["bundle", &y, "-o", "2026.12"]);
    assert_eq!(out.ok().stdout, "2026.12/CONTOSO-2026-01-iteration-2.zip\n");
}

/// Defect 17: a next step due before its ensure date is a warning; the
/// engagement is still valid and exported.
#[test]
fn issue14_17_a_next_step_due_early_is_a_warning() {
    let case = Case::new();
    let text = sample_text();
    // The first iteration's ensure date is 2026-03-03; its first next step
    // becomes due the day before.
    let at = text.find("next_steps:").unwrap();
    let due = at + text[at..].find("due: ").unwrap();
    let end = due + text[due..].find('\n').unwrap();
    let text = format!("{}due: 2026-03-02{}", &text[..due], &text[end..]);
    case.file("e.yaml", &text);
    case.run(&["check", "e.yaml"])
        .ok()
        .stderr_has("warning: iteration 1, next step 1: the due date 2026-03-02 is before the ensure date 2026-03-03");
    let run = case.run(&["batch", "e.yaml", "--quarter", "2026-Q1", "-o", "out"]);
    run.ok().stderr_has("1 ensure report of 1 engagement");
}

/// Defects 3 and 4, the same kind in `render`'s data: a JSON syntax error
/// says its position once (in the location) and shows the line.
#[test]
fn issue14_3_json_errors_say_their_position_once() {
    let case = Case::new();
    let tpl = case.docx("t.docx", &Docx::body(p("{{ name }}")));
    case.file("d.json", "{\"name\": \"Contoso\",\n \"n\": }\n");
    let run = case.run(&["render", s(&tpl), "d.json", "-o", "out.docx"]);
    run.fails(1).stderr_has(
        "error: failed to parse JSON (expected value)\n  --> d.json:2:7\n   |  \"n\": }\n",
    );
}
