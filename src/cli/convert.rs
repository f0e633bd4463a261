//! `engagekit convert`: YAML → Excel and Excel → YAML.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The engagement to convert (.yaml/.yml/.json or .xlsx/.xlsm/.xlsb/.xls/.ods).
    input: PathBuf,
    /// Where to write: .xlsx or .yaml/.yml [default: the input with the other extension].
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace a different file already at the output (by default it is left
    /// as it was and the command fails).
    #[arg(long)]
    force: bool,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let output = args.output.unwrap_or_else(|| {
        let is_yaml = matches!(
            engagekit::load::Format::of(&args.input),
            Ok(engagekit::load::Format::Yaml)
        );
        args.input
            .with_extension(if is_yaml { "xlsx" } else { "yaml" })
    });
    let warnings = engagekit::convert::convert(&args.input, &output, args.force)?;
    print::diagnostics(&warnings);
    print::written(&output);
    Ok(ExitCode::SUCCESS)
}
