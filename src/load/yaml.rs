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

use std::fmt;
use std::path::Path;
use std::sync::Arc;

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
///
/// Most engagement files are plain YAML: no anchors, aliases, merge keys or
/// tags, no duplicate keys, string keys. Those are built straight from the
/// parser's events (`fast::parse`), which is several times faster than
/// serde-saphyr's `Spanned` layer. Anything else, and every error, goes
/// through serde-saphyr ([`parse_serde`]), so every diagnostic (duplicate keys,
/// merge keys, alias budgets, syntax errors and their positions) is
/// serde-saphyr's own. Debug builds parse both ways and compare the trees.
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
    let tree: Spanned<Tree> = serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| syntax_error(file, text, &e))?;
    Ok(convert(&Arc::from(file), text, tree))
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

fn loc_of(file: &Arc<Path>, l: &serde_saphyr::Location) -> Location {
    if l.line() == 0 {
        Location::file(&**file)
    } else {
        Location::yaml_shared(file, l.line() as usize, l.column().max(1) as usize)
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

fn convert(file: &Arc<Path>, text: &str, t: Spanned<Tree>) -> Node {
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

/// The as-written tree straight from granit-parser's events (the parser under
/// serde-saphyr), for the plain YAML that engagement files are. Returns `None`
/// as soon as the document uses anything whose meaning or diagnostics
/// serde-saphyr owns (anchors, aliases, tags, merge keys, duplicate keys,
/// non-string keys, directives, several documents, a parse error, a budget
/// nearly reached); the caller then parses it with serde-saphyr.
mod fast {
    use std::path::Path;
    use std::sync::Arc;

    use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

    use crate::location::Location;
    use crate::model::raw::{Key, Node, NodeKind};

    /// Below serde-saphyr's default `Budget` (64 levels, 250,000 nodes,
    /// 1,000,000 events, 64 MiB of scalars), so that a document this path
    /// accepts is one serde-saphyr accepts too.
    const MAX_DEPTH: usize = 48;
    const MAX_EVENTS: usize = 500_000;
    const MAX_SCALAR_BYTES: usize = 32 << 20;

    /// The parser options serde-saphyr uses with its default budget.
    fn parser_options() -> granit_parser::Options {
        granit_parser::options! {
            simple_key_max_lookahead: 1024,
            flow_nesting_limit: 255,
            block_nesting_limit: 255,
            emit_comments: false,
        }
    }

    struct Builder<'a, 'i> {
        file: &'a Path,
        /// The file, shared by every node's location.
        shared: Arc<Path>,
        parser: Parser<'i, StrInput<'i>>,
        events: usize,
        scalar_bytes: usize,
    }

    pub(super) fn parse(file: &Path, text: &str) -> Option<Node> {
        let mut b = Builder {
            file,
            shared: Arc::from(file),
            parser: Parser::with_options(StrInput::new(text), parser_options()),
            events: 0,
            scalar_bytes: 0,
        };
        if !matches!(b.next()?.0, Event::StreamStart) {
            return None;
        }
        if !matches!(b.next()?.0, Event::DocumentStart(_, None)) {
            return None;
        }
        let (ev, span) = b.next()?;
        // The root must be a mapping or a list; anything else (an empty
        // document, a lone scalar) is left to serde-saphyr.
        let root = match ev {
            Event::MappingStart(_, 0, None) => b.map(span, 1)?,
            Event::SequenceStart(_, 0, None) => b.seq(span, 1)?,
            _ => return None,
        };
        if !matches!(b.next()?.0, Event::DocumentEnd) {
            return None;
        }
        if !matches!(b.next()?.0, Event::StreamEnd) {
            return None;
        }
        Some(root)
    }

    impl<'i> Builder<'_, 'i> {
        #[inline(always)]
        fn next(&mut self) -> Option<(Event<'i>, Span)> {
            self.events += 1;
            if self.events > MAX_EVENTS {
                return None;
            }
            self.parser.next_event()?.ok()
        }

        #[inline]
        fn loc(&self, span: &Span) -> Location {
            let line = span.start.line();
            if line == 0 {
                Location::file(self.file)
            } else {
                Location::yaml_shared(&self.shared, line, span.start.col() + 1)
            }
        }

        /// A node whose first event was just read.
        fn node(&mut self, ev: Event<'i>, span: Span, depth: usize) -> Option<Node> {
            match ev {
                Event::Scalar(value, style, 0, None) => {
                    self.scalar_bytes += value.len();
                    if self.scalar_bytes > MAX_SCALAR_BYTES {
                        return None;
                    }
                    let kind = if style == ScalarStyle::Plain {
                        if matches!(&*value, "" | "~" | "null" | "Null" | "NULL") {
                            NodeKind::Null
                        } else if non_finite_float(&value) {
                            // serde-saphyr has its own policy for `.inf`/`.nan`.
                            return None;
                        } else {
                            NodeKind::Scalar(value.into_owned())
                        }
                    } else {
                        NodeKind::Scalar(value.into_owned())
                    };
                    Some(Node {
                        loc: self.loc(&span),
                        kind,
                    })
                }
                Event::MappingStart(_, 0, None) => self.map(span, depth + 1),
                Event::SequenceStart(_, 0, None) => self.seq(span, depth + 1),
                _ => None,
            }
        }

        fn seq(&mut self, span: Span, depth: usize) -> Option<Node> {
            if depth > MAX_DEPTH {
                return None;
            }
            let loc = self.loc(&span);
            let mut items = Vec::new();
            loop {
                let (ev, span) = self.next()?;
                if matches!(ev, Event::SequenceEnd) {
                    break;
                }
                items.push(self.node(ev, span, depth)?);
            }
            Some(Node {
                loc,
                kind: NodeKind::Seq(items),
            })
        }

        fn map(&mut self, span: Span, depth: usize) -> Option<Node> {
            if depth > MAX_DEPTH {
                return None;
            }
            let loc = self.loc(&span);
            let mut entries: Vec<(Key, Node)> = Vec::new();
            loop {
                let (ev, span) = self.next()?;
                let name = match ev {
                    Event::MappingEnd => break,
                    Event::Scalar(name, style, 0, None) if plain_string_key(&name, style) => name,
                    // Merge keys, typed keys, complex keys, anchors, tags.
                    _ => return None,
                };
                // Duplicate keys: serde-saphyr reports them. (Very wide
                // mappings are left to it too: this search is linear.)
                if entries.len() > 256 || entries.iter().any(|(k, _)| k.name == *name) {
                    return None;
                }
                self.scalar_bytes += name.len();
                let key = Key {
                    name: name.into_owned(),
                    loc: self.loc(&span),
                };
                let (ev, span) = self.next()?;
                let value = self.node(ev, span, depth)?;
                entries.push((key, value));
            }
            Some(Node {
                loc,
                kind: NodeKind::Map(entries),
            })
        }
    }

    /// A key that serde-saphyr hands over as the same string: quoted, or
    /// plain and not null, a boolean, a number or the merge key `<<`.
    fn plain_string_key(name: &str, style: ScalarStyle) -> bool {
        const TYPED: [&str; 9] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
        match style {
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => true,
            ScalarStyle::Plain => {
                !(name.is_empty()
                    || name == "<<"
                    || name.starts_with(|c: char| {
                        c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '~')
                    })
                    || TYPED.iter().any(|w| name.eq_ignore_ascii_case(w)))
            }
            _ => false,
        }
    }

    /// `.inf`, `-.Inf`, `.nan`, `1e999`: floats serde-saphyr does not pass through as numbers.
    fn non_finite_float(v: &str) -> bool {
        let t = v.trim();
        if !t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) {
            return false;
        }
        t.as_bytes()
            .windows(3)
            .any(|w| w.eq_ignore_ascii_case(b"inf") || w.eq_ignore_ascii_case(b"nan"))
            || t.parse::<f64>().is_ok_and(|f| !f.is_finite())
    }
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

    /// The fast path either declines or builds exactly serde-saphyr's tree.
    fn same_as_serde(text: &str) -> bool {
        let file = Path::new("t.yaml");
        match fast::parse(file, text) {
            Some(node) => {
                assert_eq!(
                    Ok(node),
                    parse_serde(file, text).map_err(|e| e.to_string()),
                    "{text}"
                );
                true
            }
            None => false,
        }
    }

    #[test]
    fn fast_path_builds_the_same_tree_as_serde_saphyr() {
        let taken = [
            "a: NO\nb: 1.10\nc: 0755\nd: \"x\"\ne: true\nf:\ng: ~\nh: null\ni: 'null'\n",
            "a: 0x1F\nb: 0X1F\nc: -12\nd: +3\ne: 1e3\nf: 12_000\ng: 2026-09-30\nh: -0\n",
            "list:\n  - one\n  - 2\n  -\n  - [a, 'b', \"c\"]\n  - {x: 1, z: two}\n",
            "text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\n\nplain: multi\n  line\n  words\n",
            "'quoted key': 1\n\"dq\": 2\nkey with spaces: 3\nümlaut: ä\n",
            "a: \"esc\\t\\u00e9\\n\"\nb: 'it''s'\nc: x # comment\n# trailing\n",
            "- a: 1\n  b:\n    - c: 2\n- d\n",
            "---\na: 1\n...\n",
            "a:\tb\n",
            "\u{feff}a: 1\n",
            "a: {}\nb: []\nc: ''\n",
        ];
        for t in taken {
            assert!(same_as_serde(t), "the fast path should take {t:?}");
        }
        // Everything serde-saphyr owns: the fast path declines.
        let declined = [
            "base: &b\n  x: 1\nc:\n  <<: *b\n",
            "a: 1\nb: 2\na: 3\n",
            "a: !!str 12\n",
            "1: a\n",
            "true: a\n",
            "~: a\n",
            "? [a]\n: b\n",
            "a: .inf\nb: -.NaN\n",
            "a: 1e999\n",
            "a: 1\n---\nb: 2\n",
            "%YAML 1.2\n---\na: 1\n",
            "",
            "just text\n",
            "a: [1, 2\n",
            "a:\n\t- b\n",
        ];
        for t in declined {
            assert!(!same_as_serde(t), "the fast path should decline {t:?}");
        }
    }

    #[test]
    fn fast_path_matches_on_the_repositorys_yaml_files() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut taken = 0;
        for dir in ["samples", "benches/fixtures", "tests/fixtures"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                let Ok(rd) = std::fs::read_dir(&d) else {
                    continue;
                };
                for e in rd.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
                    {
                        let text = std::fs::read_to_string(&p).unwrap();
                        taken += usize::from(same_as_serde(&text));
                    }
                }
            }
        }
        assert!(taken >= 3, "only {taken} files took the fast path");
    }
}
