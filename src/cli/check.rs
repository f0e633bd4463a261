//! `engagekit check` (data helper).

use std::process::ExitCode;

use super::CmdResult;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn execute(_args: Args) -> CmdResult {
    Err(engagekit::Error::Other(
        "`check` is not implemented yet".into(),
    ))
    .map(|()| ExitCode::SUCCESS)
}
