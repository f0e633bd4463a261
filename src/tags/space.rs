//! Pass 5, **space**: `xml:space="preserve"` on every `<w:t>` holding a tag.
//!
//! Word quirk handled: Word writes `<w:t>` without `xml:space="preserve"`
//! when its text has no leading/trailing space, and readers then trim the
//! text. Once a tag renders to a value that starts or ends with a space, or
//! the renderer turns a newline in a value into
//! `</w:t><w:br/><w:t xml:space="preserve">`, that whitespace must survive.

use super::Plan;
use super::scan::{Delim, Scanned};

/// Marks the `<w:t>` start tag that will hold each `{{ }}`/`{% %}` tag.
pub(crate) fn apply(sc: &Scanned, plan: &mut Plan) {
    // The segment whose `<w:t>` a segment's text ends up in, after `{%-`/`-%}` joins.
    let mut home = vec![0u32; sc.segs.len()];
    for s in 0..sc.segs.len() {
        home[s] = if s > 0 && plan.joined[s] {
            home[s - 1]
        } else {
            s as u32
        };
    }
    for tag in &plan.tags {
        // Structural tags leave the `<w:t>` (a `{%r` split opens its own).
        if tag.scope.is_some() || tag.raw.delim == Delim::Comment {
            continue;
        }
        let s = home[tag.raw.segs[0] as usize];
        let wt = sc.tokens[sc.segs[s as usize] as usize].parent;
        plan.preserve[wt as usize] = true;
    }
}

/// `<w:t>` / `<w:t xml:space="default">` → `<w:t xml:space="preserve">`,
/// never duplicating the attribute. `name_len` is the byte length of `<w:t`.
pub(crate) fn preserve_start_tag(tag: &str, name_len: usize, out: &mut String) {
    if let Some(at) = tag.find("xml:space") {
        // Replace the quoted value that follows.
        let rest = &tag[at..];
        let q = rest.find(['"', '\'']);
        let close = q.and_then(|q| rest[q + 1..].find(&rest[q..q + 1]).map(|c| q + 1 + c));
        if let (Some(q), Some(c)) = (q, close) {
            out.push_str(&tag[..at + q + 1]);
            out.push_str("preserve");
            out.push_str(&tag[at + c..]);
            return;
        }
    }
    out.push_str(&tag[..name_len]);
    out.push_str(" xml:space=\"preserve\"");
    out.push_str(&tag[name_len..]);
}

#[cfg(test)]
mod tests {
    use super::preserve_start_tag;

    fn p(tag: &str) -> String {
        let mut s = String::new();
        preserve_start_tag(tag, 4, &mut s);
        s
    }

    #[test]
    fn adds_or_replaces_once() {
        assert_eq!(p("<w:t>"), "<w:t xml:space=\"preserve\">");
        assert_eq!(p("<w:t a=\"1\">"), "<w:t xml:space=\"preserve\" a=\"1\">");
        assert_eq!(
            p("<w:t xml:space=\"preserve\">"),
            "<w:t xml:space=\"preserve\">"
        );
        assert_eq!(
            p("<w:t xml:space='default' b=\"2\">"),
            "<w:t xml:space='preserve' b=\"2\">"
        );
    }
}
