//! Parity with python-docx-template: a template that works in docxtpl (with
//! autoescape on) gives the same text with engagekit.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::*;

/// The Python of tests/run.sh's tool venv (with docxtpl), if there is one.
fn docxtpl_python() -> Option<PathBuf> {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/tools-venv/bin/python");
    let ok = venv.is_file()
        && Command::new(&venv)
            .args(["-c", "import docxtpl"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ok {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!ci, "docxtpl is required in CI (tests/run.sh installs it)");
        eprintln!("skipping: docxtpl is not installed (run tests/run.sh)");
    }
    ok.then_some(venv)
}

#[test]
fn the_benchmark_sow_renders_like_docxtpl() {
    let Some(python) = docxtpl_python() else {
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let template = root.join("benches/fixtures/sow_jinja.docx");
    let data = root.join("benches/fixtures/engagement.json");
    let case = Case::new();
    let theirs = case.path("docxtpl.docx");
    let out = Command::new(python)
        .arg(root.join("tests/docxtpl_render.py"))
        .arg(&template)
        .arg(&data)
        .arg(&theirs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    case.run(&[
        "render",
        template.to_str().unwrap(),
        data.to_str().unwrap(),
        "-o",
        "ours.docx",
    ])
    .ok();
    let ours = case.path("ours.docx");
    for part_name in ["word/document.xml", "word/header1.xml", "word/footer1.xml"] {
        let a = paragraphs(&part(&theirs, part_name));
        let b = paragraphs(&part(&ours, part_name));
        assert_eq!(a, b, "{part_name} differs from docxtpl");
    }
}
