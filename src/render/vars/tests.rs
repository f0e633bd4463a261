//! Paths through every construct: a template of one paragraph per string,
//! and the exact paths `vars` lists for it.

use crate::tags::Prepared;

fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn prepared(paragraphs: &[&str]) -> Prepared {
    let body: String = paragraphs
        .iter()
        .map(|t| {
            format!(
                r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                escape(t)
            )
        })
        .collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    crate::tags::preprocess("word/document.xml", &xml)
        .unwrap()
        .into_result()
        .unwrap()
}

fn paths(paragraphs: &[&str]) -> Vec<String> {
    super::paths([&prepared(paragraphs)])
}

#[test]
fn plain_paths_and_filters() {
    assert_eq!(
        paths(&["{{ customer.name|upper }} {{ price|money(currency) }}"]),
        ["currency", "customer.name", "price"]
    );
}

/// Issue 14, defect 6: the loop variable of a loop over an indexed path.
#[test]
fn loop_over_negative_index() {
    assert_eq!(
        paths(&[
            "{% for g in iterations[-1].commit.goals %}{{ g.title }}{% endfor %}",
            "{{ iterations[0].commit.date }} {{ iterations[1]['commit'].effort.days }}",
        ]),
        [
            "iterations[].commit.date",
            "iterations[].commit.effort.days",
            "iterations[].commit.goals[].title"
        ]
    );
}

#[test]
fn loop_over_a_slice() {
    assert_eq!(
        paths(&["{% for g in goals[1:] %}{{ g.title }}{% endfor %}{{ goals[:2]|length }}"]),
        ["goals[].title"]
    );
}

#[test]
fn nested_loops_each_resolve_to_their_own_list() {
    assert_eq!(
        paths(&[
            "{% for s in iteration.commit.signatories %}{{ s.name }}",
            "{% for w in iteration.deliver.workshops %}{% for a in w.attendees %}{{ a.name }}{% endfor %}{{ w.title }}{% endfor %}",
            "{{ s.role }}{% endfor %}",
        ]),
        [
            "iteration.commit.signatories[].name",
            "iteration.commit.signatories[].role",
            "iteration.deliver.workshops[].attendees[].name",
            "iteration.deliver.workshops[].title"
        ]
    );
}

#[test]
fn a_loop_variable_is_not_data_after_its_loop() {
    assert_eq!(
        paths(&["{% for g in goals %}{{ g.id }}{% endfor %}{{ g }}"]),
        ["g", "goals[].id"]
    );
}

#[test]
fn set_aliases_a_path() {
    assert_eq!(
        paths(&[
            "{% set c = iteration.commit %}{{ c.effort.days }} {{ c.price }}",
            "{% set n = c.goals|length %}{{ n }}",
            "{% set title %}{{ customer.name }}{% endset %}{{ title }}",
        ]),
        [
            "customer.name",
            "iteration.commit.effort.days",
            "iteration.commit.goals",
            "iteration.commit.price"
        ]
    );
}

#[test]
fn with_aliases_a_path_inside_its_block_only() {
    assert_eq!(
        paths(&[
            "{% with e = iteration.ensure %}{{ e.summary.percent }}{% for r in e.results %}{{ r.goal.title }}{% endfor %}{% endwith %}",
            "{{ e.date }}",
        ]),
        [
            "e.date",
            "iteration.ensure.results[].goal.title",
            "iteration.ensure.summary.percent"
        ]
    );
}

#[test]
fn macro_parameters_take_the_path_of_each_call() {
    assert_eq!(
        paths(&[
            "{% macro person(p, label=provider.name) %}{{ p.name }} ({{ p.role }}, {{ label }}){% endmacro %}",
            "{% for c in customer.contacts %}{{ person(c) }}{% endfor %}",
            "{{ person(iteration.commit.signatories[0], label='x') }}",
        ]),
        [
            "customer.contacts[].name",
            "customer.contacts[].role",
            "iteration.commit.signatories[].name",
            "iteration.commit.signatories[].role",
            "provider.name"
        ]
    );
}

#[test]
fn filters_that_keep_the_list_keep_the_loop_variable() {
    assert_eq!(
        paths(&[
            "{% for g in goals|selectattr('owner')|sort(attribute='due') %}{{ g.title }}{% endfor %}",
            "{{ goals|map(attribute='id')|join(', ') }} {{ (goals|first).description }}",
            "{% for g in (extra or []) %}{{ g.x }}{% endfor %}",
        ]),
        [
            "extra[].x",
            "goals[].description",
            "goals[].due",
            "goals[].id",
            "goals[].owner",
            "goals[].title"
        ]
    );
}

#[test]
fn loop_helpers_and_tests_are_not_data() {
    assert_eq!(
        paths(&[
            "{% for g in goals %}{{ loop.index }} {{ loop.previtem.title if not loop.first }}{% endfor %}",
            "{% if fax is defined and fax is not none %}{{ fax }}{% endif %}{{ range(3)|list }}",
            "{% for k, v in extra.items() %}{{ k }}={{ v }}{% endfor %}",
        ]),
        ["extra", "fax", "goals[].title"]
    );
}

/// Issue 14, defect 6: `sow.docx` lays signatories out in pairs.
#[test]
fn batches_are_parts_of_the_list() {
    assert_eq!(
        paths(&[
            "{% for pair in iteration.commit.signatories|batch(2) %}{{ pair[0].name }}{% for s in pair %}{{ s.role }}{% endfor %}{% endfor %}",
            "{% for col in goals|slice(3) %}{{ col|length }}{% endfor %}",
        ]),
        [
            "goals",
            "iteration.commit.signatories[].name",
            "iteration.commit.signatories[].role"
        ]
    );
}
