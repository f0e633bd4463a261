//! Writes the four default Word templates to `templates/`:
//! `assessment.docx`, `sow.docx`, `workshop-agenda.docx` and `ensure-report.docx`.
//!
//! ```text
//! cargo run --example make_templates            # writes into templates/
//! cargo run --example make_templates -- OUTDIR  # writes somewhere else
//! ```
//!
//! The WordprocessingML is written here as XML text, not with a docx library,
//! so that every element is in the order the Open XML schema asks for (Word is
//! strict about it; openxml-audit checks it). The output is deterministic:
//! fixed zip timestamps and document-property dates, so re-running the
//! generator gives identical bytes and does not dirty the tree.
//!
//! How the templates are built (see docs/templates.md for the tag reference):
//! * every template is the same package: styles, bullet numbering, settings,
//!   font table, theme, one header and one footer ("Page X of Y" fields),
//!   core properties whose title and subject hold tags;
//! * a structural tag (`{%p …%}`, `{%tr …%}`) sits alone in its paragraph or
//!   row, in the purple "Template Logic" style, so an author sees at a glance
//!   which lines disappear from the output;
//! * every table cell keeps at least one paragraph whatever the data
//!   (`{%p for %}` … `{%p else %}` … `{%p endfor %}`), as the schema requires.

// The old hand-written writers below are no longer called; they go next.
#![allow(dead_code)]

mod assessment;
mod blocks;
mod common;
mod ensure_report;
mod house;
mod house_styles;
mod package;
mod palette;
mod portfolio;
mod sow;
mod styles;
mod workshop_agenda;
mod write;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

// ---------------------------------------------------------------------------
// Look: colours, fonts, page geometry (lengths in twentieths of a point).
// ---------------------------------------------------------------------------

/// Dark navy: titles, headings, table header rows.
const ACCENT: &str = "1F3864";
/// Brighter blue: kicker line, bullets, maturity bar.
const ACCENT_MID: &str = "2E74B5";
/// Pale blue: banded rows, call-out boxes, KPI tiles.
const TINT: &str = "EEF3F9";
/// Hairlines between table rows and under headings.
const RULE: &str = "C9D3E0";
/// Body text.
const INK: &str = "262626";
/// Secondary text: labels, header and footer, notes.
const MUTED: &str = "6B7280";
/// Structural tags, so that template logic stands out while editing.
const LOGIC: &str = "7030A0";

const FONT: &str = "Calibri";
const MONO: &str = "Consolas";

/// A4 portrait.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_X: u32 = 1247;
/// Width of the text column: every table is exactly this wide.
const TEXT_W: u32 = PAGE_W - 2 * MARGIN_X;

/// Fixed date for zip entries and document properties.
const FIXED_W3CDTF: &str = "2026-01-01T00:00:00Z";

// ---------------------------------------------------------------------------
// Templates.
// ---------------------------------------------------------------------------

struct Template {
    file: &'static str,
    /// Kind of document, shown in the kicker line and in the header.
    kind: &'static str,
    core_title: &'static str,
    core_subject: &'static str,
    body: String,
}

fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"));
    std::fs::create_dir_all(&out).expect("create output folder");
    let engagement = [
        assessment::template(),
        sow::template(),
        workshop_agenda::template(),
        ensure_report::template(),
    ]
    .map(|t| (t.file, house::package(&t)));
    for (file, bytes) in engagement
        .into_iter()
        .chain([(portfolio::FILE, portfolio::package())])
    {
        let path = out.join(file);
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
}

/// Title block shared by all documents: kicker with the document kind, title,
/// subtitle with a rule under it, then a four-column details table.
fn title_block(kind: &str, title: &str, subtitle: &str, details: &[[&str; 4]]) -> String {
    let mut x = String::new();
    x += &p("TitleKicker", kind);
    x += &p("Title", title);
    x += &p("Subtitle", subtitle);
    let widths = [1560, 3146, 1560, 3146];
    let rows: Vec<String> = details
        .iter()
        .map(|[l1, v1, l2, v2]| {
            row(
                &widths,
                &[
                    p("DetailLabel", l1),
                    p("DetailValue", v1),
                    p("DetailLabel", l2),
                    p("DetailValue", v2),
                ],
                Row::Keep,
            )
        })
        .collect();
    x += &table("DetailsTable", &widths, &rows, false);
    x
}

/// Bulleted list: one `List Bullet` paragraph per item, `empty` when there is none.
fn bullets(var: &str, list: &str, item: &str, empty: &str) -> String {
    let mut x = logic(&format!("{{%p for {var} in {list} %}}"));
    x += &p("ListBullet", item);
    x += &logic("{%p else %}");
    x += &p("Normal", empty);
    x += &logic("{%p endfor %}");
    x
}

/// People table: the customer's contacts, then the provider's consultants.
fn team_table() -> String {
    let w = [2100, 2000, 2400, 2912];
    let rows = vec![
        header_row(&w, &["Name", "Role", "Organisation", "Email"]),
        logic_row(&w, "{%tr for c in customer.contacts %}"),
        row(
            &w,
            &[
                p("TableText", "{{ c.name }}"),
                p("TableText", "{{ c.role }}"),
                p("TableText", "{{ customer.name }}"),
                p("TableText", "{{ c.email }}"),
            ],
            Row::Keep,
        ),
        logic_row(&w, "{%tr endfor %}"),
        logic_row(&w, "{%tr for c in provider.consultants %}"),
        row(
            &w,
            &[
                p("TableText", "{{ c.name }}"),
                p("TableText", "{{ c.role }}"),
                p("TableText", "{{ provider.name }}"),
                p("TableText", "{{ c.email }}"),
            ],
            Row::Keep,
        ),
        logic_row(&w, "{%tr endfor %}"),
    ];
    table("EngagementTable", &w, &rows, true)
}

/// Next steps (`action`, `owner`, `due`): the ensure phase's, or those carried over.
fn steps_table(list: &str) -> String {
    let w = [5000, 2412, 2000];
    let rows = vec![
        header_row(&w, &["Action", "Owner", "Due"]),
        logic_row(&w, &format!("{{%tr for step in {list} %}}")),
        row(
            &w,
            &[
                p("TableText", "{{ step.action }}"),
                p("TableText", "{{ step.owner }}"),
                p(
                    "TableText",
                    "{% if step.due %}{{ step.due|date }}{% endif %}",
                ),
            ],
            Row::Keep,
        ),
        logic_row(&w, "{%tr endfor %}"),
    ];
    table("EngagementTable", &w, &rows, true)
}

