//! The export itself: load a chunk of files, select the quarter's
//! iterations, render their reports in parallel, write them in order; then
//! the summaries: the steps of the [batch](super) module doc, in order.

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use super::discover::discover;
use super::failure::Failure;
use super::finish::write_summaries;
use super::ids::{SeenIds, duplicate_reason};
use super::load::{Loaded, is_workbook, load_file, next_chunk, open};
use super::manifest::OrderKey;
use super::report::{BatchReport, zip_name, zip_time};
use super::rows::SummaryRows;
use super::templates::BatchTemplates;
use super::totals::{SummaryRow, Totals};
use crate::bundle::{zip_holds, zip_target};
use crate::docx::write::{WriteOptions, ZipOut};
use crate::error::{Diagnostics, Error, Result};
use crate::fsx;
use crate::load::Shard;
use crate::model::{Engagement, Quarter};
use crate::render::{CompiledTemplate, limits};
use crate::templates::DocumentKind;

/// How many files are loaded before their reports are rendered.
pub const FILE_CHUNK: usize = 256;
/// How many reports are rendered in parallel before they are written, in order.
pub const DOC_CHUNK: usize = 256;

/// What a batch does besides rendering.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub quarter: Quarter,
    /// Export only this part of the portfolio.
    pub shard: Option<Shard>,
    /// Seconds since 1970 for every zip entry's timestamp (`SOURCE_DATE_EPOCH`);
    /// default: the quarter's last day.
    pub source_date_epoch: Option<i64>,
    /// Replace a file at the zip's path that is not an earlier export.
    pub force: bool,
    /// A PDF of each report beside it (LibreOffice, [`super::pdf`]).
    pub pdf: bool,
    /// The longest one report may take (`--timeout`); a slower one is a
    /// failure and the batch goes on. `None`: no limit but the fuel's.
    pub timeout: Option<Duration>,
}

/// Progress, reported from the thread that writes the zip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The files were found.
    Discovered { files: usize },
    /// One more file was loaded and its reports written.
    FileDone { done: usize, files: usize },
    /// Reports written so far.
    Reports { written: usize },
}

/// One report to render.
struct Job {
    file: usize,
    key: OrderKey,
    engagement: Arc<Engagement>,
    iteration: u32,
    /// Its path inside the zip.
    name: String,
    /// The path before [`fsx::unique_name`] made it unique.
    base: String,
}

impl Job {
    /// The failures `e` makes of this report, in its place in the order.
    fn failures(&self, path: &Path, e: &Error) -> impl Iterator<Item = (OrderKey, Failure)> {
        let key = self.key;
        Failure::from_error(path, Some(&self.engagement.id), Some(self.iteration), e)
            .into_iter()
            .map(move |f| (key, f))
    }
}

