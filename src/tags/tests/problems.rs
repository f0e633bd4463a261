//! Problems: every one reported, and the source still complete.

use minijinja::Environment;

use super::{fixture, strict};
use crate::error::Diagnostic;
use crate::location::Location;
use crate::tags::preprocess;

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
