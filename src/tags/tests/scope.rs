//! Pass 4, `scope`: `{%p`, `{%tr`, `{%tc`, `{%r` and the `{%-`/`-%}` joins.

use minijinja::{Environment, Value, context};

use super::{paragraph_texts, prep, render, strict};
use crate::tags::Prepared;

#[test]
fn paragraph_if_removes_its_paragraphs() {
    let p = prep("paragraph_if.xml");
    assert_eq!(
        render(&p, context! { show => true, value => 7 }),
        ["Before", "Shown paragraph 7", "Second shown", "After"]
    );
    assert_eq!(render(&p, context! { show => false }), ["Before", "After"]);
    // Tag lines are their paragraphs: `{%p if` is paragraph 2, `{%p endif` 5.
    let lines: Vec<&str> = p.source.split('\n').collect();
    assert_eq!(lines[2], "{% if show %}");
    assert_eq!(lines[5], "{% endif %}");
}

#[test]
fn table_row_loop_repeats_rows() {
    let p = prep("table_row_loop.xml");
    let goals = vec![
        context! { name => "Patch", level => 2 },
        context! { name => "Train", level => 3 },
    ];
    let texts = render(&p, context! { goals });
    assert_eq!(
        texts,
        ["Goals", "Goal", "Level", "Patch", "2", "Train", "3", "End"]
    );
    // The row with 2 paragraphs became "\n{% for %}\n": the tag on its own line.
    assert!(p.source.contains("</w:tr>\n{% for g in goals %}\n<w:tr"));
    assert!(render(&p, context! { goals => Vec::<Value>::new() }).len() == 4);
}

#[test]
fn table_column_loop_repeats_cells() {
    let p = prep("table_column_loop.xml");
    let texts = render(&p, context! { cols => vec!["A", "B", "C"] });
    assert_eq!(texts, ["Name", "A", "B", "C", ""]);
}

#[test]
fn run_tag_splits_its_run() {
    let p = prep("run_tag.xml");
    let t = render(&p, context! { ok => true });
    assert_eq!(t, ["Status: before OK after"]);
    let t = render(&p, context! { ok => false });
    assert_eq!(t, ["Status: before FAIL after"]);
    // Text after `{%r endif %}` keeps the italic run's format.
    assert!(
        p.source.contains(
            "{% endif %}<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\"> after</w:t>"
        )
    );
}

#[test]
fn dash_tags_join_paragraphs_like_docxtpl() {
    let p = prep("dash_merge.xml");
    let t = render(&p, context! { living_in_town => true });
    assert_eq!(
        t,
        ["My house is located\u{a0}in urban area\u{a0}and I love it."]
    );
    let t = render(&p, context! { living_in_town => false });
    assert_eq!(
        t,
        ["My house is located\u{a0}in countryside\u{a0}and I love it."]
    );
}

/// Cases from docxtpl's `tests/patch_xml_modulo_brace.py`: a `%` or `}` inside
/// a structural tag's expression must not end the tag.
#[test]
fn docxtpl_modulo_and_brace_in_structural_tags() {
    let cases = [
        (
            "<w:p><w:r><w:t>{%p set x = a % b %}</w:t></w:r></w:p>",
            "\n{% set x = a % b %}",
        ),
        (
            "<w:p><w:r><w:t>{%p set d = {'a': 1} %}</w:t></w:r></w:p>",
            "\n{% set d = {'a': 1} %}",
        ),
        (
            "<w:tr><w:tc><w:p><w:r><w:t>{%tr for x in items if x % 2 %}</w:t></w:r></w:p></w:tc></w:tr>",
            "\n{% for x in items if x % 2 %}",
        ),
    ];
    for (xml, want) in cases {
        assert_eq!(strict("p", xml).unwrap().source, want, "{xml}");
    }
}

/// The comment forms `{#p`, `{#tr`, `{#tc` (docxtpl `tests/comments.py`)
/// remove their element too; `{#r` is not structural in docxtpl.
#[test]
fn structural_comments_remove_their_element() {
    let xml = "<w:body><w:p><w:r><w:t>{#p a note #}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>{#tr row note #}</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>x{#r keep #}</w:t></w:r></w:p></w:body>";
    let p = strict("p", xml).unwrap();
    assert_eq!(
        p.source,
        "<w:body>\n{# a note #}<w:tbl>\n{# row note #}</w:tbl>\n<w:p><w:r><w:t>x{#r keep #}</w:t></w:r></w:p></w:body>"
    );
    assert_eq!(render(&p, context! {}), ["x"]);
}

