//! Writing a package with replaced parts; untouched entries are copied raw.
//!
//! * Entries keep the template's order; new entries (`extra`) come last.
//! * Untouched entries are copied **raw**: their compressed bytes, CRC and
//!   sizes are copied as they are, never inflated and deflated again.
//! * Replaced and new entries are deflated with zlib-rs at
//!   [`DEFAULT_LEVEL`] (level 1; see its doc for the measurements).
//! * The output is deterministic: every entry gets the same timestamp
//!   ([`WriteOptions::modified`], 1980-01-01 by default), permissions `0o644`
//!   and "made by Unix", so the same input gives byte-identical files on every
//!   platform and at every time of day.
//!
//! [`ZipOut`] is the small deterministic zip writer underneath, reusable for
//! any zip engagekit writes (e.g. a bundle of documents plus `manifest.json`).

use std::collections::HashSet;
use std::io::{Cursor, Read, Seek, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::quiet::Quiet;

use super::{DocxPackage, unsafe_name};
use crate::error::{Error, Result};

/// Deflate level for written entries.
///
/// Level 1: deflating is most of the cost of writing a document, and for
/// documents written by the thousand the time a higher level takes matters
/// more than the few KB it saves (the measurements are in BENCHMARKS.md,
/// "Deflate level"; `cargo bench --bench stages` measures levels 1, 3 and 6).
pub const DEFAULT_LEVEL: i64 = 1;

/// How written entries are stamped and compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    /// The timestamp of every entry (default 1980-01-01 00:00, zip's epoch).
    pub modified: DateTime,
    /// Deflate level, clamped to 1..=9 (zip's levels above 9 select the very
    /// slow zopfli and are never used).
    pub level: i64,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            modified: DateTime::DEFAULT,
            level: DEFAULT_LEVEL,
        }
    }
}

impl WriteOptions {
    fn file_options(&self, method: CompressionMethod) -> SimpleFileOptions {
        let mut o = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(self.modified)
            .unix_permissions(0o644)
            .system(zip::System::Unix);
        if method == CompressionMethod::Deflated {
            o = o.compression_level(Some(self.level.clamp(1, 9)));
        }
        o
    }
}

/// A deterministic zip writer: fixed timestamp, `0o644`, Unix, deflate at a
/// fixed level; entry names checked for duplicates and zip-slip.
pub struct ZipOut<W: Write + Seek> {
    zip: ZipWriter<Quiet<W>>,
    options: WriteOptions,
    names: HashSet<String>,
    /// The file being written, for messages (`None` for in-memory output).
    target: Option<PathBuf>,
}

impl<W: Write + Seek> std::fmt::Debug for ZipOut<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZipOut")
            .field("options", &self.options)
            .field("entries", &self.names.len())
            .field("target", &self.target)
            .finish()
    }
}

impl<W: Write + Seek> ZipOut<W> {
    /// A new zip written to `w`.
    pub fn new(w: W, options: WriteOptions) -> Self {
        ZipOut {
            zip: ZipWriter::new(Quiet::new(w)),
            options,
            names: HashSet::new(),
            target: None,
        }
    }

    /// Names the file being written in error messages.
    pub fn with_target(mut self, path: impl Into<PathBuf>) -> Self {
        self.target = Some(path.into());
        self
    }

