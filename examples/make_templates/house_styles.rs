//! The named styles of the four engagement templates, as data. All the
//! formatting lives here (docs/templates.md lists what each style is for):
//! to restyle the templates, change a style, not the text.

use crate::palette::{ACCENT, ACCENT_MID, FONT, INK, LOGIC, MONO, MUTED, RULE, TINT};
use crate::palette::{AMBER, GREEN, RED};
use crate::styles::{Style, border, cell_margins, color, shade, styles_xml, sz};

/// `word/styles.xml` of the engagement templates.
pub(crate) fn styles(ns: &str, text_width: u32) -> String {
    let doc_defaults = format!(
        "<w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"{FONT}\" w:eastAsia=\"{FONT}\" w:hAnsi=\"{FONT}\" w:cs=\"{FONT}\"/>{}{}\
         <w:lang w:val=\"en-US\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>",
        color(INK),
        sz(21)
    );
    let list: Vec<Style> = [
        defaults(),
        title_block(),
        headings(),
        paragraphs(text_width),
        tables_paragraphs(),
        characters(),
        table_styles(),
    ]
    .into_iter()
    .flatten()
    .collect();
    styles_xml(ns, &doc_defaults, &list)
}

/// A paragraph style based on `Normal`.
fn para(id: &'static str, name: &'static str, ui: u32) -> Style {
    Style::paragraph(id, name).based_on("Normal").ui(ui)
}

/// A paragraph style for table cells, based on `Table Text`.
fn in_table(id: &'static str, name: &'static str) -> Style {
    Style::paragraph(id, name).based_on("TableText").ui(40)
}

/// A table style based on `Normal Table`.
fn table(id: &'static str, name: &'static str, table_pr: String) -> Style {
    Style::table(id, name)
        .based_on("TableNormal")
        .ui(40)
        .ppr("<w:spacing w:after=\"0\"/>")
        .table_pr(table_pr)
}

/// The defaults Word expects.
fn defaults() -> Vec<Style> {
    vec![
        Style::paragraph("Normal", "Normal").default().ui(0).quick(),
        Style::character("DefaultParagraphFont", "Default Paragraph Font")
            .default()
            .ui(1),
        Style::table("TableNormal", "Normal Table")
            .default()
            .ui(99)
            .table_pr(format!(
                "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>{}</w:tblPr>",
                cell_margins(0, 108)
            )),
        Style::numbering("NoList", "No List").default().ui(99),
    ]
}

fn title_block() -> Vec<Style> {
    vec![
        para("TitleKicker", "Title Kicker", 9)
            .next("Title")
            .quick()
            .ppr("<w:keepNext/><w:spacing w:before=\"240\" w:after=\"40\"/>")
            .rpr(format!(
                "<w:b/><w:bCs/><w:caps/>{}<w:spacing w:val=\"30\"/>{}",
                color(ACCENT_MID),
                sz(20)
            )),
        para("Title", "Title", 10)
            .next("Subtitle")
            .quick()
            .ppr("<w:keepNext/><w:spacing w:after=\"80\" w:line=\"240\" w:lineRule=\"auto\"/>")
            .rpr(format!(
                "<w:b/><w:bCs/>{}<w:kern w:val=\"28\"/>{}",
                color(ACCENT),
                sz(52)
            )),
        para("Subtitle", "Subtitle", 11)
            .next("Normal")
            .quick()
            .ppr(format!(
                "<w:keepNext/><w:pBdr>{}</w:pBdr><w:spacing w:after=\"200\"/>",
                border("bottom", 18, 10, ACCENT)
            ))
            .rpr(format!("{}{}", color(MUTED), sz(26))),
    ]
}

fn headings() -> Vec<Style> {
    let heading = |id, name, ppr: String, c, size| {
        para(id, name, 9)
            .next("Normal")
            .quick()
            .ppr(ppr)
            .rpr(format!("<w:b/><w:bCs/>{}{}", color(c), sz(size)))
    };
    vec![
        heading(
            "Heading1",
            "heading 1",
            format!(
                "<w:keepNext/><w:keepLines/><w:pBdr>{}</w:pBdr><w:spacing w:before=\"400\" w:after=\"160\"/>\
                 <w:outlineLvl w:val=\"0\"/>",
                border("bottom", 6, 4, RULE)
            ),
            ACCENT,
            30,
        ),
        heading(
            "Heading2",
            "heading 2",
            "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/>".into(),
            ACCENT_MID,
            24,
        ),
        heading(
            "Heading3",
            "heading 3",
            "<w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"60\"/><w:outlineLvl w:val=\"2\"/>".into(),
            INK,
            21,
        ),
    ]
}

