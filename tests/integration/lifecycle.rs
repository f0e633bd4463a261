//! The framework's loop on the real binary (issue 12): `init` → fill →
//! `bundle`; `next` keeps every byte it does not add, refuses without an
//! ensure phase and then leaves the file untouched; `status`.

use std::path::PathBuf;

use crate::harness::*;

fn sample(ext: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(format!("contoso.{ext}"))
}

/// Uncomments the first commented `assess:` phase (what a consultant does
/// first), with `date` (YYYY-MM-DD) as its date.
fn fill_assess(text: &str, date: &str) -> String {
    let start = text.find("    # assess:").expect("a commented assess");
    let (head, tail) = text.split_at(start);
    let tail = tail
        .replacen("    # assess:", "    assess:", 1)
        .replacen("    #   date: ", "      date: ", 1)
        .replacen("    #   maturity:", "      maturity:", 1);
    // `init` writes today's date there, `next` a placeholder.
    let at = tail.find("      date: ").unwrap() + "      date: ".len();
    format!("{head}{}{date}{}", &tail[..at], &tail[at + 10..])
}

#[test]
fn init_then_bundle_says_what_is_missing_then_bundles() {
    let case = Case::new();
    let run = case.run(&[
        "init",
        "ws",
        "--customer",
        "Contoso Manufacturing GmbH",
        "--provider",
        "Nimbus Consulting",
        "--templates",
    ]);
    run.ok();
    assert_eq!(
        run.stdout.lines().take(2).collect::<Vec<_>>(),
        ["ws/engagement.yaml", "ws/engagement.schema.json"]
    );
    assert!(case.path("ws/templates/sow.docx").is_file());
    let yaml = std::fs::read_to_string(case.path("ws/engagement.yaml")).unwrap();
    assert!(yaml.starts_with("# yaml-language-server: $schema=engagement.schema.json\n"));
    case.run(&["check", "ws/engagement.yaml"]).ok();
    // Fresh: valid, but nothing to bundle yet, and it says which fields.
    case.run(&["bundle", "ws/engagement.yaml", "-o", "out"])
        .fails(1)
        .stderr_has("`assess` phase (`date`, `maturity`)");
    case.file("ws/engagement.yaml", &fill_assess(&yaml, "2026-12-08"));
    let run = case.run(&["bundle", "ws/engagement.yaml", "-o", "out"]);
    run.ok();
    let zip = case.path(run.stdout.trim());
    let manifest = String::from_utf8(unzip(&zip)["manifest.json"].clone()).unwrap();
    // The copied templates are used without `--templates`.
    assert!(manifest.contains("templates/assessment.docx"), "{manifest}");
    // A second init writes nothing and replaces nothing.
    std::fs::write(case.path("ws/engagement.yaml"), "mine").unwrap();
    case.run(&["init", "ws", "--customer", "A", "--provider", "B"])
        .fails(1)
        .stderr_has("never replaces");
    assert_eq!(
        std::fs::read_to_string(case.path("ws/engagement.yaml")).unwrap(),
        "mine"
    );
}

#[test]
fn next_keeps_comments_and_anchors_byte_for_byte_then_bundles() {
    let case = Case::new();
    let original = std::fs::read_to_string(sample("yaml")).unwrap();
    assert!(original.contains("&anna") && original.contains("# "));
    let f = case.file("c.yaml", &original);
    let run = case.run(&["next", "c.yaml"]);
    run.ok().stderr_has("goal G2 Cost estimate: Not achieved");
    assert_eq!(run.stdout, "c.yaml\n");
    let after = std::fs::read_to_string(&f).unwrap();
    // `iterations` is the last key: everything before is the file as it was.
    assert!(after.starts_with(&original), "{after}");
    let added = &after[original.len()..];
    assert!(added.contains("  - number: 3\n"), "{added}");
    assert!(
        added.contains("      maturity: cloud-is-a-solution"),
        "{added}"
    );
    // Iteration 3 is valid as written, and bundles once assessed.
    case.run(&["check", "c.yaml"]).ok();
    case.file("c.yaml", &fill_assess(&after, "2026-07-10"));
    let run = case.run(&["bundle", "c.yaml", "-o", "out", "--iteration", "3"]);
    run.ok();
    assert!(run.stdout.contains("iteration-3.zip"), "{}", run.stdout);
}

#[test]
fn a_failing_next_leaves_the_file_untouched() {
    let case = Case::new();
    let original = std::fs::read_to_string(sample("yaml")).unwrap();
    let cut = original.rfind("    ensure:").unwrap();
    let text = format!("# mine\n{}", &original[..cut]);
    let f = case.file("c.yaml", &text);
    case.run(&["next", "c.yaml"])
        .fails(1)
        .stderr_has("iteration 2 has no ensure phase yet");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
    assert_eq!(case.listing(""), ["c.yaml"]);
}

