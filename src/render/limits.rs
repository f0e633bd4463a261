//! What one render may cost, so that no template (they come from customers'
//! designers) can take the machine down:
//!
//! 1. **Time**: minijinja's fuel ([`Limits::fuel`]) stops a runaway loop
//!    within about a second, and a deadline ([`with_deadline`], `batch
//!    --timeout`) ends a document that takes longer however it spends it.
//! 2. **Memory**: fuel also pays for every byte a template creates (minijinja
//!    checks the fuel *before* building a string whose size it knows, e.g.
//!    `'x' * n`, `~`, `+`), so the default fuel bounds all of a render's
//!    strings together (about 64 bytes per unit: [`FUEL`] × 64 ≈ 768 MiB).
//!    The filters whose result can be far larger than their input
//!    (`format`'s widths, `indent`, `replace`, `join`, `tojson`'s indent) are
//!    replaced by versions that refuse a result over [`Limits::max_text`]
//!    before building it, with the tag's location.
//! 3. **Each rendered part** is written into a buffer that refuses to grow
//!    over [`Limits::max_text`] ([`render`]).

use std::cell::Cell;
use std::io;
use std::time::{Duration, Instant};

use minijinja::value::{Kwargs, Rest, StringInput, Value, ValueOrKwargs};
use minijinja::{Environment, Error as JinjaError, ErrorKind, State, Template};

use crate::docx::human_size;
use crate::error::Diagnostic;
use crate::location::Location;

/// The largest text a template may produce and the largest rendered part:
/// the same 256 MiB as a template's input parts
/// ([`crate::docx::MAX_INFLATED_BYTES`]).
pub const MAX_TEXT: usize = crate::docx::MAX_INFLATED_BYTES as usize;

/// The work one render of one part may do. The big SOW with 20 times its
/// data uses about 1/50 of it; a runaway loop burns it in well under a
/// second (BENCHMARKS.md, "Render fuel").
pub const FUEL: u64 = 12_000_000;

/// The largest `indent` `tojson` accepts: its output grows by the indent
/// for every nested item.
const MAX_JSON_INDENT: usize = 64;

/// The bounds of one render ([`crate::render::CompiledTemplate::set_limits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest text a filter may return and the largest rendered part, in bytes.
    pub max_text: usize,
    /// minijinja fuel per part (instructions, plus one unit per 64 bytes created).
    pub fuel: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_text: MAX_TEXT,
            fuel: FUEL,
        }
    }
}

/// Sets the fuel and replaces the filters whose output can outgrow their
/// input by versions that check the size first.
pub(super) fn apply(env: &mut Environment<'static>, limits: Limits) {
    env.set_fuel(Some(limits.fuel));
    let max = limits.max_text;
    env.add_filter(
        "format",
        move |state: &mut State, f: &Value, args: Rest<ValueOrKwargs>| format(state, f, args, max),
    );
    env.add_filter(
        "indent",
        move |s: StringInput,
              w: Option<usize>,
              first: Option<bool>,
              blank: Option<bool>,
              k: Kwargs| { indent(s, w, first, blank, k, max) },
    );
    env.add_filter(
        "replace",
        move |state: &mut State, args: Rest<ValueOrKwargs>| replace(state, args, max),
    );
    env.add_filter(
        "join",
        move |state: &mut State, v: &Value, j: Option<StringInput>, a: Option<&str>, k: Kwargs| {
            join(state, v, j, a, k, max)
        },
    );
    env.add_filter("tojson", tojson);
}

fn too_large(what: &str, bytes: usize, max: usize) -> JinjaError {
    let size = if bytes == usize::MAX {
        "more than 16 EiB".into()
    } else {
        human_size(bytes as u64)
    };
    JinjaError::new(
        ErrorKind::InvalidOperation,
        format!(
            "{what} would make a text of {size}, larger than the {} limit",
            human_size(max as u64)
        ),
    )
}

/// `format`, once the widths and precisions of its specifiers (`%99999999999s`)
/// are known to fit.
fn format(
    state: &mut State,
    f: &Value,
    args: Rest<ValueOrKwargs>,
    max: usize,
) -> Result<Value, JinjaError> {
    if let Some(s) = f.as_str() {
        let inputs = args
            .0
            .iter()
            .map(|a| a.as_str().map_or(32, str::len))
            .fold(0usize, usize::saturating_add);
        let bound = format_widths(s)
            .saturating_add(s.len())
            .saturating_add(inputs);
        if bound > max {
            return Err(too_large("`format`", bound, max));
        }
    }
    minijinja::filters::format(state, f, args)
}

