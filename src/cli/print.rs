//! Printing diagnostics and error chains to stderr, once, at the edge.

use std::error::Error as _;
use std::io::{IsTerminal, Write};
use std::path::Path;

use engagekit::batch::Failure;
use engagekit::{Diagnostic, Diagnostics, Error, Location, Severity};

/// Whether stderr gets colours: a terminal, and no `NO_COLOR`.
fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints one diagnostic in a compiler-like layout:
///
/// ```text
/// error: `custmer` is undefined
///   --> sow.docx › word/document.xml › paragraph 3 › {{ custmer.name }}
///    | Prepared for {{ custmer.name }} by Nimbus
///    = hint: did you mean `customer.name`?
/// ```
pub(crate) fn diagnostic(out: &mut impl Write, d: &Diagnostic) {
    let color = color();
    let (label, code) = match d.severity {
        Severity::Error => ("error", "\x1b[1;31m"),
        Severity::Warning => ("warning", "\x1b[1;33m"),
    };
    if color {
        let _ = writeln!(out, "{code}{label}\x1b[0m\x1b[1m: {}\x1b[0m", d.message);
    } else {
        let _ = writeln!(out, "{label}: {}", d.message);
    }
    let loc = d.location.to_string();
    if !loc.is_empty() {
        let _ = writeln!(out, "  --> {loc}");
    }
    if let Some(excerpt) = &d.excerpt {
        for line in excerpt.lines() {
            let _ = writeln!(out, "   | {line}");
        }
    } else if let Location::Template { paragraph_text, .. } = &d.location
        && !paragraph_text.is_empty()
    {
        let _ = writeln!(out, "   | {paragraph_text}");
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   = hint: {hint}");
    }
}

/// Prints all diagnostics, errors and warnings alike.
pub(crate) fn diagnostics(d: &Diagnostics) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for diag in d.iter() {
        diagnostic(&mut out, diag);
    }
}

/// Prints a batch's failures, one `error:` line each (file, place,
/// engagement, reason).
pub(crate) fn failures(failures: &[Failure]) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    let color = color();
    for f in failures {
        if color {
            let _ = writeln!(out, "\x1b[1;31merror\x1b[0m: {f}");
        } else {
            let _ = writeln!(out, "error: {f}");
        }
    }
}

/// The one plural helper (`1 engagement`, `2 engagements`).
pub(crate) use engagekit::count;

/// Prints the path of a file a command wrote, alone on its line on stdout
/// (every writing command prints exactly its written paths there). A closed
/// pipe is not an error.
pub(crate) fn written(path: &Path) {
    let _ = writeln!(std::io::stdout().lock(), "{}", path.display());
}

/// Prints a fatal error: its diagnostics, or its message and cause chain.
pub(crate) fn error(err: &Error) {
    if let Some(d) = err.diagnostics() {
        diagnostics(d);
        let n = d.iter().filter(|d| d.is_error()).count();
        eprintln!("{}", count(n, "error"));
        return;
    }
    eprintln!("error: {err}");
    if let Error::Exists { .. } = err {
        eprintln!("   = hint: add `--force` to replace it, or write elsewhere with `-o`");
    }
    let mut source = err.source();
    while let Some(cause) = source {
        // The first cause is usually already in the message in parentheses.
        let text = cause.to_string();
        if !err.to_string().contains(&text) {
            eprintln!("  caused by: {text}");
        }
        source = cause.source();
    }
}
