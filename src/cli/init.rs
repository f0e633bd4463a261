//! `engagekit init DIR --customer .. --provider ..`: a new workspace.

use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::lifecycle::init::{self, InitOptions};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The workspace folder (created when missing; nothing in it is replaced).
    dir: PathBuf,
    /// The customer's name.
    #[arg(long)]
    customer: String,
    /// Your company's name.
    #[arg(long)]
    provider: String,
    /// Also copy the default templates into DIR/templates/ for customising
    /// (`bundle` uses that folder automatically).
    #[arg(long)]
    templates: bool,
    /// Write the engagement as a workbook, DIR/engagement.xlsx, instead of YAML.
    #[arg(long)]
    xlsx: bool,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let options = InitOptions {
        customer: args.customer,
        provider: args.provider,
        templates: args.templates,
        xlsx: args.xlsx,
        today: jiff::Zoned::now().date(),
    };
    for path in init::init(&args.dir, &options)? {
        print::written(&path);
    }
    Ok(ExitCode::SUCCESS)
}
