//! `engagekit batch INPUT... --quarter 2026-Q3 -o OUTDIR`: the quarter's
//! ensure reports of a whole portfolio, in one zip with a summary;
//! `engagekit batch merge SHARD.zip... -o OUTDIR`: the zips of `--shard 1/N`
//! … `N/N` combined into that one zip.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::batch::{self, BatchOptions, BatchTemplates, Progress, Shard};
use engagekit::model::Quarter;
use engagekit::render::RenderOptions;
use engagekit::source_date;
use engagekit::{Diagnostic, Location};
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
    /// Output folder for the zip, or the zip's own name ending in `.zip`.
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
    #[arg(long, value_parser = super::locale)]
    locale: Option<String>,
    /// Replace a file at the zip's path that is not an earlier export.
    #[arg(long)]
    force: bool,
    /// Also a PDF of each report beside it in the zip (needs LibreOffice).
    #[arg(long)]
    pdf: bool,
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
    /// Output folder for the merged zip, or its own name ending in `.zip`.
    #[arg(short, long)]
    output: PathBuf,
    /// Folder with a `portfolio-summary.docx` overriding the embedded one
    /// (use the same as for the shards).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Locale of the summary's filters (default: en).
    #[arg(long, value_parser = super::locale)]
    locale: Option<String>,
    /// Replace a file at the zip's path that is not an earlier export.
    #[arg(long)]
    force: bool,
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
        args.force,
    )?;
    let what = format!(
        "{}, {} merged",
        print::count(report.files, "input file"),
        print::count(args.zips.len(), "shard")
    );
    finish(&report, &what, true)
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
        force: args.force,
        pdf: args.pdf,
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
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} input files · {msg}",
        )
        .expect("valid template"),
    );
    let mut on_progress = |p: Progress| match p {
        Progress::Discovered { files } => bar.set_length(files as u64),
        Progress::FileDone { done, .. } => bar.set_position(done as u64),
        Progress::Reports { written } => bar.set_message(print::count(written, "report")),
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
        "{}{}",
        print::count(report.files, "input file"),
        report
            .shard
            .map(|s| format!(", shard {s}"))
            .unwrap_or_default()
    );
    finish(&report, &files, false)
}

/// Prints the warnings, the failures, the closing line and the zip's path;
/// exit code 1 when anything failed. A quarter without reports is a warning
/// that names the quarters that have some.
/// (`merged`: the report of a merge, which knows no ensure dates.)
fn finish(report: &batch::BatchReport, what: &str, merged: bool) -> CmdResult {
    print::diagnostics(&report.warnings);
    print::failures(&report.failures);
    let reports = report.totals.all.iterations as usize;
    if reports == 0 {
        print::diagnostic(
            &mut std::io::stderr().lock(),
            &empty_quarter(report.quarter, (!merged).then_some(&report.ensure_quarters)),
        );
    }
    let closing = format!(
        "{}: {} of {} ({what}){}",
        report.quarter,
        print::count(reports, "ensure report"),
        print::count(report.totals.engagements, "engagement"),
        if report.failures.is_empty() {
            String::new()
        } else {
            format!(
                "; {}, listed above and in the summary",
                print::count(report.failures.len(), "failure")
            )
        }
    );
    print::note(None, &closing);
    print::written(&report.zip_path);
    Ok(if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The warning for a quarter without ensure reports, with the quarters that
/// have some (the likely typo: `2026-Q2` for `2026-Q3`).
fn empty_quarter(quarter: Quarter, others: Option<&BTreeMap<Quarter, usize>>) -> Diagnostic {
    let d = Diagnostic::warning(
        Location::Unknown,
        format!("no ensure reports in {quarter}: no ensure date of the inputs falls in it"),
    );
    let Some(others) = others else {
        return d;
    };
    if others.is_empty() {
        return d.with_hint("no engagement of the inputs has an ensure date yet");
    }
    let have: Vec<String> = others
        .iter()
        .map(|(q, n)| format!("{q} ({})", print::count(*n, "report")))
        .collect();
    d.with_hint(format!("ensure dates fall in {}", have.join(", ")))
}
