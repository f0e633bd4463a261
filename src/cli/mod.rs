//! Command-line interface (binary only): each subcommand is a file with an
//! `Args` struct and an `execute` function.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod assess;
mod batch;
mod bundle;
mod check;
mod completions;
mod context;
mod convert;
mod init;
mod lint;
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
    /// Print diagnostics to stderr as JSON, one object per line (for editors
    /// and CI); `vars` also prints its paths as a JSON array.
    #[arg(long, global = true)]
    json: bool,
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
    /// Check a customised template without data: broken tags, unknown paths, loops over non-lists.
    Lint(lint::Args),
    /// Check engagement files and report every problem with its location.
    Check(check::Args),
    /// Print the template context of one iteration as JSON (for template authors).
    Context(context::Args),
    /// Convert an engagement between YAML and Excel.
    Convert(convert::Args),
    /// Print the JSON Schema of the engagement YAML format.
    Schema(schema::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(completions::Args),
    /// Print the man page (roff), e.g. `engagekit man > engagekit.1`.
    Man(completions::ManArgs),
    /// Start a workspace: an engagement file to fill in (and the templates).
    Init(init::Args),
    /// Score the maturity questionnaire into the current iteration's assess.
    Assess(assess::Args),
    /// Append the next iteration from the last one's ensure phase.
    Next(next::Args),
    /// Where each engagement stands and what is missing.
    Status(status::Args),
}

/// What a command reports back: exit code 0 or 1; an `Error::Usage` exits 2,
/// as clap's own usage errors do.
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    print::set_json(cli.json);
    let result = match cli.command {
        Command::Bundle(args) => bundle::execute(args),
        Command::Batch(args) => batch::execute(args),
        Command::Render(args) => render::execute(args),
        Command::Vars(args) => vars::execute(args),
        Command::Lint(args) => lint::execute(args),
        Command::Check(args) => check::execute(args),
        Command::Context(args) => context::execute(args),
        Command::Convert(args) => convert::execute(args),
        Command::Schema(args) => schema::execute(args),
        Command::Completions(args) => completions::execute(args),
        Command::Man(args) => completions::man(args),
        Command::Init(args) => init::execute(args),
        Command::Assess(args) => assess::execute(args),
        Command::Next(args) => next::execute(args),
        Command::Status(args) => status::execute(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            print::error(&err);
            // A command line that asks for the impossible is a usage error,
            // as clap's own are.
            ExitCode::from(if matches!(err, engagekit::Error::Usage(_)) {
                2
            } else {
                1
            })
        }
    }
}

/// clap's own errors (exit 2); with `--json` anywhere in the arguments, as
/// one JSON object like every other diagnostic.
pub(crate) fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let wants_json = std::env::args_os().skip(1).any(|a| a == "--json");
    let is_error = !matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    if !(wants_json && is_error) {
        e.exit();
    }
    print::set_json(true);
    print::usage(&e.render().to_string());
    ExitCode::from(2)
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
