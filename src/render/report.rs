//! minijinja errors → diagnostics that name the part, the paragraph (number
//! and text) and the tag as written, with "did you mean" for undefined names.

use minijinja::{Environment, Error as JinjaError, ErrorKind, Value};

use crate::error::{Diagnostic, Diagnostics};
use crate::location::Location;
use crate::render::vars::{self, Aliases};
use crate::suggest::{closest, did_you_mean};
use crate::tags::{Prepared, Preprocessed};

/// Most syntax errors reported for one part; past this the rest is noise.
const MAX_SYNTAX_ERRORS: usize = 50;

/// Every problem of a preprocessed part: the preprocessing problems, the
/// syntax errors of its (neutralised) source and the filters and tests
/// `env` lacks, sorted by paragraph (stable, so a paragraph's preprocessing
/// problems come first). Also returns the source with every broken tag
/// neutralised, which compiles when only tags were broken: rendering it
/// finds the errors that need data, in the same run.
pub(crate) fn template_problems(
    pre: Preprocessed,
    part: &str,
    env: &Environment<'_>,
) -> (Prepared, Diagnostics, String) {
    let Preprocessed {
        prepared,
        mut problems,
    } = pre;
    let (syntax, mut source) = syntax_errors(&prepared, part);
    problems.extend(syntax);
    problems.extend(super::check::unknown_filters(
        env,
        &prepared,
        part,
        &mut source,
    ));
    problems.0.sort_by_key(|d| match &d.location {
        Location::Template { paragraph, .. } => *paragraph,
        _ => 0,
    });
    (prepared, problems, source)
}

/// Every syntax error of a part, and the source with each offending tag
/// neutralised. minijinja stops at the first, so after each error the
/// offending tag is neutralised (same length, so offsets and lines stay
/// valid) and the part is compiled again.
pub(crate) fn syntax_errors(prepared: &Prepared, part: &str) -> (Diagnostics, String) {
    let env = Environment::new();
    let mut source = prepared.source.clone();
    let mut found = Diagnostics::new();
    for _ in 0..MAX_SYNTAX_ERRORS {
        let err = match env.template_from_named_str(part, &source) {
            Ok(_) => break,
            Err(e) => e,
        };
        let at_end = err
            .detail()
            .is_some_and(|d| d.contains("unexpected end of input"));
        if at_end && err.kind() == ErrorKind::SyntaxError {
            // "unexpected end of input": name the blocks that were never closed.
            let unclosed = unclosed_blocks(prepared, &source);
            if !unclosed.is_empty() {
                found.0.extend(unclosed.into_iter().map(|(tag, kw)| {
                    // `{%p if %}` is closed by `{%p endif %}`, `{% if %}` by `{% endif %}`.
                    let open = structural_opener(&tag.as_written);
                    diagnostic_at(
                        prepared,
                        part,
                        tag.range.start,
                        format!("`{open} {kw} %}}` is never closed"),
                    )
                    .with_hint(format!(
                        "add `{open} end{kw} %}}` where the block should end"
                    ))
                }));
                break;
            }
        }
        found.push(jinja_error(&err, prepared, part, None, None));
        let Some(tag) = err.range().and_then(|r| prepared.tag_at(r.start)) else {
            break;
        };
        neutralise(&mut source, tag.range.clone());
    }
    (found, source)
}

/// The statement keywords minijinja knows, for did-you-mean on a misspelt one.
const STATEMENTS: &[&str] = &[
    "for",
    "endfor",
    "if",
    "elif",
    "else",
    "endif",
    "set",
    "endset",
    "with",
    "endwith",
    "macro",
    "endmacro",
    "call",
    "endcall",
    "filter",
    "endfilter",
    "block",
    "endblock",
    "extends",
    "include",
    "import",
    "from",
    "raw",
    "endraw",
    "autoescape",
    "endautoescape",
    "do",
    "continue",
    "break",
];

/// A tag's statement keyword, or the known one a misspelt keyword stands for.
fn meant_keyword(tag: &str) -> Option<&str> {
    let kw = vars::statement_keyword(tag)?;
    if STATEMENTS.contains(&kw) {
        return Some(kw);
    }
    closest(kw, STATEMENTS.iter().copied()).or(Some(kw))
}

/// `{%p`, `{%tr`, `{%tc` or `{%r` when the tag as written starts with one
/// (docxtpl's structural markers), else `{%`.
fn structural_opener(as_written: &str) -> &'static str {
    let rest = as_written.strip_prefix("{%").unwrap_or("");
    ["{%tr", "{%tc", "{%p", "{%r"]
        .into_iter()
        .find(|m| {
            rest.strip_prefix(&m[2..])
                .is_some_and(|r| r.starts_with(char::is_whitespace))
        })
        .unwrap_or("{%")
}

