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
//!
//! In two steps: `scan` finds the elements of interest and the spans of their
//! ids and names; [`IdFixer::fix`] (here) decides the new values and writes
//! them in.

mod scan;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use scan::{Kind, Span, scan};

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

/// The bit of a comment anchor kind in a set's mask.
fn comment_bit(kind: Kind) -> u8 {
    match kind {
        Kind::CommentStart => 1,
        Kind::CommentEnd => 2,
        _ => 4,
    }
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

#[cfg(test)]
mod tests;
