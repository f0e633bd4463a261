//! The maturity questionnaire of `engagekit assess`: questions grouped by
//! dimension, each answer with a score. Data, not code: these built-in
//! questions are what a cloud consultant asks in a first assessment (in the
//! spirit of the Cloud Adoption Framework); an engagement's `catalog:
//! questions:` replaces one by id or adds its own.

use serde::{Deserialize, Serialize};

/// The dimensions questions are grouped by, in display order: id and label.
pub const DIMENSIONS: [(&str, &str); 5] = [
    ("strategy", "Strategy"),
    ("organisation", "Organisation and skills"),
    ("governance", "Governance"),
    ("operations", "Operations"),
    ("technology", "Technology and platform"),
];

/// The label of a dimension id (the id itself when unknown).
pub fn dimension_label(id: &str) -> &str {
    DIMENSIONS
        .iter()
        .find(|(d, _)| *d == id)
        .map_or(id, |(_, l)| l)
}

/// One question of the questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// e.g. `motivation`; what an answers file names.
    pub id: String,
    /// One of `strategy`, `organisation`, `governance`, `operations`, `technology`.
    pub dimension: String,
    /// The question as asked.
    pub text: String,
    /// The possible answers, from least to most mature.
    pub answers: Vec<AnswerOption>,
}

/// One possible answer and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// e.g. `none`; what an answers file names.
    pub id: String,
    /// The answer as the customer would say it.
    pub text: String,
    /// 0 for the least mature answer; higher is more mature.
    pub score: u32,
}

impl Question {
    /// The answer with this id.
    pub fn answer(&self, id: &str) -> Option<&AnswerOption> {
        self.answers.iter().find(|a| a.id == id)
    }

    /// The highest score an answer can give.
    pub fn max_score(&self) -> u32 {
        self.answers.iter().map(|a| a.score).max().unwrap_or(0)
    }
}

impl super::AssessAnswer {
    /// The answer `a` given to the question `q`.
    pub fn new(q: &Question, a: &AnswerOption) -> Self {
        super::AssessAnswer {
            question: q.id.clone(),
            question_text: q.text.clone(),
            dimension: q.dimension.clone(),
            answer: a.id.clone(),
            answer_text: a.text.clone(),
            score: a.score,
            max: q.max_score(),
        }
    }
}

/// The score per dimension of `answers`: the dimensions in display order,
/// then any other dimension in the order first answered.
pub fn dimension_scores(answers: &[super::AssessAnswer]) -> Vec<super::DimensionScore> {
    let mut order: Vec<&str> = DIMENSIONS.iter().map(|(d, _)| *d).collect();
    for a in answers {
        if !order.contains(&a.dimension.as_str()) {
            order.push(&a.dimension);
        }
    }
    order
        .into_iter()
        .filter_map(|d| {
            let of: Vec<_> = answers.iter().filter(|a| a.dimension == d).collect();
            (!of.is_empty()).then(|| super::DimensionScore {
                dimension: d.to_string(),
                label: dimension_label(d).to_string(),
                score: of.iter().map(|a| a.score).sum(),
                max: of.iter().map(|a| a.max).sum(),
            })
        })
        .collect()
}

fn q(id: &str, dimension: &str, text: &str, answers: [(&str, &str); 4]) -> Question {
    Question {
        id: id.into(),
        dimension: dimension.into(),
        text: text.into(),
        answers: answers
            .iter()
            .zip(0..)
            .map(|((id, text), score)| AnswerOption {
                id: (*id).into(),
                text: (*text).into(),
                score,
            })
            .collect(),
    }
}

