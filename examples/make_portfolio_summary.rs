//! Writes `templates/portfolio-summary.docx`, the default template of the
//! portfolio summary that `engagekit batch` puts into its zip.
//!
//! ```text
//! cargo run --example make_portfolio_summary            # writes templates/portfolio-summary.docx
//! cargo run --example make_portfolio_summary -- OUT.docx
//! ```
//!
//! A deliberately plain report (title, overview, shares per engagement type,
//! one row per customer, failures) until
//! a designed one joins the other default templates. It stays short for any
//! portfolio size: the per-report list is summary.xlsx's job (a template that
//! reads `rows` gets them). Its context is
//! documented in docs/batch.md. The WordprocessingML is written as text, in
//! schema order, and the output is deterministic (fixed zip timestamps and
//! document dates).

use std::io::Write as _;
use std::path::PathBuf;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const ACCENT: &str = "1F3864";
const TINT: &str = "EEF3F9";
/// A4 landscape, 2 cm margins: the text column is 16838 - 2 * 1134 twips wide.
const TEXT_W: u32 = 16838 - 2 * 1134;

fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates/portfolio-summary.docx")
        });
    let bytes = package();
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
    println!("{}", out.display());
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A paragraph with a style and one run of text.
fn p(style: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

/// A cell with one paragraph.
fn cell(width: u32, text: &str, header: bool, right: bool) -> String {
    let shade = if header {
        format!(r#"<w:shd w:val="clear" w:color="auto" w:fill="{ACCENT}"/>"#)
    } else {
        String::new()
    };
    let jc = if right {
        r#"<w:jc w:val="right"/>"#
    } else {
        ""
    };
    let rpr = if header {
        r#"<w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>"#
    } else {
        ""
    };
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>{jc}</w:pPr><w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>"#,
        esc(text)
    )
}

/// A row whose only cell holds a structural tag (`{%tr for … %}`), spanning the table.
fn logic_row(widths: &[u32], tag: &str) -> String {
    let total: u32 = widths.iter().sum();
    format!(
        r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="{total}" w:type="dxa"/><w:gridSpan w:val="{}"/></w:tcPr>{}</w:tc></w:tr>"#,
        widths.len(),
        p("TableText", tag)
    )
}

/// A table: a repeated header row, then a loop over `rows` with one row of `cells`.
fn table(widths: &[u32], headers: &[&str], lp: &str, cells: &[&str], right_from: usize) -> String {
    assert_eq!(widths.iter().sum::<u32>(), TEXT_W);
    let grid: String = widths
        .iter()
        .map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#))
        .collect();
    let head: String = widths
        .iter()
        .zip(headers)
        .enumerate()
        .map(|(i, (w, h))| cell(*w, h, true, i >= right_from))
        .collect();
    let body: String = widths
        .iter()
        .zip(cells)
        .enumerate()
        .map(|(i, (w, c))| cell(*w, c, false, i >= right_from))
        .collect();
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="SummaryTable"/><w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>{}<w:tr>{body}</w:tr>{}</w:tbl><w:p><w:pPr><w:pStyle w:val="AfterTable"/></w:pPr></w:p>"#,
        logic_row(widths, &format!("{{%tr for {lp} %}}")),
        logic_row(widths, "{%tr endfor %}"),
    )
}

