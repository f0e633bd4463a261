//! Data → template context: XML-forbidden characters removed (with a warning
//! naming the variable), the locale set, converted to a minijinja value once.
//!
//! [`Context::new`] does all of that in one walk over the data, building the
//! minijinja values directly (no serde round trip, no copy of the data when a
//! string needs fixing). A [`Context`] can be rendered into any number of
//! documents and templates ([`super::CompiledTemplate::render_context`]).

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectExt, ObjectRepr};
use serde_json::Value as Json;

use crate::error::{Diagnostic, Diagnostics};
use crate::location::Location;

/// Is `c` a character XML 1.0 forbids (in text and as a character reference)?
pub fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Data ready to render: the template values (XML-forbidden characters
/// removed, `locale` set) and a warning for every value that was changed.
/// Cheap to clone (the values are reference-counted).
#[derive(Debug, Clone)]
pub struct Context {
    value: Value,
    warnings: Diagnostics,
}

impl Context {
    /// Converts `data` in one walk. `locale`, when given, overrides the data's
    /// top-level `locale`.
    pub fn new(data: &Json, locale: Option<&str>) -> Context {
        let mut found = Vec::new();
        let mut path = Vec::new();
        let value = match (data, locale) {
            (Json::Object(map), Some(l)) => {
                let mut m = convert_map(map, &mut path, &mut found);
                m.insert(Value::from("locale"), Value::from(l));
                Value::from_object(m)
            }
            (_, Some(l)) => {
                let base = convert(data, &mut path, &mut found);
                minijinja::context! { locale => l, ..base }
            }
            (_, None) => convert(data, &mut path, &mut found),
        };
        Context {
            value,
            warnings: Diagnostics(found.into_iter().map(forbidden_warning).collect()),
        }
    }

    /// `top` over this context: `top`'s names win, the rest are looked up
    /// here (lazily: neither is copied). Both contexts' warnings are kept.
    pub fn layered(&self, top: Context) -> Context {
        let mut warnings = self.warnings.clone();
        warnings.extend(top.warnings);
        Context {
            value: minijinja::value::merge_maps([self.value.clone(), top.value]),
            warnings,
        }
    }

    /// The template context.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// One warning per value whose XML-forbidden characters were dropped.
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }
}

/// One step of a value's path in the data.
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_string(path: &[Seg<'_>]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                use std::fmt::Write;
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// The same values `Value::from(Serde(v))` gives (numbers as u64, i64 or
/// f64 as serde_json serializes them; maps in order), built directly.
fn convert<'a>(v: &'a Json, path: &mut Vec<Seg<'a>>, found: &mut Vec<(String, char)>) -> Value {
    match v {
        Json::Null => Value::from(()),
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => {
            if let Some(u) = n.as_u64() {
                Value::from(u)
            } else if let Some(i) = n.as_i64() {
                Value::from(i)
            } else {
                Value::from(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Json::String(s) => match first_forbidden(s) {
            None => Value::from(s.as_str()),
            Some(c) => {
                found.push((path_string(path), c));
                let mut fixed = s.clone();
                fixed.retain(|c| !is_xml_forbidden(c));
                Value::from(fixed)
            }
        },
        Json::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                out.push(convert(item, path, found));
                path.pop();
            }
            Value::from_object(out)
        }
        Json::Object(map) => convert_object(map, path, found),
    }
}

/// Maps with at most this many keys become a [`SmallMap`].
const SMALL_MAP: usize = 8;

/// A map of a few keys (most maps in engagement data: a goal, a workshop)
/// as one vector of pairs: one allocation and no hashing to build it, and
/// the same linear lookup minijinja uses for its own maps of up to 12 keys.
/// Template-visible behaviour is the same as minijinja's map (a map, keys in
/// order, looked up by string).
#[derive(Debug)]
struct SmallMap(Vec<(Value, Value)>);

impl Object for SmallMap {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.0
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_rev_key_value_enumerator(|this| Box::new(this.0.iter().cloned()))
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.0.len())
    }
}

fn convert_object<'a>(
    map: &'a serde_json::Map<String, Json>,
    path: &mut Vec<Seg<'a>>,
    found: &mut Vec<(String, char)>,
) -> Value {
    if map.len() > SMALL_MAP {
        return Value::from_object(convert_map(map, path, found));
    }
    let mut out = Vec::with_capacity(map.len());
    for (k, item) in map {
        path.push(Seg::Key(k));
        let v = convert(item, path, found);
        path.pop();
        out.push((Value::from(k.as_str()), v));
    }
    Value::from_object(SmallMap(out))
}

