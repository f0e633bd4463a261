//! `engagekit render` and `engagekit vars` on .docx files that imitate Word.

use crate::harness::*;

const DATA: &str = r#"
customer:
  name: "Schmidt & Söhne <GmbH>"
  short: Schmidt
  country: NO
engagement:
  title: Landing Zone
goals:
  - id: G1
    title: Deploy landing zone
    owner: Platform team
  - id: G2
    title: Tagging policy
    owner: FinOps
show: true
hide: false
"#;

#[test]
fn split_tag_with_proof_errors_and_bookmarks_renders_with_first_run_formatting() {
    let case = Case::new();
    // Word's way of storing "Prepared for {{ customer.name }}." after edits:
    // the tag spans three runs with different formatting, a spell-check
    // marker and a bookmark sit between the pieces.
    let runs = [
        r("", "Prepared for "),
        r("<w:b/>", "{{ cust"),
        r#"<w:proofErr w:type="spellStart"/>"#.to_string(),
        r("<w:i/><w:lang w:val=\"de-DE\"/>", "omer"),
        r#"<w:proofErr w:type="spellEnd"/><w:bookmarkStart w:id="0" w:name="_GoBack"/>"#
            .to_string(),
        r(
            "<w:u w:val=\"single\"/><w:color w:val=\"FF0000\"/>",
            ".name }}",
        ),
        r#"<w:bookmarkEnd w:id="0"/><w:lastRenderedPageBreak/>"#.to_string(),
        r("", "."),
    ]
    .concat();
    let tpl = case.docx("t.docx", &Docx::body(p_runs(&runs)));
    let data = case.file("d.yaml", DATA);
    let run = case.run(&[
        "render",
        tpl.to_str().unwrap(),
        data.to_str().unwrap(),
        "-o",
        "out.docx",
    ]);
    run.ok();
    assert_eq!(run.stdout.trim(), "out.docx");
    let xml = part(&case.path("out.docx"), "word/document.xml");
    assert_eq!(paragraphs(&xml)[0], "Prepared for Schmidt & Söhne <GmbH>.");
    // The value sits in the bold run where the tag started.
    let bold_run = xml.split("<w:r").find(|r| r.contains("<w:b/>")).unwrap();
    assert!(
        bold_run.contains("Schmidt &amp; Söhne &lt;GmbH&gt;"),
        "{bold_run}"
    );
}

#[test]
fn values_are_data_never_markup_or_template_text() {
    let case = Case::new();
    let tpl = case.docx("t.docx", &Docx::body(p("[{{ a }}][{{ b }}][{{ c }}]")));
    let data = case.file(
        "d.yaml",
        "a: '{{ secret }}{% if 1 %}x{% endif %}'\nb: '<w:p><w:r><w:t>inject</w:t></w:r></w:p>'\nc: ' lead and trail  '\n",
    );
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    let _ = (tpl, data);
    let text = body_text(&case.path("o.docx"));
    assert_eq!(
        text,
        "[{{ secret }}{% if 1 %}x{% endif %}][<w:p><w:r><w:t>inject</w:t></w:r></w:p>][ lead and trail  ]"
    );
}

#[test]
fn newlines_become_breaks_and_tabs_tabs() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("{{ v }}")));
    case.file("d.json", r#"{"v": "line 1\nline 2\tcol"}"#);
    case.run(&["render", "t.docx", "d.json", "-o", "o.docx"])
        .ok();
    let xml = part(&case.path("o.docx"), "word/document.xml");
    assert!(xml.contains("<w:br/>") && xml.contains("<w:tab/>"), "{xml}");
    assert_eq!(paragraphs(&xml)[0], "line 1\nline 2\tcol");
}

#[test]
fn forbidden_control_characters_are_dropped_with_a_warning_naming_the_variable() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("{{ goals[1].title }}")));
    case.file(
        "d.json",
        r#"{"goals": [{"title": "ok"}, {"title": "bad\u0001value"}]}"#,
    );
    let run = case.run(&["render", "t.docx", "d.json", "-o", "o.docx"]);
    run.ok()
        .stderr_has("warning")
        .stderr_has("`goals[1].title`")
        .stderr_has("U+0001");
    assert_eq!(body_text(&case.path("o.docx")), "badvalue");
}

