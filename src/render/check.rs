//! Problems found with the environment in hand, so that a template's errors
//! come together rather than one per run:
//! - before rendering, the filters and tests a part names that the
//!   environment lacks ([`unknown_filters`]), with did-you-mean;
//! - while rendering, every failing tag of a part ([`render_errors`]): after
//!   each error the tag is neutralised (same length, so offsets stay valid)
//!   and the part rendered again.

use minijinja::{Environment, ErrorKind, Value};

use crate::error::{Diagnostic, Diagnostics};
use crate::suggest::did_you_mean;
use crate::tags::Prepared;

/// Most errors reported for one part's render; past this the rest is noise.
const MAX_RENDER_ERRORS: usize = 20;

/// The filters a template may be expected to know: minijinja's, its
/// contrib's and ours. Only those the environment really has are suggested
/// ([`has`]), so a stale name here is never offered.
const FILTERS: &[&str] = &[
    "abs",
    "attr",
    "batch",
    "bool",
    "capitalize",
    "chain",
    "count",
    "d",
    "date",
    "dateformat",
    "datetimeformat",
    "default",
    "dictsort",
    "e",
    "escape",
    "filesizeformat",
    "first",
    "float",
    "format",
    "groupby",
    "indent",
    "int",
    "items",
    "join",
    "last",
    "length",
    "lines",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "money",
    "number",
    "percent",
    "pluralize",
    "pprint",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "safe",
    "select",
    "selectattr",
    "slice",
    "sort",
    "split",
    "string",
    "striptags",
    "sum",
    "timeformat",
    "title",
    "tojson",
    "trim",
    "truncate",
    "unique",
    "upper",
    "urlencode",
    "zip",
];

/// The tests, likewise.
const TESTS: &[&str] = &[
    "boolean",
    "defined",
    "divisibleby",
    "endingwith",
    "eq",
    "equalto",
    "escaped",
    "even",
    "false",
    "filter",
    "float",
    "ge",
    "greaterthan",
    "gt",
    "in",
    "int",
    "integer",
    "iterable",
    "le",
    "lessthan",
    "lower",
    "lt",
    "mapping",
    "ne",
    "none",
    "number",
    "odd",
    "safe",
    "sameas",
    "sequence",
    "startingwith",
    "string",
    "test",
    "true",
    "undefined",
    "upper",
];

/// A filter (`|name`, `{% filter name %}`) or a test (`is name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Filter,
    Test,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Filter => "filter",
            Kind::Test => "test",
        }
    }
}

/// Does `env` have the filter or test `name`? Asked by evaluating it on
/// `none`: only a missing one fails with "unknown filter/test".
pub(crate) fn has(env: &Environment<'_>, kind: Kind, name: &str) -> bool {
    let expr = match kind {
        Kind::Filter => format!("none|{name}"),
        Kind::Test => format!("none is {name}"),
    };
    let missing = match kind {
        Kind::Filter => ErrorKind::UnknownFilter,
        Kind::Test => ErrorKind::UnknownTest,
    };
    match env.compile_expression_owned(expr) {
        Ok(e) => !e.eval(()).is_err_and(|e| e.kind() == missing),
        Err(_) => false,
    }
}

/// The filter and test names in one tag, with their byte offsets in it;
/// string literals are skipped.
pub(crate) fn names_in(tag: &str) -> Vec<(Kind, &str, usize)> {
    let b = tag.as_bytes();
    let ident = |from: usize| -> (usize, usize) {
        let mut s = from;
        while s < b.len() && b[s].is_ascii_whitespace() {
            s += 1;
        }
        let mut e = s;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
            e += 1;
        }
        (s, e)
    };
    let mut out = Vec::new();
    let body_start = if tag.starts_with("{%") { 2 } else { 0 };
    // `{% filter upper %}…{% endfilter %}` names a filter too.
    let (s, e) = ident(body_start + usize::from(tag[body_start..].starts_with('-')));
    if body_start == 2 && &tag[s..e] == "filter" {
        let (fs, fe) = ident(e);
        if fe > fs {
            out.push((Kind::Filter, &tag[fs..fe], fs));
        }
    }
    let mut i = 0;
    let mut prev_word: Option<&str> = None;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += usize::from(b[i] == b'\\') + 1;
                }
                i += 1;
                prev_word = None;
            }
            b'|' => {
                let (s, e) = ident(i + 1);
                if e > s {
                    out.push((Kind::Filter, &tag[s..e], s));
                }
                i = e.max(i + 1);
                prev_word = None;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let (s, e) = ident(i);
                let word = &tag[s..e];
                if prev_word == Some("is") && word != "not" {
                    out.push((Kind::Test, word, s));
                } else if prev_word == Some("is") {
                    // `is not name`: the next word is the test.
                    let (ts, te) = ident(e);
                    if te > ts {
                        out.push((Kind::Test, &tag[ts..te], ts));
                    }
                    i = te.max(e);
                    prev_word = None;
                    continue;
                }
                prev_word = Some(word);
                i = e;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                prev_word = None;
                i += 1;
            }
        }
    }
    out
}

