//! The one way in to engagements: [`engagements`] reads a data file and
//! hands on its engagements one at a time, validated, in file order.
//!
//! Every command that works on engagements (`check`, `bundle`, `batch`,
//! `context`, `convert`) takes them from here, so that a YAML file and a
//! portfolio workbook of thousands of engagements behave alike:
//!
//! 1. **open** ([`engagements`]): parse the YAML file, or read the workbook's
//!    cells ([`excel::Portfolio`]). Problems of the file itself (syntax, a
//!    missing sheet, an unknown column) are the `Err`; for a workbook they
//!    include every engagement's row problems, as a file's problems are
//!    reported all at once.
//! 2. **build and validate** ([`Engagements::next_chunk`]): the next
//!    [`BUILD_CHUNK`] engagements that the shard owns, in parallel: a
//!    workbook's trees together are many times the workbook's size, so only
//!    one chunk of them exists at a time.
//! 3. **hand on** (the [`Iterator`]): each as a [`Loaded`], in file order,
//!    with its position, its id as written and its [`Outcome`].

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::shard::Shard;
use super::{Format, excel, yaml};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::location::Location;
use crate::model::Engagement;
use crate::model::raw::{Node, NodeKind};

/// How many engagements are built and validated together.
pub const BUILD_CHUNK: usize = 256;

/// One engagement of a file, as [`engagements`] hands it on.
#[derive(Debug)]
pub struct Loaded {
    /// Its position in the file (0-based).
    pub index: usize,
    /// Its id as written, when it has one (for messages).
    pub id: Option<String>,
    pub outcome: Outcome,
}

/// What became of one engagement.
#[derive(Debug)]
pub enum Outcome {
    /// Valid, with its warnings. Boxed: an engagement is large beside the
    /// other outcomes, and chunks hold hundreds of these.
    Valid(Box<Engagement>, Diagnostics),
    /// Read, but it breaks the framework's rules (every violation).
    Invalid(Diagnostics),
    /// Its workbook rows could not be made into an engagement: a row names an
    /// iteration or workshop that is not there, a cell holds an error value.
    Unreadable(Diagnostics),
}

/// The engagements of one file, in file order (see the module doc).
pub struct Engagements {
    path: PathBuf,
    source: Source,
    shard: Option<Shard>,
    /// The next position to build.
    next: usize,
    ready: VecDeque<Loaded>,
}

enum Source {
    /// The one engagement of a YAML file (until handed on) and the file's
    /// text, for the excerpts of its diagnostics.
    Yaml(Option<Node>, String),
    Workbook(excel::Portfolio),
}