#[test]
fn norway_stays_text_and_yaml_booleans_work() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(format!(
            "{}{}",
            p("{{ customer.country }}"),
            p("{% if show %}shown{% endif %}{% if hide %}hidden{% endif %}")
        )),
    );
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    assert_eq!(body_text(&case.path("o.docx")), "NO\nshown");
}

#[test]
fn paragraph_conditionals_and_loops_remove_their_own_paragraphs() {
    let case = Case::new();
    let body = [
        p("Before"),
        p("{%p if show %}"),
        p("Shown {{ customer.short }}"),
        p("{%p endif %}"),
        p("{%p if hide %}"),
        p("Hidden"),
        p("{%p endif %}"),
        p("{%p for g in goals %}"),
        p("{{ g.id }}: {{ g.title }}"),
        p("{%p endfor %}"),
        p("After"),
    ]
    .concat();
    case.docx("t.docx", &Docx::body(body));
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    assert_eq!(
        body_text(&case.path("o.docx")),
        "Before\nShown Schmidt\nG1: Deploy landing zone\nG2: Tagging policy\nAfter"
    );
}

#[test]
fn table_row_loop_repeats_rows() {
    let case = Case::new();
    let t = table(
        3,
        &[
            tr(&["Id", "Goal", "Owner"]),
            tr(&["{%tr for g in goals %}", "", ""]),
            tr(&["{{ g.id }}", "{{ g.title }}", "{{ g.owner }}"]),
            tr(&["{%tr endfor %}", "", ""]),
        ],
    );
    case.docx("t.docx", &Docx::body(format!("{t}{}", p(""))));
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    let xml = part(&case.path("o.docx"), "word/document.xml");
    assert_eq!(
        xml.matches("<w:tr>").count() + xml.matches("<w:tr ").count(),
        3,
        "{xml}"
    );
    let paras = paragraphs(&xml);
    assert_eq!(
        paras[..9],
        [
            "Id",
            "Goal",
            "Owner",
            "G1",
            "Deploy landing zone",
            "Platform team",
            "G2",
            "Tagging policy",
            "FinOps"
        ]
    );
}

#[test]
fn table_cell_loop_repeats_columns() {
    let case = Case::new();
    let t = table(
        3,
        &[tr(&[
            "Goal",
            "{%tc for g in goals %}",
            "{{ g.id }}{%tc endfor %}",
        ])],
    );
    // docxtpl puts the opening and closing tc tags in their own cells or in the cell to repeat.
    let _ = t;
    let row = format!(
        "<w:tr>{}{}{}{}</w:tr>",
        format_args!("<w:tc>{}</w:tc>", p("Goal")),
        format_args!("<w:tc>{}</w:tc>", p("{%tc for g in goals %}")),
        format_args!("<w:tc>{}</w:tc>", p("{{ g.id }}")),
        format_args!("<w:tc>{}</w:tc>", p("{%tc endfor %}")),
    );
    case.docx(
        "t.docx",
        &Docx::body(format!("{}{}", table(2, &[row]), p(""))),
    );
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    let xml = part(&case.path("o.docx"), "word/document.xml");
    assert_eq!(xml.matches("<w:tc>").count(), 3, "{xml}");
    assert_eq!(paragraphs(&xml)[..3], ["Goal", "G1", "G2"]);
}

#[test]
fn run_tags_remove_their_run() {
    let case = Case::new();
    let runs = [
        r("", "A"),
        r("<w:b/>", "{%r if show %}"),
        r("", "B"),
        r("<w:b/>", "{%r endif %}"),
        r("", "C"),
    ]
    .concat();
    case.docx("t.docx", &Docx::body(p_runs(&runs)));
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    let xml = part(&case.path("o.docx"), "word/document.xml");
    assert_eq!(paragraphs(&xml)[0], "ABC");
    // As in docxtpl, the tag's own run is gone: no tag text and no empty
    // formatted run is left behind.
    assert!(!xml.contains("{%"), "no tag text left: {xml}");
    assert!(
        !xml.contains("<w:b/>"),
        "the tags' bold runs are gone: {xml}"
    );
    assert!(!xml.contains("></w:t>"), "no empty text: {xml}");
    assert_eq!(
        xml.matches("<w:r ").count() + xml.matches("<w:r>").count(),
        3,
        "{xml}"
    );
}

