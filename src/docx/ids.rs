//! After rendering: give repeated drawing objects, bookmarks and comment
//! anchors unique ids.
//!
//! A `{% for %}` loop around a picture, a text box, a bookmarked heading or a
//! commented phrase repeats its XML, ids included. Duplicate `wp:docPr/@id`s,
//! bookmark ids or names and comment ids are the most common cause of Word's
//! "unreadable content" prompt. [`IdFixer`] makes them unique in one linear
//! pass per part:
//!
//! * `wp:docPr/@id` (drawing object ids, unique in the whole document): the
//!   first occurrence keeps its id, later duplicates get fresh ids above the
//!   largest seen. `pic:cNvPr/@id` is left alone: it only needs to be unique
//!   within its picture, and Word writes `0` there for every picture.
//! * `w:bookmarkStart/@w:id` and the matching `w:bookmarkEnd/@w:id`: a repeated
//!   start gets a fresh id, and the next end with the old id gets the same
//!   fresh id, so pairs stay pairs (nested repeats pair innermost-first). An end
//!   whose id has already been closed and that has no open start is a repeated
//!   orphan end (a loop around the end only) and is removed.
//! * `w:bookmarkStart/@w:name`: Word compares bookmark names ignoring case and
//!   requires them unique; repeats become `name_2`, `name_3`, ... (cut to Word's
//!   40 characters). A leading `_` is kept, so hidden bookmarks such as
//!   `_GoBack` or `_Toc…` stay hidden; the first occurrence keeps its name, so
//!   `REF`/`PAGEREF` fields still find it.
//! * Comment anchors, `w:commentRangeStart`, `w:commentRangeEnd` and
//!   `w:commentReference` (`@w:id`, pointing into `comments.xml`): the anchors
//!   of one comment form a set with at most one of each. The first set keeps
//!   the comment's id; an anchor whose kind the current set already has starts
//!   a new set with a fresh id, which later anchors of the old id join. Each
//!   new set is recorded in [`IdFixer::comment_copies`], and the caller adds a
//!   copy of the comment under the new id ([`super::comments`]), so every copy
//!   of the text keeps its comment. A loop around only part of a commented
//!   range (say its start but not its end) gives sets that lack an anchor
//!   kind; they are renumbered all the same, nothing is removed.
//! * `w14:paraId` / `w14:textId` on `w:p` and `w:tr`: must be unique and below
//!   `0x80000000`; repeats and out-of-range values get fresh ones.
//!
//! Elements are recognised by their usual prefixes (`wp:`, `w:`, `w14:`), which
//! is what Word and every generator we know write.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Text every element or attribute the fixer renumbers contains: a part
/// without any of them has nothing to fix.
pub const MARKERS: &[&str] = &[
    "docPr",
    "bookmark",
    "<w:comment",
    "w14:paraId",
    "w14:textId",
];

/// Word's limit on bookmark names.
const MAX_BOOKMARK_NAME: usize = 40;
/// `w14:paraId`/`w14:textId` must be below this.
const MAX_PARA_ID: u64 = 0x8000_0000;

/// Makes ids unique across all rendered parts of ONE output document.
///
/// Call [`IdFixer::fix`] on every rendered Word part of the document in order
/// (body, headers, footers, footnotes, endnotes); use a new fixer per document.
#[derive(Debug, Default)]
pub struct IdFixer {
    doc_pr: IdSet,
    bookmarks: IdSet,
    /// Lower-cased bookmark names in use.
    bookmark_names: HashSet<String>,
    /// Bookmark ids (as written out) whose end has been seen.
    closed: HashSet<u64>,
    para_ids: IdSet,
    text_ids: IdSet,
    comments: IdSet,
    /// Comment id as written in the template → (id of its current anchor
    /// set, which anchor kinds that set has: bits of [`comment_bit`]).
    comment_sets: HashMap<u64, (u64, u8)>,
    /// (template comment id, new id) for every anchor set after the first.
    comment_copies: Vec<(u64, u64)>,
    changes: usize,
}

#[derive(Debug, Default)]
struct IdSet {
    seen: HashSet<u64>,
    max: u64,
}

