//! Pass 6, **paragraph map**: write the template source, one line per paragraph.
//!
//! docxtpl's trick: with exactly one `\n` before every original `<w:p>`,
//! minijinja's line `L` is paragraph `L - 1`, so a template error can name the
//! paragraph a person sees in Word. Newlines already in the XML are moved out
//! of the way: dropped between elements, `&#10;` in text, a space in markup
//! (attribute values normalise newlines to spaces anyway). A `{{`, `{%` or
//! `{#` outside a `<w:t>` tag (a field code in `<w:instrText>`, an attribute)
//! is escaped so minijinja leaves it alone.
//!
//! This pass applies the [`Plan`] of passes 2–5 in one walk over the tokens.

use super::scan::{El, Kind, NONE, Scanned};
use super::space::preserve_start_tag;
use super::{Plan, TagInfo};

/// How newlines are written in a piece of the source.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Inside a start/end tag, comment or PI: newline → space.
    Markup,
    /// Character data that matters (`<w:t>`, non-blank text): newline → `&#10;`.
    Text,
    /// Whitespace between elements: newlines dropped.
    Blank,
}

struct Out<'a> {
    xml: &'a str,
    sc: &'a Scanned,
    plan: &'a Plan,
    src: String,
    infos: Vec<TagInfo>,
    cut: usize,
    /// (token of a tag's first segment, tag index), sorted; only built when
    /// a structural tag replaces an element.
    by_token: Vec<(u32, u32)>,
    /// Where the `<w:r>` written last starts in `src`.
    run_at: usize,
    /// `src.len()` just after the `<w:t>` start tag written last.
    text_at: usize,
    /// `src.len()` just after the `<w:t>` of a run reopened after a `{%r`
    /// tag; while it equals `src.len()`, that run holds only its properties.
    reopened_at: Option<usize>,
    /// Skip tokens up to this index (the end of a run that a `{%r` tag left
    /// empty); 0 when there is nothing to skip.
    skip_through: usize,
}

/// Writes the source and the tags' ranges in it.
pub(crate) fn emit(xml: &str, sc: &Scanned, plan: &Plan) -> (String, Vec<TagInfo>) {
    let mut o = Out {
        xml,
        sc,
        plan,
        src: String::with_capacity(xml.len() + xml.len() / 16 + sc.paragraphs),
        infos: Vec::with_capacity(plan.tags.len()),
        cut: 0,
        by_token: Vec::new(),
        run_at: 0,
        text_at: usize::MAX,
        reopened_at: None,
        skip_through: 0,
    };
    if !plan.replaced.is_empty() {
        o.by_token = plan
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (sc.segs[t.raw.segs[0] as usize], i as u32))
            .collect();
        o.by_token.sort_unstable();
    }
    let mut rep = plan.replaced.iter().peekable();
    let mut i = 0usize;
    while i < sc.tokens.len() {
        if let Some(&&(start, end, ti)) = rep.peek()
            && start as usize == i
        {
            rep.next();
            o.replaced(start as usize, end as usize, ti as usize);
            i = end as usize + 1;
            continue;
        }
        if o.skip_through > 0 && i <= o.skip_through {
            i += 1;
            continue;
        }
        let t = sc.tokens[i];
        if plan.dropped[i] {
            if t.is_para_start() {
                // Inside joined text: a Jinja comment keeps the line count.
                o.src.push_str("{#\n#}");
            }
            i += 1;
            continue;
        }
        match t.kind {
            Kind::Text if t.seg != NONE => o.segment(t.seg),
            Kind::Text => {
                let text = t.text(xml);
                let mode = if text.bytes().all(|b| b.is_ascii_whitespace()) {
                    Mode::Blank
                } else {
                    Mode::Text
                };
                o.push(text, mode);
            }
            Kind::Start if t.el == El::T && plan.preserve[i] => {
                let name_len = (t.name_end - t.start) as usize;
                let mut s = String::new();
                preserve_start_tag(t.text(xml), name_len, &mut s);
                o.push(&s, Mode::Markup);
                o.text_at = o.src.len();
            }
            _ => {
                if t.is_para_start() {
                    o.src.push('\n');
                }
                if t.el == El::R && t.kind == Kind::Start {
                    o.run_at = o.src.len();
                }
                o.push(t.text(xml), Mode::Markup);
                if t.el == El::T && t.kind == Kind::Start {
                    o.text_at = o.src.len();
                }
            }
        }
        i += 1;
    }
    (o.src, o.infos)
}

