//! Building the as-written tree from a table's rows: headers mapped to
//! known columns ([`map_columns`]), a row's cells located ([`row_cells`]),
//! and cells put at their dotted field paths ([`row_node`], [`entry`], [`push`]).

use std::path::Path;
use std::sync::Arc;

use super::cells::CellRef;
use super::layout::{Col, norm};
use super::table::{Table, cell_at};
use crate::error::{Diagnostic, Diagnostics};
use crate::location::Location;
use crate::model::raw::{Key, Node, NodeKind};
use crate::suggest::closest;

/// A cell value with its location.
pub(super) struct Cell {
    pub(super) text: Option<String>,
    pub(super) loc: Location,
}

/// Maps a table's headers to known columns; unknown headers are errors with "did you mean".
/// `keys` are the key columns this sheet may have, returned first. The result
/// gives, for each of `keys` then `cols`, the table column that fills it.
pub(super) fn map_columns(
    file: &Arc<Path>,
    t: &Table,
    keys: &[&str],
    cols: &[Col],
    diags: &mut Diagnostics,
) -> Vec<Option<u32>> {
    let names: Vec<&str> = keys
        .iter()
        .copied()
        .chain(cols.iter().map(|c| c.header))
        .collect();
    let mut col_of: Vec<Option<u32>> = vec![None; names.len()];
    for (col, header) in &t.headers {
        let n = norm(header);
        // Accept the header, or the field path (`commit.effort.days`, `effort_days`).
        let found = names.iter().position(|h| norm(h) == n).or_else(|| {
            cols.iter()
                .position(|c| {
                    norm(c.path) == n || norm(c.path.rsplit('.').next().unwrap_or("")) == n
                })
                .map(|i| i + keys.len())
        });
        let loc = Location::excel_cell_shared(file, &t.sheet, t.header_row, *col);
        match found {
            Some(i) if col_of[i].is_some() => diags.push(Diagnostic::error(
                loc,
                format!("column `{header}` appears twice in sheet `{}`", t.sheet),
            )),
            Some(i) => col_of[i] = Some(*col),
            None => {
                let hint = match closest(header, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known columns: {}", names.join(", ")),
                };
                diags.push(
                    Diagnostic::error(
                        loc,
                        format!("unknown column `{header}` in sheet `{}`", t.sheet),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    col_of
}

/// One data row's cells in the order [`map_columns`] gave (`None`: no such
/// column), located in `file` and sheet `name` (`t.sheet`, or a copy of it).
pub(super) fn row_cells(
    file: &Arc<Path>,
    name: &Arc<str>,
    t: &Table,
    col_of: &[Option<u32>],
    r: u32,
    cells: &[CellRef],
    diags: &mut Diagnostics,
) -> Vec<Option<Cell>> {
    col_of
        .iter()
        .map(|col| {
            let col = (*col)?;
            let loc = Location::excel_cell_shared(file, name, r, col);
            let text = match cell_at(cells, col).map(|c| t.value(c)) {
                None | Some(Ok(None)) => None,
                Some(Ok(Some(s))) => Some(s),
                Some(Err(e)) => {
                    diags.push(Diagnostic::error(loc.clone(), e));
                    None
                }
            };
            Some(Cell { text, loc })
        })
        .collect()
}

pub(super) fn map_node(loc: &Location) -> Node {
    Node::new(loc.clone(), NodeKind::Map(Vec::new()))
}

/// The map entry at `path` (dotted) inside `node`, created (as a mapping at `loc`) when missing.
pub(super) fn entry<'a>(node: &'a mut Node, path: &str, loc: &Location) -> &'a mut Node {
    let mut cur = node;
    for part in path.split('.') {
        if !matches!(cur.kind, NodeKind::Map(_)) {
            cur.kind = NodeKind::Map(Vec::new());
        }
        let NodeKind::Map(entries) = &mut cur.kind else {
            unreachable!()
        };
        let i = match entries.iter().position(|(k, _)| k.name == part) {
            Some(i) => i,
            None => {
                entries.push((
                    Key {
                        name: part.to_string(),
                        loc: loc.clone(),
                    },
                    Node::new(loc.clone(), NodeKind::Null),
                ));
                entries.len() - 1
            }
        };
        cur = &mut entries[i].1;
    }
    cur
}

/// Appends `item` to the list at `path`, creating the list.
pub(super) fn push(node: &mut Node, path: &str, item: Node) {
    let loc = item.loc.clone();
    let list = entry(node, path, &loc);
    if !matches!(list.kind, NodeKind::Seq(_)) {
        *list = Node::new(loc, NodeKind::Seq(Vec::new()));
    }
    if let NodeKind::Seq(items) = &mut list.kind {
        items.push(item);
    }
}

/// A cell as a node: empty → null, list columns → one item per line.
pub(super) fn cell_node(col: &Col, cell: &Cell) -> Node {
    match &cell.text {
        None => Node::new(cell.loc.clone(), NodeKind::Null),
        Some(t) if col.list => Node::new(
            cell.loc.clone(),
            NodeKind::Seq(
                t.lines()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Node::scalar(cell.loc.clone(), s))
                    .collect(),
            ),
        ),
        Some(t) => Node::scalar(cell.loc.clone(), t.clone()),
    }
}

/// Builds a row's mapping from the columns (all of them, empty ones as null).
pub(super) fn row_node(cols: &[Col], cells: &[Option<Cell>], loc: &Location) -> Node {
    let mut node = map_node(loc);
    for (col, cell) in cols.iter().zip(cells) {
        if let Some(cell) = cell {
            *entry(&mut node, col.path, &cell.loc) = cell_node(col, cell);
        }
    }
    node
}

pub(super) fn int_key(s: &str) -> Option<u32> {
    let f: f64 = s.trim().parse().ok()?;
    (f.fract() == 0.0 && (0.0..1e9).contains(&f)).then_some(f as u32)
}

pub(super) fn scalar_of(n: &Node) -> Option<&str> {
    match &n.kind {
        NodeKind::Scalar(s) => Some(s.trim()),
        _ => None,
    }
}
