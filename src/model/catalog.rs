//! The catalog: maturity levels, engagement types and which types suit which
//! level. Data, not code: the defaults of FRAMEWORK.md are built in, and an
//! engagement file may override or extend them with a `catalog:` section
//! (see `docs/data-format.md`).

use serde::{Deserialize, Serialize};

use super::questionnaire::{self, Question};

/// A maturity level (the assess result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaturityLevel {
    /// e.g. `cloud-is-an-option`
    pub id: String,
    /// e.g. "Cloud is an option"
    pub label: String,
    /// What a customer at this level is like.
    pub description: String,
    /// Engagement type ids recommended at this level.
    #[serde(default)]
    pub recommended: Vec<String>,
}

/// An engagement type (what can be delivered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EngagementType {
    /// e.g. `ads`
    pub id: String,
    /// e.g. "Architecture Design Session (ADS)"
    pub label: String,
    /// What it is.
    pub description: String,
}

/// Maturity levels (from least to most mature), engagement types and the
/// assess questionnaire, in their display order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    pub maturity_levels: Vec<MaturityLevel>,
    pub engagement_types: Vec<EngagementType>,
    pub questions: Vec<Question>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::builtin()
    }
}

fn level(id: &str, label: &str, description: &str, recommended: &[&str]) -> MaturityLevel {
    MaturityLevel {
        id: id.into(),
        label: label.into(),
        description: description.into(),
        recommended: recommended.iter().map(|s| s.to_string()).collect(),
    }
}

fn etype(id: &str, label: &str, description: &str) -> EngagementType {
    EngagementType {
        id: id.into(),
        label: label.into(),
        description: description.into(),
    }
}

impl Catalog {
    /// The defaults of the framework.
    pub fn builtin() -> Self {
        Catalog {
            maturity_levels: vec![
                level(
                    "cloud-affine",
                    "Cloud affine",
                    "The customer has hardly touched Azure and wants to get to know the platform and discover use cases.",
                    &["mcw"],
                ),
                level(
                    "cloud-is-an-option",
                    "Cloud is an option",
                    "The customer knows Azure and wants to go deeper and get first experience in a topic.",
                    &["mcw", "ads"],
                ),
                level(
                    "cloud-is-a-solution",
                    "Cloud is a solution",
                    "The customer knows its use case and wants to prove feasibility, maybe backed by a business case.",
                    &["ads", "poc"],
                ),
                level(
                    "cloud-is-in-use",
                    "Cloud is in use",
                    "The customer already runs Azure and sees more potential or wants to improve operations.",
                    &["governance-workshop", "ads"],
                ),
            ],
            engagement_types: vec![
                etype(
                    "mcw",
                    "Microsoft Cloud Workshop (MCW)",
                    "A hands-on workshop to get to know Azure and discover use cases.",
                ),
                etype(
                    "governance-workshop",
                    "Azure Governance Workshop",
                    "A workshop on governance, security and operations of an existing Azure estate.",
                ),
                etype(
                    "ads",
                    "Architecture Design Session (ADS)",
                    "A working session that designs the architecture of a concrete use case.",
                ),
                etype(
                    "poc",
                    "Pilot or proof of concept (PoC)",
                    "A time-boxed implementation that proves feasibility of a use case.",
                ),
            ],
            questions: questionnaire::builtin(),
        }
    }

    /// The catalog with `overrides` applied: an entry with a known id replaces
    /// the built-in one, a new id is appended.
    pub fn with_overrides(
        mut self,
        levels: Vec<MaturityLevel>,
        types: Vec<EngagementType>,
    ) -> Self {
        for l in levels {
            match self.maturity_levels.iter_mut().find(|x| x.id == l.id) {
                Some(x) => *x = l,
                None => self.maturity_levels.push(l),
            }
        }
        for t in types {
            match self.engagement_types.iter_mut().find(|x| x.id == t.id) {
                Some(x) => *x = t,
                None => self.engagement_types.push(t),
            }
        }
        self
    }

    /// The catalog with `questions` applied: a known id replaces the
    /// built-in question, a new id is appended.
    pub fn with_questions(mut self, questions: Vec<Question>) -> Self {
        for q in questions {
            match self.questions.iter_mut().find(|x| x.id == q.id) {
                Some(x) => *x = q,
                None => self.questions.push(q),
            }
        }
        self
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The maturity level with this id.
    pub fn maturity(&self, id: &str) -> Option<&MaturityLevel> {
        self.maturity_levels.iter().find(|l| l.id == id)
    }

    /// The engagement type with this id.
    pub fn engagement_type(&self, id: &str) -> Option<&EngagementType> {
        self.engagement_types.iter().find(|t| t.id == id)
    }

    /// All maturity level ids.
    pub fn maturity_ids(&self) -> Vec<&str> {
        self.maturity_levels.iter().map(|l| l.id.as_str()).collect()
    }

    /// All engagement type ids.
    pub fn engagement_type_ids(&self) -> Vec<&str> {
        self.engagement_types
            .iter()
            .map(|t| t.id.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_recommendations_refer_to_known_types() {
        let c = Catalog::builtin();
        assert_eq!(c.maturity_ids().len(), 4);
        for l in &c.maturity_levels {
            for r in &l.recommended {
                assert!(c.engagement_type(r).is_some(), "{r}");
            }
        }
    }

    #[test]
    fn overrides_replace_and_extend() {
        let c = Catalog::builtin().with_overrides(
            vec![level("cloud-affine", "New", "d", &["poc"])],
            vec![etype("hackathon", "Hackathon", "d")],
        );
        assert_eq!(c.maturity("cloud-affine").unwrap().label, "New");
        assert_eq!(c.engagement_types.len(), 5);
    }
}
