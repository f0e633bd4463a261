//! `engagekit next FILE`: append the next iteration from the last one's ensure.

use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::model::Status;

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The engagement file (YAML; workbooks are not edited yet).
    engagement: PathBuf,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let report = engagekit::lifecycle::next::next(&args.engagement)?;
    print::written(&args.engagement);
    let from = report.number - 1;
    eprintln!(
        "iteration {} added, carried over from iteration {from}:",
        report.number
    );
    if let Some(m) = &report.maturity {
        eprintln!("  maturity {m} (the starting point of the new assessment)");
    }
    for (id, title, status) in &report.goals {
        let why = match status {
            Status::NotReported => "had no result",
            other => other.label(),
        };
        eprintln!("  goal {id} {title}: {why}");
    }
    if !report.scope.is_empty() {
        eprintln!(
            "  {} as the proposed scope",
            print::count(report.scope.len(), "next step")
        );
    }
    eprintln!("fill in the dates of iteration {}'s phases", report.number);
    Ok(ExitCode::SUCCESS)
}