fn document() -> String {
    let mut b = String::new();
    b += &p("Title", "Portfolio summary {{ quarter.id }}");
    b += &p(
        "Subtitle",
        "Ensure reports dated {{ quarter.first_day|date }} to {{ quarter.last_day|date }}{% if shard %} · shard {{ shard.index }} of {{ shard.count }}{% endif %}",
    );
    b += &p("Heading1", "Overview");
    b += &p(
        "Normal",
        "{{ totals.iterations }} ensure reports of {{ totals.engagements }} engagements for {{ totals.customers }} customers. \
         Of {{ totals.committed }} goals committed, {{ totals.achieved }} were achieved ({{ totals.share_achieved|percent }}), \
         {{ totals.partially_achieved }} partially achieved, {{ totals.not_achieved }} not achieved and {{ totals.not_reported }} not reported. \
         {{ totals.open_next_steps }} next steps open the following iterations.",
    );
    b += &p(
        "Normal",
        "{% if failures|length == 1 %}One problem kept an engagement out of this export; it is listed at the end.{% elif failures %}{{ failures|length }} problems kept engagements out of this export; they are listed at the end.{% else %}Every engagement of the portfolio was read without problems.{% endif %}",
    );
    b += &p("Heading1", "Share of goals achieved per engagement type");
    b += &table(
        &[6570, 2000, 2000, 2000, 2000],
        &[
            "Engagement type",
            "Reports",
            "Goals committed",
            "Achieved",
            "Share achieved",
        ],
        "t in by_type",
        &[
            "{{ t.engagement_type or \"(no commit phase)\" }}",
            "{{ t.iterations }}",
            "{{ t.committed }}",
            "{{ t.achieved }}",
            "{{ t.share_achieved|percent }}",
        ],
        1,
    );
    b += &p("Heading1", "Customers");
    b += &p(
        "Normal",
        "One row per customer; every report is listed in summary.xlsx beside this document.",
    );
    b += &table(
        &[4570, 1600, 1600, 1700, 1700, 1700, 1700],
        &[
            "Customer",
            "Engagements",
            "Reports",
            "Goals committed",
            "Achieved",
            "Share achieved",
            "Next steps",
        ],
        "c in customers",
        &[
            "{{ c.customer }}",
            "{{ c.engagements }}",
            "{{ c.iterations }}",
            "{{ c.committed }}",
            "{{ c.achieved }}",
            "{{ c.share_achieved|percent }}",
            "{{ c.open_next_steps }}",
        ],
        1,
    );
    b += &p("Heading1", "Failures");
    b += &p("Normal", "{%p if failures %}");
    b += &table(
        &[4300, 2400, 2370, 5500],
        &["File", "Engagement", "Location", "Reason"],
        "f in failures",
        &[
            "{{ f.file }}",
            "{{ f.engagement }}{% if f.iteration %}, iteration {{ f.iteration }}{% endif %}",
            "{{ f.location }}",
            "{{ f.reason }}",
        ],
        99,
    );
    b += &p("Normal", "{%p else %}");
    b += &p("Normal", "None.");
    b += &p("Normal", "{%p endif %}");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{b}<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/><w:cols w:space="708"/></w:sectPr></w:body></w:document>"#
    )
}

fn styles() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:color w:val="262626"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Subtitle"/><w:qFormat/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:b/><w:color w:val="{ACCENT}"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:color w:val="6B7280"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="{ACCENT}"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="AfterTable"><w:name w:val="After Table"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="120" w:lineRule="exact"/></w:pPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:styleId="SummaryTable"><w:name w:val="Summary Table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="C9D3E0"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="C9D3E0"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="C9D3E0"/></w:tblBorders></w:tblPr><w:tblStylePr w:type="band1Horz"><w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{TINT}"/></w:tcPr></w:tblStylePr></w:style></w:styles>"#
    )
}

fn font_table() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="{W_NS}"><w:font w:name="Calibri"><w:altName w:val="Carlito"/><w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
    )
}

/// A minimal Office theme (Word requires one) with the summary's accent colour.
fn theme() -> String {
    let srgb = |name: &str, c: &str| format!(r#"<a:{name}><a:srgbClr val="{c}"/></a:{name}>"#);
    let colors = [
        r#"<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>"#.to_string(),
        r#"<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>"#.to_string(),
        srgb("dk2", ACCENT),
        srgb("lt2", TINT),
        srgb("accent1", "2E74B5"),
        srgb("accent2", ACCENT),
        srgb("accent3", "2E7D32"),
        srgb("accent4", "B7791F"),
        srgb("accent5", "C62828"),
        srgb("accent6", "6B7280"),
        srgb("hlink", "2E74B5"),
        srgb("folHlink", "7030A0"),
    ]
    .concat();
    let font = |tag: &str| {
        format!(
            r#"<a:{tag}><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:{tag}>"#
        )
    };
    let solid = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = |w: u32| {
        format!(
            r#"<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{solid}<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>"#
        )
    };
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="engagekit"><a:themeElements><a:clrScheme name="engagekit">{colors}</a:clrScheme><a:fontScheme name="engagekit">{}{}</a:fontScheme><a:fmtScheme name="engagekit"><a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst><a:lnStyleLst>{}{}{}</a:lnStyleLst><a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst><a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#,
        font("majorFont"),
        font("minorFont"),
        line(6350),
        line(12700),
        line(19050),
    )
}

fn package() -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>"#;
    let settings = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="708"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    );
    let core = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Portfolio summary {{ quarter.id }}</dc:title><dc:creator>engagekit</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>"#;
    let app = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>engagekit</Application></Properties>"#;
    let entries: [(&str, String); 10] = [
        ("[Content_Types].xml", content_types.to_string()),
        ("_rels/.rels", root_rels.to_string()),
        ("word/document.xml", document()),
        ("word/_rels/document.xml.rels", doc_rels.to_string()),
        ("word/styles.xml", styles()),
        ("word/settings.xml", settings),
        ("word/fontTable.xml", font_table()),
        ("word/theme/theme1.xml", theme()),
        ("docProps/core.xml", core.to_string()),
        ("docProps/app.xml", app.to_string()),
    ];
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = ZipWriter::new(&mut buf);
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::DEFAULT)
            .unix_permissions(0o644)
            .system(zip::System::Unix);
        for (name, data) in entries {
            zip.start_file(name, opts).expect("zip entry");
            zip.write_all(data.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip finish");
    }
    buf.into_inner()
}
