//! A .docx package held in memory: opened once, its templatable parts found,
//! and written again with some parts replaced.
//!
//! [`DocxPackage`] is immutable after [`DocxPackage::open`]: the file's bytes
//! and the parsed central directory sit behind an `Arc`, so cloning a package
//! is cheap and one package can be shared by many threads, each writing its own
//! documents ([`write`](mod@write)).
//!
//! Hostile or broken input is rejected when the package is opened, with an
//! [`Error::BadPackage`] whose reason says what is wrong:
//!
//! | input | reason (prefix) |
//! |---|---|
//! | OLE compound file (`D0 CF 11 E0`) | `password-protected or legacy .doc …` |
//! | anything else that is not a zip | `not a zip archive — is this really a .docx?` |
//! | no main document part | ``no `word/document.xml` — not a Word document`` |
//! | no `[Content_Types].xml` or no `_rels/.rels` | ``no `[Content_Types].xml` — not a complete Word package …`` |
//! | two entries with the same name (also ASCII case-insensitively, as OPC compares part names) | ``duplicate entry `…` …`` |
//! | an entry name with `..`, a leading `/` or `\`, or a drive letter | ``unsafe entry name `…` …`` |
//! | an encrypted zip entry | ``entry `…` is encrypted …`` |
//! | an entry declaring more than [`MAX_INFLATED_BYTES`], or templatable parts declaring more together | ``… larger than the 256 MiB limit …`` |
//!
//! Reading a part ([`DocxPackage::read_text`]) never inflates more than the
//! limit, whatever the entry declares, and names the part when its text is not
//! UTF-8.

pub mod cells;
pub mod comments;
mod doctype;
pub mod ids;
pub mod parts;
mod quiet;
pub mod wellformed;
pub mod write;

#[cfg(test)]
pub(crate) mod testutil;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zip::ZipArchive;

pub(crate) use crate::error::human_size;
use crate::error::{Error, Result};

pub use ids::IdFixer;
pub use wellformed::{XmlError, check_xml};
pub use write::{WriteOptions, ZipOut};

/// Largest inflated size of one part, and of all parts together, that we accept.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// The main document part when `_rels/.rels` does not name one.
pub const MAIN_DOCUMENT: &str = "word/document.xml";

/// What a templatable part is, which decides how values are written into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartKind {
    /// WordprocessingML with paragraphs: body, header, footer, footnotes, endnotes.
    Word,
    /// `docProps/core.xml` (title, subject, ...): plain text values, no runs.
    CoreProperties,
}

/// A templatable part with its text, from [`DocxPackage::read_template_parts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplatePart {
    /// The zip entry name, e.g. `word/header1.xml`.
    pub name: String,
    pub kind: PartKind,
    /// The part's XML (a leading UTF-8 byte-order mark removed).
    pub text: String,
}

impl TemplatePart {
    /// Can this part hold a Jinja tag at all? `false` when it has no `{`, so the
    /// caller can copy it unchanged instead of rendering it. (A tag split across
    /// runs still has its braces, so this never misses one.)
    pub fn may_have_tags(&self) -> bool {
        self.text.contains('{')
    }
}

/// The zip reader over the shared bytes; cloning it clones two `Arc`s.
pub(crate) type Archive = ZipArchive<Cursor<Arc<[u8]>>>;

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    archive: Archive,
    /// Entry names in central-directory order (index = zip index).
    names: Vec<String>,
    /// Entry name → index.
    index: HashMap<String, usize>,
    /// Found once at open time.
    parts: Vec<(String, PartKind)>,
    /// The main part's comment parts, found once at open time.
    comment_parts: parts::CommentPartNames,
    /// The inflated-size limit (a field so tests can use a small one).
    limit: u64,
    /// The XML entries whose prolog holds a `<!DOCTYPE>`: rewritten without it.
    doctype: Vec<String>,
    /// Size of the .docx file.
    source_len: usize,
}

/// An opened .docx: cheap to clone (`Arc`), `Send + Sync`.
#[derive(Debug, Clone)]
pub struct DocxPackage {
    inner: Arc<Inner>,
}

impl DocxPackage {
    /// Opens a .docx file.
    pub fn open(path: &Path) -> Result<Self> {
        let bytes = crate::fsx::read(path)?;
        Self::from_bytes(bytes, path)
    }

