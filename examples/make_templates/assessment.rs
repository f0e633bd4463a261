//! `assessment.docx`: the assessment summary — maturity level, findings and
//! the engagement types recommended for it.

use crate::blocks::{
    RowKind, bullets, callout, cell, h1, h2, header, lead, normal, p, row, runs, strong, table,
    tr_for, when,
};
use crate::common::{steps_table, team_table, title_block};
use crate::house::{TEXT_W, Template};

pub(crate) fn template() -> Template {
    let title = title_block(
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
    let body = vec![
        when(
            "iteration.carried_over",
            vec![
                h1("Carried over from iteration {{ iteration.number - 1 }}"),
                lead(
                    "These next steps were agreed at the end of the previous iteration. They are \
                     the starting point of this one:",
                ),
                steps_table("iteration.carried_over"),
            ],
        ),
        h1("Cloud maturity"),
        normal(
            "Based on our assessment, we place {{ customer.name }} at the following level of cloud maturity:",
        ),
        callout(
            TEXT_W,
            vec![
                p("MaturityLevel", "{{ iteration.assess.maturity.label }}"),
                p(
                    "MaturityText",
                    "{{ iteration.assess.maturity.description }}",
                ),
            ],
        ),
        when(
            "iteration.assess.reasoning",
            vec![
                h2("Why this level"),
                normal("{{ iteration.assess.reasoning }}"),
            ],
        ),
        h1("Findings"),
        bullets(
            "finding in iteration.assess.findings",
            "{{ finding }}",
            "No findings were recorded.",
        ),
        h1("Recommended engagements"),
        lead(
            "These engagement types suit the maturity level \u{201c}{{ iteration.assess.maturity.label }}\u{201d}. \
             We recommend choosing one of them for the next step.",
        ),
        table(
            "EngagementTable",
            &[2900, 6512],
            vec![
                header(&["Engagement type", "What it delivers"]),
                tr_for(
                    "t in iteration.assess.recommended",
                    vec![row(
                        RowKind::Keep,
                        vec![
                            vec![runs("TableText", vec![strong("{{ t.label }}")])],
                            cell("{{ t.description }}"),
                        ],
                    )],
                ),
            ],
        ),
        h1("Next steps"),
        normal(
            "Together we choose the engagement type and agree its goals, success criteria, scope and \
             price in a statement of work. The assessment is repeated at the start of every iteration, \
             because the maturity level may change.",
        ),
        h1("Contacts"),
        team_table(),
    ];
    Template {
        file: "assessment.docx",
        kind: "Assessment Summary",
        core_title: "Assessment Summary \u{2013} {{ customer.name }}",
        core_subject: "{{ engagement.title or engagement.id }}, iteration {{ iteration.number }}",
        body: [title, body].concat(),
    }
}
