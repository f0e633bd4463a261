//! The house has no upward arrows: a library module uses only modules at or
//! below its own floor (STYLE.md, "Types live below their users"). A new
//! module gets a floor here; an import that runs up fails this test.

use std::path::{Path, PathBuf};

/// Floors from the bottom; modules on one floor do not use each other
/// except on the ground floor, whose modules are the crate's plumbing.
const FLOORS: &[&[&str]] = &[
    &["error", "location", "fsx", "source_date", "suggest"],
    &["model"],
    &["validate"],
    &["load"],
    &["docx", "convert"],
    &["tags"],
    &["render"],
    &["templates"],
    &["pdf"],
    &["bundle"],
    &["batch", "lint"],
    &["lifecycle"],
];

fn floor(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The crate modules a line of code names (`crate::x`, `use crate::{x, y}`).
fn named(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out
}

#[test]
fn no_module_uses_a_module_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut up = Vec::new();
    let mut unplaced = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        // The binary's own modules sit above the library.
        if ["main", "cli", "signals", "lib"].contains(&module.as_str()) {
            continue;
        }
        let Some(own) = floor(&module) else {
            unplaced.push(module);
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for used in named(line) {
                if used == module || used.is_empty() || !used.chars().next().unwrap().is_lowercase()
                {
                    continue;
                }
                match floor(&used) {
                    Some(f) if f < own || (f == own && own == 0) => {}
                    Some(_) => {
                        up.push(format!("{}:{}: {module} uses {used}", rel.display(), n + 1))
                    }
                    None => unplaced.push(used),
                }
            }
        }
    }
    unplaced.sort();
    unplaced.dedup();
    assert!(
        unplaced.is_empty(),
        "modules without a floor in FLOORS: {unplaced:?}"
    );
    assert!(up.is_empty(), "imports that run up:\n{}", up.join("\n"));
}
