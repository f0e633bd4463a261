//! The serde-saphyr path: every YAML feature and every diagnostic, each value
//! `Spanned` with its position.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::error::Result;
use crate::location::Location;
use crate::model::raw::{Key, Node, NodeKind};

/// Parses YAML text into the as-written tree through serde-saphyr.
pub(super) fn parse(file: &Path, text: &str) -> Result<Node> {
    let tree: Spanned<Tree> = serde_saphyr::from_str_with_options(text, super::options())
        .map_err(|e| super::syntax_error(file, text, &e))?;
    Ok(convert(&Arc::from(file), text, tree))
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
