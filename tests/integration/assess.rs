//! `engagekit assess` on the real binary (issue 12): init → assess with an
//! answers file → bundle; every byte outside the written `assess` kept; a
//! failing assess (bad answers, an existing assess without `--force`, no
//! answers and no terminal) leaves the file untouched.

use crate::harness::*;

/// Answers for all built-in questions: mostly the second answer, strategy the third.
const ANSWERS: &str = "# the customer workshop of 2026-12-01
motivation: agility
use-cases: prioritised
business-case: estimate
skills: individuals
ownership: individual
stakeholders: informed
identity: basic
policy: documented
cost: none
monitoring: portal
continuity: backup
security-operations: defaults
workloads: trials
network: public
automation: portal
";

fn init(case: &Case) -> String {
    case.run(&[
        "init",
        "ws",
        "--customer",
        "Contoso",
        "--provider",
        "Nimbus",
    ])
    .ok();
    std::fs::read_to_string(case.path("ws/engagement.yaml")).unwrap()
}

#[test]
fn init_then_assess_then_bundle_keeps_every_other_byte() {
    let case = Case::new();
    let mut original = init(&case);
    // A comment and an anchor of the user's own, before and after the iteration.
    original = original.replacen("currency: EUR", "currency: &cur EUR   # mine", 1);
    original.push_str("# my closing note\n");
    case.file("ws/engagement.yaml", &original);
    case.file("answers.yaml", ANSWERS);
    let run = case.run(&[
        "assess",
        "ws/engagement.yaml",
        "--answers",
        "answers.yaml",
        "--date",
        "2026-12-08",
    ]);
    run.ok()
        .stderr_has("iteration 1's assess written: maturity cloud-is-an-option")
        .stderr_has("Governance: 2 of 9")
        .stderr_has("recommended: mcw, ads");
    assert_eq!(run.stdout, "ws/engagement.yaml\n");
    let after = std::fs::read_to_string(case.path("ws/engagement.yaml")).unwrap();
    let at = after.find("    assess:  ").expect("an assess entry");
    let end = at + after[at..].find("# my closing note").unwrap();
    assert_eq!(format!("{}{}", &after[..at], &after[end..]), original);
    let block = &after[at..end];
    assert!(block.contains("      date: 2026-12-08\n"), "{block}");
    assert!(
        block.contains("      maturity: cloud-is-an-option\n"),
        "{block}"
    );
    assert!(block.contains("        cost: none\n"), "{block}");
    assert!(block.contains("        strategy: 5   # of 9\n"), "{block}");
    assert!(
        block.contains("Governance: How are cloud costs controlled? Not at all."),
        "{block}"
    );
    case.run(&["check", "ws/engagement.yaml"]).ok();
    let run = case.run(&["bundle", "ws/engagement.yaml", "-o", "out"]);
    run.ok();
    let zip = case.path(run.stdout.trim());
    let files = unzip(&zip);
    let name = files
        .keys()
        .find(|k| k.contains("assessment") && k.ends_with(".docx"))
        .expect("an assessment summary")
        .clone();
    let doc = case.path("assessment.docx");
    std::fs::write(&doc, &files[&name]).unwrap();
    let text = body_text(&doc);
    assert!(text.contains("Cloud is an option"), "{text}");
    assert!(text.contains("The answers score 16 of 45"), "{text}");

    // A second assess is refused and changes nothing; `--force` replaces it.
    let run = case.run(&["assess", "ws/engagement.yaml", "--answers", "answers.yaml"]);
    run.fails(1)
        .stderr_has("already has an `assess`")
        .stderr_has("--force");
    assert_eq!(
        std::fs::read_to_string(case.path("ws/engagement.yaml")).unwrap(),
        after
    );
    case.file(
        "answers.yaml",
        &ANSWERS.replace("cost: none", "cost: finops"),
    );
    case.run(&[
        "assess",
        "ws/engagement.yaml",
        "--answers",
        "answers.yaml",
        "--date",
        "2026-12-09",
        "--force",
    ])
    .ok()
    .stderr_has("assess replaced");
    let again = std::fs::read_to_string(case.path("ws/engagement.yaml")).unwrap();
    assert!(again.starts_with(&after[..at]));
    assert!(again.ends_with("# my closing note\n"));
    assert!(
        again.contains("        cost: finops\n") && !again.contains("2026-12-08\n      maturity")
    );
}

