//! Converting an engagement between YAML and Excel (`engagekit convert`).
//!
//! Both directions go through the validated model: the input is loaded and
//! validated, turned back into the as-written [`EngagementFile`] (no computed
//! values), and written in the other format. A round trip keeps the model
//! unchanged (tested, also with property tests).

use std::path::Path;

use serde_json::Value;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::load;
use crate::load::excel::{
    self, ENGAGEMENT_FIELDS, ENGAGEMENT_SHEET, ITERATION_COL, Keyed, SHEETS, WORKSHOP_COL,
};
use crate::location::Location;
use crate::model::file::{
    AgendaItemFile, AssessFile, CatalogFile, CommitFile, CustomerFile, DeliverFile, EffortFile,
    EngagementFile, EnsureFile, GoalFile, IterationFile, NextStepFile, PersonFile, ProviderFile,
    ResultFile, WorkshopFile,
};
use crate::model::{Engagement, Person};

fn iso(d: jiff::civil::Date) -> String {
    d.strftime("%Y-%m-%d").to_string()
}

fn person(p: &Person) -> PersonFile {
    PersonFile {
        name: p.name.clone(),
        role: p.role.clone(),
        organisation: p.organisation.clone(),
        email: p.email.clone(),
        phone: p.phone.clone(),
    }
}

