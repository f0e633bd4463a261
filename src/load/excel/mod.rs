//! Excel workbooks → the as-written tree ([`crate::model::raw::Node`]), every
//! value with its cell (`Goals!C7`); and workbooks as generic data for `render`.
//!
//! The layout (documented in `docs/data-format.md`, described in `layout`
//! for this reader and for `convert`): a key/value sheet `Engagement`
//! (columns Field, Value) — or, in a portfolio workbook, a table with one
//! row per engagement — and one table sheet per list, rows keyed by
//! `engagement` (optional when the workbook holds one engagement), `iteration`
//! and `workshop`. Headers and sheet names match case-, space- and
//! punctuation-insensitively. Dates may be date cells or ISO text, numbers may
//! be text and text may be numbers, formulas give their cached values, empty
//! rows are skipped, cells with several list items hold one item per line.
//!
//! [`Portfolio::read`] runs these steps, in this order:
//!
//! 1. `book`: open the workbook and read its sheets (the `Engagement` sheet,
//!    the list sheets in [`SHEETS`] order, then the others for their
//!    problems) several at once on the rayon pool, one handle per thread,
//!    every filled cell counted against [`MAX_CELLS`].
//! 2. `text`: each cell as the text a person reads ([`cell_text`]).
//! 3. `cells`: each filled cell kept in 8 bytes (column, kind, text number),
//!    each distinct text of a sheet once.
//! 4. `spill`: a sheet of more than [`SPILL_ABOVE`] cells sends them to an
//!    anonymous temporary file while it is read.
//! 5. `table`: the first row becomes the headers; merged header cells and
//!    values under no header are reported.
//! 6. `engagement`: the `Engagement` sheet lists the engagements (a
//!    Field/Value sheet: one; a table: one per row).
//! 7. `lists`: each list sheet's headers are mapped to its columns and its
//!    rows assigned to their engagements by id.
//!
//! [`Portfolio::build`] then makes one engagement's tree, on any thread:
//!
//! 8. `engagement`: its own fields, from its row of the `Engagement` table;
//! 9. `lists`: each list sheet's rows of it, read back in one read per run of
//!    consecutive rows and put in place, in [`SHEETS`] order (so an
//!    iteration is there before its goals and workshops, a workshop before
//!    its agenda and attendees).
//!
//! Both build with `tree`, which maps headers to columns and puts each cell
//! at its field path. [`crate::load::engagements`] builds the engagements a
//! chunk at a time, [`read_engagements`] all of them (for stage timings);
//! [`read_generic`] (`generic`) reads any workbook through steps 1–5;
//! [`sheet_rows`] (`rows`) one of its list sheets row by row, for
//! `render --each SHEET`.

mod book;
mod cells;
mod engagement;
mod generic;
mod guard;
mod layout;
mod lists;
mod portfolio;
mod rows;
mod spill;
mod table;
mod text;
mod tree;

pub use book::MAX_CELLS;
pub use generic::read_generic;
pub use guard::{MAX_TABLE_BYTES, MAX_TEXT_BYTES};
pub use layout::{
    Col, ENGAGEMENT_COL, ENGAGEMENT_FIELDS, ENGAGEMENT_SHEET, ITERATION_COL, Keyed, SHEETS,
    SheetSpec, WORKSHOP_COL, norm, snake,
};
pub use portfolio::{Portfolio, read_engagements};
pub use rows::{SheetRows, sheet_names, sheet_rows};
pub use spill::SPILL_ABOVE;
pub use text::{cell_text, fmt_number};
