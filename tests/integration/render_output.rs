//! `engagekit render`: where records come from (`--each` lists, streams)
//! and what is written (extensions that mean what they say, stdout).
//! Regression tests for issue 14 (defects 12, 13, 16; `--each` streaming).

use std::process::Command;

use crate::harness::*;

const ITERATIONS: &str = r#"
customer: {name: Contoso}
iterations:
  - number: 1
    commit:
      goals: [{id: G1, title: One}]
  - number: 2
    commit:
      goals: [{id: G2, title: Two}, {id: G3, title: Three}]
"#;

/// Issue 14, defect 16: `--each iterations.1.commit.goals` said "not a list".
#[test]
fn each_follows_nested_paths_with_indexes() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(p("{{ customer.name }} {{ id }} {{ index }}")),
    );
    case.file("d.yaml", ITERATIONS);
    for (path, dir) in [
        ("iterations.1.commit.goals", "a"),
        ("iterations[1].commit.goals", "b"),
        ("iterations[-1].commit.goals", "c"),
    ] {
        let run = case.run(&[
            "render", "t.docx", "d.yaml", "--each", path, "--name", "{{ id }}", "-o", dir,
        ]);
        run.ok();
        assert_eq!(
            run.stdout,
            format!("{dir}/G2.docx\n{dir}/G3.docx\n"),
            "{path}"
        );
        assert_eq!(
            body_text(&case.path(&format!("{dir}/G3.docx"))),
            "Contoso G3 2"
        );
    }
    // A path that stops short names the lists where it stopped.
    case.run(&[
        "render",
        "t.docx",
        "d.yaml",
        "--each",
        "iterations.1.commit.goal",
        "-o",
        "x",
    ])
    .fails(1)
    .stderr_has("`iterations.1.commit.goal` is not a list")
    .stderr_has("lists in `iterations.1.commit`: `iterations.1.commit.goals`");
}

/// `--each` alone over a JSON array and a YAML stream: one document per
/// item or per YAML document, read one at a time.
#[test]
fn each_over_a_json_array_and_a_yaml_stream() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("{{ name }}#{{ index }}")));
    case.file("l.json", r#"[{"name": "A"}, {"name": "B"}]"#);
    case.file("s.yaml", "name: C\n---\nname: D\n---\nname: E\n");
    let run = case.run(&[
        "render", "t.docx", "l.json", "s.yaml", "--each", "-o", "out",
    ]);
    run.ok();
    assert_eq!(
        run.stdout,
        "out/l-1.docx\nout/l-2.docx\nout/s-1.docx\nout/s-2.docx\nout/s-3.docx\n"
    );
    assert_eq!(body_text(&case.path("out/s-3.docx")), "E#3");
}

/// Issue 14, defect 12: stdout is exactly the written paths, one per line,
/// also when some records fail (their errors go to stderr).
#[test]
fn stdout_is_exactly_the_written_paths() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("{{ name }}")));
    case.file(
        "l.json",
        r#"[{"name": "A"}, {"nam": "B"}, {"name": "C\u0001"}]"#,
    );
    let run = case.run(&["render", "t.docx", "l.json", "--each", "-o", "out"]);
    run.fails(1)
        .stderr_has("`name` is undefined")
        .stderr_has("U+0001")
        .stderr_has("1 of 3 documents failed");
    assert_eq!(run.stdout, "out/l-1.docx\nout/l-3.docx\n");
    assert_eq!(case.listing("out"), ["l-1.docx", "l-3.docx"]);

    case.file("d.yaml", "name: A\n");
    let run = case.run(&["render", "t.docx", "d.yaml", "-o", "one.docx"]);
    run.ok();
    assert_eq!(run.stdout, "one.docx\n");
}

