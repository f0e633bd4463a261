//! Pass 6, `para_map`: one template line per paragraph.

use std::fmt::Write as _;

use minijinja::context;

use super::{check_invariants, prep, render, strict};

#[test]
fn newlines_in_the_xml_do_not_break_the_map() {
    let p = prep("newlines.xml");
    let t = render(&p, context! { v => "x" });
    assert_eq!(t, ["line\nbreak x", "plain", ""]);
}

#[test]
fn text_outside_paragraphs_is_paragraph_zero() {
    let xml = "<w:document><w:body><w:r><w:t>{{ x }}</w:t></w:r><w:p><w:r><w:t>y</w:t></w:r></w:p></w:body></w:document>";
    let p = strict("p", xml).unwrap();
    assert_eq!(p.tags[0].paragraph, 0);
    assert_eq!(
        p.source.lines().next().unwrap().matches("{{ x }}").count(),
        1
    );
}

#[test]
fn large_table_is_linear() {
    // 5,000 rows of a {%tr for %} table: finishes quickly (no timing assert).
    let mut body = String::from("<w:body><w:tbl>");
    body.push_str(
        "<w:tr><w:tc><w:p><w:r><w:t>{%tr for r in rows %}</w:t></w:r></w:p></w:tc></w:tr>",
    );
    for i in 0..5000 {
        write!(
            body,
            "<w:tr><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{{{{ r.a }}}} {i}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{{{{ r.</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:r><w:t>b }}}}</w:t></w:r></w:p></w:tc></w:tr>"
        )
        .unwrap();
    }
    body.push_str("<w:tr><w:tc><w:p><w:r><w:t>{%tr endfor %}</w:t></w:r></w:p></w:tc></w:tr>");
    body.push_str("</w:tbl></w:body>");
    let p = strict("p", &body).unwrap();
    assert_eq!(p.tags.len(), 10_002);
    check_invariants(&body, &p);
}