#[test]
fn curly_quotes_and_escaped_operators_inside_tags() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(format!(
            "{}{}",
            p("{% if customer.short == \u{201C}Schmidt\u{201D} %}yes{% endif %} {{ \u{2018}x\u{2019} }}"),
            p("{% if goals|length &gt; 1 and goals|length &lt; 3 %}two{% endif %}")
        )),
    );
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    assert_eq!(body_text(&case.path("o.docx")), "yes x\ntwo");
}

#[test]
fn headers_footers_footnotes_and_core_properties_are_rendered() {
    let case = Case::new();
    let d = Docx::body(p("Body {{ customer.short }}"))
        .header(p("Header {{ customer.short }}"))
        .footer(p_runs(&format!(
            "{}<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
            r("", "{{ engagement.title }} page ")
        )))
        .footnotes(format!(
            r#"<w:footnote w:type="separator" w:id="-1">{}</w:footnote><w:footnote w:id="1">{}</w:footnote>"#,
            p(""),
            p("Note for {{ customer.short }}")
        ))
        .title("SOW – {{ customer.short }} – {{ engagement.title }}");
    case.docx("t.docx", &d);
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    let out = case.path("o.docx");
    assert_eq!(
        paragraphs(&part(&out, "word/header1.xml")),
        ["Header Schmidt"]
    );
    let footer = part(&out, "word/footer1.xml");
    assert_eq!(paragraphs(&footer), ["Landing Zone page "]);
    assert!(footer.contains("PAGE"), "field kept");
    assert!(
        paragraphs(&part(&out, "word/footnotes.xml")).contains(&"Note for Schmidt".to_string())
    );
    assert!(
        part(&out, "docProps/core.xml")
            .contains("<dc:title>SOW – Schmidt – Landing Zone</dc:title>")
    );
}

#[test]
fn text_boxes_are_rendered_and_loop_copies_get_unique_ids() {
    let case = Case::new();
    let textbox = |inner: &str| {
        format!(
            r##"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="2000000" cy="500000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="500000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="Text Box 1" o:spid="_x0000_s1026" type="#_x0000_t202" style="width:157pt;height:39pt"><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"##
        )
    };
    let body = [
        p("{%p for g in goals %}"),
        p_runs(&textbox(&p("Box {{ g.id }}"))),
        p("{%p endfor %}"),
    ]
    .concat();
    case.docx("t.docx", &Docx::body(body));
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    let xml = part(&case.path("o.docx"), "word/document.xml");
    let text = paragraphs(&xml).join("|");
    // Each box holds its text twice: the DrawingML copy and the VML fallback.
    assert_eq!(text.matches("Box G1").count(), 2, "{text}");
    assert_eq!(text.matches("Box G2").count(), 2, "{text}");
    let ids: Vec<&str> = xml
        .match_indices("<wp:docPr id=\"")
        .map(|(i, m)| {
            let rest = &xml[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(
        ids[0], ids[1],
        "duplicated drawing ids make Word repair the file"
    );
}

#[test]
fn undefined_variable_names_it_the_paragraph_and_a_suggestion_and_writes_nothing() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body([p("Title"), p("Prepared for {{ custmer.name }} today")].concat()),
    );
    case.file("d.yaml", DATA);
    std::fs::write(case.path("o.docx"), b"previous").unwrap();
    let run = case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"]);
    run.fails(1)
        .stderr_has("`custmer.name` is undefined")
        .stderr_has("word/document.xml")
        .stderr_has("paragraph 2")
        .stderr_has("{{ custmer.name }}")
        .stderr_has("Prepared for {{ custmer.name }} today")
        .stderr_has("did you mean `customer.name`?");
    assert_eq!(
        std::fs::read(case.path("o.docx")).unwrap(),
        b"previous",
        "old output must stay"
    );
    assert_eq!(
        case.listing(""),
        ["d.yaml", "o.docx", "t.docx"],
        "no temp files left"
    );
}

#[test]
fn undefined_attribute_in_a_loop_suggests_the_field() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(
            [
                p("{%p for g in goals %}"),
                p("{{ g.titel }}"),
                p("{%p endfor %}"),
            ]
            .concat(),
        ),
    );
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .fails(1)
        .stderr_has("paragraph 2")
        .stderr_has("did you mean `g.title`?");
    assert!(!case.path("o.docx").exists());
}

