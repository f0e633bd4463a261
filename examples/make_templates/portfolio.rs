//! `portfolio-summary.docx`, the default template of the portfolio summary
//! that `engagekit batch` puts into its zip (its context: docs/batch.md).
//!
//! A deliberately plain report (title, overview, shares per engagement type,
//! one row per customer, failures) until a designed one joins the engagement
//! templates: A4 landscape, its own few styles, no header or footer, tags in
//! ordinary paragraphs. It stays short for any portfolio size: the
//! per-report list is summary.xlsx's job (a template that reads `rows` gets
//! them).

use zip::DateTime;

use crate::blocks::{Block, Cell, Para, Row, RowKind, Run, Table};
use crate::package::{self, CoreProps, Page, W, content, rel};
use crate::palette::{ACCENT, CALIBRI, INK, MUTED, RULE, TINT};
use crate::styles::{Style, border, cell_margins, color, shade, styles_xml, sz};
use crate::write::Quotes;

/// A4 landscape, 2 cm margins.
const PAGE: Page = Page {
    width: 16838,
    height: 11906,
    landscape: true,
    top: 1134,
    bottom: 1134,
    side: 1134,
    header: 567,
    footer: 567,
    line_pitch: None,
};

pub(crate) const FILE: &str = "portfolio-summary.docx";

