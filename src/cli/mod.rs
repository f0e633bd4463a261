//! Command-line interface (binary only): each subcommand is a file with an
//! `Args` struct and an `execute` function.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod batch;
mod bundle;
mod check;
mod context;
mod convert;
mod init;
mod next;
mod print;
mod render;
mod schema;
mod status;
mod vars;

/// Fill Word templates with engagement data.
#[derive(Debug, Parser)]
#[command(name = "engagekit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render one iteration's documents and zip them with a manifest.
    Bundle(bundle::Args),
    /// Export a quarter's ensure reports of a whole portfolio into one zip.
    Batch(batch::Args),
    /// Fill a Word template with data (one document, or one per record).
    Render(render::Args),
    /// List the data paths a template reads.
    Vars(vars::Args),
    /// Check engagement files and report every problem with its location.
    Check(check::Args),
    /// Print the template context of one iteration as JSON (for template authors).
    Context(context::Args),
    /// Convert an engagement between YAML and Excel.
    Convert(convert::Args),
    /// Print the JSON Schema of the engagement YAML format.
    Schema(schema::Args),
    /// Start a workspace: an engagement file to fill in (and the templates).
    Init(init::Args),
    /// Append the next iteration from the last one's ensure phase.
    Next(next::Args),
    /// Where each engagement stands and what is missing.
    Status(status::Args),
}

/// What a command reports back: exit code 0 or 1 (clap itself uses 2 for usage errors).
pub(crate) type CmdResult = Result<ExitCode, engagekit::Error>;

/// The value parser of every `--locale`: a locale the formatting filters
/// know, checked by clap before any work (a usage error, exit 2), not by
/// every filter call of every template later.
pub(crate) fn locale(tag: &str) -> Result<String, String> {
    use engagekit::render::filters::{Locale, SUPPORTED_LOCALES};
    match Locale::parse(tag) {
        Some(_) => Ok(tag.to_string()),
        None => Err(format!(
            "unsupported locale; supported: {}",
            SUPPORTED_LOCALES.join(", ")
        )),
    }
}

/// The data's own top-level `locale` (used when there is no `--locale`):
/// one the filters know, else a located error naming the supported ones,
/// before any document is rendered.
pub(crate) fn check_data_locale(
    path: &std::path::Path,
    data: &serde_json::Value,
) -> Result<(), engagekit::Error> {
    use engagekit::render::filters::{Locale, SUPPORTED_LOCALES};
    let Some(value) = data.get("locale").filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let tag = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    if value.is_string() && Locale::parse(&tag).is_some() {
        return Ok(());
    }
    let location = engagekit::fsx::read_to_string(path)
        .ok()
        .and_then(|text| engagekit::load::yaml::key_location(path, &text, "locale"))
        .unwrap_or_else(|| engagekit::Location::file(path));
    Err(engagekit::Diagnostic::error(
        location,
        format!("`locale` `{tag}` is not a supported locale"),
    )
    .with_hint(format!(
        "supported: {}; or choose one with `--locale`",
        SUPPORTED_LOCALES.join(", ")
    ))
    .into())
}

/// Parses the arguments, runs the command and maps the outcome to an exit code.
pub(crate) fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Bundle(args) => bundle::execute(args),
        Command::Batch(args) => batch::execute(args),
        Command::Render(args) => render::execute(args),
        Command::Vars(args) => vars::execute(args),
        Command::Check(args) => check::execute(args),
        Command::Context(args) => context::execute(args),
        Command::Convert(args) => convert::execute(args),
        Command::Schema(args) => schema::execute(args),
        Command::Init(args) => init::execute(args),
        Command::Next(args) => next::execute(args),
        Command::Status(args) => status::execute(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            print::error(&err);
            ExitCode::from(1)
        }
    }
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