/// Replaces a broken tag with a harmless one of the same length: a broken
/// block opener becomes a valid opener of the same kind, so its closer still
/// matches and does not cause a second, confusing error.
fn neutralise(source: &mut String, range: std::ops::Range<usize>) {
    let tag = &source[range.clone()];
    let len = tag.len();
    // A misspelt `{% iff %}` is neutralised as the `if` it stands for, so
    // its `{% endif %}` still closes it.
    let replacement = match meant_keyword(tag) {
        Some("for") => "{%for a in b%}",
        Some("if") => "{%if a%}",
        Some("elif") => "{%elif a%}",
        Some("with") => "{%with%}",
        Some("filter") => "{%filter e%}",
        Some("macro") => "{%macro a()%}",
        Some("call") => "{%call a()%}",
        _ => "",
    };
    // A misspelt closer (`{% endfro %}`) closes what it stands for; a
    // closer spelt right that still fails is blanked (else the same error
    // would come back).
    let closer;
    let replacement = match meant_keyword(tag) {
        Some(kw) if kw.starts_with("end") && vars::statement_keyword(tag) != Some(kw) => {
            closer = format!("{{%{kw}%}}");
            closer.as_str()
        }
        _ => replacement,
    };
    let mut new = String::with_capacity(len);
    if !replacement.is_empty() && replacement.len() <= len {
        new.push_str(&replacement[..replacement.len() - 2]);
        new.extend(std::iter::repeat_n(' ', len - replacement.len()));
        new.push_str("%}");
    } else {
        new.extend(std::iter::repeat_n(' ', len));
    }
    source.replace_range(range, &new);
}

/// Block openers with no closer, innermost last (also for `vars`, which
/// closes them to read the paths inside).
pub(super) fn unclosed_blocks<'a>(
    prepared: &'a Prepared,
    source: &str,
) -> Vec<(&'a crate::tags::TagInfo, String)> {
    const BLOCKS: &[&str] = &[
        "for",
        "if",
        "with",
        "macro",
        "call",
        "filter",
        "block",
        "raw",
        "autoescape",
        "set",
    ];
    let mut stack: Vec<(&crate::tags::TagInfo, String)> = Vec::new();
    for tag in &prepared.tags {
        let text = &source[tag.range.clone()];
        let Some(kw) = vars::statement_keyword(text) else {
            continue;
        };
        // `{% set x = 1 %}` is not a block; `{% set x %}...{% endset %}` is.
        if kw == "set" && text.contains('=') {
            continue;
        }
        if BLOCKS.contains(&kw) {
            stack.push((tag, kw.to_string()));
        } else if let Some(opener) = kw.strip_prefix("end")
            && let Some(pos) = stack.iter().rposition(|(_, k)| k == opener)
        {
            stack.truncate(pos);
        }
    }
    stack
}

/// A diagnostic for a position in the part's template source.
pub(crate) fn diagnostic_at(
    prepared: &Prepared,
    part: &str,
    offset: usize,
    message: String,
) -> Diagnostic {
    let tag = prepared.tag_at(offset);
    let paragraph = tag.map_or_else(
        || {
            prepared.source[..offset.min(prepared.source.len())]
                .matches('\n')
                .count()
        },
        |t| t.paragraph,
    );
    Diagnostic::error(
        Location::Template {
            file: None,
            part: part.to_string(),
            paragraph,
            paragraph_text: prepared.paragraph_text(paragraph).to_string(),
            tag: tag.map(|t| t.as_written.clone()).unwrap_or_default(),
        },
        message,
    )
}

