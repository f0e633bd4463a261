//! Pass 1, **scan**: tokenise Word XML into markup and text, then find the
//! Jinja tags in the text of each paragraph.
//!
//! Word quirk handled: a tag typed in Word is plain text of `<w:t>` elements,
//! but Word may cut it into several runs at any character, so delimiters are
//! searched in the concatenated `<w:t>` text of one paragraph, never per run.
//! Text elsewhere (`<w:instrText>` field codes, attribute values) is not
//! searched.
//!
//! The tokenizer is a hand-written single pass (no regex, no look-around). It
//! checks enough well-formedness to never produce broken output from broken
//! input: matching end tags, quoted attributes, entity references, unclosed
//! elements. Everything is kept as byte ranges into the input.
//!
//! In two steps: [`tokenize`] (here) turns the part into tokens, and
//! `search` finds the tags in the text of each paragraph ([`find_tags`]).

mod search;

use std::fmt;

pub(crate) use search::{Delim, RawTag, find_tags};

/// Marker for "no token".
pub(crate) const NONE: u32 = u32::MAX;

/// What kind of XML token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// `<a ...>`
    Start,
    /// `</a>`
    End,
    /// `<a .../>`
    Empty,
    /// Character data between markup (entities still encoded).
    Text,
    /// Comment, processing instruction, CDATA, DOCTYPE.
    Other,
}

/// The WordprocessingML elements the passes care about.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum El {
    /// `w:p` paragraph.
    P,
    /// `w:r` run.
    R,
    /// `w:t` text.
    T,
    /// `w:rPr` run properties.
    RPr,
    /// `w:tr` table row.
    Tr,
    /// `w:tc` table cell.
    Tc,
    /// `w:proofErr` spelling/grammar marker.
    ProofErr,
    /// Anything else (or not an element).
    Other,
}

impl El {
    fn from_name(name: &[u8]) -> El {
        match name {
            b"w:p" => El::P,
            b"w:r" => El::R,
            b"w:t" => El::T,
            b"w:rPr" => El::RPr,
            b"w:tr" => El::Tr,
            b"w:tc" => El::Tc,
            b"w:proofErr" => El::ProofErr,
            _ => El::Other,
        }
    }
}

/// One token: a byte range of the input plus its place in the tree.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    pub(crate) el: El,
    /// Byte range of the whole token in the input.
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// End of the element name (Start/Empty/End); the name starts after `<` or `</`.
    pub(crate) name_end: u32,
    /// The enclosing `Start` token, or [`NONE`].
    pub(crate) parent: u32,
    /// `Start` ↔ its `End`; [`NONE`] otherwise.
    pub(crate) partner: u32,
    /// For text: the 1-based paragraph holding it (0: none). For a `w:p`
    /// start or empty tag: its own number.
    pub(crate) para: u32,
    /// For text inside `<w:t>`: its segment index; [`NONE`] otherwise.
    pub(crate) seg: u32,
}

impl Token {
    /// The qualified element name (empty for text and other tokens).
    pub(crate) fn name<'a>(&self, xml: &'a str) -> &'a str {
        let skip = match self.kind {
            Kind::Start | Kind::Empty => 1,
            Kind::End => 2,
            Kind::Text | Kind::Other => return "",
        };
        &xml[self.start as usize + skip..self.name_end as usize]
    }

    /// The token's source text.
    pub(crate) fn text<'a>(&self, xml: &'a str) -> &'a str {
        &xml[self.start as usize..self.end as usize]
    }

    /// Is this the start (or empty tag) of a `w:p`?
    pub(crate) fn is_para_start(&self) -> bool {
        self.el == El::P && matches!(self.kind, Kind::Start | Kind::Empty)
    }
}

/// The tokenised part.
#[derive(Debug)]
pub(crate) struct Scanned {
    pub(crate) tokens: Vec<Token>,
    /// Token index of each `<w:t>` text token, in document order.
    pub(crate) segs: Vec<u32>,
    /// Number of `w:p` elements.
    pub(crate) paragraphs: usize,
}

/// Malformed XML: what and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

fn err(offset: usize, message: impl Into<String>) -> XmlError {
    XmlError {
        offset,
        message: message.into(),
    }
}

