//! The `engagekit` command line: parse, dispatch, print, exit code.

mod cli;
mod signals;

use std::process::ExitCode;

fn main() -> ExitCode {
    signals::install();
    cli::run()
}
