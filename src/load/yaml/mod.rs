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
/// A flow list or mapping left open (`title: [Contoso`) is reported where its
/// bracket opened: the parser gives up later, often lines further down.
pub(crate) fn syntax_error(file: &Path, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let msg = message(e);
    let at = e
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| (l.line() as usize, l.column().max(1) as usize));
    if let Some((line, col)) = at
        && let Some((open, oline, ocol)) = unclosed_flow(text, line)
    {
        let close = if open == '[' { ']' } else { '}' };
        let what = if open == '[' { "list" } else { "mapping" };
        let d = Diagnostic::error(
            Location::yaml(file, oline, ocol),
            format!(
                "failed to parse YAML (the {what} opened with `{open}` here is not closed with `{close}`; the parser stopped at line {line}, column {col}: {msg})"
            ),
        )
        .with_hint(format!(
            "close it with `{close}`, or quote a text that starts with `{open}` (e.g. \"{open}Contoso\")"
        ));
        return match excerpt(text, oline, ocol) {
            Some(x) => d.with_excerpt(x),
            None => d,
        };
    }
    match at {
        Some((line, col)) => {
            let d = Diagnostic::error(
                Location::yaml(file, line, col),
                format!("failed to parse YAML ({msg})"),
            );
            match excerpt(text, line, col) {
                Some(x) => d.with_excerpt(x),
                None => d,
            }
        }
        None => Diagnostic::error(
            Location::file(file),
            format!("failed to parse YAML ({msg})"),
        ),
    }
}

/// serde-saphyr's message in a data author's words: its user-facing
/// formatter (the default one advises on serde-saphyr's own `Options` and
/// Rust types), our wording for a duplicate key, without the position (the
/// location says it).
fn message(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::MessageFormatter as _;
    let e = e.without_snippet();
    let msg = match e {
        serde_saphyr::Error::DuplicateMappingKey { key: Some(k), .. } => {
            format!("duplicate key `{k}`: a key may appear only once in a mapping")
        }
        serde_saphyr::Error::DuplicateMappingKey { key: None, .. } => {
            "duplicate key: a key may appear only once in a mapping".to_string()
        }
        // Its formatter prints the breach as a Rust value (`Nodes { nodes: 250001 }`).
        serde_saphyr::Error::Budget { breach, .. } => budget_message(breach),
        _ => serde_saphyr::UserMessageFormatter
            .format_message(e)
            .into_owned(),
    };
    // The parser's own messages may end in " at line L, column C".
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    msg.trim().trim_end_matches('.').to_string()
}

/// A breach of serde-saphyr's budget (what keeps a hostile document from
/// taking the machine) in a data author's words.
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    // Each count is the one that crossed the limit: the limit is one less.
    let over = |n: usize, what: &str| format!("more than {} {what}", n.saturating_sub(1));
    let what = match breach {
        B::Nodes { nodes } => over(*nodes, "values"),
        B::Events { events } => over(*events, "parser events"),
        B::Depth { depth } => format!("nesting deeper than {} levels", depth.saturating_sub(1)),
        B::Aliases { aliases } => over(*aliases, "aliases (`*name`)"),
        B::Anchors { anchors } => over(*anchors, "anchors (`&name`)"),
        B::Documents { documents } => over(*documents, "documents"),
        B::MergeKeys { merge_keys } => over(*merge_keys, "merge keys (`<<`)"),
        B::AliasAnchorRatio { .. } => "far more aliases than anchors (an alias bomb)".into(),
        B::ScalarBytes { .. } | B::InputBytes { .. } => {
            "more text than engagekit reads in one document".into()
        }
        _ => "more than engagekit reads in one document".into(),
    };
    format!("the document is too large or too complex ({what}); split it into several files")
}

/// The flow collection (`[` or `{`) still open when the parser failed at
/// line `line`, as (bracket, line, column), when it opened on an earlier
/// line: an error on the bracket's own line is already reported near it.
fn unclosed_flow(text: &str, line: usize) -> Option<(char, usize, usize)> {
    use granit_parser::{Event, Parser, StrInput, StructureStyle};
    let mut parser = Parser::with_options(StrInput::new(text), fast::parser_options());
    // Every open collection: whether it is a flow one, and where it opened.
    let mut open: Vec<(bool, usize, usize)> = Vec::new();
    loop {
        match parser.next_event()? {
            Ok((Event::SequenceStart(style, ..) | Event::MappingStart(style, ..), span)) => {
                open.push((
                    style == StructureStyle::Flow,
                    span.start.line(),
                    span.start.col() + 1,
                ));
            }
            Ok((Event::SequenceEnd | Event::MappingEnd, _)) => {
                open.pop();
            }
            Ok((Event::StreamEnd, _)) => return None,
            Ok(_) => {}
            Err(_) => {
                let &(_, oline, ocol) = open.iter().rev().find(|(flow, ..)| *flow)?;
                if oline >= line {
                    return None;
                }
                let src = text.lines().nth(oline.checked_sub(1)?)?;
                let open = src
                    .chars()
                    .nth(ocol - 1)
                    .filter(|c| matches!(c, '[' | '{'))?;
                return Some((open, oline, ocol));
            }
        }
    }
}

/// Where the value of the top-level `key` is written in a YAML (or JSON)
/// text, for a diagnostic about it found after loading (the generic data
/// of `render` carries no positions).
pub fn key_location(file: &Path, text: &str, key: &str) -> Option<Location> {
    let root = parse(file, text).ok()?;
    root.get(key).map(|n| n.loc.clone())
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
