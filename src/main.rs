//! The `engagekit` command line: parse, dispatch, print, exit code.

mod cli;
mod signals;

use std::process::ExitCode;

/// mimalloc: a batch spends far less time in malloc/free than with glibc's
/// allocator (BENCHMARKS.md). The library leaves the choice to its users.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    signals::install();
    cli::run()
}
