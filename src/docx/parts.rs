//! Finding the templatable parts through `[Content_Types].xml` and the relationships.
//!
//! 1. `_rels/.rels`: the `officeDocument` relationship names the main part
//!    (falling back to `word/document.xml`), the `core-properties` one names
//!    `docProps/core.xml`.
//! 2. The main part's rels (`word/_rels/document.xml.rels`): `header`, `footer`,
//!    `footnotes` and `endnotes` relationships.
//! 3. Each target must exist in the zip and, when `[Content_Types].xml` gives
//!    it a content type, that type must be XML (`…+xml` or `…/xml`). Targets
//!    that fail are skipped silently: Word would complain about such a file
//!    itself, and there is nothing in them to fill.
//!
//! Relationship types are matched by their last path segment, so both the
//! transitional (`http://schemas.openxmlformats.org/…`) and the strict
//! (`http://purl.oclc.org/ooxml/…`) namespaces work.

use std::collections::{HashMap, HashSet};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Inner, MAIN_DOCUMENT, PartKind};
use crate::error::Result;

/// One `<Relationship>` of a rels part, its target resolved to a part name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    /// The full relationship type URI.
    pub rel_type: String,
    /// The target as a zip entry name (no leading `/`), or the raw target when external.
    pub target: String,
    pub external: bool,
}

impl Relationship {
    /// The last segment of the type URI, e.g. `header`.
    pub fn kind(&self) -> &str {
        self.rel_type.rsplit('/').next().unwrap_or("")
    }
}

/// Content types from `[Content_Types].xml`.
#[derive(Debug, Clone, Default)]
pub struct ContentTypes {
    /// Lower-cased extension → type.
    defaults: HashMap<String, String>,
    /// Lower-cased part name without the leading `/` → type.
    overrides: HashMap<String, String>,
}

impl ContentTypes {
    /// Parses `[Content_Types].xml`.
    pub fn parse(xml: &str) -> Result<Self, String> {
        let mut ct = ContentTypes::default();
        for_each_element(xml, |e| {
            match e.local_name().as_ref() {
                "Default" => {
                    if let (Some(ext), Some(ty)) = (attr(e, "Extension")?, attr(e, "ContentType")?)
                    {
                        ct.defaults.insert(ext.to_ascii_lowercase(), ty);
                    }
                }
                "Override" => {
                    if let (Some(name), Some(ty)) = (attr(e, "PartName")?, attr(e, "ContentType")?)
                    {
                        let name = percent_decode(name.trim_start_matches('/'));
                        ct.overrides.insert(name.to_ascii_lowercase(), ty);
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
        Ok(ct)
    }

    /// The content type of a part (zip entry name), if declared.
    pub fn get(&self, part: &str) -> Option<&str> {
        let lower = part.to_ascii_lowercase();
        if let Some(t) = self.overrides.get(&lower) {
            return Some(t);
        }
        let file = lower.rsplit('/').next().unwrap_or(&lower);
        let ext = file.rsplit_once('.').map(|(_, e)| e)?;
        self.defaults.get(ext).map(String::as_str)
    }
}

/// Parses a rels part. `source` is the part the rels belong to (`""` for the
/// package rels), used to resolve relative targets.
pub fn parse_rels(xml: &str, source: &str) -> Result<Vec<Relationship>, String> {
    let mut rels = Vec::new();
    for_each_element(xml, |e| {
        if e.local_name().as_ref() != "Relationship" {
            return Ok(());
        }
        let (Some(rel_type), Some(target)) = (attr(e, "Type")?, attr(e, "Target")?) else {
            return Ok(());
        };
        let id = attr(e, "Id")?.unwrap_or_default();
        let external = attr(e, "TargetMode")?.is_some_and(|m| m.eq_ignore_ascii_case("external"));
        let target = if external {
            target
        } else {
            resolve_target(source, &target)
        };
        rels.push(Relationship {
            id,
            rel_type,
            target,
            external,
        });
        Ok(())
    })?;
    Ok(rels)
}

/// The rels part of `part`: `word/document.xml` → `word/_rels/document.xml.rels`.
pub fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target against its source part into a zip entry
/// name: `/word/x.xml` is absolute; `header1.xml` from `word/document.xml` is
/// `word/header1.xml`; `..` and `.` segments are applied; `%20` is decoded.
pub fn resolve_target(source: &str, target: &str) -> String {
    let target = percent_decode(target);
    let mut segs: Vec<&str> = Vec::new();
    let rel = if let Some(abs) = target.strip_prefix('/') {
        abs
    } else {
        if let Some((dir, _)) = source.rsplit_once('/') {
            segs.extend(dir.split('/').filter(|s| !s.is_empty()));
        }
        target.as_str()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    segs.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(hi), Some(lo)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            let v = hi * 16 + lo;
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Calls `f` for every start or empty element.
fn for_each_element(
    xml: &str,
    mut f: impl FnMut(&BytesStart<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => f(&e)?,
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "malformed XML at byte {} ({e})",
                    reader.error_position()
                ));
            }
        }
    }
}

/// The unescaped value of attribute `name` (matched by local name).
fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|err| format!("bad attribute ({err})"))?;
        if a.key.local_name().as_ref() == name {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| format!("bad attribute value ({err})"))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// Orders `header2.xml` before `header10.xml`.
fn natural_key(name: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n: u64 = c.to_digit(10).unwrap_or(0).into();
            while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(d.into());
                chars.next();
            }
            key.push((std::mem::take(&mut text), n));
        } else {
            text.push(c);
        }
    }
    key.push((text, 0));
    key
}

