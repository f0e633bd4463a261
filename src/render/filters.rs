//! Placeholder; replaced by the filters branch.

/// Registers the consultant filters.
pub fn register(_env: &mut minijinja::Environment<'_>) {}
