//! Tests of [`preprocess`]: fixture snapshots, invariants, end-to-end renders.

use std::fmt::Write as _;

use minijinja::{Environment, Value, context};
use quick_xml::Reader;
use quick_xml::events::Event;

use super::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/word-xml");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap()
}

/// [`preprocess`], but any problem is an error (as the renderer treats it).
fn strict(part: &str, xml: &str) -> Result<Prepared, Diagnostics> {
    preprocess(part, xml).and_then(Preprocessed::into_result)
}

fn prep(name: &str) -> Prepared {
    strict("word/document.xml", &fixture(name)).unwrap_or_else(|d| panic!("{name}: {d}"))
}

/// Paragraph start tags in the original XML, counted independently of the scanner.
fn count_paragraphs(xml: &str) -> usize {
    xml.matches("<w:p>").count() + xml.matches("<w:p ").count() + xml.matches("<w:p/>").count()
}

/// Checks the properties every successful preprocess must have.
fn check_invariants(xml: &str, p: &Prepared) {
    let n = count_paragraphs(xml);
    assert_eq!(p.paragraphs.len(), n, "paragraph texts");
    assert_eq!(
        p.source.matches('\n').count(),
        n,
        "one newline per paragraph"
    );
    assert!(!p.source.contains('\r'));
    let mut last_end = 0;
    let mut line = 1;
    let has_text_box = xml.contains("txbxContent");
    for t in &p.tags {
        let s = &p.source[t.range.clone()];
        assert!(t.range.start >= last_end, "tags in order");
        last_end = t.range.end;
        assert!(s.starts_with('{') && s.ends_with('}'), "{s}");
        assert!(!s.contains('\n'), "{s}");
        // The line a tag starts on is its paragraph.
        line += p.source[last_start(&p.tags, t)..t.range.start]
            .matches('\n')
            .count();
        if has_text_box {
            // After a text box, the line is the box's last paragraph.
            assert!(p.paragraph_of_line(line) >= t.paragraph, "{s}");
        } else {
            assert_eq!(p.paragraph_of_line(line), t.paragraph, "{s}");
        }
        assert_eq!(p.tag_at(t.range.start), Some(t));
        assert_eq!(p.tag_at(t.range.end - 1), Some(t));
        if t.paragraph > 0 {
            assert!(
                p.paragraph_text(t.paragraph).contains(&t.as_written),
                "{} not in {:?}",
                t.as_written,
                p.paragraph_text(t.paragraph)
            );
        }
    }
    // minijinja accepts the source.
    let mut env = Environment::new();
    env.add_template_owned("part", p.source.clone())
        .unwrap_or_else(|e| panic!("{e:#}\n{}", p.source));
}

/// Where the previous tag started (0 for the first), so lines are counted once.
fn last_start(tags: &[TagInfo], t: &TagInfo) -> usize {
    let i = tags.partition_point(|x| x.range.start < t.range.start);
    i.checked_sub(1).map_or(0, |i| tags[i].range.start)
}

