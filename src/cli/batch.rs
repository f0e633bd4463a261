//! `engagekit batch INPUT... --quarter 2026-Q3 -o OUTDIR`: the quarter's
//! ensure reports of a whole portfolio, in one zip with a summary;
//! `engagekit batch merge SHARD.zip... -o OUTDIR`: the zips of `--shard 1/N`
//! … `N/N` combined into that one zip.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::batch::{self, BatchOptions, BatchTemplates, Progress, Shard};
use engagekit::model::Quarter;
use engagekit::render::RenderOptions;
use engagekit::source_date;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// Engagement files (YAML, Excel, portfolio workbooks) and folders to
    /// search for .yaml/.yml/.xlsx files.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The calendar quarter of the ensure dates, e.g. `2026-Q3`.
    #[arg(short, long, required = true)]
    quarter: Option<Quarter>,
    /// Output folder for the zip.
    #[arg(short, long, required = true)]
    output: Option<PathBuf>,
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
    /// Seconds one report may take (e.g. `60`, `0.5`; `0`: no limit); a
    /// slower report is a failure and the batch goes on.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = engagekit::render::limits::parse_seconds)]
    timeout: std::time::Duration,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Combine the zips of `--shard 1/N` … `N/N` into the zip one unsharded
    /// run writes: every report, one summary over all of them.
    Merge(MergeArgs),
}

#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// The zips of every shard of one run (e.g. `exports/*-shard-*.zip`).
    #[arg(required = true, value_name = "SHARD_ZIP")]
    zips: Vec<PathBuf>,
    /// Output folder for the merged zip.
    #[arg(short, long)]
    output: PathBuf,
    /// Folder with a `portfolio-summary.docx` overriding the embedded one
    /// (use the same as for the shards).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Locale of the summary's filters (default: en).
    #[arg(long)]
    locale: Option<String>,
}

fn merge(args: MergeArgs) -> CmdResult {
    let options = RenderOptions {
        lenient: false,
        locale: args.locale,
    };
    let templates = BatchTemplates::load(args.templates.as_deref(), &options)?;
    let report = batch::merge(
        &args.zips,
        &args.output,
        &templates,
        source_date::from_env(),
    )?;
    let what = format!("{} files, {} shards merged", report.files, args.zips.len());
    finish(&report, &what)
}

pub(crate) fn execute(args: Args) -> CmdResult {
    if let Some(Sub::Merge(m)) = args.command {
        return merge(m);
    }
    // clap requires these without a subcommand.
    let (Some(quarter), Some(output)) = (args.quarter, args.output) else {
        return Err(engagekit::Error::Usage(
            "`--quarter` and `--output` are required".into(),
        ));
    };
    let options = RenderOptions {
        lenient: false,
        locale: args.locale,
    };
    let templates = BatchTemplates::load(args.templates.as_deref(), &options)?;
    let batch_options = BatchOptions {
        quarter,
        shard: args.shard,
        source_date_epoch: source_date::from_env(),
        timeout: (!args.timeout.is_zero()).then_some(args.timeout),
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(j) = args.jobs {
        pool = pool.num_threads(usize::from(j));
    }
    let pool = pool.build().map_err(|e| engagekit::Error::Threads {
        reason: e.to_string(),
    })?;

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
            &output,
            &templates,
            &batch_options,
            &mut on_progress,
        )
    });
    bar.finish_and_clear();
    let report = report?;
    let files = format!(
        "{} files{}",
        report.files,
        report
            .shard
            .map(|s| format!(", shard {s}"))
            .unwrap_or_default()
    );
    finish(&report, &files)
}

/// Prints the warnings, the failures, the closing line and the zip's path;
/// exit code 1 when anything failed.
fn finish(report: &batch::BatchReport, what: &str) -> CmdResult {
    print::diagnostics(&report.warnings);
    print::failures(&report.failures);
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}: {} ensure reports of {} engagements ({what}){}",
        report.quarter,
        report.totals.all.iterations,
        report.totals.engagements,
        if report.failures.is_empty() {
            String::new()
        } else {
            format!(
                "; {} failures, listed above and in the summary",
                report.failures.len()
            )
        }
    );
    let _ = writeln!(std::io::stdout().lock(), "{}", report.zip_path.display());
    Ok(if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