    /// Adds an entry, deflated.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.add_with(name, bytes, CompressionMethod::Deflated)
    }

    /// Adds an entry stored without compression: for data that is already
    /// compressed (a .docx inside a bundle, images), where deflate only costs time.
    pub fn add_stored(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.add_with(name, bytes, CompressionMethod::Stored)
    }

    /// Adds an entry, deflated, whose bytes `write` writes: they are
    /// compressed as they come, never held whole (the same bytes in the zip
    /// as [`Self::add`] of everything `write` writes). An error of `write`
    /// is returned as it is.
    pub fn add_from(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
    ) -> Result<()>
    where
        W: Send,
    {
        self.add_from_with(name, CompressionMethod::Deflated, write)
    }

    /// [`Self::add_from`] for an entry stored without compression (the same
    /// bytes as [`Self::add_stored`]).
    pub fn add_stored_from(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
    ) -> Result<()>
    where
        W: Send,
    {
        self.add_from_with(name, CompressionMethod::Stored, write)
    }

    fn add_from_with(
        &mut self,
        name: &str,
        method: CompressionMethod,
        write: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
    ) -> Result<()>
    where
        W: Send,
    {
        self.claim(name)?;
        let options = self.options.file_options(method);
        self.zip
            .start_file(name, options)
            .map_err(|e| self.zip_err(name, e))?;
        let mut feed = Feed {
            zip: &mut self.zip,
            buf: Vec::with_capacity(FEED),
        };
        write(&mut feed)?;
        let end = feed.finish();
        end.map_err(|e| self.zip_err(name, e.into()))
    }

    fn add_with(&mut self, name: &str, bytes: &[u8], method: CompressionMethod) -> Result<()> {
        self.claim(name)?;
        let options = self.options.file_options(method);
        self.zip
            .start_file(name, options)
            .map_err(|e| self.zip_err(name, e))?;
        self.zip
            .write_all(bytes)
            .map_err(|e| self.zip_err(name, e.into()))
    }

    /// Copies an entry of another zip without inflating it, restamped with
    /// this writer's time and `0o644`.
    pub(crate) fn raw_copy<R: Read>(&mut self, file: zip::read::ZipFile<'_, R>) -> Result<()> {
        let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
        self.claim(&name)?;
        self.zip
            .raw_copy_file_touch(file, self.options.modified, Some(0o644))
            .map_err(|e| self.zip_err(&name, e))
    }

    /// Writes the central directory and returns the writer.
    pub fn finish(self) -> Result<W> {
        let target = self.target.clone();
        let quiet = self.zip.finish().map_err(|e| zip_error(&target, None, e))?;
        if quiet.failed() {
            let e = std::io::Error::other("an earlier write failed");
            return Err(zip_error(&target, None, e.into()));
        }
        Ok(quiet.into_inner())
    }

    fn claim(&mut self, name: &str) -> Result<()> {
        if let Some(why) = unsafe_name(name) {
            return Err(Error::Entry {
                action: "add",
                name: name.to_string(),
                place: "to a zip".to_string(),
                reason: format!("unsafe entry name: {why}"),
            });
        }
        if name.is_empty() || !self.names.insert(name.to_ascii_lowercase()) {
            return Err(Error::Entry {
                action: "add",
                name: name.to_string(),
                place: "to a zip".to_string(),
                reason: "an entry of that name is already there".to_string(),
            });
        }
        Ok(())
    }

    fn zip_err(&self, name: &str, e: zip::result::ZipError) -> Error {
        zip_error(&self.target, Some(name), e)
    }
}

/// How much of a streamed entry [`Feed`] holds.
const FEED: usize = 1 << 20;

/// Hands a streamed entry ([`ZipOut::add_from`]) to the zip writer the way
/// one `write_all` of the whole entry does, so that its deflated bytes are
/// the same.
///
/// The deflated bytes depend on how the input arrives, not only on the
/// input: flate2's writer empties its 32 KiB output buffer at the start of
/// every `write`, and how full that buffer is when the input ends decides
/// where the compressor stops and starts the final block (measured: with
/// the input in 64 KiB pieces, or split once almost anywhere, the last few
/// KB of a 6 MB `summary.json` differ). With one `write_all` every `write`
/// but the last ends with that buffer full. `Feed` keeps [`FEED`] bytes and
/// calls `write` only with all of them, once, keeping what it did not take,
/// and with the rest at the end; so every call ends the same way as long as
/// 1 MiB of input deflates to more than 32 KiB (less than 32:1; JSON and
/// XML deflate about 10:1 at level 1). Past that ratio the entry is still
/// deterministic, only not the same bytes as the whole written at once.
/// A stored entry's bytes never depend on the pieces.
struct Feed<'a, W: Write + Seek> {
    zip: &'a mut ZipWriter<Quiet<W>>,
    buf: Vec<u8>,
}

impl<W: Write + Seek> Feed<'_, W> {
    /// Writes what is left.
    fn finish(self) -> std::io::Result<()> {
        self.zip.write_all(&self.buf)
    }
}

impl<W: Write + Seek> Write for Feed<'_, W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let n = data.len().min(FEED - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == FEED {
            match self.zip.write(&self.buf) {
                Ok(taken) => {
                    self.buf.drain(..taken);
                }
                Err(e) => {
                    // Not taken: `write_all` retries an interrupted write
                    // with the same bytes.
                    self.buf.truncate(self.buf.len() - n);
                    return Err(e);
                }
            }
        }
        Ok(n)
    }

    /// Does nothing: flushing the compressor would end a deflate block.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn zip_error(target: &Option<PathBuf>, name: Option<&str>, e: zip::result::ZipError) -> Error {
    match (target, e) {
        (Some(path), zip::result::ZipError::Io(io)) => Error::io("write", path, io),
        (target, e) => {
            let what = match (target, name) {
                (Some(p), Some(n)) => format!("entry `{n}` of `{}`", p.display()),
                (Some(p), None) => format!("`{}`", p.display()),
                (None, Some(n)) => format!("zip entry `{n}`"),
                (None, None) => "a zip".to_string(),
            };
            Error::write(what, e)
        }
    }
}

