//! Blocks to WordprocessingML text: one writer per block type (paragraph,
//! `{%p if %}`, `{%p for %}`, table), with the row and cell writers of a
//! table. Element order inside every `*Pr` follows the schema sequence,
//! which Word and openxml-audit insist on.

use std::fmt::Write as _;

use crate::blocks::{Block, Cell, Para, Row, RowKind, Run, Table};

/// Whether `"` in text is written as `&quot;`. Both are the same XML; the
/// portfolio summary has always kept it, the other templates escape it, and
/// each stays as committed.
#[derive(Clone, Copy)]
pub(crate) enum Quotes {
    Escape,
    Keep,
}

/// Writes blocks into one part's XML text.
struct Writer {
    xml: String,
    quotes: Quotes,
    /// Every table must be exactly this wide (the page's text column).
    text_width: u32,
}

impl Writer {
    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            match b {
                Block::Para(para) => self.para(para),
                Block::If { arms, otherwise } => self.if_(arms, otherwise),
                Block::For { each, body, empty } => self.for_(each, body, empty),
                Block::Table(t) => self.table(t),
            }
        }
    }

    /// `<w:p>`: pStyle, keepNext and jc (in schema order) when present, then the runs.
    fn para(&mut self, para: &Para) {
        self.xml += "<w:p>";
        if para.style.is_some() || para.keep_next || para.align.is_some() {
            self.xml += "<w:pPr>";
            if let Some(s) = para.style {
                write!(self.xml, "<w:pStyle w:val=\"{s}\"/>").unwrap();
            }
            if para.keep_next {
                self.xml += "<w:keepNext/>";
            }
            if let Some(a) = para.align {
                write!(self.xml, "<w:jc w:val=\"{a}\"/>").unwrap();
            }
            self.xml += "</w:pPr>";
        }
        for r in &para.runs {
            self.run(r);
        }
        self.xml += "</w:p>";
    }

    /// `<w:r>`; a text run with no text is left out.
    fn run(&mut self, run: &Run) {
        let (rpr, text) = match run {
            Run::Text(t) => (String::new(), t),
            Run::Styled(s, t) => (format!("<w:rPr><w:rStyle w:val=\"{s}\"/></w:rPr>"), t),
            Run::Bold(c, t) => (format!("<w:rPr><w:b/><w:color w:val=\"{c}\"/></w:rPr>"), t),
            Run::Tab => {
                self.xml += "<w:r><w:tab/></w:r>";
                return;
            }
            Run::Field(instr, cached) => {
                write!(
                    self.xml,
                    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
                     <w:r><w:instrText xml:space=\"preserve\"> {instr} </w:instrText></w:r>\
                     <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
                     <w:r><w:t>{cached}</w:t></w:r>\
                     <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
                )
                .unwrap();
                return;
            }
        };
        if text.is_empty() {
            return;
        }
        write!(self.xml, "<w:r>{rpr}<w:t xml:space=\"preserve\">").unwrap();
        self.text(text);
        self.xml += "</w:t></w:r>";
    }

    /// Escapes text for element content.
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            match (c, self.quotes) {
                ('&', _) => self.xml += "&amp;",
                ('<', _) => self.xml += "&lt;",
                ('>', _) => self.xml += "&gt;",
                ('"', Quotes::Escape) => self.xml += "&quot;",
                (c, _) => self.xml.push(c),
            }
        }
    }

    /// A paragraph holding only a structural tag, in the "Template Logic" style.
    fn tag(&mut self, tag: &str) {
        self.para(&logic(tag));
    }

    fn if_(&mut self, arms: &[(String, Vec<Block>)], otherwise: &[Block]) {
        for (i, (cond, blocks)) in arms.iter().enumerate() {
            let keyword = if i == 0 { "if" } else { "elif" };
            self.tag(&format!("{{%p {keyword} {cond} %}}"));
            self.blocks(blocks);
        }
        if !otherwise.is_empty() {
            self.tag("{%p else %}");
            self.blocks(otherwise);
        }
        self.tag("{%p endif %}");
    }

    fn for_(&mut self, each: &str, body: &[Block], empty: &[Block]) {
        self.tag(&format!("{{%p for {each} %}}"));
        self.blocks(body);
        if !empty.is_empty() {
            self.tag("{%p else %}");
            self.blocks(empty);
        }
        self.tag("{%p endfor %}");
    }

    /// `<w:tbl>` with a fixed layout as wide as the text column, then a
    /// small "After Table" paragraph: it keeps two tables apart, ends the
    /// body with a paragraph as Word expects, and works around LibreOffice
    /// ignoring "keep with next" on a heading that directly follows a table.
    fn table(&mut self, t: &Table) {
        let width: u32 = t.widths.iter().sum();
        assert_eq!(
            width, self.text_width,
            "{}: columns must fill the text width",
            t.style
        );
        let header = matches!(t.rows.first(), Some(Row::Cells(kind, _)) if kind.is_header());
        let (val, first_row) = if header { ("04A0", 1) } else { ("0400", 0) };
        write!(
            self.xml,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"{}\"/><w:tblW w:w=\"{width}\" w:type=\"dxa\"/>\
             <w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"{val}\" w:firstRow=\"{first_row}\" \
             w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>\
             </w:tblPr><w:tblGrid>",
            t.style
        )
        .unwrap();
        for w in &t.widths {
            write!(self.xml, "<w:gridCol w:w=\"{w}\"/>").unwrap();
        }
        self.xml += "</w:tblGrid>";
        self.rows(&t.widths, &t.rows);
        self.xml += "</w:tbl>";
        self.para(&Para {
            style: Some("AfterTable"),
            keep_next: false,
            align: None,
            runs: vec![],
        });
    }

    fn rows(&mut self, widths: &[u32], rows: &[Row]) {
        for r in rows {
            match r {
                Row::Cells(kind, cells) => self.row(widths, *kind, cells),
                Row::Across(para) => self.across(widths, para),
                Row::For { each, rows } => {
                    self.across(widths, &logic(&format!("{{%tr for {each} %}}")));
                    self.rows(widths, rows);
                    self.across(widths, &logic("{%tr endfor %}"));
                }
            }
        }
    }

    /// `<w:tr>`: the row properties of its kind, then one cell per column.
    fn row(&mut self, widths: &[u32], kind: RowKind, cells: &[Cell]) {
        assert_eq!(widths.len(), cells.len(), "one cell per column");
        self.xml += match kind {
            RowKind::Header => "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
            RowKind::SplitHeader => "<w:tr><w:trPr><w:tblHeader/></w:trPr>",
            RowKind::Keep | RowKind::Total(_) => "<w:tr><w:trPr><w:cantSplit/></w:trPr>",
            RowKind::Body => "<w:tr>",
        };
        let rule = match kind {
            RowKind::Total(colour) => Some(colour),
            _ => None,
        };
        for (w, c) in widths.iter().zip(cells) {
            self.cell(*w, rule, c);
        }
        self.xml += "</w:tr>";
    }

    /// A row of one cell spanning every column.
    fn across(&mut self, widths: &[u32], para: &Para) {
        self.xml += "<w:tr>";
        self.xml += "<w:tc>";
        self.cell_pr(widths.iter().sum(), widths.len(), None, None);
        self.para(para);
        self.xml += "</w:tc></w:tr>";
    }

    /// `<w:tc>`: its properties, then its blocks.
    fn cell(&mut self, width: u32, top_rule: Option<&str>, cell: &Cell) {
        assert!(!cell.blocks.is_empty(), "a cell holds at least a paragraph");
        self.xml += "<w:tc>";
        self.cell_pr(width, 1, top_rule, cell.shade);
        self.blocks(&cell.blocks);
        self.xml += "</w:tc>";
    }

    /// `<w:tcPr>`: width, span, a rule above and shading, in schema order.
    fn cell_pr(&mut self, width: u32, span: usize, top_rule: Option<&str>, shade: Option<&str>) {
        write!(self.xml, "<w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>").unwrap();
        if span > 1 {
            write!(self.xml, "<w:gridSpan w:val=\"{span}\"/>").unwrap();
        }
        if let Some(colour) = top_rule {
            write!(
                self.xml,
                "<w:tcBorders><w:top w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"{colour}\"/></w:tcBorders>"
            )
            .unwrap();
        }
        if let Some(fill) = shade {
            write!(
                self.xml,
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
            )
            .unwrap();
        }
        self.xml += "</w:tcPr>";
    }
}

/// A paragraph holding only a structural tag.
fn logic(tag: &str) -> Para {
    Para {
        style: Some("TemplateLogic"),
        keep_next: false,
        align: None,
        runs: vec![Run::Text(tag.into())],
    }
}

/// Writes a list of blocks as one string (a body, a header, a footer).
pub(crate) fn xml(blocks: &[Block], text_width: u32, quotes: Quotes) -> String {
    let mut w = Writer {
        xml: String::new(),
        quotes,
        text_width,
    };
    w.blocks(blocks);
    w.xml
}
