//! An iteration's `carried:` section, written by `engagekit next`: the
//! previous iteration's level, its goals not reached (with their history)
//! and its next steps as the proposed scope.

use super::values::parse_minutes;
use super::walker::{Cx, Got, Obj};
use crate::model::raw::Node;
use crate::model::{Carried, CarriedGoal, Catalog, GoalHistory, Status};

impl Cx {
    pub(super) fn carried(&mut self, n: &Node, ctx: &str, catalog: &Catalog) -> Option<Carried> {
        let c = self.obj(
            n,
            format!("{ctx}, carried"),
            &["from", "maturity", "goals", "scope"],
        )?;
        let from = self.whole(&c, "from", true);
        let ids = catalog.maturity_ids();
        let maturity = self
            .choice(&c, "maturity", false, &ids)
            .map(|m| Self::labelled_level(catalog, &m));
        let mut goals = Vec::new();
        for (i, g) in self.list(&c, "goals").into_iter().enumerate() {
            let Some(g) = self.obj(
                g,
                format!("{ctx}, carried goal {}", i + 1),
                &[
                    "id",
                    "title",
                    "description",
                    "success_criteria",
                    "owner",
                    "history",
                ],
            ) else {
                continue;
            };
            let id = self.req_text(&g, "id");
            let title = self.req_text(&g, "title");
            let description = self.opt_text(&g, "description");
            let success_criteria = self.text_list(&g, "success_criteria");
            let owner = self.opt_text(&g, "owner");
            let mut history = Vec::new();
            for (j, h) in self.list(&g, "history").into_iter().enumerate() {
                let Some(h) = self.obj(
                    h,
                    format!("{}, history {}", g.ctx, j + 1),
                    &["iteration", "status", "evidence", "notes"],
                ) else {
                    continue;
                };
                let iteration = self.whole(&h, "iteration", true);
                let status = match self.scalar(&h, "status") {
                    Got::Text(s, loc) => {
                        let parsed = Status::parse_history(&s);
                        if parsed.is_none() {
                            self.error(
                                loc,
                                format!(
                                    "{} `{s}` is not a known value (achieved, partially-achieved, not-achieved, not-reported)",
                                    h.field("status")
                                ),
                            );
                        }
                        parsed
                    }
                    Got::Missing(loc) => {
                        self.error(loc, format!("{} is required", h.field("status")));
                        None
                    }
                    Got::Bad => None,
                };
                let evidence = self.opt_text(&h, "evidence");
                let notes = self.opt_text(&h, "notes");
                if let (Some(iteration), Some(status)) = (iteration, status) {
                    history.push(GoalHistory {
                        iteration,
                        status,
                        status_label: status.label(),
                        evidence,
                        notes,
                    });
                }
            }
            if let (Some(id), Some(title)) = (id, title) {
                goals.push(CarriedGoal {
                    id: id.0,
                    title: title.0,
                    description,
                    success_criteria,
                    owner,
                    history,
                });
            }
        }
        let scope = self.text_list(&c, "scope");
        Some(Carried {
            from: from?,
            maturity,
            goals,
            scope,
        })
    }

    /// A whole number ≥ 1 (an iteration number).
    fn whole(&mut self, o: &Obj, key: &str, required: bool) -> Option<u32> {
        match self.scalar(o, key) {
            Got::Text(s, loc) => match parse_minutes(&s).filter(|n| *n > 0 && !s.contains(':')) {
                Some(n) => Some(n),
                None => {
                    self.error(
                        loc,
                        format!(
                            "{} should be an iteration number, found `{s}`",
                            o.field(key)
                        ),
                    );
                    None
                }
            },
            Got::Missing(loc) if required => {
                self.error(loc, format!("{} is required", o.field(key)));
                None
            }
            _ => None,
        }
    }
}