impl std::fmt::Debug for Engagements {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engagements")
            .field("path", &self.path)
            .field("len", &self.len())
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

/// Opens `path` (YAML, JSON or a workbook) for its engagements; with a shard,
/// only those it owns are handed on (by id, or by `file#position` for an
/// engagement without one). `Err` holds every problem of the file itself.
pub fn engagements(path: &Path, shard: Option<Shard>) -> Result<Engagements> {
    let source = match Format::of(path)? {
        Format::Yaml => {
            let text = crate::fsx::read_to_string(path)?;
            let node = yaml::parse(path, &text).map_err(|e| with_excerpts_err(e, &text))?;
            Source::Yaml(Some(node), text)
        }
        Format::Excel => {
            let portfolio = excel::Portfolio::read(path)?;
            if portfolio.problems().has_errors() {
                // A workbook with problems of its own is reported whole: its
                // problems, then every engagement's row problems.
                let mut d = portfolio.problems().clone();
                for i in 0..portfolio.len() {
                    d.extend(portfolio.build(i).1);
                }
                return Err(Error::Invalid(d));
            }
            Source::Workbook(portfolio)
        }
    };
    Ok(Engagements {
        path: path.to_path_buf(),
        source,
        shard,
        next: 0,
        ready: VecDeque::new(),
    })
}

/// The key a file's engagements and failures are sharded by: its path as
/// found, `/`-separated.
pub fn path_key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl Engagements {
    /// How many engagements the file holds (owned by the shard or not).
    pub fn len(&self) -> usize {
        match &self.source {
            Source::Yaml(..) => 1,
            Source::Workbook(p) => p.len(),
        }
    }

    /// True when the file holds none (never, for a file that opened).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The next chunk of up to [`BUILD_CHUNK`] engagements, built and
    /// validated in parallel; `None` at the end of the file.
    pub fn next_chunk(&mut self) -> Option<Vec<Loaded>> {
        if !self.ready.is_empty() {
            return Some(self.ready.drain(..).collect());
        }
        match &mut self.source {
            Source::Yaml(node, text) => {
                let node = node.take()?;
                let text = std::mem::take(text);
                self.next = 1;
                let id = match node.get("id").map(|n| &n.kind) {
                    Some(NodeKind::Scalar(s)) => Some(s.trim().to_string()),
                    _ => None,
                };
                if !owns(self.shard, &self.path, 0, id.as_deref()) {
                    return None;
                }
                let outcome = match crate::validate::validate(&node) {
                    Ok((e, w)) => Outcome::Valid(Box::new(e), with_excerpts(w, &text)),
                    Err(d) => Outcome::Invalid(with_excerpts(d, &text)),
                };
                Some(vec![Loaded {
                    index: 0,
                    id,
                    outcome,
                }])
            }
            Source::Workbook(portfolio) => {
                let portfolio = &*portfolio;
                let len = portfolio.len();
                while self.next < len {
                    let start = self.next;
                    let end = (start + BUILD_CHUNK).min(len);
                    self.next = end;
                    let owned: Vec<usize> = (start..end)
                        .filter(|&i| owns(self.shard, &self.path, i, portfolio.id(i)))
                        .collect();
                    if !owned.is_empty() {
                        return Some(owned.into_par_iter().map(|i| build(portfolio, i)).collect());
                    }
                }
                None
            }
        }
    }
}

/// Whether `shard` owns engagement `i` of `path`, with id `id`.
fn owns(shard: Option<Shard>, path: &Path, i: usize, id: Option<&str>) -> bool {
    let Some(shard) = shard else {
        return true;
    };
    match id {
        Some(id) if !id.is_empty() => shard.owns(id),
        _ => shard.owns(&format!("{}#{}", path_key(path), i + 1)),
    }
}

/// Builds and validates engagement `i` of a workbook.
fn build(portfolio: &excel::Portfolio, i: usize) -> Loaded {
    let (node, problems) = portfolio.build(i);
    // Warnings of the rows alone are not reported (as before the one way in).
    let outcome = if problems.has_errors() {
        Outcome::Unreadable(problems)
    } else {
        match crate::validate::validate(&node) {
            Ok((e, w)) => Outcome::Valid(Box::new(e), w),
            Err(d) => Outcome::Invalid(d),
        }
    };
    Loaded {
        index: i,
        id: portfolio.id(i).map(str::to_string),
        outcome,
    }
}

impl Iterator for Engagements {
    type Item = Loaded;

    fn next(&mut self) -> Option<Loaded> {
        if self.ready.is_empty() {
            let chunk = self.next_chunk()?;
            self.ready.extend(chunk);
        }
        self.ready.pop_front()
    }
}

/// Adds the source line with a caret to YAML diagnostics that have none.
fn with_excerpts(d: Diagnostics, text: &str) -> Diagnostics {
    let wants = |d: &Diagnostic| matches!((&d.location, &d.excerpt), (Location::Yaml { .. }, None));
    if !d.iter().any(wants) {
        return d;
    }
    Diagnostics(
        d.into_iter()
            .map(|d| match (&d.location, &d.excerpt) {
                (Location::Yaml { line, column, .. }, None) => {
                    match yaml::excerpt(text, *line, *column) {
                        Some(x) => d.with_excerpt(x),
                        None => d,
                    }
                }
                _ => d,
            })
            .collect(),
    )
}

fn with_excerpts_err(e: Error, text: &str) -> Error {
    match e {
        Error::Invalid(d) => Error::Invalid(with_excerpts(d, text)),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a workbook of text sheets (empty strings leave the cell empty).
    fn write_workbook(path: &Path, sheets: &[(&str, Vec<Vec<String>>)]) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        for (name, rows) in sheets {
            let ws = wb.add_worksheet().set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if !cell.is_empty() {
                        ws.write_string(r as u32, c as u16, cell).unwrap();
                    }
                }
            }
        }
        wb.save(path).unwrap();
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    /// A portfolio of `n` engagements `E-0`…; `bad` names an iteration that
    /// is not there in its `Goals` row, and `invalid` has an unknown status.
    fn portfolio(path: &Path, n: usize, bad: usize, invalid: usize) {
        let mut engs = vec![row(&["Id", "Currency", "Customer name", "Provider name"])];
        let mut its = vec![row(&[
            "Engagement",
            "Iteration",
            "Commit date",
            "Engagement type",
            "Objective",
            "Effort days",
            "Day rate",
            "Ensure date",
        ])];
        let mut goals = vec![row(&["Engagement", "Iteration", "Id", "Title"])];
        let mut results = vec![row(&["Engagement", "Iteration", "Goal", "Status"])];
        for i in 0..n {
            let id = format!("E-{i}");
            engs.push(row(&[&id, "EUR", "Woodgrove Bank", "Nimbus"]));
            its.push(row(&[
                &id,
                "1",
                "2026-05-01",
                "mcw",
                "Learn",
                "2",
                "1000",
                "2026-08-01",
            ]));
            let it = if i == bad { "7" } else { "1" };
            goals.push(row(&[&id, it, "G1", "Lab done"]));
            let status = if i == invalid { "done" } else { "achieved" };
            results.push(row(&[&id, "1", "G1", status]));
        }
        write_workbook(
            path,
            &[
                ("Engagement", engs),
                ("Iterations", its),
                ("Goals", goals),
                ("Results", results),
            ],
        );
    }

