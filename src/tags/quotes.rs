//! Pass 3, **quotes**: inside tags only, undo Word's typography and XML escaping.
//!
//! Word quirks handled:
//! - AutoFormat turns `"` and `'` into curly quotes (`“ ” „ ‘ ’ ‚`), which
//!   Jinja does not accept as string delimiters;
//! - the text is XML, so `<` is stored as `&lt;` (and `&`, `>`, `"` may be
//!   escaped too): `{% if a &lt; 3 %}` must reach minijinja as `a < 3`;
//! - French typography and some keyboards put non-breaking spaces inside
//!   tags, which Jinja does not treat as whitespace; a line break in the tag
//!   (`&#10;`) would break the one-line-per-paragraph map.
//!
//! Text outside tags is never touched.

use super::scan::decode;

/// The tag as the author sees it in Word: entity references decoded,
/// everything else (curly quotes, `{%tr`) kept.
pub(crate) fn as_written(raw: &str) -> String {
    decode(raw)
}

/// The tag text minijinja should see: `as_written` with curly quotes
/// straightened and odd whitespace turned into plain spaces.
pub(crate) fn clean(as_written: &str) -> String {
    as_written
        .chars()
        .map(|c| match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straightens_quotes_and_decodes() {
        let raw = "{% if x == \u{201C}a\u{201D} and y != \u{2018}b\u{2019} and a &lt; 3 &amp;&amp; b &gt; 2 %}";
        let w = as_written(raw);
        assert_eq!(
            w,
            "{% if x == \u{201C}a\u{201D} and y != \u{2018}b\u{2019} and a < 3 && b > 2 %}"
        );
        assert_eq!(
            clean(&w),
            "{% if x == \"a\" and y != 'b' and a < 3 && b > 2 %}"
        );
    }

    #[test]
    fn whitespace_becomes_plain_space() {
        assert_eq!(clean("{{\u{00A0}x\n}}"), "{{ x }}");
        assert_eq!(clean(&as_written("{{&#10;x&#9;}}")), "{{ x }}");
    }
}
