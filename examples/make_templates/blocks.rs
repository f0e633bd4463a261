//! What a template body is made of, as data: the block types, and the short
//! constructors the template descriptions are written with.
//!
//! A body is a list of [`Block`]s. Four kinds are written to XML
//! (see `write.rs`, one writer each): a paragraph of runs, a `{%p if %}`
//! section, a `{%p for %}` section and a table. Headings, bullet lists,
//! lead-ins and notes are paragraphs in a style, so they are constructors
//! here rather than block types of their own; a call-out is a one-cell table.

/// One piece of a template body.
#[derive(Clone)]
pub(crate) enum Block {
    Para(Para),
    /// `{%p if %}` … `{%p elif %}` … `{%p else %}` … `{%p endif %}`: each
    /// tag alone in its paragraph, in the "Template Logic" style, so an
    /// author sees which lines disappear from the output.
    If {
        /// The `if` arm first, then the `elif` arms: condition and blocks.
        arms: Vec<(String, Vec<Block>)>,
        /// The `else` blocks; none means no `{%p else %}`.
        otherwise: Vec<Block>,
    },
    /// `{%p for each %}` body [`{%p else %}` empty] `{%p endfor %}`.
    For {
        /// What follows `for`, e.g. `g in iteration.commit.goals`.
        each: String,
        body: Vec<Block>,
        /// Shown when the list is empty; none means no `{%p else %}`.
        empty: Vec<Block>,
    },
    Table(Table),
}

/// A paragraph: a style, two paragraph properties, runs.
#[derive(Clone)]
pub(crate) struct Para {
    /// `None` is `Normal` written without a `pStyle`, as Word does.
    pub(crate) style: Option<&'static str>,
    /// Kept on the same page as the next paragraph (a lead-in to a table).
    pub(crate) keep_next: bool,
    /// Direct alignment (`jc`), for a document that does not align by style.
    pub(crate) align: Option<&'static str>,
    pub(crate) runs: Vec<Run>,
}