#[test]
fn lenient_renders_undefined_as_empty() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("[{{ custmer.name }}]")));
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx", "--lenient"])
        .ok();
    assert_eq!(body_text(&case.path("o.docx")), "[]");
}

#[test]
fn all_syntax_errors_of_all_parts_are_reported_at_once() {
    let case = Case::new();
    let d = Docx::body(
        [
            p("title"),
            p("ok {{ a }}"),
            p("{% if %}x{% endif %}"),
            p("{{ b | }}"),
        ]
        .concat(),
    )
    .header(p("{% for x in %}{{ x }}{% endfor %}"))
    .footer(p("{{ customer.name }"));
    case.docx("t.docx", &d);
    case.file("d.yaml", DATA);
    let run = case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"]);
    run.fails(1)
        .stderr_has("paragraph 3")
        .stderr_has("{% if %}")
        .stderr_has("paragraph 4")
        .stderr_has("{{ b | }}")
        .stderr_has("word/header1.xml");
    run.stderr_has("word/footer1.xml")
        .stderr_has("is not closed");
    assert!(!case.path("o.docx").exists());
}

#[test]
fn unclosed_block_names_the_opening_tag() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body([p("a"), p("{%p for g in goals %}"), p("{{ g.id }}")].concat()),
    );
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .fails(1)
        .stderr_has("never closed")
        .stderr_has("paragraph 2")
        .stderr_has("{%p for g in goals %}");
}

#[test]
fn rich_text_tags_are_a_clear_error() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("{{r rich }}")));
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .fails(1)
        .stderr_has("{{r");
}

#[test]
fn big_loops_are_fine() {
    let case = Case::new();
    let t = table(
        2,
        &[
            tr(&["{%tr for i in range(10000) %}", ""]),
            tr(&["{{ i }}", "{{ customer.short }}"]),
            tr(&["{%tr endfor %}", ""]),
        ],
    );
    case.docx("t.docx", &Docx::body(format!("{t}{}", p(""))));
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    let xml = part(&case.path("o.docx"), "word/document.xml");
    assert_eq!(xml.matches("<w:tr").count(), 10000);
}

#[test]
fn mail_merge_several_data_files_and_each() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(p("{{ customer.short }} {{ id|default('') }}")),
    );
    case.file("a.yaml", "customer: {short: A}\n");
    case.file("b.yaml", "customer: {short: B}\n");
    let run = case.run(&["render", "t.docx", "a.yaml", "b.yaml", "-o", "out/"]);
    run.ok();
    assert_eq!(run.stdout, "out/a.docx\nout/b.docx\n");
    assert_eq!(body_text(&case.path("out/b.docx")), "B ");

    case.file("d.yaml", DATA);
    let run = case.run(&[
        "render",
        "t.docx",
        "d.yaml",
        "--each",
        "goals",
        "--name",
        "{{ id }} {{ owner }}.docx",
        "-o",
        "each",
    ]);
    run.ok();
    assert_eq!(
        run.stdout,
        "each/G1 Platform team.docx\neach/G2 FinOps.docx\n"
    );
    assert_eq!(body_text(&case.path("each/G2 FinOps.docx")), "Schmidt G2");
}

