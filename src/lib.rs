//! engagekit: fill Word templates with engagement data.
//!
//! The pipeline, in order:
//!
//! 1. **load** ([`load`]): read a YAML, JSON or Excel file into the as-written
//!    model ([`model::raw`]) or into generic data for `render`.
//! 2. **validate** ([`validate`]): turn the raw model into the validated
//!    [`model::Engagement`], collecting every rule violation with its location.
//!    Steps 1 and 2 together are the one way in to engagements,
//!    [`load::engagements`]: a file's engagements, validated, in file order,
//!    a chunk at a time, for every command that works on engagements.
//! 3. **open** ([`docx`]): open a .docx once and find the parts that may hold tags.
//! 4. **preprocess** ([`tags`]): clean each part's Word XML so that the Jinja
//!    tags are whole again (split runs, proofErr, curly quotes) and apply the
//!    structural tags `{%p %}`, `{%tr %}`, `{%tc %}`, `{%r %}`.
//! 5. **render** ([`render`]): compile each part once with minijinja, render it
//!    many times, map errors back to part, paragraph and tag. After each
//!    render, ids repeated by loops are made unique ([`docx::ids`]), repeated
//!    comments copied ([`docx::comments`]) and emptied table cells given a
//!    paragraph ([`docx::cells`]).
//! 6. **write** ([`docx::write`]): a new zip with the rendered parts; untouched
//!    entries copied raw; written to a temp file, then renamed.
//! 7. **bundle** ([`bundle`]): one iteration's documents and a manifest in one zip,
//!    rendered with the [`templates`] (the embedded defaults, a folder's files
//!    over them) and, with `--pdf`, converted by LibreOffice ([`pdf`]).
//! 8. **batch** ([`batch`]): the quarter's ensure reports for a portfolio.
//!
//! Beside the pipeline, [`lint`] checks a customised template without data:
//! its tags, and every path it reads against the context of its kind.
//! Beside the pipeline, [`lifecycle`] runs the framework's loop on the
//! engagement files themselves: `init`, `next`, `status`.
//!
//! Both zips are reproducible: their entries' timestamp comes from the data
//! or from `SOURCE_DATE_EPOCH` ([`source_date`]), never the wall clock.
//!
//! The modules form floors (`tests/integration/house.rs` lists them): each
//! uses only the floors below it, so a type two stages share lives below
//! both.
//!
//! Problems in user input are [`Diagnostic`]s with a [`Location`], their
//! "did you mean" hints all from [`suggest`]; failures that stop an operation
//! are [`Error`]s. The library never prints.

pub mod batch;
pub mod bundle;
pub mod convert;
pub mod docx;
pub mod error;
pub mod fsx;
pub mod lifecycle;
pub mod lint;
pub mod load;
pub mod location;
pub mod model;
pub mod pdf;
pub mod render;
pub mod source_date;
pub mod suggest;
pub mod tags;
pub mod templates;
pub mod validate;

pub use error::{Diagnostic, Diagnostics, Error, Result, Severity, count};
pub use location::Location;
