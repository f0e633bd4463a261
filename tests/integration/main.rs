//! The one integration-test binary: a module per feature.

#![allow(unreachable_pub)]

mod bundle;
mod data;
mod harness;
mod parity;
mod render;