#[test]
fn each_top_level_list_with_unsafe_and_colliding_names() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("{{ item.name }}")));
    case.file("l.json", r#"[{"name": "Müller & Söhne / Ost"}, {"name": "../../escape"}, {"name": "Müller & Söhne / Ost"}]"#);
    let run = case.run(&[
        "render",
        "t.docx",
        "l.json",
        "--each",
        "--name",
        "{{ name }}",
        "-o",
        "out",
    ]);
    run.ok();
    assert_eq!(
        case.listing("out"),
        [
            "Müller & Söhne - Ost (2).docx",
            "Müller & Söhne - Ost.docx",
            "escape.docx"
        ]
    );
    assert!(
        !case.path("escape.docx").exists()
            && !case
                .dir
                .path()
                .parent()
                .unwrap()
                .join("escape.docx")
                .exists()
    );
}

#[test]
fn vars_lists_paths_through_loops() {
    let case = Case::new();
    let t = table(
        2,
        &[
            tr(&["{%tr for g in goals %}", ""]),
            tr(&["{{ g.title }}", "{{ g.owner|upper }}"]),
            tr(&["{%tr endfor %}", ""]),
        ],
    );
    case.docx(
        "t.docx",
        &Docx::body(format!(
            "{}{t}{}",
            p("{{ customer.name }} {{ price|round(2) }} {% if loop_me is defined %}{% endif %}"),
            p("")
        ))
        .header(p("{{ provider.name }}")),
    );
    let run = case.run(&["vars", "t.docx"]);
    run.ok();
    assert_eq!(
        run.stdout,
        "customer.name\ngoals[].owner\ngoals[].title\nloop_me\nprice\nprovider.name\n"
    );
    let run = case.run(&["vars", "t.docx", "--json"]);
    let v: Vec<String> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v.len(), 6);
}

#[test]
fn hostile_templates_get_errors_not_panics() {
    let case = Case::new();
    case.file("d.yaml", DATA);
    case.file("notzip.docx", "just text");
    case.run(&["render", "notzip.docx", "d.yaml", "-o", "o.docx"])
        .fails(1)
        .stderr_has("notzip.docx");

    // A zip without word/document.xml.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"hi").unwrap();
        z.finish().unwrap();
    }
    std::fs::write(case.path("nodoc.docx"), buf.into_inner()).unwrap();
    case.run(&["render", "nodoc.docx", "d.yaml", "-o", "o.docx"])
        .fails(1)
        .stderr_has("word/document.xml");

    // Malformed XML in the body.
    let mut d = Docx::body(p("{{ a }}"));
    d.body.push_str("<w:p><w:r><w:t>unclosed</w:r></w:p>");
    case.docx("bad.docx", &d);
    let run = case.run(&["render", "bad.docx", "d.yaml", "-o", "o.docx"]);
    run.fails(1).stderr_has("word/document.xml");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!case.path("o.docx").exists());
}