/// Lists, notes, template logic, the maturity call-out, header and footer.
fn paragraphs(text_width: u32) -> Vec<Style> {
    let tabs = format!("<w:tabs><w:tab w:val=\"right\" w:pos=\"{text_width}\"/></w:tabs>");
    let header_footer = |side| {
        format!(
            "<w:pBdr>{}</w:pBdr>{tabs}<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
            border(side, 4, 6, RULE)
        )
    };
    vec![
        para("ListBullet", "List Bullet", 36)
            .quick()
            .ppr("<w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"60\"/>"),
        para("Note", "Note", 20)
            .next("Normal")
            .quick()
            .ppr("<w:spacing w:before=\"80\"/>")
            .rpr(format!("<w:i/><w:iCs/>{}{}", color(MUTED), sz(18))),
        para("TemplateLogic", "Template Logic", 30)
            .quick()
            .ppr("<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>")
            .rpr(format!(
                "<w:rFonts w:ascii=\"{MONO}\" w:hAnsi=\"{MONO}\" w:cs=\"{MONO}\"/>{}{}",
                color(LOGIC),
                sz(16)
            )),
        // The maturity call-out, inside a one-cell "Callout Table".
        para("MaturityLevel", "Maturity Level", 21)
            .next("MaturityText")
            .quick()
            .ppr("<w:keepNext/><w:spacing w:before=\"0\" w:after=\"40\"/>")
            .rpr(format!("<w:b/><w:bCs/>{}{}", color(ACCENT), sz(32))),
        para("MaturityText", "Maturity Description", 21)
            .next("Normal")
            .quick()
            .ppr("<w:spacing w:after=\"0\"/>"),
        para("Header", "header", 99)
            .ppr(header_footer("bottom"))
            .rpr(format!("{}{}", color(MUTED), sz(16))),
        para("Footer", "footer", 99)
            .ppr(header_footer("top"))
            .rpr(format!("{}{}", color(MUTED), sz(16))),
    ]
}

/// Paragraphs inside tables: text, headings, numbers, details, KPI tiles,
/// the sign-off block; and the small paragraph after every table.
fn tables_paragraphs() -> Vec<Style> {
    vec![
        para("TableText", "Table Text", 40)
            .quick()
            .ppr("<w:spacing w:before=\"30\" w:after=\"30\" w:line=\"240\" w:lineRule=\"auto\"/>")
            .rpr(sz(19)),
        in_table("TableHeading", "Table Heading")
            .quick()
            .ppr("<w:keepNext/>")
            .rpr("<w:b/><w:bCs/>"),
        Style::paragraph("TableHeadingRight", "Table Heading Right")
            .based_on("TableHeading")
            .ui(40)
            .quick()
            .ppr("<w:jc w:val=\"right\"/>"),
        in_table("TableNumber", "Table Number")
            .quick()
            .ppr("<w:jc w:val=\"right\"/>"),
        in_table("TableBullet", "Table Bullet").quick().ppr(
            "<w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:before=\"0\" w:after=\"20\"/>\
             <w:ind w:left=\"227\" w:hanging=\"227\"/>",
        ),
        in_table("TableNote", "Table Note")
            .quick()
            .rpr(format!("<w:i/><w:iCs/>{}{}", color(MUTED), sz(17))),
        in_table("DetailLabel", "Detail Label")
            .quick()
            .ppr("<w:spacing w:before=\"50\" w:after=\"30\"/>")
            .rpr(format!(
                "<w:b/><w:bCs/><w:caps/>{}<w:spacing w:val=\"10\"/>{}",
                color(MUTED),
                sz(15)
            )),
        in_table("DetailValue", "Detail Value").quick().rpr(sz(20)),
        in_table("KpiValue", "KPI Value")
            .quick()
            .ppr("<w:keepNext/><w:spacing w:before=\"120\" w:after=\"0\"/><w:jc w:val=\"center\"/>")
            .rpr(format!("<w:b/><w:bCs/>{}{}", color(ACCENT), sz(40))),
        in_table("KpiLabel", "KPI Label")
            .quick()
            .ppr("<w:spacing w:before=\"0\" w:after=\"120\"/><w:jc w:val=\"center\"/>")
            .rpr(format!(
                "<w:caps/>{}<w:spacing w:val=\"6\"/>{}",
                color(MUTED),
                sz(15)
            )),
        in_table("SignatureOrg", "Signature Organisation")
            .quick()
            .ppr("<w:keepNext/><w:spacing w:before=\"480\"/>")
            .rpr("<w:b/><w:bCs/>"),
        in_table("SignatureSpace", "Signature Space")
            .ppr("<w:keepNext/><w:spacing w:before=\"560\" w:after=\"0\"/>"),
        in_table("SignatureLine", "Signature Line")
            .quick()
            .ppr(format!(
                "<w:keepNext/><w:pBdr>{}</w:pBdr><w:spacing w:before=\"0\" w:after=\"0\"/><w:ind w:right=\"567\"/>",
                border("top", 6, 2, "404040")
            ))
            .rpr(format!("{}{}", color(MUTED), sz(17))),
        para("AfterTable", "After Table", 40)
            .next("Normal")
            .ppr("<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/>")
            .rpr(sz(8)),
    ]
}