/// The sum of every width and precision in a printf-style format string.
fn format_widths(s: &str) -> usize {
    let b = s.as_bytes();
    let mut total = 0usize;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        i += 1;
        if b.get(i) == Some(&b'(') {
            while i < b.len() && b[i] != b')' {
                i += 1;
            }
        }
        while i < b.len() && !b[i].is_ascii_alphabetic() && b[i] != b'%' {
            if b[i].is_ascii_digit() {
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let n = s[start..i].parse::<usize>().unwrap_or(usize::MAX);
                total = total.saturating_add(n);
            } else {
                i += 1;
            }
        }
        i += 1;
    }
    total
}

/// `indent`: the width is added to every line.
fn indent(
    s: StringInput,
    width: Option<usize>,
    first: Option<bool>,
    blank: Option<bool>,
    kwargs: Kwargs,
    max: usize,
) -> Result<Value, JinjaError> {
    let w = match width {
        Some(w) => w,
        None => kwargs.peek::<Option<usize>>("width")?.unwrap_or(4),
    };
    let lines = memchr::memchr_iter(b'\n', s.as_str().as_bytes()).count() + 1;
    let bound = w.saturating_mul(lines).saturating_add(s.as_str().len());
    if bound > max {
        return Err(too_large("`indent`", bound, max));
    }
    minijinja::filters::indent(s, width, first, blank, kwargs)
}

/// `replace(from, to, count)`: each match may grow the text by
/// `to.len() - from.len()`. Checked on an upper bound first, and only when
/// that does not fit on the matches counted.
fn replace(state: &mut State, args: Rest<ValueOrKwargs>, max: usize) -> Result<Value, JinjaError> {
    let values = args.into_values();
    let (value, from, to, count, kwargs): (
        StringInput,
        StringInput,
        StringInput,
        Option<i64>,
        Kwargs,
    ) = minijinja::value::from_args(&values)?;
    let count = match count {
        Some(c) => Some(c),
        None => kwargs.get::<Option<i64>>("count")?,
    };
    kwargs.assert_all_used()?;
    let count = count
        .and_then(|c| usize::try_from(c).ok())
        .unwrap_or(usize::MAX);
    let (v, f, t) = (value.as_str(), from.as_str(), to.as_str());
    if t.len() > f.len() {
        let size = |matches: usize| {
            matches
                .saturating_mul(t.len() - f.len())
                .saturating_add(v.len())
        };
        let most = (v.len() / f.len().max(1) + 1).min(count);
        if size(most) > max {
            let found = match f.is_empty() {
                true => (v.chars().count() + 1).min(count),
                false => v.matches(f).take(count).count(),
            };
            if size(found) > max {
                return Err(too_large("`replace`", size(found), max));
            }
        }
    }
    // minijinja's own `replace` semantics (safe strings stay safe).
    let safe = value.is_safe() || from.is_safe() || to.is_safe();
    if safe {
        let v = value.format(state)?;
        let t = to.format(state)?;
        Ok(Value::from_safe_string(v.replacen(f, &t, count)))
    } else {
        Ok(Value::from(v.replacen(f, t, count)))
    }
}

/// `join`: the joiner is repeated for every item, and an item may be
/// repeated (`[s] * n`): the result's size is added up before it is built.
fn join(
    state: &mut State,
    value: &Value,
    joiner: Option<StringInput>,
    attribute: Option<&str>,
    kwargs: Kwargs,
    max: usize,
) -> Result<Value, JinjaError> {
    let sep = match &joiner {
        Some(j) => j.as_str().len(),
        None => kwargs
            .peek::<Option<StringInput>>("d")?
            .map_or(0, |j| j.as_str().len()),
    };
    if attribute.is_none()
        && !kwargs.has("attribute")
        && value.as_str().is_none()
        && let Ok(items) = value.try_iter()
    {
        let mut bound = 0usize;
        let mut n = 0u64;
        for item in items {
            // An item that is not a string is printed: numbers are short,
            // and a container's own size was paid for when it was made.
            let len = item.as_str().map_or(32, str::len);
            bound = bound.saturating_add(len).saturating_add(sep);
            n += 1;
            if bound > max {
                return Err(too_large("`join`", bound, max));
            }
        }
        // The items visited here, at minijinja's cost for an item (1/2 fuel).
        state.consume_fuel(n / 2)?;
    }
    minijinja::filters::join(state, value, joiner, attribute, kwargs)
}