/// The built-in questions: three per dimension, four answers each, scored
/// 0 (not started) to 3 (established).
pub fn builtin() -> Vec<Question> {
    vec![
        q(
            "motivation",
            "strategy",
            "Why is the company looking at the cloud?",
            [
                ("none", "No concrete reason yet; IT is curious"),
                ("cost", "To cut data-centre cost or replace ageing hardware"),
                ("agility", "To deliver new products or services faster"),
                (
                    "business-driven",
                    "The cloud is part of the business strategy, with a sponsor in management",
                ),
            ],
        ),
        q(
            "use-cases",
            "strategy",
            "Which use cases for Azure have been identified?",
            [
                ("none", "None yet"),
                ("ideas", "Ideas, not yet prioritised"),
                (
                    "prioritised",
                    "One or two prioritised use cases with an owner",
                ),
                (
                    "portfolio",
                    "A prioritised portfolio of workloads with business cases",
                ),
            ],
        ),
        q(
            "business-case",
            "strategy",
            "Is there a business case or budget for the cloud?",
            [
                ("none", "No"),
                ("estimate", "A first cost estimate"),
                ("approved", "An approved budget for a first project"),
                ("tracked", "A business case whose benefits are tracked"),
            ],
        ),
        q(
            "skills",
            "organisation",
            "How much Azure experience does the team have?",
            [
                ("none", "None"),
                ("individuals", "A few people have tried it or done training"),
                (
                    "certified",
                    "Some certified people who have built a first workload",
                ),
                ("team", "An experienced team that runs Azure workloads"),
            ],
        ),
        q(
            "ownership",
            "organisation",
            "Who owns the cloud topic in the organisation?",
            [
                ("nobody", "Nobody in particular"),
                (
                    "individual",
                    "An interested individual alongside other work",
                ),
                ("project", "A project team with a mandate"),
                (
                    "cloud-team",
                    "A cloud centre of excellence or platform team",
                ),
            ],
        ),
        q(
            "stakeholders",
            "organisation",
            "Are business, security and IT operations involved?",
            [
                ("it-only", "Only IT is involved"),
                ("informed", "Others are informed"),
                ("involved", "Business and security take part in decisions"),
                ("aligned", "All sides share goals and meet regularly"),
            ],
        ),
        q(
            "identity",
            "governance",
            "How are identities and access to Azure managed?",
            [
                ("none", "Not yet: no Entra ID tenant or only defaults"),
                (
                    "basic",
                    "An Entra ID tenant synchronised with on-premises accounts",
                ),
                ("rbac", "Role-based access, MFA for all administrators"),
                (
                    "governed",
                    "Conditional access, privileged identity management, regular access reviews",
                ),
            ],
        ),
        q(
            "policy",
            "governance",
            "Are there rules for how Azure resources are created?",
            [
                ("none", "No rules"),
                ("documented", "Naming and tagging conventions on paper"),
                ("enforced", "Azure Policy enforces the main rules"),
                (
                    "landing-zone",
                    "Management groups, policies and a landing zone for every subscription",
                ),
            ],
        ),
        q(
            "cost",
            "governance",
            "How are cloud costs controlled?",
            [
                ("none", "Not at all"),
                ("invoice", "The monthly invoice is checked"),
                (
                    "budgets",
                    "Budgets and cost alerts per subscription or project",
                ),
                (
                    "finops",
                    "Costs are allocated by tags, reviewed and optimised regularly",
                ),
            ],
        ),
        q(
            "monitoring",
            "operations",
            "How are workloads in Azure monitored?",
            [
                ("none", "There are no workloads, or nobody watches them"),
                (
                    "portal",
                    "Someone looks at the portal when there is a problem",
                ),
                ("alerts", "Azure Monitor with alerts for the main workloads"),
                (
                    "observability",
                    "Central logging, dashboards and alerts wired to on-call",
                ),
            ],
        ),
        q(
            "continuity",
            "operations",
            "How are backup and disaster recovery handled in Azure?",
            [
                ("none", "Not yet"),
                ("backup", "Backups for some resources"),
                (
                    "tested",
                    "Backup and recovery with defined targets, restores tested",
                ),
                (
                    "drilled",
                    "Disaster recovery across regions, drilled regularly",
                ),
            ],
        ),
        q(
            "security-operations",
            "operations",
            "How are security threats in the cloud detected?",
            [
                ("none", "Not at all"),
                ("defaults", "With the platform's defaults"),
                (
                    "defender",
                    "Defender for Cloud with its recommendations worked through",
                ),
                (
                    "soc",
                    "A SOC with Microsoft Sentinel or a SIEM that covers Azure",
                ),
            ],
        ),
        q(
            "workloads",
            "technology",
            "What runs in Azure today?",
            [
                ("nothing", "Nothing"),
                ("trials", "Trials or development environments"),
                ("some-production", "One or two production workloads"),
                (
                    "many-production",
                    "Many production workloads, some business-critical",
                ),
            ],
        ),
        q(
            "network",
            "technology",
            "How is Azure connected to the company network?",
            [
                ("none", "Not connected"),
                ("public", "Services are reached over the internet"),
                ("vpn", "A site-to-site VPN or ExpressRoute"),
                (
                    "hub-spoke",
                    "A hub-and-spoke or Virtual WAN design with central firewall and DNS",
                ),
            ],
        ),
        q(
            "automation",
            "technology",
            "How are Azure resources deployed?",
            [
                ("none", "Not at all yet"),
                ("portal", "By hand in the portal"),
                ("scripts", "Some scripts or templates (Bicep, Terraform)"),
                (
                    "pipelines",
                    "Infrastructure as code through pipelines, for every change",
                ),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_questions_are_well_formed() {
        let qs = builtin();
        for (d, _) in DIMENSIONS {
            assert!(qs.iter().filter(|q| q.dimension == d).count() >= 3, "{d}");
        }
        let mut ids: Vec<_> = qs.iter().map(|q| q.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), qs.len());
        for q in &qs {
            assert!(DIMENSIONS.iter().any(|(d, _)| *d == q.dimension));
            assert_eq!(q.max_score(), 3, "{}", q.id);
        }
    }
}