impl Out<'_> {
    /// Appends `s`, rewriting newlines per `mode` and escaping stray Jinja openers.
    fn push(&mut self, s: &str, mode: Mode) {
        let b = s.as_bytes();
        // Fast path, the common case: a branch-free scan the compiler vectorises.
        let special = b.iter().fold(false, |acc, &c| {
            acc | (c == b'\n') | (c == b'\r') | (c == b'{')
        });
        if !special {
            self.src.push_str(s);
            return;
        }
        let mut from = 0;
        for (i, &c) in b.iter().enumerate() {
            let rep = match c {
                b'\n' | b'\r' => {
                    if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                        // `\r\n` is one line break for an XML reader.
                        ""
                    } else {
                        match mode {
                            Mode::Markup => " ",
                            Mode::Text => "&#10;",
                            Mode::Blank => "",
                        }
                    }
                }
                b'{' if matches!(b.get(i + 1), Some(b'{' | b'%' | b'#') | None) => "{{ '{' }}",
                _ => continue,
            };
            self.src.push_str(&s[from..i]);
            self.src.push_str(rep);
            from = i + 1;
        }
        self.src.push_str(&s[from..]);
    }

    /// Writes the text of `<w:t>` segment `seg` with its cuts applied.
    fn segment(&mut self, seg: u32) {
        let cuts = &self.plan.cuts;
        while self.cut < cuts.len() && cuts[self.cut].seg < seg {
            self.cut += 1;
        }
        let text = self.sc.tokens[self.sc.segs[seg as usize] as usize].text(self.xml);
        let mut pos = 0usize;
        while self.cut < cuts.len() && cuts[self.cut].seg == seg {
            let c = cuts[self.cut];
            self.cut += 1;
            if (c.from as usize) > pos {
                self.push(&text[pos..c.from as usize], Mode::Text);
            }
            if c.insert != NONE {
                self.tag(c.insert as usize, seg);
            }
            pos = pos.max(c.to as usize);
        }
        self.push(&text[pos..], Mode::Text);
        if self.reopened_at == Some(self.src.len()) {
            self.drop_empty_run(seg);
        }
    }

    /// After a `{%r` tag that ended its segment: when nothing else follows in
    /// the run, the run reopened after the tag would be empty; take it out
    /// again and skip the rest of the original run's markup.
    fn drop_empty_run(&mut self, seg: u32) {
        let (sc, xml) = (self.sc, self.xml);
        let next_joined = self.plan.joined.get(seg as usize + 1) == Some(&true);
        let wt_i = sc.tokens[sc.segs[seg as usize] as usize].parent as usize;
        let wt = sc.tokens[wt_i];
        let run = sc.tokens[wt.parent as usize];
        if next_joined || wt.partner == NONE || run.el != El::R {
            return;
        }
        let (wt_end, run_end) = (wt.partner as usize, run.partner as usize);
        let rest_blank = sc.tokens[wt_end + 1..run_end]
            .iter()
            .all(|t| t.kind == Kind::Text && t.text(xml).trim().is_empty());
        if rest_blank {
            self.src.truncate(self.run_at);
            self.skip_through = run_end;
            self.reopened_at = None;
        }
    }

    /// Writes a tag found in segment `seg`; `{%r` splits its run around it.
    fn tag(&mut self, ti: usize, seg: u32) {
        let tag = &self.plan.tags[ti];
        if tag.scope.is_none() {
            self.record(ti);
            return;
        }
        // `{%r`: close `<w:t>` and `<w:r>`, write the tag, reopen both with
        // the run's properties; a run part left empty is dropped (here before
        // the tag, in `drop_empty_run` after it). With `{%-` joins, the open
        // `<w:t>` is the one of the segment this text continues.
        let mut s = seg as usize;
        while s > 0 && self.plan.joined[s] {
            s -= 1;
        }
        let (xml, sc) = (self.xml, self.sc);
        let wt_i = sc.tokens[sc.segs[s] as usize].parent as usize;
        let wt = sc.tokens[wt_i];
        let run_i = wt.parent as usize;
        let run = sc.tokens[run_i];
        let (t_name, r_name) = (wt.name(xml), run.name(xml));
        // Nothing written in the run before the tag (only its properties and
        // `<w:t>`): take the run out instead of leaving it empty.
        let empty_before = s == seg as usize
            && self.src.len() == self.text_at
            && (self.reopened_at == Some(self.text_at) || only_properties(xml, sc, run_i, wt_i));
        if empty_before {
            self.src.truncate(self.run_at);
        } else {
            self.src.push_str("</");
            self.src.push_str(t_name);
            self.src.push_str("></");
            self.src.push_str(r_name);
            self.src.push('>');
        }
        self.record(ti);
        self.run_at = self.src.len();
        self.push(run.text(xml), Mode::Markup);
        let mut k = run_i + 1;
        while k < run.partner as usize
            && sc.tokens[k].kind == Kind::Text
            && sc.tokens[k].text(xml).trim().is_empty()
        {
            k += 1;
        }
        let rpr = sc.tokens[k];
        if rpr.el == El::RPr && rpr.parent as usize == run_i {
            let end = match rpr.kind {
                Kind::Start => sc.tokens[rpr.partner as usize].end,
                _ => rpr.end,
            };
            self.push(&xml[rpr.start as usize..end as usize], Mode::Markup);
        }
        self.src.push('<');
        self.src.push_str(t_name);
        self.src.push_str(" xml:space=\"preserve\">");
        self.text_at = self.src.len();
        self.reopened_at = Some(self.text_at);
    }

    /// Appends a tag's cleaned text and records where it went.
    fn record(&mut self, ti: usize) {
        let tag = &self.plan.tags[ti];
        let start = self.src.len();
        self.src.push_str(&tag.cleaned);
        self.infos.push(TagInfo {
            range: start..self.src.len(),
            as_written: tag.as_written.clone(),
            paragraph: tag.raw.para as usize,
        });
    }

    /// Writes a structural tag in place of element `start..=end`, keeping one
    /// newline per paragraph inside it: those up to the tag's own paragraph
    /// before the tag, the rest after it. Other tags inside the element (only
    /// in a template with problems: they would be lost) are written too, each
    /// after its own paragraph's newline, so the block structure stays
    /// balanced and the part's other errors can be found.
    fn replaced(&mut self, start: usize, end: usize, ti: usize) {
        let (lo, hi) = (
            self.by_token
                .partition_point(|&(tok, _)| tok as usize <= start),
            self.by_token
                .partition_point(|&(tok, _)| (tok as usize) < end),
        );
        let mut inside: Vec<usize> = self.by_token[lo..hi]
            .iter()
            .map(|&(_, i)| i as usize)
            .collect();
        if !inside.contains(&ti) {
            inside.push(ti);
        }
        let plan = self.plan;
        inside.sort_by_key(|&i| (plan.tags[i].raw.para, i));
        let mut inside = inside.into_iter().peekable();
        for t in &self.sc.tokens[start..=end] {
            if t.is_para_start() {
                while let Some(&i) = inside.peek()
                    && plan.tags[i].raw.para < t.para
                {
                    self.record(i);
                    inside.next();
                }
                self.src.push('\n');
            }
        }
        for i in inside {
            self.record(i);
        }
    }
}

/// Does run `run` hold nothing but whitespace and its `w:rPr` before token
/// `wt` (its `<w:t>`)?
fn only_properties(xml: &str, sc: &Scanned, run: usize, wt: usize) -> bool {
    let mut k = run + 1;
    while k < wt {
        let t = sc.tokens[k];
        match t.kind {
            Kind::Text if t.text(xml).trim().is_empty() => k += 1,
            Kind::Start if t.el == El::RPr && t.parent as usize == run => {
                k = t.partner as usize + 1;
            }
            Kind::Empty if t.el == El::RPr => k += 1,
            _ => return false,
        }
    }
    true
}
