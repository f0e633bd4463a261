//! The full scanner: finds and describes what makes a part not well-formed.

use super::{NAME_CHAR, NAME_START, XmlError, check_reference, error_at};

/// Checks `xml` with the full scanner, without the fast path.
pub(super) fn scan(xml: &str) -> Result<(), XmlError> {
    Scanner {
        xml,
        b: xml.as_bytes(),
        open: Vec::with_capacity(32),
        attrs: Vec::with_capacity(8),
        root_seen: false,
    }
    .run()
}

/// A single-pass well-formedness scanner. quick-xml's per-event cost
/// dominates on Word's many small elements; this scanner jumps from `<` to
/// `<` and `&` to `&` with memchr and only looks at tag bytes (figures in
/// BENCHMARKS.md, "Well-formedness check").
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
