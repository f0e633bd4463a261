//! The validated engagement model, with every computed value a template needs.
//!
//! Built by [`crate::validate`] from the as-written tree ([`raw`]); no IO here.
//! Serialized with serde, it *is* the template context: field names are the
//! ones a template author types (`customer.name`, `iteration.commit.price`,
//! `iteration.ensure.summary.share`). Dates serialize as `YYYY-MM-DD`, times of
//! day as `HH:MM`, money as a plain number next to the engagement's `currency`.
//! README.md ("Engagement data: every field") documents every field. The
//! types' JSON Schema is the context's shape, which `lint` checks templates against.

pub mod catalog;
pub mod file;
pub mod quarter;
pub mod questionnaire;
pub mod raw;

use std::fmt;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

pub use catalog::{Catalog, EngagementType, MaturityLevel};
pub use quarter::Quarter;
pub use questionnaire::Question;

/// One engagement with all its iterations.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Engagement {
    /// e.g. `CONTOSO-2026-01`; used for bundle names and portfolio sharding.
    pub id: String,
    pub title: Option<String>,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
    pub customer: Customer,
    pub provider: Provider,
    pub iterations: Vec<Iteration>,
    /// The catalog in force (built-in defaults with the file's overrides).
    #[serde(skip)]
    pub catalog: Catalog,
    /// The catalog entries the file itself wrote (kept for `convert`).
    #[serde(skip)]
    pub catalog_overrides: CatalogOverrides,
}

/// The catalog entries an engagement file writes: levels, types, questions.
pub type CatalogOverrides = (Vec<MaturityLevel>, Vec<EngagementType>, Vec<Question>);

/// The customer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Customer {
    pub name: String,
    pub industry: Option<String>,
    /// Free text (e.g. `NO` stays the text "NO").
    pub country: Option<String>,
    pub contacts: Vec<Person>,
}

/// The provider (the consulting company).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Provider {
    pub name: String,
    pub consultants: Vec<Person>,
}

/// A person: a contact, consultant, signatory or attendee.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// An id with its catalog label and description (a maturity level, an engagement type).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Labelled {
    pub id: String,
    pub label: String,
    pub description: String,
}

/// One iteration: its four phases, each optional while the engagement runs.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Iteration {
    /// 1..n, in order.
    pub number: u32,
    pub title: Option<String>,
    pub assess: Option<Assess>,
    pub commit: Option<Commit>,
    pub deliver: Option<Deliver>,
    pub ensure: Option<Ensure>,
    /// Computed: the previous iteration's next steps, this iteration's starting point.
    pub carried_over: Vec<NextStep>,
    /// What `engagekit next` carried over from the previous iteration (`carried:` as written).
    pub carried: Option<Carried>,
}

/// What the previous iteration did not reach, written by `engagekit next`
/// as the starting point of this iteration.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Carried {
    /// The iteration it comes from.
    pub from: u32,
    /// That iteration's assessed level: the starting point of the new assessment.
    pub maturity: Option<Labelled>,
    /// Its goals not achieved, partially achieved or not reported, with their history.
    pub goals: Vec<CarriedGoal>,
    /// Its next steps: the proposed scope.
    pub scope: Vec<String>,
}

/// A goal carried over from an earlier iteration (same id).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CarriedGoal {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub success_criteria: Vec<String>,
    pub owner: Option<String>,
    /// Its result in each iteration it was committed in, oldest first.
    pub history: Vec<GoalHistory>,
}

/// A carried goal's result in one earlier iteration.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct GoalHistory {
    pub iteration: u32,
    pub status: Status,
    pub status_label: &'static str,
    pub evidence: Option<String>,
    pub notes: Option<String>,
}

/// The assess phase.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Assess {
    #[serde(serialize_with = "iso_date")]
    #[schemars(with = "String")]
    pub date: Date,
    /// The level with its catalog label and description.
    pub maturity: Labelled,
    pub reasoning: Option<String>,
    pub findings: Vec<String>,
    /// Computed: the engagement types the catalog recommends at this level.
    pub recommended: Vec<Labelled>,
    /// The questionnaire's answers (written by `engagekit assess`), in catalog order.
    pub answers: Vec<AssessAnswer>,
    /// Computed from `answers`: the score per dimension, in dimension order.
    pub scores: Vec<DimensionScore>,
}

/// One answered question of the assessment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AssessAnswer {
    pub question: String,
    pub question_text: String,
    pub dimension: String,
    pub answer: String,
    pub answer_text: String,
    pub score: u32,
    /// The question's highest score.
    pub max: u32,
}

/// The assessment's score in one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DimensionScore {
    /// e.g. `governance`
    pub dimension: String,
    /// e.g. "Governance"
    pub label: String,
    pub score: u32,
    /// The highest score the answered questions allow.
    pub max: u32,
}

