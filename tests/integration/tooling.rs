//! The template author's tools and the machine-readable outputs: `vars`,
//! `lint`, `--json` diagnostics, shell completions and the man page.

use std::path::Path;

use crate::harness::{Case, Docx, p};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Issue 14, defect 6: paths through an index, a loop over it, and `sow.docx`'s pairs.
#[test]
fn vars_paths_through_indexes_and_batches_are_exact() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(format!(
            "{}{}",
            p("{% for g in iterations[-1].commit.goals %}{{ g.title }}{% endfor %}"),
            p("{{ iterations[0].commit.date }} {{ iterations[0].commit.effort.days }} {{ iterations[0].commit.effort.day_rate }}")
        )),
    );
    let run = case.run(&["vars", "t.docx"]);
    run.ok();
    assert_eq!(
        run.stdout,
        "iterations[].commit.date\niterations[].commit.effort.day_rate\niterations[].commit.effort.days\niterations[].commit.goals[].title\n"
    );

    let sow = root().join("templates/sow.docx");
    let run = case.run(&["vars", sow.to_str().unwrap()]);
    run.ok();
    assert!(!run.stdout.contains("[][]"), "{}", run.stdout);
    assert!(
        run.stdout
            .lines()
            .any(|l| l == "iteration.commit.signatories[].name"),
        "{}",
        run.stdout
    );
}

#[test]
fn lint_reports_every_problem_of_a_template_at_once_with_hints() {
    let case = Case::new();
    std::fs::create_dir_all(case.path("mine")).unwrap();
    case.docx(
        "mine/sow.docx",
        &Docx::body(format!(
            "{}{}{}{}",
            p("Valid until {{ iteration.commit.dat }}"),
            p("{% for x in iteration.commit.effort %}{{ x }}{% endfor %}"),
            p("{{ customer.name "),
            p("{% for g in iteration.commit.goals %}{{ g.titel }}{% endfor %}"),
        )),
    );
    let run = case.run(&["lint", "mine/sow.docx"]);
    run.fails(1)
        .stderr_has("sow.docx › word/document.xml › paragraph 1 › {{ iteration.commit.dat }}")
        .stderr_has("did you mean `iteration.commit.date`?")
        .stderr_has("loops over `iteration.commit.effort`, which is a mapping, not a list")
        .stderr_has("is not closed")
        .stderr_has("paragraph 4 › {{ g.titel }}")
        .stderr_has("did you mean `iteration.commit.goals[].title`?");

    // The same template as another kind: `--kind`; a name that says nothing needs it.
    std::fs::copy(case.path("mine/sow.docx"), case.path("mine/custom.docx")).unwrap();
    case.run(&["lint", "mine/custom.docx"])
        .fails(2)
        .stderr_has("--kind");
    let run = case.run(&["lint", "mine/custom.docx", "--json"]);
    run.fails(2);
    assert!(
        json_lines(&run.stderr)[0]["message"]
            .as_str()
            .unwrap()
            .contains("--kind")
    );
    case.run(&["lint", "mine/custom.docx", "--kind", "pdf"])
        .fails(2);
    case.docx("ok.docx", &Docx::body(p("{{ workshop.title }}")));
    let run = case.run(&["lint", "ok.docx", "--kind", "workshop-agenda"]);
    run.ok();
    assert!(run.stdout.starts_with("ok: ok.docx"), "{}", run.stdout);
    case.run(&["lint", "ok.docx", "--kind", "sow"])
        .fails(1)
        .stderr_has("`workshop.title` is not in the context of the statement of work");
}

#[test]
fn lint_passes_every_embedded_template() {
    let case = Case::new();
    for name in ["assessment", "sow", "workshop-agenda", "ensure-report"] {
        let path = root().join(format!("templates/{name}.docx"));
        case.run(&["lint", path.to_str().unwrap()]).ok();
    }
}

#[test]
fn bundle_with_templates_refuses_with_the_lint_report() {
    let case = Case::new();
    std::fs::copy(
        root().join("samples/contoso.yaml"),
        case.path("contoso.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(case.path("mine")).unwrap();
    case.docx(
        "mine/sow.docx",
        &Docx::body(format!(
            "{}{}",
            p("{{ iteration.commit.pric }}"),
            p("{% for s in iteration.commit.signatories %}{{ s.nme }}{% endfor %}"),
        )),
    );
    let run = case.run(&["bundle", "contoso.yaml", "-o", "out", "--templates", "mine"]);
    run.fails(1)
        .stderr_has("did you mean `iteration.commit.price`?")
        .stderr_has("did you mean `iteration.commit.signatories[].name`?");
    assert!(!case.path("out").exists() || case.listing("out").is_empty());
}

/// Every line of stderr, each a JSON object with a severity and a message.
fn json_lines(stderr: &str) -> Vec<serde_json::Value> {
    stderr
        .lines()
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
            assert!(v["severity"].is_string() && v["message"].is_string(), "{l}");
            v
        })
        .collect()
}

#[test]
fn json_diagnostics_of_check_have_file_line_and_column() {
    let case = Case::new();
    case.file("bad.yaml", "id: X\ncurrency: euro\n");
    let run = case.run(&["--json", "check", "bad.yaml"]);
    run.fails(1);
    let lines = json_lines(&run.stderr);
    assert!(lines.len() >= 2, "{}", run.stderr);
    let currency = lines
        .iter()
        .find(|v| v["message"].as_str().unwrap().contains("currency"))
        .unwrap();
    assert_eq!(currency["severity"], "error");
    assert_eq!(currency["file"], "bad.yaml");
    assert_eq!(currency["line"], 2);
    assert_eq!(currency["column"], 11);
    assert!(currency.get("part").is_none(), "absent fields are left out");

    // A fatal error (no such file) is one object too, naming the file.
    let run = case.run(&["check", "missing.yaml", "--json"]);
    run.fails(1);
    let lines = json_lines(&run.stderr);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert_eq!(lines[0]["file"], "missing.yaml");
}

