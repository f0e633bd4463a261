//! Finding the Jinja tags in the concatenated `<w:t>` text of each paragraph.

use super::{Scanned, decode_into, find};

/// The three tag kinds, by their opening delimiter.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Delim {
    /// `{{ }}`
    Var,
    /// `{% %}`
    Block,
    /// `{# #}`
    Comment,
}

impl Delim {
    pub(crate) fn closer(self) -> &'static str {
        match self {
            Delim::Var => "}}",
            Delim::Block => "%}",
            Delim::Comment => "#}",
        }
    }
}

/// A tag as found in a paragraph's text, before any cleaning.
#[derive(Debug, Clone)]
pub(crate) struct RawTag {
    pub(crate) delim: Delim,
    /// 1-based paragraph (0: outside any paragraph).
    pub(crate) para: u32,
    /// The segments (indices into [`Scanned::segs`]) the tag covers, in order;
    /// the first holds the opener, the last the closer.
    pub(crate) segs: Vec<u32>,
    /// Byte offset of the opener in the first segment's text.
    pub(crate) first_off: u32,
    /// Byte offset just after the closer in the last segment's text.
    pub(crate) last_end: u32,
    /// The tag's raw XML text (entities still encoded), all pieces joined.
    pub(crate) raw: String,
}

/// A `{{`, `{%` or `{#` without its closer in the same paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Unclosed {
    pub(crate) para: u32,
    pub(crate) delim: Delim,
    /// Raw text from the opener to the end of the paragraph.
    pub(crate) raw: String,
}

/// What the tag search found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) tags: Vec<RawTag>,
    pub(crate) unclosed: Vec<Unclosed>,
    /// Plain text of each paragraph (index 0 is paragraph 1).
    pub(crate) paragraph_text: Vec<String>,
}

/// Finds the tags in each paragraph's concatenated `<w:t>` text.
///
/// Delimiters are searched in the raw (still entity-encoded) text: `{`, `}`,
/// `%` and `#` are never escaped by Word and cannot occur inside an entity
/// reference in a way that forms a delimiter. Linear: each segment's text is
/// copied once into its paragraph's buffer.
pub(crate) fn find_tags(xml: &str, sc: &Scanned) -> Found {
    let n_para = sc.paragraphs;
    // Group segments by paragraph (counting sort keeps document order).
    let mut start = vec![0u32; n_para + 2];
    for &t in &sc.segs {
        start[sc.tokens[t as usize].para as usize + 1] += 1;
    }
    for p in 1..start.len() {
        start[p] += start[p - 1];
    }
    let mut fill = start.clone();
    let mut order = vec![0u32; sc.segs.len()];
    for (s, &t) in sc.segs.iter().enumerate() {
        let p = sc.tokens[t as usize].para as usize;
        order[fill[p] as usize] = s as u32;
        fill[p] += 1;
    }

    let mut found = Found {
        paragraph_text: vec![String::new(); n_para],
        ..Found::default()
    };
    let mut buf = String::new();
    let mut offs: Vec<usize> = Vec::new();
    for p in 0..=n_para {
        let group = &order[start[p] as usize..start[p + 1] as usize];
        if group.is_empty() {
            continue;
        }
        buf.clear();
        offs.clear();
        for &s in group {
            offs.push(buf.len());
            buf.push_str(sc.tokens[sc.segs[s as usize] as usize].text(xml));
        }
        offs.push(buf.len());
        if p > 0 {
            decode_into(&buf, &mut found.paragraph_text[p - 1]);
        }
        scan_paragraph(p as u32, &buf, &offs, group, &mut found);
    }
    found
}

fn scan_paragraph(para: u32, text: &str, offs: &[usize], group: &[u32], found: &mut Found) {
    let b = text.as_bytes();
    let mut i = 0;
    // Index into `group`/`offs` of the segment holding byte `pos`; only moves forward.
    let mut cur = 0usize;
    let mut seg_of = |pos: usize| {
        while offs[cur + 1] <= pos {
            cur += 1;
        }
        cur
    };
    while let Some(k) = text[i..].find('{') {
        let at = i + k;
        let delim = match b.get(at + 1) {
            Some(b'{') => Delim::Var,
            Some(b'%') => Delim::Block,
            Some(b'#') => Delim::Comment,
            _ => {
                i = at + 1;
                continue;
            }
        };
        let Some(close) = find(text, at + 2, delim.closer()) else {
            found.unclosed.push(Unclosed {
                para,
                delim,
                raw: text[at..].to_string(),
            });
            return;
        };
        let end = close + 2;
        let a = seg_of(at);
        let first_off = at - offs[a];
        let z = seg_of(end - 1);
        let last_end = end - offs[z];
        found.tags.push(RawTag {
            delim,
            para,
            segs: group[a..=z].to_vec(),
            first_off: first_off as u32,
            last_end: last_end as u32,
            raw: text[at..end].to_string(),
        });
        i = end;
    }
}
