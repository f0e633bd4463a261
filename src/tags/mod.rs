//! Preprocessing Word XML into a minijinja template.
//!
//! [`preprocess`] runs these passes, in this order (the order of docxtpl's
//! `patch_xml`, as named passes over XML tokens instead of regexes):
//!
//! 1. `scan`: tokenise the part; find `{{ }}`, `{% %}`, `{# #}` in the
//!    concatenated `<w:t>` text of each paragraph; report unclosed tags.
//! 2. `merge_runs`: a tag split over several runs moves whole into the
//!    `<w:t>` where it starts; `w:proofErr` inside it is dropped.
//! 3. `quotes`: inside tags only, curly quotes → straight, entity
//!    references → characters.
//! 4. `scope`: `{%p`, `{%tr`, `{%tc` replace their enclosing paragraph,
//!    row or cell; `{%r` takes its run out; `{%-`/`-%}` join a tag to the
//!    previous/next paragraph's text; `{{p`/`{{r` are refused.
//! 5. `space`: every `<w:t>` holding a tag gets `xml:space="preserve"`.
//! 6. `para_map`: write the source with one `\n` before each original
//!    paragraph, recording each tag's byte range.
//!
//! Passes 2–5 only record decisions in a `Plan`; pass 6 applies them in one
//! linear walk over the tokens.

mod merge_runs;
mod para_map;
mod quotes;
mod scan;
mod scope;
mod space;

use crate::error::{Diagnostic, Diagnostics};
use crate::location::Location;

/// A part's XML turned into minijinja source.
///
/// The source has exactly one `\n` before every `<w:p>`/`<w:p ...>` start tag
/// of the original part (and no other newlines), so that minijinja's line `L`
/// is in paragraph `L - 1` (line 1 is what comes before the first paragraph).
/// This holds even where a structural tag replaced a paragraph or a row.
///
/// Where a paragraph was removed by a structural tag, its newline comes
/// before the tag if the paragraph precedes or holds the tag, after it
/// otherwise, so the tag's own line is its paragraph. Where `{%-`/`-%}`
/// joined paragraphs, the removed paragraphs' newlines sit in Jinja comments
/// (`{#\n#}`) that render to nothing. Every raw `\n` in the rendered output
/// therefore comes from this map and can be removed.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The minijinja template source.
    pub source: String,
    /// Plain text of each original paragraph; index 0 is paragraph 1.
    pub paragraphs: Vec<String>,
    /// Every Jinja tag found, in order.
    pub tags: Vec<TagInfo>,
}

/// One Jinja tag (`{{ }}`, `{% %}`, `{# #}`) as found in the part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInfo {
    /// Byte range of the tag in [`Prepared::source`].
    pub range: std::ops::Range<usize>,
    /// The tag as the author wrote it (with curly quotes, `{%tr`, ...).
    pub as_written: String,
    /// 1-based paragraph number (0 when outside any paragraph).
    pub paragraph: usize,
}

impl Prepared {
    /// The paragraph's plain text for a 1-based paragraph number.
    pub fn paragraph_text(&self, paragraph: usize) -> &str {
        paragraph
            .checked_sub(1)
            .and_then(|i| self.paragraphs.get(i))
            .map_or("", String::as_str)
    }

    /// The tag whose source range contains `offset`.
    pub fn tag_at(&self, offset: usize) -> Option<&TagInfo> {
        // Tags are in source order and do not overlap.
        let i = self.tags.partition_point(|t| t.range.end <= offset);
        self.tags
            .get(i)
            .filter(|t| t.range.start <= offset && offset < t.range.end.max(t.range.start + 1))
    }

    /// The paragraph (1-based; 0 before the first) holding a minijinja line
    /// number (1-based).
    pub fn paragraph_of_line(&self, line: usize) -> usize {
        line.saturating_sub(1)
    }
}

/// What [`preprocess`] made of a part: the source, and the problems found.
///
/// When there are problems, `prepared` is still a complete template source in
/// which each problem tag is neutralised (an unclosed opener is plain text, a
/// misplaced structural tag a plain block tag, `{{p x }}` a plain `{{ x }}`),
/// so minijinja can compile it and report the part's syntax errors too.
#[derive(Debug, Clone, Default)]
pub struct Preprocessed {
    pub prepared: Prepared,
    /// Every problem, sorted by paragraph; the template must not be rendered
    /// when one is an error.
    pub problems: Diagnostics,
}

impl Preprocessed {
    /// The prepared template when there were no problems, else the problems.
    pub fn into_result(self) -> Result<Prepared, Diagnostics> {
        if self.problems.has_errors() {
            Err(self.problems)
        } else {
            Ok(self.prepared)
        }
    }
}