#[test]
fn json_and_locale_filters() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(p("{{ price|money('EUR') }} | {{ day|date('long') }}")),
    );
    case.file("d.json", r#"{"price": 8400, "day": "2026-03-05"}"#);
    case.run(&[
        "render", "t.docx", "d.json", "-o", "de.docx", "--locale", "de",
    ])
    .ok();
    let text = body_text(&case.path("de.docx"));
    assert!(text.starts_with("8.400,00"), "{text}");
    assert!(text.contains("März"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    let case = Case::new();
    case.run(&["render", "t.docx"]).fails(2);
    case.run(&["rendr"]).fails(2).stderr_has("render");
}

/// Word's comment parts for a template with comment 0 (on a paragraph) and
/// comment 1 (on a table cell) with reply 2.
fn with_comments(d: Docx) -> Docx {
    const W15: &str = r#"xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml""#;
    const W16CID: &str =
        r#"xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid""#;
    const W16CEX: &str =
        r#"xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex""#;
    let comment = |id: u32, para: &str, text: &str| {
        format!(
            r#"<w:comment w:id="{id}" w:author="Jane Doe" w:date="2026-01-05T10:00:00Z" w:initials="JD"><w:p w14:paraId="{para}" w14:textId="77777777" w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3"><w:r><w:annotationRef/></w:r><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"#
        )
    };
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments {NS}>{}{}{}</w:comments>"#,
        comment(0, "1A2B3C4D", "Check this"),
        comment(1, "2B3C4D5E", "Owner?"),
        comment(2, "3C4D5E6F", "Yes"),
    );
    let extended = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:commentsEx {W15} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w15"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/><w15:commentEx w15:paraId="2B3C4D5E" w15:done="0"/><w15:commentEx w15:paraId="3C4D5E6F" w15:paraIdParent="2B3C4D5E" w15:done="0"/></w15:commentsEx>"#
    );
    let ids = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w16cid:commentsIds {W16CID} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w16cid"><w16cid:commentId w16cid:paraId="1A2B3C4D" w16cid:durableId="5C3D2E1F"/><w16cid:commentId w16cid:paraId="2B3C4D5E" w16cid:durableId="6D4E3F20"/><w16cid:commentId w16cid:paraId="3C4D5E6F" w16cid:durableId="7E5F4031"/></w16cid:commentsIds>"#
    );
    let extensible = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w16cex:commentsExtensible {W16CEX} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w16cex"><w16cex:commentExtensible w16cex:durableId="5C3D2E1F" w16cex:dateUtc="2026-01-05T10:00:00Z"/><w16cex:commentExtensible w16cex:durableId="6D4E3F20" w16cex:dateUtc="2026-01-05T10:00:00Z"/><w16cex:commentExtensible w16cex:durableId="7E5F4031" w16cex:dateUtc="2026-01-05T10:01:00Z"/></w16cex:commentsExtensible>"#
    );
    d.related(
        "comments.xml",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
        &comments,
    )
    .related(
        "commentsExtended.xml",
        "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
        &extended,
    )
    .related(
        "commentsIds.xml",
        "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml",
        &ids,
    )
    .related(
        "commentsExtensible.xml",
        "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtensible+xml",
        &extensible,
    )
}

/// The parts openxml-audit requires of a Word document that the harness
/// leaves out: settings, font table and theme (minimal, as Word would accept).
fn with_required_parts(d: Docx) -> Docx {
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    const CT: &str = "application/vnd.openxmlformats-officedocument.";
    let settings = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {NS}><w:defaultTabStop w:val="708"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    );
    let fonts = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts {NS}><w:font w:name="Calibri"><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
    );
    let color = |name: &str, rgb: &str| format!(r#"<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>"#);
    let colors: String = [
        ("dk1", "000000"),
        ("lt1", "FFFFFF"),
        ("dk2", "44546A"),
        ("lt2", "E7E6E6"),
        ("accent1", "4472C4"),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ]
    .iter()
    .map(|(n, c)| color(n, c))
    .collect();
    let fill = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = r#"<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>"#;
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    let font = r#"<a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/>"#;
    let theme = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements><a:clrScheme name="Office">{colors}</a:clrScheme><a:fontScheme name="Office"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst><a:lnStyleLst>{line}{line}{line}</a:lnStyleLst><a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst><a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"#
    );
    d.related(
        "settings.xml",
        &format!("{REL}settings"),
        &format!("{CT}wordprocessingml.settings+xml"),
        &settings,
    )
    .related(
        "fontTable.xml",
        &format!("{REL}fontTable"),
        &format!("{CT}wordprocessingml.fontTable+xml"),
        &fonts,
    )
    .related(
        "theme/theme1.xml",
        &format!("{REL}theme"),
        &format!("{CT}theme+xml"),
        &theme,
    )
}

/// Every value of attribute `attr` on elements named `tag` in `xml`.
fn attr_values(xml: &str, tag: &str, attr: &str) -> Vec<String> {
    let open = format!("<{tag} ");
    let key = format!(" {attr}=\"");
    xml.match_indices(&open)
        .filter_map(|(i, _)| {
            let t = &xml[i..];
            let t = &t[..t.find('>').unwrap()];
            let v = &t[t.find(&key)? + key.len()..];
            Some(v[..v.find('"').unwrap()].to_string())
        })
        .collect()
}