impl IdSet {
    /// A fresh id above all seen (below `limit`), marked as seen.
    fn fresh(&mut self, limit: u64) -> u64 {
        loop {
            self.max += 1;
            if self.max >= limit {
                // Wrapped: search from the bottom for a gap (practically never).
                self.max = 1;
            }
            if self.seen.insert(self.max) {
                return self.max;
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    DocPr,
    BookmarkStart,
    BookmarkEnd,
    /// `w:p` or `w:tr`, which may carry `w14:paraId` / `w14:textId`.
    Para,
    CommentStart,
    CommentEnd,
    CommentRef,
}

/// The bit of a comment anchor kind in a set's mask.
fn comment_bit(kind: Kind) -> u8 {
    match kind {
        Kind::CommentStart => 1,
        Kind::CommentEnd => 2,
        _ => 4,
    }
}

type Span = (usize, usize);

#[derive(Debug)]
struct Item {
    kind: Kind,
    /// The whole tag, `<` to `>` inclusive.
    tag: Span,
    /// `id` / `w:id` value (for `Para`: `w14:paraId`).
    id: Option<Span>,
    /// `w:name` value (for `Para`: `w14:textId`).
    name: Option<Span>,
}

impl IdFixer {
    /// A fixer for a new document.
    pub fn new() -> Self {
        IdFixer::default()
    }

    /// How many ids, names or elements have been changed so far.
    pub fn changes(&self) -> usize {
        self.changes
    }

    /// Comment ids up to `max` are taken (by comments in `comments.xml`,
    /// whether or not their anchors are in the rendered parts): new comment
    /// ids go above it.
    pub fn reserve_comment_ids(&mut self, max: u64) {
        bump(&mut self.comments, Some(max));
    }

    /// `w14:paraId`s used outside the rendered parts (e.g. in `comments.xml`):
    /// a rendered paragraph with one of them gets a fresh id.
    pub fn reserve_para_ids(&mut self, ids: impl IntoIterator<Item = u64>) {
        for id in ids.into_iter().filter(|v| *v < MAX_PARA_ID) {
            self.para_ids.seen.insert(id);
            bump(&mut self.para_ids, Some(id));
        }
    }

    /// A `w14:paraId` not used anywhere seen so far (for copied comments).
    pub fn fresh_para_id(&mut self) -> u64 {
        self.para_ids.fresh(MAX_PARA_ID)
    }

    /// (comment id in the template, new id) for each repeated set of comment
    /// anchors, in document order: each needs a copy of the comment.
    pub fn comment_copies(&self) -> &[(u64, u64)] {
        &self.comment_copies
    }

    /// Fixes one part; borrows the input when there is nothing to change.
    pub fn fix<'a>(&mut self, part_xml: &'a str) -> Cow<'a, str> {
        if !MARKERS.iter().any(|m| part_xml.contains(m)) {
            return Cow::Borrowed(part_xml);
        }
        let items = scan(part_xml);
        if items.is_empty() {
            return Cow::Borrowed(part_xml);
        }
        let val = |s: Span| &part_xml[s.0..s.1];
        let dec = |s: Option<Span>| s.and_then(|s| val(s).parse::<u64>().ok());
        let hex = |s: Option<Span>| s.and_then(|s| u64::from_str_radix(val(s), 16).ok());

        // Fresh ids go above everything in this part too, not just what came before.
        for it in &items {
            match it.kind {
                Kind::DocPr => bump(&mut self.doc_pr, dec(it.id)),
                Kind::BookmarkStart | Kind::BookmarkEnd => bump(&mut self.bookmarks, dec(it.id)),
                Kind::CommentStart | Kind::CommentEnd | Kind::CommentRef => {
                    bump(&mut self.comments, dec(it.id));
                }
                Kind::Para => {
                    bump(&mut self.para_ids, hex(it.id).filter(|v| *v < MAX_PARA_ID));
                    bump(
                        &mut self.text_ids,
                        hex(it.name).filter(|v| *v < MAX_PARA_ID),
                    );
                }
            }
        }

        let mut edits: Vec<(Span, String)> = Vec::new();
        // Old bookmark id → stack of ids written for its open starts.
        let mut open: HashMap<u64, Vec<u64>> = HashMap::new();
        for it in &items {
            match it.kind {
                Kind::DocPr => {
                    if let (Some(span), Some(id)) = (it.id, dec(it.id))
                        && !self.doc_pr.seen.insert(id)
                    {
                        let new = self.doc_pr.fresh(u64::from(u32::MAX));
                        edits.push((span, new.to_string()));
                    }
                }
                Kind::BookmarkStart => {
                    if let (Some(span), Some(id)) = (it.id, dec(it.id)) {
                        let new = if self.bookmarks.seen.insert(id) {
                            id
                        } else {
                            let new = self.bookmarks.fresh(i32::MAX as u64);
                            edits.push((span, new.to_string()));
                            new
                        };
                        open.entry(id).or_default().push(new);
                    }
                    if let Some(span) = it.name {
                        let name = val(span);
                        if !self.bookmark_names.insert(name.to_lowercase()) {
                            let new = self.unique_name(name);
                            edits.push((span, new));
                        }
                    }
                }
                Kind::BookmarkEnd => {
                    let (Some(span), Some(id)) = (it.id, dec(it.id)) else {
                        continue;
                    };
                    if let Some(new) = open.get_mut(&id).and_then(Vec::pop) {
                        if new != id {
                            edits.push((span, new.to_string()));
                        }
                        self.closed.insert(new);
                    } else if !self.closed.insert(id) {
                        // A repeated end with no start left to close: drop it.
                        edits.push((it.tag, String::new()));
                    }
                }
                Kind::CommentStart | Kind::CommentEnd | Kind::CommentRef => {
                    let (Some(span), Some(id)) = (it.id, dec(it.id)) else {
                        continue;
                    };
                    let bit = comment_bit(it.kind);
                    let new = match self.comment_sets.get_mut(&id) {
                        Some((new, mask)) if *mask & bit == 0 => {
                            *mask |= bit;
                            *new
                        }
                        Some(set) => {
                            let new = self.comments.fresh(i32::MAX as u64);
                            *set = (new, bit);
                            self.comment_copies.push((id, new));
                            new
                        }
                        None => {
                            self.comments.seen.insert(id);
                            self.comment_sets.insert(id, (id, bit));
                            id
                        }
                    };
                    if new != id {
                        edits.push((span, new.to_string()));
                    }
                }
                Kind::Para => {
                    for (span, set) in [(it.id, &mut self.para_ids), (it.name, &mut self.text_ids)]
                    {
                        let Some(span) = span else { continue };
                        let ok = u64::from_str_radix(val(span), 16)
                            .ok()
                            .filter(|v| *v < MAX_PARA_ID)
                            .is_some_and(|v| set.seen.insert(v));
                        if !ok {
                            let new = set.fresh(MAX_PARA_ID);
                            edits.push((span, format!("{new:08X}")));
                        }
                    }
                }
            }
        }
        if edits.is_empty() {
            return Cow::Borrowed(part_xml);
        }
        self.changes += edits.len();
        edits.sort_by_key(|(span, _)| span.0);
        let mut out = String::with_capacity(part_xml.len() + edits.len() * 4);
        let mut last = 0;
        for ((start, end), text) in edits {
            out.push_str(&part_xml[last..start]);
            out.push_str(&text);
            last = end;
        }
        out.push_str(&part_xml[last..]);
        Cow::Owned(out)
    }

    /// `name_2`, `name_3`, ... — the first not yet used, within 40 characters.
    fn unique_name(&mut self, name: &str) -> String {
        for n in 2u64.. {
            let suffix = format!("_{n}");
            let keep = MAX_BOOKMARK_NAME.saturating_sub(suffix.len());
            let base: String = name.chars().take(keep).collect();
            let candidate = format!("{base}{suffix}");
            if self.bookmark_names.insert(candidate.to_lowercase()) {
                return candidate;
            }
        }
        unreachable!("u64 suffixes do not run out")
    }
}

fn bump(set: &mut IdSet, v: Option<u64>) {
    if let Some(v) = v {
        set.max = set.max.max(v);
    }
}

/// Finds the elements of interest, in document order.
fn scan(xml: &str) -> Vec<Item> {
    let b = xml.as_bytes();
    let mut items = Vec::new();
    let mut pos = 0;
    while let Some(off) = memchr::memchr(b'<', &b[pos..]) {
        let lt = pos + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            pos = find(b, lt + 4, b"-->").map_or(b.len(), |i| i + 3);
            continue;
        }
        if rest.starts_with(b"![CDATA[") {
            pos = find(b, lt + 9, b"]]>").map_or(b.len(), |i| i + 3);
            continue;
        }
        let name_len = rest
            .iter()
            .position(|&c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
            .unwrap_or(rest.len());
        let name_end = lt + 1 + name_len;
        let kind = match &rest[..name_len] {
            b"wp:docPr" => Kind::DocPr,
            b"w:bookmarkStart" => Kind::BookmarkStart,
            b"w:bookmarkEnd" => Kind::BookmarkEnd,
            b"w:p" | b"w:tr" => Kind::Para,
            b"w:commentRangeStart" => Kind::CommentStart,
            b"w:commentRangeEnd" => Kind::CommentEnd,
            b"w:commentReference" => Kind::CommentRef,
            _ => {
                pos = name_end;
                continue;
            }
        };
        let (id_key, name_key): (&[u8], &[u8]) = match kind {
            Kind::DocPr => (b"id", b""),
            Kind::BookmarkStart | Kind::BookmarkEnd => (b"w:id", b"w:name"),
            Kind::CommentStart | Kind::CommentEnd | Kind::CommentRef => (b"w:id", b""),
            Kind::Para => (b"w14:paraId", b"w14:textId"),
        };
        let mut item = Item {
            kind,
            tag: (lt, b.len()),
            id: None,
            name: None,
        };
        // Attributes: name = "value" | 'value', up to `>`.
        let mut i = name_end;
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                item.tag.1 = i + 1;
                break;
            }
            if b[i] == b'/' {
                i += 1;
                continue;
            }
            let key_start = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let key = &b[key_start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] != b'=' {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let Some(&quote) = b.get(i).filter(|q| matches!(q, b'"' | b'\'')) else {
                continue;
            };
            let v_start = i + 1;
            let v_end = memchr::memchr(quote, &b[v_start..]).map_or(b.len(), |j| v_start + j);
            if key == id_key {
                item.id = Some((v_start, v_end));
            } else if !name_key.is_empty() && key == name_key {
                item.name = Some((v_start, v_end));
            }
            i = v_end + 1;
        }
        pos = item.tag.1.max(name_end);
        if item.id.is_some() || item.name.is_some() || kind == Kind::BookmarkEnd {
            items.push(item);
        }
    }
    items
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_pr_ids(xml: &str) -> Vec<String> {
        attr_values(xml, "<wp:docPr ", " id=\"")
    }

