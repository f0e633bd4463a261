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

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, Result};
use crate::location::Location;
use crate::model::raw::{Key, Node, NodeKind};

/// The parser options: YAML 1.2 booleans only (`no`/`off` stay text), the
/// rest of serde-saphyr's safe defaults (duplicate keys are errors, merge keys
/// are expanded, alias expansion is budgeted).
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! { strict_booleans: true, with_snippet: false }
}

/// Parses YAML text into the as-written tree.
pub fn parse(file: &Path, text: &str) -> Result<Node> {
    let tree: Spanned<Tree> = serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| syntax_error(file, text, &e))?;
    Ok(convert(file, text, tree))
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

/// The source line `line` (1-based) and a caret under column `col`.
pub(crate) fn excerpt(text: &str, line: usize, col: usize) -> Option<String> {
    let src = text.lines().nth(line.checked_sub(1)?)?;
    let pad: String = src
        .chars()
        .take(col.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    Some(format!("{src}\n{pad}^"))
}

/// A YAML node as serde-saphyr hands it to us.
enum Tree {
    Null,
    /// A string scalar, already unquoted/unescaped.
    Str(String),
    /// A scalar that serde-saphyr typed as a number or boolean; `fallback` is its
    /// formatted value, used when the source text cannot be sliced.
    Typed(String),
    Seq(Vec<Spanned<Tree>>),
    Map(Vec<(Spanned<KeyText>, Spanned<Tree>)>),
}

struct KeyText(String);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_none<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        Tree::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree::Typed(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree::Typed(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Tree, E> {
        Ok(Tree::Typed(v.to_string()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Tree, E> {
        Ok(Tree::Typed(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Tree, E> {
        Ok(Tree::Typed(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree::Typed(v.to_string()))
    }
    fn visit_char<E>(self, v: char) -> Result<Tree, E> {
        Ok(Tree::Str(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Tree, E> {
        Ok(Tree::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Tree, E> {
        Ok(Tree::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Tree>>()? {
            items.push(item);
        }
        Ok(Tree::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key::<Spanned<KeyText>>()? {
            let v = map.next_value::<Spanned<Tree>>()?;
            entries.push((k, v));
        }
        Ok(Tree::Map(entries))
    }
}

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

fn loc_of(file: &Path, l: &serde_saphyr::Location) -> Location {
    if l.line() == 0 {
        Location::file(file)
    } else {
        Location::yaml(file, l.line() as usize, l.column().max(1) as usize)
    }
}

/// The source text of a typed scalar, by its byte span (the defining node, for aliases).
fn source_text<'a>(text: &'a str, l: &serde_saphyr::Location) -> Option<&'a str> {
    let span = l.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    let s = text.get(start..start.checked_add(len)?)?.trim();
    (!s.is_empty() && !s.starts_with(['*', '&', '!'])).then_some(s)
}

fn convert(file: &Path, text: &str, t: Spanned<Tree>) -> Node {
    let loc = loc_of(file, &t.referenced);
    let kind = match t.value {
        Tree::Null => NodeKind::Null,
        Tree::Str(s) => NodeKind::Scalar(s),
        Tree::Typed(fallback) => NodeKind::Scalar(
            source_text(text, &t.defined)
                .map(str::to_string)
                .unwrap_or(fallback),
        ),
        Tree::Seq(items) => {
            NodeKind::Seq(items.into_iter().map(|i| convert(file, text, i)).collect())
        }
        Tree::Map(entries) => NodeKind::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: k.value.0,
                        loc: loc_of(file, &k.referenced),
                    };
                    (key, convert(file, text, v))
                })
                .collect(),
        ),
    };
    Node { loc, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Node {
        parse(Path::new("t.yaml"), s).unwrap()
    }

    fn scalar(n: &Node) -> &str {
        match &n.kind {
            NodeKind::Scalar(s) => s,
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn scalars_keep_their_text_and_position() {
        let n = p("a: NO\nb: 1.10\nc: 0755\nd: \"x\"\ne: true\nf:\n");
        assert_eq!(scalar(n.get("a").unwrap()), "NO");
        assert_eq!(scalar(n.get("b").unwrap()), "1.10");
        assert_eq!(scalar(n.get("c").unwrap()), "0755");
        assert_eq!(scalar(n.get("d").unwrap()), "x");
        assert_eq!(scalar(n.get("e").unwrap()), "true");
        assert!(n.get("f").unwrap().is_null());
        assert_eq!(n.get("b").unwrap().loc, Location::yaml("t.yaml", 2, 4));
    }

    #[test]
    fn anchors_and_merge_keys() {
        let n = p("base: &b\n  x: 1.50\n  y: two\nc:\n  <<: *b\n  y: three\nd: *b\n");
        let c = n.get("c").unwrap();
        assert_eq!(scalar(c.get("x").unwrap()), "1.50");
        assert_eq!(scalar(c.get("y").unwrap()), "three");
        assert_eq!(scalar(n.get("d").unwrap().get("x").unwrap()), "1.50");
    }

    #[test]
    fn duplicate_keys_are_errors_with_position() {
        let err = parse(Path::new("t.yaml"), "a: 1\nb: 2\na: 3\n").unwrap_err();
        let d = &err.diagnostics().unwrap().0[0];
        assert!(d.message.contains("duplicate"), "{}", d.message);
        assert!(
            matches!(d.location, Location::Yaml { line: 3, .. }),
            "{:?}",
            d.location
        );
    }
}
