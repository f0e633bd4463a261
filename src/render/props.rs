//! Issue 15's property: any template made of Word paragraphs with tags
//! (well-formed or not) and any data give either a document whose every
//! part is well-formed XML and which opens again as a package, or errors
//! that each name the template part they are in. Never a panic, never
//! another kind of error.

use proptest::prelude::*;

use crate::docx::DocxPackage;
use crate::docx::testutil::{word_entries, zip_entries};
use crate::error::Error;
use crate::location::Location;
use crate::render::{CompiledTemplate, Limits, RenderOptions};

/// A piece of a paragraph: text (with XML's special characters) or a tag,
/// balanced or not.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // Mostly text, so that many templates compile and render.
        4 => "[a-z <>&\"']{0,6}".prop_map(|s| s
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")),
        1 => proptest::sample::select(vec![
            "{{ customer.name }}",
            "{{ n }}",
            "{{ goals[0].title }}",
            "{{ customer.name|upper }}",
            "{% if flag %}",
            "{% endif %}",
            "{%p if flag %}",
            "{%p endif %}",
            "{% for g in goals %}",
            "{% endfor %}",
            "{%p for g in goals %}",
            "{%p endfor %}",
            "{{ g.title }}",
            "{%r if flag %}",
            "{%r endif %}",
            "{{ missing }}",
            "{{",
            "}}",
            "{%",
            "{% set s = customer.name ~ n %}{{ s }}",
        ])
        .prop_map(str::to_string),
    ]
}

fn document(paragraphs: &[Vec<String>]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| {
            let runs: String = p
                .iter()
                .map(|t| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>"))
                .collect();
            format!("<w:p>{runs}</w:p>")
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn data() -> impl Strategy<Value = serde_json::Value> {
    (
        "\\PC{0,12}",
        any::<i64>(),
        any::<bool>(),
        proptest::collection::vec("\\PC{0,8}", 0..3),
    )
        .prop_map(|(name, n, flag, titles)| {
            serde_json::json!({
                "customer": {"name": name},
                "n": n,
                "flag": flag,
                "goals": titles.iter().map(|t| serde_json::json!({"title": t})).collect::<Vec<_>>(),
                "x": "x",
                "title": "t",
            })
        })
}

/// Every diagnostic names a part of the template.
fn located(e: &Error) -> Result<(), TestCaseError> {
    let Error::Invalid(d) = e else {
        return Err(TestCaseError::fail(format!("not a template error: {e}")));
    };
    for d in d.iter().filter(|d| d.is_error()) {
        prop_assert!(
            matches!(&d.location, Location::Template { part, .. } if !part.is_empty()),
            "unlocated: {d:?}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_template_and_data_give_a_valid_document_or_located_errors(
        paragraphs in proptest::collection::vec(proptest::collection::vec(piece(), 1..5), 1..7),
        data in data(),
    ) {
        let mut entries = word_entries();
        for e in entries.iter_mut().filter(|e| e.0 == "word/document.xml") {
            e.1 = document(&paragraphs).into_bytes();
        }
        let package = DocxPackage::from_bytes(zip_entries(&entries), "p.docx").unwrap();
        let mut template = match CompiledTemplate::compile(package, RenderOptions::default()) {
            Ok(t) => t,
            Err(e) => return located(&e),
        };
        template.set_limits(Limits { max_text: 1 << 20, fuel: 1_000_000 });
        match template.render(&data) {
            Ok(doc) => {
                for (name, xml) in &doc.parts {
                    prop_assert!(crate::docx::check_xml(xml).is_ok(), "{name}: {xml}");
                }
                let mut out = std::io::Cursor::new(Vec::new());
                template.write_to(&doc, &mut out).unwrap();
                let bytes = out.into_inner();
                prop_assert!(DocxPackage::from_bytes(bytes, "out.docx").is_ok());
            }
            Err(e) => located(&e)?,
        }
    }
}
