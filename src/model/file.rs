//! The file format as written: what `engagekit schema` publishes and what
//! `convert` writes. Plain serde types without computed values; reading goes
//! through [`crate::model::raw`] and [`crate::validate`] instead, so that every
//! problem gets a location. README.md documents each field.

use schemars::JsonSchema;
use serde::Serialize;

use std::collections::BTreeMap;

use crate::model::catalog::{EngagementType, MaturityLevel};
use crate::model::questionnaire::Question;

/// One engagement and all its iterations.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "engagekit engagement")]
pub struct EngagementFile {
    /// Engagement id, e.g. `CONTOSO-2026-01`: letters, digits, `-`, `_`, `.`. Names bundles and portfolio shards.
    pub id: String,
    /// Optional title of the engagement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// ISO 4217 currency code of all prices, e.g. `EUR`.
    pub currency: String,
    pub customer: CustomerFile,
    pub provider: ProviderFile,
    /// Optional: overrides or extends the built-in maturity levels and engagement types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<CatalogFile>,
    /// The iterations, numbered 1..n in order.
    pub iterations: Vec<IterationFile>,
}

/// The customer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerFile {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Free text; `NO` stays "NO".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<PersonFile>,
}

/// The provider (the consulting company).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderFile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consultants: Vec<PersonFile>,
}

/// A person: contact, consultant, signatory or attendee.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonFile {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[schemars(email)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// Catalog overrides: an entry with a built-in id replaces it, a new id adds one.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maturity_levels: Vec<MaturityLevel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub engagement_types: Vec<EngagementType>,
    /// Questions of the `assess` questionnaire: a built-in id replaces that question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

/// One iteration; every phase is optional while the engagement runs.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IterationFile {
    /// 1 for the first iteration, 2 for the second, ... (optional; the position is used).
    #[schemars(range(min = 1))]
    #[serde(default)]
    pub number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Written by `engagekit next`: what the previous iteration did not reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carried: Option<CarriedFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assess: Option<AssessFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<CommitFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliver: Option<DeliverFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ensure: Option<EnsureFile>,
}

/// What `engagekit next` carried over from the previous iteration.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CarriedFile {
    /// The number of the iteration it comes from (the previous one).
    #[schemars(range(min = 1))]
    pub from: u32,
    /// That iteration's maturity level: the starting point of the new assessment.
    #[schemars(schema_with = "maturity_opt_schema")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maturity: Option<String>,
    /// Its goals not achieved, partially achieved or not reported (same ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<CarriedGoalFile>,
    /// Its next steps: the proposed scope.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
}

/// A carried goal, with its results so far.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CarriedGoalFile {
    #[schemars(schema_with = "id_schema")]
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success_criteria: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Its result in each iteration it was committed in, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryFile>,
}

/// A carried goal's result in one earlier iteration.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryFile {
    #[schemars(range(min = 1))]
    pub iteration: u32,
    #[schemars(schema_with = "history_status_schema")]
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Assess: the customer's cloud maturity.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessFile {
    /// `YYYY-MM-DD`
    #[schemars(schema_with = "date_schema")]
    pub date: String,
    /// A maturity level id: `cloud-affine`, `cloud-is-an-option`, `cloud-is-a-solution`, `cloud-is-in-use` (or one from the catalog section).
    #[schemars(schema_with = "maturity_schema")]
    pub maturity: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
    /// Written by `engagekit assess`: question id → answer id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, String>,
    /// Written by `engagekit assess`: dimension → score (recomputed from `answers` when read).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scores: BTreeMap<String, u32>,
}

/// Commit: the statement of work.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitFile {
    /// `YYYY-MM-DD`, on or after the assess date.
    #[schemars(schema_with = "date_schema")]
    pub date: String,
    /// An engagement type id: `mcw`, `governance-workshop`, `ads`, `poc` (or one from the catalog section).
    #[schemars(schema_with = "etype_schema")]
    pub engagement_type: String,
    pub objective: String,
    /// At least one goal.
    pub goals: Vec<GoalFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out_of_scope: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deliverables: Vec<String>,
    pub effort: EffortFile,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatories: Vec<PersonFile>,
}

/// Effort; the price is computed as `days * day_rate`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EffortFile {
    #[schemars(range(min = 0))]
    pub days: f64,
    /// Price of one day in the engagement's currency.
    #[schemars(range(min = 0))]
    pub day_rate: f64,
}

/// A committed goal.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalFile {
    /// Unique within the iteration, e.g. `G1`; results refer to it.
    #[schemars(schema_with = "id_schema")]
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success_criteria: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// `YYYY-MM-DD`, on or after the commit date.
    #[schemars(schema_with = "date_opt_schema")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

/// Deliver: the workshops.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliverFile {
    pub workshops: Vec<WorkshopFile>,
}

/// A workshop or other delivery session.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkshopFile {
    /// Unique within the iteration, e.g. `W1`.
    #[schemars(schema_with = "id_schema")]
    pub id: String,
    pub title: String,
    /// An engagement type id; defaults to the commit's engagement type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "etype_opt_schema")]
    pub kind: Option<String>,
    /// `YYYY-MM-DD`, on or after the commit date.
    #[schemars(schema_with = "date_schema")]
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facilitators: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<PersonFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<AgendaItemFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<String>,
    /// The ids of the committed goals this workshop works towards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
}

/// A timed agenda item; items are in time order without overlaps.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItemFile {
    /// `HH:MM`
    #[schemars(regex(pattern = r"^\d{1,2}:\d{2}$"))]
    pub start: String,
    /// Minutes.
    pub duration: u32,
    pub topic: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presenter: Option<String>,
}

/// Ensure: the results against the committed goals.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnsureFile {
    /// `YYYY-MM-DD`, on or after the last workshop.
    #[schemars(schema_with = "date_schema")]
    pub date: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<ResultFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub next_steps: Vec<NextStepFile>,
}

/// The result of one committed goal.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultFile {
    /// The id of a goal committed in the same iteration.
    #[schemars(schema_with = "id_schema")]
    pub goal: String,
    #[schemars(schema_with = "status_schema")]
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A next step; the starting point of the next iteration.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NextStepFile {
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[schemars(schema_with = "date_opt_schema")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

fn date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$" })
}

fn date_opt_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": ["string", "null"], "format": "date" })
}

fn id_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": ["string", "integer"] })
}

fn maturity_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "anyOf": [
            { "enum": ["cloud-affine", "cloud-is-an-option", "cloud-is-a-solution", "cloud-is-in-use"] },
            { "pattern": "^[a-z0-9-]+$", "description": "an id defined in the catalog section" }
        ]
    })
}

fn maturity_opt_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    maturity_schema(g)
}

fn history_status_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": ["achieved", "partially-achieved", "not-achieved", "not-reported"] })
}

fn etype_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "anyOf": [
            { "enum": ["mcw", "governance-workshop", "ads", "poc"] },
            { "pattern": "^[a-z0-9-]+$", "description": "an id defined in the catalog section" }
        ]
    })
}

fn etype_opt_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    etype_schema(g)
}

fn status_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": ["achieved", "partially-achieved", "not-achieved"] })
}

/// The JSON Schema of the engagement file format.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(EngagementFile);
    serde_json::to_value(schema).expect("schema serializes")
}