/// Issue 14, defect 8 for `render`: an existing file (a hand-edited
/// document) is replaced only with `--force`; the template or a data file
/// never, even with it.
#[test]
fn render_never_replaces_a_file_without_force_nor_its_inputs() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("Hello {{ name }}")));
    case.file("d.yaml", "name: World\n");
    let mine = case.file("mine.docx", "edited by hand");
    case.run(&["render", "t.docx", "d.yaml", "-o", "mine.docx"])
        .fails(1)
        .stderr_has("--force");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "edited by hand");
    let run = case.run(&["render", "t.docx", "d.yaml", "-o", "mine.docx", "--force"]);
    assert_eq!(run.ok().stdout, "mine.docx\n");
    assert!(body_text(&mine).contains("Hello World"));

    // In a folder too: the existing document fails, the others are written.
    std::fs::create_dir_all(case.path("out")).unwrap();
    case.file("out/d.docx", "edited by hand");
    case.file("e.yaml", "name: Again\n");
    let run = case.run(&["render", "t.docx", "d.yaml", "e.yaml", "-o", "out"]);
    run.fails(1).stderr_has("--force");
    assert_eq!(run.stdout, "out/e.docx\n");
    assert_eq!(
        std::fs::read_to_string(case.path("out/d.docx")).unwrap(),
        "edited by hand"
    );

    case.run(&["render", "t.docx", "d.yaml", "-o", "t.docx", "--force"])
        .fails(2)
        .stderr_has("is an input of this render");
    // A data file is never a .docx: its extension refuses it already.
    case.run(&["render", "t.docx", "d.yaml", "-o", "d.yaml", "--force"])
        .fails(2);
    assert!(case.path("t.docx").exists());
    assert_eq!(
        std::fs::read_to_string(case.path("d.yaml")).unwrap(),
        "name: World\n"
    );
}

/// Issue 14, defect 13: `-o out.pdf` wrote Word content into a .pdf. An
/// extension other than .docx/.pdf is refused; a folder is needed for
/// several documents; a .pdf is a real PDF (LibreOffice), or refused
/// plainly when LibreOffice is missing, with nothing written.
#[test]
fn an_output_name_s_extension_means_what_it_says() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("Hello {{ name }}")));
    case.file("d.yaml", "name: World\n");
    case.file("l.json", r#"[{"name": "A"}]"#);
    case.run(&["render", "t.docx", "d.yaml", "-o", "out.txt"])
        .fails(2)
        .stderr_has("cannot write `out.txt`")
        .stderr_has(".docx, or a .pdf");
    case.run(&["render", "t.docx", "l.json", "--each", "-o", "many.docx"])
        .fails(2)
        .stderr_has("give a folder");
    assert!(!case.path("out.txt").exists() && !case.path("many.docx").exists());

    let out = Command::new(env!("CARGO_BIN_EXE_engagekit"))
        .args(["render", "t.docx", "d.yaml", "-o", "out.pdf"])
        .current_dir(case.dir.path())
        .env("ENGAGEKIT_SOFFICE", "/nonexistent/soffice")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write `out.pdf`"), "{stderr}");
    assert!(stderr.contains("LibreOffice"), "{stderr}");
    assert!(!case.path("out.pdf").exists());

    if crate::tools::tool("soffice").is_none() {
        return;
    }
    let run = case.run(&["render", "t.docx", "d.yaml", "-o", "out.pdf"]);
    run.ok();
    assert_eq!(run.stdout, "out.pdf\n");
    let pdf = std::fs::read(case.path("out.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    // Several: a `.pdf` name pattern; the chunk converted together.
    case.file("l.json", r#"[{"name": "A"}, {"name": "B"}]"#);
    let run = case.run(&[
        "render",
        "t.docx",
        "l.json",
        "--each",
        "--name",
        "{{ name }}.pdf",
        "-o",
        "pdfs",
    ]);
    run.ok();
    assert_eq!(run.stdout, "pdfs/A.pdf\npdfs/B.pdf\n");
    assert!(
        std::fs::read(case.path("pdfs/B.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
}