/// The validated engagement as written (computed values dropped).
pub fn to_file(e: &Engagement) -> EngagementFile {
    let (levels, types, questions) = &e.catalog_overrides;
    EngagementFile {
        id: e.id.clone(),
        title: e.title.clone(),
        currency: e.currency.clone(),
        customer: CustomerFile {
            name: e.customer.name.clone(),
            industry: e.customer.industry.clone(),
            country: e.customer.country.clone(),
            contacts: e.customer.contacts.iter().map(person).collect(),
        },
        provider: ProviderFile {
            name: e.provider.name.clone(),
            consultants: e.provider.consultants.iter().map(person).collect(),
        },
        catalog: (!levels.is_empty() || !types.is_empty() || !questions.is_empty()).then(|| {
            CatalogFile {
                maturity_levels: levels.clone(),
                engagement_types: types.clone(),
                questions: questions.clone(),
            }
        }),
        iterations: e
            .iterations
            .iter()
            .map(|it| IterationFile {
                number: it.number,
                title: it.title.clone(),
                carried: it.carried.as_ref().map(carried_file),
                assess: it.assess.as_ref().map(|a| AssessFile {
                    date: iso(a.date),
                    maturity: a.maturity.id.clone(),
                    reasoning: a.reasoning.clone(),
                    findings: a.findings.clone(),
                    answers: a
                        .answers
                        .iter()
                        .map(|x| (x.question.clone(), x.answer.clone()))
                        .collect(),
                    scores: a
                        .scores
                        .iter()
                        .map(|s| (s.dimension.clone(), s.score))
                        .collect(),
                }),
                commit: it.commit.as_ref().map(|c| CommitFile {
                    date: iso(c.date),
                    engagement_type: c.engagement_type.id.clone(),
                    objective: c.objective.clone(),
                    goals: c
                        .goals
                        .iter()
                        .map(|g| GoalFile {
                            id: g.id.clone(),
                            title: g.title.clone(),
                            description: g.description.clone(),
                            success_criteria: g.success_criteria.clone(),
                            owner: g.owner.clone(),
                            due: g.due.map(iso),
                        })
                        .collect(),
                    scope: c.scope.clone(),
                    out_of_scope: c.out_of_scope.clone(),
                    assumptions: c.assumptions.clone(),
                    deliverables: c.deliverables.clone(),
                    effort: EffortFile {
                        days: c.effort.days,
                        day_rate: c.effort.day_rate,
                    },
                    signatories: c.signatories.iter().map(person).collect(),
                }),
                deliver: it.deliver.as_ref().map(|d| DeliverFile {
                    workshops: d
                        .workshops
                        .iter()
                        .map(|w| WorkshopFile {
                            id: w.id.clone(),
                            title: w.title.clone(),
                            kind: w
                                .kind
                                .as_ref()
                                .filter(|_| w.kind_written)
                                .map(|k| k.id.clone()),
                            date: iso(w.date),
                            location: w.location.clone(),
                            facilitators: w.facilitators.clone(),
                            attendees: w.attendees.iter().map(person).collect(),
                            agenda: w
                                .agenda
                                .iter()
                                .map(|a| AgendaItemFile {
                                    start: a.start.to_string(),
                                    duration: a.duration,
                                    topic: a.topic.clone(),
                                    presenter: a.presenter.clone(),
                                })
                                .collect(),
                            materials: w.materials.clone(),
                            goals: w.goals.clone(),
                        })
                        .collect(),
                }),
                ensure: it.ensure.as_ref().map(|en| EnsureFile {
                    date: iso(en.date),
                    results: en
                        .results
                        .iter()
                        .map(|r| ResultFile {
                            goal: r.goal.id.clone(),
                            status: r.status.id().to_string(),
                            evidence: r.evidence.clone(),
                            notes: r.notes.clone(),
                        })
                        .collect(),
                    next_steps: en
                        .next_steps
                        .iter()
                        .map(|s| NextStepFile {
                            action: s.action.clone(),
                            owner: s.owner.clone(),
                            due: s.due.map(iso),
                        })
                        .collect(),
                }),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------- YAML

/// Writes the engagement as YAML: block style, strings quoted only where a
/// YAML reader could take them for something else.
pub fn to_yaml(f: &EngagementFile) -> String {
    let v = serde_json::to_value(f).expect("the file model serializes");
    let mut out = String::from(
        "# engagekit engagement file; field reference: README.md (Engagement data: every field)\n\
         # JSON Schema for editors: `engagekit schema > engagekit.schema.json`\n",
    );
    if let Value::Object(map) = &v {
        write_map(&mut out, map, 0, false);
    }
    out
}

fn write_map(
    out: &mut String,
    map: &serde_json::Map<String, Value>,
    indent: usize,
    first_inline: bool,
) {
    for (i, (k, v)) in map.iter().enumerate() {
        if !(first_inline && i == 0) {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(k);
        out.push(':');
        write_value(out, v, indent);
    }
}

/// Writes a value after `key:` (or `- `): scalars inline, collections on the next lines.
fn write_value(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if m.is_empty() => out.push_str(" {}\n"),
        Value::Array(a) if a.is_empty() => out.push_str(" []\n"),
        Value::Object(m) => {
            out.push('\n');
            write_map(out, m, indent + 2, false);
        }
        Value::Array(items) => {
            out.push('\n');
            for item in items {
                out.push_str(&" ".repeat(indent + 2));
                out.push('-');
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        out.push(' ');
                        write_map(out, m, indent + 4, true);
                    }
                    other => write_value(out, other, indent + 2),
                }
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::Null => "~".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => excel::fmt_number(f),
            _ => n.to_string(),
        },
        Value::String(s) => {
            if is_plain_safe(s) {
                s.clone()
            } else {
                serde_json::to_string(s).expect("strings serialize")
            }
        }
        _ => unreachable!("collections are written by write_value"),
    }
}

/// Can `s` be written as a plain YAML scalar and read back as the same text by any YAML reader?
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars()
            .any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}'))
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
    {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "null"
            | "~"
            | "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | ".nan"
            | ".inf"
            | "-.inf"
            | "+.inf"
    ) {
        return false;
    }
    // Anything that starts like a number (or a date, a time) is quoted, unless it is a date.
    if first.is_ascii_digit() || first == '.' || first == '+' {
        return crate::validate::parse_date(s).is_some();
    }
    true
}

// ---------------------------------------------------------------- Excel

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::write("the workbook", e)
}

/// The value at a dotted path in JSON data.
fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn items<'v>(v: &'v Value, path: &str) -> Vec<&'v Value> {
    match at(v, path) {
        Some(Value::Array(a)) => a.iter().collect(),
        _ => Vec::new(),
    }
}

