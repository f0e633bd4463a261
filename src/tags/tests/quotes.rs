//! Pass 3, `quotes`: curly quotes and entity references inside tags.

use minijinja::context;

use super::{prep, render};

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
