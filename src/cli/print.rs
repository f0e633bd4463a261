//! Printing diagnostics and error chains to stderr, once, at the edge.

use std::error::Error as _;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use engagekit::batch::Failure;
use engagekit::{Diagnostic, Diagnostics, Error, Location, Severity};

/// `--json`: diagnostics are JSON objects, one per line ([`json`]).
static JSON: AtomicBool = AtomicBool::new(false);

/// Turns `--json` on for the rest of the run.
pub(crate) fn set_json(on: bool) {
    JSON.store(on, Ordering::Relaxed);
}

/// Is `--json` on?
pub(crate) fn json() -> bool {
    JSON.load(Ordering::Relaxed)
}

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
    if json() {
        return json::line(out, &json::diagnostic(d));
    }
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
        if json() {
            json::line(&mut out, &json::failure(f));
            continue;
        }
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
        if json() {
            // Each error is an object already; no closing count.
            return;
        }
        let n = d.iter().filter(|d| d.is_error()).count();
        eprintln!("{}", count(n, "error"));
        return;
    }
    if json() {
        return json::line(&mut std::io::stderr().lock(), &json::error(err));
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

/// A closing line (how many documents failed, what a batch exported), after
/// `label: ` when there is one; with `--json` an object of severity `note`.
pub(crate) fn note(label: Option<&str>, text: &str) {
    let mut out = std::io::stderr().lock();
    match (json(), label) {
        (true, _) => json::line(&mut out, &json::object("note", text)),
        (false, Some(label)) => {
            let _ = writeln!(out, "{label}: {text}");
        }
        (false, None) => {
            let _ = writeln!(out, "{text}");
        }
    }
}

/// A usage error as clap words it (`error: ...`, usage, `tip: ...`), as one
/// object: its first line the message, its tip the hint.
pub(crate) fn usage(text: &str) {
    let message = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .trim();
    let mut m = json::object("error", message);
    if let Some(tip) = text.lines().find_map(|l| l.trim().strip_prefix("tip: ")) {
        m.insert("hint".into(), serde_json::json!(tip));
    }
    json::line(&mut std::io::stderr().lock(), &m);
}

/// `--json`: every diagnostic, batch failure and error as one JSON object
/// per line on stderr, for editors and CI. Fields (absent ones left out):
/// `severity` (`error`, `warning`, `note`), `message`, `hint`, `file`;
/// `line`, `column` (YAML/JSON data); `sheet`, `cell` (Excel);
/// `part`, `paragraph`, `tag` (templates); `engagement`, `iteration`,
/// `location` (batch failures). README.md lists them too.
mod json {
    use std::error::Error as _;
    use std::io::Write;

    use engagekit::batch::Failure;
    use engagekit::{Diagnostic, Error, Location, Severity};
    use serde_json::{Map, Value, json};

    /// A path as text (a name that is not UTF-8 is shown lossily, not refused).
    fn path(p: &std::path::Path) -> Value {
        json!(p.to_string_lossy())
    }

    pub(super) fn line(out: &mut impl Write, v: &Map<String, Value>) {
        let _ = writeln!(out, "{}", Value::Object(v.clone()));
    }

    pub(super) fn object(severity: &str, message: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("severity".into(), json!(severity));
        m.insert("message".into(), json!(message));
        m
    }

    pub(super) fn diagnostic(d: &Diagnostic) -> Map<String, Value> {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut m = Map::new();
        m.insert("severity".into(), json!(severity));
        match &d.location {
            Location::File { file } => {
                m.insert("file".into(), path(file));
            }
            Location::Yaml { file, line, column } => {
                m.insert("file".into(), path(file));
                m.insert("line".into(), json!(line));
                m.insert("column".into(), json!(column));
            }
            Location::Excel { file, sheet, cell } => {
                m.insert("file".into(), path(file));
                m.insert("sheet".into(), json!(&**sheet));
                if let Some(c) = cell {
                    m.insert("cell".into(), json!(c.to_string()));
                }
            }
            Location::Template {
                file,
                part,
                paragraph,
                tag,
                ..
            } => {
                if let Some(f) = file {
                    m.insert("file".into(), path(f));
                }
                m.insert("part".into(), json!(part));
                if *paragraph > 0 {
                    m.insert("paragraph".into(), json!(paragraph));
                }
                if !tag.is_empty() {
                    m.insert("tag".into(), json!(tag));
                }
            }
            _ => {}
        }
        m.insert("message".into(), json!(d.message));
        if let Some(h) = &d.hint {
            m.insert("hint".into(), json!(h));
        }
        m
    }

    pub(super) fn failure(f: &Failure) -> Map<String, Value> {
        let mut m = object("error", &f.reason);
        m.insert("file".into(), path(&f.file));
        if let Some(e) = &f.engagement {
            m.insert("engagement".into(), json!(e));
        }
        if let Some(i) = f.iteration {
            m.insert("iteration".into(), json!(i));
        }
        if !f.location.is_empty() {
            m.insert("location".into(), json!(f.location));
        }
        m
    }

    /// A fatal error: its message with the causes it does not name yet.
    pub(super) fn error(err: &Error) -> Map<String, Value> {
        let mut message = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            let text = cause.to_string();
            if !message.contains(&text) {
                message = format!("{message}: {text}");
            }
            source = cause.source();
        }
        let mut m = object("error", &message);
        let file = match err {
            Error::Io { path, .. }
            | Error::BadPackage { path, .. }
            | Error::Interrupted { path } => Some(path),
            _ => None,
        };
        if let Some(f) = file {
            m.insert("file".into(), path(f));
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::json;
    use engagekit::{Diagnostic, Location};
    use serde_json::json as j;

    #[test]
    fn json_names_the_sheet_and_cell_of_a_workbook_problem() {
        let d =
            Diagnostic::warning(Location::excel_cell("b.xlsx", "Goals", 6, 2), "x").with_hint("y");
        assert_eq!(
            serde_json::Value::Object(json::diagnostic(&d)),
            j!({"severity": "warning", "file": "b.xlsx", "sheet": "Goals", "cell": "C7", "message": "x", "hint": "y"})
        );
        let d = Diagnostic::error(Location::Unknown, "z");
        assert_eq!(
            serde_json::Value::Object(json::diagnostic(&d)),
            j!({"severity": "error", "message": "z"})
        );
    }
}
