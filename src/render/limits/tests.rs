//! Issue 15, failures 1 and 2: templates that allocated gigabytes or ran
//! for minutes stop with an error, before they allocate. The limits here are
//! small so that no test allocates much.

use std::time::{Duration, Instant};

use minijinja::{Environment, context};

use super::*;

/// The environment templates render in, with `limits`.
fn env(limits: Limits) -> Environment<'static> {
    let mut env = crate::render::new_environment(&crate::render::RenderOptions::default());
    apply(&mut env, limits);
    env
}

/// Renders `src` as [`CompiledTemplate`](crate::render::CompiledTemplate)
/// renders a part: `Err` holds the message.
fn run(limits: Limits, src: &str) -> Result<String, String> {
    let env = env(limits);
    let tmpl = env
        .template_from_named_str("word/document.xml", src)
        .unwrap();
    render(&tmpl, &Value::from(()), &limits).map_err(|s| match s {
        Stop::Jinja(e) => format!("jinja: {e:#}"),
        Stop::Limit(m) => format!("limit: {m}"),
    })
}

fn small() -> Limits {
    Limits {
        max_text: 1 << 20,
        fuel: 1_000_000,
    }
}

#[test]
fn format_width_is_refused_before_it_is_allocated() {
    let err = run(Limits::default(), "{{ '%99999999999s'|format('a') }}").unwrap_err();
    assert!(
        err.contains("`format` would make a text of 93.1 GiB, larger than the 256 MiB limit"),
        "{err}"
    );
    let err = run(small(), "{{ '%.2000000f'|format(1.5) }}").unwrap_err();
    assert!(err.contains("larger than the 1 MiB limit"), "{err}");
    assert_eq!(
        run(small(), "{{ '%5s|%-4d|%.2f'|format('ab', 7, 1.234) }}").unwrap(),
        "   ab|7   |1.23"
    );
}

#[test]
fn indent_is_refused_before_it_is_allocated() {
    let err = run(Limits::default(), r"{{ 'a\nb'|indent(10**10) }}").unwrap_err();
    assert!(err.contains("`indent` would make a text of"), "{err}");
    let err = run(small(), r"{{ 'a\nb'|indent(width=1000000) }}").unwrap_err();
    assert!(err.contains("`indent`"), "{err}");
    assert_eq!(
        run(small(), r"{{ 'a\nb'|indent(2) == 'a\n  b' }}").unwrap(),
        "True"
    );
}

#[test]
fn replace_is_refused_before_it_is_allocated() {
    let err = run(small(), "{{ ('a' * 1000)|replace('a', 'b' * 2000) }}").unwrap_err();
    assert!(
        err.contains("`replace` would make a text of 1.9 MiB"),
        "{err}"
    );
    // The upper bound is over the limit, the matches are not.
    assert_eq!(
        run(
            small(),
            "{{ ('ab' * 1000)|replace('abab', 'c' * 1000, 1)|length }}"
        )
        .unwrap(),
        "2996"
    );
    assert_eq!(
        run(small(), "{{ 'a-b-c'|replace('-', '+', count=1) }}").unwrap(),
        "a+b-c"
    );
    assert_eq!(run(small(), "{{ 'x'|replace('', '.') }}").unwrap(), ".x.");
}

#[test]
fn join_is_refused_before_it_is_allocated() {
    let err = run(small(), "{{ range(1000)|join('x' * 2000) }}").unwrap_err();
    assert!(err.contains("`join` would make a text of"), "{err}");
    // An item repeated lazily (`[s] * n`) is counted every time.
    let err = run(small(), "{{ (['x' * 100000] * 100)|join }}").unwrap_err();
    assert!(err.contains("`join`"), "{err}");
    assert_eq!(
        run(small(), "{{ [1, 'a', 2]|join(', ') }}").unwrap(),
        "1, a, 2"
    );
    assert_eq!(run(small(), "{{ 'abc'|join('-') }}").unwrap(), "a-b-c");
}

