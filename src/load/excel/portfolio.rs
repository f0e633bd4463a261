//! The portfolio reader: a workbook read once into a [`Portfolio`] (its
//! sheets' cells, each row assigned to its engagement), from which each
//! engagement's as-written tree is built on demand.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::book::open_book;
use super::engagement::{Base, EngTable, Listed, engagement_sheet};
use super::layout::{ENGAGEMENT_SHEET, Keyed, SHEETS};
use super::lists::{Eng, ListSheet, apply_sheet, prepare_sheet};
use super::spill::SPILL_ABOVE;
use super::table::{Table, read_back_error};
use super::tree::{entry, map_node};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::location::Location;
use crate::model::raw::{Node, NodeKind};

/// Reads every engagement of a workbook into as-written trees (all at
/// once: for stage timings; commands stream them with
/// [`crate::load::engagements`]). `Err(Invalid)` holds every problem of the
/// workbook itself and of its engagements' rows.
pub fn read_engagements(path: &Path) -> Result<Vec<Node>> {
    let portfolio = Portfolio::read(path)?;
    let mut diags = portfolio.problems.clone();
    let mut out = Vec::with_capacity(portfolio.len());
    for i in 0..portfolio.len() {
        let (node, problems) = portfolio.build(i);
        diags.extend(problems);
        out.push(node);
    }
    if diags.has_errors() {
        return Err(Error::Invalid(diags));
    }
    Ok(out)
}

/// A workbook read and closed, its rows assigned to its engagements, from
/// which each engagement's as-written tree is built on demand
/// ([`Portfolio::build`], from any thread).
///
/// The sheets (the `Engagement` sheet, the list sheets in [`SHEETS`] order,
/// then any other sheet for its table problems) are read into their filled
/// cells, several at once on the current rayon pool, and each row is assigned to its engagement through an
/// id index. The trees are several times larger than the cells, so a caller
/// that builds, uses and drops one tree at a time holds only the rows, the
/// texts and the cells of small sheets; a large sheet's cells are in a
/// temporary file (`Spill`), from which each engagement's rows are read
/// back, one read per run of consecutive rows.
pub struct Portfolio {
    file: Arc<Path>,
    engs: Vec<Listed>,
    /// The `Engagement` sheet, when it is a table.
    eng_table: Option<EngTable>,
    sheets: Vec<ListSheet>,
    /// Problems of the workbook as a whole (sheets, columns, rows that name
    /// no engagement), found while reading it.
    problems: Diagnostics,
}

impl std::fmt::Debug for Portfolio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Portfolio")
            .field("file", &self.file)
            .field("engagements", &self.engs.len())
            .field("problems", &self.problems.len())
            .finish_non_exhaustive()
    }
}

impl Portfolio {
    /// Reads every sheet of a workbook. `Err` when it cannot be read at all
    /// (not a workbook, over [`MAX_CELLS`](super::MAX_CELLS), or no engagement in it); its
    /// other problems are in [`Portfolio::problems`].
    pub fn read(path: &Path) -> Result<Portfolio> {
        Portfolio::read_spilling(path, SPILL_ABOVE)
    }

