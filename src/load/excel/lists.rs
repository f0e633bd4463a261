//! The list sheets ([`SHEETS`](super::SHEETS)): each read and checked once,
//! its rows assigned to their engagements ([`prepare_sheet`]), then applied
//! to one engagement at a time as it is built ([`apply_sheet`]): its
//! iterations, their goals, workshops and results, the workshops' agendas.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::cells::CellRef;
use super::engagement::Listed;
use super::layout::{
    ENGAGEMENT_COL, ENGAGEMENT_SHEET, ITERATION_COL, Keyed, SheetSpec, WORKSHOP_COL, norm,
};
use super::table::{Table, cell_at, read_back_error};
use super::tree::{
    Cell, entry, int_key, map_columns, map_node, push, row_cells, row_node, scalar_of,
};
use crate::error::{Diagnostic, Diagnostics};
use crate::location::Location;
use crate::model::raw::{Node, NodeKind};
use crate::suggest::closest;

/// One engagement being built.
pub(super) struct Eng {
    pub(super) node: Node,
    /// Iteration number → its node (in sheet order).
    pub(super) iterations: Vec<(u32, Node)>,
}

/// be applied one engagement at a time.
pub(super) struct ListSheet {
    spec: &'static SheetSpec,
    keys: &'static [&'static str],
    pub(super) t: Table,
    /// For each of `keys` then `spec.cols`, the column that fills it.
    col_of: Vec<Option<u32>>,
    /// Rows (indexes into `t.rows`) of each engagement, grouped by engagement
    /// index, in sheet order within each group: engagement `i`'s rows are
    /// `by_eng[starts[i]..starts[i + 1]]` (4 bytes per row and per engagement,
    /// where a list per engagement took an allocation of its own).
    pub(super) by_eng: Vec<u32>,
    starts: Vec<u32>,
    /// When each engagement's rows follow each other (as `convert` writes
    /// them), `by_eng` is empty and engagement `i`'s rows are the
    /// `starts[i + 1] - starts[i]` rows from `first[i]` (4 bytes per
    /// engagement instead of per row).
    pub(super) first: Vec<u32>,
    /// A workbook-wide sheet's rows, once for every engagement.
    shared: Vec<Node>,
}

