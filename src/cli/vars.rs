//! `engagekit vars TEMPLATE`: the data paths a template reads.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::render::{CompiledTemplate, RenderOptions};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The Word template (.docx). With `--json`, the paths are printed as a
    /// JSON array instead of one per line.
    template: PathBuf,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let template = CompiledTemplate::open(&args.template, RenderOptions::default())?;
    let vars = template.variables();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if print::json() {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&vars).unwrap_or_default()
        );
    } else {
        for v in vars {
            let _ = writeln!(out, "{v}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
