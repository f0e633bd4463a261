//! Errors and arguments shared by every filter: the error message prefix,
//! keyword arguments, the `none`/undefined input rule and `decimals`.

use minijinja::value::{Kwargs, Value};
use minijinja::{Error, ErrorKind};

/// A value for an error message: strings quoted, everything else as rendered.
pub(super) fn show(value: &Value) -> String {
    match value.as_str() {
        Some(s) => format!("{s:?}"),
        None => format!("{value:?}"),
    }
}

pub(super) fn fail(filter: &str, msg: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("{filter} filter: {msg}"),
    )
}

/// Prefixes an engine error (wrong kwarg type, unknown kwarg) with the filter.
pub(super) fn in_filter(filter: &str, err: Error) -> Error {
    let detail = err.detail().unwrap_or("invalid argument").to_owned();
    Error::new(err.kind(), format!("{filter} filter: {detail}"))
}

pub(super) fn kwarg<'a, T>(
    filter: &str,
    kwargs: &'a Kwargs,
    name: &'a str,
) -> Result<Option<T>, Error>
where
    T: minijinja::value::ArgType<'a, Output = T>,
{
    kwargs.get::<Option<T>>(name).map_err(|e| {
        let detail = e.detail().unwrap_or("wrong type").to_owned();
        Error::new(
            e.kind(),
            format!("{filter} filter: invalid `{name}` argument ({detail})"),
        )
    })
}

pub(super) fn finish(filter: &str, kwargs: &Kwargs) -> Result<(), Error> {
    kwargs.assert_all_used().map_err(|e| in_filter(filter, e))
}

/// `None` for `none` (renders empty), an error for undefined.
pub(super) fn present(filter: &str, value: &Value) -> Result<bool, Error> {
    if value.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            format!("{filter} filter: the value is undefined"),
        ));
    }
    Ok(!value.is_none())
}

/// Decimals from a positional or keyword argument, at most 10.
pub(super) fn decimals(
    filter: &str,
    positional: Option<Value>,
    kwargs: &Kwargs,
    default: Option<usize>,
) -> Result<Option<usize>, Error> {
    let keyword: Option<Value> = kwarg(filter, kwargs, "decimals")?;
    let value = match (positional, keyword) {
        (Some(_), Some(_)) => {
            return Err(fail(
                filter,
                "decimals given twice (positional and `decimals=`)",
            ));
        }
        (Some(v), None) | (None, Some(v)) => v,
        (None, None) => return Ok(default),
    };
    match value.as_i64() {
        Some(n @ 0..=10) if value.is_integer() => Ok(Some(n as usize)),
        _ => Err(fail(
            filter,
            format!(
                "decimals must be a whole number from 0 to 10, not {}",
                show(&value)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use minijinja::{ErrorKind, context};

    use crate::render::filters::test_support::{err, render};

    #[test]
    fn undefined_input_is_an_error() {
        let e = render("{{ missing|date }}", context! {}).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UndefinedError);
    }

    #[test]
    fn unknown_kwarg_is_an_error() {
        assert_eq!(
            err("{{ '2026-03-05'|date(locle='de') }}", context! {}),
            "date filter: unknown keyword argument 'locle'"
        );
        assert_eq!(
            err("{{ 1|money('EUR', decimal=0) }}", context! {}),
            "money filter: unknown keyword argument 'decimal'"
        );
        assert_eq!(
            err("{{ 1|percent(decimal=1) }}", context! {}),
            "percent filter: unknown keyword argument 'decimal'"
        );
        assert_eq!(
            err("{{ 1|number(places=1) }}", context! {}),
            "number filter: unknown keyword argument 'places'"
        );
        // Typos are caught even when the value is none.
        assert_eq!(
            err("{{ d|number(places=1) }}", context! { d => () }),
            "number filter: unknown keyword argument 'places'"
        );
    }
}
