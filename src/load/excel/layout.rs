//! The workbook layout: the sheets engagekit reads and `convert` writes,
//! their columns and the field path each fills, and how headers and sheet
//! names are matched (case-, space- and punctuation-insensitively, [`norm`]).

/// A column of a sheet: its header as `convert` writes it and the field path it fills.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// e.g. "Effort days"
    pub header: &'static str,
    /// e.g. "commit.effort.days"
    pub path: &'static str,
    /// A list of texts, one per line of the cell.
    pub list: bool,
}

const fn c(header: &'static str, path: &'static str) -> Col {
    Col {
        header,
        path,
        list: false,
    }
}

const fn l(header: &'static str, path: &'static str) -> Col {
    Col {
        header,
        path,
        list: true,
    }
}

/// What a list sheet's rows are keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyed {
    /// Engagement-level lists (contacts, consultants).
    Engagement,
    /// Workbook-wide (catalog).
    Workbook,
    /// The `Iterations` sheet itself.
    IterationRow,
    /// Rows keyed by iteration.
    Iteration,
    /// Rows keyed by iteration and workshop id.
    Workshop,
}

/// A list sheet.
#[derive(Debug, Clone, Copy)]
pub struct SheetSpec {
    pub name: &'static str,
    pub keyed: Keyed,
    /// Where rows go: a list path relative to the engagement, iteration or workshop.
    pub target: &'static str,
    pub cols: &'static [Col],
}

/// The engagement's own fields (the `Engagement` sheet).
pub const ENGAGEMENT_FIELDS: &[Col] = &[
    c("Id", "id"),
    c("Title", "title"),
    c("Currency", "currency"),
    c("Customer name", "customer.name"),
    c("Customer industry", "customer.industry"),
    c("Customer country", "customer.country"),
    c("Provider name", "provider.name"),
];

const PERSON: &[Col] = &[
    c("Name", "name"),
    c("Role", "role"),
    c("Organisation", "organisation"),
    c("Email", "email"),
    c("Phone", "phone"),
];

/// The list sheets, in the order `convert` writes them.
pub const SHEETS: &[SheetSpec] = &[
    SheetSpec {
        name: "Contacts",
        keyed: Keyed::Engagement,
        target: "customer.contacts",
        cols: PERSON,
    },
    SheetSpec {
        name: "Consultants",
        keyed: Keyed::Engagement,
        target: "provider.consultants",
        cols: PERSON,
    },
    SheetSpec {
        name: "Iterations",
        keyed: Keyed::IterationRow,
        target: "iterations",
        cols: &[
            c("Title", "title"),
            c("Assess date", "assess.date"),
            c("Maturity", "assess.maturity"),
            c("Reasoning", "assess.reasoning"),
            l("Findings", "assess.findings"),
            c("Commit date", "commit.date"),
            c("Engagement type", "commit.engagement_type"),
            c("Objective", "commit.objective"),
            l("Scope", "commit.scope"),
            l("Out of scope", "commit.out_of_scope"),
            l("Assumptions", "commit.assumptions"),
            l("Deliverables", "commit.deliverables"),
            c("Effort days", "commit.effort.days"),
            c("Day rate", "commit.effort.day_rate"),
            c("Ensure date", "ensure.date"),
        ],
    },
    SheetSpec {
        name: "Goals",
        keyed: Keyed::Iteration,
        target: "commit.goals",
        cols: &[
            c("Id", "id"),
            c("Title", "title"),
            c("Description", "description"),
            l("Success criteria", "success_criteria"),
            c("Owner", "owner"),
            c("Due", "due"),
        ],
    },
    SheetSpec {
        name: "Signatories",
        keyed: Keyed::Iteration,
        target: "commit.signatories",
        cols: PERSON,
    },
    SheetSpec {
        name: "Workshops",
        keyed: Keyed::Iteration,
        target: "deliver.workshops",
        cols: &[
            c("Id", "id"),
            c("Title", "title"),
            c("Type", "type"),
            c("Date", "date"),
            c("Location", "location"),
            l("Facilitators", "facilitators"),
            l("Materials", "materials"),
            l("Goals", "goals"),
        ],
    },
    SheetSpec {
        name: "Agenda",
        keyed: Keyed::Workshop,
        target: "agenda",
        cols: &[
            c("Start", "start"),
            c("Duration", "duration"),
            c("Topic", "topic"),
            c("Presenter", "presenter"),
        ],
    },
    SheetSpec {
        name: "Attendees",
        keyed: Keyed::Workshop,
        target: "attendees",
        cols: PERSON,
    },
    SheetSpec {
        name: "Results",
        keyed: Keyed::Iteration,
        target: "ensure.results",
        cols: &[
            c("Goal", "goal"),
            c("Status", "status"),
            c("Evidence", "evidence"),
            c("Notes", "notes"),
        ],
    },
    SheetSpec {
        name: "Next steps",
        keyed: Keyed::Iteration,
        target: "ensure.next_steps",
        cols: &[c("Action", "action"), c("Owner", "owner"), c("Due", "due")],
    },
    SheetSpec {
        name: "Maturity levels",
        keyed: Keyed::Workbook,
        target: "catalog.maturity_levels",
        cols: &[
            c("Id", "id"),
            c("Label", "label"),
            c("Description", "description"),
            l("Recommended", "recommended"),
        ],
    },
    SheetSpec {
        name: "Engagement types",
        keyed: Keyed::Workbook,
        target: "catalog.engagement_types",
        cols: &[
            c("Id", "id"),
            c("Label", "label"),
            c("Description", "description"),
        ],
    },
];

/// Header of the engagement key column in list sheets.
pub const ENGAGEMENT_COL: &str = "Engagement";
/// Header of the iteration key column.
pub const ITERATION_COL: &str = "Iteration";
/// Header of the workshop key column.
pub const WORKSHOP_COL: &str = "Workshop";
/// Name of the engagement sheet.
pub const ENGAGEMENT_SHEET: &str = "Engagement";

/// Header/sheet-name normal form: lowercase letters and digits only.
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `snake_case` of a header, for generic data: "Effort (days)" → `effort_days`.
pub fn snake(s: &str) -> String {
    let mut out = String::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(norm("Next  Steps"), "nextsteps");
        assert_eq!(norm("effort_days"), "effortdays");
        assert_eq!(snake("Effort (days)"), "effort_days");
        assert_eq!(snake("NextSteps"), "nextsteps");
    }
}