/// Writes the engagement as a workbook in the layout of `docs/data-format.md`.
/// Fails (with a clear message) for values a workbook cannot hold the same way:
/// a list item with a line break (cells hold one item per line).
pub fn to_xlsx(f: &EngagementFile) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
    let v = serde_json::to_value(f).expect("the file model serializes");
    let bold = XFormat::new().set_bold();
    let date_fmt = XFormat::new().set_num_format("yyyy-mm-dd");
    let wrap = XFormat::new().set_text_wrap();
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!("engagekit engagement {}", f.id))
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_err)?),
    );
    let mut problems = Diagnostics::new();

    // Writes one cell from JSON data.
    let mut write = |ws: &mut rust_xlsxwriter::Worksheet,
                     row: u32,
                     col: u16,
                     path: &str,
                     list: bool,
                     value: Option<&Value>|
     -> Result<()> {
        let field = path.rsplit('.').next().unwrap_or(path);
        match value {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) if list => {
                let lines: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                if let Some(bad) = lines.iter().find(|l| l.contains('\n')) {
                    problems.push(Diagnostic::error(
                        Location::Unknown,
                        format!("`{path}`: the list item {bad:?} has a line break; a workbook cell holds one list item per line"),
                    ));
                }
                if !lines.is_empty() {
                    ws.write_string_with_format(row, col, lines.join("\n"), &wrap)
                        .map_err(xlsx_err)?;
                }
            }
            Some(Value::String(s)) => {
                let date = (field == "date" || field == "due")
                    .then(|| crate::validate::parse_date(s))
                    .flatten();
                match date {
                    Some(d) => {
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .map_err(xlsx_err)?;
                        ws.write_datetime_with_format(row, col, &dt, &date_fmt)
                            .map_err(xlsx_err)?;
                    }
                    None if s.contains('\n') => {
                        ws.write_string_with_format(row, col, s, &wrap)
                            .map_err(xlsx_err)?;
                    }
                    None => {
                        ws.write_string(row, col, s).map_err(xlsx_err)?;
                    }
                }
            }
            Some(Value::Number(n)) => {
                ws.write_number(row, col, n.as_f64().unwrap_or_default())
                    .map_err(xlsx_err)?;
            }
            Some(Value::Bool(b)) => {
                ws.write_boolean(row, col, *b).map_err(xlsx_err)?;
            }
            Some(other) => {
                ws.write_string(row, col, other.to_string())
                    .map_err(xlsx_err)?;
            }
        }
        Ok(())
    };

    // The Engagement sheet: Field / Value.
    {
        let ws = wb.add_worksheet();
        ws.set_name(ENGAGEMENT_SHEET).map_err(xlsx_err)?;
        ws.write_string_with_format(0, 0, "Field", &bold)
            .map_err(xlsx_err)?;
        ws.write_string_with_format(0, 1, "Value", &bold)
            .map_err(xlsx_err)?;
        for (i, col) in ENGAGEMENT_FIELDS.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, col.header).map_err(xlsx_err)?;
            write(ws, r, 1, col.path, col.list, at(&v, col.path))?;
        }
        ws.set_column_width(0, 20).map_err(xlsx_err)?;
        ws.set_column_width(1, 50).map_err(xlsx_err)?;
    }

    for spec in SHEETS {
        // (iteration, workshop, row data)
        let mut rows: Vec<(Option<Value>, Option<Value>, &Value)> = Vec::new();
        match spec.keyed {
            Keyed::Workbook | Keyed::Engagement => {
                rows.extend(items(&v, spec.target).into_iter().map(|r| (None, None, r)));
            }
            Keyed::IterationRow => {
                rows.extend(
                    items(&v, "iterations")
                        .into_iter()
                        .map(|it| (it.get("number").cloned(), None, it)),
                );
            }
            Keyed::Iteration => {
                for it in items(&v, "iterations") {
                    for r in items(it, spec.target) {
                        rows.push((it.get("number").cloned(), None, r));
                    }
                }
            }
            Keyed::Workshop => {
                for it in items(&v, "iterations") {
                    for w in items(it, "deliver.workshops") {
                        for r in items(w, spec.target) {
                            rows.push((it.get("number").cloned(), w.get("id").cloned(), r));
                        }
                    }
                }
            }
        }
        if spec.keyed == Keyed::Workbook && rows.is_empty() {
            continue;
        }
        let ws = wb.add_worksheet();
        ws.set_name(spec.name).map_err(xlsx_err)?;
        let mut headers: Vec<&str> = Vec::new();
        match spec.keyed {
            Keyed::Iteration | Keyed::IterationRow => headers.push(ITERATION_COL),
            Keyed::Workshop => headers.extend([ITERATION_COL, WORKSHOP_COL]),
            _ => {}
        }
        let nkeys = headers.len();
        headers.extend(spec.cols.iter().map(|c| c.header));
        for (i, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &bold)
                .map_err(xlsx_err)?;
        }
        for (i, (it, wsid, data)) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            if let Some(it) = it {
                write(ws, r, 0, "iteration", false, Some(it))?;
            }
            if let Some(w) = wsid {
                write(ws, r, 1, "workshop", false, Some(w))?;
            }
            for (j, col) in spec.cols.iter().enumerate() {
                write(
                    ws,
                    r,
                    (nkeys + j) as u16,
                    col.path,
                    col.list,
                    at(data, col.path),
                )?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
        ws.autofit();
    }
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    wb.save_to_buffer().map_err(xlsx_err)
}

