//! `--shard I/N`: a deterministic split of a portfolio by engagement id, so
//! that several machines (CI jobs, batch nodes) can each export a part.
//!
//! An engagement belongs to shard `I` when `fnv1a64(id) % N == I - 1`. FNV-1a
//! is fixed by its definition (not std's randomly seeded hasher), so every
//! machine, process and engagekit version agrees on the split. Items without
//! an engagement id (a file that cannot be read, an engagement whose id is
//! missing) are keyed by their file path as found, with `/` separators, and
//! their position in the file.

use std::fmt;
use std::str::FromStr;

/// One part of a split portfolio: `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Shard {
    /// Shard `index` of `count`; `None` unless `1 <= index <= count`.
    pub fn new(index: u32, count: u32) -> Option<Self> {
        (index >= 1 && index <= count).then_some(Shard { index, count })
    }

    /// 1-based.
    pub fn index(self) -> u32 {
        self.index
    }

    /// How many shards there are.
    pub fn count(self) -> u32 {
        self.count
    }

    /// Does the item with this key (an engagement id) belong to this shard?
    pub fn owns(self, key: &str) -> bool {
        fnv1a64(key.as_bytes()) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Why `--shard` could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid shard `{input}` ({reason}; expected e.g. `2/4`, shard 2 of 4)")]
pub struct ParseShardError {
    pub input: String,
    pub reason: &'static str,
}

impl FromStr for Shard {
    type Err = ParseShardError;

    /// Parses `I/N` (e.g. `2/4`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| ParseShardError {
            input: s.to_string(),
            reason,
        };
        let (i, n) = s
            .trim()
            .split_once('/')
            .ok_or_else(|| err("the `/` is missing"))?;
        let i: u32 = i
            .trim()
            .parse()
            .map_err(|_| err("the shard number is not a whole number"))?;
        let n: u32 = n
            .trim()
            .parse()
            .map_err(|_| err("the shard count is not a whole number"))?;
        if n == 0 {
            return Err(err("the shard count must be at least 1"));
        }
        Shard::new(i, n).ok_or_else(|| err("the shard number must be between 1 and the count"))
    }
}

/// 64-bit FNV-1a.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_reference_values() {
        // From the FNV reference test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn parses_and_rejects() {
        let s: Shard = "2/4".parse().unwrap();
        assert_eq!((s.index(), s.count()), (2, 4));
        assert_eq!(s.to_string(), "2/4");
        assert!("1/1".parse::<Shard>().is_ok());
        for bad in ["0/4", "5/4", "2", "a/4", "2/0", "2/b", "-1/4"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        assert_eq!(
            "5/4".parse::<Shard>().unwrap_err().to_string(),
            "invalid shard `5/4` (the shard number must be between 1 and the count; expected e.g. `2/4`, shard 2 of 4)"
        );
    }

    #[test]
    fn shards_partition_every_key() {
        for n in 1..=7 {
            let shards: Vec<Shard> = (1..=n).map(|i| Shard::new(i, n).unwrap()).collect();
            for k in 0..500 {
                let key = format!("CUST{k}-2026-{}", k % 13);
                let owners = shards.iter().filter(|s| s.owns(&key)).count();
                assert_eq!(owners, 1, "{key} in {owners} of {n} shards");
            }
        }
    }
}