/// Maps a minijinja error to a diagnostic; `ctx` (the render context) enables
/// "did you mean" for undefined variables; `remedy` ends the hint of an
/// undefined value without one (what the caller offers, e.g. a flag).
pub(crate) fn jinja_error(
    err: &JinjaError,
    prepared: &Prepared,
    part: &str,
    ctx: Option<&Value>,
    remedy: Option<&str>,
) -> Diagnostic {
    let source = &prepared.source;
    let range = err.range().filter(|r| r.end <= source.len());
    let offset = match (&range, err.line()) {
        (Some(r), _) => r.start,
        // No range: the start of the reported line.
        (None, Some(line)) => source
            .match_indices('\n')
            .nth(line.saturating_sub(2))
            .map_or(0, |(i, _)| if line <= 1 { 0 } else { i + 1 }),
        (None, None) => 0,
    };
    // `{{ x|date }}` with `x` undefined: the error points at the filter;
    // the name to blame is its input.
    let filter_input = range.as_ref().and_then(|r| filter_input(source, r.start));
    let expr = match &filter_input {
        Some(input) if err.kind() == ErrorKind::UndefinedError => Some(input.clone()),
        _ => range.as_ref().map(|r| full_expression(source, r.clone())),
    };
    let message = match (err.kind(), &expr) {
        (ErrorKind::UndefinedError, Some(e)) if !e.is_empty() && !e.starts_with('{') => {
            format!("`{e}` is undefined")
        }
        (kind, _) => match err.detail() {
            Some(detail) => format!("{kind}: {detail}"),
            None => kind.to_string(),
        },
    };
    let mut d = diagnostic_at(prepared, part, offset, message);
    if err.kind() == ErrorKind::UndefinedError
        && let (Some(ctx), Some(expr)) = (ctx, &expr)
    {
        d = d.with_hint_opt(bundle_context_hint(expr, ctx));
    }
    if d.hint.is_none()
        && err.kind() == ErrorKind::UndefinedError
        && let (Some(ctx), Some(expr)) = (ctx, &expr)
    {
        let aliases = aliases_before(prepared, offset);
        d = d.with_hint_opt(suggest(expr, ctx, &aliases).map(|s| format!("did you mean `{s}`?")));
    }
    if d.hint.is_none()
        && let Some(detail) = err.detail()
    {
        d = d.with_hint_opt(detail_hint(detail));
    }
    if d.hint.is_none() && err.kind() == ErrorKind::UndefinedError {
        let check = "check the spelling against `engagekit vars` and the data file";
        d = d.with_hint(match remedy {
            Some(r) => format!("{check}, {r}"),
            None => check.to_string(),
        });
    }
    d
}

/// The names only a bundle document's context has (`engagekit context`).
const BUNDLE_ROOTS: &[&str] = &["engagement", "iteration", "previous"];

/// A bundle template's name (`engagement.title`, `iteration.commit`) read
/// from an engagement file as written (it has `iterations` and `customer`,
/// but no `iteration`): say where those names come from.
fn bundle_context_hint(expr: &str, ctx: &Value) -> Option<String> {
    let root = expr.split(['.', '[', '|', ' ']).next()?;
    let has = |k: &str| ctx.get_attr(k).is_ok_and(|v| !v.is_undefined());
    (BUNDLE_ROOTS.contains(&root) && !has(root) && has("iterations") && has("customer")).then(|| {
        format!(
            "the data is an engagement file, which `render` gives a template as written (`customer`, `iterations`, ...); `{root}` is in the context `engagekit bundle` gives each document: see it with `engagekit context <engagement file>`, and render bundle templates with `engagekit bundle`"
        )
    })
}

/// Did-you-mean from an error's detail: a misspelt statement keyword
/// ("unknown statement iff") or filter argument ("money filter: unknown
/// keyword argument 'decimal'").
fn detail_hint(detail: &str) -> Option<String> {
    if let Some(kw) = detail.strip_prefix("unknown statement ") {
        return did_you_mean(kw.trim(), STATEMENTS.iter().copied());
    }
    let (filter, rest) = detail.split_once(" filter: ")?;
    let arg = rest.strip_prefix("unknown keyword argument ")?;
    let arg = arg.trim_matches(['\'', '`', '"']);
    did_you_mean(
        arg,
        super::filters::keyword_arguments(filter).iter().copied(),
    )
}

/// When `at` starts a filter name (`x|date`), the variable chain given to
/// that filter (`x`), if it is a plain chain.
fn filter_input(source: &str, at: usize) -> Option<String> {
    let before = source.get(..at)?.trim_end();
    let before = before.strip_suffix('|')?.trim_end();
    let b = before.as_bytes();
    let mut start = b.len();
    let is_chain = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'[' | b']');
    while start > 0 && is_chain(b[start - 1]) {
        start -= 1;
    }
    let chain = &before[start..];
    (!chain.is_empty() && !chain.as_bytes()[0].is_ascii_digit()).then(|| chain.to_string())
}

/// minijinja's range for a failed attribute lookup may start at the `.`;
/// widen it to the whole chain (`iteration.assess.x`), as the author wrote it.
fn full_expression(source: &str, range: std::ops::Range<usize>) -> String {
    let b = source.as_bytes();
    let mut start = range.start;
    let is_chain = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'[' | b']');
    while start > 0 && is_chain(b[start - 1]) {
        start -= 1;
    }
    source[start..range.end].trim().to_string()
}

fn aliases_before(prepared: &Prepared, offset: usize) -> Aliases {
    let mut aliases = Aliases::default();
    for tag in prepared.tags.iter().take_while(|t| t.range.end <= offset) {
        aliases.visit(&prepared.source[tag.range.clone()]);
    }
    aliases
}

