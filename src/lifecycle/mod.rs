//! The framework's loop on an engagement file: [`init`] starts a workspace,
//! [`next`] appends the next iteration from the last one's ensure phase,
//! [`assess`] scores the maturity questionnaire into the current iteration,
//! [`status`] says where an engagement stands and what is missing.
//!
//! Data files are the user's work: `next` edits the text (it inserts lines
//! and changes nothing else, so comments, order and anchors stay byte for
//! byte), checks that the result still validates, and writes through
//! [`crate::fsx::write_atomic`]; nothing is ever overwritten by `init`.

pub mod assess;
pub mod init;
pub mod next;
pub mod status;

/// A YAML scalar that reads back as exactly `text`: a double-quoted
/// (JSON) string, which YAML accepts, so `NO`, `1.10` or `a: b` stay text.
pub(crate) fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}
