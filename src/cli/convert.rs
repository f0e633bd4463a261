//! `engagekit convert` (data helper).

use std::process::ExitCode;

use super::CmdResult;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn execute(_args: Args) -> CmdResult {
    Err(engagekit::Error::Other(
        "`convert` is not implemented yet".into(),
    ))
    .map(|()| ExitCode::SUCCESS)
}
