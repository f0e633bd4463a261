//! Is a rendered part still well-formed XML?
//!
//! A template whose `{% if %}` and `{% endif %}` sit in different paragraphs
//! can render to XML with an element left open or closed twice; a value can
//! bring in a control character. Word refuses such files ("unreadable content")
//! without saying why, so the renderer checks every rendered part with
//! [`check_xml`] and reports the place instead of writing a broken file.
//!
//! A dedicated scanner (not quick-xml, which lets several of these through
//! and is slower on Word's many small elements) checks the syntax and:
//! * mismatched end tags, naming the element expected;
//! * elements still open at the end of the input, and content outside the
//!   one root element;
//! * characters XML 1.0 forbids (U+0000–U+0008, U+000B, U+000C,
//!   U+000E–U+001F, U+FFFE, U+FFFF), raw or as `&#N;` / `&#xN;` references,
//!   in text and in attribute values;
//! * entity references other than the five XML predefines (`&nbsp;` from an
//!   HTML-minded value or filter);
//! * `<` inside an attribute value, and malformed or duplicate attributes.

use std::fmt;

/// Where and why a part is not well-formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Byte offset into the checked text.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, lowercase, names in backticks.
    pub message: String,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {} (byte {}): {}",
            self.line, self.column, self.offset, self.message
        )
    }
}

impl std::error::Error for XmlError {}

/// Checks that `xml` is a well-formed XML 1.0 document; the error says where
/// (line, column, byte offset) and what is wrong.
pub fn check_xml(xml: &str) -> Result<(), String> {
    check_xml_detailed(xml).map_err(|e| e.to_string())
}

/// [`check_xml`] with the position as data, e.g. to find the paragraph.
pub fn check_xml_detailed(xml: &str) -> Result<(), XmlError> {
    if let Some((offset, ch)) = find_forbidden_char(xml.as_bytes()) {
        return Err(error_at(
            xml,
            offset,
            format!(
                "character U+{:04X} is not allowed in XML (a control character in the data?)",
                ch
            ),
        ));
    }
    if quick_check(xml.as_bytes()) {
        return Ok(());
    }
    Scanner {
        xml,
        b: xml.as_bytes(),
        open: Vec::with_capacity(32),
        attrs: Vec::with_capacity(8),
        root_seen: false,
    }
    .run()
}