/// The comment parts of the main document, by relationship from the main part.
/// A loop that repeats a commented range needs to add comments to them
/// ([`super::comments`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentPartNames {
    /// `comments`: `word/comments.xml`, the `w:comment` elements.
    pub comments: Option<String>,
    /// `commentsExtended` (Word 2013+): done state and reply parent, by paraId.
    pub extended: Option<String>,
    /// `commentsIds` (Word 2016+): paraId → durableId.
    pub ids: Option<String>,
    /// `commentsExtensible` (Word 2018+): date by durableId.
    pub extensible: Option<String>,
}

/// Finds the templatable parts (see the module doc for the rules) and the
/// comment parts.
pub(super) fn discover(pkg: &Inner) -> Result<(Vec<(String, PartKind)>, CommentPartNames)> {
    let read_xml = |name: &str| -> Result<Option<String>> {
        if !pkg.index.contains_key(name) {
            return Ok(None);
        }
        let bytes = pkg.read_bytes(name)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| pkg.bad(format!("part `{name}` is not UTF-8 text")))?;
        Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
    };
    let content_types = match read_xml("[Content_Types].xml")? {
        Some(xml) => Some(
            ContentTypes::parse(&xml)
                .map_err(|e| pkg.bad(format!("`[Content_Types].xml` is unreadable: {e}")))?,
        ),
        None => None,
    };
    let usable = |name: &str| -> bool {
        pkg.index.contains_key(name)
            && content_types
                .as_ref()
                .and_then(|ct| ct.get(name))
                .is_none_or(|t| t.ends_with("+xml") || t.ends_with("/xml"))
    };

    let package_rels = match read_xml("_rels/.rels")? {
        Some(xml) => parse_rels(&xml, "")
            .map_err(|e| pkg.bad(format!("`_rels/.rels` is unreadable: {e}")))?,
        None => Vec::new(),
    };
    let main = package_rels
        .iter()
        .find(|r| !r.external && r.kind() == "officeDocument" && usable(&r.target))
        .map(|r| r.target.clone())
        .or_else(|| usable(MAIN_DOCUMENT).then(|| MAIN_DOCUMENT.to_string()))
        .ok_or_else(|| pkg.bad(format!("no `{MAIN_DOCUMENT}` — not a Word document")))?;

    let main_rels_name = rels_name(&main);
    let main_rels = match read_xml(&main_rels_name)? {
        Some(xml) => parse_rels(&xml, &main)
            .map_err(|e| pkg.bad(format!("`{main_rels_name}` is unreadable: {e}")))?,
        None => Vec::new(),
    };

    let mut seen = HashSet::new();
    seen.insert(main.clone());
    let mut out = vec![(main, PartKind::Word)];
    for kind in ["header", "footer", "footnotes", "endnotes"] {
        let mut group: Vec<String> = main_rels
            .iter()
            .filter(|r| !r.external && r.kind() == kind && usable(&r.target))
            .map(|r| r.target.clone())
            .filter(|t| seen.insert(t.clone()))
            .collect();
        group.sort_by_cached_key(|n| natural_key(n));
        out.extend(group.into_iter().map(|n| (n, PartKind::Word)));
    }
    if let Some(core) = package_rels
        .iter()
        .find(|r| !r.external && r.kind() == "core-properties" && usable(&r.target))
        && seen.insert(core.target.clone())
    {
        out.push((core.target.clone(), PartKind::CoreProperties));
    }
    let related = |kind: &str| {
        main_rels
            .iter()
            .find(|r| !r.external && r.kind() == kind && usable(&r.target))
            .map(|r| r.target.clone())
    };
    let comments = CommentPartNames {
        comments: related("comments"),
        extended: related("commentsExtended"),
        ids: related("commentsIds"),
        extensible: related("commentsExtensible"),
    };
    Ok((out, comments))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_targets() {
        assert_eq!(
            resolve_target("word/document.xml", "header1.xml"),
            "word/header1.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "/word/footer1.xml"),
            "word/footer1.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "../docProps/x.xml"),
            "docProps/x.xml"
        );
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            resolve_target("word/document.xml", "./my%20header.xml"),
            "word/my header.xml"
        );
        // `..` never climbs above the root.
        assert_eq!(
            resolve_target("word/document.xml", "../../../x.xml"),
            "x.xml"
        );
    }

    #[test]
    fn rels_names() {
        assert_eq!(
            rels_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_name("doc.xml"), "_rels/doc.xml.rels");
    }

    #[test]
    fn content_types_override_and_default() {
        let ct = ContentTypes::parse(
            r#"<?xml version="1.0"?><Types xmlns="x">
            <Default Extension="XML" ContentType="application/xml"/>
            <Default Extension="png" ContentType="image/png"/>
            <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
            </Types>"#,
        )
        .unwrap();
        assert!(ct.get("word/document.xml").unwrap().ends_with("main+xml"));
        assert_eq!(ct.get("word/Other.xml"), Some("application/xml"));
        assert_eq!(ct.get("word/media/a.PNG"), Some("image/png"));
        assert_eq!(ct.get("word/noext"), None);
    }

    #[test]
    fn natural_order() {
        let mut v = vec!["word/header10.xml", "word/header2.xml", "word/header1.xml"];
        v.sort_by_cached_key(|n| natural_key(n));
        assert_eq!(
            v,
            ["word/header1.xml", "word/header2.xml", "word/header10.xml"]
        );
    }
}
