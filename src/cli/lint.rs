//! `engagekit lint TEMPLATE [--kind KIND]`: checks a customised template
//! without any data.

use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::templates::DocumentKind;

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The Word template (.docx).
    template: PathBuf,
    /// The kind of document it is for (default: from the file name, as
    /// `bundle --templates` names them, e.g. `sow.docx`).
    #[arg(long, value_enum)]
    kind: Option<Kind>,
}

/// The kinds of document, as `--kind` spells them.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    Assessment,
    Sow,
    WorkshopAgenda,
    EnsureReport,
}

impl From<Kind> for DocumentKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Assessment => DocumentKind::Assessment,
            Kind::Sow => DocumentKind::Sow,
            Kind::WorkshopAgenda => DocumentKind::WorkshopAgenda,
            Kind::EnsureReport => DocumentKind::EnsureReport,
        }
    }
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let kind = match args.kind.map(DocumentKind::from) {
        Some(k) => k,
        None => match engagekit::lint::kind_of_file(&args.template) {
            Some(k) => k,
            None => {
                let names: Vec<&str> = DocumentKind::ALL
                    .iter()
                    .map(|k| k.template_file())
                    .collect();
                let e = clap::Error::raw(
                    clap::error::ErrorKind::MissingRequiredArgument,
                    format!(
                        "failed to tell which document `{}` is for (its name is none of {}); give `--kind` (assessment, sow, workshop-agenda, ensure-report)\n",
                        args.template.display(),
                        names.join(", ")
                    ),
                );
                return Ok(super::usage_error(e));
            }
        },
    };
    let problems = engagekit::lint::lint_file(&args.template, kind)?;
    if problems.has_errors() {
        return Err(engagekit::Error::Invalid(problems));
    }
    print::diagnostics(&problems);
    println!(
        "ok: {} ({})",
        args.template.display(),
        kind.title().to_lowercase()
    );
    Ok(ExitCode::SUCCESS)
}
