//! Mail merge: one compiled template, many records, one document each,
//! rendered in parallel and named safely.
//!
//! Records come one at a time ([`crate::load::records`]) and are rendered
//! [`CHUNK`] at a time ([`render_each`]): a chunk is named, rendered in
//! parallel and written before the next is pulled, so memory is bounded by
//! the chunk and the reader's queue, not by the number of records.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::Environment;
use rayon::prelude::*;
use serde_json::Value as Json;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::fsx;
pub use crate::load::records::Each;
use crate::load::records::{from_data, records_reading};
use crate::location::Location;
use crate::render::{CompiledTemplate, Context};

/// How many records are rendered together (in parallel) before the next
/// ones are read.
pub const CHUNK: usize = 64;

/// The data of one output document.
#[derive(Debug, Clone)]
pub struct Record {
    /// The data file it came from.
    pub source: PathBuf,
    /// 1-based position in the `--each` list.
    pub index: Option<usize>,
    /// The template context, or for an item of a list inside the data its
    /// own layer (its keys, `item`, `index`) over [`Self::base`].
    pub context: Json,
    /// The whole data under the item's layer, shared by every item of the
    /// file (never copied per record: a 10,000-item list would be copied
    /// 10,000 times).
    pub base: Option<Arc<Json>>,
}

impl Record {
    /// `data.yaml` or `data.yaml#3`, for messages.
    pub fn label(&self) -> String {
        match self.index {
            Some(i) => format!("{}#{i}", self.source.display()),
            None => self.source.display().to_string(),
        }
    }

    /// The record of item `index` (1-based) of an `--each` list: the whole
    /// data (`base`, for a list inside it), then the item's own keys on top,
    /// plus `item` (the item itself) and `index`.
    pub fn item(source: &Path, base: Option<&Arc<Json>>, item: Json, index: usize) -> Record {
        let mut ctx = serde_json::Map::new();
        if let Json::Object(fields) = &item {
            for (k, v) in fields {
                ctx.insert(k.clone(), v.clone());
            }
        }
        ctx.insert("item".into(), item);
        ctx.insert("index".into(), Json::from(index));
        Record {
            source: source.to_path_buf(),
            index: Some(index),
            context: Json::Object(ctx),
            base: base.cloned(),
        }
    }

    /// The whole context as one value (the base copied under the layer).
    pub fn full_context(&self) -> Json {
        let mut all = match self.base.as_deref() {
            Some(Json::Object(m)) => m.clone(),
            _ => return self.context.clone(),
        };
        if let Json::Object(top) = &self.context {
            for (k, v) in top {
                all.insert(k.clone(), v.clone());
            }
        }
        Json::Object(all)
    }
}

/// The last base converted for a consumer (records of one file come
/// together, so one slot is enough), keyed by the base's address.
#[derive(Debug)]
struct BaseCache<T>(Option<(Arc<Json>, T)>);

impl<T> Default for BaseCache<T> {
    fn default() -> Self {
        BaseCache(None)
    }
}

impl<T: Clone> BaseCache<T> {
    fn get(&mut self, base: &Arc<Json>, convert: impl FnOnce(&Json) -> T) -> T {
        match &self.0 {
            Some((b, v)) if Arc::ptr_eq(b, base) => v.clone(),
            _ => {
                let v = convert(base);
                self.0 = Some((base.clone(), v.clone()));
                v
            }
        }
    }
}

/// The records of data files, one at a time, in order ([`records`]): each
/// file's one record, or with `each` one per item of its list. A file that
/// cannot be read is one `Err` in its place; the next file follows.
pub fn file_records(
    paths: &[PathBuf],
    each: Option<Each>,
) -> impl Iterator<Item = Result<Record>> + '_ {
    records_of(paths, each, None)
}

/// [`file_records`] for `template` and the `--name` pattern: a workbook
/// sheet that `each` names is read row by row when neither reads the
/// sheet's whole list (its key at the top level), which a row-by-row read
/// does not hold ([`records_reading`]).
pub fn file_records_for<'a>(
    paths: &'a [PathBuf],
    each: Option<Each>,
    template: &CompiledTemplate,
    name: Option<&str>,
) -> impl Iterator<Item = Result<Record>> + 'a {
    let mut roots: Option<HashSet<String>> = Some(
        template
            .variables()
            .iter()
            .filter_map(|v| v.split(['.', '[']).next())
            .map(str::to_string)
            .collect(),
    );
    if let Some(p) = name {
        let env = Environment::new();
        match (env.template_from_str(p), &mut roots) {
            (Ok(t), Some(r)) => r.extend(t.undeclared_variables(false)),
            // The namer reports a broken pattern; read everything.
            _ => roots = None,
        }
    }
    records_of(paths, each, roots)
}

