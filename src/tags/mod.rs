//! Preprocessing Word XML into a minijinja template.
//!
//! OWNER: tags helper. Interface agreed with render/ (keep these signatures).

use crate::error::Diagnostics;

/// A part's XML turned into minijinja source.
///
/// The source has exactly one `\n` before every `<w:p>`/`<w:p ...>` start tag
/// of the original part (and no other newlines), so that minijinja's line `L`
/// is in paragraph `L - 1` (line 1 is what comes before the first paragraph).
/// This holds even where a structural tag replaced a paragraph or a row.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The minijinja template source.
    pub source: String,
    /// Plain text of each original paragraph; index 0 is paragraph 1.
    pub paragraphs: Vec<String>,
    /// Every Jinja tag found, in order.
    pub tags: Vec<TagInfo>,
}

/// One Jinja tag (`{{ }}`, `{% %}`, `{# #}`) as found in the part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInfo {
    /// Byte range of the tag in [`Prepared::source`].
    pub range: std::ops::Range<usize>,
    /// The tag as the author wrote it (with curly quotes, `{%tr`, ...).
    pub as_written: String,
    /// 1-based paragraph number (0 when outside any paragraph).
    pub paragraph: usize,
}

impl Prepared {
    /// The paragraph's plain text for a 1-based paragraph number.
    pub fn paragraph_text(&self, paragraph: usize) -> &str {
        paragraph
            .checked_sub(1)
            .and_then(|i| self.paragraphs.get(i))
            .map_or("", String::as_str)
    }

    /// The tag whose source range contains `offset`.
    pub fn tag_at(&self, offset: usize) -> Option<&TagInfo> {
        self.tags
            .iter()
            .find(|t| t.range.start <= offset && offset < t.range.end.max(t.range.start + 1))
    }
}

/// Turns a Word XML part into minijinja source. `part` is only used in diagnostics.
pub fn preprocess(part: &str, xml: &str) -> Result<Prepared, Diagnostics> {
    let _ = (part, xml);
    unimplemented!()
}
