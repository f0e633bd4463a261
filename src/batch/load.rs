//! A batch's files through the one way in ([`crate::load::engagements`]):
//! each engagement of this shard becomes a [`Loaded`], and a file that
//! cannot be used becomes its [`Failure`]s. Nothing here fails.

use std::path::Path;
use std::sync::Arc;

use super::failure::Failure;
use crate::error::Diagnostics;
use crate::load::{Engagements, Outcome, Shard, path_key};
use crate::model::Engagement;

/// One engagement of a loaded file, or why it could not be loaded, with its
/// position in the file.
pub(super) enum Loaded {
    Engagement(Arc<Engagement>, Diagnostics, u32),
    Failed(Vec<Failure>, u32),
}

impl Loaded {
    /// A batch's view of one engagement of the stream: an engagement whose
    /// own rows have a problem fails on its own, like an invalid one.
    fn of(path: &Path, l: crate::load::Loaded) -> Self {
        let index = l.index as u32;
        match l.outcome {
            Outcome::Valid(e, warnings) => Loaded::Engagement(Arc::from(e), warnings, index),
            Outcome::Invalid(d) | Outcome::Unreadable(d) => Loaded::Failed(
                Failure::from_diagnostics(path, l.id.as_deref(), None, &d),
                index,
            ),
        }
    }
}

/// Opens one file for the engagements of this shard. `Err` holds the
/// failures of a file that cannot be used: one per problem of its own (a
/// workbook's missing sheet, unknown column or row naming no engagement,
/// every engagement's row problems included), none when another shard owns
/// the file.
pub(super) fn open(path: &Path, shard: Option<Shard>) -> Result<Engagements, Vec<Failure>> {
    crate::load::engagements(path, shard).map_err(|e| {
        if shard.is_none_or(|s| s.owns(&path_key(path))) {
            Failure::from_error(path, None, None, &e)
        } else {
            Vec::new()
        }
    })
}

/// The next chunk of a file's engagements, as the batch takes them.
pub(super) fn next_chunk(path: &Path, engagements: &mut Engagements) -> Option<Vec<Loaded>> {
    let chunk = engagements.next_chunk()?;
    Some(chunk.into_iter().map(|l| Loaded::of(path, l)).collect())
}

/// Reads one engagement file whole (a YAML file holds one engagement).
pub(super) fn load_file(path: &Path, shard: Option<Shard>) -> Vec<Loaded> {
    match open(path, shard) {
        Err(failures) if failures.is_empty() => Vec::new(),
        Err(failures) => vec![Loaded::Failed(failures, 0)],
        Ok(engagements) => engagements.map(|l| Loaded::of(path, l)).collect(),
    }
}

/// Whether a file is read as a workbook: its engagements are taken a chunk
/// at a time, not together with other files'.
pub(super) fn is_workbook(path: &Path) -> bool {
    crate::load::Format::of(path).ok() == Some(crate::load::Format::Excel)
}