fn assessment() -> Template {
    let mut b = title_block(
        "Assessment Summary",
        "{{ engagement.title or engagement.id }}",
        "Prepared for {{ customer.name }} by {{ provider.name }}",
        &[
            [
                "Customer",
                "{{ customer.name }}",
                "Date",
                "{{ iteration.assess.date|date }}",
            ],
            [
                "Industry",
                "{{ customer.industry }}",
                "Iteration",
                "{{ iteration.number }}",
            ],
            [
                "Provider",
                "{{ provider.name }}",
                "Reference",
                "{{ engagement.id }}",
            ],
        ],
    );
    b += &logic("{%p if iteration.carried_over %}");
    b += &p(
        "Heading1",
        "Carried over from iteration {{ iteration.number - 1 }}",
    );
    b += &p_keep(
        "Normal",
        "These next steps were agreed at the end of the previous iteration. They are the starting \
         point of this one:",
    );
    b += &steps_table("iteration.carried_over");
    b += &logic("{%p endif %}");

    b += &p("Heading1", "Cloud maturity");
    b += &p(
        "Normal",
        "Based on our assessment, we place {{ customer.name }} at the following level of cloud maturity:",
    );
    let callout = [
        p("MaturityLevel", "{{ iteration.assess.maturity.label }}"),
        p(
            "MaturityText",
            "{{ iteration.assess.maturity.description }}",
        ),
    ]
    .concat();
    b += &table(
        "CalloutTable",
        &[TEXT_W],
        &[row(&[TEXT_W], &[callout], Row::Keep)],
        false,
    );

    b += &logic("{%p if iteration.assess.reasoning %}");
    b += &p("Heading2", "Why this level");
    b += &p("Normal", "{{ iteration.assess.reasoning }}");
    b += &logic("{%p endif %}");

    b += &p("Heading1", "Findings");
    b += &bullets(
        "finding",
        "iteration.assess.findings",
        "{{ finding }}",
        "No findings were recorded.",
    );

    b += &p("Heading1", "Recommended engagements");
    b += &p_keep(
        "Normal",
        "These engagement types suit the maturity level \u{201c}{{ iteration.assess.maturity.label }}\u{201d}. \
         We recommend choosing one of them for the next step.",
    );
    let w = [2900, 6512];
    let rows = vec![
        header_row(&w, &["Engagement type", "What it delivers"]),
        logic_row(&w, "{%tr for t in iteration.assess.recommended %}"),
        row(
            &w,
            &[
                pr("TableText", &[R::S("Strong", "{{ t.label }}")]),
                p("TableText", "{{ t.description }}"),
            ],
            Row::Keep,
        ),
        logic_row(&w, "{%tr endfor %}"),
    ];
    b += &table("EngagementTable", &w, &rows, true);

    b += &p("Heading1", "Next steps");
    b += &p(
        "Normal",
        "Together we choose the engagement type and agree its goals, success criteria, scope and \
         price in a statement of work. The assessment is repeated at the start of every iteration, \
         because the maturity level may change.",
    );
    b += &p("Heading1", "Contacts");
    b += &team_table();
    Template {
        file: "assessment.docx",
        kind: "Assessment Summary",
        core_title: "Assessment Summary \u{2013} {{ customer.name }}",
        core_subject: "{{ engagement.title or engagement.id }}, iteration {{ iteration.number }}",
        body: b,
    }
}

fn sow() -> Template {
    let c = "iteration.commit";
    let mut b = title_block(
        "Statement of Work",
        "{{ engagement.title or engagement.id }}",
        "Prepared for {{ customer.name }} by {{ provider.name }}",
        &[
            [
                "Customer",
                "{{ customer.name }}",
                "Date",
                "{{ iteration.commit.date|date }}",
            ],
            [
                "Provider",
                "{{ provider.name }}",
                "Iteration",
                "{{ iteration.number }}",
            ],
            [
                "Engagement type",
                "{{ iteration.commit.engagement_type.label }}",
                "Reference",
                "{{ engagement.id }}",
            ],
        ],
    );

    b += &p("Heading1", "Objective");
    b += &p("Normal", "{{ iteration.commit.objective }}");
    b += &logic("{%p if iteration.commit.engagement_type.description %}");
    b += &pr(
        "Normal",
        &[
            R::S("Strong", "{{ iteration.commit.engagement_type.label }}: "),
            R::T("{{ iteration.commit.engagement_type.description }}"),
        ],
    );
    b += &logic("{%p endif %}");

    b += &p("Heading1", "Goals and success criteria");
    b += &p_keep(
        "Normal",
        "A goal is achieved when all of its success criteria are met. At the end of the iteration, \
         the proof-of-execution report states the result of every goal by its ID.",
    );
    let w = [640, 2950, 3122, 1400, 1300];
    let rows = vec![
        header_row(&w, &["ID", "Goal", "Success criteria", "Owner", "Due"]),
        logic_row(&w, &format!("{{%tr for g in {c}.goals %}}")),
        row(
            &w,
            &[
                p("TableText", "{{ g.id }}"),
                [
                    pr("TableText", &[R::S("Strong", "{{ g.title }}")]),
                    logic("{%p if g.description %}"),
                    p("TableText", "{{ g.description }}"),
                    logic("{%p endif %}"),
                ]
                .concat(),
                [
                    logic("{%p for criterion in g.success_criteria %}"),
                    p("TableBullet", "{{ criterion }}"),
                    logic("{%p else %}"),
                    p("TableText", "\u{2014}"),
                    logic("{%p endfor %}"),
                ]
                .concat(),
                p("TableText", "{{ g.owner }}"),
                p("TableText", "{% if g.due %}{{ g.due|date }}{% endif %}"),
            ],
            Row::Body,
        ),
        logic_row(&w, "{%tr endfor %}"),
    ];
    b += &table("EngagementTable", &w, &rows, true);

    b += &p("Heading1", "Scope");
    b += &p("Heading2", "In scope");
    b += &bullets("item", &format!("{c}.scope"), "{{ item }}", "To be agreed.");
    b += &p("Heading2", "Out of scope");
    b += &p(
        "Normal",
        "Anything not listed as in scope is out of scope, in particular:",
    );
    b += &bullets(
        "item",
        &format!("{c}.out_of_scope"),
        "{{ item }}",
        "Nothing further.",
    );

    b += &p("Heading1", "Assumptions");
    b += &p(
        "Normal",
        "This statement of work rests on the following assumptions. If one of them turns out not to \
         hold, both parties agree any change to scope, effort or price in writing.",
    );
    b += &bullets("item", &format!("{c}.assumptions"), "{{ item }}", "None.");

    b += &p("Heading1", "Deliverables");
    b += &bullets("item", &format!("{c}.deliverables"), "{{ item }}", "None.");

    b += &p("Heading1", "Project team");
    b += &team_table();

    b += &p("Heading1", "Effort and price");
    let w = [6212, 3200];
    let rows = vec![
        header_row(&w, &["Item", ">Amount"]),
        row(
            &w,
            &[
                p("TableText", "Effort"),
                p(
                    "TableNumber",
                    "{{ iteration.commit.effort.days|number }} person-days",
                ),
            ],
            Row::Keep,
        ),
        row(
            &w,
            &[
                p("TableText", "Day rate"),
                p(
                    "TableNumber",
                    "{{ iteration.commit.effort.day_rate|money(engagement.currency) }}",
                ),
            ],
            Row::Keep,
        ),
        row(
            &w,
            &[
                pr("TableText", &[R::S("Strong", "Total price")]),
                pr(
                    "TableNumber",
                    &[R::S(
                        "Strong",
                        "{{ iteration.commit.price|money(engagement.currency) }}",
                    )],
                ),
            ],
            Row::Total,
        ),
    ];
    b += &table("EngagementTable", &w, &rows, true);
    b += &p(
        "Note",
        "All amounts are in {{ engagement.currency }} and exclude value added tax.",
    );

    b += &p("Heading1", "Sign-off");
    b += &p_keep(
        "Normal",
        "By signing, both parties accept this statement of work: its objective, goals and success \
         criteria, scope, assumptions, deliverables, effort and price.",
    );
    b += &logic(&format!("{{%p if {c}.signatories %}}"));
    let w = [TEXT_W / 2, TEXT_W - TEXT_W / 2];
    let signer = |i: usize| -> String {
        [
            p("SignatureOrg", &format!("{{{{ pair[{i}].organisation }}}}")),
            p("SignatureSpace", ""),
            p("SignatureLine", "Place, date"),
            p("SignatureSpace", ""),
            p(
                "SignatureLine",
                &format!("{{{{ pair[{i}].name }}}}{{% if pair[{i}].role %}}, {{{{ pair[{i}].role }}}}{{% endif %}}"),
            ),
        ]
        .concat()
    };
    let rows = vec![
        logic_row(
            &w,
            &format!("{{%tr for pair in {c}.signatories|batch(2) %}}"),
        ),
        row(
            &w,
            &[
                signer(0),
                [
                    logic("{%p if pair|length == 2 %}"),
                    signer(1),
                    logic("{%p else %}"),
                    p("SignatureOrg", ""),
                    logic("{%p endif %}"),
                ]
                .concat(),
            ],
            Row::Keep,
        ),
        logic_row(&w, "{%tr endfor %}"),
    ];
    b += &table("SignatureTable", &w, &rows, false);
    b += &logic("{%p else %}");
    b += &p("Note", "No signatories are named yet.");
    b += &logic("{%p endif %}");
    Template {
        file: "sow.docx",
        kind: "Statement of Work",
        core_title: "Statement of Work \u{2013} {{ customer.name }}",
        core_subject: "{{ engagement.title or engagement.id }}, iteration {{ iteration.number }}",
        body: b,
    }
}

