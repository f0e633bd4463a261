//! Sections that more than one engagement template holds: the title block,
//! the people table and the next-steps table.

use crate::blocks::{Block, RowKind, header, p, row, table, text_row, tr_for};

/// Title block: kicker with the document kind, title, subtitle with a rule
/// under it, then a four-column details table of label/value pairs.
pub(crate) fn title_block(
    kind: &str,
    title: &str,
    subtitle: &str,
    details: &[[&str; 4]],
) -> Vec<Block> {
    let rows = details
        .iter()
        .map(|[l1, v1, l2, v2]| {
            row(
                RowKind::Keep,
                vec![
                    vec![p("DetailLabel", l1)],
                    vec![p("DetailValue", v1)],
                    vec![p("DetailLabel", l2)],
                    vec![p("DetailValue", v2)],
                ],
            )
        })
        .collect();
    vec![
        p("TitleKicker", kind),
        p("Title", title),
        p("Subtitle", subtitle),
        table("DetailsTable", &[1560, 3146, 1560, 3146], rows),
    ]
}

/// People table: the customer's contacts, then the provider's consultants.
pub(crate) fn team_table() -> Block {
    table(
        "EngagementTable",
        &[2100, 2000, 2400, 2912],
        vec![
            header(&["Name", "Role", "Organisation", "Email"]),
            tr_for(
                "c in customer.contacts",
                vec![text_row(&[
                    "{{ c.name }}",
                    "{{ c.role }}",
                    "{{ customer.name }}",
                    "{{ c.email }}",
                ])],
            ),
            tr_for(
                "c in provider.consultants",
                vec![text_row(&[
                    "{{ c.name }}",
                    "{{ c.role }}",
                    "{{ provider.name }}",
                    "{{ c.email }}",
                ])],
            ),
        ],
    )
}

/// Next steps (`action`, `owner`, `due`) of `list`: the ensure phase's, or
/// those carried over.
pub(crate) fn steps_table(list: &str) -> Block {
    table(
        "EngagementTable",
        &[5000, 2412, 2000],
        vec![
            header(&["Action", "Owner", "Due"]),
            tr_for(
                &format!("step in {list}"),
                vec![text_row(&[
                    "{{ step.action }}",
                    "{{ step.owner }}",
                    "{% if step.due %}{{ step.due|date }}{% endif %}",
                ])],
            ),
        ],
    )
}