#[test]
fn dash_join_refuses_to_cross_a_table_boundary() {
    let xml = "<w:body><w:p><w:r><w:t>before</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>{%- if x %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>text {%- endif %}</w:t></w:r></w:p></w:body>";
    let err = strict("p", xml).unwrap_err();
    let msgs: Vec<String> = err.iter().map(ToString::to_string).collect();
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    assert!(
        msgs[0].contains("cannot join text across a table"),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[1].contains("nothing may come before it"),
        "{}",
        msgs[1]
    );
}

/// Renders `source` to XML with the paragraph-map newlines removed.
fn render_xml(p: &Prepared, ctx: Value) -> String {
    let mut env = Environment::new();
    env.add_template_owned("t", p.source.clone()).unwrap();
    let out = env.get_template("t").unwrap().render(ctx).unwrap();
    let out = out.replace('\n', "");
    paragraph_texts(&out);
    out
}

/// `<w:r>` elements that hold nothing but their properties and empty text.
fn empty_runs(xml: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (i, _) in xml.match_indices("<w:r>").chain(xml.match_indices("<w:r ")) {
        let end = xml[i..].find("</w:r>").map_or(xml.len(), |e| i + e + 6);
        let run = &xml[i..end];
        let inner = &run[run.find('>').unwrap() + 1..];
        let inner = inner.split_once("</w:rPr>").map_or(inner, |(_, rest)| rest);
        let bare = inner
            .replace("<w:t xml:space=\"preserve\">", "")
            .replace("<w:t>", "")
            .replace("</w:t>", "")
            .replace("</w:r>", "");
        if bare.is_empty() {
            found.push(run);
        }
    }
    found
}

/// docxtpl's `{%r` takes the tag's run out; engagekit leaves no empty run
/// behind either, and text around the tag keeps its run's formatting.
#[test]
fn run_tags_leave_no_empty_runs() {
    let para = |runs: &[String]| format!("<w:body><w:p>{}</w:p></w:body>", runs.concat());
    let run = |rpr: &str, t: &str| format!("<w:r><w:rPr>{rpr}</w:rPr><w:t>{t}</w:t></w:r>");
    let cases = [
        // Each tag in a run of its own.
        (
            para(&[
                run("<w:b/>", "{%r if x %}"),
                run("", "shown"),
                run("<w:i/>", "{%r endif %}"),
            ]),
            ["shown", ""],
        ),
        // Both tags in one run.
        (para(&[run("<w:b/>", "{%r if x %}{%r endif %}")]), ["", ""]),
        // Tags split over runs by Word, with a spell-check mark between.
        (
            para(&[
                run("<w:b/>", "{%r if"),
                "<w:proofErr w:type=\"spellStart\"/>".to_string(),
                run("<w:i/>", " x %}"),
                run("", "shown"),
                run("<w:i/>", "{%r en"),
                run("", "dif %}"),
            ]),
            ["shown", ""],
        ),
        // Text around the tags in the same runs.
        (
            para(&[
                run("<w:b/>", "A {%r if x %}"),
                run("", "B"),
                run("<w:i/>", "{%r endif %} C"),
            ]),
            ["A B C", "A  C"],
        ),
    ];
    for (xml, [shown, hidden]) in &cases {
        let p = strict("p", xml).unwrap();
        for (x, want) in [(true, shown), (false, hidden)] {
            let out = render_xml(&p, context! { x => x });
            assert_eq!(empty_runs(&out), Vec::<&str>::new(), "{out}");
            assert!(!out.contains("{%"), "{out}");
            assert_eq!(paragraph_texts(&out), [*want], "{out}");
        }
    }
    // The text around the tags keeps its run's formatting (docxtpl puts the
    // text after a `{%r` tag in an unformatted run).
    let p = strict("p", &cases[3].0).unwrap();
    let out = render_xml(&p, context! { x => true });
    assert!(
        out.contains("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">A </w:t></w:r>"),
        "{out}"
    );
    assert!(
        out.contains("<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\"> C</w:t></w:r>"),
        "{out}"
    );
}

/// A run tag's run that holds more than the tag (a tab, a second text) keeps it.
#[test]
fn run_tags_keep_the_rest_of_their_run() {
    let xml = "<w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{%r if x %}</w:t><w:tab/><w:t>{%r endif %}</w:t></w:r><w:r><w:t>{%r if x %}</w:t><w:br/></w:r></w:p><w:p><w:r><w:t>{%r endif %}</w:t></w:r></w:p></w:body>";
    let p = strict("p", xml).unwrap();
    let out = render_xml(&p, context! { x => true });
    assert!(out.contains("<w:tab/>"), "{out}");
    assert!(out.contains("<w:br/>"), "{out}");
    assert_eq!(paragraph_texts(&out), ["\n", ""], "{out}");
    let out = render_xml(&p, context! { x => false });
    assert!(
        !out.contains("<w:tab/>") && !out.contains("<w:br/>"),
        "{out}"
    );
}
