//! Pass 2, **merge runs**: put each tag back together in the run where it starts.
//!
//! Word quirk handled: a tag typed or edited in Word is often split over
//! several runs (`<w:r>`), because of formatting changes, spell checking
//! (`<w:proofErr w:type="spellStart"/>`), revision ids (`w:rsidR`), language
//! tags, bookmarks or a `<w:lastRenderedPageBreak/>`. The whole tag text moves
//! into the `<w:t>` where the tag starts (so the rendered value takes that
//! run's formatting); the later `<w:t>`s lose those characters. A later run
//! left with nothing but its properties is dropped whole (docxtpl merges it
//! away too); one that holds more keeps an empty `<w:t>`, which is valid.
//! `w:proofErr` markers inside the tag span are dropped; bookmarks and
//! everything else stay, so bookmarkStart/End remain balanced.
//!
//! Nothing is rewritten here: the pass records [`Cut`]s (byte ranges of
//! segment text to leave out, and where to insert the whole tag) and dropped
//! tokens, applied by the emitter in [`super::para_map`].

use super::scan::{El, Kind, NONE, Scanned};
use super::{Cut, Plan};

/// Records the cuts and dropped `w:proofErr` tokens for every tag.
pub(crate) fn merge_runs(xml: &str, sc: &Scanned, plan: &mut Plan) {
    for (ti, tag) in plan.tags.iter().enumerate() {
        let segs = &tag.raw.segs;
        let n = segs.len();
        for (k, &s) in segs.iter().enumerate() {
            let len = sc.tokens[sc.segs[s as usize] as usize].text(xml).len() as u32;
            let to = if k == n - 1 { tag.raw.last_end } else { len };
            plan.cuts.push(Cut {
                seg: s,
                from: if k == 0 { tag.raw.first_off } else { 0 },
                to,
                insert: if k == 0 { ti as u32 } else { NONE },
            });
            if k > 0 && to == len {
                drop_if_emptied(xml, sc, &mut plan.dropped, s);
            }
        }
        if n > 1 {
            let first = sc.segs[segs[0] as usize] as usize;
            let last = sc.segs[segs[n - 1] as usize] as usize;
            let mut i = first + 1;
            while i < last {
                let t = sc.tokens[i];
                if t.el == El::ProofErr {
                    match t.kind {
                        Kind::Empty => plan.dropped[i] = true,
                        Kind::Start => {
                            for d in &mut plan.dropped[i..=t.partner as usize] {
                                *d = true;
                            }
                            i = t.partner as usize;
                        }
                        _ => {}
                    }
                }
                i += 1;
            }
        }
    }
}

/// Drops the run of segment `seg`, whose text the tag took entirely, when the
/// run holds nothing else but its properties.
fn drop_if_emptied(xml: &str, sc: &Scanned, dropped: &mut [bool], seg: u32) {
    let text = sc.segs[seg as usize] as usize;
    let wt = sc.tokens[text].parent;
    if wt == NONE || sc.tokens[wt as usize].partner == NONE {
        return;
    }
    let run = sc.tokens[wt as usize].parent;
    if run == NONE || sc.tokens[run as usize].el != El::R || sc.tokens[run as usize].partner == NONE
    {
        return;
    }
    let (run, run_end) = (run as usize, sc.tokens[run as usize].partner as usize);
    let (wt, wt_end) = (wt as usize, sc.tokens[wt as usize].partner as usize);
    let blank = |t: &super::scan::Token| t.kind == Kind::Text && t.text(xml).trim().is_empty();
    let mut k = run + 1;
    while k < wt {
        let t = sc.tokens[k];
        match t.kind {
            _ if blank(&t) => k += 1,
            Kind::Start if t.el == El::RPr => k = t.partner as usize + 1,
            Kind::Empty if t.el == El::RPr => k += 1,
            _ => return,
        }
    }
    let only_text = (wt + 1..wt_end).all(|k| k == text || blank(&sc.tokens[k]));
    if only_text && sc.tokens[wt_end + 1..run_end].iter().all(blank) {
        for d in &mut dropped[run..=run_end] {
            *d = true;
        }
    }
}