/// The records of `paths`; `reads`: the top-level names the templates read
/// (`None`: any).
fn records_of(
    paths: &[PathBuf],
    each: Option<Each>,
    reads: Option<HashSet<String>>,
) -> impl Iterator<Item = Result<Record>> + '_ {
    paths.iter().flat_map(move |path| {
        let reads_key = |key: &str| reads.as_ref().is_none_or(|r| r.contains(key));
        let opened = match engagement_workbook(path) {
            Some(data) => data.and_then(|d| from_data(path, d, each.as_ref())),
            None => records_reading(path, each.as_ref(), &reads_key),
        };
        let stream: Box<dyn Iterator<Item = Result<Record>>> = match opened {
            Err(e) => Box::new(std::iter::once(Err(e))),
            Ok(mut list) => {
                let base = list.take_base().map(Arc::new);
                let per_item = each.is_some();
                Box::new(list.enumerate().map(move |(i, item)| {
                    item.map(|item| match per_item {
                        true => Record::item(path, base.as_ref(), item, i + 1),
                        false => Record {
                            source: path.clone(),
                            index: None,
                            context: item,
                            base: None,
                        },
                    })
                }))
            }
        };
        stream
    })
}

/// An engagement workbook (one with an `Engagement` sheet) as the data its
/// YAML conversion holds (`engagekit convert`), so that an engagement gives
/// a template the same context from either format; `None` for any other
/// file, which is read as written ([`crate::load::load_data`]).
pub fn engagement_workbook(path: &Path) -> Option<Result<Json>> {
    if crate::load::Format::of(path).ok()? != crate::load::Format::Excel {
        return None;
    }
    let sheet = crate::load::excel::snake(crate::load::excel::ENGAGEMENT_SHEET);
    // Its sheet names tell most workbooks apart without reading their cells
    // (a large sheet may be read row by row next).
    if let Ok(names) = crate::load::excel::sheet_names(path)
        && !names.iter().any(|n| crate::load::excel::snake(n) == sheet)
    {
        return None;
    }
    match crate::load::load_data(path) {
        Ok(d) if d.get(&sheet).is_some() => {}
        Ok(_) => return None,
        Err(e) => return Some(Err(e)),
    }
    Some(crate::load::load_engagement(path).map(|(e, _)| {
        let mut data = serde_json::to_value(crate::convert::to_file(&e)).unwrap_or(Json::Null);
        whole_numbers(&mut data);
        data
    }))
}

