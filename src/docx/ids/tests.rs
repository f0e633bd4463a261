//! Tests of [`IdFixer`](super::IdFixer).

use super::*;

fn doc_pr_ids(xml: &str) -> Vec<String> {
    attr_values(xml, "<wp:docPr ", " id=\"")
}

fn attr_values(xml: &str, tag: &str, attr: &str) -> Vec<String> {
    xml.match_indices(tag)
        .map(|(i, _)| {
            let t = &xml[i..];
            let t = &t[..t.find('>').unwrap()];
            let v = &t[t.find(attr).unwrap() + attr.len()..];
            v[..v.find('"').unwrap()].to_string()
        })
        .collect()
}

const TEXT_BOX: &str = r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0"><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="Text Box 1" o:spid="_x0000_s1026"/></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#;

#[test]
fn nothing_to_fix_borrows() {
    let xml = r#"<w:document><w:body><w:p><w:r><w:t>hi</w:t></w:r></w:p></w:body></w:document>"#;
    assert!(matches!(IdFixer::new().fix(xml), Cow::Borrowed(_)));
    let xml = format!("<w:body><w:p>{TEXT_BOX}</w:p></w:body>");
    assert!(matches!(IdFixer::new().fix(&xml), Cow::Borrowed(_)));
}

#[test]
fn loop_duplicated_text_box_gets_unique_doc_pr() {
    let xml = format!(
        r#"<w:body><w:p>{TEXT_BOX}</w:p><w:p>{TEXT_BOX}</w:p><w:p><wp:inline><wp:docPr id="7" name="Picture 7"/></wp:inline></w:p><w:p>{TEXT_BOX}</w:p></w:body>"#
    );
    let mut f = IdFixer::new();
    let out = f.fix(&xml);
    assert_eq!(doc_pr_ids(&out), ["1", "8", "7", "9"]);
    assert_eq!(f.changes(), 2);
    // Everything else is untouched: the VML fallback ids are not docPr.
    assert_eq!(out.matches(r#"<v:shape id="Text Box 1""#).count(), 3);
    assert_eq!(out.len(), xml.len());
}

#[test]
fn doc_pr_state_carries_across_parts() {
    let mut f = IdFixer::new();
    let body = r#"<w:body><wp:docPr id="1"/><wp:docPr id="2"/></w:body>"#;
    let header = r#"<w:hdr><wp:docPr id="1" name="Logo"/></w:hdr>"#;
    assert!(matches!(f.fix(body), Cow::Borrowed(_)));
    let h = f.fix(header);
    assert_eq!(doc_pr_ids(&h), ["3"]);
}

#[test]
fn duplicated_bookmarks_are_renumbered_in_pairs_and_renamed() {
    let para = r#"<w:p><w:bookmarkStart w:id="0" w:name="Finding"/><w:r><w:t>F</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>"#;
    let other =
        r#"<w:p><w:bookmarkStart w:id="4" w:name="_GoBack"/><w:bookmarkEnd w:id="4"/></w:p>"#;
    let xml = format!("<w:body>{para}{para}{other}{para}{other}</w:body>");
    let mut f = IdFixer::new();
    let out = f.fix(&xml);
    let starts = attr_values(&out, "<w:bookmarkStart ", "w:id=\"");
    let ends = attr_values(&out, "<w:bookmarkEnd ", "w:id=\"");
    let names = attr_values(&out, "<w:bookmarkStart ", "w:name=\"");
    assert_eq!(starts, ["0", "5", "4", "6", "7"]);
    assert_eq!(ends, starts, "each end follows its start");
    assert_eq!(
        names,
        ["Finding", "Finding_2", "_GoBack", "Finding_3", "_GoBack_2"]
    );
    // Second pass over the fixed output: nothing left to fix.
    let mut g = IdFixer::new();
    assert!(matches!(g.fix(&out), Cow::Borrowed(_)));
}

#[test]
fn bookmark_spanning_a_loop_keeps_pairs_nested() {
    // Start and end both inside a loop whose body also holds another bookmark.
    let body = r#"<w:bookmarkStart w:id="1" w:name="a"/><w:bookmarkStart w:id="2" w:name="b"/><w:bookmarkEnd w:id="2"/><w:bookmarkEnd w:id="1"/>"#;
    let xml = format!("<w:body>{body}{body}</w:body>");
    let out = IdFixer::new().fix(&xml).into_owned();
    assert_eq!(
        attr_values(&out, "<w:bookmarkStart ", "w:id=\""),
        ["1", "2", "3", "4"]
    );
    assert_eq!(
        attr_values(&out, "<w:bookmarkEnd ", "w:id=\""),
        ["2", "1", "4", "3"]
    );
}

#[test]
fn repeated_orphan_end_is_dropped() {
    let xml = r#"<w:body><w:bookmarkStart w:id="1" w:name="a"/><w:p/><w:bookmarkEnd w:id="1"/><w:p/><w:bookmarkEnd w:id="1"/></w:body>"#;
    let out = IdFixer::new().fix(xml);
    assert_eq!(out.matches("<w:bookmarkEnd").count(), 1);
    assert!(out.starts_with(r#"<w:body><w:bookmarkStart w:id="1" w:name="a"/><w:p/><w:bookmarkEnd w:id="1"/><w:p/></w:body>"#), "{out}");
}

#[test]
fn names_compare_case_insensitively_and_stay_within_40_chars() {
    let long = "A".repeat(40);
    let xml = format!(
        r#"<w:bookmarkStart w:id="1" w:name="Intro"/><w:bookmarkEnd w:id="1"/><w:bookmarkStart w:id="2" w:name="INTRO"/><w:bookmarkEnd w:id="2"/><w:bookmarkStart w:id="3" w:name="{long}"/><w:bookmarkEnd w:id="3"/><w:bookmarkStart w:id="4" w:name="{long}"/><w:bookmarkEnd w:id="4"/>"#
    );
    let out = IdFixer::new().fix(&xml).into_owned();
    let names = attr_values(&out, "<w:bookmarkStart ", "w:name=\"");
    assert_eq!(names[1], "INTRO_2");
    assert_eq!(names[3], format!("{}_2", "A".repeat(38)));
}

#[test]
fn para_ids_made_unique_and_in_range() {
    let xml = r#"<w:p w14:paraId="0A1B2C3D" w14:textId="77777777"><w:r/></w:p><w:p w14:paraId="0A1B2C3D" w14:textId="77777777"/><w:p w14:paraId="FFFFFFFF" w14:textId="00000001"/>"#;
    let out = IdFixer::new().fix(xml).into_owned();
    assert_eq!(
        attr_values(&out, "<w:p ", "w14:paraId=\""),
        ["0A1B2C3D", "0A1B2C3E", "0A1B2C3F"]
    );
    assert_eq!(
        attr_values(&out, "<w:p ", "w14:textId=\""),
        ["77777777", "77777778", "00000001"]
    );
}

#[test]
fn comments_and_cdata_are_skipped() {
    let xml = r#"<w:body><!-- <wp:docPr id="1"/> --><wp:docPr id="1"/><![CDATA[<wp:docPr id="1"/>]]></w:body>"#;
    assert!(matches!(IdFixer::new().fix(xml), Cow::Borrowed(_)));
}

const COMMENTED: &str = r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>risk</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r></w:p>"#;

#[test]
fn repeated_comment_anchors_get_fresh_ids_per_copy() {
    let xml = format!(
        r#"<w:body>{COMMENTED}{COMMENTED}<w:p><w:commentRangeStart w:id="3"/><w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/></w:r></w:p>{COMMENTED}</w:body>"#
    );
    let mut f = IdFixer::new();
    f.reserve_comment_ids(5);
    let out = f.fix(&xml).into_owned();
    for tag in [
        "<w:commentRangeStart ",
        "<w:commentRangeEnd ",
        "<w:commentReference ",
    ] {
        assert_eq!(
            attr_values(&out, tag, "w:id=\""),
            ["0", "6", "3", "7"],
            "{tag}"
        );
    }
    assert_eq!(f.comment_copies(), [(0, 6), (0, 7)]);
}

#[test]
fn point_comments_and_state_across_parts() {
    // A comment with only a reference (no range), repeated, in two parts.
    let one = r#"<w:p><w:r><w:commentReference w:id="2"/></w:r></w:p>"#;
    let mut f = IdFixer::new();
    let a = f.fix(&format!("<w:body>{one}{one}</w:body>")).into_owned();
    let b = f.fix(&format!("<w:ftr>{one}</w:ftr>")).into_owned();
    assert_eq!(
        attr_values(&a, "<w:commentReference ", "w:id=\""),
        ["2", "3"]
    );
    assert_eq!(attr_values(&b, "<w:commentReference ", "w:id=\""), ["4"]);
    assert_eq!(f.comment_copies(), [(2, 3), (2, 4)]);
}

#[test]
fn reserved_para_ids_are_avoided() {
    let mut f = IdFixer::new();
    f.reserve_para_ids([0x10, 0x11]);
    let out = f
        .fix(r#"<w:p w14:paraId="00000010"/><w:p w14:paraId="00000001"/>"#)
        .into_owned();
    assert_eq!(
        attr_values(&out, "<w:p ", "w14:paraId=\""),
        ["00000012", "00000001"]
    );
    assert_eq!(f.fresh_para_id(), 0x13);
}
