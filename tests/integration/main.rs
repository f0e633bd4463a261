//! The one integration-test binary: a module per feature.

#![allow(unreachable_pub)]

mod assess;
mod batch;
mod batch_pdf;
mod bundle;
mod cli;
mod data;
mod diagnostics;
mod harness;
mod house;
mod lifecycle;
mod limits;
mod parity;
mod render;
mod render_errors;
mod render_output;
mod render_rows;
mod tooling;
mod tools;
