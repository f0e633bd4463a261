//! `engagekit check`: every problem of every file, with locations. It takes
//! what `batch` takes (files, and folders searched the same way) and reports
//! the same problems, an engagement id used in two files included.

use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::batch::discover;
use engagekit::batch::ids::{SeenIds, duplicate_reason};
use engagekit::{Diagnostic, Diagnostics, Location};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Engagement files (.yaml, .yml, .json, .xlsx, .xlsm, .xlsb, .xls,
    /// .ods) and folders to search for .yaml/.yml/.xlsx files, as `batch`
    /// takes them.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let (files, missing) = discover(&args.inputs);
    print::failures(&missing);
    let mut failed = !missing.is_empty();
    if files.is_empty() && missing.is_empty() {
        print::error(&engagekit::Error::Usage(format!(
            "no engagement files found (a folder is searched for {} files)",
            engagekit::batch::discover::EXTENSIONS
                .map(|e| format!(".{e}"))
                .join(", ")
        )));
        failed = true;
    }
    let mut seen = SeenIds::default();
    for (index, file) in files.iter().enumerate() {
        // Streamed: only each engagement's id is kept, not the engagements.
        let mut found: Vec<(String, usize)> = Vec::new();
        let result = engagekit::load::for_each_valid(file, |e| {
            found.push((e.id.clone(), e.iterations.len()));
        });
        let mut warnings = match result {
            Ok(warnings) => warnings,
            Err(err) => {
                failed = true;
                print::error(&err);
                continue;
            }
        };
        // Ids of another file: only a file that loaded has ids to compare.
        let mut repeats = Diagnostics::new();
        for (id, _) in &found {
            if let Err(first) = seen.claim(id, index) {
                repeats.push(Diagnostic::error(
                    Location::file(file),
                    duplicate_reason(id, &files[first]),
                ));
            }
        }
        if repeats.has_errors() {
            failed = true;
            warnings.extend(repeats);
            print::error(&engagekit::Error::Invalid(warnings));
            continue;
        }
        print::diagnostics(&warnings);
        let ids: Vec<String> = found
            .iter()
            .map(|(id, n)| format!("{id} ({})", print::count(*n, "iteration")))
            .collect();
        let note = match warnings.len() {
            0 => String::new(),
            w => format!(", {}", print::count(w, "warning")),
        };
        println!("ok: {}: {}{note}", file.display(), ids.join(", "));
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
