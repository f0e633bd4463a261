//! What `render` (and `bundle`) say about a template's errors: the right
//! name blamed, every error of a template at once, did-you-mean for
//! filters, their arguments and keywords, hints that work for the command.
//! Regression tests for issue 14 (defects 5, 14, 15).

use std::path::PathBuf;

use crate::harness::*;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// Issue 14, defect 5: `{{ x|date }}` with `x` undefined said "`date` is
/// undefined"; the hint offered `--lenient` to `bundle`, which has none.
#[test]
fn an_undefined_filter_input_blames_the_variable_and_hints_fit_the_command() {
    let case = Case::new();
    case.docx("t.docx", &Docx::body(p("Due {{ due_date|date }}")));
    case.file("d.yaml", "title: Report\n");
    let run = case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"]);
    run.fails(1)
        .stderr_has("`due_date` is undefined")
        .stderr_has("--lenient");
    assert!(
        !run.stderr.contains("`date` is undefined"),
        "{}",
        run.stderr
    );

    std::fs::copy(sample("contoso.yaml"), case.path("contoso.yaml")).unwrap();
    std::fs::create_dir_all(case.path("mine")).unwrap();
    case.docx(
        "mine/sow.docx",
        &Docx::body(p("{{ iteration.commit.signed_on|date }}")),
    );
    let run = case.run(&["bundle", "contoso.yaml", "-o", "out", "--templates", "mine"]);
    // bundle lints its templates first, so the lint names the field.
    run.fails(1)
        .stderr_has("`iteration.commit` has no field `signed_on`");
    assert!(!run.stderr.contains("--lenient"), "{}", run.stderr);
}

/// Issue 14, defect 14: an undefined variable, an unknown filter, a
/// misspelt keyword and a misspelt filter argument took four runs; one run
/// reports them all, each with its did-you-mean.
#[test]
fn every_error_of_a_template_is_reported_in_one_run_with_did_you_mean() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(
            [
                p("Dear {{ custmer.name }},"),
                p("{{ customer.name|upperr }}"),
                p("{% iff customer.vip %}VIP{% endif %}"),
                p("{{ fee|money('EUR', decimal=0) }}"),
                p("{{ customer.nmae }}"),
            ]
            .concat(),
        ),
    );
    case.file(
        "d.yaml",
        "customer: {name: Contoso, vip: true}\nfee: 1200\n",
    );
    let run = case.run(&["render", "t.docx", "d.yaml", "-o", "o.docx"]);
    run.fails(1)
        .stderr_has("paragraph 1")
        .stderr_has("`custmer.name` is undefined")
        .stderr_has("did you mean `customer.name`?")
        .stderr_has("paragraph 2")
        .stderr_has("unknown filter `upperr`")
        .stderr_has("did you mean `upper`?")
        .stderr_has("paragraph 3")
        .stderr_has("did you mean `if`?")
        .stderr_has("paragraph 4")
        .stderr_has("did you mean `decimals`?")
        .stderr_has("paragraph 5")
        .stderr_has("did you mean `customer.name`?")
        .stderr_has("5 errors");
    assert!(!case.path("o.docx").exists());
}

/// Issue 14, defect 15: the same engagement gives the same render context
/// from YAML and from Excel; an engagement file given to `render` with a
/// bundle template gets a hint towards `engagekit context`.
#[test]
fn an_engagement_renders_alike_from_yaml_and_excel_and_bundle_names_get_a_hint() {
    let case = Case::new();
    case.docx(
        "t.docx",
        &Docx::body(
            [
                p("{{ customer.name }} / {{ provider.name }} / {{ currency }}"),
                p("{% for it in iterations %}{{ it.number }}:{% for g in it.commit.goals %}{{ g.id }},{% endfor %};{% endfor %}"),
            ]
            .concat(),
        ),
    );
    let yaml = sample("contoso.yaml");
    let xlsx = sample("contoso.xlsx");
    case.run(&["render", "t.docx", yaml.to_str().unwrap(), "-o", "y.docx"])
        .ok();
    case.run(&["render", "t.docx", xlsx.to_str().unwrap(), "-o", "x.docx"])
        .ok();
    let from_yaml = body_text(&case.path("y.docx"));
    assert!(
        from_yaml.starts_with("Contoso Manufacturing GmbH / "),
        "{from_yaml}"
    );
    assert_eq!(body_text(&case.path("x.docx")), from_yaml);

    case.docx(
        "sow.docx",
        &Docx::body(p("{{ engagement.title }} {{ iteration.number }}")),
    );
    case.run(&["render", "sow.docx", yaml.to_str().unwrap(), "-o", "s.docx"])
        .fails(1)
        .stderr_has("`engagement.title` is undefined")
        .stderr_has("engagekit context")
        .stderr_has("engagekit bundle");
}
