//! `engagekit status`: where an engagement stands. The current (last)
//! iteration and its phase, the goals achieved so far, the next steps that
//! are overdue, and what is missing before the next document can be made.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Engagement, NextStep, Status};

/// One engagement's status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngagementStatus {
    pub id: String,
    pub customer: String,
    /// The current (last) iteration's number.
    pub iteration: u32,
    /// The last phase with data: `assess`, `commit`, `deliver`, `ensure`, or `none`.
    pub phase: &'static str,
    /// Goals achieved in every iteration so far (a goal carried and then achieved counts once).
    pub goals_achieved: usize,
    /// Goals committed in every iteration so far (a carried goal counts once).
    pub goals_committed: usize,
    /// Open next steps due before today.
    pub overdue: Vec<NextStep>,
    /// What is missing before the next document, in phase order.
    pub missing: Vec<String>,
}

/// The status of `engagement` on `today`.
pub fn status(engagement: &Engagement, today: Date) -> EngagementStatus {
    let it = engagement
        .iterations
        .last()
        .expect("a valid engagement has an iteration");
    let phase = if it.ensure.is_some() {
        "ensure"
    } else if it.deliver.is_some() {
        "deliver"
    } else if it.commit.is_some() {
        "commit"
    } else if it.assess.is_some() {
        "assess"
    } else {
        "none"
    };
    // Goals by id over the iterations: the latest status of each id wins.
    let mut latest: Vec<(&str, Status)> = Vec::new();
    for i in &engagement.iterations {
        for g in i.commit.iter().flat_map(|c| &c.goals) {
            match latest.iter_mut().find(|(id, _)| *id == g.id) {
                Some(entry) => entry.1 = g.result.status,
                None => latest.push((&g.id, g.result.status)),
            }
        }
    }
    let goals_achieved = latest
        .iter()
        .filter(|(_, s)| *s == Status::Achieved)
        .count();
    // Open steps: the current ensure's, else those carried into this iteration.
    let steps = match &it.ensure {
        Some(e) => &e.next_steps,
        None => &it.carried_over,
    };
    let overdue = steps
        .iter()
        .filter(|s| s.due.is_some_and(|d| d < today))
        .cloned()
        .collect();
    EngagementStatus {
        id: engagement.id.clone(),
        customer: engagement.customer.name.clone(),
        iteration: it.number,
        phase,
        goals_achieved,
        goals_committed: latest.len(),
        overdue,
        missing: missing(engagement),
    }
}

/// What the current iteration lacks before its next document.
fn missing(engagement: &Engagement) -> Vec<String> {
    let it = engagement.iterations.last().expect("an iteration");
    let n = it.number;
    let mut out = Vec::new();
    let Some(_) = &it.assess else {
        out.push(format!(
            "iteration {n} has no assess phase (`date`, `maturity`) for the assessment summary"
        ));
        return out;
    };
    let Some(commit) = &it.commit else {
        out.push(format!("iteration {n} has no commit phase (`date`, `engagement_type`, `objective`, `goals`, `effort`) for the statement of work"));
        return out;
    };
    if commit.signatories.is_empty() {
        out.push("commit has no signatories".into());
    }
    for g in commit
        .goals
        .iter()
        .filter(|g| g.success_criteria.is_empty())
    {
        out.push(format!("goal {} has no success criteria", g.id));
    }
    let Some(deliver) = &it.deliver else {
        out.push(format!(
            "iteration {n} has no deliver phase (`workshops`) for the workshop agendas"
        ));
        return out;
    };
    for w in &deliver.workshops {
        if w.agenda.is_empty() {
            out.push(format!("workshop {} has no agenda", w.id));
        }
    }
    let Some(ensure) = &it.ensure else {
        out.push(format!("iteration {n} has no ensure phase (`date`, `results`, `next_steps`) for the proof of execution"));
        return out;
    };
    for g in &ensure.not_reported {
        out.push(format!("goal {} has no result", g.id));
    }
    if ensure.next_steps.is_empty() {
        out.push("ensure has no next steps".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contoso() -> Engagement {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/contoso.yaml");
        crate::load::load_engagement(&path).unwrap().0
    }

    #[test]
    fn the_sample_stands_at_iteration_2_ensure() {
        let s = status(&contoso(), jiff::civil::date(2026, 7, 20));
        assert_eq!((s.iteration, s.phase), (2, "ensure"));
        // G1 achieved in both iterations; G2 achieved nowhere at the end.
        assert_eq!(s.goals_achieved, 1);
        assert_eq!(s.goals_committed, 3);
        let overdue: Vec<_> = s.overdue.iter().map(|o| o.action.as_str()).collect();
        assert_eq!(overdue, ["Deliver the data volume figures"]);
        assert!(
            s.missing.contains(&"goal G3 has no result".to_string()),
            "{:?}",
            s.missing
        );
    }

    #[test]
    fn nothing_is_overdue_before_the_due_dates() {
        let s = status(&contoso(), jiff::civil::date(2026, 7, 1));
        assert!(s.overdue.is_empty());
    }
}
