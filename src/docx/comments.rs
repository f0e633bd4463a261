//! Copies of Word comments for comment anchors that a loop repeated.
//!
//! A `{% for %}` around commented text repeats the comment's anchors
//! (`w:commentRangeStart`, `w:commentRangeEnd`, `w:commentReference`), but not
//! the comment itself, which lives in `word/comments.xml`. [`super::IdFixer`]
//! gives each repeated anchor set a new id; [`Comments::with_copies`] then adds
//! a copy of the comment under each new id, so every copy of the text shows
//! the comment and no anchor points at a missing or shared comment.
//!
//! Word 2013+ keeps more about a comment in side parts, keyed by the
//! `w14:paraId` of the comment's last paragraph and by a `durableId`; a copy
//! gets its own entries there, so the parts stay consistent:
//!
//! * `comments.xml`: the `w:comment` is copied with the new `w:id`, and every
//!   `w14:paraId` of its paragraphs replaced by a fresh one (unique in the
//!   whole document, as Word requires).
//! * `commentsExtended.xml`: each `w15:commentEx` of the copied paragraphs is
//!   copied with the new paraId. A reply's `w15:paraIdParent` points at the
//!   latest copy of its parent, so a repeated thread stays a thread.
//! * `commentsIds.xml`: each `w16cid:commentId` is copied with the new paraId
//!   and a fresh `w16cid:durableId`.
//! * `commentsExtensible.xml`: each `w16cex:commentExtensible` is copied with
//!   that durableId.
//!
//! Copies are appended at the end of each part. Elements are recognised by the
//! prefixes Word writes (`w:`, `w14:`, `w15:`, `w16cid:`, `w16cex:`).

use std::collections::HashMap;
use std::ops::Range;

use super::DocxPackage;
use super::ids::IdFixer;
use crate::error::Result;

/// `w14:paraId` and `durableId` values must be below this.
const MAX_HEX_ID: u64 = 0x8000_0000;

/// A comment part's text and its elements of one kind, by key.
#[derive(Debug, Clone)]
struct Part {
    name: String,
    xml: String,
    /// Key (comment id, paraId or durableId) → span of the element.
    by_key: HashMap<u64, Range<usize>>,
}

impl Part {
    fn read(
        pkg: &DocxPackage,
        name: Option<&String>,
        element: &str,
        key: &str,
        hex: bool,
    ) -> Result<Option<Part>> {
        let Some(name) = name else { return Ok(None) };
        let xml = pkg.read_text(name)?;
        let mut by_key = HashMap::new();
        for span in elements(&xml, element) {
            let el = &xml[span.clone()];
            if let Some(k) = attr(el, key).and_then(|r| parse(&el[r], hex)) {
                by_key.entry(k).or_insert(span);
            }
        }
        Ok(Some(Part {
            name: name.clone(),
            xml,
            by_key,
        }))
    }

    /// The part with `extra` inserted before its closing root tag.
    fn with(&self, extra: &str) -> (String, String) {
        let at = self.xml.rfind("</").unwrap_or(self.xml.len());
        let mut xml = String::with_capacity(self.xml.len() + extra.len());
        xml.push_str(&self.xml[..at]);
        xml.push_str(extra);
        xml.push_str(&self.xml[at..]);
        (self.name.clone(), xml)
    }
}

/// The comment parts of a template, read once at compile time.
#[derive(Debug, Clone)]
pub struct Comments {
    comments: Part,
    extended: Option<Part>,
    ids: Option<Part>,
    extensible: Option<Part>,
    max_id: u64,
    para_ids: Vec<u64>,
    max_durable: u64,
}

impl Comments {
    /// Reads the package's comment parts; `None` when it has no `comments.xml`.
    pub fn read(pkg: &DocxPackage) -> Result<Option<Comments>> {
        let names = pkg.comment_parts();
        let Some(comments) = Part::read(pkg, names.comments.as_ref(), "w:comment", "w:id", false)?
        else {
            return Ok(None);
        };
        let extended = Part::read(
            pkg,
            names.extended.as_ref(),
            "w15:commentEx",
            "w15:paraId",
            true,
        )?;
        let ids = Part::read(
            pkg,
            names.ids.as_ref(),
            "w16cid:commentId",
            "w16cid:paraId",
            true,
        )?;
        let extensible = Part::read(
            pkg,
            names.extensible.as_ref(),
            "w16cex:commentExtensible",
            "w16cex:durableId",
            true,
        )?;
        let max_id = comments.by_key.keys().copied().max().unwrap_or(0);
        let para_ids = elements(&comments.xml, "w:p")
            .filter_map(|span| {
                let el = &comments.xml[span];
                attr(el, "w14:paraId").and_then(|r| parse(&el[r], true))
            })
            .collect();
        let mut max_durable = extensible
            .as_ref()
            .and_then(|p| p.by_key.keys().copied().max())
            .unwrap_or(0);
        if let Some(p) = &ids {
            for span in p.by_key.values() {
                let el = &p.xml[span.clone()];
                if let Some(d) = attr(el, "w16cid:durableId").and_then(|r| parse(&el[r], true)) {
                    max_durable = max_durable.max(d);
                }
            }
        }
        Ok(Some(Comments {
            comments,
            extended,
            ids,
            extensible,
            max_id,
            para_ids,
            max_durable,
        }))
    }