/// The fast path of [`check_xml_detailed`] (after the forbidden-character
/// test): one tight loop over the bytes, no messages, no calls per tag.
/// `true` only for input the [`Scanner`] accepts too (a property test holds
/// it to that); `false` means "look closer", and the scanner then finds and
/// describes the problem. It gives up on what rendered Word parts rarely
/// hold (comments, CDATA, DOCTYPE), leaving those to the scanner.
///
/// On the big SOW (246 KB of rendered `document.xml`) this took the check
/// from ~6.5 to ~1 million instructions (callgrind).
fn quick_check(b: &[u8]) -> bool {
    fn skip_ws(b: &[u8], mut i: usize) -> usize {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }
    fn name_end(b: &[u8], i: usize) -> Option<usize> {
        if NAME_CHAR[usize::from(*b.get(i)?)] != NAME_START {
            return None;
        }
        let rest = &b[i + 1..];
        let len = rest
            .iter()
            .position(|&c| NAME_CHAR[usize::from(c)] == 0)
            .unwrap_or(rest.len());
        Some(i + 1 + len)
    }
    /// The offset after a valid `&…;` at `amp`, as [`Scanner::references`] checks it.
    fn reference_end(b: &[u8], amp: usize) -> Option<usize> {
        let rest = &b[amp + 1..];
        let n = rest.iter().take(40).position(|&c| c == b';')?;
        let name = &rest[..n];
        if n == 0 || name.iter().any(|c| c.is_ascii_whitespace() || *c == b'&') {
            return None;
        }
        check_reference(std::str::from_utf8(name).ok()?).ok()?;
        Some(amp + n + 2)
    }

    let n = b.len();
    let mut open: Vec<(usize, usize)> = Vec::with_capacity(32);
    let mut attrs: Vec<(usize, usize)> = Vec::with_capacity(8);
    let mut root_seen = false;
    let mut i = 0;
    while i < n {
        let text = i;
        i += b[i..]
            .iter()
            .position(|&c| c == b'<' || c == b'&')
            .unwrap_or(n - i);
        if open.is_empty() && !b[text..i].iter().all(|c| c.is_ascii_whitespace()) {
            return false;
        }
        if i == n {
            break;
        }
        if b[i] == b'&' {
            if open.is_empty() {
                return false;
            }
            match reference_end(b, i) {
                Some(e) => i = e,
                None => return false,
            }
            continue;
        }
        match b.get(i + 1) {
            Some(b'/') => {
                let Some(e) = name_end(b, i + 2) else {
                    return false;
                };
                let close = skip_ws(b, e);
                if b.get(close) != Some(&b'>') {
                    return false;
                }
                // Names are short: compare inline rather than call memcmp.
                match open.pop() {
                    Some((os, oe))
                        if oe - os == e - (i + 2)
                            && b[os..oe].iter().zip(&b[i + 2..e]).all(|(x, y)| x == y) => {}
                    _ => return false,
                }
                if open.is_empty() {
                    root_seen = true;
                }
                i = close + 1;
            }
            Some(b'?') => match memchr::memmem::find(&b[i..], b"?>") {
                Some(k) => i += k + 2,
                None => return false,
            },
            Some(b'!') => return false,
            _ => {
                if open.is_empty() && root_seen {
                    return false;
                }
                let Some(e) = name_end(b, i + 1) else {
                    return false;
                };
                let name = (i + 1, e);
                attrs.clear();
                let mut j = e;
                loop {
                    let k = skip_ws(b, j);
                    match b.get(k) {
                        Some(b'>') => {
                            open.push(name);
                            i = k + 1;
                            break;
                        }
                        Some(b'/') => {
                            if b.get(k + 1) != Some(&b'>') {
                                return false;
                            }
                            if open.is_empty() {
                                root_seen = true;
                            }
                            i = k + 2;
                            break;
                        }
                        Some(_) if k > j => {}
                        _ => return false,
                    }
                    let Some(ae) = name_end(b, k) else {
                        return false;
                    };
                    if attrs.iter().any(|&(x, y)| b[x..y] == b[k..ae]) {
                        return false;
                    }
                    attrs.push((k, ae));
                    let eq = skip_ws(b, ae);
                    if b.get(eq) != Some(&b'=') {
                        return false;
                    }
                    let q = skip_ws(b, eq + 1);
                    let quote = match b.get(q) {
                        Some(&c @ (b'"' | b'\'')) => c,
                        _ => return false,
                    };
                    let mut v = q + 1;
                    loop {
                        v += b[v..]
                            .iter()
                            .position(|&c| c == quote || c == b'<' || c == b'&')
                            .unwrap_or(n - v);
                        match b.get(v) {
                            None | Some(b'<') => return false,
                            Some(&c) if c == quote => break,
                            _ => match reference_end(b, v) {
                                Some(after) => v = after,
                                None => return false,
                            },
                        }
                    }
                    j = v + 1;
                }
            }
        }
    }
    open.is_empty() && root_seen
}

/// A single-pass well-formedness scanner. quick-xml (0.42) reads Word XML at
/// roughly 130–430 MB/s, its per-event cost dominating on Word's many small
/// elements; this scanner jumps from `<` to `<` and `&` to `&` with memchr and
/// only looks at tag bytes, at several hundred MB/s (see the report numbers).
/// It covers what a rendered part can break: tags, attributes, references,
/// comments, CDATA, processing instructions and a simple DOCTYPE.
struct Scanner<'a> {
    xml: &'a str,
    b: &'a [u8],
    /// Open elements: (offset of `<`, name).
    open: Vec<(usize, &'a [u8])>,
    /// Attribute names of the current tag, for the duplicate check.
    attrs: Vec<&'a [u8]>,
    root_seen: bool,
}

impl<'a> Scanner<'a> {
    fn err(&self, at: usize, message: impl Into<String>) -> XmlError {
        error_at(self.xml, at, message.into())
    }