/// The commit phase (the statement of work).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Commit {
    #[serde(serialize_with = "iso_date")]
    #[schemars(with = "String")]
    pub date: Date,
    pub engagement_type: Labelled,
    pub objective: String,
    pub goals: Vec<Goal>,
    pub scope: Vec<String>,
    pub out_of_scope: Vec<String>,
    pub assumptions: Vec<String>,
    pub deliverables: Vec<String>,
    pub effort: Effort,
    /// Computed: `effort.days * effort.day_rate`.
    pub price: f64,
    pub signatories: Vec<Person>,
}

/// Effort of the commit phase.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Effort {
    pub days: f64,
    pub day_rate: f64,
}

/// A committed goal, with its ensure result joined in.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Goal {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub success_criteria: Vec<String>,
    pub owner: Option<String>,
    #[serde(serialize_with = "iso_date_opt")]
    #[schemars(with = "Option<String>")]
    pub due: Option<Date>,
    /// Computed: this goal's result, `status: not-reported` when there is none.
    pub result: Outcome,
    /// Computed: the goal is one the iteration's `carried` section carried
    /// over (same id) from an earlier iteration.
    pub carried: bool,
    /// Computed: its results in earlier iterations when carried, oldest first.
    pub history: Vec<GoalHistory>,
}

/// A goal's result as seen from the goal.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Outcome {
    pub status: Status,
    /// e.g. "Partially achieved", "Not reported".
    pub status_label: &'static str,
    pub reported: bool,
    pub evidence: Option<String>,
    pub notes: Option<String>,
}

/// The status of a goal in the ensure phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Achieved,
    PartiallyAchieved,
    NotAchieved,
    /// Computed for a committed goal without a result; never written in a file.
    NotReported,
}

impl Status {
    /// The values a file may write.
    pub const WRITABLE: [&'static str; 3] = ["achieved", "partially-achieved", "not-achieved"];

    /// The id as written, e.g. `partially-achieved`.
    pub fn id(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::PartiallyAchieved => "partially-achieved",
            Status::NotAchieved => "not-achieved",
            Status::NotReported => "not-reported",
        }
    }

    /// The label, e.g. "Partially achieved".
    pub fn label(self) -> &'static str {
        match self {
            Status::Achieved => "Achieved",
            Status::PartiallyAchieved => "Partially achieved",
            Status::NotAchieved => "Not achieved",
            Status::NotReported => "Not reported",
        }
    }

    /// Parses a status of a carried goal's history, where `not-reported` is written too.
    pub fn parse_history(s: &str) -> Option<Status> {
        Status::parse(s).or_else(|| {
            (s.trim().to_ascii_lowercase().replace([' ', '_'], "-") == "not-reported")
                .then_some(Status::NotReported)
        })
    }

    /// Parses a written status (case-insensitive; spaces and `_` count as `-`).
    pub fn parse(s: &str) -> Option<Status> {
        let n = s.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        match n.as_str() {
            "achieved" => Some(Status::Achieved),
            "partially-achieved" => Some(Status::PartiallyAchieved),
            "not-achieved" => Some(Status::NotAchieved),
            _ => None,
        }
    }
}

/// The deliver phase.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Deliver {
    pub workshops: Vec<Workshop>,
}

/// A workshop (or other delivery session).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Workshop {
    pub id: String,
    pub title: String,
    /// The engagement type of this session; defaults to the commit's engagement type.
    #[serde(rename = "type")]
    pub kind: Option<Labelled>,
    /// Whether `type` was written in the file (for `convert`).
    #[serde(skip)]
    pub kind_written: bool,
    #[serde(serialize_with = "iso_date")]
    #[schemars(with = "String")]
    pub date: Date,
    pub location: Option<String>,
    pub facilitators: Vec<String>,
    pub attendees: Vec<Person>,
    pub agenda: Vec<AgendaItem>,
    pub materials: Vec<String>,
    /// The ids of the committed goals this workshop works towards.
    pub goals: Vec<String>,
    /// Computed: start of the first agenda item.
    pub start: Option<TimeOfDay>,
    /// Computed: end of the last agenda item.
    pub end: Option<TimeOfDay>,
    /// Computed: total minutes of the agenda.
    pub duration: u32,
}

/// One timed agenda item.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AgendaItem {
    pub start: TimeOfDay,
    /// Minutes.
    pub duration: u32,
    /// Computed: `start + duration`.
    pub end: TimeOfDay,
    pub topic: String,
    pub presenter: Option<String>,
}

/// A time of day in minutes after midnight; serializes as `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay(pub u32);