fn workshop_agenda() -> Template {
    let mut b = title_block(
        "Workshop Agenda",
        "{{ workshop.title }}",
        "{{ engagement.title or engagement.id }} \u{00b7} {{ customer.name }}",
        &[
            [
                "Date",
                "{{ workshop.date|date }}",
                "Customer",
                "{{ customer.name }}",
            ],
            [
                "Time",
                "{% if workshop.start %}{{ workshop.start }}\u{2013}{{ workshop.end }}{% endif %}",
                "Provider",
                "{{ provider.name }}",
            ],
            [
                "Location",
                "{{ workshop.location }}",
                "Iteration",
                "{{ iteration.number }}",
            ],
            [
                "Format",
                "{% if workshop.type %}{{ workshop.type.label }}\
                 {% elif iteration.commit %}{{ iteration.commit.engagement_type.label }}{% endif %}",
                "Reference",
                "{{ engagement.id }} / {{ workshop.id }}",
            ],
        ],
    );

    b += &p("Heading1", "Agenda");
    let w = [1400, 1000, 4412, 2600];
    let rows = vec![
        header_row(&w, &["Time", ">Minutes", "Topic", "Presenter"]),
        logic_row(&w, "{%tr for item in workshop.agenda %}"),
        row(
            &w,
            &[
                p("TableText", "{{ item.start }}\u{2013}{{ item.end }}"),
                p("TableNumber", "{{ item.duration }}"),
                p("TableText", "{{ item.topic }}"),
                p("TableText", "{{ item.presenter }}"),
            ],
            Row::Keep,
        ),
        logic_row(&w, "{%tr endfor %}"),
    ];
    b += &table("EngagementTable", &w, &rows, true);

    b += &logic("{%p if iteration.commit %}");
    b += &p("Heading1", "Goals we work on");
    b += &p(
        "Normal",
        "This workshop contributes to the goals agreed in the statement of work:",
    );
    b += &bullets(
        "g",
        "iteration.commit.goals",
        "{{ g.id }} \u{2013} {{ g.title }}",
        "No goals are committed yet.",
    );
    b += &logic("{%p endif %}");

    b += &p("Heading1", "Facilitators");
    b += &bullets("f", "workshop.facilitators", "{{ f }}", "To be announced.");

    b += &p("Heading1", "Participants");
    let w = [2100, 2000, 2400, 2912];
    let rows = vec![
        header_row(&w, &["Name", "Role", "Organisation", "Email"]),
        logic_row(&w, "{%tr for a in workshop.attendees %}"),
        row(
            &w,
            &[
                p("TableText", "{{ a.name }}"),
                p("TableText", "{{ a.role }}"),
                p("TableText", "{{ a.organisation }}"),
                p("TableText", "{{ a.email }}"),
            ],
            Row::Keep,
        ),
        logic_row(&w, "{%tr endfor %}"),
    ];
    b += &table("EngagementTable", &w, &rows, true);

    b += &p("Heading1", "Materials");
    b += &bullets(
        "m",
        "workshop.materials",
        "{{ m }}",
        "No materials are needed.",
    );
    Template {
        file: "workshop-agenda.docx",
        kind: "Workshop Agenda",
        core_title: "Workshop Agenda \u{2013} {{ workshop.title }}",
        core_subject: "{{ engagement.title or engagement.id }}, iteration {{ iteration.number }}, {{ customer.name }}",
        body: b,
    }
}

