//! The validated engagement model.
//!
//! OWNER: data helper.

pub mod raw;
