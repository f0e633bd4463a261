//! Issue 15 (hardening): hostile templates, data and runs stop with a
//! located error, in bounded time and memory, and leave nothing behind.

use crate::harness::{Case, Docx, p};

const DATA: &str = "customer:\n  name: Acme\n";

/// Failure 1: `format` with a huge width allocated 24 GB; now the tag's
/// paragraph is named and nothing is allocated.
#[test]
fn issue15_format_width_is_a_located_error() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body([p("Title"), p("Pad {{ '%99999999999s'|format('a') }} here")].concat()),
    );
    case.file("d.yaml", DATA);
    let t = std::time::Instant::now();
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .fails(1)
        .stderr_has("paragraph 2")
        .stderr_has("`format` would make a text of 93.1 GiB, larger than the 256 MiB limit");
    assert!(t.elapsed().as_secs() < 20);
    assert!(!case.path("o.docx").exists());
}

/// Failure 2: a runaway loop ends within seconds, not minutes.
#[test]
fn issue15_runaway_loop_is_stopped_by_fuel() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(p(
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        )),
    );
    case.file("d.yaml", DATA);
    let t = std::time::Instant::now();
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .fails(1)
        .stderr_has("out of fuel");
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
}

/// A template slow only where `name` is `Slow`: a loop that writes (so fuel
/// alone would take longer to stop it than the timeout).
fn slow_for(name: &str) -> Docx {
    Docx::body(
        [
            p(&format!("For {{{{ {name} }}}}")),
            p(&format!(
                "{{% if {name} == 'Slow' %}}{{% for i in range(100000) %}}{{% for j in range(100) %}}.{{% endfor %}}{{% endfor %}}{{% endif %}}"
            )),
        ]
        .concat(),
    )
}

/// Failure 2 in a batch: a report slower than `--timeout` is a failure and
/// the batch goes on with the others.
#[test]
fn issue15_batch_timeout_fails_the_slow_report_only() {
    let case = crate::batch::case();
    case.docx("tpl/ensure-report.docx", &slow_for("customer.name"));
    for (id, name) in [("E-1", "Fast"), ("E-2", "Slow"), ("E-3", "Quick")] {
        case.file(
            &format!("p/{id}.yaml"),
            &crate::batch::engagement_yaml(id, name, "2026-08-01"),
        );
    }
    let run = crate::batch::batch(
        &case,
        &[
            "p",
            "--quarter",
            "2026-Q3",
            "-o",
            "out",
            "--timeout",
            "0.05",
        ],
    );
    run.fails(1)
        .stderr_has("took longer than the time limit of 0.05 s")
        .stderr_has("1 failure,");
    let zip = case.path("out").join("2026-Q3-ensure-reports.zip");
    let names = crate::batch::reports(&zip);
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.iter().all(|n| !n.contains("Slow")), "{names:?}");
}

/// Failure 5: the temp file a `kill -9` left behind is removed by the next
/// run into that folder.
#[cfg(target_os = "linux")]
#[test]
fn issue15_next_batch_removes_a_dead_runs_temp_file() {
    let case = crate::batch::case();
    case.file(
        "p/E-1.yaml",
        &crate::batch::engagement_yaml("E-1", "Acme", "2026-08-01"),
    );
    std::fs::create_dir_all(case.path("out")).unwrap();
    let stale = case.path("out/.engagekit-999999999-abc123.tmp");
    std::fs::write(&stale, vec![0u8; 4096]).unwrap();
    crate::batch::batch(&case, &["p", "--quarter", "2026-Q3", "-o", "out"]).ok();
    assert!(!stale.exists());
    assert_eq!(case.listing("out"), ["2026-Q3-ensure-reports.zip"]);
}

/// Two batches into one folder: the second is told that the first holds it.
#[cfg(target_os = "linux")]
#[test]
fn issue15_a_batch_does_not_race_another_on_the_same_zip() {
    let case = crate::batch::case();
    case.file(
        "p/E-1.yaml",
        &crate::batch::engagement_yaml("E-1", "Acme", "2026-08-01"),
    );
    std::fs::create_dir_all(case.path("out")).unwrap();
    // Process 1 always runs: the lock is held.
    std::fs::write(case.path("out/.2026-Q3-ensure-reports.zip.lock"), "1").unwrap();
    crate::batch::batch(&case, &["p", "--quarter", "2026-Q3", "-o", "out"])
        .fails(1)
        .stderr_has("another engagekit run (process 1) is writing it");
    assert!(!case.path("out/2026-Q3-ensure-reports.zip").exists());
}

/// `render --each --timeout`: a record slower than the limit fails, the
/// others are written.
#[test]
fn issue15_render_each_timeout_fails_the_slow_record_only() {
    let case = Case::new();
    case.docx("t.docx", &slow_for("name"));
    case.file(
        "l.json",
        r#"[{"name": "Fast"}, {"name": "Slow"}, {"name": "Quick"}]"#,
    );
    let run = case.run(&[
        "render",
        "t.docx",
        "l.json",
        "--each",
        "--name",
        "{{ name }}",
        "-o",
        "out",
        "--timeout",
        "0.05",
    ]);
    run.fails(1)
        .stderr_has("took longer than the time limit of 0.05 s")
        .stderr_has("1 of 3 documents failed");
    assert_eq!(case.listing("out"), ["Fast.docx", "Quick.docx"]);
}