/// The template's .docx bytes.
pub(crate) fn package() -> Vec<u8> {
    let wml = content::wml;
    let r = rel::document;
    let parts = [
        (
            "[Content_Types].xml",
            package::content_types(&[
                ("/word/document.xml", &wml("document.main")),
                ("/word/styles.xml", &wml("styles")),
                ("/word/settings.xml", &wml("settings")),
                ("/word/fontTable.xml", &wml("fontTable")),
                ("/word/theme/theme1.xml", content::THEME),
                ("/docProps/core.xml", content::CORE),
                ("/docProps/app.xml", content::APP),
            ]),
        ),
        ("_rels/.rels", package::root_rels()),
        (
            "word/document.xml",
            package::document(&body(), &PAGE, None, Quotes::Keep),
        ),
        (
            "word/_rels/document.xml.rels",
            package::rels(&[
                ("rId1", &r("styles"), "styles.xml"),
                ("rId2", &r("settings"), "settings.xml"),
                ("rId3", &r("fontTable"), "fontTable.xml"),
                ("rId4", &r("theme"), "theme/theme1.xml"),
            ]),
        ),
        ("word/styles.xml", styles()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/fontTable.xml", package::font_table(W, &[CALIBRI])),
        ("word/theme/theme1.xml", crate::palette::theme()),
        (
            "docProps/core.xml",
            package::core_props(&CoreProps {
                title: "Portfolio summary {{ quarter.id }}",
                subject: None,
                creator: "engagekit",
                keywords: None,
                last_modified_by: None,
                revision: None,
            }),
        ),
        ("docProps/app.xml", APP_PROPS.to_string()),
    ];
    package::zip(&parts, DateTime::DEFAULT)
}

fn body() -> Vec<Block> {
    vec![
        p("Title", "Portfolio summary {{ quarter.id }}"),
        p(
            "Subtitle",
            "Ensure reports dated {{ quarter.first_day|date }} to {{ quarter.last_day|date }}\
             {% if shard %} · shard {{ shard.index }} of {{ shard.count }}{% endif %}",
        ),
        p("Heading1", "Overview"),
        p(
            "Normal",
            "{{ totals.iterations }} ensure reports of {{ totals.engagements }} engagements for {{ totals.customers }} customers. \
             Of {{ totals.committed }} goals committed, {{ totals.achieved }} were achieved ({{ totals.share_achieved|percent }}), \
             {{ totals.partially_achieved }} partially achieved, {{ totals.not_achieved }} not achieved and {{ totals.not_reported }} not reported. \
             {{ totals.open_next_steps }} next steps open the following iterations.",
        ),
        p(
            "Normal",
            "{% if failures|length == 1 %}One problem kept an engagement out of this export; it is listed at the end.\
             {% elif failures %}{{ failures|length }} problems kept engagements out of this export; they are listed at the end.\
             {% else %}Every engagement of the portfolio was read without problems.{% endif %}",
        ),
        p("Heading1", "Share of goals achieved per engagement type"),
        table(
            &[6570, 2000, 2000, 2000, 2000],
            "t in by_type",
            &[
                (
                    "Engagement type",
                    "{{ t.engagement_type or \"(no commit phase)\" }}",
                ),
                (">Reports", "{{ t.iterations }}"),
                (">Goals committed", "{{ t.committed }}"),
                (">Achieved", "{{ t.achieved }}"),
                (">Share achieved", "{{ t.share_achieved|percent }}"),
            ],
        ),
        p("Heading1", "Customers"),
        p(
            "Normal",
            "One row per customer; every report is listed in summary.xlsx beside this document.",
        ),
        table(
            &[4570, 1600, 1600, 1700, 1700, 1700, 1700],
            "c in customers",
            &[
                ("Customer", "{{ c.customer }}"),
                (">Engagements", "{{ c.engagements }}"),
                (">Reports", "{{ c.iterations }}"),
                (">Goals committed", "{{ c.committed }}"),
                (">Achieved", "{{ c.achieved }}"),
                (">Share achieved", "{{ c.share_achieved|percent }}"),
                (">Next steps", "{{ c.open_next_steps }}"),
            ],
        ),
        p("Heading1", "Failures"),
        p("Normal", "{%p if failures %}"),
        table(
            &[4300, 2400, 2370, 5500],
            "f in failures",
            &[
                ("File", "{{ f.file }}"),
                (
                    "Engagement",
                    "{{ f.engagement }}{% if f.iteration %}, iteration {{ f.iteration }}{% endif %}",
                ),
                ("Location", "{{ f.location }}"),
                ("Reason", "{{ f.reason }}"),
            ],
        ),
        p("Normal", "{%p else %}"),
        p("Normal", "None."),
        p("Normal", "{%p endif %}"),
    ]
}

/// A paragraph that names its style, `Normal` too.
fn p(style: &'static str, text: &str) -> Block {
    Block::Para(para(style, None, Run::Text(text.into())))
}

fn para(style: &'static str, align: Option<&'static str>, run: Run) -> Para {
    Para {
        style: Some(style),
        keep_next: false,
        align,
        runs: vec![run],
    }
}

/// A summary table: a header row repeated on every page, then one row per
/// item of `each`. Columns are (heading, cell); a heading starting with `>`
/// right-aligns its column, over numbers. The header is shaded and the
/// `{%tr %}` tags are table text, directly rather than by styles.
fn table(widths: &[u32], each: &str, columns: &[(&str, &str)]) -> Block {
    let mut heads = vec![];
    let mut cells = vec![];
    for (head, text) in columns {
        let (head, align) = match head.strip_prefix('>') {
            Some(head) => (head, Some("right")),
            None => (*head, None),
        };
        heads.push(Cell {
            shade: Some(ACCENT),
            blocks: vec![Block::Para(para(
                "TableText",
                align,
                Run::Bold("FFFFFF", head.into()),
            ))],
        });
        cells.push(Cell {
            shade: None,
            blocks: vec![Block::Para(para(
                "TableText",
                align,
                Run::Text((*text).into()),
            ))],
        });
    }
    let tag = |t: String| Row::Across(para("TableText", None, Run::Text(t)));
    Block::Table(Table {
        style: "SummaryTable",
        widths: widths.to_vec(),
        rows: vec![
            Row::Cells(RowKind::SplitHeader, heads),
            tag(format!("{{%tr for {each} %}}")),
            Row::Cells(RowKind::Body, cells),
            tag("{%tr endfor %}".into()),
        ],
    })
}

fn styles() -> String {
    let doc_defaults = format!(
        "<w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>\
         {}{}<w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>",
        color(INK),
        sz(20)
    );
    let bold = |c, size| format!("<w:b/>{}{}", color(c), sz(size));
    let list = [
        Style::paragraph("Normal", "Normal").default().quick(),
        Style::paragraph("Title", "Title")
            .based_on("Normal")
            .next("Subtitle")
            .quick()
            .ppr("<w:spacing w:after=\"60\"/>")
            .rpr(bold(ACCENT, 44)),
        Style::paragraph("Subtitle", "Subtitle")
            .based_on("Normal")
            .next("Normal")
            .quick()
            .ppr("<w:spacing w:after=\"240\"/>")
            .rpr(format!("{}{}", color(MUTED), sz(24))),
        Style::paragraph("Heading1", "heading 1")
            .based_on("Normal")
            .next("Normal")
            .quick()
            .ppr("<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>")
            .rpr(bold(ACCENT, 28)),
        Style::paragraph("TableText", "Table Text")
            .based_on("Normal")
            .quick()
            .ppr("<w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/>")
            .rpr(sz(18)),
        Style::paragraph("AfterTable", "After Table")
            .based_on("Normal")
            .ppr("<w:spacing w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/>"),
        Style::table("TableNormal", "Normal Table")
            .default()
            .ui(99)
            .hidden()
            .table_pr(format!(
                "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>{}</w:tblPr>",
                cell_margins(0, 108)
            )),
        Style::table("SummaryTable", "Summary Table")
            .based_on("TableNormal")
            .table_pr(format!(
                "<w:tblPr><w:tblBorders>{}{}{}</w:tblBorders></w:tblPr>\
                 <w:tblStylePr w:type=\"band1Horz\"><w:tblPr/><w:tcPr>{}</w:tcPr></w:tblStylePr>",
                border("top", 4, 0, RULE),
                border("bottom", 4, 0, RULE),
                border("insideH", 4, 0, RULE),
                shade(TINT),
            )),
    ];
    styles_xml(W, &doc_defaults, &list)
}

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
    <w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
    <w:defaultTabStop w:val=\"708\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
    <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>\
    </w:compat></w:settings>";

const APP_PROPS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
    <Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
    <Application>engagekit</Application></Properties>";