    fn name_str(&self, n: &[u8]) -> String {
        String::from_utf8_lossy(n).into_owned()
    }

    fn run(mut self) -> Result<(), XmlError> {
        let b = self.b;
        let mut i = 0;
        loop {
            let lt = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |j| i + j);
            self.text(i, lt)?;
            if lt == b.len() {
                break;
            }
            i = match b.get(lt + 1) {
                Some(b'/') => self.end_tag(lt)?,
                Some(b'?') => self.until(lt, b"?>", "processing instruction")?,
                Some(b'!') => self.bang(lt)?,
                _ => self.start_tag(lt)?,
            };
        }
        if let Some(&(at, name)) = self.open.last() {
            let more = if self.open.len() > 1 {
                format!(" ({} elements open in all)", self.open.len())
            } else {
                String::new()
            };
            return Err(self.err(
                at,
                format!(
                    "element `{}` opened here is never closed{more}",
                    self.name_str(name)
                ),
            ));
        }
        if !self.root_seen {
            return Err(self.err(b.len(), "no root element"));
        }
        Ok(())
    }

    /// Character data between markup: references valid, nothing outside the root.
    fn text(&self, from: usize, to: usize) -> Result<(), XmlError> {
        let t = &self.b[from..to];
        if self.open.is_empty() {
            if let Some(j) = t.iter().position(|c| !c.is_ascii_whitespace()) {
                return Err(self.err(from + j, "text outside the root element"));
            }
            return Ok(());
        }
        self.references(from, t, None)
    }

    /// Checks every `&…;` in `t` (which starts at offset `at`).
    fn references(&self, at: usize, t: &[u8], attr: Option<&[u8]>) -> Result<(), XmlError> {
        // Most text between two tags is empty or a few bytes: a plain loop is
        // cheaper there than setting up memchr.
        if t.len() < 32 && !t.contains(&b'&') {
            return Ok(());
        }
        let mut k = 0;
        while let Some(j) = memchr::memchr(b'&', &t[k..]) {
            let amp = k + j;
            let rest = &t[amp + 1..];
            let semi = rest.iter().take(40).position(|&c| c == b';').filter(|&n| {
                n > 0
                    && !rest[..n]
                        .iter()
                        .any(|c| c.is_ascii_whitespace() || *c == b'&')
            });
            let within = |m: String| match attr {
                Some(a) => format!("{m}, in attribute `{}`", self.name_str(a)),
                None => m,
            };
            let Some(semi) = semi else {
                return Err(self.err(
                    at + amp,
                    within("`&` that does not start a reference (write `&amp;`)".into()),
                ));
            };
            let name = std::str::from_utf8(&rest[..semi]).unwrap_or("");
            check_reference(name).map_err(|m| self.err(at + amp, within(m)))?;
            k = amp + 1 + semi + 1;
        }
        Ok(())
    }

    /// `<!--…-->`, `<![CDATA[…]]>`, `<!DOCTYPE …>`.
    fn bang(&mut self, lt: usize) -> Result<usize, XmlError> {
        let rest = &self.b[lt..];
        if rest.starts_with(b"<!--") {
            let end = self.until(lt + 4, b"-->", "comment")?;
            if memchr::memmem::find(&self.b[lt + 4..end - 3], b"--").is_some() {
                return Err(self.err(lt, "`--` inside a comment"));
            }
            Ok(end)
        } else if rest.starts_with(b"<![CDATA[") {
            if self.open.is_empty() {
                return Err(self.err(lt, "CDATA outside the root element"));
            }
            self.until(lt + 9, b"]]>", "CDATA section")
        } else if rest.starts_with(b"<!DOCTYPE") && self.open.is_empty() && !self.root_seen {
            if rest.contains(&b'[') && memchr::memchr(b'[', rest) < memchr::memchr(b'>', rest) {
                return self.until(lt, b"]>", "DOCTYPE");
            }
            self.until(lt, b">", "DOCTYPE")
        } else {
            Err(self.err(lt, "unexpected `<!`"))
        }
    }

    /// The offset just past the next `end` after `from`.
    fn until(&self, from: usize, end: &[u8], what: &str) -> Result<usize, XmlError> {
        memchr::memmem::find(&self.b[from..], end)
            .map(|j| from + j + end.len())
            .ok_or_else(|| self.err(from, format!("{what} is never closed")))
    }

    /// A name at `i`; returns its end. XML names start with a letter, `_` or
    /// `:` (or any non-ASCII character) and go on with those, digits, `-`, `.`.
    fn name(&self, i: usize, what: &str) -> Result<usize, XmlError> {
        let b = self.b;
        match b.get(i) {
            Some(&c) if NAME_CHAR[usize::from(c)] == NAME_START => {}
            _ => return Err(self.err(i, format!("expected {what}"))),
        }
        let rest = &b[i + 1..];
        let len = rest
            .iter()
            .position(|&c| NAME_CHAR[usize::from(c)] == 0)
            .unwrap_or(rest.len());
        Ok(i + 1 + len)
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.b.len() && matches!(self.b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }

    fn start_tag(&mut self, lt: usize) -> Result<usize, XmlError> {
        let b = self.b;
        if self.open.is_empty() && self.root_seen {
            return Err(self.err(lt, "a second root element"));
        }
        let name_end = self.name(lt + 1, "an element name after `<`")?;
        let name = &b[lt + 1..name_end];
        self.attrs.clear();
        let mut i = name_end;
        loop {
            let after_ws = self.skip_ws(i);
            match b.get(after_ws) {
                Some(b'>') => {
                    self.open.push((lt, name));
                    return Ok(after_ws + 1);
                }
                Some(b'/') => {
                    if b.get(after_ws + 1) != Some(&b'>') {
                        return Err(self.err(after_ws, "expected `/>`"));
                    }
                    if self.open.is_empty() {
                        self.root_seen = true;
                    }
                    return Ok(after_ws + 2);
                }
                None => {
                    return Err(self.err(
                        lt,
                        format!("tag `<{}` is never closed with `>`", self.name_str(name)),
                    ));
                }
                Some(_) if after_ws == i => {
                    return Err(self.err(
                        i,
                        format!(
                            "expected a space, `>` or `/>` in tag `<{}`",
                            self.name_str(name)
                        ),
                    ));
                }
                Some(_) => {}
            }
            // An attribute: name = "value"
            let a_start = after_ws;
            let a_end = self.name(a_start, "an attribute name")?;
            let a_name = &b[a_start..a_end];
            if self.attrs.contains(&a_name) {
                return Err(self.err(
                    a_start,
                    format!("attribute `{}` appears twice", self.name_str(a_name)),
                ));
            }
            self.attrs.push(a_name);
            let mut j = self.skip_ws(a_end);
            if b.get(j) != Some(&b'=') {
                return Err(self.err(
                    j,
                    format!("expected `=` after attribute `{}`", self.name_str(a_name)),
                ));
            }
            j = self.skip_ws(j + 1);
            let quote = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => {
                    return Err(self.err(
                        j,
                        format!(
                            "the value of attribute `{}` must be quoted",
                            self.name_str(a_name)
                        ),
                    ));
                }
            };
            let v_start = j + 1;
            let v_end = find_byte(quote, &b[v_start..])
                .map(|k| v_start + k)
                .ok_or_else(|| {
                    self.err(
                        j,
                        format!(
                            "the value of attribute `{}` is never closed",
                            self.name_str(a_name)
                        ),
                    )
                })?;
            let v = &b[v_start..v_end];
            if let Some(k) = v.iter().position(|&c| c == b'<' || c == b'&') {
                if let Some(lt_in) = memchr::memchr(b'<', v) {
                    return Err(self.err(
                        v_start + lt_in,
                        format!("`<` in the value of attribute `{}`", self.name_str(a_name)),
                    ));
                }
                self.references(v_start + k, &v[k..], Some(a_name))?;
            }
            i = v_end + 1;
        }
    }

    fn end_tag(&mut self, lt: usize) -> Result<usize, XmlError> {
        let name_end = self.name(lt + 2, "an element name after `</`")?;
        let name = &self.b[lt + 2..name_end];
        let close = self.skip_ws(name_end);
        if self.b.get(close) != Some(&b'>') {
            return Err(self.err(close, "expected `>` to end the end tag"));
        }
        match self.open.pop() {
            Some((_, open)) if open == name => {}
            Some((at, open)) => {
                let line = error_at(self.xml, at, String::new()).line;
                return Err(self.err(
                    lt,
                    format!(
                        "expected `</{}>` (opened on line {line}, byte {at}), found `</{}>`",
                        self.name_str(open),
                        self.name_str(name)
                    ),
                ));
            }
            None => {
                return Err(self.err(
                    lt,
                    format!("end tag `</{}>` without a start tag", self.name_str(name)),
                ));
            }
        }
        if self.open.is_empty() {
            self.root_seen = true;
        }
        Ok(close + 1)
    }
}

