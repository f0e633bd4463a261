//! Parts that are not WordprocessingML but may hold tags (core properties:
//! title, subject, ...): no runs to merge, only the quotes and entities that
//! Word's property dialog leaves inside a tag.

use crate::tags::{Prepared, TagInfo};

/// Prepares plain XML text: inside each tag, curly quotes become straight and
/// `&lt;`-style entities the characters they stand for. Newlines become spaces
/// so every tag is on line 1.
pub(crate) fn prepare(xml: &str) -> Prepared {
    let xml = xml.replace(['\r', '\n'], " ");
    let mut source = String::with_capacity(xml.len());
    let mut tags = Vec::new();
    let mut rest = xml.as_str();
    while let Some(start) = find_opener(rest) {
        source.push_str(&rest[..start]);
        let closer = match &rest[start + 1..start + 2] {
            "{" => "}}",
            "%" => "%}",
            _ => "#}",
        };
        let Some(len) = rest[start + 2..].find(closer) else {
            break;
        };
        let end = start + 2 + len + 2;
        let written = &rest[start..end];
        let clean = clean_tag(written);
        let begin = source.len();
        source.push_str(&clean);
        tags.push(TagInfo {
            range: begin..source.len(),
            as_written: decode_entities(written),
            paragraph: 0,
        });
        rest = &rest[end..];
    }
    source.push_str(rest);
    Prepared {
        source,
        paragraphs: Vec::new(),
        tags,
    }
}

fn find_opener(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(1)).find(|&i| b[i] == b'{' && matches!(b[i + 1], b'{' | b'%' | b'#'))
}

fn clean_tag(tag: &str) -> String {
    decode_entities(tag)
        .chars()
        .map(|c| match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
            c => c,
        })
        .collect()
}

fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_only_inside_tags() {
        let p =
            prepare("<dc:title>Q&amp;A “x” {{ t|default(“SOW”) }} {% if a &lt; 3 %}</dc:title>");
        assert_eq!(
            p.source,
            "<dc:title>Q&amp;A “x” {{ t|default(\"SOW\") }} {% if a < 3 %}</dc:title>"
        );
        assert_eq!(p.tags.len(), 2);
        assert_eq!(
            &p.source[p.tags[0].range.clone()],
            "{{ t|default(\"SOW\") }}"
        );
        assert_eq!(p.tags[0].as_written, "{{ t|default(“SOW”) }}");
    }
}
