//! `engagekit assess FILE --answers answers.yaml`: score the maturity
//! questionnaire into the current iteration's `assess`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::lifecycle::assess::{AssessOptions, assess, assess_answered, open};
use engagekit::model::questionnaire::dimension_label;
use engagekit::model::{AssessAnswer, Catalog};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The engagement file (YAML; workbooks are not edited yet).
    engagement: PathBuf,
    /// The answers: a YAML file mapping each question id to an answer id
    /// (without it, the questions are asked in the terminal).
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
    let options = AssessOptions {
        date: args.date.unwrap_or_else(|| jiff::Zoned::now().date()),
        force: args.force,
    };
    let report = match &args.answers {
        Some(answers) => assess(&args.engagement, answers, &options)?,
        // Never ask when nobody can answer (a pipe, CI).
        None if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() => {
            return Err(engagekit::Error::Usage(
                "no answers: stdin is not a terminal, so `assess` cannot ask the questions; pass `--answers FILE` (a YAML mapping of question id to answer id, see README `assess`)".into(),
            ));
        }
        None => {
            let engagement = open(&args.engagement, &options)?;
            let answers = ask(&engagement.catalog)?;
            assess_answered(&args.engagement, answers, &options)?
        }
    };
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

/// The questionnaire in the terminal: one arrow-key choice per question, on stderr.
fn ask(catalog: &Catalog) -> Result<Vec<AssessAnswer>, engagekit::Error> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    let total = catalog.questions.len();
    let mut out = Vec::new();
    for (i, q) in catalog.questions.iter().enumerate() {
        let items: Vec<&str> = q.answers.iter().map(|a| a.text.as_str()).collect();
        let prompt = format!(
            "[{}/{total}] {}: {}",
            i + 1,
            dimension_label(&q.dimension),
            q.text
        );
        let picked = dialoguer::Select::with_theme(&theme)
            .with_prompt(prompt)
            .items(&items)
            .default(0)
            .interact_opt()
            .map_err(|e| engagekit::Error::Usage(format!("the questionnaire stopped ({e})")))?;
        // Esc or q: nothing is written.
        let Some(picked) = picked else {
            return Err(engagekit::Error::Usage(
                "the questionnaire was cancelled; nothing was written".into(),
            ));
        };
        let a = &q.answers[picked];
        out.push(AssessAnswer::new(q, a));
    }
    Ok(out)
}