/// `Strong` and the four goal status colours.
fn characters() -> Vec<Style> {
    let character = |id, name, ui, rpr| {
        Style::character(id, name)
            .based_on("DefaultParagraphFont")
            .ui(ui)
            .quick()
            .rpr(rpr)
    };
    let status = |id, name, c| character(id, name, 40, format!("<w:b/><w:bCs/>{}", color(c)));
    vec![
        character("Strong", "Strong", 22, "<w:b/><w:bCs/>".into()),
        status("StatusAchieved", "Status Achieved", GREEN),
        status("StatusPartial", "Status Partially Achieved", AMBER),
        status("StatusNotAchieved", "Status Not Achieved", RED),
        status("StatusNotReported", "Status Not Reported", MUTED),
    ]
}

fn table_styles() -> Vec<Style> {
    vec![
        table(
            "EngagementTable",
            "Engagement Table",
            format!(
                "<w:tblPr><w:tblStyleRowBandSize w:val=\"1\"/><w:tblBorders>{}{}{}</w:tblBorders>{}</w:tblPr>\
                 <w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/><w:color w:val=\"FFFFFF\"/></w:rPr>\
                 <w:tblPr/><w:trPr><w:tblHeader/></w:trPr><w:tcPr>{}</w:tcPr></w:tblStylePr>\
                 <w:tblStylePr w:type=\"band2Horz\"><w:tblPr/><w:tcPr>{}</w:tcPr></w:tblStylePr>",
                border("top", 8, 0, ACCENT),
                border("bottom", 8, 0, ACCENT),
                border("insideH", 4, 0, RULE),
                cell_margins(40, 100),
                shade(ACCENT),
                shade(TINT),
            ),
        ),
        table(
            "DetailsTable",
            "Details Table",
            format!(
                "<w:tblPr><w:tblBorders>{}{}</w:tblBorders>{}</w:tblPr>",
                border("bottom", 4, 0, RULE),
                border("insideH", 4, 0, RULE),
                cell_margins(20, 85),
            ),
        ),
        table(
            "KpiTable",
            "KPI Table",
            format!(
                "<w:tblPr><w:tblBorders>{}</w:tblBorders>{}</w:tblPr><w:tcPr>{}</w:tcPr>",
                border("insideV", 24, 0, "FFFFFF"),
                cell_margins(0, 60),
                shade(TINT),
            ),
        ),
        table(
            "CalloutTable",
            "Callout Table",
            format!(
                "<w:tblPr><w:tblBorders>{}</w:tblBorders>{}</w:tblPr><w:tcPr>{}</w:tcPr>",
                border("left", 36, 0, ACCENT_MID),
                cell_margins(140, 227),
                shade(TINT),
            ),
        ),
        table(
            "SignatureTable",
            "Signature Table",
            format!("<w:tblPr>{}</w:tblPr>", cell_margins(0, 0)),
        ),
    ]
}
