//! `lint`: checks a customised template without any data.
//!
//! 1. The tags Word broke and the syntax errors, as compiling reports them
//!    ([`crate::render::vars::package_reads`]).
//! 2. Every path the template reads ([`crate::render::vars`]) against the
//!    context its kind of document gets (`shape`, derived from the model's
//!    schema): an unknown field gets the nearest known one as a hint, from
//!    [`crate::suggest`].
//! 3. Every `{% for %}` over a value that is not a list.
//!
//! Everything found is returned together, each problem located by part,
//! paragraph and tag as written.

mod shape;

use std::path::Path;

use serde_json::Value as Json;

use crate::docx::DocxPackage;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::location::Location;
use crate::render::vars::{self, DataPath, Read, Seg};
use crate::suggest::closest;
use crate::tags::Prepared;
use crate::templates::DocumentKind;

/// The kind of document a template file is for, from its file name as
/// `bundle` looks it up (`sow.docx` is a statement of work).
pub fn kind_of_file(path: &Path) -> Option<DocumentKind> {
    let name = path.file_name()?.to_str()?;
    DocumentKind::ALL
        .into_iter()
        .find(|k| k.template_file().eq_ignore_ascii_case(name))
}

/// Every problem of the template at `path` for a document of `kind`. An
/// `Err` only when the file cannot be read as a Word document at all.
pub fn lint_file(path: &Path, kind: DocumentKind) -> Result<Diagnostics> {
    lint_package(&DocxPackage::open(path)?, kind)
}

/// [`lint_file`] for an opened package.
pub fn lint_package(package: &DocxPackage, kind: DocumentKind) -> Result<Diagnostics> {
    let (parts, mut problems) = vars::package_reads(package)?;
    let context = shape::context(kind);
    for part in &parts {
        let mut seen = std::collections::HashSet::new();
        for read in &part.reads {
            let Some(message) = check(&context, read, kind) else {
                continue;
            };
            let tag = part.prepared.tag_at(read.offset);
            // One report per path and tag (a macro body is walked per call).
            if !seen.insert((read.path.clone(), tag.map(|t| t.range.start))) {
                continue;
            }
            let (message, hint) = message;
            problems.push(
                Diagnostic::error(
                    location(package.path(), &part.part, &part.prepared, read.offset),
                    message,
                )
                .with_hint_opt(hint),
            );
        }
    }
    problems.0.sort_by_key(|d| order(&d.location));
    Ok(problems)
}

/// The templates of a `--templates` folder, each checked for the kind its
/// file name gives; all their problems together, `Err(Error::Invalid)` when
/// there is any.
pub fn lint_folder(dir: &Path) -> Result<()> {
    let mut problems = Diagnostics::new();
    for kind in DocumentKind::ALL {
        let file = dir.join(kind.template_file());
        if file.is_file() {
            problems.extend(lint_file(&file, kind)?);
        }
    }
    match problems.has_errors() {
        true => Err(Error::Invalid(problems)),
        false => Ok(()),
    }
}

fn order(l: &Location) -> (String, usize) {
    match l {
        Location::Template {
            part, paragraph, ..
        } => (part.clone(), *paragraph),
        _ => (String::new(), 0),
    }
}

fn location(file: &Path, part: &str, prepared: &Prepared, offset: usize) -> Location {
    let tag = prepared.tag_at(offset);
    let paragraph = tag.map_or(0, |t| t.paragraph);
    Location::Template {
        file: Some(file.to_path_buf()),
        part: part.to_string(),
        paragraph,
        paragraph_text: prepared.paragraph_text(paragraph).to_string(),
        tag: tag.map(|t| t.as_written.clone()).unwrap_or_default(),
    }
}

/// What is wrong with one read, if anything: the message and a hint.
fn check(context: &Json, read: &Read, kind: DocumentKind) -> Option<(String, Option<String>)> {
    let mut value = context;
    for (i, seg) in read.path.iter().enumerate() {
        let here = DataPath(read.path[..i].to_vec());
        value = match (value, seg) {
            // A value of any shape: nothing more to check.
            (Json::Null, _) => return None,
            (Json::Object(map), Seg::Key(k)) => match map.get(k) {
                Some(v) => v,
                None => return Some(unknown_field(&read.path, i, map, kind)),
            },
            // `x[key]` with a key computed by the template.
            (Json::Object(_), _) => return None,
            (Json::Array(items), Seg::Item) => items.first()?,
            (Json::Array(_), Seg::Key(k)) => {
                return Some((
                    format!("`{here}` is a list: it has no field `{k}`",),
                    Some(format!(
                        "loop over it (`{{% for x in {here} %}}{{{{ x.{k} }}}}`) or take one element (`{here}[0].{k}`)"
                    )),
                ));
            }
            (_, Seg::Item) => return None,
            (scalar, Seg::Key(k)) => {
                return Some((
                    format!("`{here}` is {}: it has no field `{k}`", describe(scalar)),
                    None,
                ));
            }
            (_, Seg::Groups) => value,
        };
    }
    if read.iterated && !value.is_array() && !value.is_null() {
        let path = DataPath(read.path.clone());
        let hint = match value {
            Json::Object(map) => Some(match lists_in(map) {
                lists if !lists.is_empty() => {
                    format!("its lists are {}", lists.join(", "))
                }
                _ => "a loop over a mapping goes over its keys; use its fields directly".into(),
            }),
            _ => None,
        };
        return Some((
            format!(
                "`{{% for %}}` loops over `{path}`, which is {}, not a list",
                describe(value)
            ),
            hint,
        ));
    }
    None
}

fn lists_in(map: &serde_json::Map<String, Json>) -> Vec<String> {
    map.iter()
        .filter(|(_, v)| v.is_array())
        .map(|(k, _)| format!("`{k}`"))
        .collect()
}

fn describe(v: &Json) -> &'static str {
    match v {
        Json::Object(_) => "a mapping",
        Json::Array(_) => "a list",
        Json::String(_) => "a text",
        Json::Number(_) => "a number",
        Json::Bool(_) => "true or false",
        Json::Null => "empty",
    }
}

/// `path[i]` is not a field of `map`: the message, and the nearest field as
/// the hint (else the fields there are).
fn unknown_field(
    path: &[Seg],
    i: usize,
    map: &serde_json::Map<String, Json>,
    kind: DocumentKind,
) -> (String, Option<String>) {
    let Seg::Key(k) = &path[i] else {
        unreachable!("only a key is looked up in a mapping")
    };
    let full = DataPath(path.to_vec());
    let at = DataPath(path[..i].to_vec());
    let message = if i == 0 {
        format!(
            "`{full}` is not in the context of the {}",
            kind.title().to_lowercase()
        )
    } else {
        format!("`{at}` has no field `{k}`")
    };
    let hint = match closest(k, map.keys().map(String::as_str)) {
        Some(near) => {
            let mut fixed = path.to_vec();
            fixed[i] = Seg::Key(near.to_string());
            format!("did you mean `{}`?", DataPath(fixed))
        }
        None => {
            let names: Vec<String> = map.keys().map(|k| format!("`{k}`")).collect();
            match i {
                0 => format!("the context has {}", names.join(", ")),
                _ => format!("`{at}` has {}", names.join(", ")),
            }
        }
    };
    (message, Some(hint))
}

#[cfg(test)]
mod tests;
