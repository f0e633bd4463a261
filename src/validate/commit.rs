//! The commit phase (the statement of work): its date on/after the assess
//! date, the engagement type, the objective, at least one goal (unique ids,
//! due dates on/after the commit date), scope lists, effort and signatories.
//! The committed goals are indexed for the ensure phase.

use std::collections::HashMap;

use jiff::civil::Date;

use super::values::iso;
use super::walker::{Cx, Obj};
use crate::model::raw::{Node, NodeKind};
use crate::model::{Catalog, Commit, Effort, Goal, Outcome, Status};

/// Where a committed goal is, for joins and messages.
pub(super) struct GoalIndex {
    pub(super) ids: Vec<String>,
    pub(super) by_id: HashMap<String, usize>,
}

impl Cx {
    pub(super) fn commit(
        &mut self,
        n: &Node,
        ctx: &str,
        catalog: &Catalog,
        assess_date: Option<Date>,
        goals_out: &mut GoalIndex,
    ) -> Option<Commit> {
        let c = self.obj(
            n,
            format!("{ctx}, commit"),
            &[
                "date",
                "engagement_type",
                "objective",
                "goals",
                "scope",
                "out_of_scope",
                "assumptions",
                "deliverables",
                "effort",
                "signatories",
            ],
        )?;
        let date = self.date_of(&c, "date", true);
        if let (Some((d, loc)), Some(a)) = (&date, assess_date)
            && *d < a
        {
            self.error(
                loc,
                format!(
                    "{ctx}: the commit date {} is before the assess date {}",
                    iso(*d),
                    iso(a)
                ),
            );
        }
        let type_ids = catalog.engagement_type_ids();
        let etype = self.choice(&c, "engagement_type", true, &type_ids);
        let objective = self.req_text(&c, "objective");
        let goal_nodes = match c.get("goals") {
            Some(g) if !g.is_null() => self.list(&c, "goals"),
            other => {
                let loc = other.map_or(&c.node.loc, |n| &n.loc);
                self.error(
                    loc,
                    format!("{} is required (at least one goal)", c.field("goals")),
                );
                Vec::new()
            }
        };
        if goal_nodes.is_empty()
            && let Some(g) = c.get("goals")
            && matches!(g.kind, NodeKind::Seq(_))
        {
            self.error(
                &g.loc,
                format!("{} needs at least one goal", c.field("goals")),
            );
        }
        let mut goals = Vec::new();
        let mut seen: HashMap<String, ()> = HashMap::new();
        for (i, g) in goal_nodes.into_iter().enumerate() {
            let gctx = format!("{ctx}, goal {}", i + 1);
            let Some(go) = self.obj(
                g,
                gctx.clone(),
                &[
                    "id",
                    "title",
                    "description",
                    "success_criteria",
                    "owner",
                    "due",
                ],
            ) else {
                if g.is_null() {
                    self.error(&g.loc, format!("{gctx} is empty"));
                }
                continue;
            };
            let id = self.req_text(&go, "id");
            let go = match &id {
                Some((id, _)) => Obj {
                    node: go.node,
                    ctx: format!("{ctx}, goal `{id}`"),
                },
                None => go,
            };
            if let Some((id, loc)) = &id {
                if seen.insert(id.clone(), ()).is_some() {
                    self.error(
                        loc,
                        format!("{ctx}: goal id `{id}` is used twice (ids must be unique)"),
                    );
                } else {
                    goals_out.by_id.insert(id.clone(), goals_out.ids.len());
                    goals_out.ids.push(id.clone());
                }
            }
            let title = self.req_text(&go, "title");
            let description = self.opt_text(&go, "description");
            let success_criteria = self.text_list(&go, "success_criteria");
            if success_criteria.is_empty() {
                // The ensure phase checks results against the criteria: a
                // goal without any cannot be proven achieved.
                self.warn(
                    &go.node.loc,
                    format!(
                        "{}: the goal has no success criteria, so its result cannot be checked against any",
                        go.ctx
                    ),
                );
            }
            let owner = self.opt_text(&go, "owner");
            let due = self.date_of(&go, "due", false);
            if let (Some((due, loc)), Some((d, _))) = (&due, &date)
                && due < d
            {
                self.error(
                    loc,
                    format!(
                        "{}: the due date {} is before the commit date {}",
                        go.ctx,
                        iso(*due),
                        iso(*d)
                    ),
                );
            }
            if let (Some(id), Some(title)) = (id, title) {
                goals.push(Goal {
                    id: id.0,
                    title: title.0,
                    description,
                    success_criteria,
                    owner,
                    due: due.map(|d| d.0),
                    result: Outcome {
                        status: Status::NotReported,
                        status_label: Status::NotReported.label(),
                        reported: false,
                        evidence: None,
                        notes: None,
                    },
                    carried: false,
                    history: Vec::new(),
                });
            }
        }
        let scope = self.text_list(&c, "scope");
        let out_of_scope = self.text_list(&c, "out_of_scope");
        let assumptions = self.text_list(&c, "assumptions");
        let deliverables = self.text_list(&c, "deliverables");
        let effort = self
            .req_obj(
                &c,
                "effort",
                format!("{ctx}, commit, effort"),
                &["days", "day_rate"],
            )
            .and_then(|e| {
                let days = self.number(&e, "days");
                let day_rate = self.number(&e, "day_rate");
                Some(Effort {
                    days: days?,
                    day_rate: day_rate?,
                })
            });
        let signatories = self.people(&c, "signatories", "signatory");
        let effort = effort?;
        let price = effort.days * effort.day_rate;
        Some(Commit {
            date: date?.0,
            engagement_type: Self::labelled_type(catalog, &etype?),
            objective: objective?.0,
            goals,
            scope,
            out_of_scope,
            assumptions,
            deliverables,
            price,
            effort,
            signatories,
        })
    }
}