fn ensure_report() -> Template {
    let s = "iteration.ensure.summary";
    let mut b = title_block(
        "Proof of Execution",
        "{{ engagement.title or engagement.id }}",
        "Prepared for {{ customer.name }} by {{ provider.name }}",
        &[
            [
                "Customer",
                "{{ customer.name }}",
                "Report date",
                "{{ iteration.ensure.date|date }}",
            ],
            [
                "Provider",
                "{{ provider.name }}",
                "Iteration",
                "{{ iteration.number }}",
            ],
            [
                "Engagement type",
                "{{ iteration.commit.engagement_type.label }}",
                "SOW date",
                "{{ iteration.commit.date|date }}",
            ],
        ],
    );

    b += &p("Heading1", "Summary");
    b += &p_keep(
        "Normal",
        &format!(
            "Goals achieved: {{{{ {s}.achieved }}}} of {{{{ {s}.total }}}} committed in the statement \
             of work ({{{{ {s}.share|percent }}}})."
        ),
    );
    let kpis = [
        ("total", "Committed"),
        ("achieved", "Achieved"),
        ("partially_achieved", "Partially achieved"),
        ("not_achieved", "Not achieved"),
        ("not_reported", "Not reported"),
    ];
    let n = kpis.len() as u32 + 1;
    let mut w: Vec<u32> = vec![TEXT_W / n; n as usize];
    w[0] += TEXT_W - w.iter().sum::<u32>();
    let mut values: Vec<String> = kpis
        .iter()
        .map(|(k, _)| p("KpiValue", &format!("{{{{ {s}.{k} }}}}")))
        .collect();
    values.push(p("KpiValue", &format!("{{{{ {s}.share|percent }}}}")));
    let mut labels: Vec<String> = kpis.iter().map(|(_, l)| p("KpiLabel", l)).collect();
    labels.push(p("KpiLabel", "Share achieved"));
    b += &table(
        "KpiTable",
        &w,
        &[row(&w, &values, Row::Keep), row(&w, &labels, Row::Keep)],
        false,
    );

    b += &p("Heading1", "Results by goal");
    b += &p_keep(
        "Normal",
        "Every goal committed in the statement of work of {{ iteration.commit.date|date }}, with its \
         success criteria, the status reached and the evidence for it.",
    );
    let w = [760, 3300, 1550, 3802];
    let rows = vec![
        header_row(
            &w,
            &["ID", "Goal and success criteria", "Status", "Evidence"],
        ),
        logic_row(&w, "{%tr for g in iteration.commit.goals %}"),
        row(
            &w,
            &[
                p("TableText", "{{ g.id }}"),
                [
                    pr("TableText", &[R::S("Strong", "{{ g.title }}")]),
                    logic("{%p for criterion in g.success_criteria %}"),
                    p("TableBullet", "{{ criterion }}"),
                    logic("{%p endfor %}"),
                ]
                .concat(),
                [
                    logic("{%p if not g.result or not g.result.reported %}"),
                    pr(
                        "TableText",
                        &[R::S("StatusNotReported", "\u{25cf} Not reported")],
                    ),
                    logic("{%p elif g.result.status == \"achieved\" %}"),
                    pr(
                        "TableText",
                        &[R::S(
                            "StatusAchieved",
                            "\u{25cf} {{ g.result.status_label }}",
                        )],
                    ),
                    logic("{%p elif g.result.status == \"not-achieved\" %}"),
                    pr(
                        "TableText",
                        &[R::S(
                            "StatusNotAchieved",
                            "\u{25cf} {{ g.result.status_label }}",
                        )],
                    ),
                    logic("{%p else %}"),
                    pr(
                        "TableText",
                        &[R::S(
                            "StatusPartial",
                            "\u{25cf} {{ g.result.status_label }}",
                        )],
                    ),
                    logic("{%p endif %}"),
                ]
                .concat(),
                [
                    logic("{%p if g.result and g.result.reported %}"),
                    p("TableText", "{{ g.result.evidence }}"),
                    logic("{%p if g.result.notes %}"),
                    p("TableNote", "{{ g.result.notes }}"),
                    logic("{%p endif %}"),
                    logic("{%p else %}"),
                    p("TableNote", "No result was reported for this goal."),
                    logic("{%p endif %}"),
                ]
                .concat(),
            ],
            Row::Body,
        ),
        logic_row(&w, "{%tr endfor %}"),
    ];
    b += &table("EngagementTable", &w, &rows, true);

    b += &p("Heading1", "Goals not reported");
    b += &logic("{%p if iteration.ensure.not_reported %}");
    b += &p(
        "Normal",
        "No result was reported for these committed goals. They stay open and are carried into the \
         next iteration:",
    );
    b += &logic("{%p for g in iteration.ensure.not_reported %}");
    b += &p("ListBullet", "{{ g.id }} \u{2013} {{ g.title }}");
    b += &logic("{%p endfor %}");
    b += &logic("{%p else %}");
    b += &p("Normal", "A result was reported for every committed goal.");
    b += &logic("{%p endif %}");

    b += &p("Heading1", "Next steps");
    b += &p_keep(
        "Normal",
        "These next steps start iteration {{ iteration.number + 1 }}: we assess the cloud maturity \
         again and commit the next goals in a new statement of work.",
    );
    b += &steps_table("iteration.ensure.next_steps");
    Template {
        file: "ensure-report.docx",
        kind: "Proof of Execution",
        core_title: "Proof of Execution \u{2013} {{ customer.name }}",
        core_subject: "{{ engagement.title or engagement.id }}, iteration {{ iteration.number }}",
        body: b,
    }
}

// ---------------------------------------------------------------------------
// WordprocessingML building blocks. Each returns XML text; element order
// inside every *Pr follows the schema sequence.
// ---------------------------------------------------------------------------

/// Escapes text for XML element content and attribute values.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

/// A run: plain text, or text in a character style.
enum R<'a> {
    T(&'a str),
    S(&'a str, &'a str),
}

fn run(style: Option<&str>, text: &str) -> String {
    let rpr = style
        .map(|s| format!("<w:rPr><w:rStyle w:val=\"{s}\"/></w:rPr>"))
        .unwrap_or_default();
    if text.is_empty() {
        return String::new();
    }
    format!(
        "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(text)
    )
}

/// A paragraph of runs in a paragraph style (`Normal` gets no pStyle).
fn pr(style: &str, runs: &[R]) -> String {
    let mut x = String::from("<w:p>");
    if style != "Normal" {
        write!(x, "<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>").unwrap();
    }
    for r in runs {
        x += &match r {
            R::T(t) => run(None, t),
            R::S(s, t) => run(Some(s), t),
        };
    }
    x += "</w:p>";
    x
}

fn p(style: &str, text: &str) -> String {
    pr(style, &[R::T(text)])
}

/// A paragraph kept on the same page as the next one (a lead-in to a table).
fn p_keep(style: &str, text: &str) -> String {
    let x = p(style, text);
    match x.strip_prefix("<w:p><w:pPr><w:pStyle") {
        Some(_) => x.replacen("/></w:pPr>", "/><w:keepNext/></w:pPr>", 1),
        None => x.replacen("<w:p>", "<w:p><w:pPr><w:keepNext/></w:pPr>", 1),
    }
}

/// A paragraph holding only a structural tag.
fn logic(tag: &str) -> String {
    p("TemplateLogic", tag)
}

/// A complex field (`PAGE`, `NUMPAGES`) with a cached result.
fn field(instr: &str, cached: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> {instr} </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
         <w:r><w:t>{cached}</w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Row {
    /// Repeated at the top of every page.
    Header,
    /// Ordinary row; may break across pages.
    Body,
    /// Kept on one page.
    Keep,
    /// Last row with a rule above it.
    Total,
}

fn cell(width: u32, span: usize, content: &str, top_rule: bool) -> String {
    let mut x = format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if span > 1 {
        write!(x, "<w:gridSpan w:val=\"{span}\"/>").unwrap();
    }
    if top_rule {
        write!(x, "<w:tcBorders><w:top w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"{ACCENT}\"/></w:tcBorders>")
            .unwrap();
    }
    x += "</w:tcPr>";
    x += if content.is_empty() {
        "<w:p/>"
    } else {
        content
    };
    x += "</w:tc>";
    x
}

fn row(widths: &[u32], cells: &[String], kind: Row) -> String {
    assert_eq!(widths.len(), cells.len(), "one cell per column");
    let trpr = match kind {
        Row::Header => "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        Row::Keep | Row::Total => "<w:trPr><w:cantSplit/></w:trPr>",
        Row::Body => "",
    };
    let mut x = format!("<w:tr>{trpr}");
    for (w, c) in widths.iter().zip(cells) {
        x += &cell(*w, 1, c, kind == Row::Total);
    }
    x += "</w:tr>";
    x
}

fn header_row(widths: &[u32], labels: &[&str]) -> String {
    // A label starting with '>' is right-aligned, over a column of amounts.
    let cells: Vec<String> = labels
        .iter()
        .map(|l| match l.strip_prefix('>') {
            Some(l) => p("TableHeadingRight", l),
            None => p("TableHeading", l),
        })
        .collect();
    row(widths, &cells, Row::Header)
}

/// A row holding only a structural `{%tr %}` tag, one cell across the table.
fn logic_row(widths: &[u32], tag: &str) -> String {
    format!(
        "<w:tr>{}</w:tr>",
        cell(widths.iter().sum(), widths.len(), &logic(tag), false)
    )
}

/// A table as wide as the text column, with fixed column widths.
fn table(style: &str, widths: &[u32], rows: &[String], header: bool) -> String {
    assert_eq!(
        widths.iter().sum::<u32>(),
        TEXT_W,
        "{style}: columns must fill the text width"
    );
    let look = if header {
        r#"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>"#
    } else {
        r#"<w:tblLook w:val="0400" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>"#
    };
    let mut x = format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"{style}\"/><w:tblW w:w=\"{TEXT_W}\" w:type=\"dxa\"/>\
         <w:tblLayout w:type=\"fixed\"/>{look}</w:tblPr><w:tblGrid>"
    );
    for w in widths {
        write!(x, "<w:gridCol w:w=\"{w}\"/>").unwrap();
    }
    x += "</w:tblGrid>";
    for r in rows {
        x += r;
    }
    x += "</w:tbl>";
    // A small paragraph after every table: it keeps two tables apart, ends
    // the body with a paragraph as Word expects, and works around LibreOffice
    // ignoring "keep with next" on a heading that directly follows a table.
    x += &p("AfterTable", "");
    x
}