#[test]
fn tojson_indent_is_bounded() {
    let err = run(small(), "{{ range(10)|tojson(indent=1000000) }}").unwrap_err();
    assert!(
        err.contains("`tojson` indents by at most 64 spaces"),
        "{err}"
    );
    assert_eq!(
        run(small(), "{{ [1]|tojson(indent=2) }}").unwrap(),
        "[\n  1\n]"
    );
}

#[test]
fn a_part_cannot_grow_over_the_limit() {
    let err = run(
        small(),
        "{% for i in range(50) %}{{ 'x' * 100000 }}{% endfor %}",
    )
    .unwrap_err();
    assert_eq!(
        err,
        "limit: the rendered part would be larger than the 1 MiB limit"
    );
    // Static text in a loop too.
    let src = format!(
        "{{% for i in range(50) %}}{}{{% endfor %}}",
        "y".repeat(100_000)
    );
    let err = run(small(), &src).unwrap_err();
    assert!(err.starts_with("limit:"), "{err}");
}

#[test]
fn strings_built_by_operators_are_bounded_by_fuel() {
    // Doubling a string 40 times asks for a terabyte: minijinja checks the
    // fuel before each concatenation, so it stops after a few MB.
    let src = "{% set ns = namespace(s='x' * 1000) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}";
    let err = run(small(), src).unwrap_err();
    assert!(err.contains("engine ran out of fuel"), "{err}");
    let err = run(small(), "{{ 'x' * 10**12 }}").unwrap_err();
    assert!(err.contains("jinja:"), "{err}");
}

#[test]
fn a_runaway_loop_stops_within_seconds() {
    let t = Instant::now();
    let err = run(
        Limits::default(),
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    )
    .unwrap_err();
    assert!(err.contains("engine ran out of fuel"), "{err}");
    // About a second in a release build; debug builds and a busy CI machine are slower.
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
}

#[test]
fn the_deadline_stops_a_part_that_writes() {
    let limits = Limits {
        fuel: u64::MAX / 128,
        ..Limits::default()
    };
    let t = Instant::now();
    let err = with_deadline(Some(Duration::from_millis(200)), || {
        run(
            limits,
            "{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}",
        )
    })
    .unwrap_err();
    assert_eq!(
        err,
        "limit: rendering took longer than the time limit of 0.2 s"
    );
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert!(
        deadline_passed().is_none(),
        "the deadline ends with the closure"
    );
}

#[test]
fn ordinary_values_render_as_before() {
    let env = env(Limits::default());
    let tmpl = env
        .template_from_named_str(
            "word/document.xml",
            "{{ name|replace('a', 'o') }} {{ items|join(', ', attribute='n') }}",
        )
        .unwrap();
    let ctx = context! { name => "Hans", items => vec![context!{n => 1}, context!{n => 2}] };
    assert_eq!(
        render(&tmpl, &ctx, &Limits::default()).unwrap(),
        "Hons 1, 2"
    );
}

/// The fuel is not so small that a legitimate large document fails: the
/// benchmark's big SOW with every list 20 times as long.
#[test]
fn big_sow_times_20_renders_within_the_default_fuel() {
    fn times20(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Array(a) => {
                let one = a.clone();
                for _ in 1..20 {
                    a.extend(one.iter().cloned());
                }
            }
            serde_json::Value::Object(m) => m.values_mut().for_each(times20),
            _ => {}
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures");
    let mut data = crate::load::load_data(&root.join("engagement_big.yaml")).unwrap();
    times20(&mut data);
    let t = crate::render::CompiledTemplate::open(&root.join("sow_jinja.docx"), Default::default())
        .unwrap();
    let doc = t.render(&data).unwrap();
    assert!(doc.parts.iter().map(|(_, x)| x.len()).sum::<usize>() > 4_000_000);
}

/// Templates see their own package's parts only: no loader reads files.
#[test]
fn a_template_cannot_include_files_from_disk() {
    for src in [
        "{% include '/etc/passwd' %}",
        "{% import '../../x.xml' as x %}",
    ] {
        let err = run(Limits::default(), src).unwrap_err();
        assert!(err.contains("template not found"), "{err}");
    }
}