/// [`NAME_CHAR`] value of a byte that can start a name (and go on with it).
const NAME_START: u8 = 2;

/// Per byte: [`NAME_START`] for a letter, `_`, `:` or any non-ASCII byte; 1
/// for the bytes that may only follow (digits, `-`, `.`); 0 otherwise.
static NAME_CHAR: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80 {
            NAME_START
        } else if b.is_ascii_digit() || b == b'-' || b == b'.' {
            1
        } else {
            0
        };
        c += 1;
    }
    t
};

/// The first `needle` in `hay`: a plain loop over the first bytes (attribute
/// values are mostly short), memchr beyond.
fn find_byte(needle: u8, hay: &[u8]) -> Option<usize> {
    const SHORT: usize = 16;
    let head = &hay[..hay.len().min(SHORT)];
    if let Some(k) = head.iter().position(|&c| c == needle) {
        return Some(k);
    }
    if hay.len() <= SHORT {
        return None;
    }
    memchr::memchr(needle, &hay[SHORT..]).map(|k| SHORT + k)
}

/// Checks the inside of `&…;`.
fn check_reference(name: &str) -> Result<(), String> {
    if let Some(num) = name.strip_prefix('#') {
        let parsed = match num.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => num.parse::<u32>(),
        };
        return match parsed.ok().and_then(char::from_u32) {
            Some(c) if !is_forbidden(c) => Ok(()),
            Some(c) => Err(format!(
                "character reference `&{name};` is U+{:04X}, which XML 1.0 forbids",
                c as u32
            )),
            None => Err(format!("invalid character reference `&{name};`")),
        };
    }
    match name {
        "lt" | "gt" | "amp" | "apos" | "quot" => Ok(()),
        _ => Err(format!(
            "unknown entity `&{name};`: XML only knows `&lt;` `&gt;` `&amp;` `&apos;` `&quot;` \
             (write `&#160;` for a no-break space)"
        )),
    }
}

