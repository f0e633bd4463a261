//! `engagekit check`: every problem of every file, with locations.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Engagement files (.yaml, .yml, .json, .xlsx, .xlsm, .xlsb, .xls, .ods).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let mut failed = false;
    for file in &args.files {
        // Streamed: only each engagement's id is kept, not the engagements.
        let mut ids: Vec<String> = Vec::new();
        let result = engagekit::load::for_each_valid(file, |e| {
            ids.push(format!("{} ({} iteration(s))", e.id, e.iterations.len()));
        });
        match result {
            Ok(warnings) => {
                print::diagnostics(&warnings);
                let w = warnings.len();
                let note = if w > 0 {
                    format!(", {w} warning(s)")
                } else {
                    String::new()
                };
                println!("ok: {}: {}{note}", file.display(), ids.join(", "));
            }
            Err(err) => {
                failed = true;
                print::error(&err);
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