    /// [`Portfolio::read`], spilling sheets of more than `spill_above` cells
    /// (0: none).
    fn read_spilling(path: &Path, spill_above: usize) -> Result<Portfolio> {
        let mut diags = Diagnostics::new();
        let mut book = open_book(path)?;
        book.spill_above = spill_above;
        // Every sheet is read (in parallel): the `Engagement` sheet, the list
        // sheets in [`SHEETS`] order, then the others for their table problems.
        let eng_name = book.find(ENGAGEMENT_SHEET);
        let spec_names: Vec<Option<String>> = SHEETS.iter().map(|s| book.find(s.name)).collect();
        let mut names: Vec<String> = eng_name.iter().cloned().collect();
        names.extend(spec_names.iter().flatten().cloned());
        let others: Vec<String> = book
            .sheet_names
            .iter()
            .filter(|n| !names.contains(n))
            .cloned()
            .collect();
        names.extend(others);
        let mut tables = book.tables(&names)?.into_iter();
        let eng_table = match eng_name {
            Some(_) => {
                let (t, d) = tables.next().expect("read");
                diags.extend(d);
                t
            }
            None => None,
        };
        let (engs, eng_table) = engagement_sheet(&book, eng_table, &mut diags);
        if engs.is_empty() {
            diags.into_result()?;
            return Err(Error::from(Diagnostic::error(
                Location::file(path),
                "the workbook holds no engagement".to_string(),
            )));
        }
        // Engagement id → index; the first engagement wins when ids repeat (the
        // repeat is reported after validation).
        let mut index: HashMap<String, usize> = HashMap::with_capacity(engs.len());
        for (i, e) in engs.iter().enumerate() {
            if let Some(id) = &e.id {
                index.entry(id.clone()).or_insert(i);
            }
        }
        let mut sheets = Vec::new();
        for (spec, name) in SHEETS.iter().zip(&spec_names) {
            if name.is_none() {
                if spec.keyed == Keyed::IterationRow {
                    diags.push(
                        Diagnostic::error(
                            Location::file(path),
                            format!("sheet `{}` is missing", spec.name),
                        )
                        .with_hint(format!("workbook sheets: {}", book.sheet_names.join(", "))),
                    );
                }
                continue;
            }
            let (t, d) = tables.next().expect("read");
            diags.extend(d);
            if let Some(t) = t {
                sheets.extend(prepare_sheet(
                    &book.file, t, spec, &engs, &index, &mut diags,
                ));
            }
        }
        // Sheets engagekit does not use still get their table problems reported.
        for (_, d) in tables {
            diags.extend(d);
        }
        // Close the workbook (calamine keeps its shared strings until then).
        Ok(Portfolio {
            file: book.file,
            engs,
            eng_table,
            sheets,
            problems: diags,
        })
    }

    /// How many engagements the workbook holds (rows of its `Engagement` table).
    pub fn len(&self) -> usize {
        self.engs.len()
    }

    /// True when it holds none (never, for a portfolio that was read).
    pub fn is_empty(&self) -> bool {
        self.engs.is_empty()
    }

    /// Engagement `i`'s id as written, when it has one.
    pub fn id(&self, i: usize) -> Option<&str> {
        self.engs.get(i)?.id.as_deref()
    }

    /// Problems of the workbook as a whole, found when it was read (errors
    /// here mean the workbook is invalid whatever its engagements hold).
    pub fn problems(&self) -> &Diagnostics {
        &self.problems
    }

    /// Builds engagement `i`'s as-written tree (`i < len()`), with the
    /// problems of its own rows (an iteration or workshop that is not there,
    /// an error value in a cell).
    pub fn build(&self, i: usize) -> (Node, Diagnostics) {
        let mut diags = Diagnostics::new();
        // The tree's locations share copies of the file and sheet names made
        // for this engagement: engagements are built on several threads, and
        // every core counting references on the same `Arc`s makes them
        // contend for one cache line.
        let file: Arc<Path> = Arc::from(&*self.file);
        let name = |t: &Table| Arc::<str>::from(&*t.sheet);
        let node = match (&self.engs[i].base, &self.eng_table) {
            (Base::Node(n), _) => n.clone(),
            // Its problems were reported when the workbook was read.
            (Base::Row(ri), Some(t)) => {
                let name = name(&t.t);
                t.row_node(&file, &name, *ri as usize, &mut Diagnostics::new())
                    .unwrap_or_else(|e| {
                        diags.push(read_back_error(&file, &name, &e));
                        map_node(&Location::excel_sheet_shared(&file, &name))
                    })
            }
            (Base::Row(_), None) => unreachable!("a row of no table"),
        };
        let mut e = Eng {
            node,
            iterations: Vec::new(),
        };
        for sheet in &self.sheets {
            apply_sheet(&file, &name(&sheet.t), sheet, i, &mut e, &mut diags);
        }
        let loc = e.node.loc.clone();
        let items: Vec<Node> = e.iterations.into_iter().map(|(_, n)| n).collect();
        *entry(&mut e.node, "iterations", &loc) = Node::new(loc.clone(), NodeKind::Seq(items));
        (e.node, diags)
    }
}