/// Renders one ensure report to .docx bytes.
pub fn render_report(
    engagement: &Engagement,
    iteration: u32,
    template: &CompiledTemplate,
) -> Result<(Vec<u8>, Diagnostics)> {
    let it = engagement
        .iteration(iteration)
        .ok_or(Error::NoIteration { number: iteration })?;
    let date = it
        .ensure
        .as_ref()
        .map(|e| e.date.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let base = engagement
        .iteration_context_json(iteration)
        .ok_or(Error::NoIteration { number: iteration })?;
    let ctx = crate::bundle::document_context(&base, DocumentKind::EnsureReport, &date, None);
    let doc = template.render(&ctx)?;
    let mut buf = Cursor::new(Vec::with_capacity(
        template.package().source_len() + 16 * 1024,
    ));
    template.write_to(&doc, &mut buf)?;
    Ok((buf.into_inner(), doc.warnings))
}

/// Exports the quarter's ensure reports of every engagement under `inputs`
/// into `out/<zip_name>`, or into `out` itself when it names a `.zip`
/// ([`zip_target`]); a file there that is not an earlier export is left
/// alone ([`Error::Exists`](crate::Error::Exists)) unless `options.force`. Runs on the current rayon pool (the CLI sizes
/// it with `--jobs`). `Err` only when the zip itself cannot be written;
/// everything else is a [`Failure`] in the report.
pub fn export(
    inputs: &[PathBuf],
    out: &Path,
    templates: &BatchTemplates,
    options: &BatchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<BatchReport> {
    let zip_path = zip_target(out, &zip_name(options.quarter, options.shard))?;
    fsx::check_replace(&zip_path, options.force, zip_holds("summary.json"))?;
    if options.pdf {
        // Before any work: without LibreOffice no report could have its PDF.
        crate::pdf::require()?;
    }
    let (files, mut failures) = discover(inputs);
    progress(Progress::Discovered { files: files.len() });
    let modified = zip_time(options.source_date_epoch, options.quarter);
    let mut report = BatchReport {
        zip_path: zip_path.clone(),
        quarter: options.quarter,
        shard: options.shard,
        files: files.len(),
        engagements: 0,
        totals: Totals::default(),
        failures: Vec::new(),
        warnings: Diagnostics::new(),
        ensure_quarters: Default::default(),
    };
    let mut rows = SummaryRows::new()?;
    let _lock = fsx::lock(&zip_path)?;
    fsx::write_atomic(&zip_path, |w| {
        let mut zip = ZipOut::new(
            w,
            WriteOptions {
                modified,
                ..WriteOptions::default()
            },
        )
        .with_target(&zip_path);
        let mut state = State::default();
        let mut keyed: Vec<(OrderKey, Failure)> = Vec::new();
        let template = &templates.ensure().template;
        let mut out = Out {
            pdf: options.pdf,
            zip: &mut zip,
            report: &mut report,
            rows: &mut rows,
            keyed: &mut keyed,
            progress: &mut *progress,
        };
        let mut start = 0;
        while start < files.len() {
            if is_workbook(&files[start]) {
                let file = start;
                start += 1;
                match open(&files[file], options.shard) {
                    Err(list) => {
                        let f = file as u32 + 1;
                        out.keyed.extend(list.into_iter().map(|x| ([f, 0, 0], x)));
                    }
                    Ok(mut engagements) => {
                        while let Some(items) = next_chunk(&files[file], &mut engagements) {
                            let mut jobs = Vec::new();
                            for item in items {
                                let warnings = state.select(
                                    &files,
                                    file,
                                    item,
                                    options.quarter,
                                    &mut jobs,
                                    out.keyed,
                                );
                                out.report.warnings.extend(warnings);
                            }
                            out.write(&jobs, &files, template, options.timeout)?;
                        }
                    }
                }
                (out.progress)(Progress::FileDone {
                    done: start,
                    files: files.len(),
                });
                continue;
            }
            // A chunk of engagement files (up to the next workbook), loaded in parallel.
            let end = files[start..]
                .iter()
                .take(FILE_CHUNK)
                .position(|p| is_workbook(p))
                .map_or((start + FILE_CHUNK).min(files.len()), |n| start + n);
            let chunk = &files[start..end];
            let loaded: Vec<Vec<Loaded>> = chunk
                .par_iter()
                .map(|p| load_file(p, options.shard))
                .collect();
            let mut jobs = Vec::new();
            for (i, items) in loaded.into_iter().enumerate() {
                let file = start + i;
                for item in items {
                    let warnings =
                        state.select(&files, file, item, options.quarter, &mut jobs, out.keyed);
                    out.report.warnings.extend(warnings);
                }
            }
            out.write(&jobs, &files, template, options.timeout)?;
            start = end;
            (out.progress)(Progress::FileDone {
                done: end,
                files: files.len(),
            });
        }
        // Failures of the inputs themselves come first, then every file's in
        // discovery order (a file's render failures next to its other ones).
        let mut all: Vec<(OrderKey, Failure)> = failures
            .drain(..)
            .enumerate()
            .map(|(i, f)| ([0, i as u32, 0], f))
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        all.append(&mut keyed);
        report.engagements = state.engagements;
        report.ensure_quarters = std::mem::take(&mut state.quarters);
        let ids = state.ids.into_sorted();
        let (keys, failures): (Vec<OrderKey>, Vec<Failure>) = all.into_iter().unzip();
        report.failures = failures;
        write_summaries(&mut zip, templates, &report, &mut rows, &keys, &ids)?;
        finish(zip)
    })?;
    report.totals = rows.into_totals();
    Ok(report)
}

/// Where rendered reports go, in order: the zip, the summary rows, the
/// report's warnings, and the failures by [`OrderKey`].
struct Out<'a, W: Write + Seek> {
    /// Each report's PDF beside it.
    pdf: bool,
    zip: &'a mut ZipOut<W>,
    report: &'a mut BatchReport,
    rows: &'a mut SummaryRows,
    keyed: &'a mut Vec<(OrderKey, Failure)>,
    progress: &'a mut dyn FnMut(Progress),
}

impl<W: Write + Seek> Out<'_, W> {
    /// Renders `jobs` in parallel, [`DOC_CHUNK`] at a time, and writes each
    /// chunk's reports in order.
    fn write(
        &mut self,
        jobs: &[Job],
        files: &[PathBuf],
        template: &CompiledTemplate,
        timeout: Option<Duration>,
    ) -> Result<()> {
        // With PDFs, smaller chunks: LibreOffice takes ~0.1 s a report, and
        // the progress bar moves once per chunk.
        let chunk = match self.pdf {
            true => super::pdf::PER_RUN * rayon::current_num_threads(),
            false => DOC_CHUNK,
        };
        for batch in jobs.chunks(chunk) {
            let rendered: Vec<Result<(Vec<u8>, Diagnostics)>> = batch
                .par_iter()
                .map(|j| {
                    limits::with_deadline(timeout, || {
                        let done = render_report(&j.engagement, j.iteration, template);
                        match limits::deadline_passed() {
                            Some(t) => Err(limits::timed_out(template.package().path(), t)),
                            None => done,
                        }
                    })
                })
                .collect();
            let mut pdfs = match self.pdf {
                true => super::pdf::convert_chunk(
                    batch
                        .iter()
                        .zip(&rendered)
                        .filter_map(|(j, r)| {
                            r.as_ref().ok().map(|(b, _)| (j.name.clone(), b.clone()))
                        })
                        .collect(),
                ),
                false => Vec::new(),
            }
            .into_iter();
            for (job, result) in batch.iter().zip(rendered) {
                let path = &files[job.file];
                match result {
                    Ok((bytes, warnings)) => {
                        self.zip.add_stored(&job.name, &bytes)?;
                        match pdfs.next() {
                            Some(Ok(pdf)) => self
                                .zip
                                .add_stored(&crate::pdf::pdf_name(&job.name), &pdf)?,
                            // The report is exported; its missing PDF is a failure.
                            Some(Err(e)) => self.keyed.extend(job.failures(path, &e)),
                            None => {}
                        }
                        self.report.warnings.extend(warnings);
                        let it = job.engagement.iteration(job.iteration).expect("selected");
                        let row = SummaryRow::new(&job.engagement, it, job.name.clone(), path);
                        self.rows.push(job.key, &job.base, &row)?;
                    }
                    Err(e) => self.keyed.extend(job.failures(path, &e)),
                }
            }
            (self.progress)(Progress::Reports {
                written: self.rows.len(),
            });
        }
        Ok(())
    }
}

