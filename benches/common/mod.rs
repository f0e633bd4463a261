//! What the bench binaries share: their command-line options.

/// The value after `--name` on the command line, if given.
pub(crate) fn option(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == name)?;
    args.get(at + 1).cloned()
}

/// `--n`: how many documents or repetitions (default 200).
pub(crate) fn repetitions() -> usize {
    option("--n").and_then(|s| s.parse().ok()).unwrap_or(200)
}
