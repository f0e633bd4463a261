//! YAML → the as-written tree ([`crate::model::raw::Node`]), every node with its line:column.
//!
//! Why serde-saphyr (and not serde_yaml, deprecated, or its libyaml-based forks):
//! it is maintained, its errors carry line and column, it rejects duplicate
//! keys (also in maps, where the serde_yaml family silently keeps the last),
//! it supports anchors and `<<` merge keys, it has input budgets against alias
//! bombs, and `Spanned<T>` gives the position of every value, which we need to
//! report *all* problems of a file with their positions instead of stopping at
//! the first one (see `shared/CRATES.md` §5).
//!
//! We deserialize into a generic tree of `Spanned` nodes and let
//! [`crate::validate`] walk it: unknown fields and wrong types are then found
//! all together. Scalars keep the text as written (`1.10`, `0755`, `NO`), taken
//! from the source by the node's byte span, so a text field is never turned
//! into a number or boolean (the "Norway problem").
//!
//! For speed, plain documents (the common case: no anchors, merge keys, tags
//! or duplicate keys) skip the serde layer: [`parse`] builds the same tree
//! from the events of granit-parser, the parser serde-saphyr itself runs on,
//! and hands everything else to serde-saphyr (see [`parse`]).
//!
//! The parts, in the order a file goes through them:
//!
//! 1. `fast`: the tree built from granit-parser's events, for plain documents.
//! 2. `spanned`: everything else through serde-saphyr's `Spanned` values
//!    ([`parse_serde`]).
//! 3. Here: [`parse`], which picks one, and the syntax-error diagnostic.

mod fast;
mod spanned;

use std::path::Path;

use crate::error::{Diagnostic, Result};
use crate::location::Location;
use crate::model::raw::Node;

/// The parser options: YAML 1.2 booleans only (`no`/`off` stay text), the
/// rest of serde-saphyr's safe defaults (duplicate keys are errors, merge keys
/// are expanded, alias expansion is budgeted).
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! { strict_booleans: true, with_snippet: false }
}

/// Parses YAML text into the as-written tree.
///
/// Most engagement files are plain YAML: no anchors, aliases, merge keys or
/// tags, no duplicate keys, string keys. Those are built straight from the
/// parser's events (`fast::parse`), skipping serde-saphyr's `Spanned` layer
/// and the conversion from it, which were most of the parse time
/// (BENCHMARKS.md, "Where the time goes"). Anything else, and every error,
/// goes through serde-saphyr ([`parse_serde`]), so every diagnostic
/// (duplicate keys, merge keys, alias budgets, syntax errors and their
/// positions) is serde-saphyr's own. Debug builds parse both ways and compare the trees.
pub fn parse(file: &Path, text: &str) -> Result<Node> {
    match fast::parse(file, text) {
        Some(node) => {
            #[cfg(debug_assertions)]
            {
                let slow = parse_serde(file, text);
                assert!(
                    slow.as_ref().is_ok_and(|s| *s == node),
                    "the fast YAML path disagrees with serde-saphyr on `{}`:\nfast: {node:?}\nserde-saphyr: {slow:?}",
                    file.display()
                );
            }
            Ok(node)
        }
        None => parse_serde(file, text),
    }
}

/// Parses YAML text into the as-written tree through serde-saphyr (every
/// feature, every diagnostic).
pub fn parse_serde(file: &Path, text: &str) -> Result<Node> {
    spanned::parse(file, text)
}

/// A serde-saphyr error as a located diagnostic, with the line and a caret.
pub(crate) fn syntax_error(file: &Path, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let msg = e.to_string();
    // serde-saphyr appends " at line L, column C"; our location says it already.
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    let msg = msg.trim().trim_end_matches('.').to_string();
    match e.location() {
        Some(l) if l.line() > 0 => {
            let (line, col) = (l.line() as usize, l.column().max(1) as usize);
            let d = Diagnostic::error(
                Location::yaml(file, line, col),
                format!("failed to parse YAML ({msg})"),
            );
            match excerpt(text, line, col) {
                Some(x) => d.with_excerpt(x),
                None => d,
            }
        }
        _ => Diagnostic::error(
            Location::file(file),
            format!("failed to parse YAML ({msg})"),
        ),
    }
}

/// The characters of a long line shown on each side of the column: a
/// 100 MB line must not be printed whole (issue 15, failure 7).
const EXCERPT_SIDE: usize = 60;

/// The source line `line` (1-based) and a caret under column `col`; a long
/// line is cut to [`EXCERPT_SIDE`] characters on each side of the column, `…`
/// marking the cuts.
pub(crate) fn excerpt(text: &str, line: usize, col: usize) -> Option<String> {
    let src = text.lines().nth(line.checked_sub(1)?)?;
    let at = col.saturating_sub(1);
    let first = at.saturating_sub(EXCERPT_SIDE);
    let mut shown: String = src.chars().skip(first).take(2 * EXCERPT_SIDE + 1).collect();
    let cut_end = src.chars().nth(first + 2 * EXCERPT_SIDE + 1).is_some();
    let mut pad: String = shown
        .chars()
        .take(at - first)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    if first > 0 {
        shown.insert(0, '…');
        pad.insert(0, ' ');
    }
    if cut_end {
        shown.push('…');
    }
    Some(format!("{shown}\n{pad}^"))
}

#[cfg(test)]
mod tests;
