//! The questionnaire's answers, in an iteration's `assess: answers:` and in
//! the answers file of `engagekit assess`: a mapping of question id → answer
//! id, every unknown id reported with did-you-mean.

use super::walker::Cx;
use crate::error::{Diagnostic, Diagnostics};
use crate::model::raw::{Node, NodeKind};
use crate::model::{AssessAnswer, Catalog};
use crate::suggest::did_you_mean;

impl Cx {
    pub(super) fn assess_answers(
        &mut self,
        a: &super::walker::Obj,
        catalog: &Catalog,
    ) -> Vec<AssessAnswer> {
        let Some(n) = a.get("answers") else {
            return Vec::new();
        };
        self.answers(n, &a.field("answers"), catalog)
    }

    /// The answers of the mapping `n` (`what` names it in messages), in
    /// catalog order.
    fn answers(&mut self, n: &Node, what: &str, catalog: &Catalog) -> Vec<AssessAnswer> {
        let entries = match &n.kind {
            NodeKind::Null => return Vec::new(),
            NodeKind::Map(entries) => entries,
            _ => {
                self.error_hint(
                    &n.loc,
                    format!(
                        "{what} should map question ids to answer ids, found {}",
                        n.kind_name()
                    ),
                    Some("e.g. `motivation: cost`".into()),
                );
                return Vec::new();
            }
        };
        let ids: Vec<&str> = catalog.questions.iter().map(|q| q.id.as_str()).collect();
        let mut out = Vec::new();
        for (k, v) in entries {
            let Some(q) = catalog.question(&k.name) else {
                let hint = did_you_mean(&k.name, ids.iter().copied())
                    .unwrap_or_else(|| format!("the questions: {}", ids.join(", ")));
                self.error_hint(
                    &k.loc,
                    format!("{what}: `{}` is not a known question", k.name),
                    Some(hint),
                );
                continue;
            };
            let answer_ids: Vec<&str> = q.answers.iter().map(|a| a.id.as_str()).collect();
            let given = match &v.kind {
                NodeKind::Scalar(s) if !s.trim().is_empty() => s.trim(),
                _ => {
                    self.error_hint(
                        &v.loc,
                        format!(
                            "{what}: `{}` should name one answer, found {}",
                            q.id,
                            v.kind_name()
                        ),
                        Some(format!("one of: {}", answer_ids.join(", "))),
                    );
                    continue;
                }
            };
            let Some(ans) = q.answer(given) else {
                let hint = did_you_mean(given, answer_ids.iter().copied())
                    .unwrap_or_else(|| format!("one of: {}", answer_ids.join(", ")));
                self.error_hint(
                    &v.loc,
                    format!(
                        "{what}: `{given}` is not an answer of `{}` ({})",
                        q.id, q.text
                    ),
                    Some(hint),
                );
                continue;
            };
            out.push(AssessAnswer::new(q, ans));
        }
        out.sort_by_key(|a| ids.iter().position(|i| *i == a.question));
        out
    }
}

/// The answers file of `engagekit assess` (its parsed tree `root`): every
/// question of `catalog` answered once, with known ids. `Err` holds every
/// problem, located.
pub fn answers_file(root: &Node, catalog: &Catalog) -> Result<Vec<AssessAnswer>, Diagnostics> {
    let mut cx = Cx::default();
    let answers = cx.answers(root, "the answers", catalog);
    if matches!(root.kind, NodeKind::Map(_) | NodeKind::Null) {
        let missing: Vec<&str> = catalog
            .questions
            .iter()
            .filter(|q| root.get(&q.id).is_none())
            .map(|q| q.id.as_str())
            .collect();
        if !missing.is_empty() {
            cx.diags.push(
                Diagnostic::error(
                    root.loc.clone(),
                    format!(
                        "the answers: {} unanswered: {}",
                        crate::error::count(missing.len(), "question"),
                        missing.join(", ")
                    ),
                )
                .with_hint("answer every question (README, `assess`, lists them)"),
            );
        }
    }
    if cx.diags.has_errors() {
        Err(cx.diags)
    } else {
        Ok(answers)
    }
}
