//! `engagekit batch INPUT... --quarter 2026-Q3 -o OUTDIR`: the quarter's
//! ensure reports of a whole portfolio, in one zip with a summary.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::batch::{self, BatchOptions, BatchTemplates, Progress, Shard};
use engagekit::model::Quarter;
use engagekit::render::RenderOptions;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Engagement files (YAML, Excel, portfolio workbooks) and folders to
    /// search for .yaml/.yml/.xlsx files.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The calendar quarter of the ensure dates, e.g. `2026-Q3`.
    #[arg(short, long)]
    quarter: Quarter,
    /// Output folder for the zip.
    #[arg(short, long)]
    output: PathBuf,
    /// Worker threads (default: the number of cores).
    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Export only part `I` of `N` of the portfolio, split by engagement id
    /// (e.g. `2/4`), to spread a large portfolio over several machines.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    /// Folder with templates overriding the embedded ones by file name
    /// (`ensure-report.docx`, `portfolio-summary.docx`).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Locale of the date/money/percent/number filters (default: en).
    #[arg(long)]
    locale: Option<String>,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let options = RenderOptions {
        lenient: false,
        locale: args.locale,
    };
    let templates = BatchTemplates::load(args.templates.as_deref(), &options)?;
    let batch_options = BatchOptions {
        quarter: args.quarter,
        shard: args.shard,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok()),
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(j) = args.jobs {
        pool = pool.num_threads(usize::from(j));
    }
    let pool = pool
        .build()
        .map_err(|e| engagekit::Error::Other(format!("failed to start worker threads ({e})")))?;

    // A bar on a terminal; nothing per document in logs (the bar hides itself).
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files · {msg}",
        )
        .expect("valid template"),
    );
    let mut on_progress = |p: Progress| match p {
        Progress::Discovered { files } => bar.set_length(files as u64),
        Progress::FileDone { done, .. } => bar.set_position(done as u64),
        Progress::Reports { written } => bar.set_message(format!("{written} reports")),
    };
    let report = pool.install(|| {
        batch::export(
            &args.inputs,
            &args.output,
            &templates,
            &batch_options,
            &mut on_progress,
        )
    });
    bar.finish_and_clear();
    let report = report?;

    print::diagnostics(&report.warnings);
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for f in &report.failures {
        if color {
            let _ = writeln!(err, "\x1b[1;31merror\x1b[0m: {f}");
        } else {
            let _ = writeln!(err, "error: {f}");
        }
    }
    let engagements: std::collections::BTreeSet<&str> = report
        .rows
        .iter()
        .map(|r| r.engagement_id.as_str())
        .collect();
    let _ = writeln!(
        err,
        "{}: {} ensure reports of {} engagements ({} files{}){}",
        report.quarter,
        report.rows.len(),
        engagements.len(),
        report.files,
        report
            .shard
            .map(|s| format!(", shard {s}"))
            .unwrap_or_default(),
        if report.failures.is_empty() {
            String::new()
        } else {
            format!(
                "; {} failures, listed above and in the summary",
                report.failures.len()
            )
        }
    );
    drop(err);
    let _ = writeln!(std::io::stdout().lock(), "{}", report.zip_path.display());
    Ok(if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