/// First occurrence of `needle` in `hay` at or after `from` (a char boundary).
/// `str::find` uses a vectorised byte search, which keeps this fast and linear.
fn find(hay: &str, from: usize, needle: &str) -> Option<usize> {
    hay.get(from..)?.find(needle).map(|k| k + from)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Tokenises `xml`. Linear in the input size.
pub(crate) fn tokenize(xml: &str) -> Result<Scanned, XmlError> {
    if xml.len() >= NONE as usize {
        return Err(err(0, "part is larger than 4 GiB"));
    }
    let b = xml.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(xml.len() / 20);
    let mut segs = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    let mut para_stack: Vec<u32> = Vec::new();
    let mut paragraphs = 0u32;
    let mut i = 0usize;
    while i < b.len() {
        let parent = stack.last().copied().unwrap_or(NONE);
        let tok = |kind, el, start: usize, end: usize, name_end: usize| Token {
            kind,
            el,
            start: start as u32,
            end: end as u32,
            name_end: name_end as u32,
            parent,
            partner: NONE,
            para: 0,
            seg: NONE,
        };
        if b[i] != b'<' {
            let end = xml[i..].find('<').map_or(b.len(), |k| i + k);
            check_entities(xml, i, end)?;
            let mut t = tok(Kind::Text, El::Other, i, end, i);
            t.para = para_stack.last().copied().unwrap_or(0);
            if parent != NONE && tokens[parent as usize].el == El::T {
                t.seg = segs.len() as u32;
                segs.push(tokens.len() as u32);
            }
            tokens.push(t);
            i = end;
            continue;
        }
        let rest = &b[i..];
        let (close, what) = if rest.starts_with(b"<!--") {
            ("-->", "comment")
        } else if rest.starts_with(b"<![CDATA[") {
            ("]]>", "CDATA section")
        } else if rest.starts_with(b"<?") {
            ("?>", "processing instruction")
        } else if rest.starts_with(b"<!") {
            (">", "declaration")
        } else {
            ("", "")
        };
        if !close.is_empty() {
            let k = find(xml, i + 2, close).ok_or_else(|| err(i, format!("unclosed {what}")))?;
            let end = k + close.len();
            tokens.push(tok(Kind::Other, El::Other, i, end, i));
            i = end;
            continue;
        }
        if rest.starts_with(b"</") {
            let name_start = i + 2;
            let mut j = name_start;
            while j < b.len() && !is_space(b[j]) && b[j] != b'>' && b[j] != b'<' {
                j += 1;
            }
            let name_end = j;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            if j >= b.len() || b[j] != b'>' {
                return Err(err(i, "malformed end tag"));
            }
            let name = &b[name_start..name_end];
            let Some(open) = stack.pop() else {
                return Err(err(
                    i,
                    format!("end tag `</{}>` without a start tag", lossy(name)),
                ));
            };
            let o = tokens[open as usize];
            let open_name = &b[o.start as usize + 1..o.name_end as usize];
            if open_name != name {
                return Err(err(
                    i,
                    format!(
                        "end tag `</{}>` does not match start tag `<{}>` (opened at byte {})",
                        lossy(name),
                        lossy(open_name),
                        o.start
                    ),
                ));
            }
            if o.el == El::P {
                para_stack.pop();
            }
            let mut t = tok(Kind::End, o.el, i, j + 1, name_end);
            t.parent = o.parent;
            t.partner = open;
            tokens[open as usize].partner = tokens.len() as u32;
            tokens.push(t);
            i = j + 1;
            continue;
        }
        // Start or empty tag.
        let name_start = i + 1;
        let mut j = name_start;
        while j < b.len() && !is_space(b[j]) && !matches!(b[j], b'>' | b'/' | b'<' | b'"' | b'\'') {
            j += 1;
        }
        let name_end = j;
        if name_end == name_start {
            return Err(err(i, "`<` not followed by an element name"));
        }
        let mut quote = 0u8;
        let mut end = None;
        while j < b.len() {
            let c = b[j];
            if quote != 0 {
                if c == quote {
                    quote = 0;
                } else if c == b'<' {
                    return Err(err(j, "`<` inside an attribute value"));
                }
            } else if c == b'"' || c == b'\'' {
                quote = c;
            } else if c == b'>' {
                end = Some(j);
                break;
            } else if c == b'<' {
                return Err(err(j, "`<` inside a start tag"));
            }
            j += 1;
        }
        let Some(gt) = end else {
            return Err(err(i, "unclosed start tag"));
        };
        let empty = b[gt - 1] == b'/';
        let el = El::from_name(&b[name_start..name_end]);
        let kind = if empty { Kind::Empty } else { Kind::Start };
        let mut t = tok(kind, el, i, gt + 1, name_end);
        if el == El::P {
            paragraphs += 1;
            t.para = paragraphs;
            if !empty {
                para_stack.push(paragraphs);
            }
        }
        if !empty {
            stack.push(tokens.len() as u32);
        }
        tokens.push(t);
        i = gt + 1;
    }
    if let Some(&open) = stack.last() {
        let o = tokens[open as usize];
        return Err(err(
            xml.len(),
            format!(
                "element `<{}>` opened at byte {} is not closed",
                o.name(xml),
                o.start
            ),
        ));
    }
    Ok(Scanned {
        tokens,
        segs,
        paragraphs: paragraphs as usize,
    })
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Checks every `&...;` in `xml[from..to]` is a predefined entity or a valid
/// character reference (Word writes no others; `&nbsp;` is not XML).
fn check_entities(xml: &str, from: usize, to: usize) -> Result<(), XmlError> {
    let text = &xml[from..to];
    let mut pos = 0;
    while let Some(k) = text[pos..].find('&') {
        let at = pos + k;
        match entity_at(&text[at..]) {
            Some((_, len)) => pos = at + len,
            None => {
                let shown: String = text[at..].chars().take(12).collect();
                return Err(err(
                    from + at,
                    format!("invalid entity reference `{shown}`"),
                ));
            }
        }
    }
    Ok(())
}

/// Decodes the entity reference at the start of `s` (which starts with `&`):
/// the character and the reference's length in bytes.
pub(crate) fn entity_at(s: &str) -> Option<(char, usize)> {
    let semi = s.as_bytes().iter().take(12).position(|&c| c == b';')?;
    let name = &s[1..semi];
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, semi + 1))
}