/// Every filter and test a part names that `env` lacks, with did-you-mean;
/// each offending tag is blanked in `source` (a copy of the part's source),
/// so the rest of the part can still be rendered for its other errors.
pub(crate) fn unknown_filters(
    env: &Environment<'_>,
    prepared: &Prepared,
    part: &str,
    source: &mut String,
) -> Diagnostics {
    let mut found = Diagnostics::new();
    let mut known: [Option<Vec<&str>>; 2] = [None, None];
    for tag in &prepared.tags {
        let text = &prepared.source[tag.range.clone()];
        let mut bad = false;
        for (kind, name, _) in names_in(text) {
            if has(env, kind, name) {
                continue;
            }
            let candidates = known[kind as usize].get_or_insert_with(|| {
                let all = match kind {
                    Kind::Filter => FILTERS,
                    Kind::Test => TESTS,
                };
                all.iter().copied().filter(|n| has(env, kind, n)).collect()
            });
            let d = super::report::diagnostic_at(
                prepared,
                part,
                tag.range.start,
                format!("unknown {} `{name}`", kind.word()),
            );
            found.push(d.with_hint_opt(did_you_mean(name, candidates.iter().copied())));
            bad = true;
        }
        if bad && source.len() >= tag.range.end {
            let blank = " ".repeat(tag.range.len());
            source.replace_range(tag.range.clone(), &blank);
        }
    }
    found
}

/// Renders `name` (already in `env`, compiled from `source`) again and again,
/// each time with the tag of the last error neutralised, collecting one
/// diagnostic per failing tag. `first` is the error of the first render.
pub(crate) fn render_errors(
    env: &Environment<'_>,
    name: &str,
    source: &str,
    prepared: &Prepared,
    ctx: &Value,
    first: minijinja::Error,
    mut report: impl FnMut(&minijinja::Error) -> Diagnostic,
) -> Diagnostics {
    let mut found = Diagnostics::new();
    found.push(report(&first));
    let mut env = env.clone();
    let mut source = source.to_string();
    let mut err = first;
    let mut done = std::collections::HashSet::new();
    for _ in 1..MAX_RENDER_ERRORS {
        let Some(tag) = err.range().and_then(|r| prepared.tag_at(r.start)) else {
            break;
        };
        if !done.insert(tag.range.start) || tag.range.end > source.len() {
            break;
        }
        let quiet = quiet_tag(&source[tag.range.clone()]);
        source.replace_range(tag.range.clone(), &quiet);
        if env
            .add_template_owned(name.to_string(), source.clone())
            .is_err()
        {
            break;
        }
        let Ok(t) = env.get_template(name) else {
            break;
        };
        match t.render(ctx) {
            Ok(_) => break,
            Err(e) => {
                found.push(report(&e));
                err = e;
            }
        }
    }
    found
}

/// A tag of the same length that cannot fail: a block opener keeps its
/// kind (so its closer still matches) but runs no data, anything else is
/// blank.
fn quiet_tag(tag: &str) -> String {
    let len = tag.len();
    let replacement = match super::vars::statement_keyword(tag) {
        Some("for") => "{%for _ in []%}",
        Some("if") => "{%if false%}",
        Some("elif") => "{%elif false%}",
        Some("with") => "{%with%}",
        _ => "",
    };
    if !replacement.is_empty() && replacement.len() <= len {
        let mut s = replacement[..replacement.len() - 2].to_string();
        s.push_str(&" ".repeat(len - replacement.len()));
        s.push_str("%}");
        s
    } else {
        " ".repeat(len)
    }
}

/// Sorts diagnostics by part, then paragraph (stable).
pub(crate) fn by_place(problems: &mut Diagnostics) {
    problems.0.sort_by(|a, b| place(a).cmp(&place(b)));
}

fn place(d: &Diagnostic) -> (&str, usize) {
    match &d.location {
        crate::location::Location::Template {
            part, paragraph, ..
        } => (part.as_str(), *paragraph),
        _ => ("", 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_filters_and_tests_outside_strings() {
        let names: Vec<_> = names_in("{{ a|upper | default('x|y') }}")
            .into_iter()
            .map(|(k, n, _)| (k, n))
            .collect();
        assert_eq!(names, [(Kind::Filter, "upper"), (Kind::Filter, "default")]);
        let names: Vec<_> = names_in("{% if a is defined and b is not nmber %}")
            .into_iter()
            .map(|(k, n, _)| (k, n))
            .collect();
        assert_eq!(names, [(Kind::Test, "defined"), (Kind::Test, "nmber")]);
        let names: Vec<_> = names_in("{% filter upper %}")
            .into_iter()
            .map(|(k, n, _)| (k, n))
            .collect();
        assert_eq!(names, [(Kind::Filter, "upper")]);
    }

    /// Every name in the lists is a real filter or test of the render
    /// environment (else it would never be suggested), but for `dateformat`,
    /// which minijinja-contrib adds only with a feature.
    #[test]
    fn the_lists_name_real_filters_and_tests() {
        let env = crate::render::new_environment(&Default::default());
        let missing: Vec<_> = FILTERS
            .iter()
            .filter(|n| !has(&env, Kind::Filter, n))
            .chain(TESTS.iter().filter(|n| !has(&env, Kind::Test, n)))
            .collect();
        assert!(missing.len() <= 1, "{missing:?}");
        assert!(!has(&env, Kind::Filter, "upperr"));
        assert!(!has(&env, Kind::Test, "nmber"));
    }

    #[test]
    fn quiet_tags_keep_their_length_and_kind() {
        let t = "{% for g in goalz %}";
        assert_eq!(quiet_tag(t).len(), t.len());
        assert!(quiet_tag(t).starts_with("{%for _ in []"));
        assert_eq!(quiet_tag("{{ x }}"), "       ");
    }
}
