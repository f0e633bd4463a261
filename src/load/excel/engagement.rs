//! The `Engagement` sheet, which lists a workbook's engagements: a
//! Field/Value sheet (one engagement, its mapping built at once) or a table
//! (one row per engagement, its mapping built when the engagement is).

use std::path::Path;
use std::sync::Arc;

use super::book::Book;
use super::cells::CellRef;
use super::layout::{ENGAGEMENT_FIELDS, ENGAGEMENT_SHEET, norm};
use super::table::{Table, cell_at, read_back_error};
use super::tree::{Cell, cell_node, entry, map_columns, map_node, row_cells, row_node, scalar_of};
use crate::error::{Diagnostic, Diagnostics};
use crate::location::Location;
use crate::model::raw::Node;
use crate::suggest::closest;

/// The `Engagement` sheet: Field/Value (one engagement) or a table (one row per engagement).
pub(super) fn engagement_sheet(
    book: &Book,
    t: Option<Table>,
    diags: &mut Diagnostics,
) -> (Vec<Listed>, Option<EngTable>) {
    let Some(t) = t else {
        diags.push(
            Diagnostic::error(
                Location::file(&*book.file),
                format!("sheet `{ENGAGEMENT_SHEET}` is missing"),
            )
            .with_hint(format!(
                "workbook sheets: {}; `engagekit convert FILE.yaml -o FILE.xlsx` writes a complete workbook",
                book.sheet_names.join(", ")
            )),
        );
        return (Vec::new(), None);
    };
    let key_value = t.headers.len() >= 2
        && norm(&t.headers[0].1) == "field"
        && norm(&t.headers[1].1) == "value";
    if key_value {
        let (fcol, vcol) = (t.headers[0].0, t.headers[1].0);
        let loc = Location::excel_cell_shared(&book.file, &t.sheet, t.header_row, fcol);
        let mut node = map_node(&loc);
        let mut seen: Vec<usize> = Vec::new();
        let names: Vec<&str> = ENGAGEMENT_FIELDS.iter().map(|c| c.header).collect();
        let read = t.for_each_row(|_, r, cells| {
            let get = |col: u32| cell_at(cells, col);
            let floc = Location::excel_cell_shared(&book.file, &t.sheet, r, fcol);
            let vloc = Location::excel_cell_shared(&book.file, &t.sheet, r, vcol);
            let Some(field) = get(fcol).and_then(|c| t.value(c).ok().flatten()) else {
                if get(vcol).is_some() {
                    diags.push(Diagnostic::error(
                        floc,
                        "a value without a field name".to_string(),
                    ));
                }
                return;
            };
            let n = norm(&field);
            let Some(i) = ENGAGEMENT_FIELDS
                .iter()
                .position(|c| norm(c.header) == n || norm(c.path) == n)
            else {
                let hint = match closest(&field, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known fields: {}", names.join(", ")),
                };
                diags.push(
                    Diagnostic::error(
                        floc,
                        format!("unknown field `{field}` in sheet `{}`", t.sheet),
                    )
                    .with_hint(hint),
                );
                return;
            };
            if seen.contains(&i) {
                diags.push(Diagnostic::error(
                    floc,
                    format!("field `{field}` appears twice"),
                ));
                return;
            }
            seen.push(i);
            let text = match get(vcol).map(|c| t.value(c)) {
                None | Some(Ok(None)) => None,
                Some(Ok(Some(s))) => Some(s),
                Some(Err(e)) => {
                    diags.push(Diagnostic::error(vloc.clone(), e));
                    None
                }
            };
            let col = &ENGAGEMENT_FIELDS[i];
            *entry(&mut node, col.path, &vloc) = cell_node(
                col,
                &Cell {
                    text,
                    loc: vloc.clone(),
                },
            );
        });
        if let Err(e) = read {
            diags.push(read_back_error(&book.file, &t.sheet, &e));
        }
        let id = node.get("id").and_then(scalar_of).map(str::to_string);
        return (
            vec![Listed {
                id,
                base: Base::Node(node),
            }],
            None,
        );
    }
    // A table: one row per engagement. Each row's mapping is built here for
    // its id and its problems, and again when the engagement is built: the
    // cells are a fraction of the size of the mappings.
    let table = EngTable {
        col_of: map_columns(&book.file, &t, &[], ENGAGEMENT_FIELDS, diags),
        t,
    };
    let mut listed = Vec::with_capacity(table.t.row_count());
    let read = table.t.for_each_row(|ri, r, cells| {
        listed.push(Listed {
            id: table
                .node_of(&book.file, &table.t.sheet, r, cells, diags)
                .get("id")
                .and_then(scalar_of)
                .map(str::to_string),
            base: Base::Row(ri as u32),
        });
    });
    if let Err(e) = read {
        diags.push(read_back_error(&book.file, &table.t.sheet, &e));
    }
    (listed, Some(table))
}

/// An engagement as the `Engagement` sheet lists it.
pub(super) struct Listed {
    /// Its id, when it has one.
    pub(super) id: Option<String>,
    /// Where its mapping comes from.
    pub(super) base: Base,
}

/// The mapping of an engagement's own fields.
pub(super) enum Base {
    /// Built (a Field/Value sheet: one engagement).
    Node(Node),
    /// To be built from this row of the `Engagement` table.
    Row(u32),
}

/// The `Engagement` sheet as a table, one row per engagement.
pub(super) struct EngTable {
    pub(super) t: Table,
    col_of: Vec<Option<u32>>,
}

impl EngTable {
    /// The mapping of data row `ri`, read back from the table's cells.
    pub(super) fn row_node(
        &self,
        file: &Arc<Path>,
        name: &Arc<str>,
        ri: usize,
        diags: &mut Diagnostics,
    ) -> std::io::Result<Node> {
        let set = self.t.rows_of(&[ri as u32])?;
        Ok(match set.iter().next() {
            Some((_, r, cells)) => self.node_of(file, name, r, cells, diags),
            None => map_node(&Location::excel_sheet_shared(file, name)),
        })
    }

    /// The mapping of absolute row `r`, whose filled cells are `cells`.
    fn node_of(
        &self,
        file: &Arc<Path>,
        name: &Arc<str>,
        r: u32,
        cells: &[CellRef],
        diags: &mut Diagnostics,
    ) -> Node {
        let t = &self.t;
        let cells = row_cells(file, name, t, &self.col_of, r, cells, diags);
        let loc = Location::excel_cell_shared(file, name, r, t.headers.first().map_or(0, |h| h.0));
        row_node(ENGAGEMENT_FIELDS, &cells, &loc)
    }
}