fn convert_map<'a>(
    map: &'a serde_json::Map<String, Json>,
    path: &mut Vec<Seg<'a>>,
    found: &mut Vec<(String, char)>,
) -> indexmap::IndexMap<Value, Value> {
    let mut out = indexmap::IndexMap::with_capacity(map.len());
    for (k, item) in map {
        path.push(Seg::Key(k));
        let v = convert(item, path, found);
        path.pop();
        out.insert(Value::from(k.as_str()), v);
    }
    out
}

/// The first XML-forbidden character of `s`, by a fast byte scan.
fn first_forbidden(s: &str) -> Option<char> {
    crate::docx::wellformed::find_forbidden_char(s.as_bytes()).and_then(|(_, c)| char::from_u32(c))
}

fn forbidden_warning((path, c): (String, char)) -> Diagnostic {
    Diagnostic::warning(
        Location::Unknown,
        format!(
            "`{path}` contains the character U+{:04X}, which Word documents cannot hold; it was left out",
            c as u32
        ),
    )
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use minijinja::value::Serde;

    use super::*;

    // The straightforward two-step conversion (sanitize a copy, then let
    // minijinja convert it) that `Context::new` does in one walk: the oracle
    // the tests compare it with.

    /// Returns the data with every XML-forbidden character removed from its
    /// strings, and one warning per affected value naming its path (`goals[2].title`).
    /// Borrows when nothing needed fixing (the common case).
    fn sanitize(data: &Json) -> (Cow<'_, Json>, Diagnostics) {
        let mut paths = Vec::new();
        find_forbidden(data, &mut String::new(), &mut paths);
        if paths.is_empty() {
            return (Cow::Borrowed(data), Diagnostics::new());
        }
        let mut fixed = data.clone();
        strip_forbidden(&mut fixed);
        let warnings = paths.into_iter().map(forbidden_warning).collect();
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
    fn to_value(data: &Json, locale: Option<&str>) -> Value {
        let base = Value::from(Serde(data));
        match locale {
            Some(l) => minijinja::context! { locale => l, ..base },
            None => base,
        }
    }

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
    fn context_equals_sanitize_then_to_value() {
        let data = serde_json::json!({
            "locale": "de",
            "n": [1, -2, 2.5, 18446744073709551615u64, null, true],
            "goals": [{"title": "ok"}, {"title": "bad\u{1}x\u{fffe}", "t": "a\tb\nc"}],
            "long": "a string longer than the small-string limit of minijinja",
        });
        for locale in [None, Some("en")] {
            let ctx = Context::new(&data, locale);
            let (fixed, warnings) = sanitize(&data);
            let expected = to_value(&fixed, locale);
            assert_eq!(ctx.warnings(), &warnings);
            for key in ["locale", "n", "goals", "long"] {
                assert_eq!(
                    ctx.value().get_attr(key).unwrap().to_string(),
                    expected.get_attr(key).unwrap().to_string(),
                    "{key}"
                );
            }
            if locale.is_none() {
                assert_eq!(ctx.value().to_string(), expected.to_string());
            }
        }
        let ctx = Context::new(&serde_json::json!([1, "x\u{1}"]), Some("de"));
        assert_eq!(ctx.warnings().len(), 1);
        assert!(ctx.warnings().0[0].message.contains("`[1]`"));
    }

    #[test]
    fn small_maps_behave_like_minijinja_maps() {
        let data = serde_json::json!({
            "g": {"title": "T", "n": 2, "sub": {"a": 1}},
            "big": {"k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8, "k9": 9},
            "list": [{"b": 2, "a": 1}, {"a": 3, "b": 0}],
        });
        let template = "{{ g.title }} {{ g['n'] }} {{ g.sub.a }} {{ g|length }} \
            {{ 'title' in g }} {{ 'x' in g }} {{ g.missing is undefined }} \
            {% for k, v in g|items %}{{ k }}={{ v }};{% endfor %} \
            {% for k in g %}{{ k }},{% endfor %} {{ g|dictsort }} {{ g|tojson }} \
            {{ g == g }} {{ list|sort(attribute='a')|map(attribute='b')|join(',') }} \
            {{ big|length }} {{ big.k9 }} {{ g }} {% if g %}yes{% endif %} {{ {}|length }}";
        let mut env = minijinja::Environment::new();
        env.add_template("t", template).unwrap();
        let t = env.get_template("t").unwrap();
        let ours = t.render(Context::new(&data, None).value()).unwrap();
        let theirs = t.render(Value::from(Serde(&data))).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn clean_data_is_borrowed() {
        let data = serde_json::json!({"a": "tab\tand\nnewline are fine"});
        assert!(matches!(sanitize(&data).0, Cow::Borrowed(_)));
    }
}
