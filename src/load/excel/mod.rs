//! Excel workbooks → the as-written tree ([`crate::model::raw::Node`]), every
//! value with its cell (`Goals!C7`); and workbooks as generic data for `render`.
//!
//! The layout (documented in `docs/data-format.md`): a key/value sheet
//! `Engagement` (columns Field, Value) — or, in a portfolio workbook, a table
//! with one row per engagement — and one table sheet per list, rows keyed by
//! `engagement` (optional when the workbook holds one engagement), `iteration`
//! and `workshop`. Headers and sheet names match case-, space- and
//! punctuation-insensitively. Dates may be date cells or ISO text, numbers may
//! be text and text may be numbers, formulas give their cached values, empty
//! rows are skipped, cells with several list items hold one item per line.

mod book;
mod cells;
mod engagement;
mod generic;
mod layout;
mod lists;
mod portfolio;
mod spill;
mod table;
mod text;
mod tree;

pub use book::MAX_CELLS;
pub use generic::read_generic;
pub use layout::{
    Col, ENGAGEMENT_COL, ENGAGEMENT_FIELDS, ENGAGEMENT_SHEET, ITERATION_COL, Keyed, SHEETS,
    SheetSpec, WORKSHOP_COL, norm, snake,
};
pub use portfolio::{BUILD_CHUNK, Portfolio, for_each_engagement, read_engagements};
pub use spill::SPILL_ABOVE;
pub use text::{cell_text, fmt_number};

// "Did you mean" for unknown columns, fields, engagements and workshops: the
// folder's one import of it.
use crate::validate::suggest;
