//! `engagekit schema`: the JSON Schema of the engagement YAML format.

use std::path::PathBuf;
use std::process::ExitCode;

use super::CmdResult;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Write the schema to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let schema = engagekit::model::file::json_schema();
    let text = serde_json::to_string_pretty(&schema).expect("JSON serializes") + "\n";
    match args.output {
        Some(path) => engagekit::fsx::write_bytes_atomic(&path, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
