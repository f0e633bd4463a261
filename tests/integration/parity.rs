//! Parity with python-docx-template: a template that works in docxtpl (with
//! autoescape on) gives the same text with engagekit.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::*;

/// A Python with docxtpl: tests/run.sh's tool venv, else `python3`/`python`
/// on PATH.
fn docxtpl_python() -> Option<PathBuf> {
    crate::tools::find(&["python3", "python"], "a Python with docxtpl", |py| {
        Command::new(py)
            .args(["-c", "import docxtpl"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
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

/// A table cell holding `inner` (paragraphs, or a nested table and a paragraph).
fn tc(inner: &str) -> String {
    format!(r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{inner}</w:tc>"#)
}

fn row(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

/// How many times an element occurs, written `<name>` or `<name ...>`.
fn count(xml: &str, name: &str) -> usize {
    xml.matches(&format!("<{name}>")).count() + xml.matches(&format!("<{name} ")).count()
}

/// Renders `body` with both and compares the text and the table structure;
/// returns our paragraphs' text, joined by `|`.
fn assert_same_as_docxtpl(body: &str, data: &str) -> Option<String> {
    let python = docxtpl_python()?;
    let case = Case::new();
    let template = case.docx("t.docx", &Docx::body(body));
    let data = case.file("d.json", data);
    let (theirs, ours) = render_both(&case, &python, &template, &data);
    let (theirs, ours) = (
        part(&theirs, "word/document.xml"),
        part(&ours, "word/document.xml"),
    );
    assert_eq!(paragraphs(&theirs), paragraphs(&ours));
    for el in ["w:tbl", "w:tr", "w:tc", "w:p"] {
        assert_eq!(count(&theirs, el), count(&ours, el), "number of `{el}`");
    }
    Some(paragraphs(&ours).join("|"))
}

/// Column loops (`{%tc`) inside a row loop (`{%tr`), as in docxtpl's
/// dynamic-table example: a header row of labels, one row per item with
/// one cell per value.
#[test]
fn column_loops_inside_row_loops_render_like_docxtpl() {
    let cell = |t: &str| tc(&p(t));
    let t = table(
        2,
        &[
            row(&[
                cell("Colour"),
                cell("{%tc for col in col_labels %}"),
                cell("{{ col }}"),
                cell("{%tc endfor %}"),
            ]),
            row(&[cell("{%tr for c in rows %}")]),
            row(&[
                cell("{{ c.label }}"),
                cell("{%tc for v in c.cols %}"),
                cell("{{ v }}"),
                cell("{%tc endfor %}"),
            ]),
            row(&[cell("{%tr endfor %}")]),
        ],
    );
    let Some(text) = assert_same_as_docxtpl(
        &format!("{t}{}", p("")),
        r#"{"col_labels": ["fruit", "vegetable", "stone"],
            "rows": [{"label": "yellow", "cols": ["banana", "capsicum", "pyrite"]},
                     {"label": "red", "cols": ["apple", "tomato", "cinnabar"]}]}"#,
    ) else {
        return;
    };
    assert_eq!(
        text,
        "Colour|fruit|vegetable|stone|yellow|banana|capsicum|pyrite|red|apple|tomato|cinnabar|"
    );
}

/// `{%tr` and `{%p` in a table nested in a cell of a row repeated by an
/// outer `{%tr`: each acts on its own (innermost) row or paragraph.
#[test]
fn structural_tags_in_nested_tables_render_like_docxtpl() {
    let cell = |t: &str| tc(&p(t));
    let inner = table(
        1,
        &[
            row(&[cell("{%tr for b in a.books %}")]),
            row(&[tc(&[
                p("{{ b.title }}"),
                p("{%p if b.favourite %}"),
                p("(favourite)"),
                p("{%p endif %}"),
            ]
            .concat())]),
            row(&[cell("{%tr endfor %}")]),
        ],
    );
    let outer = table(
        2,
        &[
            row(&[cell("Author"), cell("Books")]),
            row(&[cell("{%tr for a in authors %}"), cell("")]),
            row(&[cell("{{ a.name }}"), tc(&format!("{inner}{}", p("")))]),
            row(&[cell("{%tr endfor %}"), cell("")]),
        ],
    );
    let Some(text) = assert_same_as_docxtpl(
        &[p("{%p if authors %}"), outer, p("{%p endif %}"), p("end")].concat(),
        r#"{"authors": [
            {"name": "Saint-Exupéry", "books": [{"title": "Le petit prince", "favourite": true},
                                                {"title": "Vol de nuit", "favourite": false}]},
            {"name": "Barjavel", "books": [{"title": "Ravage", "favourite": false}]}]}"#,
    ) else {
        return;
    };
    assert_eq!(
        text,
        "Author|Books|Saint-Exupéry|Le petit prince|(favourite)|Vol de nuit||Barjavel|Ravage||end"
    );
}
