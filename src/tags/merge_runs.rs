//! Pass 2, **merge runs**: put each tag back together in the run where it starts.
//!
//! Word quirk handled: a tag typed or edited in Word is often split over
//! several runs (`<w:r>`), because of formatting changes, spell checking
//! (`<w:proofErr w:type="spellStart"/>`), revision ids (`w:rsidR`), language
//! tags, bookmarks or a `<w:lastRenderedPageBreak/>`. The whole tag text moves
//! into the `<w:t>` where the tag starts (so the rendered value takes that
//! run's formatting); the later `<w:t>`s lose those characters and may end up
//! empty, which is valid. `w:proofErr` markers inside the tag span are
//! dropped; bookmarks and everything else stay, so bookmarkStart/End remain
//! balanced.
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
            plan.cuts.push(Cut {
                seg: s,
                from: if k == 0 { tag.raw.first_off } else { 0 },
                to: if k == n - 1 { tag.raw.last_end } else { len },
                insert: if k == 0 { ti as u32 } else { NONE },
            });
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
