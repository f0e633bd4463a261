//! Tests of [`preprocess`]: fixture snapshots, invariants, end-to-end renders.
//!
//! Here: the helpers, the snapshot of every fixture in `tests/fixtures/word-xml`
//! (with the invariants every result must meet) and an end-to-end render.
//! Then one file per pass, in the order of [`preprocess`]: `scan`,
//! `merge_runs`, `quotes`, `scope`, `para_map`; and `problems`.

use std::fmt::Write as _;

use minijinja::{Environment, Value, context};
use quick_xml::Reader;
use quick_xml::events::Event;

use super::*;

mod merge_runs;
mod para_map;
mod problems;
mod quotes;
mod scan;
mod scope;

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
