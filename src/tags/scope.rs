//! Pass 4, **scope**: docxtpl's structural tags and whitespace control.
//!
//! Word quirk handled: in Word every Enter makes a new paragraph and a loop
//! over table rows needs the tags *between* `<w:tr>` elements, where no text
//! can be typed. docxtpl's answer, mirrored here:
//!
//! - `{%p ... %}`, `{%tr ... %}`, `{%tc ... %}` (and the comments `{#p`,
//!   `{#tr`, `{#tc`) replace their whole enclosing paragraph, table row or
//!   table cell with `{% ... %}`, so that element disappears from the output;
//! - `{%r ... %}` takes its run out: the run is closed before the tag and
//!   reopened (same properties) after it, so text around it keeps its format;
//!   a part of the run left with nothing in it is dropped, so a run holding
//!   only the tag disappears and no empty run is left behind (docxtpl 0.20
//!   gives the same text, but leaves the emptied run in the XML and puts text
//!   after the tag in an unformatted run);
//! - `{%- ... %}` joins the tag to the text of the previous `<w:t>` (usually
//!   the previous paragraph) and `{% ... -%}` to the next one, dropping the
//!   markup in between, so a long conditional can be typed over several
//!   lines and still render as one paragraph;
//! - `{{p }}`/`{{r }}` (docxtpl rich text) are refused for now.
//!
//! A tag inside an element that a structural tag replaces would silently
//! vanish (docxtpl drops it); here it is an error. The problem tags stay in
//! the source as plain tags (the lost ones right after the structural tag), so
//! the part's other errors can still be found by compiling it.

use super::scan::{Delim, El, NONE, Scanned};
use super::{Plan, Problem};

/// The element a structural tag stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// `{%p`: the enclosing `w:p`.
    P,
    /// `{%tr`: the enclosing `w:tr`.
    Tr,
    /// `{%tc`: the enclosing `w:tc`.
    Tc,
    /// `{%r`: the enclosing `w:r`.
    R,
}

impl Scope {
    fn marker(self) -> &'static str {
        match self {
            Scope::P => "p",
            Scope::Tr => "tr",
            Scope::Tc => "tc",
            Scope::R => "r",
        }
    }

    fn el(self) -> El {
        match self {
            Scope::P => El::P,
            Scope::Tr => El::Tr,
            Scope::Tc => El::Tc,
            Scope::R => El::R,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Scope::P => "paragraph",
            Scope::Tr => "table row",
            Scope::Tc => "table cell",
            Scope::R => "run",
        }
    }
}

/// `{%tr for x %}` → `Some((Tr, " for x %}"))`: the marker must be followed by
/// whitespace, as in docxtpl (`{%pif` is not structural).
fn split_marker(cleaned: &str) -> Option<(Scope, &str)> {
    let after = cleaned.get(2..)?;
    [Scope::Tr, Scope::Tc, Scope::P, Scope::R]
        .into_iter()
        .find_map(|s| {
            let rest = after.strip_prefix(s.marker())?;
            rest.starts_with(char::is_whitespace).then_some((s, rest))
        })
}

/// Applies pass 4 to every tag.
pub(crate) fn apply(xml: &str, sc: &Scanned, plan: &mut Plan) {
    classify(plan);
    resolve_elements(sc, plan);
    join_paragraphs(xml, sc, plan);
    plan.cuts.sort_by_key(|c| (c.seg, c.from));
}

/// Recognises the markers and rewrites the tag text (`{%tr for` → `{% for`,
/// `{%- if` → `{% if`).
fn classify(plan: &mut Plan) {
    let mut problems = Vec::new();
    for tag in &mut plan.tags {
        let delim = tag.raw.delim;
        let open = &tag.cleaned[..2];
        match (delim, split_marker(&tag.cleaned)) {
            (Delim::Var, Some((_, rest))) => {
                problems.push(Problem {
                    para: tag.raw.para,
                    tag: tag.as_written.clone(),
                    message: "rich-content tags `{{p }}`/`{{r }}` are not supported yet".into(),
                    hint: Some("use a plain `{{ ... }}` tag".into()),
                });
                // Compiled as a plain `{{ }}`, so its other errors are found too.
                tag.cleaned = format!("{open} {}", rest.trim_start());
            }
            (Delim::Comment, Some((Scope::R, _))) | (_, None) => {}
            (Delim::Block | Delim::Comment, Some((scope, rest))) => {
                tag.cleaned = format!("{open} {}", rest.trim_start());
                tag.scope = Some(scope);
            }
        }
    }
    plan.problems.extend(problems);
}

