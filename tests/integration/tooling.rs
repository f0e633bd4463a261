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
