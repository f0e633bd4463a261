//! Helpers for the filters' unit tests: an environment with the filters and
//! strict undefined, and short ways to render and to read an error.

use minijinja::value::Value;
use minijinja::{Environment, Error, UndefinedBehavior, context};

use super::register;

pub(super) fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    register(&mut env);
    env
}

pub(super) fn render(template: &str, ctx: Value) -> Result<String, Error> {
    env().render_str(template, ctx)
}

/// Renders `template` with the given `locale` variable.
pub(super) fn fmt(locale: &str, template: &str) -> String {
    render(template, context! { locale }).unwrap_or_else(|e| panic!("{template}: {e:#}"))
}

/// The error detail (without template position) of a failing render.
pub(super) fn err(template: &str, ctx: Value) -> String {
    let e = render(template, ctx).expect_err(template);
    e.detail().unwrap_or_default().to_owned()
}

pub(super) const NB: &str = "\u{a0}";