/// Checks a list sheet's key columns, maps its headers, and finds each row's
/// engagement; `None` when the sheet cannot be used (reported).
pub(super) fn prepare_sheet(
    file: &Arc<Path>,
    t: Table,
    spec: &'static SheetSpec,
    engs: &[Listed],
    index: &HashMap<String, usize>,
    diags: &mut Diagnostics,
) -> Option<ListSheet> {
    let keys: &'static [&'static str] = match spec.keyed {
        Keyed::Workbook => &[],
        Keyed::Engagement => &[ENGAGEMENT_COL],
        Keyed::IterationRow | Keyed::Iteration => &[ENGAGEMENT_COL, ITERATION_COL],
        Keyed::Workshop => &[ENGAGEMENT_COL, ITERATION_COL, WORKSHOP_COL],
    };
    let has_col = |name: &str| t.headers.iter().any(|(_, h)| norm(h) == norm(name));
    let sheet_loc = Location::excel_sheet_shared(file, &t.sheet);
    if t.row_count() > 0 {
        if spec.keyed != Keyed::Workbook && engs.len() > 1 && !has_col(ENGAGEMENT_COL) {
            diags.push(
                Diagnostic::error(
                    sheet_loc.clone(),
                    format!("the workbook holds {} engagements, but sheet `{}` has no `{ENGAGEMENT_COL}` column", engs.len(), t.sheet),
                )
                .with_hint("add an `Engagement` column with each row's engagement id"),
            );
            return None;
        }
        for k in &keys[1..] {
            if !has_col(k) {
                diags.push(Diagnostic::error(
                    sheet_loc.clone(),
                    format!("sheet `{}` needs a `{k}` column", t.sheet),
                ));
                return None;
            }
        }
    }
    let col_of = map_columns(file, &t, keys, spec.cols, diags);
    let mut sheet = ListSheet {
        spec,
        keys,
        col_of,
        by_eng: Vec::new(),
        starts: Vec::new(),
        first: Vec::new(),
        shared: Vec::new(),
        t,
    };
    if spec.keyed == Keyed::Workbook {
        let mut shared = Vec::new();
        let read = sheet.t.for_each_row(|_, r, cells| {
            shared.push(sheet_row(file, &sheet.t.sheet, &sheet, r, cells, diags).1);
        });
        if let Err(e) = read {
            diags.push(read_back_error(file, &sheet.t.sheet, &e));
        }
        sheet.shared = shared;
        return Some(sheet);
    }
    // Which engagement each row belongs to.
    let mut eng_of_row: Vec<(u32, u32)> = Vec::with_capacity(sheet.t.row_count());
    let eng_col = sheet.col_of[0];
    let read = sheet.t.for_each_row(|ri, r, cells| {
        let loc = || Location::excel_cell_shared(file, &sheet.t.sheet, r, eng_col.unwrap_or(0));
        let text = match eng_col
            .and_then(|c| cell_at(cells, c))
            .map(|c| sheet.t.value(c))
        {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(id))) => Some(id),
            // One engagement: the row is applied and the cell reported then.
            Some(Err(_)) if engs.len() == 1 => None,
            Some(Err(e)) => {
                diags.push(Diagnostic::error(loc(), e));
                None
            }
        };
        let ei = match text {
            None if engs.len() == 1 => 0,
            None => {
                diags.push(Diagnostic::error(
                    loc(),
                    "the engagement id is empty".to_string(),
                ));
                return;
            }
            Some(id) => match index.get(&id) {
                Some(i) => *i,
                None => {
                    let ids: Vec<&str> = engs.iter().filter_map(|e| e.id.as_deref()).collect();
                    let hint = closest(&id, ids.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("engagements: {}", ids.join(", ")));
                    diags.push(
                        Diagnostic::error(
                            loc(),
                            format!("engagement `{id}` is not in sheet `{ENGAGEMENT_SHEET}`"),
                        )
                        .with_hint(hint),
                    );
                    return;
                }
            },
        };
        eng_of_row.push((ei as u32, ri as u32));
    });
    if let Err(e) = read {
        diags.push(read_back_error(file, &sheet.t.sheet, &e));
    }
    // A stable sort keeps each engagement's rows in sheet order.
    eng_of_row.sort_by_key(|(ei, _)| *ei);
    let mut starts = Vec::with_capacity(engs.len() + 1);
    let mut next = 0;
    for ei in 0..=engs.len() as u32 {
        next += eng_of_row[next..]
            .iter()
            .take_while(|(e, _)| *e < ei)
            .count();
        starts.push(next as u32);
    }
    let runs = eng_of_row
        .windows(2)
        .all(|w| w[0].0 != w[1].0 || w[0].1 + 1 == w[1].1);
    if runs {
        sheet.first = starts[..engs.len()]
            .iter()
            .map(|&a| eng_of_row.get(a as usize).map_or(0, |(_, ri)| *ri))
            .collect();
    } else {
        sheet.by_eng = eng_of_row.into_iter().map(|(_, ri)| ri).collect();
    }
    sheet.starts = starts;
    Some(sheet)
}

/// A row of a sheet (absolute row `r`, its filled cells `cells`): its key
/// cells and its mapping of the sheet's fields.
fn sheet_row(
    file: &Arc<Path>,
    name: &Arc<str>,
    sheet: &ListSheet,
    r: u32,
    cells: &[CellRef],
    diags: &mut Diagnostics,
) -> (Vec<Option<Cell>>, Node) {
    let mut cells = row_cells(file, name, &sheet.t, &sheet.col_of, r, cells, diags);
    let value_cells = cells.split_off(sheet.keys.len());
    let row_loc = value_cells
        .iter()
        .chain(&cells)
        .flatten()
        .map(|c| c.loc.clone())
        .next()
        .unwrap_or_else(|| Location::excel_sheet_shared(file, name));
    let row = row_node(sheet.spec.cols, &value_cells, &row_loc);
    (cells, row)
}

/// Applies a list sheet's rows of one engagement to it, read back in one
/// read per run of consecutive rows.
pub(super) fn apply_sheet(
    file: &Arc<Path>,
    name: &Arc<str>,
    sheet: &ListSheet,
    ei: usize,
    eng: &mut Eng,
    diags: &mut Diagnostics,
) {
    if sheet.spec.keyed == Keyed::Workbook {
        for row in &sheet.shared {
            push(&mut eng.node, sheet.spec.target, row.clone());
        }
        return;
    }
    let read = match (sheet.starts.get(ei), sheet.starts.get(ei + 1)) {
        (Some(&a), Some(&b)) if sheet.first.is_empty() => {
            sheet.t.rows_of(&sheet.by_eng[a as usize..b as usize])
        }
        (Some(&a), Some(&b)) => {
            let first = sheet.first[ei] as usize;
            sheet.t.rows_in(first..first + (b - a) as usize)
        }
        _ => sheet.t.rows_of(&[]),
    };
    let set = match read {
        Ok(set) => set,
        Err(e) => {
            diags.push(read_back_error(file, name, &e));
            return;
        }
    };
    for (_, r, cells) in set.iter() {
        let (key_cells, row) = sheet_row(file, name, sheet, r, cells, diags);
        apply_row(&sheet.t, sheet.spec, &key_cells, row, eng, diags);
    }
}

