//! Finding the engagement files of a portfolio.
//!
//! A file given by name is always taken (its type is checked when it is
//! loaded). A folder is walked recursively for `.yaml`, `.yml` and `.xlsx`
//! files (any case), skipping:
//! * hidden files and folders (`.git`, `.cache`, `.~lock.x.xlsx#`);
//! * folders named `templates` (Word templates, not data);
//! * Office lock files (`~$portfolio.xlsx`);
//! * symbolic links to folders (no loops).
//!
//! The result is deterministic: each folder's entries are taken in byte order
//! of their names, inputs in the order given, and a file reached twice (a
//! folder and a file in it) is taken once, where it is first reached.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::failure::Failure;

/// The file extensions a folder is searched for.
pub const EXTENSIONS: [&str; 3] = ["yaml", "yml", "xlsx"];

/// The engagement files under `inputs`, and a failure for every input that
/// does not exist or folder that cannot be read.
pub fn discover(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    let mut seen = HashSet::new();
    for input in inputs {
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                failures.push(Failure::file(
                    input,
                    format!("failed to read `{}` ({e})", input.display()),
                ));
                continue;
            }
        };
        if meta.is_dir() {
            walk(input, &mut files, &mut failures, &mut seen);
        } else {
            take(input.clone(), &mut files, &mut seen);
        }
    }
    (files, failures)
}

fn take(path: PathBuf, files: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) {
    let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
    if seen.insert(key) {
        files.push(path);
    }
}

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    failures: &mut Vec<Failure>,
    seen: &mut HashSet<PathBuf>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd.collect::<Result<Vec<_>, _>>(),
        Err(e) => Err(e),
    };
    let mut entries = match entries {
        Ok(v) => v,
        Err(e) => {
            failures.push(Failure::file(
                dir,
                format!("failed to read folder `{}` ({e})", dir.display()),
            ));
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !name.eq_ignore_ascii_case("templates") {
                walk(&path, files, failures, seen);
            }
        } else if is_engagement_file(&path) && path.is_file() {
            take(path, files, seen);
        }
    }
}

/// Does a folder walk take this file?
pub fn is_engagement_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_skips_what_is_not_data() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "b.yaml",
            "a.YML",
            "sub/c.xlsx",
            "sub/~$c.xlsx",
            "sub/notes.txt",
            ".hidden/x.yaml",
            "templates/ensure.yaml",
            "Templates/y.yaml",
            "z/.d.yaml",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "").unwrap();
        }
        let (files, failures) = discover(&[d.to_path_buf(), d.join("b.yaml"), d.join("missing")]);
        let rel: Vec<String> = files
            .iter()
            .map(|p| {
                p.strip_prefix(d)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(rel, ["a.YML", "b.yaml", "sub/c.xlsx"]);
        assert_eq!(failures.len(), 1);
        assert!(failures[0].reason.contains("missing"), "{:?}", failures[0]);
    }
}