/// A list sheet read and checked, its rows assigned to engagements, ready to
#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::excel::table::{Cells, RowSet};

    /// A table whose cells went to a spill file reads back the same rows
    /// and cells as one kept in memory, and so builds the same engagements,
    /// also when an engagement's rows are split by another's.
    #[test]
    fn a_spilled_table_reads_back_like_one_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("portfolio.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let rows: [(&str, &[&str]); 4] = [
            ("Engagement", &["Id", "Title"]),
            ("Contacts", &["Engagement", "Name"]),
            ("Iterations", &["Engagement", "Iteration", "Title"]),
            ("Goals", &["Engagement", "Iteration", "Id", "Title", "Due"]),
        ];
        let data: [&[&[&str]]; 4] = [
            &[&["E1", "One"], &["E2", "Two"], &["E3", "Three"]],
            &[&["E1", "Ann"], &["E1", "Bob"], &["E3", "Cy"]],
            &[
                &["E1", "1", "a"],
                &["E2", "1", "b"],
                &["E1", "2", "c"],
                &["E3", "1", "d"],
            ],
            &[
                &["E1", "1", "G1", "first", "2026-07-01"],
                &["E2", "1", "G1", "other", ""],
                &["E1", "1", "G2", "second", "2026-08-01"],
                &["E1", "2", "G3", "", "2026-09-01"],
                &["E3", "1", "G1", "last", "2026-09-30"],
                &["E3", "1", "G2", "", ""],
            ],
        ];
        for ((name, headers), rows) in rows.iter().zip(data) {
            let ws = wb.add_worksheet();
            ws.set_name(*name).unwrap();
            for (c, h) in headers.iter().enumerate() {
                ws.write_string(0, c as u16, *h).unwrap();
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                    ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
                }
            }
        }
        wb.save(&p).unwrap();

        // The table itself: every row, and rows in runs that are not consecutive.
        type Rows = Vec<(usize, u32, Vec<(u32, String)>)>;
        let cells_of = |t: &Table, set: &RowSet<'_>| -> Rows {
            set.iter()
                .map(|(ri, r, cells)| {
                    let cells = cells.iter().map(|c| (c.col(), t.raw_text(c).to_string()));
                    (ri, r, cells.collect())
                })
                .collect()
        };
        let mut diags = Diagnostics::new();
        let mut book = open_book(&p).unwrap();
        book.spill_above = 0;
        let mem = book.table("Goals", &mut diags).unwrap().unwrap();
        book.spill_above = 4;
        let spilled = book.table("Goals", &mut diags).unwrap().unwrap();
        assert!(diags.is_empty(), "{diags}");
        assert!(matches!(mem.cells, Cells::Mem(_)));
        assert!(matches!(spilled.cells, Cells::Spilled { .. }));
        assert_eq!(mem.headers, spilled.headers);
        assert_eq!(mem.rows, spilled.rows);
        for ris in [
            &[0, 1, 2, 3, 4, 5][..],
            &[0, 2, 3],
            &[1],
            &[4, 5],
            &[3, 0],
            &[],
        ] {
            let a = cells_of(&mem, &mem.rows_of(ris).unwrap());
            let b = cells_of(&spilled, &spilled.rows_of(ris).unwrap());
            assert_eq!(a.len(), ris.len());
            assert_eq!(a, b, "rows {ris:?}");
        }
        let mut all = Vec::new();
        spilled
            .for_each_row(|ri, r, cells| all.push((ri, r, cells.to_vec())))
            .unwrap();
        assert_eq!(all.len(), 6);
        assert_eq!(all[3].2.len(), 4);

        // Whole engagements, from every sheet spilled.
        let mem = Portfolio::read_spilling(&p, 0).unwrap();
        let spilled = Portfolio::read_spilling(&p, 1).unwrap();
        assert!(matches!(spilled.sheets[2].t.cells, Cells::Spilled { .. }));
        // Contacts: each engagement's rows in one run; Goals: E1's split.
        assert_eq!(spilled.sheets[0].first, [0, 2, 2]);
        assert!(spilled.sheets[0].by_eng.is_empty());
        assert!(spilled.sheets[2].first.is_empty());
        assert_eq!(mem.problems().to_string(), spilled.problems().to_string());
        assert_eq!(mem.len(), 3);
        for i in 0..mem.len() {
            let (a, da) = mem.build(i);
            let (b, db) = spilled.build(i);
            assert_eq!(a, b, "engagement {i}");
            assert_eq!(da.to_string(), db.to_string());
        }
        // E1's goals in sheet order, across E2's row.
        let (e1, _) = spilled.build(0);
        let goals = format!("{e1:?}");
        let (g1, g2) = (goals.find("first").unwrap(), goals.find("second").unwrap());
        assert!(g1 < g2 && !goals.contains("other"));
        assert!(goals.contains("Bob") && !goals.contains("Cy"));
    }
}
