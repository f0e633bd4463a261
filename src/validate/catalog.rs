//! The `catalog:` section: engagement types and maturity levels that
//! override or extend the built-in catalog (a level's recommended types must
//! be known), and the lookups that turn a checked id into its label.

use super::walker::{Cx, Obj};
use crate::model::questionnaire::{AnswerOption, DIMENSIONS};
use crate::model::raw::{Node, NodeKind};
use crate::model::{Catalog, CatalogOverrides, EngagementType, Labelled, MaturityLevel, Question};
use crate::suggest::did_you_mean;

impl Cx {
    pub(super) fn catalog(&mut self, o: &Obj) -> (Catalog, CatalogOverrides) {
        let mut levels = Vec::new();
        let mut types = Vec::new();
        let mut questions = Vec::new();
        if let Some(n) = o.get("catalog")
            && let Some(c) = self.obj(
                n,
                "catalog".into(),
                &["maturity_levels", "engagement_types", "questions"],
            )
        {
            for (i, n) in self.list(&c, "questions").into_iter().enumerate() {
                if let Some(q) = self.question(n, i) {
                    questions.push(q);
                }
            }
            for (i, n) in self.list(&c, "engagement_types").into_iter().enumerate() {
                let ctx = format!("catalog, engagement type {}", i + 1);
                if let Some(t) = self.obj(n, ctx, &["id", "label", "description"]) {
                    let (id, label, desc) = (
                        self.req_text(&t, "id"),
                        self.req_text(&t, "label"),
                        self.opt_text(&t, "description"),
                    );
                    if let (Some(id), Some(label)) = (id, label) {
                        types.push(EngagementType {
                            id: id.0,
                            label: label.0,
                            description: desc.unwrap_or_default(),
                        });
                    }
                }
            }
            let type_ids: Vec<String> = Catalog::builtin()
                .with_overrides(Vec::new(), types.clone())
                .engagement_type_ids()
                .into_iter()
                .map(str::to_string)
                .collect();
            for (i, n) in self.list(&c, "maturity_levels").into_iter().enumerate() {
                let ctx = format!("catalog, maturity level {}", i + 1);
                if let Some(l) = self.obj(n, ctx, &["id", "label", "description", "recommended"]) {
                    let (id, label, desc) = (
                        self.req_text(&l, "id"),
                        self.req_text(&l, "label"),
                        self.opt_text(&l, "description"),
                    );
                    let mut recommended = Vec::new();
                    let items = self.list(&l, "recommended");
                    for item in items {
                        if let NodeKind::Scalar(s) = &item.kind {
                            if type_ids.iter().any(|t| t == s.trim()) {
                                recommended.push(s.trim().to_string());
                            } else {
                                let hint = did_you_mean(s, type_ids.iter().map(String::as_str));
                                self.error_hint(
                                    &item.loc,
                                    format!(
                                        "{}: `{s}` is not a known engagement type",
                                        l.field("recommended")
                                    ),
                                    hint,
                                );
                            }
                        } else {
                            self.error(
                                &item.loc,
                                format!("{} items should be text", l.field("recommended")),
                            );
                        }
                    }
                    if let (Some(id), Some(label)) = (id, label) {
                        levels.push(MaturityLevel {
                            id: id.0,
                            label: label.0,
                            description: desc.unwrap_or_default(),
                            recommended,
                        });
                    }
                }
            }
        }
        let catalog = Catalog::builtin()
            .with_overrides(levels.clone(), types.clone())
            .with_questions(questions.clone());
        (catalog, (levels, types, questions))
    }

    /// One question of `catalog: questions:` (its answers' ids unique, each
    /// with a whole-number score).
    fn question(&mut self, n: &Node, i: usize) -> Option<Question> {
        let ctx = format!("catalog, question {}", i + 1);
        let q = self.obj(n, ctx, &["id", "dimension", "text", "answers"])?;
        let id = self.req_text(&q, "id");
        let dims: Vec<&str> = DIMENSIONS.iter().map(|(d, _)| *d).collect();
        let dimension = self.choice(&q, "dimension", true, &dims);
        let text = self.req_text(&q, "text");
        let mut answers: Vec<AnswerOption> = Vec::new();
        let items = self.list(&q, "answers");
        if items.is_empty() {
            self.error(
                &n.loc,
                format!("{} needs at least one answer", q.field("answers")),
            );
        }
        for (j, n) in items.into_iter().enumerate() {
            let ctx = format!("{}, answer {}", q.ctx, j + 1);
            let Some(a) = self.obj(n, ctx, &["id", "text", "score"]) else {
                continue;
            };
            let (aid, atext) = (self.req_text(&a, "id"), self.req_text(&a, "text"));
            let score = self.number(&a, "score").and_then(|v| {
                if v.fract() == 0.0 && v <= f64::from(u32::MAX) {
                    Some(v as u32)
                } else {
                    let loc = a.get("score").map_or(&a.node.loc, |n| &n.loc);
                    self.error(
                        loc,
                        format!("{} should be a whole number", a.field("score")),
                    );
                    None
                }
            });
            if let Some((aid, loc)) = &aid
                && answers.iter().any(|x| &x.id == aid)
            {
                self.error(loc, format!("{}: answer id `{aid}` is used twice", q.ctx));
                continue;
            }
            if let (Some(aid), Some(atext), Some(score)) = (aid, atext, score) {
                answers.push(AnswerOption {
                    id: aid.0,
                    text: atext.0,
                    score,
                });
            }
        }
        Some(Question {
            id: id?.0,
            dimension: dimension?,
            text: text?.0,
            answers,
        })
    }

    pub(super) fn labelled_level(catalog: &Catalog, id: &str) -> Labelled {
        let l = catalog.maturity(id).expect("checked id");
        Labelled {
            id: l.id.clone(),
            label: l.label.clone(),
            description: l.description.clone(),
        }
    }

    pub(super) fn labelled_type(catalog: &Catalog, id: &str) -> Labelled {
        let t = catalog.engagement_type(id).expect("checked id");
        Labelled {
            id: t.id.clone(),
            label: t.label.clone(),
            description: t.description.clone(),
        }
    }
}