/// Converts `input` (YAML or Excel) to `output` (the other format, chosen by
/// its extension: `.yaml`/`.yml` or `.xlsx`). The input must hold exactly one
/// valid engagement. A different file already at `output` (a hand-written
/// YAML file with its comments) is never replaced unless `force`
/// ([`Error::Exists`]); the same bytes are. Returns the input's warnings.
pub fn convert(input: &Path, output: &Path, force: bool) -> Result<Diagnostics> {
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !matches!(ext.as_str(), "xlsx" | "yaml" | "yml") {
        return Err(Error::Usage(format!(
            "failed to convert to `{}` (unsupported output type; use .yaml, .yml or .xlsx)",
            output.display()
        )));
    }
    if same_file(input, output) {
        return Err(Error::Usage(format!(
            "failed to convert `{}` (the output is the input itself; name another with `-o`)",
            input.display()
        )));
    }
    let (engagement, warnings) = load::load_engagement(input)?;
    let file = to_file(&engagement);
    let bytes = if ext == "xlsx" {
        // Workbooks have no sheet for it yet: refused rather than dropped.
        if let Some(it) = engagement.iterations.iter().find(|i| i.carried.is_some()) {
            return Err(Error::Unsupported(format!(
                "failed to convert `{}`: iteration {} has a `carried` section (written by `engagekit next`), which a workbook cannot hold yet; keep this engagement in YAML",
                input.display(),
                it.number
            )));
        }
        if let Some(it) = engagement
            .iterations
            .iter()
            .find(|i| i.assess.as_ref().is_some_and(|a| !a.answers.is_empty()))
        {
            return Err(Error::Unsupported(format!(
                "failed to convert `{}`: iteration {}'s `assess` has the questionnaire's `answers` (written by `engagekit assess`), which a workbook cannot hold yet; keep this engagement in YAML",
                input.display(),
                it.number
            )));
        }
        if !engagement.catalog_overrides.2.is_empty() {
            return Err(Error::Unsupported(format!(
                "failed to convert `{}`: its `catalog` has `questions`, which a workbook cannot hold yet; keep this engagement in YAML",
                input.display()
            )));
        }
        to_xlsx(&file)?
    } else {
        to_yaml(&file).into_bytes()
    };
    crate::fsx::check_replace(output, force, crate::fsx::holds(&bytes))?;
    crate::fsx::write_bytes_atomic(output, &bytes)?;
    Ok(warnings)
}

/// An iteration's `carried:` section as written.
fn carried_file(c: &crate::model::Carried) -> crate::model::file::CarriedFile {
    use crate::model::file::{CarriedFile, CarriedGoalFile, HistoryFile};
    CarriedFile {
        from: c.from,
        maturity: c.maturity.as_ref().map(|m| m.id.clone()),
        goals: c
            .goals
            .iter()
            .map(|g| CarriedGoalFile {
                id: g.id.clone(),
                title: g.title.clone(),
                description: g.description.clone(),
                success_criteria: g.success_criteria.clone(),
                owner: g.owner.clone(),
                history: g
                    .history
                    .iter()
                    .map(|h| HistoryFile {
                        iteration: h.iteration,
                        status: h.status.id().to_string(),
                        evidence: h.evidence.clone(),
                        notes: h.notes.clone(),
                    })
                    .collect(),
            })
            .collect(),
        scope: c.scope.clone(),
    }
}

/// Whether two paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_or_quoted() {
        assert!(is_plain_safe("Contoso Ltd"));
        assert!(is_plain_safe("2026-03-05"));
        assert!(!is_plain_safe("NO"));
        assert!(!is_plain_safe("1.10"));
        assert!(!is_plain_safe("09:00"));
        assert!(!is_plain_safe("a: b"));
        assert!(!is_plain_safe("- x"));
        assert!(!is_plain_safe(""));
        assert!(!is_plain_safe("line\nbreak"));
    }
}