/// Turns a Word XML part into minijinja source. `part` is only used in diagnostics.
///
/// Returns every problem found in the part (unclosed tags, structural tags
/// outside their element, rich-content tags) together with the neutralised
/// source ([`Preprocessed`]), not just the first. Fails only when the part is
/// not well-formed XML.
pub fn preprocess(part: &str, xml: &str) -> Result<Preprocessed, Diagnostics> {
    let sc = scan::tokenize(xml).map_err(|e| {
        let location = Location::Template {
            file: None,
            part: part.to_string(),
            paragraph: 0,
            paragraph_text: String::new(),
            tag: String::new(),
        };
        Diagnostics::from(Diagnostic::error(
            location,
            format!(
                "failed to parse `{part}` as XML (line {}, byte {}: {})",
                scan::line_of(xml, e.offset),
                e.offset,
                e.message
            ),
        ))
    })?;
    let found = scan::find_tags(xml, &sc);
    let mut plan = Plan::new(&sc, found.tags);
    // An unclosed opener is not a tag: para_map writes it as escaped text.
    for u in &found.unclosed {
        let as_written = quotes::as_written(&u.raw);
        let shown = shorten(&as_written);
        plan.problems.push(Problem {
            para: u.para,
            tag: shown.clone(),
            message: format!(
                "tag `{shown}` is not closed: `{}` is missing in the same paragraph",
                u.delim.closer()
            ),
            hint: Some("a tag cannot span paragraphs; close it before the paragraph ends".into()),
        });
    }
    merge_runs::merge_runs(xml, &sc, &mut plan);
    for tag in &mut plan.tags {
        tag.as_written = quotes::as_written(&tag.raw.raw);
        tag.cleaned = quotes::clean(&tag.as_written);
    }
    scope::apply(xml, &sc, &mut plan);
    space::apply(&sc, &mut plan);

    let mut problems = std::mem::take(&mut plan.problems);
    problems.sort_by_key(|p| p.para);
    let problems = problems
        .into_iter()
        .map(|p| {
            let paragraph_text = p
                .para
                .checked_sub(1)
                .and_then(|i| found.paragraph_text.get(i as usize))
                .cloned()
                .unwrap_or_default();
            let location = Location::Template {
                file: None,
                part: part.to_string(),
                paragraph: p.para as usize,
                paragraph_text,
                tag: p.tag,
            };
            Diagnostic::error(location, p.message).with_hint_opt(p.hint)
        })
        .collect();
    let (source, tags) = para_map::emit(xml, &sc, &plan);
    Ok(Preprocessed {
        prepared: Prepared {
            source,
            paragraphs: found.paragraph_text,
            tags,
        },
        problems: Diagnostics(problems),
    })
}

/// At most 80 characters of a tag, for messages about unclosed tags.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// One tag and what the passes decided about it.
#[derive(Debug, Clone)]
pub(crate) struct Tag {
    pub(crate) raw: scan::RawTag,
    /// Entities decoded, otherwise as typed.
    pub(crate) as_written: String,
    /// The text written to the source.
    pub(crate) cleaned: String,
    /// Set by [`scope`] for `{%p`/`{%tr`/`{%tc`/`{%r` (and `{#p` ...).
    pub(crate) scope: Option<scope::Scope>,
}

/// A piece of a `<w:t>` segment's text left out of the source; when `insert`
/// is a tag index, that tag's cleaned text is written at `from`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cut {
    pub(crate) seg: u32,
    pub(crate) from: u32,
    pub(crate) to: u32,
    pub(crate) insert: u32,
}

/// A problem to report, before its location is filled in.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub(crate) para: u32,
    pub(crate) tag: String,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

/// What passes 2–5 decided; applied by [`para_map::emit`].
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) tags: Vec<Tag>,
    /// Sorted by (segment, from) before emitting; never overlapping.
    pub(crate) cuts: Vec<Cut>,
    /// Per token: leave it out of the source.
    pub(crate) dropped: Vec<bool>,
    /// Per segment: its `<w:t>` start was dropped, so its text continues the
    /// previous segment's `<w:t>` (`{%-`/`-%}`).
    pub(crate) joined: Vec<bool>,
    /// Elements replaced by a structural tag: (start token, end token, tag),
    /// outermost only, sorted, disjoint.
    pub(crate) replaced: Vec<(u32, u32, u32)>,
    /// Per token: a `<w:t>` start tag that needs `xml:space="preserve"`.
    pub(crate) preserve: Vec<bool>,
    pub(crate) problems: Vec<Problem>,
}

impl Plan {
    fn new(sc: &scan::Scanned, raw: Vec<scan::RawTag>) -> Plan {
        Plan {
            tags: raw
                .into_iter()
                .map(|raw| Tag {
                    raw,
                    as_written: String::new(),
                    cleaned: String::new(),
                    scope: None,
                })
                .collect(),
            cuts: Vec::new(),
            dropped: vec![false; sc.tokens.len()],
            joined: vec![false; sc.segs.len()],
            replaced: Vec::new(),
            preserve: vec![false; sc.tokens.len()],
            problems: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
