//! Data → template context: XML-forbidden characters removed (with a warning
//! naming the variable), the locale set, converted to a minijinja value once.

use std::borrow::Cow;

use minijinja::Value;
use minijinja::value::Serde;
use serde_json::Value as Json;

use crate::error::{Diagnostic, Diagnostics};
use crate::location::Location;

/// Is `c` a character XML 1.0 forbids (in text and as a character reference)?
pub fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Returns the data with every XML-forbidden character removed from its
/// strings, and one warning per affected value naming its path (`goals[2].title`).
/// Borrows when nothing needed fixing (the common case).
pub fn sanitize(data: &Json) -> (Cow<'_, Json>, Diagnostics) {
    let mut paths = Vec::new();
    find_forbidden(data, &mut String::new(), &mut paths);
    if paths.is_empty() {
        return (Cow::Borrowed(data), Diagnostics::new());
    }
    let mut fixed = data.clone();
    strip_forbidden(&mut fixed);
    let warnings = paths
        .into_iter()
        .map(|(path, c)| {
            Diagnostic::warning(
                Location::Unknown,
                format!(
                    "`{path}` contains the character U+{:04X}, which Word documents cannot hold; it was left out",
                    c as u32
                ),
            )
        })
        .collect();
    (Cow::Owned(fixed), Diagnostics(warnings))
}

fn find_forbidden(v: &Json, path: &mut String, out: &mut Vec<(String, char)>) {
    match v {
        Json::String(s) => {
            if let Some(c) = s.chars().find(|c| is_xml_forbidden(*c)) {
                out.push((path.clone(), c));
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                find_forbidden(item, path, out);
                path.truncate(len);
            }
        }
        Json::Object(map) => {
            for (k, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                find_forbidden(item, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

fn strip_forbidden(v: &mut Json) {
    match v {
        Json::String(s) => s.retain(|c| !is_xml_forbidden(c)),
        Json::Array(items) => items.iter_mut().for_each(strip_forbidden),
        Json::Object(map) => map.values_mut().for_each(strip_forbidden),
        _ => {}
    }
}

/// The template context: the data's top-level keys, with `locale` overridden
/// when one is given.
pub fn to_value(data: &Json, locale: Option<&str>) -> Value {
    let base = Value::from(Serde(data));
    match locale {
        Some(l) => minijinja::context! { locale => l, ..base },
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_variable_with_a_forbidden_char() {
        let data = serde_json::json!({"goals": [{"title": "ok"}, {"title": "bad\u{1}x"}]});
        let (fixed, warnings) = sanitize(&data);
        assert_eq!(fixed["goals"][1]["title"], "badx");
        assert_eq!(warnings.len(), 1);
        let msg = &warnings.0[0].message;
        assert!(
            msg.contains("`goals[1].title`") && msg.contains("U+0001"),
            "{msg}"
        );
    }

    #[test]
    fn clean_data_is_borrowed() {
        let data = serde_json::json!({"a": "tab\tand\nnewline are fine"});
        assert!(matches!(sanitize(&data).0, Cow::Borrowed(_)));
    }
}
