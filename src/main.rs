//! The `engagekit` command line: parse, dispatch, print, exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
