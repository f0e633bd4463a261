//! engagekit: fill Word templates with engagement data.
//!
//! The pipeline, in order:
//!
//! 1. **load** ([`load`]): read a YAML, JSON or Excel file into the as-written
//!    model ([`model::raw`]) or into generic data for `render`.
//! 2. **validate** ([`validate`]): turn the raw model into the validated
//!    [`model::Engagement`], collecting every rule violation with its location.
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
//! 7. **bundle** ([`bundle`]): one iteration's documents and a manifest in one zip.
//! 8. **batch** ([`batch`]): the quarter's ensure reports for a portfolio.
//!
//! Problems in user input are [`Diagnostic`]s with a [`Location`], their
//! "did you mean" hints all from [`suggest`]; failures that stop an operation
//! are [`Error`]s. The library never prints.

pub mod batch;
pub mod bundle;
pub mod convert;
pub mod defaults;
pub mod docx;
pub mod error;
pub mod fsx;
pub mod load;
pub mod location;
pub mod model;
pub mod pdf;
pub mod render;
pub mod suggest;
pub mod tags;
pub mod validate;

pub use error::{Diagnostic, Diagnostics, Error, Result, Severity};
pub use location::Location;