    /// Tells a new document's fixer which comment ids and paraIds are taken.
    pub fn reserve(&self, fixer: &mut IdFixer) {
        fixer.reserve_comment_ids(self.max_id);
        fixer.reserve_para_ids(self.para_ids.iter().copied());
    }

    /// The comment parts with a copy of comment `old` under id `new` for each
    /// of `copies` ([`IdFixer::comment_copies`]); fresh paraIds come from
    /// `fixer`. Returns (part name, new XML) for every part that changed.
    pub fn with_copies(&self, copies: &[(u64, u64)], fixer: &mut IdFixer) -> Vec<(String, String)> {
        let mut out_comments = String::new();
        let mut out_extended = String::new();
        let mut out_ids = String::new();
        let mut out_extensible = String::new();
        // Template paraId → paraId of its latest copy (for reply parents).
        let mut latest: HashMap<u64, u64> = HashMap::new();
        let mut durable = self.max_durable;
        for &(old, new) in copies {
            let Some(span) = self.comments.by_key.get(&old) else {
                continue;
            };
            let el = &self.comments.xml[span.clone()];
            let mut edits: Vec<(Range<usize>, String)> = Vec::new();
            if let Some(r) = attr(el, "w:id") {
                edits.push((r, new.to_string()));
            }
            let mut paras: Vec<(u64, u64)> = Vec::new();
            for p in elements(el, "w:p") {
                let Some(r) = attr(&el[p.clone()], "w14:paraId") else {
                    continue;
                };
                let r = p.start + r.start..p.start + r.end;
                let fresh = fixer.fresh_para_id();
                if let Some(pid) = parse(&el[r.clone()], true) {
                    paras.push((pid, fresh));
                }
                edits.push((r, hex(fresh)));
            }
            out_comments.push_str(&apply(el, edits));

            for &(pid, fresh) in &paras {
                if let Some(part) = &self.extended
                    && let Some(span) = part.by_key.get(&pid)
                {
                    let el = &part.xml[span.clone()];
                    let mut edits = vec![];
                    if let Some(r) = attr(el, "w15:paraId") {
                        edits.push((r, hex(fresh)));
                    }
                    if let Some(r) = attr(el, "w15:paraIdParent")
                        && let Some(parent) =
                            parse(&el[r.clone()], true).and_then(|p| latest.get(&p))
                    {
                        edits.push((r, hex(*parent)));
                    }
                    out_extended.push_str(&apply(el, edits));
                }
                if let Some(part) = &self.ids
                    && let Some(span) = part.by_key.get(&pid)
                {
                    let el = &part.xml[span.clone()];
                    let old_durable = attr(el, "w16cid:durableId");
                    durable = if durable + 1 >= MAX_HEX_ID {
                        1
                    } else {
                        durable + 1
                    };
                    let mut edits = vec![];
                    if let Some(r) = attr(el, "w16cid:paraId") {
                        edits.push((r, hex(fresh)));
                    }
                    if let Some(r) = old_durable.clone() {
                        edits.push((r, hex(durable)));
                    }
                    out_ids.push_str(&apply(el, edits));
                    if let Some(ext) = &self.extensible
                        && let Some(d) = old_durable.and_then(|r| parse(&el[r], true))
                        && let Some(span) = ext.by_key.get(&d)
                    {
                        let el = &ext.xml[span.clone()];
                        let edits = attr(el, "w16cex:durableId")
                            .map(|r| (r, hex(durable)))
                            .into_iter()
                            .collect();
                        out_extensible.push_str(&apply(el, edits));
                    }
                }
            }
            latest.extend(paras);
        }
        let mut changed = Vec::new();
        for (part, extra) in [
            (Some(&self.comments), out_comments),
            (self.extended.as_ref(), out_extended),
            (self.ids.as_ref(), out_ids),
            (self.extensible.as_ref(), out_extensible),
        ] {
            if let Some(part) = part
                && !extra.is_empty()
            {
                changed.push(part.with(&extra));
            }
        }
        changed
    }
}