fn describe(xml: &str, r: &Result<Prepared, Diagnostics>) -> String {
    let mut out = String::new();
    match r {
        Ok(p) => {
            check_invariants(xml, p);
            writeln!(out, "## source").unwrap();
            writeln!(out, "{}", p.source).unwrap();
            writeln!(out, "## tags (paragraph: as written => in source)").unwrap();
            for t in &p.tags {
                writeln!(
                    out,
                    "{}: {} => {}",
                    t.paragraph,
                    t.as_written,
                    &p.source[t.range.clone()]
                )
                .unwrap();
            }
        }
        Err(d) => {
            writeln!(out, "## diagnostics").unwrap();
            for d in d.iter() {
                writeln!(out, "{d}").unwrap();
                if let Location::Template { paragraph_text, .. } = &d.location {
                    writeln!(out, "  paragraph text: {paragraph_text:?}").unwrap();
                }
            }
        }
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("../../tests/fixtures/word-xml", "*.xml", |path| {
        let xml = std::fs::read_to_string(path).unwrap();
        let r = strict("word/document.xml", &xml);
        insta::assert_snapshot!(describe(&xml, &r));
    });
}

/// Renders `source` and checks the result is well-formed XML once the
/// paragraph-map newlines are removed; returns the text of each `<w:p>`.
fn render(p: &Prepared, ctx: Value) -> Vec<String> {
    let mut env = Environment::new();
    // Stands in for the renderer's XML escaping.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template_owned("part", p.source.clone()).unwrap();
    let out = env
        .get_template("part")
        .unwrap()
        .render(ctx)
        .unwrap_or_else(|e| panic!("{e:#}"));
    let out = out.replace('\n', "");
    paragraph_texts(&out)
}

/// Text of each `w:p` (document order), read back with quick-xml; panics on
/// malformed XML.
fn paragraph_texts(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().enable_all_checks(true);
    let mut texts = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    // Index into `texts` of each open paragraph.
    let mut paras: Vec<usize> = Vec::new();
    loop {
        let ev = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{e} at {}\n{xml}", reader.buffer_position()));
        let in_t = stack.last().is_some_and(|n| n == "w:t");
        match ev {
            Event::Start(e) => {
                if e.name().as_ref() == "w:p" {
                    paras.push(texts.len());
                    texts.push(String::new());
                }
                stack.push(e.name().as_ref().to_string());
            }
            Event::Empty(e) => {
                if e.name().as_ref() == "w:p" {
                    texts.push(String::new());
                }
                if e.name().as_ref() == "w:br"
                    && let Some(&i) = paras.last()
                {
                    texts[i].push('\n');
                }
            }
            Event::End(e) => {
                assert_eq!(stack.pop().as_deref(), Some(e.name().as_ref()));
                if e.name().as_ref() == "w:p" {
                    paras.pop();
                }
            }
            Event::Text(t) if in_t => {
                let i = *paras.last().expect("w:t in a paragraph");
                texts[i].push_str(&t);
            }
            Event::GeneralRef(r) if in_t => {
                let i = *paras.last().expect("w:t in a paragraph");
                let c = r.resolve_char_ref().unwrap().unwrap_or_else(|| match &*r {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("entity {other}"),
                });
                texts[i].push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    texts
}

#[test]
fn split_tag_moves_into_first_run_with_its_format() {
    let p = prep("split_runs.xml");
    // Whole tag in the bold run, which now preserves space.
    assert!(
        p.source.contains(
            "<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">{{ customer.name }}</w:t>"
        ),
        "{}",
        p.source
    );
    // The italic and underlined runs held nothing but pieces of the tag: gone.
    assert!(
        !p.source.contains("<w:lang w:val=\"en-GB\"/>"),
        "{}",
        p.source
    );
    assert!(!p.source.contains("<w:noProof/>"), "{}", p.source);
    assert!(!p.source.contains("<w:t></w:t>"), "{}", p.source);
    // proofErr inside the tag are gone; no others existed in paragraph 1.
    let para1 = p.source.lines().nth(1).unwrap();
    assert!(!para1.contains("proofErr"), "{para1}");
    assert_eq!(p.tags[0].as_written, "{{ customer.name }}");
    assert_eq!(p.tags[1].as_written, "{% if vip %}");
    let texts = render(
        &p,
        context! { customer => context! { name => "Ada" }, vip => true },
    );
    assert_eq!(texts, ["Customer: Ada (signed)", "VIP"]);
    let texts = render(
        &p,
        context! { customer => context! { name => "Bob" }, vip => false },
    );
    assert_eq!(texts, ["Customer: Bob (signed)", ""]);
}

#[test]
fn bookmarks_stay_balanced_and_page_break_kept() {
    let p = prep("bookmark_pagebreak.xml");
    assert_eq!(p.source.matches("<w:bookmarkStart").count(), 1);
    assert_eq!(p.source.matches("<w:bookmarkEnd").count(), 1);
    assert!(p.source.contains("<w:lastRenderedPageBreak/>"));
    assert_eq!(p.tags[0].as_written, "{{ engagement.title }}");
    let texts = render(&p, context! { engagement => context! { title => "Q3" } });
    assert_eq!(texts, ["Intro", "Q3 report"]);
}

#[test]
fn curly_quotes_work_inside_tags_only() {
    let p = prep("curly_quotes.xml");
    assert_eq!(p.tags[0].as_written, "{% if x == \u{201C}a\u{201D} %}");
    assert_eq!(&p.source[p.tags[0].range.clone()], "{% if x == \"a\" %}");
    for (x, want) in [("a", "A"), ("b", "B"), ("c", "")] {
        let texts = render(&p, context! { x, name => "Ann" });
        assert_eq!(texts[0], want);
        // Outside tags the curly quotes stay as typed.
        assert_eq!(texts[1], "He said \u{201C}hello\u{201D} and Ann.");
    }
    let texts = render(&p, context! { x => "a" });
    assert_eq!(texts[1], "He said \u{201C}hello\u{201D} and nobody.");
}

#[test]
fn entities_inside_tags_are_decoded() {
    let p = prep("entities.xml");
    assert_eq!(
        &p.source[p.tags[0].range.clone()],
        "{% if n < 3 and m > 1 %}"
    );
    assert_eq!(p.tags[2].as_written, "{{ a ~ \" & \" ~ b }}");
    let texts = render(
        &p,
        context! { n => 1, m => 2, a => "A", b => "B", x => 1, y => 2 },
    );
    assert_eq!(texts[0], "small");
    assert_eq!(texts[1], "Terms & conditions: A & B <end>");
    assert_eq!(texts[2], "1 and 2");
    let texts = render(
        &p,
        context! { n => 5, m => 2, a => "", b => "", x => 1, y => 2 },
    );
    assert_eq!(texts[0], "");
}

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
fn text_box_choice_and_fallback_are_both_preprocessed() {
    let p = prep("textbox.xml");
    let tags: Vec<&str> = p.tags.iter().map(|t| &p.source[t.range.clone()]).collect();
    assert_eq!(
        tags,
        [
            "{{ a }}",
            "{{ title }}",
            "{% if sub %}",
            "{{ sub }}",
            "{% endif %}",
            "{{ title }}",
            "{% if sub %}",
            "{{ sub }}",
            "{% endif %}",
            "{{ b }}"
        ]
    );
    let texts = render(&p, context! { a => 1, b => 2, title => "T", sub => "S" });
    assert_eq!(
        texts,
        [
            "Before the box 1",
            "after box 2",
            "Box: T",
            "S",
            "Box: T",
            "S",
            "Last"
        ]
    );
}

#[test]
fn field_codes_are_left_alone() {
    let xml = fixture("header_page_field.xml");
    let p = strict("word/header1.xml", &xml).unwrap();
    assert_eq!(p.tags.len(), 1);
    assert!(p.source.contains(" PAGE   \\* MERGEFORMAT "));
    let mut env = Environment::new();
    env.add_template_owned("h", p.source.clone()).unwrap();
    let out = env
        .get_template("h")
        .unwrap()
        .render(context! { company => "ACME" })
        .unwrap();
    assert!(out.contains(" QUOTE \"{{ not a tag }}\" {%x%} "), "{out}");
    let texts = paragraph_texts(&out.replace('\n', ""));
    assert_eq!(texts, ["ACME \u{2013} confidential", "Page 1 of 3", ""]);
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

#[test]
fn newlines_in_the_xml_do_not_break_the_map() {
    let p = prep("newlines.xml");
    let t = render(&p, context! { v => "x" });
    assert_eq!(t, ["line\nbreak x", "plain", ""]);
}

#[test]
fn all_problems_are_reported() {
    let err = strict("word/document.xml", &fixture("error_many.xml")).unwrap_err();
    let msgs: Vec<String> = err.iter().map(|d| d.to_string()).collect();
    assert_eq!(msgs.len(), 6, "{msgs:#?}");
    assert!(err.iter().all(Diagnostic::is_error));
    let para = |i: usize| match &err.0[i].location {
        Location::Template { paragraph, .. } => *paragraph,
        l => panic!("{l:?}"),
    };
    assert_eq!((0..6).map(para).collect::<Vec<_>>(), [1, 2, 3, 4, 6, 7]);
    assert!(msgs[2].contains("rich-content tags `{{p }}`/`{{r }}` are not supported yet"));
}

#[test]
fn malformed_xml_names_part_and_offset() {
    let err = strict("word/footer2.xml", &fixture("error_malformed.xml")).unwrap_err();
    assert_eq!(err.len(), 1);
    let msg = err.0[0].to_string();
    assert!(
        msg.starts_with("word/footer2.xml: failed to parse `word/footer2.xml` as XML"),
        "{msg}"
    );
    assert!(msg.contains("(line 2, byte 893: end tag"), "{msg}");
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
fn never_panics_on_garbage() {
    let xml = fixture("split_runs.xml");
    // Every prefix of a real part: errors or a result, never a panic.
    for end in (0..xml.len())
        .filter(|&i| xml.is_char_boundary(i))
        .step_by(7)
    {
        let _ = strict("p", &xml[..end]);
    }
    for bad in [
        "",
        "<",
        "<<",
        "&",
        "<a>&#xFFFFFFFF;</a>",
        "<w:t>{{</w:t>",
        "<a b='>'/>",
    ] {
        let _ = strict("p", bad);
    }
}

/// Splits `text` at the given byte positions into runs with varying noise in between.
const NOISE: [&str; 5] = [
    "<w:proofErr w:type=\"spellStart\"/>",
    "<w:bookmarkStart w:id=\"1\" w:name=\"b\"/><w:bookmarkEnd w:id=\"1\"/>",
    "",
    "<w:proofErr w:type=\"gramEnd\"/>",
    "<w:r><w:lastRenderedPageBreak/></w:r>",
];

fn split_into_runs(text: &str, cuts: &[usize], seed: usize) -> String {
    const RPR: [&str; 4] = [
        "",
        "<w:rPr><w:b/></w:rPr>",
        "<w:rPr><w:lang w:val=\"fr-FR\"/></w:rPr>",
        "<w:rPr><w:i/><w:color w:val=\"FF0000\"/></w:rPr>",
    ];
    let mut out = String::from("<w:body><w:p w:rsidR=\"001\">");
    let mut prev = 0;
    for (k, &c) in cuts.iter().chain(std::iter::once(&text.len())).enumerate() {
        let piece = &text[prev..c];
        prev = c;
        if k > 0 {
            out.push_str(NOISE[(seed + k) % NOISE.len()]);
        }
        write!(
            out,
            "<w:r w:rsidR=\"00{k}\">{}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            RPR[(seed + k) % RPR.len()],
            piece
        )
        .unwrap();
    }
    out.push_str("</w:p></w:body>");
    out
}

#[test]
fn any_split_of_a_tag_is_recovered() {
    // Char boundaries that do not cut an entity reference.
    let tags = [
        "{{ customer.name | upper }}",
        "{% if a &lt; 3 and b == \u{201C}x\u{201D} %}",
        "{# a comment #}",
    ];
    // Keeps the template valid; only the first tag is split.
    let suffix = ["", "{% endif %}", ""];
    let mut cases = 0;
    for (ti, tag) in tags.iter().enumerate() {
        let text = format!("Hello {tag} world{}", suffix[ti]);
        let ok: Vec<usize> = (1..6 + tag.len() + 6)
            .filter(|&i| text.is_char_boundary(i))
            .filter(|&i| {
                // not inside `&lt;`
                let before = &text[..i];
                before.rfind('&').is_none_or(|a| before[a..].contains(';'))
            })
            .collect();
        let expected_written = super::scan::decode(tag);
        let expected_source = super::quotes::clean(&expected_written);
        // Deterministic pseudo-random choices of 1–4 cut points.
        let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ ti as u64;
        for seed in 0..300 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let n = 1 + (state % 4) as usize;
            let mut cuts: Vec<usize> = (0..n)
                .map(|k| ok[((state >> (8 * k)) as usize) % ok.len()])
                .collect();
            cuts.sort_unstable();
            cuts.dedup();
            let xml = split_into_runs(&text, &cuts, seed);
            let p = strict("p", &xml).unwrap_or_else(|d| panic!("{d}\n{xml}"));
            assert_eq!(p.tags.len(), 1 + usize::from(ti == 1), "{xml}");
            assert_eq!(p.tags[0].as_written, expected_written, "{xml}");
            assert_eq!(&p.source[p.tags[0].range.clone()], expected_source, "{xml}");
            // proofErr between pieces of the tag are gone, the others stay.
            let outside = cuts
                .iter()
                .enumerate()
                .filter(|&(k, &c)| {
                    NOISE[(seed + k + 1) % NOISE.len()].contains("proofErr")
                        && !(6 < c && c < 6 + tag.len())
                })
                .count();
            assert_eq!(p.source.matches("proofErr").count(), outside, "{xml}");
            check_invariants(&xml, &p);
            if ti == 0 {
                let t = render(&p, context! { customer => context! { name => "ada" } });
                assert_eq!(t, ["Hello ADA world"], "{}", p.source);
            }
            cases += 1;
        }
    }
    assert_eq!(cases, 900);
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

/// docxtpl's `tests/invalid_xml_after_rendering.py` (with autoescape): text
/// with `<` in a value renders to well-formed XML once escaped.
#[test]
fn docxtpl_escaped_value_renders_well_formed() {
    let xml = "<w:body><w:p><w:r><w:t>Criticality: {{ defect.criticality }}</w:t></w:r></w:p><w:p><w:r><w:t>Source: {{ defect.source }}</w:t></w:r></w:p></w:body>";
    let p = strict("p", xml).unwrap();
    let t = render(
        &p,
        context! { defect => context! { criticality => "<select>", source => "QA" } },
    );
    assert_eq!(t, ["Criticality: <select>", "Source: QA"]);
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

/// A part with problems still gives a complete source: the problem tags are
/// neutralised, the rest compiles, so its syntax errors can be found too.
#[test]
fn problems_come_with_a_neutralised_source() {
    let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let xml = format!(
        "<w:body>{}{}{}{}{}<w:tbl><w:tr><w:tc>{}{}</w:tc></w:tr></w:tbl>{}</w:body>",
        p("intro"),
        p("{{ customer.name"),
        p("{%tr if a %}"),
        p("{{p rich }}"),
        p("{% endif %}"),
        p("{%tc for c in cols %}"),
        p("{% if lost %}{% endif %}"),
        p("{% endfor %}"),
    );
    let pre = preprocess("word/document.xml", &xml).unwrap();
    let paras: Vec<usize> = pre
        .problems
        .iter()
        .map(|d| match &d.location {
            Location::Template { paragraph, .. } => *paragraph,
            l => panic!("{l:?}"),
        })
        .collect();
    assert_eq!(paras, [2, 3, 4, 7, 7], "{}", pre.problems);
    let src = &pre.prepared.source;
    // The unclosed opener is text, the misplaced structural tags plain tags,
    // and the tags lost inside the replaced cell are kept after it.
    assert!(src.contains("{{ '{' }}{ customer.name"), "{src}");
    assert!(src.contains("{% if a %}"), "{src}");
    assert!(src.contains("{{ rich }}"), "{src}");
    assert!(
        src.contains("{% for c in cols %}\n{% if lost %}{% endif %}"),
        "{src}"
    );
    Environment::new()
        .template_from_str(src)
        .unwrap_or_else(|e| panic!("{e:#}\n{src}"));
    // One line per paragraph still holds.
    assert_eq!(pre.prepared.tags[4].paragraph, 7);
    assert_eq!(src.lines().count(), 9, "{src}");
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