/// Whole numbers the model keeps as `f64` (`day_rate: 1450`) as integers,
/// as YAML gives them (and as a template prints them: `1450`, not `1450.0`).
fn whole_numbers(v: &mut Json) {
    match v {
        Json::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 1e15
            {
                *v = Json::from(f as i64);
            }
        }
        Json::Array(items) => items.iter_mut().for_each(whole_numbers),
        Json::Object(m) => m.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// Names the documents of records in a folder: from the `--name` pattern
/// (a minijinja template rendered with the record), else the data file's
/// stem (and the item number). Names are made safe and unique; a name
/// ending in `.pdf` asks for a PDF, any other gets `.docx`.
#[derive(Debug)]
pub struct Namer {
    dir: PathBuf,
    env: Environment<'static>,
    pattern: bool,
    taken: HashSet<String>,
    base: BaseCache<minijinja::Value>,
}

impl Namer {
    /// A namer for `dir`; `Err` when the pattern is not a valid template.
    pub fn new(dir: &Path, pattern: Option<&str>) -> Result<Namer> {
        let mut env = Environment::new();
        if let Some(p) = pattern {
            env.add_template_owned("name", p.to_string()).map_err(|e| {
                Error::Usage(format!("failed to read the `--name` pattern `{p}` ({e})"))
            })?;
        }
        Ok(Namer {
            dir: dir.to_path_buf(),
            env,
            pattern: pattern.is_some(),
            taken: HashSet::new(),
            base: BaseCache::default(),
        })
    }

    /// The path of `r`'s document.
    pub fn name(&mut self, r: &Record) -> Result<PathBuf> {
        let raw = match self.pattern {
            true => {
                let t = self
                    .env
                    .get_template("name")
                    .map_err(|e| name_error(r, &e))?;
                let top = minijinja::Value::from(minijinja::value::Serde(&r.context));
                let ctx = match &r.base {
                    Some(b) => {
                        let base = self
                            .base
                            .get(b, |b| minijinja::Value::from(minijinja::value::Serde(b)));
                        minijinja::value::merge_maps([base, top])
                    }
                    None => top,
                };
                t.render(ctx).map_err(|e| name_error(r, &e))?
            }
            false => {
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
        let lower = name.to_ascii_lowercase();
        if !lower.ends_with(".docx") && !lower.ends_with(".pdf") {
            name.push_str(".docx");
        }
        Ok(self.dir.join(fsx::unique_name(&name, &mut self.taken)))
    }
}

fn name_error(r: &Record, e: &minijinja::Error) -> Error {
    Diagnostic::error(
        Location::file(&r.source),
        format!("failed to build the file name for {} ({e})", r.label()),
    )
    .into()
}

/// Output paths in `dir` for each record ([`Namer`]).
pub fn output_paths(records: &[Record], dir: &Path, pattern: Option<&str>) -> Result<Vec<PathBuf>> {
    let mut namer = Namer::new(dir, pattern)?;
    let mut problems = Diagnostics::new();
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        match namer.name(r) {
            Ok(p) => out.push(p),
            Err(Error::Invalid(d)) => problems.extend(d),
            Err(e) => return Err(e),
        }
    }
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    Ok(out)
}

/// Is `path` a PDF by its name?
pub fn is_pdf(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Converts .docx documents (file name, bytes) into PDFs (`name.pdf`,
/// bytes), in order: LibreOffice, which lives above this module, so the
/// caller hands it in.
pub type PdfConverter<'a> = &'a (dyn Fn(&[(String, Vec<u8>)]) -> Result<Vec<Vec<u8>>> + Sync);

/// Where the documents go.
#[derive(Debug)]
pub enum Target {
    /// The one document, to this file.
    File(PathBuf),
    /// Each document into a folder, named by the [`Namer`].
    Folder(Box<Namer>),
}

/// How [`render_each`] writes.
#[derive(Debug, Clone, Copy, Default)]
pub struct EachOptions {
    /// Replace files that exist (else that record fails with [`Error::Exists`]).
    pub force: bool,
    /// The longest one document may take (`--timeout`); a slower one fails
    /// and the others go on.
    pub timeout: Option<std::time::Duration>,
}

/// What happened to one record.
#[derive(Debug)]
pub struct Outcome {
    /// Where the document was (or would have been) written; `None` when the
    /// record itself could not be read or named.
    pub path: Option<PathBuf>,
    /// Warnings on success, the error otherwise.
    pub result: Result<Diagnostics>,
}

/// Renders every record to its path, [`CHUNK`] records at a time in
/// parallel, pulling the next chunk only when the last is written; a failing
/// record does not stop the others. `report` gets each outcome, in input
/// order. `.pdf` paths are converted by `pdf` (an error without it).
pub fn render_each(
    template: &CompiledTemplate,
    records: impl Iterator<Item = Result<Record>>,
    mut target: Target,
    options: EachOptions,
    pdf: Option<PdfConverter<'_>>,
    mut report: impl FnMut(Outcome),
) {
    let mut records = records.peekable();
    let mut bases: BaseCache<Context> = BaseCache::default();
    while records.peek().is_some() {
        let mut jobs = Vec::with_capacity(CHUNK);
        let mut early = Vec::new();
        for (i, r) in records.by_ref().take(CHUNK).enumerate() {
            let named = r.and_then(|r| {
                let path = match &mut target {
                    Target::File(p) => p.clone(),
                    Target::Folder(namer) => namer.name(&r)?,
                };
                Ok((r, path))
            });
            let (record, path) = match named {
                Ok(named) => named,
                Err(e) => {
                    let o = Outcome {
                        path: None,
                        result: Err(e),
                    };
                    early.push((i, o));
                    continue;
                }
            };
            // The shared data is converted once per file, not per record.
            let base = record
                .base
                .as_ref()
                .map(|b| bases.get(b, |b| template.prepare(b)));
            jobs.push(Job {
                i,
                record,
                path,
                base,
            });
        }
        let mut outcomes = render_chunk(template, jobs, options, pdf);
        outcomes.extend(early);
        outcomes.sort_by_key(|(i, _)| *i);
        for (_, o) in outcomes {
            report(o);
        }
    }
}

/// Renders and writes one chunk; the PDFs of the chunk are converted together.
/// One record to render, in place `i` of its chunk.
struct Job {
    i: usize,
    record: Record,
    path: PathBuf,
    /// The record's base, converted.
    base: Option<Context>,
}

/// A rendered job: its result, and for a PDF the .docx still to convert.
type Rendered = (usize, PathBuf, Result<Diagnostics>, Option<Vec<u8>>);

fn render_chunk(
    template: &CompiledTemplate,
    jobs: Vec<Job>,
    options: EachOptions,
    pdf: Option<PdfConverter<'_>>,
) -> Vec<(usize, Outcome)> {
    // A file that is there already (a hand-edited document, say) is the
    // user's: replaced only when asked to. Checked once the document has
    // rendered, so its own problems are reported first.
    let replaceable = |path: &Path| fsx::check_replace(path, options.force, |_| false);
    let located = |record: &Record, r: Result<Diagnostics>| {
        r.map(|w| w.locate(&record.source)).map_err(|e| match e {
            Error::Invalid(d) => Error::Invalid(d.locate(&record.source)),
            e => e,
        })
    };
    // Each job: its outcome, or the .docx bytes still to become a PDF.
    let rendered: Vec<Rendered> = jobs
        .into_par_iter()
        .map(|job| {
            let Job {
                i,
                record,
                path,
                base,
            } = job;
            let top = template.prepare(&record.context);
            let ctx = match &base {
                Some(b) => b.layered(top),
                None => top,
            };
            let doc = super::limits::with_deadline(options.timeout, || {
                let doc = template.render_context(&ctx);
                match super::limits::deadline_passed() {
                    Some(t) => Err(super::limits::timed_out(template.package().path(), t)),
                    None => doc,
                }
            })
            .and_then(|d| replaceable(&path).map(|()| d));
            if !is_pdf(&path) {
                let r = doc.and_then(|d| template.write_file(&d, &path).map(|()| d.warnings));
                return (i, path, located(&record, r), None);
            }
            let bytes = doc.and_then(|doc| {
                let mut buf = std::io::Cursor::new(Vec::new());
                template.write_to(&doc, &mut buf)?;
                Ok((doc.warnings, buf.into_inner()))
            });
            match bytes {
                Ok((w, b)) => (i, path, located(&record, Ok(w)), Some(b)),
                Err(e) => (i, path, located(&record, Err(e)), None),
            }
        })
        .collect();
    let docx: Vec<(String, Vec<u8>)> = rendered
        .iter()
        .filter_map(|(i, _, _, b)| b.as_ref().map(|b| (format!("{i}.docx"), b.clone())))
        .collect();
    let mut pdfs = match (docx.is_empty(), pdf) {
        (true, _) => Ok(Vec::new()),
        (false, Some(convert)) => convert(&docx),
        (false, None) => Err(Error::Usage(
            "cannot write a PDF here: no PDF converter".into(),
        )),
    }
    .map(|v| v.into_iter());
    rendered
        .into_iter()
        .map(|(i, path, result, bytes)| {
            let result = match (result, bytes) {
                (Ok(w), Some(_)) => match &mut pdfs {
                    Ok(next) => match next.next() {
                        Some(pdf) => fsx::write_bytes_atomic(&path, &pdf).map(|()| w),
                        None => Err(Error::Usage("the PDF converter lost a document".into())),
                    },
                    Err(e) => Err(pdf_failed(e)),
                },
                (r, _) => r,
            };
            (
                i,
                Outcome {
                    path: Some(path),
                    result,
                },
            )
        })
        .collect()
}

/// The chunk's conversion failed: each of its PDFs fails with the reason.
fn pdf_failed(e: &Error) -> Error {
    match e {
        Error::NoLibreOffice { looked } => Error::NoLibreOffice {
            looked: looked.clone(),
        },
        Error::Pdf { document, reason } => Error::Pdf {
            document: document.clone(),
            reason: reason.clone(),
        },
        Error::Usage(m) => Error::Usage(m.clone()),
        other => Error::Pdf {
            document: String::new(),
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests;