#[track_caller]
fn assert_unique(values: &[String], what: &str) {
    let set: std::collections::BTreeSet<&String> = values.iter().collect();
    assert_eq!(set.len(), values.len(), "duplicate {what}: {values:?}");
}

#[test]
fn loops_around_commented_text_give_every_copy_its_own_comment() {
    let case = Case::new();
    // Comment 0 on a paragraph repeated by `{%p for %}`; comment 1 and its
    // reply 2 on a cell of a row repeated by `{%tr for %}`.
    let commented = p_runs(&format!(
        r#"<w:commentRangeStart w:id="0"/>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#,
        r("", "Goal {{ g.id }}")
    ));
    let cell_para = p_runs(&format!(
        r#"<w:commentRangeStart w:id="1"/><w:commentRangeStart w:id="2"/>{}<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:commentRangeEnd w:id="2"/><w:r><w:commentReference w:id="2"/></w:r>"#,
        r("", "{{ g.owner }}")
    ));
    let row = format!(
        r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{}</w:tc><w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{cell_para}</w:tc></w:tr>"#,
        p("{{ g.title }}")
    );
    // No table style: the harness's styles.xml does not define one.
    let table = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>{}{row}{}</w:tbl>"#,
        tr(&["{%tr for g in goals %}", ""]),
        tr(&["{%tr endfor %}", ""]),
    );
    let body = [
        p("{%p for g in goals %}"),
        commented,
        p("{%p endfor %}"),
        table,
        p(""),
    ]
    .concat();
    case.docx(
        "t.docx",
        &with_required_parts(with_comments(Docx::body(body))),
    );
    case.file(
        "d.yaml",
        "goals:\n  - {id: G1, title: A, owner: X}\n  - {id: G2, title: B, owner: Y}\n  - {id: G3, title: C, owner: Z}\n",
    );
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    let out = case.path("o.docx");
    let doc = part(&out, "word/document.xml");
    let comments = part(&out, "word/comments.xml");
    let text = paragraphs(&doc).join("|");
    assert!(text.contains("Goal G1|Goal G2|Goal G3"), "{text}");

    let starts = attr_values(&doc, "w:commentRangeStart", "w:id");
    let ends = attr_values(&doc, "w:commentRangeEnd", "w:id");
    let refs = attr_values(&doc, "w:commentReference", "w:id");
    assert_eq!(starts.len(), 9, "{starts:?}");
    for (v, what) in [
        (&starts, "range starts"),
        (&ends, "range ends"),
        (&refs, "references"),
    ] {
        assert_unique(v, what);
    }
    let sorted = |v: &[String]| v.iter().cloned().collect::<std::collections::BTreeSet<_>>();
    assert_eq!(sorted(&starts), sorted(&ends));
    assert_eq!(sorted(&starts), sorted(&refs));
    // The first copy keeps the template's ids.
    assert_eq!(starts[0], "0");

    // Every anchor id has exactly one comment, and each copy has the text.
    let comment_ids = attr_values(&comments, "w:comment", "w:id");
    assert_unique(&comment_ids, "comment ids");
    assert_eq!(sorted(&comment_ids), sorted(&starts));
    assert_eq!(comments.matches("Check this").count(), 3);
    assert_eq!(comments.matches(">Yes<").count(), 3);

    // paraIds are unique over the document and the comments, and the side
    // parts point at existing comment paragraphs.
    let mut para_ids = attr_values(&comments, "w:p", "w14:paraId");
    let comment_paras = sorted(&para_ids);
    para_ids.extend(attr_values(&doc, "w:p", "w14:paraId"));
    assert_unique(&para_ids, "w14:paraId");
    let extended = part(&out, "word/commentsExtended.xml");
    let ex_ids = attr_values(&extended, "w15:commentEx", "w15:paraId");
    assert_eq!(ex_ids.len(), 9);
    assert_eq!(sorted(&ex_ids), comment_paras);
    let parents = attr_values(&extended, "w15:commentEx", "w15:paraIdParent");
    assert_unique(
        &parents,
        "reply parents (each copied reply answers its own copy)",
    );
    assert!(parents.iter().all(|p| comment_paras.contains(p)));
    let cids = part(&out, "word/commentsIds.xml");
    assert_eq!(
        sorted(&attr_values(&cids, "w16cid:commentId", "w16cid:paraId")),
        comment_paras
    );
    let durable = attr_values(&cids, "w16cid:commentId", "w16cid:durableId");
    assert_eq!(durable.len(), 9);
    assert_unique(&durable, "durableId");
    let cex = part(&out, "word/commentsExtensible.xml");
    assert_eq!(
        sorted(&attr_values(
            &cex,
            "w16cex:commentExtensible",
            "w16cex:durableId"
        )),
        sorted(&durable)
    );

    if let Some(report) = openxml_audit(&out) {
        assert!(report.contains("Errors: 0"), "{report}");
    }
}