fn hex(v: u64) -> String {
    format!("{v:08X}")
}

fn parse(s: &str, hex: bool) -> Option<u64> {
    if hex {
        u64::from_str_radix(s, 16).ok()
    } else {
        s.parse().ok()
    }
}

/// `text` with the non-overlapping `edits` (span → replacement) applied.
fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for (r, new) in edits {
        out.push_str(&text[last..r.start]);
        out.push_str(&new);
        last = r.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Spans of every `<name …>…</name>` or `<name …/>` element in `xml`, in
/// order; elements of this name must not nest (true of all we look for).
fn elements<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut pos = 0;
    std::iter::from_fn(move || {
        loop {
            let start = pos + xml.get(pos..)?.find(&open)?;
            let after = start + open.len();
            pos = after;
            if !matches!(
                xml.as_bytes().get(after),
                Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>')
            ) {
                continue;
            }
            let gt = after + xml[after..].find('>')?;
            let end = if xml.as_bytes()[gt - 1] == b'/' {
                gt + 1
            } else {
                let c = gt + xml[gt..].find(&close)?;
                c + close.len()
            };
            pos = end;
            return Some(start..end);
        }
    })
}

/// The span of attribute `name`'s value in the start tag that opens `el`.
fn attr(el: &str, name: &str) -> Option<Range<usize>> {
    let tag_end = el.find('>')?;
    let tag = &el[..tag_end];
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        if !tag[..at].ends_with([' ', '\t', '\r', '\n']) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let v_start = tag.len() - rest.len() + 1;
        let v_end = v_start + tag[v_start..].find(quote)?;
        return Some(v_start..v_end);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(name: &str, xml: &str, element: &str, key: &str, hex: bool) -> Part {
        let by_key = elements(xml, element)
            .filter_map(|span| {
                let el = &xml[span.clone()];
                attr(el, key)
                    .and_then(|r| parse(&el[r], hex))
                    .map(|k| (k, span))
            })
            .collect();
        Part {
            name: name.into(),
            xml: xml.into(),
            by_key,
        }
    }

    #[test]
    fn copies_a_comment_with_fresh_para_ids_without_side_parts() {
        let xml = r#"<w:comments><w:comment w:id="4" w:author="A"><w:p w14:paraId="0000000A"><w:r><w:t>one</w:t></w:r></w:p><w:p w14:paraId="0000000B"><w:r><w:t>two</w:t></w:r></w:p></w:comment></w:comments>"#;
        let comments = Comments {
            comments: part("word/comments.xml", xml, "w:comment", "w:id", false),
            extended: None,
            ids: None,
            extensible: None,
            max_id: 4,
            para_ids: vec![0xA, 0xB],
            max_durable: 0,
        };
        let mut fixer = IdFixer::new();
        comments.reserve(&mut fixer);
        // A copy of comment 4 as 5; 9 names no comment and is skipped.
        let changed = comments.with_copies(&[(4, 5), (9, 10)], &mut fixer);
        assert_eq!(changed.len(), 1);
        let (name, out) = &changed[0];
        assert_eq!(name, "word/comments.xml");
        assert!(out.starts_with(&xml[..xml.len() - "</w:comments>".len()]));
        assert!(out.ends_with(r#"<w:comment w:id="5" w:author="A"><w:p w14:paraId="0000000C"><w:r><w:t>one</w:t></w:r></w:p><w:p w14:paraId="0000000D"><w:r><w:t>two</w:t></w:r></w:p></w:comment></w:comments>"#), "{out}");
        assert!(comments.with_copies(&[], &mut fixer).is_empty());
    }

    #[test]
    fn finds_elements_and_attributes() {
        let xml = r#"<w:comments><w:comment w:id="0" w:author="A"><w:p w14:paraId="0000000A"><w:r/></w:p></w:comment><w:commentX/><w:comment w:id='1'/></w:comments>"#;
        let spans: Vec<&str> = elements(xml, "w:comment").map(|r| &xml[r]).collect();
        assert_eq!(spans.len(), 2);
        assert!(spans[0].ends_with("</w:comment>"));
        assert_eq!(spans[1], "<w:comment w:id='1'/>");
        assert_eq!(attr(spans[0], "w:id").map(|r| &spans[0][r]), Some("0"));
        assert_eq!(attr(spans[1], "w:id").map(|r| &spans[1][r]), Some("1"));
        // `w:id` is not found inside `w14:paraId` or in child elements.
        let p = r#"<w:p w14:paraId="1"><w:r w:id="2"/></w:p>"#;
        assert_eq!(attr(p, "w:id"), None);
    }
}