impl DocxPackage {
    /// Writes the package to `w` with the parts in `replaced` (entry name,
    /// new bytes) replaced; default [`WriteOptions`]. Returns `w`.
    pub fn write_to<W: Write + Seek>(&self, replaced: &[(&str, &[u8])], w: W) -> Result<W> {
        self.write_with(replaced, &[], &WriteOptions::default(), w)
    }

    /// Like [`Self::write_to`], also appending the new entries `extra` (after
    /// all of the template's). A replaced name that is not in the package, or
    /// an extra name that is, is an error: a typo must not silently drop a part.
    /// (A new part also needs its content type and relationship; that is the
    /// caller's business.)
    pub fn write_with<W: Write + Seek>(
        &self,
        replaced: &[(&str, &[u8])],
        extra: &[(&str, &[u8])],
        options: &WriteOptions,
        w: W,
    ) -> Result<W> {
        for (i, (name, _)) in replaced.iter().enumerate() {
            if !self.contains(name) {
                return Err(Error::Entry {
                    action: "replace",
                    name: name.to_string(),
                    place: format!("in `{}`", self.path().display()),
                    reason: "no such part; new entries go in `extra`".to_string(),
                });
            }
            if replaced[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::Entry {
                    action: "replace",
                    name: name.to_string(),
                    place: format!("in `{}`", self.path().display()),
                    reason: "replaced twice".to_string(),
                });
            }
        }
        let mut out = ZipOut::new(w, *options);
        let mut archive = self.archive();
        for (i, name) in self.entry_names().enumerate() {
            if let Some((_, bytes)) = replaced.iter().find(|(n, _)| *n == name) {
                out.add(name, bytes)?;
            } else if self.has_doctype(name) {
                out.add(name, self.read_text(name)?.as_bytes())?;
            } else {
                let file = archive
                    .by_index_raw(i)
                    .map_err(|e| self.bad(format!("failed to copy entry `{name}` ({e})")))?;
                out.raw_copy(file)?;
            }
        }
        for (name, bytes) in extra {
            out.add(name, bytes)?;
        }
        out.finish()
    }

    /// The package with `replaced` parts, as bytes.
    pub fn to_bytes(&self, replaced: &[(&str, &[u8])]) -> Result<Vec<u8>> {
        let extra: usize = replaced.iter().map(|(_, b)| b.len() / 4).sum();
        let buf = Vec::with_capacity(self.source_len() + extra + 1024);
        Ok(self.write_to(replaced, Cursor::new(buf))?.into_inner())
    }

    /// Writes the package with `replaced` parts to `path` atomically: the zip
    /// is built in memory, written to a temporary file in the target folder and
    /// renamed over `path`. On any error `path` is untouched and no temporary
    /// file remains.
    pub fn write_file(&self, replaced: &[(&str, &[u8])], path: &Path) -> Result<()> {
        self.write_file_with(replaced, &[], &WriteOptions::default(), path)
    }

    /// [`Self::write_file`] with new entries and options (see [`Self::write_with`]).
    pub fn write_file_with(
        &self,
        replaced: &[(&str, &[u8])],
        extra: &[(&str, &[u8])],
        options: &WriteOptions,
        path: &Path,
    ) -> Result<()> {
        crate::fsx::write_atomic(path, |w| {
            let buf = Vec::with_capacity(self.source_len() + 1024);
            let bytes = self
                .write_with(replaced, extra, options, Cursor::new(buf))?
                .into_inner();
            w.write_all(&bytes).map_err(|e| Error::io("write", path, e))
        })
    }
}

/// The timestamp for every entry of a reproducible zip: `SOURCE_DATE_EPOCH`
/// (seconds, UTC) when given, else midnight of `fallback`, else zip's epoch;
/// never the wall clock.
pub fn entry_time(source_date_epoch: Option<i64>, fallback: Option<jiff::civil::Date>) -> DateTime {
    let date = match source_date_epoch.and_then(|s| jiff::Timestamp::from_second(s).ok()) {
        Some(ts) => ts.to_zoned(jiff::tz::TimeZone::UTC).datetime(),
        None => match fallback {
            Some(d) => d.to_datetime(jiff::civil::Time::midnight()),
            None => return DateTime::DEFAULT,
        },
    };
    DateTime::from_date_and_time(
        date.year().clamp(1980, 2107) as u16,
        date.month() as u8,
        date.day() as u8,
        date.hour() as u8,
        date.minute() as u8,
        date.second() as u8,
    )
    .unwrap_or(DateTime::DEFAULT)
}