/// Appends `raw` (XML character data) to `out` with entity references decoded.
pub(crate) fn decode_into(raw: &str, out: &mut String) {
    let mut pos = 0;
    while let Some(k) = raw[pos..].find('&') {
        let at = pos + k;
        out.push_str(&raw[pos..at]);
        match entity_at(&raw[at..]) {
            Some((c, len)) => {
                out.push(c);
                pos = at + len;
            }
            None => {
                out.push('&');
                pos = at + 1;
            }
        }
    }
    out.push_str(&raw[pos..]);
}

/// `raw` with entity references decoded.
pub(crate) fn decode(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    decode_into(raw, &mut s);
    s
}

/// 1-based line number of a byte offset, for error messages.
pub(crate) fn line_of(xml: &str, offset: usize) -> usize {
    let offset = offset.min(xml.len());
    xml.as_bytes()[..offset]
        .iter()
        .filter(|&&c| c == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenises_and_pairs() {
        let xml = r#"<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p><w:p/></w:body></w:document>"#;
        let sc = tokenize(xml).unwrap();
        assert_eq!(sc.paragraphs, 2);
        assert_eq!(sc.segs.len(), 1);
        let t = sc.tokens[sc.segs[0] as usize];
        assert_eq!(t.text(xml), "a &amp; b");
        assert_eq!(t.para, 1);
        let parent = sc.tokens[t.parent as usize];
        assert_eq!(parent.el, El::T);
        assert_eq!(sc.tokens[parent.partner as usize].kind, Kind::End);
    }

    #[test]
    fn malformed_inputs_are_errors() {
        for (xml, what) in [
            ("<a><b></a>", "does not match"),
            ("<a>", "not closed"),
            ("<a>x &nbsp; y</a>", "invalid entity"),
            ("<a>x & y</a>", "invalid entity"),
            ("<a b=\"<\"/>", "inside an attribute"),
            ("</a>", "without a start tag"),
            ("<a><!-- x </a>", "unclosed comment"),
            ("<a", "unclosed start tag"),
            ("< a/>", "element name"),
        ] {
            let e = tokenize(xml).unwrap_err();
            assert!(e.message.contains(what), "{xml}: {e}");
        }
    }

    #[test]
    fn entities() {
        assert_eq!(decode("&lt;&gt;&amp;&quot;&apos;&#65;&#x42;"), "<>&\"'AB");
    }
}