/// A run of a paragraph.
#[derive(Clone)]
pub(crate) enum Run {
    Text(String),
    /// Text in a character style.
    Styled(&'static str, String),
    /// Bold text in a colour, formatted directly rather than by a style.
    Bold(&'static str, String),
    Tab,
    /// A complex field (`PAGE`, `NUMPAGES`) with its cached result.
    Field(&'static str, &'static str),
}

/// A table as wide as the text column, with fixed column widths.
#[derive(Clone)]
pub(crate) struct Table {
    pub(crate) style: &'static str,
    /// Column widths (twentieths of a point); they add up to the text width.
    pub(crate) widths: Vec<u32>,
    pub(crate) rows: Vec<Row>,
}

/// A row of a table, or a loop over rows.
#[derive(Clone)]
pub(crate) enum Row {
    /// One cell per column.
    Cells(RowKind, Vec<Cell>),
    /// One cell across the table holding one paragraph, e.g. a `{%tr %}` tag
    /// in a style of the document's own.
    Across(Para),
    /// `{%tr for each %}` rows `{%tr endfor %}`, each tag alone in a row
    /// across the table, in the "Template Logic" style.
    For { each: String, rows: Vec<Row> },
}

/// How a row breaks across pages and whether it repeats on each page.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum RowKind {
    /// Repeated at the top of every page, kept on one page.
    Header,
    /// Repeated at the top of every page; may break across pages.
    SplitHeader,
    /// Ordinary row; may break across pages.
    Body,
    /// Kept on one page.
    Keep,
    /// Kept on one page, with a rule in this colour above it: the total of a price table.
    Total(&'static str),
}

impl RowKind {
    pub(crate) fn is_header(self) -> bool {
        matches!(self, RowKind::Header | RowKind::SplitHeader)
    }
}

/// A table cell: at least one paragraph, as the schema requires.
#[derive(Clone)]
pub(crate) struct Cell {
    /// Direct shading (fill colour), for a document that does not shade by table style.
    pub(crate) shade: Option<&'static str>,
    pub(crate) blocks: Vec<Block>,
}

// ---------------------------------------------------------------------------
// Paragraphs.
// ---------------------------------------------------------------------------

/// A paragraph of runs in a style (`Normal` is written without a `pStyle`).
pub(crate) fn runs(style: &'static str, runs: Vec<Run>) -> Block {
    Block::Para(Para {
        style: (style != "Normal").then_some(style),
        keep_next: false,
        align: None,
        runs,
    })
}

/// A paragraph of plain text in a style.
pub(crate) fn p(style: &'static str, text: &str) -> Block {
    runs(style, vec![Run::Text(text.into())])
}

/// A `Normal` paragraph.
pub(crate) fn normal(text: &str) -> Block {
    p("Normal", text)
}

/// A `Normal` paragraph kept on the same page as the next block: a lead-in
/// to a table.
pub(crate) fn lead(text: &str) -> Block {
    let mut b = normal(text);
    if let Block::Para(para) = &mut b {
        para.keep_next = true;
    }
    b
}

pub(crate) fn h1(text: &str) -> Block {
    p("Heading1", text)
}

pub(crate) fn h2(text: &str) -> Block {
    p("Heading2", text)
}

pub(crate) fn note(text: &str) -> Block {
    p("Note", text)
}

pub(crate) fn text(text: &str) -> Run {
    Run::Text(text.into())
}

/// Text in the `Strong` character style.
pub(crate) fn strong(text: &str) -> Run {
    Run::Styled("Strong", text.into())
}

/// Text in a character style.
pub(crate) fn styled(style: &'static str, text: &str) -> Run {
    Run::Styled(style, text.into())
}

// ---------------------------------------------------------------------------
// Sections that repeat or disappear.
// ---------------------------------------------------------------------------

/// `{%p if cond %}` then `{%p endif %}`.
pub(crate) fn when(cond: &str, then: Vec<Block>) -> Block {
    choose(vec![(cond, then)], vec![])
}

/// `{%p if cond %}` then `{%p else %}` otherwise `{%p endif %}`.
pub(crate) fn when_else(cond: &str, then: Vec<Block>, otherwise: Vec<Block>) -> Block {
    choose(vec![(cond, then)], otherwise)
}

/// `{%p if %}`, one `{%p elif %}` per further arm, then `{%p else %}` if
/// `otherwise` holds anything.
pub(crate) fn choose(arms: Vec<(&str, Vec<Block>)>, otherwise: Vec<Block>) -> Block {
    Block::If {
        arms: arms.into_iter().map(|(c, b)| (c.into(), b)).collect(),
        otherwise,
    }
}

/// `{%p for each %}` body `{%p endfor %}`.
pub(crate) fn each(each: &str, body: Vec<Block>) -> Block {
    each_else(each, body, vec![])
}

/// `{%p for each %}` body `{%p else %}` empty `{%p endfor %}`.
pub(crate) fn each_else(each: &str, body: Vec<Block>, empty: Vec<Block>) -> Block {
    Block::For {
        each: each.into(),
        body,
        empty,
    }
}

/// A bulleted list: one `List Bullet` paragraph per item, a `Normal`
/// paragraph saying `empty` when there is none.
pub(crate) fn bullets(each: &str, item: &str, empty: &str) -> Block {
    each_else(each, vec![p("ListBullet", item)], vec![normal(empty)])
}

// ---------------------------------------------------------------------------
// Tables.
// ---------------------------------------------------------------------------

pub(crate) fn table(style: &'static str, widths: &[u32], rows: Vec<Row>) -> Block {
    Block::Table(Table {
        style,
        widths: widths.to_vec(),
        rows,
    })
}

/// A one-cell table in the `Callout Table` style: a tinted box with a bar.
pub(crate) fn callout(width: u32, blocks: Vec<Block>) -> Block {
    table(
        "CalloutTable",
        &[width],
        vec![row(RowKind::Keep, vec![blocks])],
    )
}

/// A row of unshaded cells.
pub(crate) fn row(kind: RowKind, cells: Vec<Vec<Block>>) -> Row {
    let cells = cells
        .into_iter()
        .map(|blocks| Cell {
            shade: None,
            blocks,
        })
        .collect();
    Row::Cells(kind, cells)
}

/// The header row of an engagement table. A label starting with `>` is
/// right-aligned, over a column of amounts.
pub(crate) fn header(labels: &[&str]) -> Row {
    let cells = labels
        .iter()
        .map(|l| match l.strip_prefix('>') {
            Some(l) => vec![p("TableHeadingRight", l)],
            None => vec![p("TableHeading", l)],
        })
        .collect();
    row(RowKind::Header, cells)
}

/// `{%tr for each %}` rows `{%tr endfor %}`.
pub(crate) fn tr_for(each: &str, rows: Vec<Row>) -> Row {
    Row::For {
        each: each.into(),
        rows,
    }
}

/// A cell of one `Table Text` paragraph.
pub(crate) fn cell(text: &str) -> Vec<Block> {
    vec![p("TableText", text)]
}

/// A row kept on one page whose cells are one `Table Text` paragraph each.
pub(crate) fn text_row(texts: &[&str]) -> Row {
    row(RowKind::Keep, texts.iter().map(|t| cell(t)).collect())
}
