//! Is a rendered part still well-formed XML?
//!
//! A template whose `{% if %}` and `{% endif %}` sit in different paragraphs
//! can render to XML with an element left open or closed twice; a value can
//! bring in a control character. Word refuses such files ("unreadable content")
//! without saying why, so the renderer checks every rendered part with
//! [`check_xml`] and reports the place instead of writing a broken file.
//!
//! quick-xml checks the syntax and mismatched end tags. On top of it this
//! checks what quick-xml lets through:
//! * elements still open at the end of the input, and content outside the
//!   one root element;
//! * characters XML 1.0 forbids (U+0000–U+0008, U+000B, U+000C,
//!   U+000E–U+001F, U+FFFE, U+FFFF), raw or as `&#N;` / `&#xN;` references,
//!   in text and in attribute values;
//! * entity references other than the five XML predefines (`&nbsp;` from an
//!   HTML-minded value or filter);
//! * `<` inside an attribute value, and malformed or duplicate attributes.

use std::fmt;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

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
    let mut reader = Reader::from_str(xml);
    reader.config_mut().enable_all_checks(true);
    // Byte offsets of the open start tags.
    let mut open: Vec<usize> = Vec::new();
    let mut root_seen = false;
    loop {
        let start = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = reader.error_position() as usize;
                return Err(error_at(xml, at, e.to_string()));
            }
        };
        match event {
            Event::Start(e) => {
                if open.is_empty() && root_seen {
                    return Err(error_at(xml, start, "a second root element".into()));
                }
                check_attributes(xml, start, &e)?;
                open.push(start);
            }
            Event::Empty(e) => {
                if open.is_empty() {
                    if root_seen {
                        return Err(error_at(xml, start, "a second root element".into()));
                    }
                    root_seen = true;
                }
                check_attributes(xml, start, &e)?;
            }
            Event::End(_) => {
                open.pop();
                if open.is_empty() {
                    root_seen = true;
                }
            }
            Event::Text(t) if open.is_empty() && !t.bytes().all(|c| c.is_ascii_whitespace()) => {
                return Err(error_at(xml, start, "text outside the root element".into()));
            }
            Event::GeneralRef(r) => {
                if open.is_empty() {
                    return Err(error_at(xml, start, "text outside the root element".into()));
                }
                check_reference(&r).map_err(|m| error_at(xml, start, m))?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(&at) = open.last() {
        let name = tag_name(&xml[at..]);
        let more = if open.len() > 1 {
            format!(" ({} elements open in all)", open.len())
        } else {
            String::new()
        };
        return Err(error_at(
            xml,
            at,
            format!("element `{name}` opened here is never closed{more}"),
        ));
    }
    if !root_seen {
        return Err(error_at(xml, xml.len(), "no root element".into()));
    }
    Ok(())
}

/// The element name at the start of `tag` (`<w:p w:rsid…>` → `w:p`).
fn tag_name(tag: &str) -> &str {
    let t = tag.strip_prefix('<').unwrap_or(tag);
    let end = t
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(t.len());
    &t[..end]
}

/// Checks attributes: syntax and duplicates (via quick-xml), no `<`, and
/// only valid references. Only tags that hold `&` or `<` in a value need the
/// reference pass; the syntax check runs on every tag.
fn check_attributes(xml: &str, start: usize, e: &BytesStart<'_>) -> Result<(), XmlError> {
    for a in e.attributes().with_checks(true) {
        let a = a.map_err(|err| error_at(xml, start, format!("bad attribute ({err})")))?;
        let v: &[u8] = a.value.as_bytes();
        if memchr::memchr2(b'&', b'<', v).is_none() {
            continue;
        }
        let key = a.key.as_ref().to_string();
        if v.contains(&b'<') {
            return Err(error_at(
                xml,
                start,
                format!("`<` in the value of attribute `{key}`"),
            ));
        }
        let mut rest = v;
        while let Some(i) = memchr::memchr(b'&', rest) {
            let after = &rest[i + 1..];
            let Some(semi) = memchr::memchr(b';', after) else {
                return Err(error_at(
                    xml,
                    start,
                    format!("`&` without `;` in the value of attribute `{key}`"),
                ));
            };
            let name = std::str::from_utf8(&after[..semi]).unwrap_or("");
            check_reference(name)
                .map_err(|m| error_at(xml, start, format!("{m}, in attribute `{key}`")))?;
            rest = &after[semi + 1..];
        }
    }
    Ok(())
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
/// that can start one: < 0x20 and 0xEF (U+FFFE/U+FFFF are `EF BF BE`/`EF BF BF`),
/// and looks closer only at blocks that have one.
fn find_forbidden_char(b: &[u8]) -> Option<(usize, u32)> {
    const BLOCK: usize = 32;
    let mut base = 0;
    for chunk in b.chunks(BLOCK) {
        let suspicious = chunk
            .iter()
            .fold(false, |acc, &c| acc | (c < 0x20) | (c == 0xEF));
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
    fn columns_count_characters() {
        let e = err("<a>\u{e9}\u{e9}<b></a>");
        assert_eq!(e.line, 1);
        assert!(e.column < e.offset + 1);
    }
}