// ---------------------------------------------------------------------------
// Package parts.
// ---------------------------------------------------------------------------

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn package(t: &Template) -> Vec<u8> {
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", root_rels()),
        ("docProps/core.xml", core_props(t)),
        ("docProps/app.xml", app_props()),
        ("word/document.xml", document(t)),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/styles.xml", styles()),
        ("word/numbering.xml", numbering()),
        ("word/settings.xml", settings()),
        ("word/fontTable.xml", font_table()),
        ("word/theme/theme1.xml", theme()),
        ("word/header1.xml", header(t)),
        ("word/footer1.xml", footer()),
    ];
    let time = DateTime::from_date_and_time(2026, 1, 1, 0, 0, 0).expect("valid date");
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, xml) in parts {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(xml.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

fn content_types() -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut x = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    for (part, ty) in [
        ("/word/document.xml", format!("{wml}.document.main+xml")),
        ("/word/styles.xml", format!("{wml}.styles+xml")),
        ("/word/numbering.xml", format!("{wml}.numbering+xml")),
        ("/word/settings.xml", format!("{wml}.settings+xml")),
        ("/word/fontTable.xml", format!("{wml}.fontTable+xml")),
        ("/word/header1.xml", format!("{wml}.header+xml")),
        ("/word/footer1.xml", format!("{wml}.footer+xml")),
        (
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".into(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
        ),
    ] {
        write!(x, "<Override PartName=\"{part}\" ContentType=\"{ty}\"/>").unwrap();
    }
    x += "</Types>";
    x
}

fn rels(entries: &[(&str, &str, &str)]) -> String {
    let mut x = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    for (id, ty, target) in entries {
        write!(
            x,
            "<Relationship Id=\"{id}\" Type=\"{ty}\" Target=\"{target}\"/>"
        )
        .unwrap();
    }
    x += "</Relationships>";
    x
}

fn root_rels() -> String {
    rels(&[
        (
            "rId1",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        (
            "rId3",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
            "docProps/app.xml",
        ),
    ])
}

fn document_rels() -> String {
    let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let e =
        |id: &'static str, kind: &str, target: &'static str| (id, format!("{base}/{kind}"), target);
    let list = [
        e("rId1", "styles", "styles.xml"),
        e("rId2", "numbering", "numbering.xml"),
        e("rId3", "settings", "settings.xml"),
        e("rId4", "fontTable", "fontTable.xml"),
        e("rId5", "theme", "theme/theme1.xml"),
        e("rId6", "header", "header1.xml"),
        e("rId7", "footer", "footer1.xml"),
    ];
    let refs: Vec<(&str, &str, &str)> = list.iter().map(|(a, b, c)| (*a, b.as_str(), *c)).collect();
    rels(&refs)
}

fn core_props(t: &Template) -> String {
    format!(
        "{XML_DECL}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{{{{ provider.name }}}}</dc:creator>\
         <cp:keywords>{}</cp:keywords><cp:lastModifiedBy>engagekit</cp:lastModifiedBy><cp:revision>1</cp:revision>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{FIXED_W3CDTF}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{FIXED_W3CDTF}</dcterms:modified></cp:coreProperties>",
        esc(t.core_title),
        esc(t.core_subject),
        esc(t.kind),
    )
}

fn app_props() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>engagekit</Application>\
         <DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>\
         <LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
         <HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )
}

fn document(t: &Template) -> String {
    format!(
        "{XML_DECL}<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:body>{}\
         <w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId6\"/>\
         <w:footerReference w:type=\"default\" r:id=\"rId7\"/>\
         <w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
         <w:pgMar w:top=\"1417\" w:right=\"{MARGIN_X}\" w:bottom=\"1304\" w:left=\"{MARGIN_X}\" \
         w:header=\"624\" w:footer=\"567\" w:gutter=\"0\"/>\
         <w:cols w:space=\"708\"/><w:docGrid w:linePitch=\"360\"/></w:sectPr></w:body></w:document>",
        t.body
    )
}

fn header(t: &Template) -> String {
    format!(
        "{XML_DECL}<w:hdr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>\
         {}<w:r><w:tab/></w:r>{}</w:p></w:hdr>",
        run(Some("Strong"), "{{ provider.name }}"),
        run(
            None,
            &format!("{} \u{00b7} {{{{ customer.name }}}}", t.kind)
        ),
    )
}

fn footer() -> String {
    format!(
        "{XML_DECL}<w:ftr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>\
         {}<w:r><w:tab/></w:r>{}{}{}{}</w:p></w:ftr>",
        run(
            None,
            "{{ engagement.title or engagement.id }} \u{00b7} Iteration {{ iteration.number }}"
        ),
        run(None, "Page "),
        field("PAGE", "1"),
        run(None, " of "),
        field("NUMPAGES", "1"),
    )
}

fn settings() -> String {
    format!(
        "{XML_DECL}<w:settings xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:zoom w:percent=\"100\"/>\
         <w:defaultTabStop w:val=\"709\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>\
         <w:compatSetting w:name=\"overrideTableStyleFontSizeAndJustification\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
         <w:compatSetting w:name=\"enableOpenTypeFeatures\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
         <w:compatSetting w:name=\"doNotFlipMirrorIndents\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
         </w:compat><w:themeFontLang w:val=\"en-US\"/>\
         <w:clrSchemeMapping w:bg1=\"light1\" w:t1=\"dark1\" w:bg2=\"light2\" w:t2=\"dark2\" w:accent1=\"accent1\" \
         w:accent2=\"accent2\" w:accent3=\"accent3\" w:accent4=\"accent4\" w:accent5=\"accent5\" w:accent6=\"accent6\" \
         w:hyperlink=\"hyperlink\" w:followedHyperlink=\"followedHyperlink\"/>\
         <w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/></w:settings>"
    )
}

