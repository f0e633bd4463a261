//! `ensure-report.docx`: the proof of execution — how many goals were
//! achieved, the result of every goal with its evidence, the goals not
//! reported, and the next steps.

use crate::blocks::{
    Block, RowKind, cell, choose, each, h1, header, lead, normal, p, row, runs, strong, styled,
    table, tr_for, when, when_else,
};
use crate::common::{steps_table, title_block};
use crate::house::{TEXT_W, Template};

pub(crate) fn template() -> Template {
    let title = title_block(
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
    let body = vec![
        h1("Summary"),
        lead(
            "Goals achieved: {{ iteration.ensure.summary.achieved }} of \
             {{ iteration.ensure.summary.total }} committed in the statement of work \
             ({{ iteration.ensure.summary.share|percent }}).",
        ),
        kpi_tiles(),
        h1("Results by goal"),
        lead(
            "Every goal committed in the statement of work of {{ iteration.commit.date|date }}, with its \
             success criteria, the status reached and the evidence for it.",
        ),
        results_table(),
        h1("Goals not reported"),
        when_else(
            "iteration.ensure.not_reported",
            vec![
                normal(
                    "No result was reported for these committed goals. They stay open and are carried \
                     into the next iteration:",
                ),
                each(
                    "g in iteration.ensure.not_reported",
                    vec![p("ListBullet", "{{ g.id }} \u{2013} {{ g.title }}")],
                ),
            ],
            vec![normal("A result was reported for every committed goal.")],
        ),
        h1("Next steps"),
        lead(
            "These next steps start iteration {{ iteration.number + 1 }}: we assess the cloud maturity \
             again and commit the next goals in a new statement of work.",
        ),
        steps_table("iteration.ensure.next_steps"),
    ];
    Template {
        file: "ensure-report.docx",
        kind: "Proof of Execution",
        core_title: "Proof of Execution \u{2013} {{ customer.name }}",
        core_subject: "{{ engagement.title or engagement.id }}, iteration {{ iteration.number }}",
        body: [title, body].concat(),
    }
}

/// Six tiles across the page: the goal counts by status and the share achieved.
fn kpi_tiles() -> Block {
    let tiles = [
        ("{{ iteration.ensure.summary.total }}", "Committed"),
        ("{{ iteration.ensure.summary.achieved }}", "Achieved"),
        (
            "{{ iteration.ensure.summary.partially_achieved }}",
            "Partially achieved",
        ),
        (
            "{{ iteration.ensure.summary.not_achieved }}",
            "Not achieved",
        ),
        (
            "{{ iteration.ensure.summary.not_reported }}",
            "Not reported",
        ),
        (
            "{{ iteration.ensure.summary.share|percent }}",
            "Share achieved",
        ),
    ];
    // Equal widths; the first tile takes what the division leaves over.
    let n = tiles.len() as u32;
    let mut widths = vec![TEXT_W / n; tiles.len()];
    widths[0] += TEXT_W - widths.iter().sum::<u32>();
    let values = tiles.iter().map(|(v, _)| vec![p("KpiValue", v)]).collect();
    let labels = tiles.iter().map(|(_, l)| vec![p("KpiLabel", l)]).collect();
    table(
        "KpiTable",
        &widths,
        vec![row(RowKind::Keep, values), row(RowKind::Keep, labels)],
    )
}

/// One row per committed goal: ID, title with its success criteria, the
/// status in its colour, and the evidence (or why there is none).
fn results_table() -> Block {
    let status = |style, label: &str| vec![runs("TableText", vec![styled(style, label)])];
    table(
        "EngagementTable",
        &[760, 3300, 1550, 3802],
        vec![
            header(&["ID", "Goal and success criteria", "Status", "Evidence"]),
            tr_for(
                "g in iteration.commit.goals",
                vec![row(
                    RowKind::Body,
                    vec![
                        cell("{{ g.id }}"),
                        vec![
                            runs("TableText", vec![strong("{{ g.title }}")]),
                            each(
                                "criterion in g.success_criteria",
                                vec![p("TableBullet", "{{ criterion }}")],
                            ),
                        ],
                        vec![choose(
                            vec![
                                (
                                    "not g.result or not g.result.reported",
                                    status("StatusNotReported", "\u{25cf} Not reported"),
                                ),
                                (
                                    "g.result.status == \"achieved\"",
                                    status(
                                        "StatusAchieved",
                                        "\u{25cf} {{ g.result.status_label }}",
                                    ),
                                ),
                                (
                                    "g.result.status == \"not-achieved\"",
                                    status(
                                        "StatusNotAchieved",
                                        "\u{25cf} {{ g.result.status_label }}",
                                    ),
                                ),
                            ],
                            status("StatusPartial", "\u{25cf} {{ g.result.status_label }}"),
                        )],
                        vec![when_else(
                            "g.result and g.result.reported",
                            vec![
                                p("TableText", "{{ g.result.evidence }}"),
                                when(
                                    "g.result.notes",
                                    vec![p("TableNote", "{{ g.result.notes }}")],
                                ),
                            ],
                            vec![p("TableNote", "No result was reported for this goal.")],
                        )],
                    ],
                )],
            ),
        ],
    )
}