#[test]
fn preprocessing_problems_and_syntax_errors_of_one_part_are_reported_together() {
    let case = Case::new();
    let d = Docx::body(
        [
            p("title"),
            p("Dear {{ customer.name"),
            p("ok {{ customer.short }}"),
            p("{{p rich }}"),
            p("Total: {{ a + }}"),
            p("{%p if show %}"),
            p("shown"),
        ]
        .concat(),
    );
    case.docx("t.docx", &d);
    case.file("d.yaml", DATA);
    let run = case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"]);
    run.fails(1)
        .stderr_has("word/document.xml")
        .stderr_has("is not closed")
        .stderr_has("| Dear {{ customer.name")
        .stderr_has("rich-content tags")
        .stderr_has("{{ a + }}")
        .stderr_has("| Total: {{ a + }}")
        .stderr_has("`{%p if %}` is never closed")
        .stderr_has("add `{%p endif %}`")
        .stderr_has("{%p if show %}");
    // In paragraph order, each once.
    let at = |needle: &str| {
        assert_eq!(
            run.stderr.matches(needle).count(),
            1,
            "{needle}:\n{}",
            run.stderr
        );
        run.stderr.find(needle).unwrap()
    };
    let order = [
        at("paragraph 2 "),
        at("paragraph 4 "),
        at("paragraph 5 "),
        at("paragraph 6 "),
    ];
    assert!(order.is_sorted(), "{}", run.stderr);
    assert!(!case.path("o.docx").exists());
}

#[test]
fn cells_emptied_by_paragraph_tags_keep_a_paragraph() {
    let case = Case::new();
    let cell = |inner: &str| {
        format!(r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{inner}</w:tc>"#)
    };
    let tbl = |rows: &str| {
        format!(
            r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>{rows}</w:tbl>"#
        )
    };
    let hidden = |text: &str| [p("{%p if hide %}"), p(text), p("{%p endif %}")].concat();
    let nested = tbl(&format!("<w:tr>{}</w:tr>", cell(&p("inner"))));
    let body = [
        tbl(&format!(
            "<w:tr>{}{}</w:tr>",
            // Every paragraph of the cell is conditional.
            cell(&hidden("note")),
            // The paragraphs after a nested table are conditional.
            cell(&format!("{nested}{}", hidden("after"))),
        )),
        p("end"),
    ]
    .concat();
    case.docx("t.docx", &with_required_parts(Docx::body(body)));
    case.file("d.yaml", DATA);
    case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"])
        .ok();
    let out = case.path("o.docx");
    let xml = part(&out, "word/document.xml");
    assert_eq!(paragraphs(&xml).join("|"), "|inner||end");
    for (at, _) in xml.match_indices("</w:tc>") {
        let before = xml[..at].trim_end();
        assert!(
            before.ends_with("</w:p>") || before.ends_with("<w:p/>"),
            "a cell does not end with a paragraph: {xml}"
        );
    }
    if let Some(report) = openxml_audit(&out) {
        assert!(report.contains("Errors: 0"), "{report}");
    }
}
