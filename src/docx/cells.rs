//! After rendering: every table cell ends with a paragraph.
//!
//! Word requires a `w:tc` to hold at least one block (schema) and to end with
//! a `w:p` (Word itself; a cell ending in a nested table makes it offer to
//! repair the file). A template always satisfies this, but `{%p if %}` …
//! `{%p endif %}` around all of a cell's paragraphs, or around the paragraph
//! after a nested table, can leave a cell without one (docxtpl writes such
//! cells as they are). [`close_cells`] adds an empty `<w:p/>` there.
//!
//! A cell is recognised as lacking its last paragraph when, whitespace
//! skipped, its `</w:tc>` directly follows its start tag, its `w:tcPr`, or a
//! nested table's `</w:tbl>`.

use std::borrow::Cow;

const END: &str = "</w:tc>";

/// `xml` with `<w:p/>` added to every cell that does not end with a
/// paragraph; borrows the input when every cell does.
pub fn close_cells(xml: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut last = 0;
    for (at, _) in xml.match_indices(END) {
        if !needs_paragraph(&xml[..at]) {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(xml.len() + 64));
        out.push_str(&xml[last..at]);
        out.push_str("<w:p/>");
        last = at;
    }
    match out {
        None => Cow::Borrowed(xml),
        Some(mut out) => {
            out.push_str(&xml[last..]);
            Cow::Owned(out)
        }
    }
}

/// Does the cell content ending `before` (up to its `</w:tc>`) lack a final paragraph?
fn needs_paragraph(before: &str) -> bool {
    let before = before.trim_end();
    if before.ends_with("</w:tcPr>") || before.ends_with("</w:tbl>") {
        return true;
    }
    if !before.ends_with('>') {
        return false;
    }
    let Some(lt) = before.rfind('<') else {
        return false;
    };
    let tag = &before[lt..];
    let name_end = tag
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(tag.len());
    match &tag[..name_end] {
        // `<w:tc>` / `<w:tc ...>` (an empty `<w:tc/>` has no `</w:tc>`).
        "<w:tc" => !tag.ends_with("/>"),
        // `<w:tcPr/>`
        "<w:tcPr" => tag.ends_with("/>"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_left_without_a_paragraph_get_one() {
        let cases = [
            ("<w:tc></w:tc>", "<w:tc><w:p/></w:tc>"),
            (
                "<w:tc w:x=\"1\">\n\n</w:tc>",
                "<w:tc w:x=\"1\">\n\n<w:p/></w:tc>",
            ),
            (
                "<w:tc><w:tcPr><w:tcW w:w=\"1\"/></w:tcPr>\n</w:tc>",
                "<w:tc><w:tcPr><w:tcW w:w=\"1\"/></w:tcPr>\n<w:p/></w:tc>",
            ),
            ("<w:tc><w:tcPr/></w:tc>", "<w:tc><w:tcPr/><w:p/></w:tc>"),
            (
                "<w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc>",
                "<w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc>",
            ),
        ];
        for (xml, want) in cases {
            assert_eq!(close_cells(xml), want, "{xml}");
        }
    }

    #[test]
    fn cells_ending_with_a_paragraph_are_left_alone() {
        for xml in [
            "<w:tbl><w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "<w:tc><w:p/></w:tc>",
            "<w:tc><w:p/><w:bookmarkEnd w:id=\"1\"/></w:tc>",
            "no cells",
        ] {
            assert!(matches!(close_cells(xml), Cow::Borrowed(_)), "{xml}");
        }
    }
}
