//! `sow.docx`: the statement of work — objective, goals with their success
//! criteria, scope, assumptions, deliverables, team, price and sign-off.

use crate::blocks::{
    Block, RowKind, bullets, cell, each_else, h1, h2, header, lead, normal, note, p, row, runs,
    strong, table, text, tr_for, when, when_else,
};
use crate::common::{team_table, title_block};
use crate::house::{TEXT_W, Template};
use crate::palette::ACCENT;

pub(crate) fn template() -> Template {
    let title = title_block(
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
    let body = vec![
        h1("Objective"),
        normal("{{ iteration.commit.objective }}"),
        when(
            "iteration.commit.engagement_type.description",
            vec![runs(
                "Normal",
                vec![
                    strong("{{ iteration.commit.engagement_type.label }}: "),
                    text("{{ iteration.commit.engagement_type.description }}"),
                ],
            )],
        ),
        h1("Goals and success criteria"),
        lead(
            "A goal is achieved when all of its success criteria are met. At the end of the iteration, \
             the proof-of-execution report states the result of every goal by its ID.",
        ),
        goals_table(),
        h1("Scope"),
        h2("In scope"),
        bullets(
            "item in iteration.commit.scope",
            "{{ item }}",
            "To be agreed.",
        ),
        h2("Out of scope"),
        normal("Anything not listed as in scope is out of scope, in particular:"),
        bullets(
            "item in iteration.commit.out_of_scope",
            "{{ item }}",
            "Nothing further.",
        ),
        h1("Assumptions"),
        normal(
            "This statement of work rests on the following assumptions. If one of them turns out not to \
             hold, both parties agree any change to scope, effort or price in writing.",
        ),
        bullets(
            "item in iteration.commit.assumptions",
            "{{ item }}",
            "None.",
        ),
        h1("Deliverables"),
        bullets(
            "item in iteration.commit.deliverables",
            "{{ item }}",
            "None.",
        ),
        h1("Project team"),
        team_table(),
        h1("Effort and price"),
        price_table(),
        note("All amounts are in {{ engagement.currency }} and exclude value added tax."),
        h1("Sign-off"),
        lead(
            "By signing, both parties accept this statement of work: its objective, goals and success \
             criteria, scope, assumptions, deliverables, effort and price.",
        ),
        when_else(
            "iteration.commit.signatories",
            vec![signature_table()],
            vec![note("No signatories are named yet.")],
        ),
    ];
    Template {
        file: "sow.docx",
        kind: "Statement of Work",
        core_title: "Statement of Work \u{2013} {{ customer.name }}",
        core_subject: "{{ engagement.title or engagement.id }}, iteration {{ iteration.number }}",
        body: [title, body].concat(),
    }
}

/// One row per goal: ID, title and description, success criteria, owner, due date.
fn goals_table() -> Block {
    table(
        "EngagementTable",
        &[640, 2950, 3122, 1400, 1300],
        vec![
            header(&["ID", "Goal", "Success criteria", "Owner", "Due"]),
            tr_for(
                "g in iteration.commit.goals",
                vec![row(
                    RowKind::Body,
                    vec![
                        cell("{{ g.id }}"),
                        vec![
                            runs("TableText", vec![strong("{{ g.title }}")]),
                            when("g.description", cell("{{ g.description }}")),
                        ],
                        vec![each_else(
                            "criterion in g.success_criteria",
                            vec![p("TableBullet", "{{ criterion }}")],
                            cell("\u{2014}"),
                        )],
                        cell("{{ g.owner }}"),
                        cell("{% if g.due %}{{ g.due|date }}{% endif %}"),
                    ],
                )],
            ),
        ],
    )
}

/// Effort, day rate and the total price, amounts right-aligned.
fn price_table() -> Block {
    table(
        "EngagementTable",
        &[6212, 3200],
        vec![
            header(&["Item", ">Amount"]),
            row(
                RowKind::Keep,
                vec![
                    cell("Effort"),
                    vec![p(
                        "TableNumber",
                        "{{ iteration.commit.effort.days|number }} person-days",
                    )],
                ],
            ),
            row(
                RowKind::Keep,
                vec![
                    cell("Day rate"),
                    vec![p(
                        "TableNumber",
                        "{{ iteration.commit.effort.day_rate|money(engagement.currency) }}",
                    )],
                ],
            ),
            row(
                RowKind::Total(ACCENT),
                vec![
                    vec![runs("TableText", vec![strong("Total price")])],
                    vec![runs(
                        "TableNumber",
                        vec![strong(
                            "{{ iteration.commit.price|money(engagement.currency) }}",
                        )],
                    )],
                ],
            ),
        ],
    )
}

/// Signatories two by two: organisation, place and date, then name and role
/// over a line; an odd last one leaves the right cell empty.
fn signature_table() -> Block {
    let w = TEXT_W / 2;
    table(
        "SignatureTable",
        &[w, TEXT_W - w],
        vec![tr_for(
            "pair in iteration.commit.signatories|batch(2)",
            vec![row(
                RowKind::Keep,
                vec![
                    signer(0),
                    vec![when_else(
                        "pair|length == 2",
                        signer(1),
                        vec![p("SignatureOrg", "")],
                    )],
                ],
            )],
        )],
    )
}

fn signer(i: usize) -> Vec<Block> {
    vec![
        p("SignatureOrg", &format!("{{{{ pair[{i}].organisation }}}}")),
        p("SignatureSpace", ""),
        p("SignatureLine", "Place, date"),
        p("SignatureSpace", ""),
        p(
            "SignatureLine",
            &format!(
                "{{{{ pair[{i}].name }}}}{{% if pair[{i}].role %}}, {{{{ pair[{i}].role }}}}{{% endif %}}"
            ),
        ),
    ]
}