#[test]
fn every_problem_of_the_answers_file_at_once_and_the_file_untouched() {
    let case = Case::new();
    let original = init(&case);
    let bad = ANSWERS
        .replace("motivation: agility", "motivaton: agility")
        .replace("cost: none", "cost: finop")
        .replace("automation: portal\n", "");
    case.file("answers.yaml", &bad);
    let run = case.run(&["assess", "ws/engagement.yaml", "--answers", "answers.yaml"]);
    run.fails(1)
        .stderr_has("answers.yaml:2:1")
        .stderr_has("`motivaton` is not a known question")
        .stderr_has("did you mean `motivation`?")
        .stderr_has("answers.yaml:10:7")
        .stderr_has("`finop` is not an answer of `cost`")
        .stderr_has("did you mean `finops`?")
        .stderr_has("2 questions unanswered: motivation, automation");
    assert_eq!(
        std::fs::read_to_string(case.path("ws/engagement.yaml")).unwrap(),
        original
    );
}

#[test]
fn without_answers_and_a_terminal_it_does_not_ask() {
    let case = Case::new();
    let original = init(&case);
    // The harness's stdin is not a terminal.
    case.run(&["assess", "ws/engagement.yaml"])
        .fails(2)
        .stderr_has("stdin is not a terminal")
        .stderr_has("--answers");
    assert_eq!(
        std::fs::read_to_string(case.path("ws/engagement.yaml")).unwrap(),
        original
    );
}

#[test]
fn catalog_questions_override_the_built_in_ones() {
    let case = Case::new();
    let original = init(&case).replacen(
        "iterations:",
        "catalog:\n  questions:\n    - id: cost\n      dimension: governance\n      text: Who pays for Azure?\n      answers:\n        - {id: nobody, text: Nobody knows, score: 0}\n        - {id: chargeback, text: Each department, score: 3}\niterations:",
        1,
    );
    case.file("ws/engagement.yaml", &original);
    case.file(
        "answers.yaml",
        &ANSWERS.replace("cost: none", "cost: chargebak"),
    );
    case.run(&["assess", "ws/engagement.yaml", "--answers", "answers.yaml"])
        .fails(1)
        .stderr_has("did you mean `chargeback`?");
    case.file(
        "answers.yaml",
        &ANSWERS.replace("cost: none", "cost: chargeback"),
    );
    case.run(&["assess", "ws/engagement.yaml", "--answers", "answers.yaml"])
        .ok()
        .stderr_has("Governance: 5 of 9");
}

#[test]
fn in_a_terminal_it_asks_with_arrow_keys() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // util-linux `script` gives the binary a pseudo-terminal.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    }
    let case = Case::new();
    init(&case);
    let bin = env!("CARGO_BIN_EXE_engagekit");
    let mut child = Command::new("script")
        .args(["-qefc"])
        .arg(format!("{bin} assess ws/engagement.yaml --date 2026-12-08"))
        .arg("/dev/null")
        .current_dir(case.path(""))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Down once and Enter, for each of the 15 questions: every second answer.
    for _ in 0..15 {
        stdin.write_all(b"\x1b[B").unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(60));
        stdin.write_all(b"\r").unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("How is Azure connected to the company network?"),
        "{shown}"
    );
    let after = std::fs::read_to_string(case.path("ws/engagement.yaml")).unwrap();
    assert!(
        after.contains("      maturity: cloud-is-an-option\n"),
        "{after}"
    );
    assert!(after.contains("        network: public\n"), "{after}");
}

#[test]
fn convert_to_a_workbook_refuses_the_answers_rather_than_drop_them() {
    let case = Case::new();
    init(&case);
    case.file("answers.yaml", ANSWERS);
    case.run(&["assess", "ws/engagement.yaml", "--answers", "answers.yaml"])
        .ok();
    case.run(&["convert", "ws/engagement.yaml", "-o", "ws/e.xlsx"])
        .fails(1)
        .stderr_has("iteration 1's `assess` has the questionnaire's `answers`");
    assert!(!case.path("ws/e.xlsx").exists());
    // To YAML they survive.
    case.run(&["convert", "ws/engagement.yaml", "-o", "ws/copy.yaml"])
        .ok();
    let copy = std::fs::read_to_string(case.path("ws/copy.yaml")).unwrap();
    assert!(copy.contains("cost: none"), "{copy}");
    case.run(&["check", "ws/copy.yaml"]).ok();
}
