//! `workshop-agenda.docx`: one workshop's agenda, the goals it works on,
//! facilitators, participants and materials.

use crate::blocks::{
    RowKind, bullets, cell, h1, header, normal, p, row, table, text_row, tr_for, when,
};
use crate::common::title_block;
use crate::house::Template;

pub(crate) fn template() -> Template {
    let title = title_block(
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
    let body = vec![
        h1("Agenda"),
        table(
            "EngagementTable",
            &[1400, 1000, 4412, 2600],
            vec![
                header(&["Time", ">Minutes", "Topic", "Presenter"]),
                tr_for(
                    "item in workshop.agenda",
                    vec![row(
                        RowKind::Keep,
                        vec![
                            cell("{{ item.start }}\u{2013}{{ item.end }}"),
                            vec![p("TableNumber", "{{ item.duration }}")],
                            cell("{{ item.topic }}"),
                            cell("{{ item.presenter }}"),
                        ],
                    )],
                ),
            ],
        ),
        when(
            "iteration.commit",
            vec![
                h1("Goals we work on"),
                normal("This workshop contributes to the goals agreed in the statement of work:"),
                bullets(
                    "g in iteration.commit.goals",
                    "{{ g.id }} \u{2013} {{ g.title }}",
                    "No goals are committed yet.",
                ),
            ],
        ),
        h1("Facilitators"),
        bullets("f in workshop.facilitators", "{{ f }}", "To be announced."),
        h1("Participants"),
        table(
            "EngagementTable",
            &[2100, 2000, 2400, 2912],
            vec![
                header(&["Name", "Role", "Organisation", "Email"]),
                tr_for(
                    "a in workshop.attendees",
                    vec![text_row(&[
                        "{{ a.name }}",
                        "{{ a.role }}",
                        "{{ a.organisation }}",
                        "{{ a.email }}",
                    ])],
                ),
            ],
        ),
        h1("Materials"),
        bullets(
            "m in workshop.materials",
            "{{ m }}",
            "No materials are needed.",
        ),
    ];
    Template {
        file: "workshop-agenda.docx",
        kind: "Workshop Agenda",
        core_title: "Workshop Agenda \u{2013} {{ workshop.title }}",
        core_subject: "{{ engagement.title or engagement.id }}, iteration {{ iteration.number }}, {{ customer.name }}",
        body: [title, body].concat(),
    }
}