/// Finds the element each structural tag replaces, and refuses tags that
/// would be lost inside a replaced element.
fn resolve_elements(sc: &Scanned, plan: &mut Plan) {
    let mut ranges: Vec<(u32, u32, u32)> = Vec::new();
    let mut homeless = Vec::new();
    for (ti, tag) in plan.tags.iter().enumerate() {
        let Some(scope) = tag.scope else { continue };
        let text_tok = sc.segs[tag.raw.segs[0] as usize];
        let wt = sc.tokens[text_tok as usize].parent;
        let found = if scope == Scope::R {
            let run = sc.tokens[wt as usize].parent;
            (run != NONE && sc.tokens[run as usize].el == El::R).then_some(run)
        } else {
            let mut p = wt;
            while p != NONE && sc.tokens[p as usize].el != scope.el() {
                p = sc.tokens[p as usize].parent;
            }
            (p != NONE).then_some(p)
        };
        match found {
            None => {
                homeless.push(ti);
                plan.problems.push(Problem {
                    para: tag.raw.para,
                    tag: tag.as_written.clone(),
                    message: format!(
                        "`{}{}` must be inside a {} (`w:{}`)",
                        &tag.as_written[..2],
                        scope.marker(),
                        scope.what(),
                        scope.marker()
                    ),
                    hint: None,
                });
            }
            Some(_) if scope == Scope::R => {}
            Some(start) => {
                let end = sc.tokens[start as usize].partner;
                ranges.push((start, end, ti as u32));
            }
        }
    }
    // Compiled as a plain tag, so the rest of the part can still be checked.
    for ti in homeless {
        plan.tags[ti].scope = None;
    }
    // Elements nest, so ranges are disjoint or nested: keep the outermost.
    ranges.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut outer: Vec<(u32, u32, u32)> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match outer.last() {
            Some(&(_, e, _)) if r.0 <= e => {}
            _ => outer.push(r),
        }
    }
    for (ti, tag) in plan.tags.iter().enumerate() {
        let tok = sc.segs[tag.raw.segs[0] as usize];
        let i = outer.partition_point(|&(s, _, _)| s <= tok);
        if i == 0 {
            continue;
        }
        let (s, e, owner) = outer[i - 1];
        if tok > s && tok < e && owner != ti as u32 {
            let o = &plan.tags[owner as usize];
            let scope = o.scope.expect("owners are structural");
            plan.problems.push(Problem {
                para: tag.raw.para,
                tag: tag.as_written.clone(),
                message: format!(
                    "tag `{}` would be lost: `{}` in paragraph {} replaces the whole {} holding it",
                    tag.as_written,
                    o.as_written,
                    o.raw.para,
                    scope.what()
                ),
                hint: Some(format!(
                    "put `{}` in a {} of its own",
                    o.as_written,
                    scope.what()
                )),
            });
        }
    }
    plan.replaced = outer;
}

