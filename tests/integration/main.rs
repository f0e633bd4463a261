//! The one integration-test binary: a module per feature.

#![allow(unreachable_pub)]

mod harness;
mod render;
