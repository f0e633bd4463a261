//! `engagekit schema`: the JSON Schema of the engagement YAML format.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Write the schema to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace a different file already at `--output`.
    #[arg(long, requires = "output")]
    force: bool,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let schema = engagekit::model::file::json_schema();
    let text = serde_json::to_string_pretty(&schema).expect("JSON serializes") + "\n";
    match args.output {
        Some(path) => {
            // The schema is JSON: `-o schema.docx` would be a lie.
            if let Some(ext) = path.extension().and_then(|e| e.to_str())
                && !ext.eq_ignore_ascii_case("json")
            {
                return Err(engagekit::Error::Usage(format!(
                    "failed to write to `{}` (it names a .{ext} file, but the schema is JSON; name it `.json`)",
                    path.display()
                )));
            }
            let bytes = text.as_bytes();
            engagekit::fsx::check_replace(&path, args.force, engagekit::fsx::holds(bytes))?;
            engagekit::fsx::write_bytes_atomic(&path, bytes)?;
            print::written(&path);
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