/// Puts one row (its key cells and its mapping) into its engagement.
fn apply_row(
    t: &Table,
    spec: &SheetSpec,
    key_cells: &[Option<Cell>],
    row: Node,
    eng: &mut Eng,
    diags: &mut Diagnostics,
) {
    if spec.keyed == Keyed::Engagement {
        push(&mut eng.node, spec.target, row);
        return;
    }
    // Which iteration.
    let it_cell = key_cells[1].as_ref().expect("checked column");
    let Some(num_text) = it_cell.text.as_deref() else {
        diags.push(Diagnostic::error(
            it_cell.loc.clone(),
            "the iteration number is empty".to_string(),
        ));
        return;
    };
    let Some(num) = int_key(num_text) else {
        diags.push(Diagnostic::error(
            it_cell.loc.clone(),
            format!("the iteration `{num_text}` should be a whole number"),
        ));
        return;
    };
    if spec.keyed == Keyed::IterationRow {
        if eng.iterations.iter().any(|(n, _)| *n == num) {
            diags.push(Diagnostic::error(
                it_cell.loc.clone(),
                format!("iteration {num} appears twice in sheet `{}`", t.sheet),
            ));
            return;
        }
        let mut node = map_node(&it_cell.loc);
        *entry(&mut node, "number", &it_cell.loc) =
            Node::scalar(it_cell.loc.clone(), num.to_string());
        // A phase exists when any of its cells is filled.
        let NodeKind::Map(fields) = row.kind else {
            unreachable!()
        };
        for (k, v) in fields {
            let filled = match &v.kind {
                NodeKind::Null => false,
                NodeKind::Map(m) => m.iter().any(|(_, x)| !deep_null(x)),
                _ => true,
            };
            if filled || k.name == "title" {
                *entry(&mut node, &k.name, &k.loc) = v;
            }
        }
        eng.iterations.push((num, node));
        return;
    }
    let Some((_, it)) = eng.iterations.iter_mut().find(|(n, _)| *n == num) else {
        diags.push(
            Diagnostic::error(
                it_cell.loc.clone(),
                format!("iteration {num} is not in sheet `Iterations`"),
            )
            .with_hint("add a row for it in the `Iterations` sheet"),
        );
        return;
    };
    if spec.keyed == Keyed::Iteration {
        push(it, spec.target, row);
        return;
    }
    // Which workshop.
    let ws_cell = key_cells[2].as_ref().expect("checked column");
    let Some(ws) = ws_cell.text.as_deref() else {
        diags.push(Diagnostic::error(
            ws_cell.loc.clone(),
            "the workshop id is empty".to_string(),
        ));
        return;
    };
    let workshop = match it.get("deliver").and_then(|d| d.get("workshops")) {
        Some(Node {
            kind: NodeKind::Seq(items),
            ..
        }) => items
            .iter()
            .position(|w| w.get("id").and_then(scalar_of) == Some(ws)),
        _ => None,
    };
    let Some(wi) = workshop else {
        let known: Vec<&str> = match it.get("deliver").and_then(|d| d.get("workshops")) {
            Some(Node {
                kind: NodeKind::Seq(items),
                ..
            }) => items
                .iter()
                .filter_map(|w| w.get("id").and_then(scalar_of))
                .collect(),
            _ => Vec::new(),
        };
        let hint = closest(ws, known.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| "add the workshop to sheet `Workshops`".into());
        diags.push(
            Diagnostic::error(
                ws_cell.loc.clone(),
                format!("workshop `{ws}` of iteration {num} is not in sheet `Workshops`"),
            )
            .with_hint(hint),
        );
        return;
    };
    let loc = it.loc.clone();
    let list = entry(it, "deliver.workshops", &loc);
    if let NodeKind::Seq(items) = &mut list.kind {
        push(&mut items[wi], spec.target, row);
    }
}

fn deep_null(n: &Node) -> bool {
    match &n.kind {
        NodeKind::Null => true,
        NodeKind::Map(m) => m.iter().all(|(_, v)| deep_null(v)),
        NodeKind::Seq(items) => items.is_empty(),
        NodeKind::Scalar(_) => false,
    }
}
