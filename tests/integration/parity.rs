//! Parity with python-docx-template: a template that works in docxtpl (with
//! autoescape on) gives the same text with engagekit.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::*;

/// A Python with docxtpl: tests/run.sh's tool venv, else `python3`/`python`
/// on PATH (e.g. with that venv's `bin` put first on PATH).
fn docxtpl_python() -> Option<PathBuf> {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/tools-venv/bin/python");
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .flat_map(|d| [d.join("python3"), d.join("python")])
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let found = std::iter::once(venv).chain(on_path).find(|py| {
        py.is_file()
            && Command::new(py)
                .args(["-c", "import docxtpl"])
                .output()
                .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!ci, "docxtpl is required in CI (tests/run.sh installs it)");
        eprintln!("skipping: docxtpl is not installed (run tests/run.sh)");
    }
    found
}

/// Renders `template` with docxtpl and with engagekit; returns both outputs.
fn render_both(case: &Case, python: &Path, template: &Path, data: &Path) -> (PathBuf, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let theirs = case.path("docxtpl.docx");
    let out = Command::new(python)
        .arg(root.join("tests/docxtpl_render.py"))
        .arg(template)
        .arg(data)
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
    (theirs, case.path("ours.docx"))
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
    let (theirs, ours) = render_both(&case, &python, &template, &data);
    for part_name in ["word/document.xml", "word/header1.xml", "word/footer1.xml"] {
        let a = paragraphs(&part(&theirs, part_name));
        let b = paragraphs(&part(&ours, part_name));
        assert_eq!(a, b, "{part_name} differs from docxtpl");
    }
}

/// `{%r %}` takes its run out in both. docxtpl leaves empty runs behind and
/// puts text after the tag in an unformatted run; engagekit leaves no empty
/// run and keeps the formatting, so only the text is compared, plus the
/// absence of empty runs in ours.
#[test]
fn run_tags_render_like_docxtpl() {
    let Some(python) = docxtpl_python() else {
        return;
    };
    let body = [
        p_runs(
            &[
                r("", "Status: "),
                r("<w:b/>", "{%r if ok %}"),
                r("", "OK"),
                r("<w:b/>", "{%r else %}"),
                r("<w:color w:val=\"C00000\"/>", "FAIL"),
                r("<w:i/>", "{%r endif %}"),
            ]
            .concat(),
        ),
        p_runs(
            &[
                r("<w:b/>", "A {%r if ok %}"),
                r("", "B"),
                r("<w:i/>", "{%r endif %} C"),
            ]
            .concat(),
        ),
        p_runs(&r("<w:b/>", "{%r for g in goals %}{{ g }} {%r endfor %}")),
    ]
    .concat();
    for ok in [true, false] {
        let case = Case::new();
        let template = case.docx("t.docx", &Docx::body(body.clone()));
        let data = case.file(
            "d.json",
            &format!(r#"{{"ok": {ok}, "goals": ["G1", "G2"]}}"#),
        );
        let (theirs, ours) = render_both(&case, &python, &template, &data);
        let ours_xml = part(&ours, "word/document.xml");
        assert_eq!(
            paragraphs(&part(&theirs, "word/document.xml")),
            paragraphs(&ours_xml),
            "ok={ok}"
        );
        assert!(
            !ours_xml.contains("></w:t>"),
            "an empty run is left: {ours_xml}"
        );
    }
}
