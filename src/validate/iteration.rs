//! One iteration: its number (1..n in file order), then its phases in order:
//! assess (date, maturity level, findings; a warning when it is before the
//! previous iteration's ensure), commit, deliver and ensure (each needing the
//! commit), and at last every committed goal given its reported result.

use std::collections::HashMap;

use super::commit::GoalIndex;
use super::values::{iso, parse_minutes};
use super::walker::{Cx, Got};
use crate::model::questionnaire::dimension_scores;
use crate::model::raw::Node;
use crate::model::{Assess, Catalog, Iteration, Outcome};

impl Cx {
    pub(super) fn iteration(
        &mut self,
        n: &Node,
        index: usize,
        catalog: &Catalog,
        prev: Option<&Iteration>,
    ) -> Option<Iteration> {
        let expected = index as u32 + 1;
        let ctx = format!("iteration {expected}");
        let Some(o) = self.obj(
            n,
            ctx.clone(),
            &[
                "number", "title", "carried", "assess", "commit", "deliver", "ensure",
            ],
        ) else {
            if n.is_null() {
                self.error(&n.loc, format!("{ctx} is empty"));
            }
            return None;
        };
        let errors_before = self.diags.iter().filter(|d| d.is_error()).count();
        if let Got::Text(s, loc) = self.scalar(&o, "number") {
            match parse_minutes(&s).filter(|_| !s.contains(':')) {
                Some(num) if num == expected => {}
                Some(num) => self.error_hint(
                    loc,
                    format!("iteration numbers must run 1..n in file order: expected {expected}, found {num}"),
                    Some(format!("renumber this iteration to {expected}")),
                ),
                None => self.error(loc, format!("{} should be a whole number, found `{s}`", o.field("number"))),
            }
        }
        let title = self.opt_text(&o, "title");
        let carried = o
            .get("carried")
            .and_then(|n| self.carried(n, &ctx, catalog));

        // assess
        let assess = o.get("assess").and_then(|n| {
            let a = self.obj(
                n,
                format!("{ctx}, assess"),
                &[
                    "date",
                    "maturity",
                    "reasoning",
                    "findings",
                    "answers",
                    "scores",
                ],
            )?;
            let date = self.date_of(&a, "date", true);
            let ids = catalog.maturity_ids();
            let maturity = self.choice(&a, "maturity", true, &ids);
            let reasoning = self.opt_text(&a, "reasoning");
            let findings = self.text_list(&a, "findings");
            let answers = self.assess_answers(&a, catalog);
            let maturity = maturity?;
            let level = catalog.maturity(&maturity).expect("checked");
            let recommended = level
                .recommended
                .iter()
                .filter(|t| catalog.engagement_type(t).is_some())
                .map(|t| Self::labelled_type(catalog, t))
                .collect();
            Some((
                Assess {
                    date: date?.0,
                    maturity: Self::labelled_level(catalog, &maturity),
                    reasoning,
                    findings,
                    recommended,
                    scores: dimension_scores(&answers),
                    answers,
                },
                date?.1.clone(),
            ))
        });
        if let (Some(p), Some((a, loc))) = (prev.and_then(|p| p.ensure.as_ref()), &assess)
            && a.date < p.date
        {
            self.warn(
                loc,
                format!(
                    "{ctx}: the assess date {} is before the previous iteration's ensure date {}",
                    iso(a.date),
                    iso(p.date)
                ),
            );
        }

        // commit
        let mut goal_index = GoalIndex {
            ids: Vec::new(),
            by_id: HashMap::new(),
        };
        let commit = match o.get("commit") {
            None => None,
            Some(n) => self.commit(
                n,
                &ctx,
                catalog,
                assess.as_ref().map(|a| a.0.date),
                &mut goal_index,
            ),
        };
        let commit_date = commit.as_ref().map(|c| c.date);
        if let (Some((a, _)), Some(c)) = (&assess, &commit)
            && !a.recommended.is_empty()
            && !a.recommended.iter().any(|r| r.id == c.engagement_type.id)
        {
            let loc = o
                .get("commit")
                .and_then(|n| n.get("engagement_type"))
                .map_or(&n.loc, |n| &n.loc);
            let ids: Vec<&str> = a.recommended.iter().map(|r| r.id.as_str()).collect();
            self.warn(
                loc,
                format!(
                    "{ctx}: the engagement type `{}` is not recommended for the maturity `{}` (recommended: {})",
                    c.engagement_type.id,
                    a.maturity.id,
                    ids.join(", ")
                ),
            );
        }

        // deliver
        let deliver = match o.get("deliver") {
            None => None,
            Some(n) if n.is_null() => None,
            Some(n) => {
                if o.get("commit").is_none_or(Node::is_null) {
                    self.error_hint(
                        o.node.key("deliver").map_or(&n.loc, |k| &k.loc),
                        format!("{ctx}: `deliver` needs a `commit` phase (the statement of work comes before any delivery)"),
                        Some("add the commit phase with its goals".into()),
                    );
                }
                self.deliver(n, &ctx, catalog, commit_date, &goal_index.ids)
            }
        };
        let last_workshop = deliver
            .as_ref()
            .and_then(|d| d.workshops.iter().map(|w| w.date).max());

        // ensure
        let ensure = match o.get("ensure") {
            None => None,
            Some(n) if n.is_null() => None,
            Some(n) => {
                if o.get("commit").is_none_or(Node::is_null) {
                    self.error(
                        o.node.key("ensure").map_or(&n.loc, |k| &k.loc),
                        format!("{ctx}: `ensure` needs a `commit` phase (results are checked against committed goals)"),
                    );
                }
                self.ensure(
                    n,
                    &ctx,
                    commit.as_ref(),
                    commit_date,
                    last_workshop,
                    &goal_index,
                )
            }
        };

        let errors_after = self.diags.iter().filter(|d| d.is_error()).count();
        if errors_after > errors_before {
            return None;
        }
        let mut commit = commit;
        // A goal committed again after `next` carried it keeps its history.
        if let (Some(c), Some(carried)) = (commit.as_mut(), carried.as_ref()) {
            for g in &mut c.goals {
                if let Some(cg) = carried.goals.iter().find(|cg| cg.id == g.id) {
                    g.carried = true;
                    g.history = cg.history.clone();
                }
            }
        }
        if let (Some(c), Some((e, _))) = (commit.as_mut(), ensure.as_ref()) {
            for g in &mut c.goals {
                if let Some(r) = e.results.iter().find(|r| r.goal.id == g.id) {
                    g.result = Outcome {
                        status: r.status,
                        status_label: r.status.label(),
                        reported: true,
                        evidence: r.evidence.clone(),
                        notes: r.notes.clone(),
                    };
                }
            }
        }
        Some(Iteration {
            number: expected,
            title,
            assess: assess.map(|a| a.0),
            commit,
            deliver,
            ensure: ensure.map(|e| e.0),
            carried_over: Vec::new(),
            carried,
        })
    }
}