    /// Opens a .docx from bytes; `path` is only used in messages.
    pub fn from_bytes(bytes: Vec<u8>, path: impl Into<PathBuf>) -> Result<Self> {
        Self::from_bytes_with_limit(bytes, path.into(), MAX_INFLATED_BYTES)
    }

    pub(crate) fn from_bytes_with_limit(bytes: Vec<u8>, path: PathBuf, limit: u64) -> Result<Self> {
        let bad = |reason: String| Error::BadPackage {
            path: path.clone(),
            reason,
        };
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(bad(
                "password-protected or legacy .doc: this is an OLE compound file, not a zip; \
                 remove the password or save it as .docx in Word"
                    .into(),
            ));
        }
        let source_len = bytes.len();
        let bytes: Arc<[u8]> = bytes.into();
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| bad(format!("not a zip archive — is this really a .docx? ({e})")))?;
        if archive.has_duplicate_names() {
            return Err(bad(
                "duplicate entry names: the zip holds two entries with the same name and \
                 would hide one of them"
                    .into(),
            ));
        }

        let meta = archive.metadata();
        let mut names = Vec::with_capacity(meta.len());
        let mut index = HashMap::with_capacity(meta.len());
        let mut folded = HashMap::with_capacity(meta.len());
        for i in 0..meta.len() {
            let entry = meta
                .entry(i)
                .map_err(|e| bad(format!("unreadable entry {i} ({e})")))?;
            let name = entry
                .name()
                .map_err(|e| bad(format!("entry {i} has an unreadable name ({e})")))?
                .into_owned();
            if let Some(why) = unsafe_name(&name) {
                return Err(bad(format!("unsafe entry name `{name}` ({why})")));
            }
            if let Some(other) = folded.insert(name.to_ascii_lowercase(), name.clone()) {
                return Err(bad(format!(
                    "duplicate entry `{name}` (same part name as `{other}`; \
                     part names are compared ignoring case)"
                )));
            }
            if entry.encrypted() {
                return Err(bad(format!(
                    "entry `{name}` is encrypted; remove the password and save again"
                )));
            }
            if entry.size() > limit {
                return Err(bad(format!(
                    "entry `{name}` declares {} inflated, larger than the {} limit \
                     (zip bomb or corrupt file?)",
                    human_size(entry.size()),
                    human_size(limit)
                )));
            }
            index.insert(name.clone(), i);
            names.push(name);
        }

        let mut archive = archive;
        let doctype = names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.ends_with(".xml") || n.ends_with(".rels"))
            .filter(|(i, _)| archive.by_index(*i).is_ok_and(doctype::in_prolog))
            .map(|(_, n)| n.clone())
            .collect();
        let mut pkg = Inner {
            path,
            archive,
            names,
            index,
            parts: Vec::new(),
            comment_parts: parts::CommentPartNames::default(),
            limit,
            source_len,
            doctype,
        };
        (pkg.parts, pkg.comment_parts) = parts::discover(&pkg)?;
        // Word and LibreOffice cannot open a package without these two
        // (issue 15, failure 8): refuse the template rather than write
        // documents nobody can open.
        for required in ["[Content_Types].xml", "_rels/.rels"] {
            if !folded.contains_key(&required.to_ascii_lowercase()) {
                return Err(pkg.bad(format!(
                    "no `{required}` — not a complete Word package; open and save it again in Word"
                )));
            }
        }
        let mut total: u64 = 0;
        for (name, _) in &pkg.parts {
            total += pkg.declared_size(name).unwrap_or(0);
        }
        if total > limit {
            return Err(pkg.bad(format!(
                "the templatable parts declare {} inflated together, larger than the {} \
                 limit (zip bomb or corrupt file?)",
                human_size(total),
                human_size(limit)
            )));
        }
        Ok(DocxPackage {
            inner: Arc::new(pkg),
        })
    }

    /// The file this package came from (for messages).
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The parts that may hold tags, in a stable order: body first, then
    /// headers, footers, footnotes, endnotes (each group in natural order of
    /// part name: `header2` before `header10`), then core properties.
    ///
    /// Found through the relationships (`_rels/.rels`, then the main part's
    /// rels), not by file name. A relationship whose target is missing from the
    /// zip, is external, or whose content type is not XML is skipped.
    pub fn template_parts(&self) -> Vec<(String, PartKind)> {
        self.inner.parts.clone()
    }

    /// The main document's comment parts (`word/comments.xml`, ...), found
    /// through its relationships.
    pub fn comment_parts(&self) -> &parts::CommentPartNames {
        &self.inner.comment_parts
    }

    /// The templatable parts with their text, in [`Self::template_parts`] order.
    /// Fails when their real inflated size together exceeds the limit.
    pub fn read_template_parts(&self) -> Result<Vec<TemplatePart>> {
        let mut out = Vec::with_capacity(self.inner.parts.len());
        let mut total = 0u64;
        for (name, kind) in &self.inner.parts {
            let text = self.read_text(name)?;
            total += text.len() as u64;
            if total > self.inner.limit {
                return Err(self.inner.bad(format!(
                    "the templatable parts inflate to more than the {} limit together",
                    human_size(self.inner.limit)
                )));
            }
            out.push(TemplatePart {
                name: name.clone(),
                kind: *kind,
                text,
            });
        }
        Ok(out)
    }

    /// The text of one part (a leading UTF-8 byte-order mark removed).
    pub fn read_text(&self, part: &str) -> Result<String> {
        let bytes = self.read_bytes(part)?;
        let mut text = String::from_utf8(bytes).map_err(|e| {
            self.inner.bad(format!(
                "part `{part}` is not UTF-8 text (invalid byte at offset {}); \
                 save the document again in Word",
                e.utf8_error().valid_up_to()
            ))
        })?;
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if let Cow::Owned(stripped) = doctype::strip(&text) {
            text = stripped;
        }
        Ok(text)
    }

    /// The inflated bytes of one entry, never more than the limit.
    pub fn read_bytes(&self, part: &str) -> Result<Vec<u8>> {
        self.inner.read_bytes(part)
    }

    /// Is there an entry with this exact name?
    pub fn contains(&self, part: &str) -> bool {
        self.inner.index.contains_key(part)
    }

    /// All entry names, in the zip's order.
    pub fn entry_names(&self) -> impl Iterator<Item = &str> {
        self.inner.names.iter().map(String::as_str)
    }

    /// Size of the .docx file in bytes.
    pub fn source_len(&self) -> usize {
        self.inner.source_len
    }

    /// Is `part` one whose `<!DOCTYPE>` is dropped when it is written?
    pub(crate) fn has_doctype(&self, part: &str) -> bool {
        self.inner.doctype.iter().any(|n| n == part)
    }

    pub(crate) fn archive(&self) -> Archive {
        self.inner.archive.clone()
    }

    pub(crate) fn bad(&self, reason: String) -> Error {
        self.inner.bad(reason)
    }
}

