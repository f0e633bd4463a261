//! The outside programs some tests check engagekit's output with
//! (openxml-audit, LibreOffice, a Python with docxtpl), found one way: in
//! the venv `tests/run.sh` installs them into (`target/tools-venv/bin` of
//! this crate), then on PATH.
//!
//! The policy: a missing tool skips the test with a note on a developer's
//! machine, and fails it in CI (`CI=true`, as `.ci/run` sets it), where
//! `tests/run.sh` must have installed it, so that a green CI has really
//! checked the documents.

use std::path::{Path, PathBuf};

/// The venv `tests/run.sh` installs the Python tools into.
fn venv_bin() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools-venv");
    // A venv made on Windows keeps its programs in `Scripts`.
    venv.join(if cfg!(windows) { "Scripts" } else { "bin" })
}

/// The folders searched, in order: the tools venv first (what `tests/run.sh`
/// installed wins over an older copy elsewhere), then PATH.
fn dirs() -> Vec<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::iter::once(venv_bin())
        .chain(std::env::split_paths(&path))
        .collect()
}

/// Whether this run is CI's, where every tool is required.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The program `name`, or `None` after a "skipping" note; in CI a missing
/// program fails the test.
pub fn tool(name: &str) -> Option<PathBuf> {
    find(&[name], &format!("`{name}`"), |_| true)
}

/// The first of `names` (in each folder, in order) that `usable` accepts,
/// e.g. a `python3` that can import a module; `what` names it in the note.
/// In CI, finding none fails the test.
pub fn find(names: &[&str], what: &str, usable: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let found = dirs()
        .into_iter()
        .flat_map(|dir| {
            names
                .iter()
                .map(move |n| dir.join(format!("{n}{}", std::env::consts::EXE_SUFFIX)))
        })
        .find(|p| p.is_file() && usable(p));
    if found.is_none() {
        let looked = format!(
            "looked on PATH and in {} (tests/run.sh installs it)",
            venv_bin().display()
        );
        assert!(!in_ci(), "{what} is required in CI but missing: {looked}");
        eprintln!("skipping: {what} is not installed; {looked}");
    }
    found
}
