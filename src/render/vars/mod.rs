//! Which data paths a template reads: `customer.name`, `goals[].title`.
//!
//! `walk` follows minijinja's syntax tree with a scope of names, so loop
//! variables, `set`, `with` and macro parameters resolve to the path of the
//! value they stand for, through indexes (`iterations[-1]`) and slices
//! (`goals[1:]`) alike. `scan` is a light text scan of single tags, for
//! where one tag is looked at alone (an error's expression).

mod scan;
mod walk;

use std::collections::BTreeSet;
use std::fmt;

use minijinja::syntax::SyntaxConfig;

pub(crate) use scan::{Aliases, chains, statement_keyword, tag_body};

use crate::docx::{DocxPackage, PartKind};
use crate::error::{Diagnostics, Result};
use crate::tags::{self, Prepared, Preprocessed};

/// One step of a data path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// A field: `.title`, `['title']`.
    Key(String),
    /// An element of a list, by any index or slice: `[0]`, `[-1]`, `[i]`.
    Item,
    /// The list cut into sub-lists (`batch`, `slice`): an element of it is a
    /// part of the list, so its own elements are the list's. Never in a
    /// [`Read`]'s path.
    Groups,
}

/// `path` plus `[]`: an element of the list at `path` (of a list of
/// sub-lists, a sub-list, which is read like the list itself).
pub(crate) fn element(mut path: Vec<Seg>) -> Vec<Seg> {
    if path.last() == Some(&Seg::Groups) {
        path.pop();
    } else {
        path.push(Seg::Item);
    }
    path
}

/// A data path, e.g. `iteration.commit.goals[].title`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DataPath(pub Vec<Seg>);

impl fmt::Display for DataPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) if is_identifier(k) => write!(f, ".{k}")?,
                Seg::Key(k) => write!(f, "[{k:?}]")?,
                Seg::Item => f.write_str("[]")?,
                Seg::Groups => {}
            }
        }
        Ok(())
    }
}

fn is_identifier(k: &str) -> bool {
    let mut chars = k.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// One place a template reads a value of its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The value's path in the context.
    pub path: Vec<Seg>,
    /// Byte offset of the reading expression in the part's template source
    /// ([`Prepared::tag_at`] gives its tag).
    pub offset: usize,
    /// Read by a `{% for %}`, which needs a list.
    pub iterated: bool,
}

/// Every read of one part's template source, in template order (a macro's
/// body once per call). Fails on a syntax error.
pub fn reads(source: &str) -> Result<Vec<Read>, minijinja::Error> {
    let ast = minijinja::machinery::parse(source, "<template>", SyntaxConfig::default())?;
    let mut walker = walk::Walker::new();
    walker.stmts(std::slice::from_ref(&ast));
    Ok(walker.reads)
}

/// Like [`reads`], but a tag that does not parse is left out (blanked,
/// keeping offsets) and blocks never closed are closed at the end, so one
/// syntax error does not hide the reads of the whole part.
fn reads_around_errors(prepared: &Prepared) -> Vec<Read> {
    /// Past this many broken tags, what is left is not worth reading.
    const MAX_BLANKED: usize = 50;
    let mut source = prepared.source.clone();
    let mut closed = false;
    for _ in 0..MAX_BLANKED {
        let err = match reads(&source) {
            Ok(r) => return r,
            Err(e) => e,
        };
        match err.range().and_then(|r| prepared.tag_at(r.start)) {
            Some(tag) if !source[tag.range.clone()].trim().is_empty() => {
                let range = tag.range.clone();
                source.replace_range(range.clone(), &" ".repeat(range.len()));
            }
            // At the end of the input: close the blocks that were never
            // closed, after every tag, so their names stay bound.
            _ if !closed => {
                closed = true;
                let open = super::report::unclosed_blocks(prepared, &source);
                if open.is_empty() {
                    break;
                }
                for (_, kw) in open.iter().rev() {
                    source.push_str(&format!("{{% end{kw} %}}"));
                }
            }
            _ => break,
        }
    }
    Vec::new()
}

/// One templated part of a package, read without compiling it.
#[derive(Debug)]
pub struct PartReads {
    /// The zip part, e.g. `word/document.xml`.
    pub part: String,
    pub prepared: Prepared,
    pub reads: Vec<Read>,
}

/// Every templated part of `package` with its reads, and every problem the
/// preprocessing and the syntax check find (Word-broken tags, unclosed
/// blocks), all together; for `lint`, which checks a template without data.
pub fn package_reads(package: &DocxPackage) -> Result<(Vec<PartReads>, Diagnostics)> {
    let mut parts = Vec::new();
    let mut problems = Diagnostics::new();
    // The filters and tests a render has, so a misspelt filter is found too.
    let env = super::new_environment(&super::RenderOptions::default());
    for (name, kind) in package.template_parts() {
        let xml = package.read_text(&name)?;
        if !super::has_tags(&xml) {
            continue;
        }
        let pre = match kind {
            PartKind::Word => match tags::preprocess(&name, &xml) {
                Ok(p) => p,
                Err(d) => {
                    problems.extend(super::with_file(d, package.path()));
                    continue;
                }
            },
            PartKind::CoreProperties => Preprocessed {
                prepared: super::plain::prepare(&xml),
                problems: Diagnostics::new(),
            },
        };
        let (prepared, found, _) = super::report::template_problems(pre, &name, &env);
        problems.extend(super::with_file(found, package.path()));
        let reads = reads_around_errors(&prepared);
        parts.push(PartReads {
            part: name,
            prepared,
            reads,
        });
    }
    Ok((parts, problems))
}

/// The distinct paths of some parts, sorted; a path another one extends is
/// left out (`goals` is implied by `goals[].title`). A part that does not
/// parse adds nothing (compiling it reports why).
pub fn paths<'p>(parts: impl IntoIterator<Item = &'p Prepared>) -> Vec<String> {
    let mut found = BTreeSet::new();
    for prepared in parts {
        for read in reads(&prepared.source).unwrap_or_default() {
            found.insert(DataPath(read.path));
        }
    }
    let paths: Vec<&DataPath> = found.iter().collect();
    let mut out = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        // Sorted, so a path's extensions follow it directly.
        let extended = paths
            .get(i + 1)
            .is_some_and(|next| next.0.len() > p.0.len() && next.0.starts_with(&p.0));
        if !extended {
            out.push(p.to_string());
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
