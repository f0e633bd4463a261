//! The package of the four engagement templates (assessment, statement of
//! work, workshop agenda, ensure report): every one is the same package
//! around its own body — styles, bullet numbering, settings, font table,
//! theme, one header and one footer ("Page X of Y" fields), core properties
//! whose title and subject hold tags.

use std::fmt::Write as _;

use zip::DateTime;

use crate::blocks::{Block, Run, runs, strong, text};
use crate::house_styles::styles;
use crate::package::{self, CoreProps, Page, W_R, XML_DECL, content, rel};
use crate::palette::{ACCENT_MID, CALIBRI, CONSOLAS, FONT, TIMES};
use crate::write::Quotes;

/// A4 portrait.
pub(crate) const PAGE: Page = Page {
    width: 11906,
    height: 16838,
    landscape: false,
    top: 1417,
    bottom: 1304,
    side: 1247,
    header: 624,
    footer: 567,
    line_pitch: Some(360),
};

/// Width of the text column: every table is exactly this wide.
pub(crate) const TEXT_W: u32 = PAGE.text_width();

/// One engagement template, as data.
pub(crate) struct Template {
    pub(crate) file: &'static str,
    /// Kind of document, shown in the kicker line and in the header.
    pub(crate) kind: &'static str,
    pub(crate) core_title: &'static str,
    pub(crate) core_subject: &'static str,
    pub(crate) body: Vec<Block>,
}

/// The template's .docx bytes.
pub(crate) fn package(t: &Template) -> Vec<u8> {
    let q = Quotes::Escape;
    let parts = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package::root_rels()),
        ("docProps/core.xml", core_props(t)),
        ("docProps/app.xml", APP_PROPS.to_string()),
        (
            "word/document.xml",
            package::document(&t.body, &PAGE, Some(("rId6", "rId7")), q),
        ),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/styles.xml", styles(W_R, TEXT_W)),
        ("word/numbering.xml", numbering()),
        ("word/settings.xml", SETTINGS.to_string()),
        (
            "word/fontTable.xml",
            package::font_table(W_R, &[CALIBRI, CONSOLAS, TIMES]),
        ),
        ("word/theme/theme1.xml", crate::palette::theme()),
        (
            "word/header1.xml",
            package::header_footer("hdr", &[header(t.kind)], &PAGE, q),
        ),
        (
            "word/footer1.xml",
            package::header_footer("ftr", &[footer()], &PAGE, q),
        ),
    ];
    let time = DateTime::from_date_and_time(2026, 1, 1, 0, 0, 0).expect("valid date");
    package::zip(&parts, time)
}

/// Provider on the left; document kind and customer on the right.
fn header(kind: &str) -> Block {
    runs(
        "Header",
        vec![
            strong("{{ provider.name }}"),
            Run::Tab,
            text(&format!("{kind} \u{00b7} {{{{ customer.name }}}}")),
        ],
    )
}

/// Engagement and iteration on the left; "Page X of Y" on the right.
fn footer() -> Block {
    runs(
        "Footer",
        vec![
            text(
                "{{ engagement.title or engagement.id }} \u{00b7} Iteration {{ iteration.number }}",
            ),
            Run::Tab,
            text("Page "),
            Run::Field("PAGE", "1"),
            text(" of "),
            Run::Field("NUMPAGES", "1"),
        ],
    )
}

fn content_types() -> String {
    let wml = content::wml;
    package::content_types(&[
        ("/word/document.xml", &wml("document.main")),
        ("/word/styles.xml", &wml("styles")),
        ("/word/numbering.xml", &wml("numbering")),
        ("/word/settings.xml", &wml("settings")),
        ("/word/fontTable.xml", &wml("fontTable")),
        ("/word/header1.xml", &wml("header")),
        ("/word/footer1.xml", &wml("footer")),
        ("/word/theme/theme1.xml", content::THEME),
        ("/docProps/core.xml", content::CORE),
        ("/docProps/app.xml", content::APP),
    ])
}

fn document_rels() -> String {
    let r = rel::document;
    package::rels(&[
        ("rId1", &r("styles"), "styles.xml"),
        ("rId2", &r("numbering"), "numbering.xml"),
        ("rId3", &r("settings"), "settings.xml"),
        ("rId4", &r("fontTable"), "fontTable.xml"),
        ("rId5", &r("theme"), "theme/theme1.xml"),
        ("rId6", &r("header"), "header1.xml"),
        ("rId7", &r("footer"), "footer1.xml"),
    ])
}

fn core_props(t: &Template) -> String {
    package::core_props(&CoreProps {
        title: t.core_title,
        subject: Some(t.core_subject),
        creator: "{{ provider.name }}",
        keywords: Some(t.kind),
        last_modified_by: Some("engagekit"),
        revision: Some(1),
    })
}

const APP_PROPS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
    <Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
    xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
    <Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>engagekit</Application>\
    <DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>\
    <LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
    <HyperlinksChanged>false</HyperlinksChanged></Properties>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
    <w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:zoom w:percent=\"100\"/>\
    <w:defaultTabStop w:val=\"709\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
    <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>\
    <w:compatSetting w:name=\"overrideTableStyleFontSizeAndJustification\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
    <w:compatSetting w:name=\"enableOpenTypeFeatures\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
    <w:compatSetting w:name=\"doNotFlipMirrorIndents\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
    </w:compat><w:themeFontLang w:val=\"en-US\"/>\
    <w:clrSchemeMapping w:bg1=\"light1\" w:t1=\"dark1\" w:bg2=\"light2\" w:t2=\"dark2\" w:accent1=\"accent1\" \
    w:accent2=\"accent2\" w:accent3=\"accent3\" w:accent4=\"accent4\" w:accent5=\"accent5\" w:accent6=\"accent6\" \
    w:hyperlink=\"hyperlink\" w:followedHyperlink=\"followedHyperlink\"/>\
    <w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/></w:settings>";

/// Bullets: level 0 a round bullet in the accent colour, then a dash and a square.
fn numbering() -> String {
    let mut x = format!(
        "{XML_DECL}<w:numbering {W_R}><w:abstractNum w:abstractNumId=\"0\">\
         <w:nsid w:val=\"3A7C1E52\"/><w:multiLevelType w:val=\"hybridMultilevel\"/>"
    );
    for (lvl, glyph) in ["\u{2022}", "\u{2013}", "\u{25aa}"].iter().enumerate() {
        let left = 357 * (lvl as u32 + 1);
        let pstyle = if lvl == 0 {
            "<w:pStyle w:val=\"ListBullet\"/>"
        } else {
            ""
        };
        write!(
            x,
            "<w:lvl w:ilvl=\"{lvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>{pstyle}\
             <w:lvlText w:val=\"{glyph}\"/><w:lvlJc w:val=\"left\"/>\
             <w:pPr><w:ind w:left=\"{left}\" w:hanging=\"357\"/></w:pPr>\
             <w:rPr><w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:cs=\"{FONT}\"/><w:color w:val=\"{ACCENT_MID}\"/></w:rPr></w:lvl>"
        )
        .unwrap();
    }
    x +=
        "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
    x
}
