//! Ctrl-C and `kill`: SIGINT, SIGTERM and SIGHUP remove the temporary files
//! of the atomic writes in progress ([`engagekit::fsx::cancel_writes`]), so
//! an interrupted `batch` or `bundle` leaves neither a `.engagekit-*.tmp`
//! nor a partial output, and exit with 128 + the signal number (130, 143,
//! 129), as a shell reports a process killed by it. SIGKILL cannot be caught:
//! after `kill -9` the temp file stays (its name starts with a dot).

/// Starts a thread that waits for the signals. When they cannot be
/// registered, the default behaviour (terminate) stays.
#[cfg(unix)]
pub(crate) fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                engagekit::fsx::cancel_writes();
                std::process::exit(128 + sig);
            }
        });
    drop(spawned);
}

/// Elsewhere, Ctrl-C ends the process the default way.
#[cfg(not(unix))]
pub(crate) fn install() {}
