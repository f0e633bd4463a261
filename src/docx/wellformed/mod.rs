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
//!
//! The check runs in this order:
//!
//! 1. [`find_forbidden_char`] (here): characters XML 1.0 forbids, raw.
//! 2. `quick`: a fast path that only says yes or "look closer", for the
//!    well-formed parts that are nearly all of them.
//! 3. `scanner`: the full scanner, which finds and describes the problem.

mod quick;
mod scanner;

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
    if quick::quick_check(xml.as_bytes()) {
        return Ok(());
    }
    scanner::scan(xml)
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
mod tests;
