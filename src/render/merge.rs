//! Mail merge: one compiled template, many records, one document each,
//! rendered in parallel and named safely.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use minijinja::Environment;
use rayon::prelude::*;
use serde_json::Value as Json;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::fsx;
use crate::location::Location;
use crate::render::CompiledTemplate;

/// Which list of the data gives one document per item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Each {
    /// The data file is itself a list.
    TopLevel,
    /// A dotted path to a list, e.g. `goals` or `engagement.workshops`.
    Path(String),
}

/// The data of one output document.
#[derive(Debug, Clone)]
pub struct Record {
    /// The data file it came from.
    pub source: PathBuf,
    /// 1-based position in the `--each` list.
    pub index: Option<usize>,
    /// The template context.
    pub context: Json,
}

impl Record {
    /// `data.yaml` or `data.yaml#3`, for messages.
    pub fn label(&self) -> String {
        match self.index {
            Some(i) => format!("{}#{i}", self.source.display()),
            None => self.source.display().to_string(),
        }
    }
}

/// Turns loaded data into records. With `each`, every item of the list is one
/// record whose context is the whole data, then the item's own keys on top,
/// plus `item` (the item itself) and `index` (1-based).
pub fn records(source: &Path, data: Json, each: Option<&Each>) -> Result<Vec<Record>> {
    let Some(each) = each else {
        if !data.is_object() {
            return Err(Diagnostic::error(
                Location::file(source),
                "the data must be a mapping of names to values at the top level",
            )
            .with_hint("for a list of records, render one document per item with `--each`")
            .into());
        }
        return Ok(vec![Record {
            source: source.to_path_buf(),
            index: None,
            context: data,
        }]);
    };
    let list = match each {
        Each::TopLevel => data.as_array().cloned(),
        Each::Path(path) => lookup(&data, path).and_then(Json::as_array).cloned(),
    };
    let Some(list) = list else {
        let what = match each {
            Each::TopLevel => "the data is not a list".to_string(),
            Each::Path(p) => format!("`{p}` is not a list in the data"),
        };
        let hint = data
            .as_object()
            .map(|m| {
                let lists: Vec<_> = m
                    .iter()
                    .filter(|(_, v)| v.is_array())
                    .map(|(k, _)| format!("`{k}`"))
                    .collect();
                lists.join(", ")
            })
            .filter(|s| !s.is_empty());
        return Err(Diagnostic::error(
            Location::file(source),
            format!("cannot use `--each`: {what}"),
        )
        .with_hint_opt(hint.map(|h| format!("lists at the top level: {h}")))
        .into());
    };
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let mut ctx = match &data {
                Json::Object(m) => m.clone(),
                _ => serde_json::Map::new(),
            };
            if let Json::Object(fields) = &item {
                for (k, v) in fields {
                    ctx.insert(k.clone(), v.clone());
                }
            }
            ctx.insert("item".into(), item);
            ctx.insert("index".into(), Json::from(i + 1));
            Record {
                source: source.to_path_buf(),
                index: Some(i + 1),
                context: Json::Object(ctx),
            }
        })
        .collect())
}

fn lookup<'a>(data: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .try_fold(data, |v, key| v.get(key))
}

/// Output paths in `dir` for each record: from the `--name` pattern (a
/// minijinja template rendered with the record), else the data file's stem
/// (and the item number). Names are made safe and unique.
pub fn output_paths(records: &[Record], dir: &Path, pattern: Option<&str>) -> Result<Vec<PathBuf>> {
    let env = Environment::new();
    let tmpl = match pattern {
        Some(p) => Some(env.template_from_str(p).map_err(|e| {
            Error::Usage(format!("failed to read the `--name` pattern `{p}` ({e})"))
        })?),
        None => None,
    };
    let mut taken = HashSet::new();
    let mut problems = Diagnostics::new();
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let raw = match &tmpl {
            Some(t) => {
                match t.render(minijinja::Value::from(minijinja::value::Serde(&r.context))) {
                    Ok(s) => s,
                    Err(e) => {
                        problems.push(Diagnostic::error(
                            Location::file(&r.source),
                            format!("failed to build the file name for {} ({e})", r.label()),
                        ));
                        continue;
                    }
                }
            }
            None => {
                let stem = r
                    .source
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "document".into());
                match r.index {
                    Some(i) => format!("{stem}-{i}"),
                    None => stem,
                }
            }
        };
        let mut name = fsx::safe_file_name(raw.trim());
        if !name.to_ascii_lowercase().ends_with(".docx") {
            name.push_str(".docx");
        }
        out.push(dir.join(fsx::unique_name(&name, &mut taken)));
    }
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    Ok(out)
}

/// What happened to one record.
#[derive(Debug)]
pub struct Outcome {
    /// Where the document was (or would have been) written.
    pub path: PathBuf,
    /// Warnings on success, the error otherwise.
    pub result: Result<Diagnostics>,
}

/// Renders every record to its path, in parallel; a failing record does not
/// stop the others. Outcomes come back in input order.
pub fn render_all(
    template: &CompiledTemplate,
    records: &[Record],
    paths: &[PathBuf],
) -> Vec<Outcome> {
    records
        .par_iter()
        .zip(paths.par_iter())
        .map(|(record, path)| Outcome {
            path: path.clone(),
            result: template
                .render_to_file(&record.context, path)
                .map(|w| w.locate(&record.source))
                .map_err(|e| match e {
                    Error::Invalid(d) => Error::Invalid(d.locate(&record.source)),
                    e => e,
                }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_merges_item_over_data() {
        let data = json!({"customer": {"name": "C"}, "goals": [{"id": "G1"}, {"id": "G2"}]});
        let recs = records(Path::new("d.yaml"), data, Some(&Each::Path("goals".into()))).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].context["id"], "G2");
        assert_eq!(recs[1].context["index"], 2);
        assert_eq!(recs[1].context["customer"]["name"], "C");
        assert_eq!(recs[1].label(), "d.yaml#2");
    }

    #[test]
    fn each_on_a_non_list_names_the_lists() {
        let data = json!({"goals": [], "name": "x"});
        let err = records(Path::new("d.yaml"), data, Some(&Each::Path("name".into()))).unwrap_err();
        let d = &err.diagnostics().unwrap().0[0];
        assert!(d.message.contains("`name` is not a list"), "{}", d.message);
        assert!(d.hint.as_deref().unwrap().contains("`goals`"));
    }

    #[test]
    fn names_from_pattern_are_safe_and_unique() {
        let recs = records(
            Path::new("d.yaml"),
            json!([{"n": "Müller / Ost"}, {"n": "Müller / Ost"}, {"n": "../../x"}]),
            Some(&Each::TopLevel),
        )
        .unwrap();
        let paths = output_paths(&recs, Path::new("out"), Some("{{ n }}")).unwrap();
        let names: Vec<_> = paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "out/Müller - Ost.docx",
                "out/Müller - Ost (2).docx",
                "out/x.docx"
            ]
        );
    }
}