    fn kind(o: &Outcome) -> &'static str {
        match o {
            Outcome::Valid(..) => "valid",
            Outcome::Invalid(_) => "invalid",
            Outcome::Unreadable(_) => "unreadable",
        }
    }

    #[test]
    fn a_portfolio_comes_in_file_order_chunk_by_chunk_with_each_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.xlsx");
        let n = 2 * BUILD_CHUNK + 3;
        portfolio(&p, n, 5, BUILD_CHUNK + 1);
        let mut stream = engagements(&p, None).unwrap();
        assert_eq!(stream.len(), n);
        let first = stream.next_chunk().unwrap();
        assert_eq!(first.len(), BUILD_CHUNK, "one chunk at a time");
        let all: Vec<Loaded> = first.into_iter().chain(stream).collect();
        assert_eq!(all.len(), n);
        for (i, l) in all.iter().enumerate() {
            assert_eq!(l.index, i);
            assert_eq!(l.id.as_deref(), Some(format!("E-{i}").as_str()));
            let want = match i {
                5 => "unreadable",
                i if i == BUILD_CHUNK + 1 => "invalid",
                _ => "valid",
            };
            assert_eq!(kind(&l.outcome), want, "engagement {i}");
        }
        if let Outcome::Valid(e, _) = &all[0].outcome {
            assert_eq!(e.id, "E-0");
        }
    }

    #[test]
    fn shards_split_a_portfolio_into_disjoint_parts_in_file_order() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.xlsx");
        let n = BUILD_CHUNK + 40;
        portfolio(&p, n, usize::MAX, usize::MAX);
        let mut seen = Vec::new();
        for i in 1..=3 {
            let shard = Shard::new(i, 3).unwrap();
            let part: Vec<usize> = engagements(&p, Some(shard))
                .unwrap()
                .map(|l| {
                    assert!(shard.owns(l.id.as_deref().unwrap()));
                    l.index
                })
                .collect();
            assert!(part.windows(2).all(|w| w[0] < w[1]), "file order");
            assert!(!part.is_empty() && part.len() < n);
            seen.extend(part);
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..n).collect::<Vec<_>>());
    }

    #[test]
    fn a_workbook_with_problems_of_its_own_is_an_error_with_every_row_problem() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.xlsx");
        write_workbook(
            &p,
            &[
                (
                    "Engagement",
                    vec![
                        row(&["Id", "Currency"]),
                        row(&["A", "EUR"]),
                        row(&["B", "EUR"]),
                    ],
                ),
                (
                    "Goals",
                    vec![
                        row(&["Engagement", "Iteration", "Id", "Title"]),
                        row(&["A", "3", "G1", "x"]),
                    ],
                ),
            ],
        );
        let err = engagements(&p, None).unwrap_err();
        let text = err.diagnostics().expect("diagnostics").to_string();
        assert!(text.contains("sheet `Iterations` is missing"), "{text}");
        assert!(text.contains("Goals!"), "the row problem too: {text}");
    }

    #[test]
    fn a_yaml_engagement_s_problems_carry_their_source_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("e.yaml");
        std::fs::write(&p, "id: X\ncurrency: EURO\n").unwrap();
        let all: Vec<Loaded> = engagements(&p, None).unwrap().collect();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].id.as_deref(), Some("X"));
        let Outcome::Invalid(d) = &all[0].outcome else {
            panic!("invalid expected: {:?}", all[0].outcome);
        };
        let currency = d
            .iter()
            .find(|d| d.message.contains("currency"))
            .expect("a currency problem");
        assert!(currency.excerpt.as_deref().unwrap_or("").contains("EURO"));
        // Another shard owns it: nothing is handed on.
        let other = (1..=2)
            .map(|i| Shard::new(i, 2).unwrap())
            .find(|s| !s.owns("X"))
            .unwrap();
        assert_eq!(engagements(&p, Some(other)).unwrap().count(), 0);
    }
}
