//! Tests of [`check_xml`](super::check_xml): the fast path against the
//! scanner, and the messages.

use super::quick::quick_check;
use super::scanner::scan as scanner;
use super::{XmlError, check_xml, check_xml_detailed};

#[test]
fn quick_check_accepts_word_xml_and_rejects_what_the_scanner_rejects() {
    assert!(quick_check(DOC.replace("<!-- c -->", "").as_bytes()));
    for bad in [
        "<a>",
        "<a></b>",
        "</a>",
        "<a/><b/>",
        "x<a/>",
        "<a/>x",
        "<a b='1' b='2'/>",
        "<a b=1/>",
        "<a b='<'/>",
        "<a b='&x;'/>",
        "<a>&nbsp;</a>",
        "<a>& </a>",
        "<a>&#1;</a>",
        "<a b='1'c='2'/>",
        "<a/ >",
        "<1a/>",
        "<a></a >x",
        "<?pi",
        "<a b='1",
        "<a>&amp</a>",
        "<a>&amp<b/>;</a>",
        "",
    ] {
        assert!(scanner(bad).is_err(), "{bad}");
        assert!(!quick_check(bad.as_bytes()), "{bad}");
    }
}

proptest::proptest! {
    /// Whatever the fast path accepts, the scanner accepts.
    #[test]
    fn quick_check_never_accepts_more_than_the_scanner(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "<a", "<b:c", "</a>", "</b:c>", ">", "/>", " ", "\n", "x", "=", "'", "\"",
            " k='v'", " k=\"&amp;\"", "&amp;", "&#10;", "&#1;", "&", ";", "<", "<?p?>",
            "<!-- c -->", "é", "1",
        ]), 0..24)
    ) {
        let xml = parts.concat();
        if quick_check(xml.as_bytes()) {
            proptest::prop_assert!(scanner(&xml).is_ok(), "{xml:?}");
        }
    }
}

const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
    <w:document xmlns:w=\"x\"><w:body><w:p w:rsidR=\"00A1\"><w:r><w:t xml:space=\"preserve\">A &amp; B &#160; &#x263A; caf\u{e9}\t</w:t></w:r></w:p>\
    <w:p/><!-- c --><w:sectPr/></w:body></w:document>";

fn err(xml: &str) -> XmlError {
    check_xml_detailed(xml).expect_err("should fail")
}

#[test]
fn valid_document_passes() {
    check_xml(DOC).unwrap();
    check_xml("<a/>").unwrap();
    check_xml("<a b='1'>\n</a>\n").unwrap();
}

#[test]
fn unclosed_element_is_reported_where_it_opens() {
    let xml = "<w:body>\n<w:p><w:r><w:t>x</w:t></w:r>\n";
    let e = err(xml);
    assert_eq!((e.line, e.column, e.offset), (2, 1, 9), "{e}");
    assert!(
        e.message.contains("`w:p`") && e.message.contains("never closed"),
        "{e}"
    );
    assert!(e.message.contains("2 elements open"), "{e}");
}

#[test]
fn mismatched_end_is_reported() {
    // What `{% if %}<w:p>…{% endif %}</w:p>` leaves when the condition is false.
    let xml = "<w:body><w:p><w:r><w:t>x</w:t></w:p></w:r></w:body>";
    let e = err(xml);
    assert!(
        e.message.contains("w:r") && e.message.contains("w:p"),
        "{e}"
    );
    assert_eq!(e.line, 1);
    let e = err("<w:body></w:p></w:body>");
    assert!(e.message.contains("w:p"), "{e}");
}

#[test]
fn extra_end_and_second_root() {
    let e = err("<a></a></a>");
    assert!(!e.message.is_empty());
    let e = err("<a/><b/>");
    assert!(e.message.contains("second root"), "{e}");
    let e = err("<a></a>text");
    assert!(e.message.contains("outside the root"), "{e}");
    let e = err("");
    assert!(e.message.contains("no root"), "{e}");
}

#[test]
fn forbidden_raw_characters() {
    let e = err("<a><b>ok\u{1}</b></a>");
    assert_eq!(e.offset, 8);
    assert!(e.message.contains("U+0001"), "{e}");
    assert!(err("<a>\u{b}</a>").message.contains("U+000B"));
    assert!(err("<a>\u{ffff}</a>").message.contains("U+FFFF"));
    assert!(err("<a>\u{fffe}</a>").message.contains("U+FFFE"));
    assert!(err("<a x='\u{0}'/>").message.contains("U+0000"));
    // Allowed neighbours of the forbidden ones.
    check_xml("<a>\t\r\n\u{fffd}\u{feff}\u{efbf}</a>").unwrap();
}

#[test]
fn forbidden_character_references() {
    let e = err("<a><b>x&#1;</b></a>");
    assert!(
        e.message.contains("&#1;") && e.message.contains("U+0001"),
        "{e}"
    );
    assert_eq!(e.offset, 7);
    assert!(err("<a>&#x1F;</a>").message.contains("U+001F"));
    assert!(err("<a>&#xFFFE;</a>").message.contains("U+FFFE"));
    assert!(err("<a>&#xD800;</a>").message.contains("invalid"));
    assert!(err("<a b='&#0;'/>").message.contains("attribute `b`"));
    check_xml("<a b='&#9;&lt;'>&#10;&#xA0;</a>").unwrap();
}

#[test]
fn unknown_entities_and_bad_attributes() {
    assert!(err("<a>&nbsp;</a>").message.contains("&nbsp;"));
    assert!(err("<a b='&nbsp;'/>").message.contains("&nbsp;"));
    assert!(err("<a>A & B</a>").offset > 0);
    assert!(err("<a b='x<y'/>").message.contains('<'));
    assert!(err("<a b='1' b='2'/>").message.contains("attribute"));
    assert!(err("<a b=1/>").message.contains("attribute"));
}

#[test]
fn generated_word_xml_passes_and_every_truncation_fails() {
    let xml = crate::docx::testutil::word_xml(30_000);
    check_xml(&xml).unwrap();
    let mut cuts = 0;
    for cut in (100..xml.len() - 40).step_by(997) {
        if xml.is_char_boundary(cut) {
            assert!(check_xml(&xml[..cut]).is_err(), "cut at {cut}");
            cuts += 1;
        }
    }
    assert!(cuts > 20);
}

#[test]
fn comments_pis_cdata_doctype() {
    check_xml("<?xml version='1.0'?><!DOCTYPE a><!-- c --><a><![CDATA[<not a tag> & ]]><?pi x?></a><!-- after -->").unwrap();
    assert!(
        err("<a><!-- open </a>")
            .message
            .contains("comment is never closed")
    );
    assert!(err("<a><!-- a -- b --></a>").message.contains("--"));
    assert!(err("<a><![CDATA[x</a>").message.contains("CDATA"));
    assert!(err("<a><!ELEMENT x></a>").message.contains("<!"));
    assert!(err("<a><b</a>").message.contains("space"));
    assert!(err("<a><1b/></a>").message.contains("element name"));
    assert!(err("<a x='1'y='2'/>").message.contains("space"));
    assert!(err("<a x='1/>").message.contains("never closed"));
}

#[test]
fn columns_count_characters() {
    let e = err("<a>\u{e9}\u{e9}<b></a>");
    assert_eq!(e.line, 1);
    assert!(e.column < e.offset + 1);
}