impl Inner {
    fn bad(&self, reason: String) -> Error {
        Error::BadPackage {
            path: self.path.clone(),
            reason,
        }
    }

    fn declared_size(&self, name: &str) -> Option<u64> {
        let i = *self.index.get(name)?;
        self.archive.metadata().entry(i).ok().map(|e| e.size())
    }

    fn read_bytes(&self, part: &str) -> Result<Vec<u8>> {
        let Some(&i) = self.index.get(part) else {
            return Err(self.bad(format!("no part `{part}` in the package")));
        };
        let mut archive = self.archive.clone();
        let file = archive
            .by_index(i)
            .map_err(|e| self.bad(format!("failed to read part `{part}` ({e})")))?;
        // Declared sizes were checked at open; the reader still stops one byte
        // past the limit in case the declaration lies.
        let declared = file.size();
        let mut buf = Vec::with_capacity(declared.min(self.limit) as usize);
        file.take(self.limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| {
                self.bad(format!(
                    "failed to inflate part `{part}` ({e}); the file is corrupt"
                ))
            })?;
        if buf.len() as u64 > self.limit {
            return Err(self.bad(format!(
                "part `{part}` inflates to more than the {} limit (zip bomb?)",
                human_size(self.limit)
            )));
        }
        Ok(buf)
    }
}

/// Why an entry name is unsafe to use (zip-slip), if it is.
fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("absolute path");
    }
    if name.as_bytes().get(1) == Some(&b':') {
        return Some("drive letter");
    }
    if name.contains('\0') {
        return Some("NUL byte");
    }
    if name.split(['/', '\\']).any(|c| c == "..") {
        return Some("`..` escapes the package");
    }
    None
}

#[cfg(test)]
mod tests;
