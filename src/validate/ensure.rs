//! The ensure phase: the date (after the last workshop, else after the
//! commit), one result per committed goal (a goal of this iteration, with a
//! known status, at most once), the next steps with their due dates (one due
//! before the ensure date is a warning), and the summary counts built from
//! them.

use std::collections::HashMap;

use jiff::civil::Date;

use super::commit::GoalIndex;
use super::values::iso;
use super::walker::Cx;
use crate::location::Location;
use crate::model::raw::Node;
use crate::model::{Commit, Ensure, Goal, GoalRef, GoalResult, NextStep, Status, Summary};
use crate::suggest::did_you_mean;

impl Cx {
    pub(super) fn ensure(
        &mut self,
        n: &Node,
        ctx: &str,
        commit: Option<&Commit>,
        commit_date: Option<Date>,
        last_workshop: Option<Date>,
        goals: &GoalIndex,
    ) -> Option<(Ensure, Location)> {
        let e = self.obj(
            n,
            format!("{ctx}, ensure"),
            &["date", "results", "next_steps"],
        )?;
        let date = self.date_of(&e, "date", true);
        if let Some((d, loc)) = &date {
            if let Some(w) = last_workshop
                && *d < w
            {
                self.error(
                    loc,
                    format!(
                        "{ctx}: the ensure date {} is before the last workshop ({})",
                        iso(*d),
                        iso(w)
                    ),
                );
            } else if let Some(c) = commit_date
                && *d < c
            {
                self.error(
                    loc,
                    format!(
                        "{ctx}: the ensure date {} is before the commit date {}",
                        iso(*d),
                        iso(c)
                    ),
                );
            }
        }
        let mut results: Vec<GoalResult> = Vec::new();
        let mut reported: HashMap<String, ()> = HashMap::new();
        for (i, r) in self.list(&e, "results").into_iter().enumerate() {
            let rctx = format!("{ctx}, result {}", i + 1);
            let Some(ro) = self.obj(r, rctx.clone(), &["goal", "status", "evidence", "notes"])
            else {
                if r.is_null() {
                    self.error(&r.loc, format!("{rctx} is empty"));
                }
                continue;
            };
            let goal = self.req_text(&ro, "goal");
            let status = self.choice(&ro, "status", true, &Status::WRITABLE);
            let evidence = self.opt_text(&ro, "evidence");
            let notes = self.opt_text(&ro, "notes");
            let Some((gid, gloc)) = goal else { continue };
            let Some(&gi) = goals.by_id.get(&gid) else {
                if commit.is_some() || !goals.ids.is_empty() {
                    let hint =
                        did_you_mean(&gid, goals.ids.iter().map(String::as_str)).or_else(|| {
                            (!goals.ids.is_empty())
                                .then(|| format!("committed goals: {}", goals.ids.join(", ")))
                        });
                    self.error_hint(
                        gloc,
                        format!("{rctx}: goal `{gid}` was not committed in {ctx}"),
                        hint,
                    );
                }
                continue;
            };
            if reported.insert(gid.clone(), ()).is_some() {
                self.error(
                    gloc,
                    format!("{rctx}: goal `{gid}` has more than one result"),
                );
                continue;
            }
            let (Some(status), Some(commit)) = (status, commit) else {
                continue;
            };
            let Some(g) = commit.goals.iter().find(|g| g.id == goals.ids[gi]) else {
                continue;
            };
            if evidence.is_none() {
                // A proof of execution proves: a result should show what it rests on.
                self.warn(
                    &ro.node.loc,
                    format!("{rctx}: the result for goal `{gid}` has no evidence"),
                );
            }
            let status = Status::parse(&status).expect("checked");
            results.push(GoalResult {
                goal: goal_ref(g, status),
                status,
                status_label: status.label(),
                evidence,
                notes,
            });
        }
        let mut next_steps = Vec::new();
        for (i, s) in self.list(&e, "next_steps").into_iter().enumerate() {
            let sctx = format!("{ctx}, next step {}", i + 1);
            let Some(so) = self.obj(s, sctx.clone(), &["action", "owner", "due"]) else {
                if s.is_null() {
                    self.error(&s.loc, format!("{sctx} is empty"));
                }
                continue;
            };
            let action = self.req_text(&so, "action");
            let owner = self.opt_text(&so, "owner");
            let due = self.date_of(&so, "due", false);
            // A warning, not an error: a step agreed before the ensure
            // meeting (or a typo in a plan) must not drop the engagement's
            // report from a batch.
            if let (Some((due, loc)), Some((d, _))) = (&due, &date)
                && due < d
            {
                self.warn(
                    loc,
                    format!(
                        "{sctx}: the due date {} is before the ensure date {}",
                        iso(*due),
                        iso(*d)
                    ),
                );
            }
            if let Some((action, _)) = action {
                next_steps.push(NextStep {
                    action,
                    owner,
                    due: due.map(|d| d.0),
                });
            }
        }
        let (date, loc) = date?;
        let committed: &[Goal] = commit.map_or(&[], |c| &c.goals);
        let status_of = |g: &Goal| {
            results
                .iter()
                .find(|r| r.goal.id == g.id)
                .map_or(Status::NotReported, |r| r.status)
        };
        let count = |s: Status| committed.iter().filter(|g| status_of(g) == s).count() as u32;
        let total = committed.len() as u32;
        let achieved = count(Status::Achieved);
        let share = if total == 0 {
            0.0
        } else {
            f64::from(achieved) / f64::from(total)
        };
        let summary = Summary {
            total,
            achieved,
            partially_achieved: count(Status::PartiallyAchieved),
            not_achieved: count(Status::NotAchieved),
            not_reported: count(Status::NotReported),
            share,
            percent: (share * 100.0).round() as u32,
        };
        let open_goals = committed
            .iter()
            .filter(|g| status_of(g) != Status::Achieved)
            .map(|g| goal_ref(g, status_of(g)))
            .collect();
        let not_reported = committed
            .iter()
            .filter(|g| status_of(g) == Status::NotReported)
            .map(|g| goal_ref(g, Status::NotReported))
            .collect();
        Some((
            Ensure {
                date,
                results,
                next_steps,
                summary,
                open_goals,
                not_reported,
            },
            loc.clone(),
        ))
    }
}

fn goal_ref(g: &Goal, status: Status) -> GoalRef {
    GoalRef {
        id: g.id.clone(),
        title: g.title.clone(),
        description: g.description.clone(),
        success_criteria: g.success_criteria.clone(),
        owner: g.owner.clone(),
        due: g.due,
        status,
        status_label: status.label(),
    }
}