    fn attr_values(xml: &str, tag: &str, attr: &str) -> Vec<String> {
        xml.match_indices(tag)
            .map(|(i, _)| {
                let t = &xml[i..];
                let t = &t[..t.find('>').unwrap()];
                let v = &t[t.find(attr).unwrap() + attr.len()..];
                v[..v.find('"').unwrap()].to_string()
            })
            .collect()
    }

    const TEXT_BOX: &str = r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0"><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="Text Box 1" o:spid="_x0000_s1026"/></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#;

    #[test]
    fn nothing_to_fix_borrows() {
        let xml =
            r#"<w:document><w:body><w:p><w:r><w:t>hi</w:t></w:r></w:p></w:body></w:document>"#;
        assert!(matches!(IdFixer::new().fix(xml), Cow::Borrowed(_)));
        let xml = format!("<w:body><w:p>{TEXT_BOX}</w:p></w:body>");
        assert!(matches!(IdFixer::new().fix(&xml), Cow::Borrowed(_)));
    }

    #[test]
    fn loop_duplicated_text_box_gets_unique_doc_pr() {
        let xml = format!(
            r#"<w:body><w:p>{TEXT_BOX}</w:p><w:p>{TEXT_BOX}</w:p><w:p><wp:inline><wp:docPr id="7" name="Picture 7"/></wp:inline></w:p><w:p>{TEXT_BOX}</w:p></w:body>"#
        );
        let mut f = IdFixer::new();
        let out = f.fix(&xml);
        assert_eq!(doc_pr_ids(&out), ["1", "8", "7", "9"]);
        assert_eq!(f.changes(), 2);
        // Everything else is untouched: the VML fallback ids are not docPr.
        assert_eq!(out.matches(r#"<v:shape id="Text Box 1""#).count(), 3);
        assert_eq!(out.len(), xml.len());
    }

    #[test]
    fn doc_pr_state_carries_across_parts() {
        let mut f = IdFixer::new();
        let body = r#"<w:body><wp:docPr id="1"/><wp:docPr id="2"/></w:body>"#;
        let header = r#"<w:hdr><wp:docPr id="1" name="Logo"/></w:hdr>"#;
        assert!(matches!(f.fix(body), Cow::Borrowed(_)));
        let h = f.fix(header);
        assert_eq!(doc_pr_ids(&h), ["3"]);
    }

    #[test]
    fn duplicated_bookmarks_are_renumbered_in_pairs_and_renamed() {
        let para = r#"<w:p><w:bookmarkStart w:id="0" w:name="Finding"/><w:r><w:t>F</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>"#;
        let other =
            r#"<w:p><w:bookmarkStart w:id="4" w:name="_GoBack"/><w:bookmarkEnd w:id="4"/></w:p>"#;
        let xml = format!("<w:body>{para}{para}{other}{para}{other}</w:body>");
        let mut f = IdFixer::new();
        let out = f.fix(&xml);
        let starts = attr_values(&out, "<w:bookmarkStart ", "w:id=\"");
        let ends = attr_values(&out, "<w:bookmarkEnd ", "w:id=\"");
        let names = attr_values(&out, "<w:bookmarkStart ", "w:name=\"");
        assert_eq!(starts, ["0", "5", "4", "6", "7"]);
        assert_eq!(ends, starts, "each end follows its start");
        assert_eq!(
            names,
            ["Finding", "Finding_2", "_GoBack", "Finding_3", "_GoBack_2"]
        );
        // Second pass over the fixed output: nothing left to fix.
        let mut g = IdFixer::new();
        assert!(matches!(g.fix(&out), Cow::Borrowed(_)));
    }

    #[test]
    fn bookmark_spanning_a_loop_keeps_pairs_nested() {
        // Start and end both inside a loop whose body also holds another bookmark.
        let body = r#"<w:bookmarkStart w:id="1" w:name="a"/><w:bookmarkStart w:id="2" w:name="b"/><w:bookmarkEnd w:id="2"/><w:bookmarkEnd w:id="1"/>"#;
        let xml = format!("<w:body>{body}{body}</w:body>");
        let out = IdFixer::new().fix(&xml).into_owned();
        assert_eq!(
            attr_values(&out, "<w:bookmarkStart ", "w:id=\""),
            ["1", "2", "3", "4"]
        );
        assert_eq!(
            attr_values(&out, "<w:bookmarkEnd ", "w:id=\""),
            ["2", "1", "4", "3"]
        );
    }

    #[test]
    fn repeated_orphan_end_is_dropped() {
        let xml = r#"<w:body><w:bookmarkStart w:id="1" w:name="a"/><w:p/><w:bookmarkEnd w:id="1"/><w:p/><w:bookmarkEnd w:id="1"/></w:body>"#;
        let out = IdFixer::new().fix(xml);
        assert_eq!(out.matches("<w:bookmarkEnd").count(), 1);
        assert!(out.starts_with(r#"<w:body><w:bookmarkStart w:id="1" w:name="a"/><w:p/><w:bookmarkEnd w:id="1"/><w:p/></w:body>"#), "{out}");
    }

    #[test]
    fn names_compare_case_insensitively_and_stay_within_40_chars() {
        let long = "A".repeat(40);
        let xml = format!(
            r#"<w:bookmarkStart w:id="1" w:name="Intro"/><w:bookmarkEnd w:id="1"/><w:bookmarkStart w:id="2" w:name="INTRO"/><w:bookmarkEnd w:id="2"/><w:bookmarkStart w:id="3" w:name="{long}"/><w:bookmarkEnd w:id="3"/><w:bookmarkStart w:id="4" w:name="{long}"/><w:bookmarkEnd w:id="4"/>"#
        );
        let out = IdFixer::new().fix(&xml).into_owned();
        let names = attr_values(&out, "<w:bookmarkStart ", "w:name=\"");
        assert_eq!(names[1], "INTRO_2");
        assert_eq!(names[3], format!("{}_2", "A".repeat(38)));
    }

    #[test]
    fn para_ids_made_unique_and_in_range() {
        let xml = r#"<w:p w14:paraId="0A1B2C3D" w14:textId="77777777"><w:r/></w:p><w:p w14:paraId="0A1B2C3D" w14:textId="77777777"/><w:p w14:paraId="FFFFFFFF" w14:textId="00000001"/>"#;
        let out = IdFixer::new().fix(xml).into_owned();
        assert_eq!(
            attr_values(&out, "<w:p ", "w14:paraId=\""),
            ["0A1B2C3D", "0A1B2C3E", "0A1B2C3F"]
        );
        assert_eq!(
            attr_values(&out, "<w:p ", "w14:textId=\""),
            ["77777777", "77777778", "00000001"]
        );
    }

    #[test]
    fn comments_and_cdata_are_skipped() {
        let xml = r#"<w:body><!-- <wp:docPr id="1"/> --><wp:docPr id="1"/><![CDATA[<wp:docPr id="1"/>]]></w:body>"#;
        assert!(matches!(IdFixer::new().fix(xml), Cow::Borrowed(_)));
    }

    const COMMENTED: &str = r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>risk</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r></w:p>"#;

    #[test]
    fn repeated_comment_anchors_get_fresh_ids_per_copy() {
        let xml = format!(
            r#"<w:body>{COMMENTED}{COMMENTED}<w:p><w:commentRangeStart w:id="3"/><w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/></w:r></w:p>{COMMENTED}</w:body>"#
        );
        let mut f = IdFixer::new();
        f.reserve_comment_ids(5);
        let out = f.fix(&xml).into_owned();
        for tag in [
            "<w:commentRangeStart ",
            "<w:commentRangeEnd ",
            "<w:commentReference ",
        ] {
            assert_eq!(
                attr_values(&out, tag, "w:id=\""),
                ["0", "6", "3", "7"],
                "{tag}"
            );
        }
        assert_eq!(f.comment_copies(), [(0, 6), (0, 7)]);
    }

    #[test]
    fn point_comments_and_state_across_parts() {
        // A comment with only a reference (no range), repeated, in two parts.
        let one = r#"<w:p><w:r><w:commentReference w:id="2"/></w:r></w:p>"#;
        let mut f = IdFixer::new();
        let a = f.fix(&format!("<w:body>{one}{one}</w:body>")).into_owned();
        let b = f.fix(&format!("<w:ftr>{one}</w:ftr>")).into_owned();
        assert_eq!(
            attr_values(&a, "<w:commentReference ", "w:id=\""),
            ["2", "3"]
        );
        assert_eq!(attr_values(&b, "<w:commentReference ", "w:id=\""), ["4"]);
        assert_eq!(f.comment_copies(), [(2, 3), (2, 4)]);
    }

    #[test]
    fn reserved_para_ids_are_avoided() {
        let mut f = IdFixer::new();
        f.reserve_para_ids([0x10, 0x11]);
        let out = f
            .fix(r#"<w:p w14:paraId="00000010"/><w:p w14:paraId="00000001"/>"#)
            .into_owned();
        assert_eq!(
            attr_values(&out, "<w:p ", "w14:paraId=\""),
            ["00000012", "00000001"]
        );
        assert_eq!(f.fresh_para_id(), 0x13);
    }
}
