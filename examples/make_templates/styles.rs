//! Style definitions as data, and the one writer of `word/styles.xml`.
//!
//! A [`Style`] is built with chained setters (`Style::paragraph(..).based_on(..)`);
//! the property helpers below (`color`, `sz`, `border`, …) write the small
//! elements its `pPr`, `rPr` and table properties are made of.

use std::fmt::Write as _;

use crate::package::XML_DECL;

/// One `<w:style>`: its children are written in schema order.
pub(crate) struct Style {
    kind: &'static str,
    id: &'static str,
    name: &'static str,
    default: bool,
    based_on: Option<&'static str>,
    next: Option<&'static str>,
    ui: Option<u32>,
    /// `semiHidden` and `unhideWhenUsed`: kept out of the style gallery until used.
    hidden: bool,
    quick: bool,
    ppr: String,
    rpr: String,
    /// Table styles: tblPr, trPr, tcPr and tblStylePr elements, in that order.
    table: String,
}

impl Style {
    fn new(kind: &'static str, id: &'static str, name: &'static str) -> Style {
        Style {
            kind,
            id,
            name,
            default: false,
            based_on: None,
            next: None,
            ui: None,
            hidden: false,
            quick: false,
            ppr: String::new(),
            rpr: String::new(),
            table: String::new(),
        }
    }

    pub(crate) fn paragraph(id: &'static str, name: &'static str) -> Style {
        Style::new("paragraph", id, name)
    }

    pub(crate) fn character(id: &'static str, name: &'static str) -> Style {
        Style::new("character", id, name)
    }

    pub(crate) fn table(id: &'static str, name: &'static str) -> Style {
        Style::new("table", id, name)
    }

    pub(crate) fn numbering(id: &'static str, name: &'static str) -> Style {
        Style::new("numbering", id, name)
    }

    /// The default style of its type.
    pub(crate) fn default(mut self) -> Style {
        self.default = true;
        self
    }

    pub(crate) fn based_on(mut self, id: &'static str) -> Style {
        self.based_on = Some(id);
        self
    }

    /// The style of the paragraph after this one.
    pub(crate) fn next(mut self, id: &'static str) -> Style {
        self.next = Some(id);
        self
    }

    /// Position in Word's style gallery.
    pub(crate) fn ui(mut self, priority: u32) -> Style {
        self.ui = Some(priority);
        self
    }

    pub(crate) fn hidden(mut self) -> Style {
        self.hidden = true;
        self
    }

    /// Shown in the quick style gallery.
    pub(crate) fn quick(mut self) -> Style {
        self.quick = true;
        self
    }

    /// Paragraph properties (the inside of `pPr`).
    pub(crate) fn ppr(mut self, xml: impl Into<String>) -> Style {
        self.ppr = xml.into();
        self
    }

    /// Run properties (the inside of `rPr`).
    pub(crate) fn rpr(mut self, xml: impl Into<String>) -> Style {
        self.rpr = xml.into();
        self
    }

    /// Table properties: whole `tblPr`, `tcPr`, `tblStylePr` elements.
    pub(crate) fn table_pr(mut self, xml: impl Into<String>) -> Style {
        self.table = xml.into();
        self
    }

    fn write(&self, x: &mut String) {
        write!(x, "<w:style w:type=\"{}\"", self.kind).unwrap();
        if self.default {
            *x += " w:default=\"1\"";
        }
        write!(
            x,
            " w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            self.id, self.name
        )
        .unwrap();
        if let Some(b) = self.based_on {
            write!(x, "<w:basedOn w:val=\"{b}\"/>").unwrap();
        }
        if let Some(n) = self.next {
            write!(x, "<w:next w:val=\"{n}\"/>").unwrap();
        }
        if let Some(ui) = self.ui {
            write!(x, "<w:uiPriority w:val=\"{ui}\"/>").unwrap();
        }
        if self.hidden {
            *x += "<w:semiHidden/><w:unhideWhenUsed/>";
        }
        if self.quick {
            *x += "<w:qFormat/>";
        }
        if !self.ppr.is_empty() {
            write!(x, "<w:pPr>{}</w:pPr>", self.ppr).unwrap();
        }
        if !self.rpr.is_empty() {
            write!(x, "<w:rPr>{}</w:rPr>", self.rpr).unwrap();
        }
        *x += &self.table;
        *x += "</w:style>";
    }
}

/// `word/styles.xml`: root with the namespaces `ns`, the document defaults
/// (the inside of `docDefaults`), then every style.
pub(crate) fn styles_xml(ns: &str, doc_defaults: &str, styles: &[Style]) -> String {
    let mut x = format!("{XML_DECL}<w:styles {ns}><w:docDefaults>{doc_defaults}</w:docDefaults>");
    for s in styles {
        s.write(&mut x);
    }
    x += "</w:styles>";
    x
}

// ---------------------------------------------------------------------------
// Property elements.
// ---------------------------------------------------------------------------

pub(crate) fn color(c: &str) -> String {
    format!("<w:color w:val=\"{c}\"/>")
}

/// Font size, for Latin and complex scripts alike.
pub(crate) fn sz(half_points: u32) -> String {
    format!("<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>")
}

/// A single line on one side (`top`, `bottom`, `insideH`, …).
pub(crate) fn border(side: &str, size: u32, space: u32, c: &str) -> String {
    format!("<w:{side} w:val=\"single\" w:sz=\"{size}\" w:space=\"{space}\" w:color=\"{c}\"/>")
}

pub(crate) fn shade(fill: &str) -> String {
    format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>")
}

/// Cell margins: `top` above and below, `side` left and right.
pub(crate) fn cell_margins(top: u32, side: u32) -> String {
    format!(
        "<w:tblCellMar><w:top w:w=\"{top}\" w:type=\"dxa\"/><w:left w:w=\"{side}\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"{top}\" w:type=\"dxa\"/><w:right w:w=\"{side}\" w:type=\"dxa\"/></w:tblCellMar>"
    )
}
