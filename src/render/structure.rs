//! Can rendering a part's template ever give malformed XML? Decided once, at
//! compile time, so that the well-formedness check of every rendered part
//! (a large share of the render time of a big document; BENCHMARKS.md,
//! "Well-formedness check") runs only where it can find something.
//!
//! Values cannot break the XML: [`super::xml_formatter`] escapes them, drops
//! the characters XML forbids, and writes a newline or tab as a balanced
//! `</w:t><w:br/><w:t>` (which needs the value to sit directly in a `w:t`).
//! What can break it is the template's structure: a block such as
//! `{% if %}` … `{% endif %}` opened inside one element and closed inside
//! another, or a value marked safe. So a part's structure is *static* when:
//!
//! * the literal XML around the tags, read as if every branch were taken
//!   once (the skeleton), is well-formed;
//! * every tag stands in text content (never inside `<…>`), every `{{ }}`
//!   inside the root element, and in Word parts directly in a `w:t`;
//! * every block body and branch (`if`/`elif`/`else`, `for`/`else`, `with`)
//!   ends at the element depth it started at and never closes an element
//!   opened before it, and `break`/`continue` stand at their loop's depth;
//!   blocks stand inside the root element;
//! * only these statements are used (plus `set x = …`), and no name that can
//!   produce safe (unescaped) output or template text from elsewhere appears
//!   (`safe`, `tojson`, macros, `include`, recursive loops, …).
//!
//! Then any data, any number of iterations and any branch give the skeleton's
//! elements repeated or left out as a whole, which is well-formed. Everything
//! else is checked after rendering, as before; a template we cannot judge is
//! simply checked.

use super::vars::{statement_keyword, tag_body};
use crate::docx::check_xml;

/// Names that may produce output that is not escaped (or not from this part).
const UNSAFE_NAMES: &[&str] = &[
    "safe",
    "tojson",
    "escape",
    "e",
    "macro",
    "call",
    "caller",
    "filter",
    "include",
    "import",
    "from",
    "extends",
    "block",
    "raw",
    "autoescape",
    "recursive",
    "super",
    "self",
];

/// An open block: its kind and the element depth it started at.
struct Frame {
    keyword: &'static str,
    depth: usize,
}

/// Is rendering `source` (a part's minijinja source) well-formed for any data?
/// `word`: a Word part, where values must sit directly in `w:t`.
pub(crate) fn is_static(source: &str, word: bool) -> bool {
    let mut skeleton = String::with_capacity(source.len());
    let mut stack: Vec<&str> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut rest = source;
    loop {
        let next = find_tag_start(rest);
        let literal = &rest[..next.unwrap_or(rest.len())];
        let floor = frames.last().map_or(0, |f| f.depth);
        if !follow_markup(literal, &mut stack, floor) {
            return false;
        }
        skeleton.push_str(literal);
        let Some(start) = next else { break };
        let tag = &rest[start..];
        let Some(len) = tag_len(tag) else {
            return false;
        };
        let (open, tag) = (&tag[1..2], &tag[..len]);
        let body = tag_body(tag);
        if open != "#" && has_unsafe_name(body) {
            return false;
        }
        let depth = stack.len();
        let ok = match open {
            "#" => true,
            "{" => depth > 0 && (!word || stack.last() == Some(&"w:t")),
            _ => statement(
                statement_keyword(tag).unwrap_or(""),
                body,
                depth,
                &mut frames,
            ),
        };
        if !ok {
            return false;
        }
        rest = &rest[start + len..];
    }
    stack.is_empty() && frames.is_empty() && check_xml(&skeleton).is_ok()
}

