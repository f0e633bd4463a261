//! `engagekit bundle ENGAGEMENT -o OUTDIR`: one iteration's documents, zipped.

use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::bundle::{self, BundleOptions};
use engagekit::load;
use engagekit::render::RenderOptions;
use engagekit::templates::TemplateSet;

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The engagement file (YAML or Excel).
    engagement: PathBuf,
    /// Output folder for the zip (`<ID>-iteration-<N>.zip` in it), or the
    /// zip's own name ending in `.zip`.
    #[arg(short, long)]
    output: PathBuf,
    /// Iteration number (default: the latest).
    #[arg(short, long)]
    iteration: Option<u32>,
    /// Folder with templates overriding the embedded ones by file name
    /// (default: a `templates/` folder beside the engagement file, if any).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Also add PDF copies, made with LibreOffice.
    #[arg(long)]
    pdf: bool,
    /// Locale of the date/money/percent/number filters (default: en).
    #[arg(long, value_parser = super::locale)]
    locale: Option<String>,
    /// Replace a file at the zip's path that is not an earlier bundle.
    #[arg(long)]
    force: bool,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let (engagement, warnings) = load::load_engagement(&args.engagement)?;
    print::diagnostics(&warnings);
    let options = RenderOptions {
        lenient: false,
        locale: args.locale,
    };
    let dir = TemplateSet::folder_for(args.templates.as_deref(), &args.engagement);
    // A customised template is checked whole first: every problem at once.
    if let Some(dir) = dir.as_deref().filter(|d| d.is_dir()) {
        engagekit::lint::lint_folder(dir)?;
    }
    let templates = TemplateSet::load(dir.as_deref(), &options)?;
    let bundle_options = BundleOptions {
        iteration: args.iteration,
        pdf: args.pdf,
        source_date_epoch: engagekit::source_date::from_env(),
        force: args.force,
    };
    let done = bundle::bundle(
        &engagement,
        &args.engagement,
        &templates,
        &args.output,
        &bundle_options,
    )?;
    print::diagnostics(&done.warnings);
    print::written(&done.zip_path);
    Ok(ExitCode::SUCCESS)
}
