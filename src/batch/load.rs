//! Loading a batch's files: each engagement file read and its engagements
//! of this shard validated ([`load_file`]); a portfolio workbook read into
//! its cells ([`read_workbook`]) and its engagements built and validated a
//! chunk at a time ([`load_workbook_chunk`]). Nothing here fails: what cannot
//! be loaded is a [`Failure`].

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::failure::Failure;
use crate::error::Diagnostics;
use crate::load::Shard;
use crate::model::Engagement;

/// The key a file-level failure is sharded by: its path as found, `/`-separated.
fn path_key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// One engagement of a loaded file, or why it could not be loaded, with its
/// position in the file.
pub(super) enum Loaded {
    Engagement(Arc<Engagement>, Diagnostics, u32),
    Failed(Vec<Failure>, u32),
}

/// Reads one file and validates the engagements of this shard; never fails.
pub(super) fn load_file(path: &Path, shard: Option<Shard>) -> Vec<Loaded> {
    let owns = |key: &str| shard.is_none_or(|s| s.owns(key));
    let raws = match crate::load::load_raw(path) {
        Ok(r) => r,
        Err(e) => {
            return if owns(&path_key(path)) {
                vec![Loaded::Failed(Failure::from_error(path, None, None, &e), 0)]
            } else {
                Vec::new()
            };
        }
    };
    // A portfolio workbook holds many engagements: validate them in parallel too.
    raws.into_par_iter()
        .enumerate()
        .filter(|(i, raw)| match &raw.id {
            Some(id) if !id.is_empty() => owns(id),
            _ => owns(&format!("{}#{}", path_key(path), i + 1)),
        })
        .map(|(i, raw)| match crate::validate::validate(&raw.node) {
            Ok((e, warnings)) => Loaded::Engagement(Arc::new(e), warnings, i as u32),
            Err(d) => Loaded::Failed(
                Failure::from_diagnostics(path, raw.id.as_deref(), None, &d),
                i as u32,
            ),
        })
        .collect()
}

/// Whether a file is read as a workbook (its engagements are streamed).
pub(super) fn is_workbook(path: &Path) -> bool {
    crate::load::Format::of(path).ok() == Some(crate::load::Format::Excel)
}

/// Reads a portfolio workbook for a batch into its cells; its engagements are
/// then validated a chunk of [`ENGAGEMENT_CHUNK`](super::ENGAGEMENT_CHUNK)
/// at a time (in parallel), so that only one chunk's trees and engagements
/// exist at once. `Err` holds the
/// failures of a workbook that cannot be used (none when another shard owns
/// it). A workbook with problems of its
/// own (a missing sheet, an unknown column, a row naming no engagement) is
/// one failure per problem, every engagement's row problems included, as
/// [`crate::load::load_and_validate`] reports them.
pub(super) fn read_workbook(
    path: &Path,
    shard: Option<Shard>,
) -> std::result::Result<crate::load::excel::Portfolio, Vec<Failure>> {
    let owns_file = shard.is_none_or(|s| s.owns(&path_key(path)));
    let failed = |d: Vec<Failure>| Err(if owns_file { d } else { Vec::new() });
    let portfolio = match crate::load::excel::Portfolio::read(path) {
        Ok(p) => p,
        Err(e) => return failed(Failure::from_error(path, None, None, &e)),
    };
    if portfolio.problems().has_errors() {
        let mut d = portfolio.problems().clone();
        for i in 0..portfolio.len() {
            d.extend(portfolio.build(i).1);
        }
        return failed(Failure::from_diagnostics(path, None, None, &d));
    }
    Ok(portfolio)
}

/// Engagements `range` of a workbook that belong to this shard, each built,
/// validated and its tree dropped, in parallel. An engagement whose own rows
/// have a problem (an iteration or workshop that is not there, an error value
/// in a cell) fails on its own.
pub(super) fn load_workbook_chunk(
    path: &Path,
    portfolio: &crate::load::excel::Portfolio,
    range: std::ops::Range<usize>,
    shard: Option<Shard>,
) -> Vec<Loaded> {
    let owns = |key: &str| shard.is_none_or(|s| s.owns(key));
    range
        .into_par_iter()
        .filter(|i| match portfolio.id(*i) {
            Some(id) if !id.is_empty() => owns(id),
            _ => owns(&format!("{}#{}", path_key(path), i + 1)),
        })
        .map(|i| {
            let id = portfolio.id(i);
            let (node, problems) = portfolio.build(i);
            if problems.has_errors() {
                return Loaded::Failed(
                    Failure::from_diagnostics(path, id, None, &problems),
                    i as u32,
                );
            }
            match crate::validate::validate(&node) {
                Ok((e, warnings)) => Loaded::Engagement(Arc::new(e), warnings, i as u32),
                Err(d) => Loaded::Failed(Failure::from_diagnostics(path, id, None, &d), i as u32),
            }
        })
        .collect()
}
