//! `engagekit assess FILE --answers answers.yaml`: score the maturity
//! questionnaire into the current iteration's `assess`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::lifecycle::assess::{AssessOptions, assess};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The engagement file (YAML; workbooks are not edited yet).
    engagement: PathBuf,
    /// The answers: a YAML file mapping each question id to an answer id.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// The assess date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<jiff::civil::Date>,
    /// Replace the current iteration's existing `assess`.
    #[arg(long)]
    force: bool,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let Some(answers) = args.answers else {
        // Never ask when nobody can answer (a pipe, CI).
        let why = if std::io::stdin().is_terminal() {
            "the questionnaire in the terminal is not built yet"
        } else {
            "stdin is not a terminal, so `assess` cannot ask the questions"
        };
        return Err(engagekit::Error::Usage(format!(
            "no answers: {why}; pass `--answers FILE` (a YAML mapping of question id to answer id, see README \"assess\")"
        )));
    };
    let options = AssessOptions {
        answers,
        date: args.date.unwrap_or_else(|| jiff::Zoned::now().date()),
        force: args.force,
    };
    let report = assess(&args.engagement, &options)?;
    print::written(&args.engagement);
    let o = &report.outcome;
    let verb = if report.replaced {
        "replaced"
    } else {
        "written"
    };
    eprintln!(
        "iteration {}'s assess {verb}: maturity {}",
        report.iteration, o.maturity
    );
    for s in &o.scores {
        eprintln!("  {}: {} of {}", s.label, s.score, s.max);
    }
    if !o.recommended.is_empty() {
        eprintln!("recommended: {}", o.recommended.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
