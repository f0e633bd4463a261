//! One iteration → its documents → one zip with a manifest.
//!
//! For the chosen iteration, one document per phase that has data: the
//! assessment summary (assess), the statement of work (commit), one agenda
//! and handout per workshop (deliver) and the proof-of-execution report
//! (ensure). The zip is deterministic: fixed entry order, entry timestamps
//! from `SOURCE_DATE_EPOCH` or else from the data, never the wall clock.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};

use crate::docx::write::{WriteOptions, ZipOut};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::fsx;
use crate::location::Location;
use crate::model::{Engagement, Iteration};
use crate::templates::{Document, DocumentKind, TemplateSet};

/// Picks the iteration: the one asked for, else the latest.
pub fn pick_iteration<'a>(
    engagement: &'a Engagement,
    number: Option<u32>,
    source: &Path,
) -> Result<&'a Iteration> {
    let found = match number {
        Some(n) => engagement.iterations.iter().find(|i| i.number == n),
        None => engagement.iterations.iter().max_by_key(|i| i.number),
    };
    found.ok_or_else(|| {
        let have: Vec<String> = engagement
            .iterations
            .iter()
            .map(|i| i.number.to_string())
            .collect();
        Error::from(
            Diagnostic::error(
                Location::file(source),
                match number {
                    Some(n) => format!("engagement `{}` has no iteration {n}", engagement.id),
                    None => format!("engagement `{}` has no iterations", engagement.id),
                },
            )
            .with_hint_opt(
                (!have.is_empty()).then(|| format!("its iterations are {}", have.join(", "))),
            ),
        )
    })
}

/// The context of one document: the iteration context plus `document`
/// (title and date for the title block) and, for an agenda, `workshop`.
pub(crate) fn document_context(
    base: &Json,
    kind: DocumentKind,
    date: &str,
    workshop: Option<&Json>,
) -> Json {
    let mut ctx = base.clone();
    if let Json::Object(map) = &mut ctx {
        map.insert(
            "document".into(),
            json!({ "title": kind.title(), "kind": kind, "date": date }),
        );
        if let Some(w) = workshop {
            map.insert("workshop".into(), w.clone());
        }
    }
    ctx
}

fn file_stem(engagement: &Engagement, iteration: u32) -> String {
    format!("{}-iteration-{iteration}", engagement.id)
}

/// Renders the documents of one iteration, in bundle order.
pub fn render_documents(
    engagement: &Engagement,
    iteration: &Iteration,
    templates: &TemplateSet,
) -> Result<(Vec<Document>, Diagnostics)> {
    let base = engagement
        .iteration_context_json(iteration.number)
        .ok_or(Error::NoIteration {
            number: iteration.number,
        })?;
    let stem = file_stem(engagement, iteration.number);
    let mut jobs: Vec<(DocumentKind, String, Json)> = Vec::new();
    if let Some(a) = &iteration.assess {
        let ctx = document_context(&base, DocumentKind::Assessment, &a.date.to_string(), None);
        jobs.push((
            DocumentKind::Assessment,
            format!("{stem}-assessment-summary.docx"),
            ctx,
        ));
    }
    if let Some(c) = &iteration.commit {
        let ctx = document_context(&base, DocumentKind::Sow, &c.date.to_string(), None);
        jobs.push((
            DocumentKind::Sow,
            format!("{stem}-statement-of-work.docx"),
            ctx,
        ));
    }
    for w in iteration.deliver.iter().flat_map(|d| &d.workshops) {
        // The context's `workshop` is the workshop as the iteration context
        // serializes it; the date as the context writes dates.
        let data = serde_json::to_value(w).expect("a workshop serializes");
        let date = w.date.strftime("%Y-%m-%d").to_string();
        let ctx = document_context(&base, DocumentKind::WorkshopAgenda, &date, Some(&data));
        let name = fsx::safe_file_name(&format!("{stem}-workshop-{}-{}", w.id, w.title));
        jobs.push((DocumentKind::WorkshopAgenda, format!("{name}.docx"), ctx));
    }
    if let Some(e) = &iteration.ensure {
        let ctx = document_context(&base, DocumentKind::EnsureReport, &e.date.to_string(), None);
        jobs.push((
            DocumentKind::EnsureReport,
            format!("{stem}-proof-of-execution.docx"),
            ctx,
        ));
    }

    let mut taken = std::collections::HashSet::new();
    let mut documents = Vec::with_capacity(jobs.len());
    let mut warnings = Diagnostics::new();
    let mut problems = Diagnostics::new();
    for (kind, name, ctx) in jobs {
        let loaded = templates.get(kind);
        match loaded.template.render(&ctx) {
            Ok(doc) => {
                warnings.extend(doc.warnings.clone());
                let mut buf = Cursor::new(Vec::new());
                loaded.template.write_to(&doc, &mut buf)?;
                documents.push(Document {
                    kind,
                    file_name: fsx::unique_name(&fsx::safe_file_name(&name), &mut taken),
                    bytes: buf.into_inner(),
                    template: loaded.origin.clone(),
                });
            }
            Err(Error::Invalid(d)) => problems.extend(d),
            Err(e) => return Err(e),
        }
    }
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    Ok((documents, warnings))
}

