//! Which data paths a template reads: `customer.name`, `goals[].title`.
//!
//! minijinja's `undeclared_variables` gives the true top-level names; a light
//! scan of each tag's expression ([`scan`]) adds the attribute paths and
//! follows loop variables back to the list they iterate
//! (`{% for g in goals %}{{ g.title }}` reads `goals[].title`).

mod scan;

pub(crate) use scan::{Aliases, Chain, chains, statement_keyword, tag_body, variable_paths};
