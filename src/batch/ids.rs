//! Engagement ids across the files of a portfolio: the first engagement
//! with an id owns it, a later one with the same id is a problem. `batch`
//! does not export that copy; `check` reports it the same way.

use std::collections::HashMap;
use std::path::Path;

/// The ids seen so far, each with the file (its index) that used it first.
#[derive(Debug, Default)]
pub struct SeenIds {
    first: HashMap<String, usize>,
}

impl SeenIds {
    /// Records that file `file` uses `id`. `Err` holds the file that used it
    /// first when that is another engagement's (the first use keeps it).
    pub fn claim(&mut self, id: &str, file: usize) -> Result<(), usize> {
        match self.first.get(id) {
            Some(&first) => Err(first),
            None => {
                self.first.insert(id.to_string(), file);
                Ok(())
            }
        }
    }

    /// Every id seen, sorted.
    pub fn into_sorted(self) -> Vec<String> {
        let mut ids: Vec<String> = self.first.into_keys().collect();
        ids.sort_unstable();
        ids
    }
}

/// What is wrong with the later engagement: ``engagement id `X` is already
/// used in `first.yaml` ``.
pub fn duplicate_reason(id: &str, first: &Path) -> String {
    format!(
        "engagement id `{id}` is already used in `{}`",
        first.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_use_keeps_an_id() {
        let mut ids = SeenIds::default();
        assert_eq!(ids.claim("B", 0), Ok(()));
        assert_eq!(ids.claim("A", 1), Ok(()));
        assert_eq!(ids.claim("B", 2), Err(0));
        assert_eq!(ids.into_sorted(), ["A", "B"]);
    }
}
