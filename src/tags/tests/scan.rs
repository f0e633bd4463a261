//! Pass 1, `scan`: where tags are searched, and malformed input.

use minijinja::{Environment, context};

use super::{fixture, paragraph_texts, prep, render, strict};

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
