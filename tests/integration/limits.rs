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