/// Where a command that writes one zip writes it: `out` itself when it
/// names a `.zip` (and is not a folder), else `out/<name>` (`out` is a
/// folder, made when missing). Any other extension (`out.pdf`, `out.docx`)
/// is refused: a name's extension must mean what the file is.
pub fn zip_target(out: &Path, name: &str) -> Result<PathBuf> {
    if out.is_dir() {
        return Ok(out.join(name));
    }
    match out.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("zip") => Ok(out.to_path_buf()),
        // `2026.12` is a folder name, `out.pdf` a file's.
        Some(ext) if ext.chars().any(|c| c.is_alphabetic()) => Err(Error::Usage(format!(
            "failed to write to `{}` (it names a .{ext} file, but the output is a zip; name it `.zip`, or give a folder for `{name}`)",
            out.display()
        ))),
        _ => Ok(out.join(name)),
    }
}

/// For [`fsx::check_replace`]: the file at `path` is a zip with `entry`
/// (`manifest.json` for a bundle, `summary.json` for a batch), one engagekit
/// wrote, which a new run may replace.
pub fn zip_holds(entry: &str) -> impl FnOnce(&Path) -> bool + '_ {
    move |path| {
        std::fs::File::open(path)
            .ok()
            .and_then(|f| zip::ZipArchive::new(f).ok())
            .is_some_and(|mut z| z.by_name(entry).is_ok())
    }
}

/// What `bundle` does besides rendering.
#[derive(Debug, Clone, Default)]
pub struct BundleOptions {
    /// Iteration number (default: the latest).
    pub iteration: Option<u32>,
    /// Also convert each document to PDF with LibreOffice.
    pub pdf: bool,
    /// Seconds since 1970 for every zip entry's timestamp (`SOURCE_DATE_EPOCH`);
    /// default: the iteration's latest phase date.
    pub source_date_epoch: Option<i64>,
    /// Replace a file at the zip's path that is not an earlier bundle.
    pub force: bool,
}

/// What a bundle run wrote.
#[derive(Debug)]
pub struct Bundle {
    pub zip_path: PathBuf,
    /// The file names inside the zip, in order (manifest last).
    pub entries: Vec<String>,
    pub warnings: Diagnostics,
}

