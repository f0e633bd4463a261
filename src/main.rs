//! The `engagekit` command line: parse, dispatch, print, exit code.

mod cli;
mod signals;

use std::process::ExitCode;

/// mimalloc, on Linux: a batch spends far less time in malloc/free than with
/// glibc's allocator (BENCHMARKS.md). Windows and macOS keep their system
/// allocator (Cargo.toml says why). The library leaves the choice to its users.
#[cfg(target_os = "linux")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    signals::install();
    cli::run()
}
