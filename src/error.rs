//! Errors: fatal [`Error`]s, and [`Diagnostic`]s for problems in the user's data or templates.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::location::Location;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Output is still produced (e.g. a dropped control character).
    Warning,
    /// No output is produced.
    Error,
}

/// One problem in user input, always with its location.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    /// Lowercase, plain words, names in backticks.
    pub message: String,
    /// e.g. "did you mean `customer.name`?"
    pub hint: Option<String>,
    /// Source excerpt (a YAML line with a caret, a paragraph's text), when there is one.
    pub excerpt: Option<String>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
            excerpt: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Adds a source excerpt.
    pub fn with_excerpt(mut self, excerpt: impl Into<String>) -> Self {
        self.excerpt = Some(excerpt.into());
        self
    }

    /// Is this an error (not a warning)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.location.to_string();
        if loc.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{loc}: {}", self.message)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// All the problems found in one input, collected rather than stopping at the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }
    /// Diagnostics that know no place (about data values, from a render)
    /// get the data file `source` as their location.
    pub fn locate(self, source: &Path) -> Diagnostics {
        Diagnostics(
            self.0
                .into_iter()
                .map(|mut d| {
                    if d.location == Location::Unknown {
                        d.location = Location::file(source);
                    }
                    d
                })
                .collect(),
        )
    }
    /// `Err(Error::Invalid)` when any diagnostic is an error, otherwise the warnings.
    pub fn into_result(self) -> Result<Diagnostics, Error> {
        if self.has_errors() {
            Err(Error::Invalid(self))
        } else {
            Ok(self)
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// `1 engagement`, `2 engagements`: a count and its noun, singular or with
/// an `s`, for every message and summary that counts (the nouns we count are
/// all regular). The one plural helper, for the library and the CLI.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A failure that stops the current operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Problems in the user's data or template; all of them, with locations.
    #[error("{} found", count(.0.0.iter().filter(|d| d.is_error()).count(), "problem"))]
    Invalid(Diagnostics),
    /// Reading or writing a file failed.
    #[error("failed to {action} `{}` ({source})", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file that should be a zip package (.docx) is not a usable one.
    #[error("failed to read `{}` as a Word document ({reason})", path.display())]
    BadPackage { path: PathBuf, reason: String },
    /// An output could not be written for a reason other than the file
    /// system's (the zip or workbook writer, a temporary store).
    #[error("failed to write {what} ({reason})")]
    Write { what: String, reason: String },
    /// An input (a shard's zip, a temporary store) is not what it must be.
    #[error("failed to read {what} ({reason})")]
    Read { what: String, reason: String },
    /// An entry cannot be added to or replaced in a zip: `place` is
    /// "to a zip" or "in `file`".
    #[error("failed to {action} `{name}` {place} ({reason})")]
    Entry {
        action: &'static str,
        name: String,
        place: String,
        reason: String,
    },
    /// `path` holds a different file that engagekit did not write: it is
    /// left as it was (user files are never replaced without `--force`).
    #[error(
        "failed to write `{}` (a different file is already there; it was left as it was)",
        path.display()
    )]
    Exists { path: PathBuf },
    /// SIGINT or SIGTERM arrived while `path` was written; it was not.
    #[error("failed to write `{}` (interrupted)", path.display())]
    Interrupted { path: PathBuf },
    /// The arguments ask for something that cannot be done; the message says
    /// what and why.
    #[error("{0}")]
    Usage(String),
    /// An input engagekit cannot handle yet (a workbook for `next`): a
    /// problem of the input, not of the command line.
    #[error("{0}")]
    Unsupported(String),
    /// The engagement has no iteration of that number.
    #[error("no iteration {number}")]
    NoIteration { number: u32 },
    /// The shard zips given to `merge` are not the shards of one run.
    #[error("failed to merge the shards ({reason})")]
    Merge { reason: String },
    /// The worker threads could not be started.
    #[error("failed to start worker threads ({reason})")]
    Threads { reason: String },
    /// The template engine failed outside a render (a compiled template is
    /// missing): a defect of engagekit, not of the template.
    #[error("{0}")]
    Engine(#[source] minijinja::Error),
    /// LibreOffice, needed for `--pdf`, is not installed.
    #[error(
        "failed to make PDFs (LibreOffice is not installed: {looked}); install it, e.g. `apt-get install libreoffice-writer-nogui`, or leave out `--pdf`"
    )]
    NoLibreOffice { looked: String },
    /// LibreOffice did not convert a document.
    #[error("failed to convert `{document}` to PDF (LibreOffice: {reason})")]
    Pdf { document: String, reason: String },
}

impl Error {
    /// A write failure of `what` (e.g. "`summary.xlsx`") for `reason`.
    pub fn write(what: impl Into<String>, reason: impl fmt::Display) -> Self {
        Error::Write {
            what: what.into(),
            reason: reason.to_string(),
        }
    }

    /// A read failure of `what` (e.g. "`shard-1.zip`") for `reason`.
    pub fn read(what: impl Into<String>, reason: impl fmt::Display) -> Self {
        Error::Read {
            what: what.into(),
            reason: reason.to_string(),
        }
    }

    /// An IO error naming the path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// The diagnostics, when this error carries any.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            Error::Invalid(d) => Some(d),
            _ => None,
        }
    }
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Invalid(d)
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Invalid(d.into())
    }
}

/// `256 MiB`, `1.5 KiB`, `12 bytes`.
pub(crate) fn human_size(n: u64) -> std::borrow::Cow<'static, str> {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    let (unit, name) = match n {
        n if n >= GIB => (GIB, "GiB"),
        n if n >= MIB => (MIB, "MiB"),
        n if n >= KIB => (KIB, "KiB"),
        _ => return std::borrow::Cow::Owned(format!("{n} bytes")),
    };
    if n.is_multiple_of(unit) {
        std::borrow::Cow::Owned(format!("{} {name}", n / unit))
    } else {
        std::borrow::Cow::Owned(format!("{:.1} {name}", n as f64 / unit as f64))
    }
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_fills_only_unknown_locations() {
        let d = Diagnostics(vec![
            Diagnostic::warning(Location::Unknown, "a"),
            Diagnostic::warning(Location::yaml("b.yaml", 2, 3), "b"),
        ])
        .locate(Path::new("d.yaml"));
        assert_eq!(d.0[0].location, Location::file("d.yaml"));
        assert_eq!(d.0[1].location, Location::yaml("b.yaml", 2, 3));
    }

    #[test]
    fn counts_are_singular_only_for_one() {
        assert_eq!(count(0, "input file"), "0 input files");
        assert_eq!(count(1, "input file"), "1 input file");
        assert_eq!(count(2, "ensure report"), "2 ensure reports");
        let one = Diagnostics(vec![Diagnostic::error(Location::Unknown, "x")]);
        assert_eq!(Error::Invalid(one).to_string(), "1 problem found");
    }
}