fn finish<W: Write + Seek>(zip: ZipOut<W>) -> Result<()> {
    zip.finish().map(|_| ())
}

/// What the sequential part of the batch remembers between chunks.
#[derive(Default)]
struct State {
    /// Engagement ids, each with the file it was first seen in.
    ids: SeenIds,
    /// Entry names taken (case-insensitive).
    names: HashSet<String>,
    engagements: usize,
    /// Ensure dates per quarter (see [`BatchReport::ensure_quarters`]).
    quarters: BTreeMap<Quarter, usize>,
}

impl State {
    /// Turns a loaded item into jobs (its iterations of the quarter) or failures.
    fn select(
        &mut self,
        files: &[PathBuf],
        file: usize,
        item: Loaded,
        quarter: Quarter,
        jobs: &mut Vec<Job>,
        failures: &mut Vec<(OrderKey, Failure)>,
    ) -> Diagnostics {
        let path = &files[file];
        let f = file as u32 + 1;
        let (engagement, warnings, item) = match item {
            Loaded::Failed(list, item) => {
                failures.extend(list.into_iter().map(|x| ([f, item, 0], x)));
                return Diagnostics::new();
            }
            Loaded::Engagement(e, w, item) => (e, w, item),
        };
        if let Err(first) = self.ids.claim(&engagement.id, file) {
            failures.push((
                [f, item, 0],
                Failure {
                    engagement: Some(engagement.id.clone()),
                    ..Failure::file(
                        path,
                        format!(
                            "{}; this copy is not exported",
                            duplicate_reason(&engagement.id, &files[first])
                        ),
                    )
                },
            ));
            return Diagnostics::new();
        }
        self.engagements += 1;
        for it in &engagement.iterations {
            if let Some(e) = &it.ensure {
                *self.quarters.entry(Quarter::of(e.date)).or_default() += 1;
            }
        }
        let folder = fsx::safe_file_name(&engagement.customer.name);
        for (k, it) in engagement.ensured_in(quarter).enumerate() {
            let base = report_name(&folder, &engagement.id, it.number);
            let name = fsx::unique_name(&base, &mut self.names);
            jobs.push(Job {
                file,
                key: [f, item, k as u32],
                engagement: Arc::clone(&engagement),
                iteration: it.number,
                name,
                base,
            });
        }
        warnings
    }
}

/// A report's path in the zip, before it is made unique:
/// `<customer>/<id>-iteration-<n>-proof-of-execution.docx`, both parts made safe.
fn report_name(folder: &str, id: &str, iteration: u32) -> String {
    let file_name = fsx::safe_file_name(&format!(
        "{id}-iteration-{iteration}-proof-of-execution.docx"
    ));
    format!("{folder}/{file_name}")
}
