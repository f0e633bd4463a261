//! Printing diagnostics and error chains to stderr.
