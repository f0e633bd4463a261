//! The one integration-test binary: a module per feature.

#![allow(unreachable_pub)]

mod batch;
mod bundle;
mod data;
mod diagnostics;
mod harness;
mod house;
mod limits;
mod parity;
mod render;
mod tools;