#[test]
fn next_refuses_workbooks_for_now() {
    let case = Case::new();
    let x = case.path("c.xlsx");
    std::fs::copy(sample("xlsx"), &x).unwrap();
    let before = std::fs::read(&x).unwrap();
    case.run(&["next", "c.xlsx"])
        .fails(1)
        .stderr_has("does not edit workbooks yet");
    assert_eq!(std::fs::read(&x).unwrap(), before);
}

#[test]
fn status_of_one_and_many_and_as_json() {
    let case = Case::new();
    let y = sample("yaml");
    let y = y.to_str().unwrap();
    let run = case.run(&["status", y, "--today", "2026-07-20"]);
    run.ok();
    assert!(
        run.stdout.contains("iteration 2, phase: ensure"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Deliver the data volume figures (due 2026-07-15, Lars Berg)")
    );
    assert!(run.stdout.contains("goal G3 has no result"));
    let other = std::fs::read_to_string(y)
        .unwrap()
        .replace("CONTOSO-2026-01", "OTHER-1");
    case.file("portfolio/other.yaml", &other);
    let run = case.run(&["status", y, "portfolio", "--today", "2026-07-20"]);
    run.ok();
    assert!(run.stdout.starts_with("engagement "), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 3);
    let run = case.run(&["status", y, "--today", "2026-07-01", "--format", "json"]);
    run.ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v[0]["iteration"], 2);
    assert_eq!(v[0]["overdue"].as_array().unwrap().len(), 0);
    // The global `--json` gives the same array.
    let json = case.run(&["--json", "status", y, "--today", "2026-07-01"]);
    assert_eq!(json.ok().stdout, run.stdout);
}

/// The framework's warnings: `check` lists them and exits 0.
#[test]
fn check_warns_where_the_framework_is_not_followed() {
    let case = Case::new();
    let text = std::fs::read_to_string(sample("yaml"))
        .unwrap()
        .replace("engagement_type: ads", "engagement_type: mcw")
        .replacen(
            "          evidence: Lab completion report, 6 of 6 participants finished.\n",
            "",
            1,
        );
    case.file("w.yaml", &text);
    let run = case.run(&["check", "w.yaml"]);
    run.ok()
        .stderr_has("the result for goal `G1` has no evidence")
        .stderr_has("the engagement type `mcw` is not recommended for the maturity `cloud-is-a-solution` (recommended: ads, poc)");
    assert!(run.stdout.contains("2 warnings"), "{}", run.stdout);
    // Warnings never block a bundle.
    case.run(&["bundle", "w.yaml", "-o", "out"]).ok();
}

#[test]
fn init_xlsx_writes_a_workbook_that_checks() {
    let case = Case::new();
    let run = case.run(&[
        "init",
        "ws",
        "--customer",
        "Contoso",
        "--provider",
        "Nimbus",
        "--xlsx",
    ]);
    run.ok();
    assert_eq!(run.stdout, "ws/engagement.xlsx\n");
    let (e, _) = engagekit::load::load_engagement(&case.path("ws/engagement.xlsx")).unwrap();
    assert_eq!(e.customer.name, "Contoso");
    assert_eq!(e.iterations.len(), 1);
    case.run(&["check", "ws/engagement.xlsx"]).ok();
}

/// A workbook has no place for `carried` yet: `convert` refuses rather
/// than drop it.
#[test]
fn convert_to_xlsx_refuses_a_carried_section() {
    let case = Case::new();
    case.file("c.yaml", &std::fs::read_to_string(sample("yaml")).unwrap());
    case.run(&["next", "c.yaml"]).ok();
    case.run(&["convert", "c.yaml", "-o", "c.xlsx"])
        .fails(1)
        .stderr_has("iteration 3 has a `carried` section");
    assert!(!case.path("c.xlsx").exists());
}

/// A workshop names the goals it works towards; once one does, one that
/// names none is a warning, and an id that was not committed an error.
/// The link survives a round trip through a workbook.
#[test]
fn workshops_name_their_goals() {
    let case = Case::new();
    let base = std::fs::read_to_string(sample("yaml")).unwrap();
    let linked = base.replacen(
        "          type: mcw\n",
        "          type: mcw\n          goals: [G1, G2]\n",
        1,
    );
    case.file("w.yaml", &linked);
    case.run(&["check", "w.yaml"])
        .ok()
        .stderr_has("iteration 1: this workshop contributes to no goal");
    let (e, _) = engagekit::load::load_engagement(&case.path("w.yaml")).unwrap();
    assert_eq!(
        e.iterations[0].deliver.as_ref().unwrap().workshops[0].goals,
        ["G1", "G2"]
    );
    case.run(&["convert", "w.yaml", "-o", "w.xlsx"]).ok();
    let (x, _) = engagekit::load::load_engagement(&case.path("w.xlsx")).unwrap();
    assert_eq!(x, e);
    case.file(
        "bad.yaml",
        &linked.replace("goals: [G1, G2]", "goals: [G1, G9]"),
    );
    case.run(&["check", "bad.yaml"])
        .fails(1)
        .stderr_has("goal `G9` was not committed");
}
