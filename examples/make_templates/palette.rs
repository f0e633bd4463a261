//! The colours and fonts every default template shares, and the Office
//! theme that carries them, so that colour pickers and new tables in Word
//! use the same palette.

use crate::package::{Font, XML_DECL};

/// Dark navy: titles, headings, table header rows.
pub(crate) const ACCENT: &str = "1F3864";
/// Brighter blue: kicker line, bullets, maturity bar.
pub(crate) const ACCENT_MID: &str = "2E74B5";
/// Pale blue: banded rows, call-out boxes, KPI tiles.
pub(crate) const TINT: &str = "EEF3F9";
/// Hairlines between table rows and under headings.
pub(crate) const RULE: &str = "C9D3E0";
/// Body text.
pub(crate) const INK: &str = "262626";
/// Secondary text: labels, header and footer, notes.
pub(crate) const MUTED: &str = "6B7280";
/// Structural tags, so that template logic stands out while editing.
pub(crate) const LOGIC: &str = "7030A0";
/// Goal status colours.
pub(crate) const GREEN: &str = "2E7D32";
pub(crate) const AMBER: &str = "B7791F";
pub(crate) const RED: &str = "C62828";

pub(crate) const FONT: &str = "Calibri";
pub(crate) const MONO: &str = "Consolas";

pub(crate) const CALIBRI: Font = Font {
    name: FONT,
    alt_name: Some("Carlito"),
    panose: "020F0502020204030204",
    family: "swiss",
    pitch: "variable",
};
pub(crate) const CONSOLAS: Font = Font {
    name: MONO,
    alt_name: None,
    panose: "020B0609020204030204",
    family: "modern",
    pitch: "fixed",
};
pub(crate) const TIMES: Font = Font {
    name: "Times New Roman",
    alt_name: None,
    panose: "02020603050405020304",
    family: "roman",
    pitch: "variable",
};

/// `word/theme/theme1.xml`: a small Office theme whose accent colours match
/// the template look.
pub(crate) fn theme() -> String {
    let srgb = |name: &str, c: &str| format!("<a:{name}><a:srgbClr val=\"{c}\"/></a:{name}>");
    let colors = [
        "<a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1>".to_string(),
        "<a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>".to_string(),
        srgb("dk2", ACCENT),
        srgb("lt2", TINT),
        srgb("accent1", ACCENT_MID),
        srgb("accent2", ACCENT),
        srgb("accent3", GREEN),
        srgb("accent4", AMBER),
        srgb("accent5", RED),
        srgb("accent6", MUTED),
        srgb("hlink", ACCENT_MID),
        srgb("folHlink", "7030A0"),
    ]
    .concat();
    let font = |tag: &str| {
        format!(
            "<a:{tag}><a:latin typeface=\"{FONT}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:{tag}>"
        )
    };
    let solid = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = |w: u32| {
        format!(
            "<a:ln w=\"{w}\" cap=\"flat\" cmpd=\"sng\" algn=\"ctr\">{solid}<a:prstDash val=\"solid\"/><a:miter lim=\"800000\"/></a:ln>"
        )
    };
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        "{XML_DECL}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"engagekit\">\
         <a:themeElements><a:clrScheme name=\"engagekit\">{colors}</a:clrScheme>\
         <a:fontScheme name=\"engagekit\">{}{}</a:fontScheme>\
         <a:fmtScheme name=\"engagekit\"><a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst>\
         <a:lnStyleLst>{}{}{}</a:lnStyleLst><a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>\
         <a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>\
         <a:objectDefaults/><a:extraClrSchemeLst/></a:theme>",
        font("majorFont"),
        font("minorFont"),
        line(6350),
        line(12700),
        line(19050),
    )
}