fn is_forbidden(c: char) -> bool {
    let c = c as u32;
    (c < 0x20 && !matches!(c, 0x9 | 0xA | 0xD)) || c == 0xFFFE || c == 0xFFFF
}

/// The first character XML 1.0 forbids: its offset and code point.
///
/// Scans 32-byte blocks with a branch-free test (vectorises) for the only bytes
/// that can start one: < 0x20 other than tab, newline and carriage return,
/// and 0xEF (U+FFFE/U+FFFF are `EF BF BE`/`EF BF BF`), and looks closer only
/// at blocks that have one. (Newlines are in nearly every block of a rendered
/// part, so they must not make a block suspicious.)
pub(crate) fn find_forbidden_char(b: &[u8]) -> Option<(usize, u32)> {
    const BLOCK: usize = 32;
    let mut base = 0;
    for chunk in b.chunks(BLOCK) {
        let suspicious = chunk.iter().fold(0u8, |acc, &c| {
            let control = (c < 0x20) & (c != b'\t') & (c != b'\n') & (c != b'\r');
            acc | u8::from(control) | u8::from(c == 0xEF)
        }) != 0;
        if suspicious {
            for (j, &c) in chunk.iter().enumerate() {
                let i = base + j;
                if c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r') {
                    return Some((i, u32::from(c)));
                }
                if c == 0xEF && b.get(i + 1) == Some(&0xBF) {
                    match b.get(i + 2) {
                        Some(0xBE) => return Some((i, 0xFFFE)),
                        Some(0xBF) => return Some((i, 0xFFFF)),
                        _ => {}
                    }
                }
            }
        }
        base += chunk.len();
    }
    None
}