/// docxtpl's `{%-` / `-%}`: join the tag with the previous / next `<w:t>`.
fn join_paragraphs(xml: &str, sc: &Scanned, plan: &mut Plan) {
    let seg_text = |s: u32| sc.tokens[sc.segs[s as usize] as usize].text(xml);
    let n = plan.tags.len();
    for ti in 0..n {
        let tag = &plan.tags[ti];
        if tag.raw.delim != Delim::Block || tag.scope.is_some() {
            continue;
        }
        let left = tag.cleaned.starts_with("{%-");
        let right = tag.cleaned.ends_with("-%}");
        if !left && !right {
            continue;
        }
        let raw = tag.raw.clone();
        let mut cleaned = tag.cleaned.clone();
        if right {
            cleaned.replace_range(cleaned.len() - 3..cleaned.len() - 2, "");
        }
        if left {
            cleaned.replace_range(2..3, "");
        }
        let first = raw.segs[0];
        let last = *raw.segs.last().expect("a tag has a segment");
        if left {
            let prev_tag_end = (ti > 0)
                .then(|| &plan.tags[ti - 1].raw)
                .filter(|p| p.segs.last() == Some(&first))
                .map(|p| p.last_end);
            let from = prev_tag_end.unwrap_or(0);
            let before = &seg_text(first)[from as usize..raw.first_off as usize];
            if prev_tag_end.is_some() || !is_blank(before) {
                plan.problems
                    .push(misplaced(&plan.tags[ti], "{%-", "before"));
            } else if first > 0 {
                join(xml, sc, plan, first - 1, first, ti);
                if from < raw.first_off {
                    plan.cuts.push(super::Cut {
                        seg: first,
                        from,
                        to: raw.first_off,
                        insert: NONE,
                    });
                }
            }
        }
        if right {
            let next_tag = plan.tags.get(ti + 1).is_some_and(|t| t.raw.segs[0] == last);
            let text = seg_text(last);
            let after = &text[raw.last_end as usize..];
            if next_tag || !is_blank(after) {
                plan.problems
                    .push(misplaced(&plan.tags[ti], "-%}", "after"));
            } else if (last as usize) + 1 < sc.segs.len() {
                join(xml, sc, plan, last, last + 1, ti);
                if !after.is_empty() {
                    plan.cuts.push(super::Cut {
                        seg: last,
                        from: raw.last_end,
                        to: text.len() as u32,
                        insert: NONE,
                    });
                }
            }
        }
        plan.tags[ti].cleaned = cleaned;
    }
}

fn is_blank(raw: &str) -> bool {
    raw.bytes().all(|b| b.is_ascii_whitespace())
}

fn misplaced(tag: &super::Tag, dash: &str, side: &str) -> Problem {
    let (towards, other) = if side == "before" {
        ("previous", "start")
    } else {
        ("next", "end")
    };
    Problem {
        para: tag.raw.para,
        tag: tag.as_written.clone(),
        message: format!(
            "`{dash}` joins the tag to the {towards} paragraph, so nothing may come {side} it in its paragraph"
        ),
        hint: Some(format!(
            "put `{}` alone at the {other} of its paragraph, or drop the `-`",
            tag.as_written
        )),
    }
}

/// Drops the markup between segments `a` and `b = a + 1`, so `b`'s text
/// continues `a`'s `<w:t>`. Refused when the two `<w:t>` do not sit at the
/// same place in the tree (e.g. one in a table cell), since the output would
/// not be balanced.
fn join(xml: &str, sc: &Scanned, plan: &mut Plan, a: u32, b: u32, ti: usize) {
    let ta = sc.segs[a as usize];
    let tb = sc.segs[b as usize];
    let (mut pa, mut pb) = (sc.tokens[ta as usize].parent, sc.tokens[tb as usize].parent);
    let same_shape = loop {
        match (pa == NONE, pb == NONE) {
            (true, true) => break true,
            (false, false) => {}
            _ => break false,
        }
        let (x, y) = (sc.tokens[pa as usize], sc.tokens[pb as usize]);
        if x.name(xml) != y.name(xml) {
            break false;
        }
        if pa == pb {
            break true;
        }
        pa = x.parent;
        pb = y.parent;
    };
    if !same_shape {
        let tag = &plan.tags[ti];
        plan.problems.push(Problem {
            para: tag.raw.para,
            tag: tag.as_written.clone(),
            message: format!(
                "`{}` cannot join text across a table, cell or text box boundary",
                tag.as_written
            ),
            hint: Some("remove the `-` of `{%-`/`-%}` here".into()),
        });
        return;
    }
    for d in &mut plan.dropped[ta as usize + 1..tb as usize] {
        *d = true;
    }
    plan.joined[b as usize] = true;
}