/// `tojson`, with an indent of at most [`MAX_JSON_INDENT`].
fn tojson(value: &Value, indent: Option<Value>, kwargs: Kwargs) -> Result<Value, JinjaError> {
    let n = match &indent {
        Some(i) => Some(i.clone()),
        None => kwargs.peek::<Option<Value>>("indent")?,
    };
    if let Some(n) = n.and_then(|n| n.as_usize())
        && n > MAX_JSON_INDENT
    {
        return Err(JinjaError::new(
            ErrorKind::InvalidOperation,
            format!("`tojson` indents by at most {MAX_JSON_INDENT} spaces, not {n}"),
        ));
    }
    minijinja::filters::tojson(value, indent, kwargs)
}

thread_local! {
    static DEADLINE: Cell<Option<(Instant, Duration)>> = const { Cell::new(None) };
}

/// Runs `f` (rendering one document on this thread) with a deadline: a part
/// still being rendered when `timeout` has passed fails with a located
/// error. Fuel bounds a loop that writes nothing; this bounds the rest.
pub fn with_deadline<R>(timeout: Option<Duration>, f: impl FnOnce() -> R) -> R {
    let before = DEADLINE.with(|d| d.replace(timeout.map(|t| (Instant::now() + t, t))));
    let r = f();
    DEADLINE.with(|d| d.set(before));
    r
}

/// The timeout of [`with_deadline`] when it has passed.
pub fn deadline_passed() -> Option<Duration> {
    DEADLINE
        .with(|d| d.get())
        .and_then(|(at, t)| (Instant::now() >= at).then_some(t))
}

/// The error of a document that took longer than `timeout` (for the
/// stages after rendering, which check [`deadline_passed`] when they end).
pub fn timed_out(template: &std::path::Path, timeout: Duration) -> crate::error::Error {
    crate::error::Error::from(Diagnostic::error(
        Location::file(template),
        format!(
            "the document took longer than the time limit of {} s",
            seconds(timeout)
        ),
    ))
}

/// `60`, `0.5`.
fn seconds(d: Duration) -> String {
    format!("{}", d.as_secs_f64())
}

/// Parses a time limit in seconds (`60`, `0.5`); for `--timeout`.
pub fn parse_seconds(s: &str) -> Result<Duration, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .and_then(|n| Duration::try_from_secs_f64(n).ok())
        .ok_or_else(|| format!("`{s}` is not a number of seconds (e.g. `60` or `0.5`)"))
}

/// Why [`render`] stopped a part.
#[derive(Debug)]
pub(super) enum Stop {
    /// A template error (minijinja's, with its location).
    Jinja(JinjaError),
    /// The part grew over the limit, or the deadline passed.
    Limit(String),
}

/// Renders one part into a buffer capped at `limits.max_text`, checking the
/// deadline of [`with_deadline`] as it grows.
pub(super) fn render(tmpl: &Template, ctx: &Value, limits: &Limits) -> Result<String, Stop> {
    let mut out = Capped {
        buf: Vec::new(),
        max: limits.max_text,
        writes: 0,
        stop: None,
    };
    match tmpl.render_captured_to(ctx, &mut out) {
        Ok(_) => String::from_utf8(out.buf)
            .map_err(|_| Stop::Jinja(JinjaError::new(ErrorKind::WriteFailure, "not UTF-8"))),
        Err(e) => Err(match out.stop {
            Some(reason) => Stop::Limit(reason),
            None => Stop::Jinja(e),
        }),
    }
}

/// A part stopped by a limit, located at the part (the writer cannot know
/// which tag was writing).
pub(super) fn part_problem(file: &std::path::Path, part: &str, msg: String) -> Diagnostic {
    Diagnostic::error(
        Location::Template {
            file: Some(file.to_path_buf()),
            part: part.to_string(),
            paragraph: 0,
            paragraph_text: String::new(),
            tag: String::new(),
        },
        msg,
    )
    .with_hint("a loop or filter in this part makes far more text than a document holds")
}

/// The output of one part: refuses to grow over `max`.
struct Capped {
    buf: Vec<u8>,
    max: usize,
    writes: u32,
    stop: Option<String>,
}

impl io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len().saturating_add(data.len()) > self.max {
            let msg = format!(
                "the rendered part would be larger than the {} limit",
                human_size(self.max as u64)
            );
            return Err(self.fail(msg));
        }
        // The clock is read once every 256 writes: a part makes thousands.
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(256)
            && let Some(t) = deadline_passed()
        {
            return Err(self.fail(format!(
                "rendering took longer than the time limit of {} s",
                seconds(t)
            )));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Capped {
    fn fail(&mut self, msg: String) -> io::Error {
        self.stop = Some(msg.clone());
        io::Error::other(msg)
    }
}

#[cfg(test)]
mod tests;