impl TimeOfDay {
    /// Parses `9:00`, `09:00` or `09:00:00`.
    pub fn parse(s: &str) -> Option<TimeOfDay> {
        let mut parts = s.trim().split(':');
        let h: u32 = parts.next()?.parse().ok()?;
        let m = parts.next()?;
        if m.len() != 2 {
            return None;
        }
        let m: u32 = m.parse().ok()?;
        if let Some(sec) = parts.next()
            && sec.parse::<u32>().ok()? != 0
        {
            return None;
        }
        if parts.next().is_some() || h > 23 || m > 59 {
            return None;
        }
        Some(TimeOfDay(h * 60 + m))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The schema of what [`TimeOfDay`] serializes to: `HH:MM`.
impl JsonSchema for TimeOfDay {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TimeOfDay".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": r"^\d{2}:\d{2}$" })
    }
}

/// The ensure phase (the proof of execution).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Ensure {
    #[serde(serialize_with = "iso_date")]
    #[schemars(with = "String")]
    pub date: Date,
    /// The results as written, each joined to its goal.
    pub results: Vec<GoalResult>,
    pub next_steps: Vec<NextStep>,
    /// Computed: counts and share.
    pub summary: Summary,
    /// Computed: every committed goal that is not achieved (partially, not, or not reported), in commit order.
    pub open_goals: Vec<GoalRef>,
    /// Computed: committed goals without a result, in commit order.
    pub not_reported: Vec<GoalRef>,
}

/// A result, joined to its committed goal.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct GoalResult {
    pub goal: GoalRef,
    pub status: Status,
    pub status_label: &'static str,
    pub evidence: Option<String>,
    pub notes: Option<String>,
}

/// A goal as referred to from the ensure phase.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct GoalRef {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub success_criteria: Vec<String>,
    pub owner: Option<String>,
    #[serde(serialize_with = "iso_date_opt")]
    #[schemars(with = "Option<String>")]
    pub due: Option<Date>,
    pub status: Status,
    pub status_label: &'static str,
}

/// Achievement counts over the committed goals.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Summary {
    /// Committed goals.
    pub total: u32,
    pub achieved: u32,
    pub partially_achieved: u32,
    pub not_achieved: u32,
    pub not_reported: u32,
    /// `achieved / total`, 0.0..=1.0 (0.0 when there are no goals).
    pub share: f64,
    /// `share` in percent, rounded to a whole number.
    pub percent: u32,
}

/// A next step.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct NextStep {
    pub action: String,
    pub owner: Option<String>,
    #[serde(serialize_with = "iso_date_opt")]
    #[schemars(with = "Option<String>")]
    pub due: Option<Date>,
}

/// The context for one iteration's documents (see [`Engagement::iteration_context`]).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct IterationContext<'a> {
    pub engagement: EngagementSummary<'a>,
    pub customer: &'a Customer,
    pub provider: &'a Provider,
    pub currency: &'a str,
    pub iteration: &'a Iteration,
    /// The previous iteration, when there is one.
    pub previous: Option<&'a Iteration>,
}

/// The engagement as seen from one iteration.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EngagementSummary<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub currency: &'a str,
    /// Number of iterations in the file.
    pub iterations: usize,
}

impl Engagement {
    /// The iteration with this number (1-based).
    pub fn iteration(&self, number: u32) -> Option<&Iteration> {
        self.iterations.iter().find(|i| i.number == number)
    }

    /// The template context for one iteration's documents:
    /// `engagement` (`id`, `title`, `currency`, `iterations` count), `customer`,
    /// `provider`, `currency`, `iteration` (with all computed values) and
    /// `previous` (the previous iteration or none). `None` when there is no
    /// iteration with this number.
    pub fn iteration_context(&self, number: u32) -> Option<IterationContext<'_>> {
        let iteration = self.iteration(number)?;
        Some(IterationContext {
            engagement: EngagementSummary {
                id: &self.id,
                title: self.title.as_deref(),
                currency: &self.currency,
                iterations: self.iterations.len(),
            },
            customer: &self.customer,
            provider: &self.provider,
            currency: &self.currency,
            iteration,
            previous: number.checked_sub(1).and_then(|n| self.iteration(n)),
        })
    }

    /// [`Engagement::iteration_context`] as JSON data.
    pub fn iteration_context_json(&self, number: u32) -> Option<serde_json::Value> {
        self.iteration_context(number)
            .map(|c| serde_json::to_value(c).expect("the context serializes"))
    }

    /// The iterations whose ensure date falls in `quarter`.
    pub fn ensured_in(&self, quarter: Quarter) -> impl Iterator<Item = &Iteration> {
        self.iterations
            .iter()
            .filter(move |i| i.ensure.as_ref().is_some_and(|e| quarter.contains(e.date)))
    }
}

fn iso_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.strftime("%Y-%m-%d"))
}

fn iso_date_opt<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => iso_date(d, s),
        None => s.serialize_none(),
    }
}
