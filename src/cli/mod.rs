//! Command-line interface (binary only).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod print;

/// Fill Word templates with engagement data.
#[derive(Debug, Parser)]
#[command(name = "engagekit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {}

/// Parses the arguments, runs the command and maps the outcome to an exit code.
pub(crate) fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