/// Renders one iteration's documents and writes them with a manifest into
/// `out/<ENGAGEMENT>-iteration-<N>.zip`, or into `out` itself when it names a
/// `.zip` ([`zip_target`]), atomically. A file already there that is not an
/// earlier bundle is left alone ([`Error::Exists`]) unless `options.force`.
pub fn bundle(
    engagement: &Engagement,
    source: &Path,
    templates: &TemplateSet,
    out: &Path,
    options: &BundleOptions,
) -> Result<Bundle> {
    let iteration = pick_iteration(engagement, options.iteration, source)?;
    let zip_path = zip_target(
        out,
        &format!(
            "{}.zip",
            fsx::safe_file_name(&file_stem(engagement, iteration.number))
        ),
    )?;
    fsx::check_replace(&zip_path, options.force, zip_holds("manifest.json"))?;
    let (documents, mut warnings) = render_documents(engagement, iteration, templates)?;
    if documents.is_empty() {
        return Err(Diagnostic::error(
            Location::file(source),
            format!(
                "iteration {} has no phase with data, so there is nothing to bundle",
                iteration.number
            ),
        )
        .with_hint("fill in its `assess` phase (`date`, `maturity`) for the assessment summary")
        .into());
    }
    let pdfs = if options.pdf {
        crate::pdf::convert_all(&documents)?
    } else {
        Vec::new()
    };
    let source_bytes = fsx::read(source)?;
    let manifest = manifest(
        engagement,
        iteration.number,
        source,
        &source_bytes,
        &documents,
        &pdfs,
    );
    let modified = zip_time(options.source_date_epoch, iteration);
    let mut entries = Vec::new();
    fsx::write_atomic(&zip_path, |w| {
        let mut zip = ZipOut::new(
            Cursor::new(Vec::new()),
            WriteOptions {
                modified,
                ..WriteOptions::default()
            },
        )
        .with_target(&zip_path);
        for d in &documents {
            // A .docx is already compressed.
            zip.add_stored(&d.file_name, &d.bytes)?;
            entries.push(d.file_name.clone());
        }
        for (name, bytes) in &pdfs {
            zip.add(name, bytes)?;
            entries.push(name.clone());
        }
        zip.add("manifest.json", manifest.as_bytes())?;
        entries.push("manifest.json".into());
        let bytes = zip.finish()?.into_inner();
        w.write_all(&bytes)
            .map_err(|e| Error::io("write", &zip_path, e))
    })?;
    warnings = warnings.locate(source);
    Ok(Bundle {
        zip_path,
        entries,
        warnings,
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn manifest(
    engagement: &Engagement,
    iteration: u32,
    source: &Path,
    source_bytes: &[u8],
    documents: &[Document],
    pdfs: &[(String, Vec<u8>)],
) -> String {
    let docs: Vec<Json> = documents
        .iter()
        .map(|d| {
            json!({
                "file": d.file_name,
                "kind": d.kind,
                "sha256": sha256_hex(&d.bytes),
                "template": d.template,
            })
        })
        .collect();
    let pdfs: Vec<Json> = pdfs
        .iter()
        .map(|(n, b)| json!({ "file": n, "sha256": sha256_hex(b) }))
        .collect();
    let value = json!({
        "engagement": engagement.id,
        "iteration": iteration,
        "customer": engagement.customer.name,
        "documents": docs,
        "pdfs": pdfs,
        "source": {
            "file": source.file_name().map(|n| n.to_string_lossy().into_owned()),
            "sha256": sha256_hex(source_bytes),
        },
        "engagekit": env!("CARGO_PKG_VERSION"),
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// The timestamp of every zip entry: `SOURCE_DATE_EPOCH` when set, else the
/// iteration's latest phase date (never the wall clock).
fn zip_time(epoch: Option<i64>, iteration: &Iteration) -> zip::DateTime {
    let phase_dates = iteration
        .assess
        .iter()
        .map(|a| a.date)
        .chain(iteration.commit.iter().map(|c| c.date))
        .chain(
            iteration
                .deliver
                .iter()
                .flat_map(|d| d.workshops.iter().map(|w| w.date)),
        )
        .chain(iteration.ensure.iter().map(|e| e.date));
    crate::docx::write::entry_time(epoch, phase_dates.max())
}