/// "did you mean": walks the expression's path through the context and
/// replaces the first missing segment with the closest existing key.
fn suggest(expr: &str, ctx: &Value, aliases: &Aliases) -> Option<String> {
    let chain = vars::chains(expr).into_iter().next()?;
    let segs = chain.segments;
    // Resolve a loop variable to the list it iterates, to search the right keys.
    let (mut value, shown_root, rest) = match aliases.get(&segs[0]) {
        Some(path) if !path.is_empty() => {
            let v = lookup_path(ctx, path)?;
            (v, segs[0].clone(), &segs[1..])
        }
        _ => {
            let root = &segs[0];
            if ctx.get_attr(root).map(|v| v.is_undefined()).unwrap_or(true) {
                let best = closest_key(root, ctx)?;
                let mut out = best;
                for s in &segs[1..] {
                    out.push('.');
                    out.push_str(s);
                }
                return Some(out);
            }
            (ctx.get_attr(root).ok()?, root.clone(), &segs[1..])
        }
    };
    let mut shown = shown_root;
    for (i, seg) in rest.iter().enumerate() {
        if seg == "[]" {
            value = value.get_item(&Value::from(0)).ok()?;
            shown.push_str("[0]");
            continue;
        }
        let next = value.get_attr(seg).ok().filter(|v| !v.is_undefined());
        match next {
            Some(v) => {
                value = v;
                shown.push('.');
                shown.push_str(seg);
            }
            None => {
                let best = closest_key(seg, &value)?;
                shown.push('.');
                shown.push_str(&best);
                for s in &rest[i + 1..] {
                    shown.push('.');
                    shown.push_str(s);
                }
                return Some(shown);
            }
        }
    }
    None
}

/// Follows `a.b[].c` through a value, taking the first item of lists.
fn lookup_path(ctx: &Value, path: &str) -> Option<Value> {
    let mut v = ctx.clone();
    for part in path.split('.') {
        let (name, lists) = match part.find("[]") {
            Some(p) => (&part[..p], part[p..].matches("[]").count()),
            None => (part, 0),
        };
        if !name.is_empty() {
            v = v.get_attr(name).ok().filter(|x| !x.is_undefined())?;
        }
        for _ in 0..lists {
            v = v
                .get_item(&Value::from(0))
                .ok()
                .filter(|x| !x.is_undefined())?;
        }
    }
    Some(v)
}

/// The key of the map `v` closest to `name` ([`closest`]), if `v` is a map.
fn closest_key(name: &str, v: &Value) -> Option<String> {
    if v.kind() != minijinja::value::ValueKind::Map {
        return None;
    }
    let keys: Vec<Value> = v.try_iter().ok()?.collect();
    closest(name, keys.iter().filter_map(Value::as_str)).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Value {
        Value::from(minijinja::value::Serde(serde_json::json!({
            "customer": {"name": "Contoso", "industry": "Retail"},
            "goals": [{"title": "A", "owner": "B"}],
        })))
    }

    #[test]
    fn structural_openers_are_named_as_written() {
        assert_eq!(structural_opener("{%p if x %}"), "{%p");
        assert_eq!(structural_opener("{%tr for g in goals %}"), "{%tr");
        assert_eq!(structural_opener("{%tc for c in cols %}"), "{%tc");
        assert_eq!(structural_opener("{%r if x %}"), "{%r");
        assert_eq!(structural_opener("{% if x %}"), "{%");
        assert_eq!(structural_opener("{%pif x %}"), "{%");
        assert_eq!(structural_opener("{%- if x %}"), "{%");
    }

    #[test]
    fn a_misspelt_keyword_is_neutralised_as_the_one_it_stands_for() {
        let part = "word/document.xml";
        let prepared = crate::tags::preprocess(
            part,
            "<w:document><w:body><w:p><w:r><w:t>{% for g in goals %}{{ g }}{% endfro %}</w:t></w:r></w:p><w:p><w:r><w:t>{% iff x %}y{% endif %}</w:t></w:r></w:p></w:body></w:document>",
        )
        .unwrap()
        .prepared;
        let (found, source) = syntax_errors(&prepared, part);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "syntax error: unknown statement endfro",
                "syntax error: unknown statement iff"
            ]
        );
        assert_eq!(found.0[0].hint.as_deref(), Some("did you mean `endfor`?"));
        assert!(Environment::new().template_from_str(&source).is_ok());
    }

    #[test]
    fn suggests_top_level_and_nested_names() {
        let a = Aliases::default();
        assert_eq!(
            suggest("custmer.name", &ctx(), &a).as_deref(),
            Some("customer.name")
        );
        assert_eq!(
            suggest("customer.nmae", &ctx(), &a).as_deref(),
            Some("customer.name")
        );
        assert_eq!(
            suggest("Customer.name", &ctx(), &a).as_deref(),
            Some("customer.name")
        );
        assert_eq!(suggest("zzz", &ctx(), &a), None);
    }

    #[test]
    fn suggests_through_loop_variables() {
        let mut a = Aliases::default();
        a.visit("{% for g in goals %}");
        assert_eq!(suggest("g.titel", &ctx(), &a).as_deref(), Some("g.title"));
    }
}
