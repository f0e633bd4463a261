//! `engagekit context ENGAGEMENT [--iteration N]`: the template context a
//! bundle document sees, as JSON, for template authors.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::{Diagnostic, Location, load};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The engagement file (YAML or Excel).
    engagement: PathBuf,
    /// Iteration number (default: the latest).
    #[arg(short, long)]
    iteration: Option<u32>,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let (engagement, warnings) = load::load_engagement(&args.engagement)?;
    print::diagnostics(&warnings);
    let number = args.iteration.unwrap_or_else(|| {
        engagement
            .iterations
            .iter()
            .map(|i| i.number)
            .max()
            .unwrap_or(1)
    });
    let Some(ctx) = engagement.iteration_context_json(number) else {
        return Err(Diagnostic::error(
            Location::file(&args.engagement),
            format!("the engagement has no iteration {number}"),
        )
        .into());
    };
    let text = serde_json::to_string_pretty(&ctx).unwrap_or_default();
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    Ok(ExitCode::SUCCESS)
}