/// Applies one statement to the open blocks; `false` when it is not one we
/// can judge or it breaks the rules.
fn statement(keyword: &str, body: &str, depth: usize, frames: &mut Vec<Frame>) -> bool {
    let top = frames.last();
    match keyword {
        "if" | "for" | "with" => {
            if depth == 0 {
                return false;
            }
            let keyword = match keyword {
                "if" => "if",
                "for" => "for",
                _ => "with",
            };
            frames.push(Frame { keyword, depth });
            true
        }
        "elif" => top.is_some_and(|f| f.keyword == "if" && f.depth == depth),
        "else" => top.is_some_and(|f| matches!(f.keyword, "if" | "for") && f.depth == depth),
        "endif" | "endfor" | "endwith" => {
            let ok = top.is_some_and(|f| keyword[3..] == *f.keyword && f.depth == depth);
            frames.pop();
            ok
        }
        "break" | "continue" => frames
            .iter()
            .rev()
            .find(|f| f.keyword == "for")
            .is_some_and(|f| f.depth == depth),
        // `set x = …` prints nothing; a `{% set x %}` block captures markup.
        "set" => body.contains('='),
        _ => false,
    }
}

/// Follows the element stack through literal XML. `false` when the text ends
/// inside markup, or closes an element opened before the current block
/// (`floor`) or not the one open.
fn follow_markup<'a>(xml: &'a str, stack: &mut Vec<&'a str>, floor: usize) -> bool {
    let b = xml.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        let at = i + lt;
        let rest = &xml[at..];
        if rest.starts_with("<!--") {
            let Some(end) = rest.find("-->") else {
                return false;
            };
            i = at + end + 3;
            continue;
        }
        let Some(end) = markup_end(rest) else {
            return false;
        };
        let inner = &rest[1..end];
        i = at + end + 1;
        if inner.starts_with('?') || inner.starts_with('!') {
            continue;
        }
        if let Some(name) = inner.strip_prefix('/') {
            if stack.len() <= floor || stack.pop() != Some(name.trim_end()) {
                return false;
            }
        } else if !inner.ends_with('/') {
            let name_len = inner
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(inner.len());
            stack.push(&inner[..name_len]);
        }
    }
    true
}

