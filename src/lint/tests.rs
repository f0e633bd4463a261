use super::*;
use crate::docx::testutil::{CORE, hdr, word_entries, zip_entries};

/// A Word-like package whose body holds one paragraph per string.
fn package(paragraphs: &[&str]) -> DocxPackage {
    let body: String = paragraphs
        .iter()
        .map(|t| format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>"))
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut entries = word_entries();
    for (name, bytes, _) in &mut entries {
        match name.as_str() {
            "word/document.xml" => *bytes = document.clone().into_bytes(),
            "word/header10.xml" => *bytes = hdr("{{ provider.name }}").into_bytes(),
            "docProps/core.xml" => {
                *bytes = CORE
                    .replace("{{ title }}", "{{ document.title }}")
                    .into_bytes()
            }
            _ => {}
        }
    }
    DocxPackage::from_bytes(zip_entries(&entries), "t.docx").unwrap()
}

fn lint(kind: DocumentKind, paragraphs: &[&str]) -> Vec<String> {
    lint_package(&package(paragraphs), kind)
        .unwrap()
        .iter()
        .map(|d| {
            let Location::Template { paragraph, tag, .. } = &d.location else {
                panic!("not a template location: {d}");
            };
            format!(
                "{paragraph} {tag}: {} ({})",
                d.message,
                d.hint.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn every_embedded_template_lints_clean() {
    for kind in DocumentKind::ALL {
        let package =
            DocxPackage::from_bytes(kind.embedded().to_vec(), kind.template_file()).unwrap();
        let problems = lint_package(&package, kind).unwrap();
        assert!(problems.is_empty(), "{}: {problems}", kind.template_file());
    }
}

#[test]
fn a_clean_template_has_no_problems() {
    let found = lint(
        DocumentKind::Sow,
        &[
            "{{ customer.name }} {{ iteration.commit.price|money(currency) }} {{ locale }}",
            "{% for g in iteration.commit.goals %}{{ g.title }} {{ g.result.status_label }}{% endfor %}",
            "{% set c = iteration.commit %}{{ c.effort.days }} {{ previous.assess.maturity.label if previous }}",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn unknown_paths_get_the_nearest_field() {
    assert_eq!(
        lint(
            DocumentKind::Sow,
            &[
                "{{ custmer.name }}",
                "{{ iteration.commit.pric }}",
                "{% for g in iteration.commit.goals %}{{ g.titel }}{% endfor %}",
                "{{ iteration.commit.effort.days.total }}",
                "{{ iteration.commit.zzzzzz }}",
            ]
        ),
        [
            "1 {{ custmer.name }}: `custmer.name` is not in the context of the statement of work (did you mean `customer.name`?)",
            "2 {{ iteration.commit.pric }}: `iteration.commit` has no field `pric` (did you mean `iteration.commit.price`?)",
            "3 {{ g.titel }}: `iteration.commit.goals[]` has no field `titel` (did you mean `iteration.commit.goals[].title`?)",
            "4 {{ iteration.commit.effort.days.total }}: `iteration.commit.effort.days` is a number: it has no field `total` (-)",
            "5 {{ iteration.commit.zzzzzz }}: `iteration.commit` has no field `zzzzzz` (`iteration.commit` has `date`, `engagement_type`, `objective`, `goals`, `scope`, `out_of_scope`, `assumptions`, `deliverables`, `effort`, `price`, `signatories`)",
        ]
    );
}

#[test]
fn loops_over_values_that_are_not_lists() {
    assert_eq!(
        lint(
            DocumentKind::Sow,
            &[
                "{% for x in iteration.commit.effort %}{{ x }}{% endfor %}",
                "{% for c in iteration.commit.objective %}{{ c }}{% endfor %}",
                "{% for g in iteration.commit.goals.title %}{% endfor %}",
            ]
        ),
        [
            "1 {% for x in iteration.commit.effort %}: `{% for %}` loops over `iteration.commit.effort`, which is a mapping, not a list (a loop over a mapping goes over its keys; use its fields directly)",
            "2 {% for c in iteration.commit.objective %}: `{% for %}` loops over `iteration.commit.objective`, which is a text, not a list (-)",
            "3 {% for g in iteration.commit.goals.title %}: `iteration.commit.goals` is a list: it has no field `title` (loop over it (`{% for x in iteration.commit.goals %}{{ x.title }}`) or take one element (`iteration.commit.goals[0].title`))",
        ]
    );
}

#[test]
fn only_an_agenda_has_a_workshop() {
    let t = ["{{ workshop.title }} {{ workshop.agenda[0].start }}"];
    assert!(lint(DocumentKind::WorkshopAgenda, &t).is_empty());
    assert_eq!(lint(DocumentKind::Sow, &t).len(), 2);
}

#[test]
fn broken_tags_syntax_errors_and_paths_are_reported_together() {
    let found = lint(
        DocumentKind::Sow,
        &[
            "{{ customer.name ",
            "{% if %}x{% endif %}",
            "{{ custmer.name }}",
        ],
    );
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].contains("is not closed"), "{found:#?}");
    assert!(found[1].starts_with("2 "), "{found:#?}");
    assert!(
        found[2].contains("did you mean `customer.name`?"),
        "{found:#?}"
    );
}

#[test]
fn kinds_from_file_names() {
    assert_eq!(
        kind_of_file(Path::new("x/SOW.docx")),
        Some(DocumentKind::Sow)
    );
    assert_eq!(
        kind_of_file(Path::new("workshop-agenda.docx")),
        Some(DocumentKind::WorkshopAgenda)
    );
    assert_eq!(kind_of_file(Path::new("mine.docx")), None);
}

#[test]
fn paths_are_checked_around_syntax_errors_and_unclosed_blocks() {
    let found = lint(
        DocumentKind::Sow,
        &[
            "{% for g in iteration.commit.goals %}{{ g.titel }}",
            "{{ customer.nam }} {{ x | }}",
            "ünïcødé {% if customer.name %}",
        ],
    );
    let text = found.join("\n");
    assert!(
        text.contains("did you mean `iteration.commit.goals[].title`?"),
        "{text}"
    );
    assert!(text.contains("did you mean `customer.name`?"), "{text}");
    assert!(text.contains("never closed"), "{text}");
}
