//! The shape of the context a kind of document gets, derived from the
//! model's JSON Schema (so a field added to the model is known at once) and
//! put together by the bundle's own [`document_context`].
//!
//! The shape is a skeleton JSON value: an object has every field, a list one
//! element of its item's shape, a text `""`, a number `0`, a flag `false`;
//! `null` stands for a value of any shape.

use serde_json::{Map, Value as Json, json};

use crate::bundle::document_context;
use crate::model::{IterationContext, Workshop};
use crate::templates::DocumentKind;

/// How deep `$ref`s are followed (the model has no recursive type).
const MAX_DEPTH: usize = 32;

/// The skeleton of the context a document of `kind` is rendered with.
pub(crate) fn context(kind: DocumentKind) -> Json {
    let base = skeleton_of(schemars::schema_for!(IterationContext));
    // Only an agenda gets its `workshop` (as `bundle::render_documents` does).
    let workshop = (kind == DocumentKind::WorkshopAgenda)
        .then(|| skeleton_of(schemars::schema_for!(Workshop)));
    let mut ctx = document_context(&base, kind, "", workshop.as_ref());
    // `--locale` puts the locale into every context (`render::Context::new`).
    if let Json::Object(map) = &mut ctx {
        map.entry("locale").or_insert(json!(""));
    }
    ctx
}

fn skeleton_of(schema: schemars::Schema) -> Json {
    let root = schema.as_value().clone();
    let defs = root
        .get("$defs")
        .and_then(Json::as_object)
        .cloned()
        .unwrap_or_default();
    skeleton(&root, &defs, 0)
}

fn skeleton(schema: &Json, defs: &Map<String, Json>, depth: usize) -> Json {
    if depth > MAX_DEPTH {
        return Json::Null;
    }
    if let Some(r) = schema.get("$ref").and_then(Json::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return defs
            .get(name)
            .map_or(Json::Null, |d| skeleton(d, defs, depth + 1));
    }
    // `Option<T>`: `anyOf: [T, null]`, or `type: [t, "null"]`.
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = schema.get(key).and_then(Json::as_array) {
            let shapes: Vec<Json> = alts
                .iter()
                .filter(|a| a.get("type").and_then(Json::as_str) != Some("null"))
                .map(|a| skeleton(a, defs, depth + 1))
                .collect();
            return match shapes.as_slice() {
                [one] => one.clone(),
                // A plain enum: every alternative a text.
                many if !many.is_empty() && many.iter().all(Json::is_string) => json!(""),
                _ => Json::Null,
            };
        }
    }
    if schema.get("enum").is_some() || schema.get("const").is_some() {
        return json!("");
    }
    let ty = match schema.get("type") {
        Some(Json::String(t)) => t.as_str(),
        Some(Json::Array(ts)) => ts
            .iter()
            .filter_map(Json::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ => "",
    };
    match ty {
        "object" => {
            let mut map = Map::new();
            if let Some(props) = schema.get("properties").and_then(Json::as_object) {
                for (k, v) in props {
                    map.insert(k.clone(), skeleton(v, defs, depth + 1));
                }
            }
            Json::Object(map)
        }
        "array" => {
            let item = schema
                .get("items")
                .map_or(Json::Null, |i| skeleton(i, defs, depth + 1));
            Json::Array(vec![item])
        }
        "string" => json!(""),
        "integer" | "number" => json!(0),
        "boolean" => json!(false),
        _ => Json::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field's schema was understood: a field the walk cannot read
    /// would be `null` (any shape) and so never checked.
    #[test]
    fn every_field_has_a_shape() {
        fn nulls(v: &Json, path: &str, out: &mut Vec<String>) {
            match v {
                Json::Null => out.push(path.to_string()),
                Json::Object(m) => m
                    .iter()
                    .for_each(|(k, v)| nulls(v, &format!("{path}.{k}"), out)),
                Json::Array(items) => items
                    .iter()
                    .for_each(|v| nulls(v, &format!("{path}[]"), out)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        nulls(&context(DocumentKind::WorkshopAgenda), "", &mut found);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn every_kind_has_the_iteration_context_and_its_document() {
        for kind in DocumentKind::ALL {
            let c = context(kind);
            assert_eq!(c["iteration"]["commit"]["effort"]["days"], json!(0));
            assert_eq!(c["iteration"]["commit"]["goals"][0]["title"], json!(""));
            assert_eq!(c["iteration"]["commit"]["date"], json!(""));
            assert_eq!(c["iteration"]["ensure"]["summary"]["percent"], json!(0));
            assert_eq!(c["previous"]["assess"]["maturity"]["label"], json!(""));
            assert!(c["document"]["title"].is_string());
            assert_eq!(c["engagement"]["iterations"], json!(0));
            assert_eq!(
                c.get("workshop").is_some(),
                kind == DocumentKind::WorkshopAgenda
            );
        }
        let agenda = context(DocumentKind::WorkshopAgenda);
        assert_eq!(agenda["workshop"]["agenda"][0]["start"], json!(""));
        assert_eq!(agenda["workshop"]["type"]["label"], json!(""));
    }
}