fn font_table() -> String {
    format!(
        "{XML_DECL}<w:fonts xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\">\
         <w:font w:name=\"{FONT}\"><w:altName w:val=\"Carlito\"/><w:panose1 w:val=\"020F0502020204030204\"/>\
         <w:charset w:val=\"00\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font>\
         <w:font w:name=\"{MONO}\"><w:panose1 w:val=\"020B0609020204030204\"/><w:charset w:val=\"00\"/>\
         <w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>\
         <w:font w:name=\"Times New Roman\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/>\
         <w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    )
}

/// Bullets: level 0 a round bullet in the accent colour, then a dash and a square.
fn numbering() -> String {
    let mut x = format!(
        "{XML_DECL}<w:numbering xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:abstractNum w:abstractNumId=\"0\">\
         <w:nsid w:val=\"3A7C1E52\"/><w:multiLevelType w:val=\"hybridMultilevel\"/>"
    );
    for (lvl, glyph) in ["\u{2022}", "\u{2013}", "\u{25aa}"].iter().enumerate() {
        let left = 357 * (lvl as u32 + 1);
        let pstyle = if lvl == 0 {
            "<w:pStyle w:val=\"ListBullet\"/>"
        } else {
            ""
        };
        write!(
            x,
            "<w:lvl w:ilvl=\"{lvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>{pstyle}\
             <w:lvlText w:val=\"{glyph}\"/><w:lvlJc w:val=\"left\"/>\
             <w:pPr><w:ind w:left=\"{left}\" w:hanging=\"357\"/></w:pPr>\
             <w:rPr><w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:cs=\"{FONT}\"/><w:color w:val=\"{ACCENT_MID}\"/></w:rPr></w:lvl>"
        )
        .unwrap();
    }
    x +=
        "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
    x
}

// ---------------------------------------------------------------------------
// Styles.
// ---------------------------------------------------------------------------

/// What a style definition holds besides its id and type.
struct St<'a> {
    name: &'a str,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    ui: u32,
    quick: bool,
    ppr: &'a str,
    rpr: &'a str,
    /// Table styles: tblPr, trPr, tcPr and tblStylePr elements, in that order.
    table: &'a str,
}

const ST: St<'static> = St {
    name: "",
    based_on: None,
    next: None,
    ui: 99,
    quick: false,
    ppr: "",
    rpr: "",
    table: "",
};

fn style(kind: &str, id: &str, default: bool, s: St) -> String {
    let mut x = format!("<w:style w:type=\"{kind}\"");
    if default {
        x += " w:default=\"1\"";
    }
    write!(x, " w:styleId=\"{id}\"><w:name w:val=\"{}\"/>", s.name).unwrap();
    if let Some(b) = s.based_on {
        write!(x, "<w:basedOn w:val=\"{b}\"/>").unwrap();
    }
    if let Some(n) = s.next {
        write!(x, "<w:next w:val=\"{n}\"/>").unwrap();
    }
    write!(x, "<w:uiPriority w:val=\"{}\"/>", s.ui).unwrap();
    if s.quick {
        x += "<w:qFormat/>";
    }
    if !s.ppr.is_empty() {
        write!(x, "<w:pPr>{}</w:pPr>", s.ppr).unwrap();
    }
    if !s.rpr.is_empty() {
        write!(x, "<w:rPr>{}</w:rPr>", s.rpr).unwrap();
    }
    x += s.table;
    x += "</w:style>";
    x
}

