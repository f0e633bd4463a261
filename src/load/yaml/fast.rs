//! The as-written tree straight from granit-parser's events (the parser under
//! serde-saphyr), for the plain YAML that engagement files are. Returns `None`
//! as soon as the document uses anything whose meaning or diagnostics
//! serde-saphyr owns (anchors, aliases, tags, merge keys, duplicate keys,
//! non-string keys, directives, several documents, a parse error, a budget
//! nearly reached); the caller then parses it with serde-saphyr.

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
/// Scalars, sequences and mappings, keys included, as serde-saphyr counts them.
const MAX_NODES: usize = 200_000;
const MAX_SCALAR_BYTES: usize = 32 << 20;

/// The parser options serde-saphyr uses with its default budget.
pub(super) fn parser_options() -> granit_parser::Options {
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
    nodes: usize,
    scalar_bytes: usize,
}

pub(super) fn parse(file: &Path, text: &str) -> Option<Node> {
    let mut b = Builder {
        file,
        shared: Arc::from(file),
        parser: Parser::with_options(StrInput::new(text), parser_options()),
        events: 0,
        nodes: 0,
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
        let next = self.parser.next_event()?.ok()?;
        if matches!(
            next.0,
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..)
        ) {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                return None;
            }
        }
        Some(next)
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