#[test]
fn json_diagnostics_of_render_and_lint_name_part_paragraph_and_tag() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(format!("{}{}", p("Hello"), p("{{ custmer.name }}"))),
    );
    case.file("d.yaml", "customer:\n  name: Contoso\n");
    let run = case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx", "--json"]);
    run.fails(1);
    let lines = json_lines(&run.stderr);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    let d = &lines[0];
    assert_eq!(d["part"], "word/document.xml");
    assert_eq!(d["paragraph"], 2);
    assert_eq!(d["tag"], "{{ custmer.name }}");
    assert!(d["file"].as_str().unwrap().ends_with("t.docx"), "{d}");
    assert!(d["hint"].as_str().unwrap().contains("customer.name"), "{d}");

    // Several documents: each failure, then the closing line, all JSON.
    case.file("e.yaml", "customer:\n  name: Fabrikam\n");
    let run = case.run(&[
        "render", "t.docx", "d.yaml", "e.yaml", "-o", "out/", "--json",
    ]);
    run.fails(1);
    let lines = json_lines(&run.stderr);
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert_eq!(lines[2]["severity"], "note");
    assert_eq!(lines[2]["message"], "2 of 2 documents failed");

    let run = case.run(&["lint", "t.docx", "--kind", "sow", "--json"]);
    run.fails(1);
    let lines = json_lines(&run.stderr);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert_eq!(lines[0]["tag"], "{{ custmer.name }}");
    assert_eq!(lines[0]["hint"], "did you mean `customer.name`?");
}

#[test]
fn json_diagnostics_of_bundle_and_of_usage_errors() {
    let case = Case::new();
    std::fs::copy(
        root().join("samples/contoso.yaml"),
        case.path("contoso.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(case.path("mine")).unwrap();
    case.docx(
        "mine/ensure-report.docx",
        &Docx::body(p("{{ iteration.ensure.sumary.total }}")),
    );
    let run = case.run(&[
        "bundle",
        "contoso.yaml",
        "-o",
        "out",
        "--templates",
        "mine",
        "--json",
    ]);
    run.fails(1);
    let lines = json_lines(&run.stderr);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert_eq!(
        lines[0]["hint"],
        "did you mean `iteration.ensure.summary.total`?"
    );
    assert!(
        lines[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("ensure-report.docx")
    );

    let run = case.run(&["--json", "rendr"]);
    run.fails(2);
    let lines = json_lines(&run.stderr);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(lines[0]["hint"].as_str().unwrap().contains("render"));
}

/// `batch --json`: the closing line is an object too, so stderr is pure JSON.
#[test]
fn json_output_of_batch_is_only_json() {
    let case = Case::new();
    std::fs::copy(
        root().join("samples/contoso.yaml"),
        case.path("contoso.yaml"),
    )
    .unwrap();
    let run = case.run(&[
        "batch",
        "contoso.yaml",
        "--quarter",
        "2026-Q1",
        "-o",
        "out",
        "--json",
    ]);
    let lines = json_lines(&run.stderr);
    assert!(
        lines
            .iter()
            .any(|v| v["severity"] == "note" && v["message"].as_str().unwrap().contains("2026-Q1")),
        "{}",
        run.stderr
    );
}

/// Every subcommand, as `engagekit --help` lists them.
fn subcommands(case: &Case) -> Vec<String> {
    let run = case.run(&["--help"]);
    run.ok();
    let list = run
        .stdout
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap();
    let names: Vec<String> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_string)
        .collect();
    for expected in ["bundle", "lint", "vars", "completions", "man"] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    names
}

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    let case = Case::new();
    let subs = subcommands(&case);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = case.run(&["completions", shell]);
        run.ok();
        for sub in &subs {
            assert!(run.stdout.contains(sub.as_str()), "{shell}: no `{sub}`");
        }
        assert!(run.stdout.contains("json"), "{shell}: no `--json`");
        // The script parses, where the shell is installed.
        let parser = match shell {
            "bash" | "zsh" => Some((shell, vec!["-n"])),
            "fish" => Some(("fish", vec!["--no-execute"])),
            _ => None,
        };
        if let Some((bin, args)) = parser {
            let path = case.file(&format!("completion.{shell}"), &run.stdout);
            match std::process::Command::new(bin)
                .args(&args)
                .arg(&path)
                .output()
            {
                Ok(out) => assert!(
                    out.status.success(),
                    "{shell}: {}",
                    String::from_utf8_lossy(&out.stderr)
                ),
                Err(_) => eprintln!("{bin} is not installed: {shell} script not parsed"),
            }
        }
    }
    case.run(&["completions", "tcsh"]).fails(2);
}

#[test]
fn man_page_is_roff_that_names_every_subcommand() {
    let case = Case::new();
    let subs = subcommands(&case);
    let run = case.run(&["man"]);
    run.ok();
    assert!(
        run.stdout.contains(".TH engagekit 1"),
        "{}",
        &run.stdout[..200]
    );
    for sub in &subs {
        assert!(
            run.stdout.contains(&format!(".SS \"engagekit {sub}\"")),
            "no section for `{sub}`"
        );
    }
    // groff parses it without a warning, where it is installed.
    let path = case.file("engagekit.1", &run.stdout);
    match std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .arg(&path)
        .output()
    {
        Ok(out) => assert!(
            out.status.success() && out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("groff is not installed: the man page was not parsed"),
    }
}