fn styles() -> String {
    let color = |c: &str| format!("<w:color w:val=\"{c}\"/>");
    let sz = |half_points: u32| {
        format!("<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>")
    };
    let bdr = |side: &str, size: u32, space: u32, c: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"{size}\" w:space=\"{space}\" w:color=\"{c}\"/>")
    };
    let shd = |fill: &str| format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>");
    let cell_mar = |top: u32, side: u32| {
        format!(
            "<w:tblCellMar><w:top w:w=\"{top}\" w:type=\"dxa\"/><w:left w:w=\"{side}\" w:type=\"dxa\"/>\
             <w:bottom w:w=\"{top}\" w:type=\"dxa\"/><w:right w:w=\"{side}\" w:type=\"dxa\"/></w:tblCellMar>"
        )
    };

    let mut x = format!(
        "{XML_DECL}<w:styles xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"{FONT}\" w:eastAsia=\"{FONT}\" w:hAnsi=\"{FONT}\" w:cs=\"{FONT}\"/>{}{}\
         <w:lang w:val=\"en-US\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>\
         </w:docDefaults>",
        color(INK),
        sz(21)
    );

    // Defaults Word expects.
    x += &style(
        "paragraph",
        "Normal",
        true,
        St {
            name: "Normal",
            ui: 0,
            quick: true,
            ..ST
        },
    );
    x += &style(
        "character",
        "DefaultParagraphFont",
        true,
        St {
            name: "Default Paragraph Font",
            ui: 1,
            ..ST
        },
    );
    x += &style(
        "table",
        "TableNormal",
        true,
        St {
            name: "Normal Table",
            table: "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>\
                    <w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/>\
                    <w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>",
            ..ST
        },
    );
    x += &style(
        "numbering",
        "NoList",
        true,
        St {
            name: "No List",
            ..ST
        },
    );

    // Title block.
    let kicker_r = format!(
        "<w:b/><w:bCs/><w:caps/>{}<w:spacing w:val=\"30\"/>{}",
        color(ACCENT_MID),
        sz(20)
    );
    x += &style(
        "paragraph",
        "TitleKicker",
        false,
        St {
            name: "Title Kicker",
            based_on: Some("Normal"),
            next: Some("Title"),
            ui: 9,
            quick: true,
            ppr: "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"40\"/>",
            rpr: &kicker_r,
            ..ST
        },
    );
    let title_r = format!(
        "<w:b/><w:bCs/>{}<w:kern w:val=\"28\"/>{}",
        color(ACCENT),
        sz(52)
    );
    x += &style(
        "paragraph",
        "Title",
        false,
        St {
            name: "Title",
            based_on: Some("Normal"),
            next: Some("Subtitle"),
            ui: 10,
            quick: true,
            ppr: "<w:keepNext/><w:spacing w:after=\"80\" w:line=\"240\" w:lineRule=\"auto\"/>",
            rpr: &title_r,
            ..ST
        },
    );
    let subtitle_p = format!(
        "<w:keepNext/><w:pBdr>{}</w:pBdr><w:spacing w:after=\"200\"/>",
        bdr("bottom", 18, 10, ACCENT)
    );
    let subtitle_r = format!("{}{}", color(MUTED), sz(26));
    x += &style(
        "paragraph",
        "Subtitle",
        false,
        St {
            name: "Subtitle",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ui: 11,
            quick: true,
            ppr: &subtitle_p,
            rpr: &subtitle_r,
            ..ST
        },
    );

    // Headings.
    let h1_p = format!(
        "<w:keepNext/><w:keepLines/><w:pBdr>{}</w:pBdr><w:spacing w:before=\"400\" w:after=\"160\"/>\
         <w:outlineLvl w:val=\"0\"/>",
        bdr("bottom", 6, 4, RULE)
    );
    let h1_r = format!("<w:b/><w:bCs/>{}{}", color(ACCENT), sz(30));
    let h2_r = format!("<w:b/><w:bCs/>{}{}", color(ACCENT_MID), sz(24));
    let h3_r = format!("<w:b/><w:bCs/>{}{}", color(INK), sz(21));
    for (id, name, ppr, rpr) in [
        ("Heading1", "heading 1", h1_p, h1_r),
        (
            "Heading2",
            "heading 2",
            "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/>".into(),
            h2_r,
        ),
        (
            "Heading3",
            "heading 3",
            "<w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"60\"/><w:outlineLvl w:val=\"2\"/>".into(),
            h3_r,
        ),
    ] {
        x += &style(
            "paragraph",
            id,
            false,
            St {
                name,
                based_on: Some("Normal"),
                next: Some("Normal"),
                ui: 9,
                quick: true,
                ppr: &ppr,
                rpr: &rpr,
                ..ST
            },
        );
    }

    // Lists and notes.
    x += &style(
        "paragraph",
        "ListBullet",
        false,
        St {
            name: "List Bullet",
            based_on: Some("Normal"),
            ui: 36,
            quick: true,
            ppr: "<w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"60\"/>",
            ..ST
        },
    );
    let note_r = format!("<w:i/><w:iCs/>{}{}", color(MUTED), sz(18));
    x += &style(
        "paragraph",
        "Note",
        false,
        St {
            name: "Note",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ui: 20,
            quick: true,
            ppr: "<w:spacing w:before=\"80\"/>",
            rpr: &note_r,
            ..ST
        },
    );
    let logic_r = format!(
        "<w:rFonts w:ascii=\"{MONO}\" w:hAnsi=\"{MONO}\" w:cs=\"{MONO}\"/>{}{}",
        color(LOGIC),
        sz(16)
    );
    x += &style(
        "paragraph",
        "TemplateLogic",
        false,
        St {
            name: "Template Logic",
            based_on: Some("Normal"),
            ui: 30,
            quick: true,
            ppr: "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
            rpr: &logic_r,
            ..ST
        },
    );

    // Maturity call-out (inside a one-cell "Callout Table").
    let level_r = format!("<w:b/><w:bCs/>{}{}", color(ACCENT), sz(32));
    x += &style(
        "paragraph",
        "MaturityLevel",
        false,
        St {
            name: "Maturity Level",
            based_on: Some("Normal"),
            next: Some("MaturityText"),
            ui: 21,
            quick: true,
            ppr: "<w:keepNext/><w:spacing w:before=\"0\" w:after=\"40\"/>",
            rpr: &level_r,
            ..ST
        },
    );
    x += &style(
        "paragraph",
        "MaturityText",
        false,
        St {
            name: "Maturity Description",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ui: 21,
            quick: true,
            ppr: "<w:spacing w:after=\"0\"/>",
            ..ST
        },
    );

    // Header and footer.
    let hf_r = format!("{}{}", color(MUTED), sz(16));
    let tabs = format!("<w:tabs><w:tab w:val=\"right\" w:pos=\"{TEXT_W}\"/></w:tabs>");
    let header_p = format!(
        "<w:pBdr>{}</w:pBdr>{tabs}<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        bdr("bottom", 4, 6, RULE)
    );
    let footer_p = format!(
        "<w:pBdr>{}</w:pBdr>{tabs}<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        bdr("top", 4, 6, RULE)
    );
    x += &style(
        "paragraph",
        "Header",
        false,
        St {
            name: "header",
            based_on: Some("Normal"),
            ui: 99,
            ppr: &header_p,
            rpr: &hf_r,
            ..ST
        },
    );
    x += &style(
        "paragraph",
        "Footer",
        false,
        St {
            name: "footer",
            based_on: Some("Normal"),
            ui: 99,
            ppr: &footer_p,
            rpr: &hf_r,
            ..ST
        },
    );

    // Table paragraphs.
    x += &style(
        "paragraph",
        "TableText",
        false,
        St {
            name: "Table Text",
            based_on: Some("Normal"),
            ui: 40,
            quick: true,
            ppr: "<w:spacing w:before=\"30\" w:after=\"30\" w:line=\"240\" w:lineRule=\"auto\"/>",
            rpr: &sz(19),
            ..ST
        },
    );
    x += &style(
        "paragraph",
        "TableHeading",
        false,
        St {
            name: "Table Heading",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            ppr: "<w:keepNext/>",
            rpr: "<w:b/><w:bCs/>",
            ..ST
        },
    );
    x += &style(
        "paragraph",
        "TableHeadingRight",
        false,
        St {
            name: "Table Heading Right",
            based_on: Some("TableHeading"),
            ui: 40,
            quick: true,
            ppr: "<w:jc w:val=\"right\"/>",
            ..ST
        },
    );
    x += &style(
        "paragraph",
        "TableNumber",
        false,
        St {
            name: "Table Number",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            ppr: "<w:jc w:val=\"right\"/>",
            ..ST
        },
    );
    x += &style(
        "paragraph",
        "TableBullet",
        false,
        St {
            name: "Table Bullet",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            ppr: "<w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:before=\"0\" w:after=\"20\"/>\
                  <w:ind w:left=\"227\" w:hanging=\"227\"/>",
            ..ST
        },
    );
    let table_note_r = format!("<w:i/><w:iCs/>{}{}", color(MUTED), sz(17));
    x += &style(
        "paragraph",
        "TableNote",
        false,
        St {
            name: "Table Note",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            rpr: &table_note_r,
            ..ST
        },
    );
    let label_r = format!(
        "<w:b/><w:bCs/><w:caps/>{}<w:spacing w:val=\"10\"/>{}",
        color(MUTED),
        sz(15)
    );
    x += &style(
        "paragraph",
        "DetailLabel",
        false,
        St {
            name: "Detail Label",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            ppr: "<w:spacing w:before=\"50\" w:after=\"30\"/>",
            rpr: &label_r,
            ..ST
        },
    );
    x += &style(
        "paragraph",
        "DetailValue",
        false,
        St {
            name: "Detail Value",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            rpr: &sz(20),
            ..ST
        },
    );
    let kpi_v = format!("<w:b/><w:bCs/>{}{}", color(ACCENT), sz(40));
    x += &style(
        "paragraph",
        "KpiValue",
        false,
        St {
            name: "KPI Value",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            ppr: "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"0\"/><w:jc w:val=\"center\"/>",
            rpr: &kpi_v,
            ..ST
        },
    );
    let kpi_l = format!(
        "<w:caps/>{}<w:spacing w:val=\"6\"/>{}",
        color(MUTED),
        sz(15)
    );
    x += &style(
        "paragraph",
        "KpiLabel",
        false,
        St {
            name: "KPI Label",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            ppr: "<w:spacing w:before=\"0\" w:after=\"120\"/><w:jc w:val=\"center\"/>",
            rpr: &kpi_l,
            ..ST
        },
    );

    // Sign-off block.
    x += &style(
        "paragraph",
        "SignatureOrg",
        false,
        St {
            name: "Signature Organisation",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            ppr: "<w:keepNext/><w:spacing w:before=\"480\"/>",
            rpr: "<w:b/><w:bCs/>",
            ..ST
        },
    );
    x += &style(
        "paragraph",
        "SignatureSpace",
        false,
        St {
            name: "Signature Space",
            based_on: Some("TableText"),
            ui: 40,
            ppr: "<w:keepNext/><w:spacing w:before=\"560\" w:after=\"0\"/>",
            ..ST
        },
    );
    let sig_p = format!(
        "<w:keepNext/><w:pBdr>{}</w:pBdr><w:spacing w:before=\"0\" w:after=\"0\"/><w:ind w:right=\"567\"/>",
        bdr("top", 6, 2, "404040")
    );
    let sig_r = format!("{}{}", color(MUTED), sz(17));
    x += &style(
        "paragraph",
        "SignatureLine",
        false,
        St {
            name: "Signature Line",
            based_on: Some("TableText"),
            ui: 40,
            quick: true,
            ppr: &sig_p,
            rpr: &sig_r,
            ..ST
        },
    );

    x += &style(
        "paragraph",
        "AfterTable",
        false,
        St {
            name: "After Table",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ui: 40,
            ppr: "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/>",
            rpr: &sz(8),
            ..ST
        },
    );

    // Character styles.
    x += &style(
        "character",
        "Strong",
        false,
        St {
            name: "Strong",
            based_on: Some("DefaultParagraphFont"),
            ui: 22,
            quick: true,
            rpr: "<w:b/><w:bCs/>",
            ..ST
        },
    );
    for (id, name, c) in [
        ("StatusAchieved", "Status Achieved", "2E7D32"),
        ("StatusPartial", "Status Partially Achieved", "B7791F"),
        ("StatusNotAchieved", "Status Not Achieved", "C62828"),
        ("StatusNotReported", "Status Not Reported", MUTED),
    ] {
        let rpr = format!("<w:b/><w:bCs/>{}", color(c));
        x += &style(
            "character",
            id,
            false,
            St {
                name,
                based_on: Some("DefaultParagraphFont"),
                ui: 40,
                quick: true,
                rpr: &rpr,
                ..ST
            },
        );
    }

    // Table styles.
    let eng = format!(
        "<w:tblPr><w:tblStyleRowBandSize w:val=\"1\"/><w:tblBorders>{}{}{}</w:tblBorders>{}</w:tblPr>\
         <w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/><w:color w:val=\"FFFFFF\"/></w:rPr>\
         <w:tblPr/><w:trPr><w:tblHeader/></w:trPr><w:tcPr>{}</w:tcPr></w:tblStylePr>\
         <w:tblStylePr w:type=\"band2Horz\"><w:tblPr/><w:tcPr>{}</w:tcPr></w:tblStylePr>",
        bdr("top", 8, 0, ACCENT),
        bdr("bottom", 8, 0, ACCENT),
        bdr("insideH", 4, 0, RULE),
        cell_mar(40, 100),
        shd(ACCENT),
        shd(TINT),
    );
    x += &style(
        "table",
        "EngagementTable",
        false,
        St {
            name: "Engagement Table",
            based_on: Some("TableNormal"),
            ui: 40,
            ppr: "<w:spacing w:after=\"0\"/>",
            table: &eng,
            ..ST
        },
    );
    let details = format!(
        "<w:tblPr><w:tblBorders>{}{}</w:tblBorders>{}</w:tblPr>",
        bdr("bottom", 4, 0, RULE),
        bdr("insideH", 4, 0, RULE),
        cell_mar(20, 85),
    );
    x += &style(
        "table",
        "DetailsTable",
        false,
        St {
            name: "Details Table",
            based_on: Some("TableNormal"),
            ui: 40,
            ppr: "<w:spacing w:after=\"0\"/>",
            table: &details,
            ..ST
        },
    );
    let kpi = format!(
        "<w:tblPr><w:tblBorders>{}</w:tblBorders>{}</w:tblPr><w:tcPr>{}</w:tcPr>",
        bdr("insideV", 24, 0, "FFFFFF"),
        cell_mar(0, 60),
        shd(TINT),
    );
    x += &style(
        "table",
        "KpiTable",
        false,
        St {
            name: "KPI Table",
            based_on: Some("TableNormal"),
            ui: 40,
            ppr: "<w:spacing w:after=\"0\"/>",
            table: &kpi,
            ..ST
        },
    );
    let callout = format!(
        "<w:tblPr><w:tblBorders>{}</w:tblBorders>{}</w:tblPr><w:tcPr>{}</w:tcPr>",
        bdr("left", 36, 0, ACCENT_MID),
        cell_mar(140, 227),
        shd(TINT),
    );
    x += &style(
        "table",
        "CalloutTable",
        false,
        St {
            name: "Callout Table",
            based_on: Some("TableNormal"),
            ui: 40,
            ppr: "<w:spacing w:after=\"0\"/>",
            table: &callout,
            ..ST
        },
    );
    let sign = format!("<w:tblPr>{}</w:tblPr>", cell_mar(0, 0));
    x += &style(
        "table",
        "SignatureTable",
        false,
        St {
            name: "Signature Table",
            based_on: Some("TableNormal"),
            ui: 40,
            ppr: "<w:spacing w:after=\"0\"/>",
            table: &sign,
            ..ST
        },
    );
    x += "</w:styles>";
    x
}