/// The offset of the `>` that ends the markup starting at `s[0] == '<'`,
/// skipping quoted attribute values.
fn markup_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// Where the next `{{`, `{%` or `{#` starts.
fn find_tag_start(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'{', &b[i..]) {
        let at = i + k;
        if matches!(b.get(at + 1), Some(b'{' | b'%' | b'#')) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The length of the tag at the start of `s`, up to its closing delimiter
/// (skipping string literals in expressions and statements).
fn tag_len(s: &str) -> Option<usize> {
    let close = match s.as_bytes().get(1)? {
        b'{' => "}}",
        b'%' => "%}",
        _ => return s.find("#}").map(|i| i + 2),
    };
    let b = s.as_bytes();
    let mut quote = None;
    let mut i = 2;
    while i < b.len() {
        match (quote, b[i]) {
            (Some(_), b'\\') => i += 1,
            (Some(q), c) if c == q => quote = None,
            (None, c @ (b'"' | b'\'')) => quote = Some(c),
            (None, _) if s[i..].starts_with(close) => return Some(i + 2),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Does the tag body use a name from [`UNSAFE_NAMES`]?
fn has_unsafe_name(body: &str) -> bool {
    body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| UNSAFE_NAMES.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "<w:document><w:body>";
    const END: &str = "</w:body></w:document>";

    fn doc(body: &str) -> String {
        format!("{P}{body}{END}")
    }

    #[test]
    fn balanced_blocks_are_static() {
        for body in [
            "<w:p><w:r><w:t>{{ a }}</w:t></w:r></w:p>",
            "{% for g in goals %}<w:p><w:r><w:t>{{ g.title }}</w:t></w:r></w:p>{% endfor %}",
            "{% if a %}<w:p/>{% elif b %}<w:p/><w:p/>{% else %}{% endif %}",
            "<w:tbl>{% for r in rows %}<w:tr><w:tc><w:p/></w:tc></w:tr>{% if loop.last %}{% break %}{% endif %}{% endfor %}</w:tbl>",
            "<w:p><w:r><w:t xml:space=\"preserve\">{% if x %}A &amp; B{% endif %}{# note #}</w:t></w:r></w:p>",
            "{% set n = goals|length %}{% with a = 1 %}<w:p/>{% endwith %}",
            "{%- if a -%}<w:p a='{x}'/>{%- endif %}",
        ] {
            assert!(is_static(&doc(body), true), "{body}");
        }
    }

    #[test]
    fn anything_that_can_cut_the_structure_is_not() {
        for body in [
            // A block closed in another element than it opened in.
            "<w:p>{% if a %}</w:p><w:p>{% endif %}</w:p>",
            "<w:tc><w:p/>{% if a %}</w:tc><w:tc>{% endif %}<w:p/></w:tc>",
            "{% if a %}<w:p>{% endif %}</w:p>",
            "{% for x in y %}<w:p>{% break %}</w:p>{% endfor %}",
            "<w:p>{% if a %}</w:p>{% else %}</w:p>{% endif %}",
            // Values that are not escaped, or not in w:t.
            "<w:p><w:r><w:t>{{ a|safe }}</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>{{ a|tojson }}</w:t></w:r></w:p>",
            "<w:p>{{ a }}</w:p>",
            // Statements we do not judge.
            "{% macro m() %}<w:p/>{% endmacro %}",
            "{% set x %}<w:p/>{% endset %}",
            "{% for x in y recursive %}<w:p/>{% endfor %}",
            "{% include 'x' %}",
            // A tag inside markup, malformed literal XML, unclosed things.
            "<w:p w:val=\"1\" {{ a }}/>",
            "<w:p>&nbsp;</w:p>",
            "{% if a %}<w:p/>",
            "<w:p><w:r><w:t>{{ a </w:t></w:r></w:p>",
        ] {
            assert!(!is_static(&doc(body), true), "{body}");
        }
        // Blocks around the root element, values outside it.
        assert!(!is_static("{% if a %}<r/>{% endif %}", false));
        assert!(!is_static("{{ a }}<r/>", false));
        assert!(!is_static("<r/>{{ a }}", false));
    }

    #[test]
    fn core_properties_values_need_no_w_t() {
        let core = "<cp:coreProperties><dc:title>{{ title }}</dc:title></cp:coreProperties>";
        assert!(is_static(core, false));
        assert!(!is_static(core, true));
    }

    /// Nested template pieces: balanced blocks and elements, with now and
    /// then a piece that cuts the structure (`</w:p><w:p>`, a lone `<w:p>`).
    fn pieces() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = proptest::sample::select(vec![
            "<w:p/>",
            "<w:p><w:r><w:t>{{ v }}</w:t></w:r></w:p>",
            "{{ v }}",
            "x &amp; y",
            "{% break %}",
            "{% continue %}",
            "</w:p><w:p>",
            "<w:p>",
            "</w:p>",
            "{% set v = v ~ '<' %}",
        ])
        .prop_map(str::to_string);
        leaf.prop_recursive(4, 32, 4, |inner| {
            let wrap = proptest::sample::select(vec![
                ("{% if a %}", "{% endif %}"),
                ("{% if a %}", "{% else %}<w:p/>{% endif %}"),
                ("{% if b %}", "{% elif a %}{{ v }}{% endif %}"),
                ("{% for i in items %}", "{% endfor %}"),
                ("{% for i in items %}", "{% else %}x{% endfor %}"),
                ("<w:p>", "</w:p>"),
                ("<w:r><w:t>", "</w:t></w:r>"),
            ]);
            (wrap, proptest::collection::vec(inner, 0..4))
                .prop_map(|((open, close), body)| format!("{open}{}{close}", body.concat()))
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Whatever is judged static renders to well-formed XML, for any data.
        #[test]
        fn static_parts_render_well_formed(
            body in pieces(),
            a in proptest::bool::ANY,
            b in proptest::bool::ANY,
            items in 0usize..3,
        ) {
            let source = doc(&body);
            if is_static(&source, true) {
                let mut env = super::super::new_environment(&Default::default());
                env.add_template_owned("word/document.xml".to_string(), source.clone()).unwrap();
                let ctx = minijinja::context! { a, b, v => "1 < 2\n&", items => vec![0; items] };
                let out = env.get_template("word/document.xml").unwrap().render(ctx).unwrap();
                proptest::prop_assert!(check_xml(&out).is_ok(), "{source}\n{out}");
            }
        }
    }
}
