//! The quarter's ensure reports for a whole portfolio, in one zip.
//!
//! Steps ([`export`] runs them):
//! 1. `discover`: the engagement files under the inputs (folders walked,
//!    sorted, data-only);
//! 2. `load`: each file's engagements taken from the one way in
//!    ([`crate::load::engagements`]), each validated on its own; engagement
//!    files in parallel, [`FILE_CHUNK`] at a time; a portfolio workbook's
//!    engagements a chunk ([`crate::load::BUILD_CHUNK`]) at a time; with
//!    `--shard I/N` only the engagements of that shard ([`Shard`]) are
//!    validated at all;
//! 3. select: every iteration whose ensure date falls in the quarter
//!    ([`Engagement::ensured_in`](crate::model::Engagement::ensured_in));
//! 4. render: the ensure reports, in parallel (rayon) from one compiled
//!    template ([`BatchTemplates`]) shared by all threads, in chunks of
//!    [`DOC_CHUNK`] documents;
//! 5. write: each chunk streamed, in order, into the zip (written to a temp
//!    file, renamed at the end), each report's summary row ([`totals`]) into
//!    [`SummaryRows`] (`rows`); then, in `finish`, `summary.xlsx` and the
//!    portfolio summary's context ([`summary`]), `portfolio-summary.docx` and
//!    `summary.json` ([`manifest`]).
//!
//! [`merge`](merge::merge) combines the zips of `--shard 1/N` … `N/N` into
//! the one zip an unsharded run writes, through the same `finish`. Below
//! them all:
//! [`failure`] (what went wrong), [`ids`] (an engagement id used twice, which
//! `check` reports the same way), `report` ([`BatchReport`], the zip's name
//! and timestamp); the shard itself ([`Shard`]) is `load`'s.
//!
//! Nothing stops the batch but a failure to write the zip itself: an
//! unreadable file, an invalid engagement, a duplicate engagement id or a
//! report that fails to render each become [`Failure`]s, listed in the
//! [`BatchReport`] and in both summaries. Memory is bounded by the chunk
//! sizes, not by the portfolio: the summary rows go to a temporary file
//! ([`SummaryRows`]) and the summaries are streamed into the zip; what grows
//! is the zip's directory, the entry names taken and the engagement ids seen
//! (BENCHMARKS.md has the figures). (A portfolio *workbook* is held while
//! its reports are exported: its rows and distinct texts in memory, the
//! cells of its large sheets in a temporary file; its engagements are not.)
//!
//! A workbook with a problem of its own (a missing sheet, an unknown column,
//! a row naming no engagement) exports nothing: one failure per problem. A
//! problem in one engagement's rows (an iteration or workshop that is not
//! there, an error value in a cell) fails that engagement only, like an
//! invalid engagement.
//!
//! The zip is deterministic: entries in discovery order, every timestamp from
//! `SOURCE_DATE_EPOCH` or else the quarter's last day, `summary.xlsx` with a
//! fixed creation date; entry names made safe with [`crate::fsx::safe_file_name`].

pub mod discover;
mod export;
pub mod failure;
mod finish;
pub mod ids;
mod load;
pub mod manifest;
pub mod merge;
mod pdf;
mod report;
pub mod rows;
pub mod summary;
mod templates;
pub mod totals;

pub use crate::load::Shard;
pub use discover::discover;
pub use export::{BatchOptions, DOC_CHUNK, FILE_CHUNK, Progress, export, render_report};
pub use failure::Failure;
pub use manifest::OrderKey;
pub use merge::merge;
pub use report::{BatchReport, zip_name};
pub use rows::SummaryRows;
pub use templates::BatchTemplates;
pub use totals::{SummaryRow, Totals};

#[cfg(test)]
mod tests;