/// A small Office theme whose accent colours match the template look, so
/// that colour pickers and new tables in Word use the same palette.
fn theme() -> String {
    let srgb = |name: &str, c: &str| format!("<a:{name}><a:srgbClr val=\"{c}\"/></a:{name}>");
    let colors = [
        "<a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1>".to_string(),
        "<a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>".to_string(),
        srgb("dk2", ACCENT),
        srgb("lt2", TINT),
        srgb("accent1", ACCENT_MID),
        srgb("accent2", ACCENT),
        srgb("accent3", "2E7D32"),
        srgb("accent4", "B7791F"),
        srgb("accent5", "C62828"),
        srgb("accent6", MUTED),
        srgb("hlink", ACCENT_MID),
        srgb("folHlink", "7030A0"),
    ]
    .concat();
    let font = |tag: &str| {
        format!(
            "<a:{tag}><a:latin typeface=\"{FONT}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:{tag}>"
        )
    };
    let solid = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = |w: u32| {
        format!(
            "<a:ln w=\"{w}\" cap=\"flat\" cmpd=\"sng\" algn=\"ctr\">{solid}<a:prstDash val=\"solid\"/><a:miter lim=\"800000\"/></a:ln>"
        )
    };
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        "{XML_DECL}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"engagekit\">\
         <a:themeElements><a:clrScheme name=\"engagekit\">{colors}</a:clrScheme>\
         <a:fontScheme name=\"engagekit\">{}{}</a:fontScheme>\
         <a:fmtScheme name=\"engagekit\"><a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst>\
         <a:lnStyleLst>{}{}{}</a:lnStyleLst><a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>\
         <a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>\
         <a:objectDefaults/><a:extraClrSchemeLst/></a:theme>",
        font("majorFont"),
        font("minorFont"),
        line(6350),
        line(12700),
        line(19050),
    )
}