fn error_at(xml: &str, offset: usize, message: String) -> XmlError {
    let offset = offset.min(xml.len());
    let mut cut = offset;
    while !xml.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &xml[..cut];
    let line = before.bytes().filter(|&c| c == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    XmlError {
        offset,
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full scanner alone, without the fast path.
    fn scanner(xml: &str) -> Result<(), XmlError> {
        Scanner {
            xml,
            b: xml.as_bytes(),
            open: Vec::new(),
            attrs: Vec::new(),
            root_seen: false,
        }
        .run()
    }

    #[test]
    fn quick_check_accepts_word_xml_and_rejects_what_the_scanner_rejects() {
        assert!(quick_check(DOC.replace("<!-- c -->", "").as_bytes()));
        for bad in [
            "<a>",
            "<a></b>",
            "</a>",
            "<a/><b/>",
            "x<a/>",
            "<a/>x",
            "<a b='1' b='2'/>",
            "<a b=1/>",
            "<a b='<'/>",
            "<a b='&x;'/>",
            "<a>&nbsp;</a>",
            "<a>& </a>",
            "<a>&#1;</a>",
            "<a b='1'c='2'/>",
            "<a/ >",
            "<1a/>",
            "<a></a >x",
            "<?pi",
            "<a b='1",
            "<a>&amp</a>",
            "<a>&amp<b/>;</a>",
            "",
        ] {
            assert!(scanner(bad).is_err(), "{bad}");
            assert!(!quick_check(bad.as_bytes()), "{bad}");
        }
    }

    proptest::proptest! {
        /// Whatever the fast path accepts, the scanner accepts.
        #[test]
        fn quick_check_never_accepts_more_than_the_scanner(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "<a", "<b:c", "</a>", "</b:c>", ">", "/>", " ", "\n", "x", "=", "'", "\"",
                " k='v'", " k=\"&amp;\"", "&amp;", "&#10;", "&#1;", "&", ";", "<", "<?p?>",
                "<!-- c -->", "é", "1",
            ]), 0..24)
        ) {
            let xml = parts.concat();
            if quick_check(xml.as_bytes()) {
                proptest::prop_assert!(scanner(&xml).is_ok(), "{xml:?}");
            }
        }
    }

    const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
        <w:document xmlns:w=\"x\"><w:body><w:p w:rsidR=\"00A1\"><w:r><w:t xml:space=\"preserve\">A &amp; B &#160; &#x263A; caf\u{e9}\t</w:t></w:r></w:p>\
        <w:p/><!-- c --><w:sectPr/></w:body></w:document>";

    fn err(xml: &str) -> XmlError {
        check_xml_detailed(xml).expect_err("should fail")
    }

    #[test]
    fn valid_document_passes() {
        check_xml(DOC).unwrap();
        check_xml("<a/>").unwrap();
        check_xml("<a b='1'>\n</a>\n").unwrap();
    }

    #[test]
    fn unclosed_element_is_reported_where_it_opens() {
        let xml = "<w:body>\n<w:p><w:r><w:t>x</w:t></w:r>\n";
        let e = err(xml);
        assert_eq!((e.line, e.column, e.offset), (2, 1, 9), "{e}");
        assert!(
            e.message.contains("`w:p`") && e.message.contains("never closed"),
            "{e}"
        );
        assert!(e.message.contains("2 elements open"), "{e}");
    }

    #[test]
    fn mismatched_end_is_reported() {
        // What `{% if %}<w:p>…{% endif %}</w:p>` leaves when the condition is false.
        let xml = "<w:body><w:p><w:r><w:t>x</w:t></w:p></w:r></w:body>";
        let e = err(xml);
        assert!(
            e.message.contains("w:r") && e.message.contains("w:p"),
            "{e}"
        );
        assert_eq!(e.line, 1);
        let e = err("<w:body></w:p></w:body>");
        assert!(e.message.contains("w:p"), "{e}");
    }

    #[test]
    fn extra_end_and_second_root() {
        let e = err("<a></a></a>");
        assert!(!e.message.is_empty());
        let e = err("<a/><b/>");
        assert!(e.message.contains("second root"), "{e}");
        let e = err("<a></a>text");
        assert!(e.message.contains("outside the root"), "{e}");
        let e = err("");
        assert!(e.message.contains("no root"), "{e}");
    }

    #[test]
    fn forbidden_raw_characters() {
        let e = err("<a><b>ok\u{1}</b></a>");
        assert_eq!(e.offset, 8);
        assert!(e.message.contains("U+0001"), "{e}");
        assert!(err("<a>\u{b}</a>").message.contains("U+000B"));
        assert!(err("<a>\u{ffff}</a>").message.contains("U+FFFF"));
        assert!(err("<a>\u{fffe}</a>").message.contains("U+FFFE"));
        assert!(err("<a x='\u{0}'/>").message.contains("U+0000"));
        // Allowed neighbours of the forbidden ones.
        check_xml("<a>\t\r\n\u{fffd}\u{feff}\u{efbf}</a>").unwrap();
    }

    #[test]
    fn forbidden_character_references() {
        let e = err("<a><b>x&#1;</b></a>");
        assert!(
            e.message.contains("&#1;") && e.message.contains("U+0001"),
            "{e}"
        );
        assert_eq!(e.offset, 7);
        assert!(err("<a>&#x1F;</a>").message.contains("U+001F"));
        assert!(err("<a>&#xFFFE;</a>").message.contains("U+FFFE"));
        assert!(err("<a>&#xD800;</a>").message.contains("invalid"));
        assert!(err("<a b='&#0;'/>").message.contains("attribute `b`"));
        check_xml("<a b='&#9;&lt;'>&#10;&#xA0;</a>").unwrap();
    }

    #[test]
    fn unknown_entities_and_bad_attributes() {
        assert!(err("<a>&nbsp;</a>").message.contains("&nbsp;"));
        assert!(err("<a b='&nbsp;'/>").message.contains("&nbsp;"));
        assert!(err("<a>A & B</a>").offset > 0);
        assert!(err("<a b='x<y'/>").message.contains('<'));
        assert!(err("<a b='1' b='2'/>").message.contains("attribute"));
        assert!(err("<a b=1/>").message.contains("attribute"));
    }

    #[test]
    fn generated_word_xml_passes_and_every_truncation_fails() {
        let xml = crate::docx::testutil::word_xml(30_000);
        check_xml(&xml).unwrap();
        let mut cuts = 0;
        for cut in (100..xml.len() - 40).step_by(997) {
            if xml.is_char_boundary(cut) {
                assert!(check_xml(&xml[..cut]).is_err(), "cut at {cut}");
                cuts += 1;
            }
        }
        assert!(cuts > 20);
    }

    #[test]
    fn comments_pis_cdata_doctype() {
        check_xml("<?xml version='1.0'?><!DOCTYPE a><!-- c --><a><![CDATA[<not a tag> & ]]><?pi x?></a><!-- after -->").unwrap();
        assert!(
            err("<a><!-- open </a>")
                .message
                .contains("comment is never closed")
        );
        assert!(err("<a><!-- a -- b --></a>").message.contains("--"));
        assert!(err("<a><![CDATA[x</a>").message.contains("CDATA"));
        assert!(err("<a><!ELEMENT x></a>").message.contains("<!"));
        assert!(err("<a><b</a>").message.contains("space"));
        assert!(err("<a><1b/></a>").message.contains("element name"));
        assert!(err("<a x='1'y='2'/>").message.contains("space"));
        assert!(err("<a x='1/>").message.contains("never closed"));
    }

    #[test]
    fn columns_count_characters() {
        let e = err("<a>\u{e9}\u{e9}<b></a>");
        assert_eq!(e.line, 1);
        assert!(e.column < e.offset + 1);
    }
}
