//! `engagekit assess FILE --answers answers.yaml`: scores the maturity
//! questionnaire of the catalog ([`crate::model::questionnaire`]) and writes
//! the result into the current (last) iteration's `assess`.
//!
//! The answers score per dimension; the total, as a share of the highest
//! possible, picks one of the catalog's maturity levels (in their order, from
//! least to most mature, in equal steps); the level's engagement types are the
//! recommendation. The reasoning and the findings are written from the answers.
//! The file's text is edited as `next` does it ([`edit`]): every other byte
//! stays, the result is validated, then written atomically.

mod edit;

use std::path::Path;

use jiff::civil::Date;

use crate::error::{Error, Result};
use crate::fsx;
use crate::load::{self, Format};
use crate::location::Location;
use crate::model::questionnaire::{dimension_label, dimension_scores};
use crate::model::{AssessAnswer, Catalog, DimensionScore, Engagement};

pub use edit::write_assess;

/// How `assess` writes.
#[derive(Debug, Clone)]
pub struct AssessOptions {
    /// The assess date.
    pub date: Date,
    /// Replace an existing `assess` of the current iteration.
    pub force: bool,
}

/// The questionnaire's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The maturity level id.
    pub maturity: String,
    pub reasoning: String,
    pub findings: Vec<String>,
    pub answers: Vec<AssessAnswer>,
    pub scores: Vec<DimensionScore>,
    /// The recommended engagement type ids.
    pub recommended: Vec<String>,
}

/// What `assess` wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessReport {
    /// The iteration assessed.
    pub iteration: u32,
    pub outcome: Outcome,
    /// An earlier `assess` was replaced (`--force`).
    pub replaced: bool,
}

/// Scores the answers file `answers` and writes the result into the
/// engagement file at `path`.
pub fn assess(path: &Path, answers: &Path, options: &AssessOptions) -> Result<AssessReport> {
    let engagement = open(path, options)?;
    let answers = read_answers(answers, &engagement.catalog)?;
    assess_answered(path, answers, options)
}

/// The engagement at `path`, when `assess` can write into it: YAML, and
/// without an `assess` in its current iteration unless `options.force`
/// (checked before anyone answers questions).
pub fn open(path: &Path, options: &AssessOptions) -> Result<Engagement> {
    if Format::of(path)? == Format::Excel {
        return Err(Error::Unsupported(format!(
            "`assess` does not edit workbooks yet (`{}`): convert it to YAML (`engagekit convert`), run `assess` on that, and convert back",
            path.display()
        )));
    }
    let (engagement, _) = load::load_engagement(path)?;
    if let Some(it) = engagement.iterations.last()
        && it.assess.is_some()
        && !options.force
    {
        return Err(edit::exists(Location::file(path), it.number));
    }
    Ok(engagement)
}

/// Scores `answers` (checked against the engagement's catalog, e.g. asked
/// in a terminal) and writes the result into the engagement file at `path`.
pub fn assess_answered(
    path: &Path,
    answers: Vec<AssessAnswer>,
    options: &AssessOptions,
) -> Result<AssessReport> {
    let text = fsx::read_to_string(path)?;
    let (engagement, _) = load::load_engagement(path)?;
    let outcome = score(&engagement.catalog, answers);
    let (new_text, report) = write_assess(path, &text, &engagement, &outcome, options)?;
    fsx::write_bytes_atomic(path, new_text.as_bytes())?;
    Ok(report)
}

/// The answers file at `path`, checked against `catalog`: every problem at once.
pub fn read_answers(path: &Path, catalog: &Catalog) -> Result<Vec<AssessAnswer>> {
    let text = fsx::read_to_string(path)?;
    let root = load::yaml::parse(path, &text)?;
    crate::validate::answers_file(&root, catalog).map_err(Error::Invalid)
}

/// The level, reasoning and findings of `answers` (checked against `catalog`).
pub fn score(catalog: &Catalog, answers: Vec<AssessAnswer>) -> Outcome {
    let scores = dimension_scores(&answers);
    let total: u32 = scores.iter().map(|s| s.score).sum();
    let max: u32 = scores.iter().map(|s| s.max).sum();
    let levels = &catalog.maturity_levels;
    // Equal steps: with four levels, below 25 % is the first, 75 % and more the last.
    let index = if max == 0 {
        0
    } else {
        ((total as usize * levels.len()) / max as usize).min(levels.len() - 1)
    };
    let level = &levels[index];
    let share = (total * 100).checked_div(max).unwrap_or(0);

    let mut reasoning = format!(
        "The answers score {total} of {max} ({share} %), which places the customer at \"{}\".",
        level.label
    );
    let cite = |s: &DimensionScore| {
        let said: Vec<&str> = answers
            .iter()
            .filter(|a| a.dimension == s.dimension)
            .map(|a| a.answer_text.as_str())
            .collect();
        format!(
            "{} ({} of {}): {}",
            s.label,
            s.score,
            s.max,
            said.join("; ")
        )
    };
    let ratio = |s: &&DimensionScore| (s.score * 1000).checked_div(s.max).unwrap_or(0);
    // The first of equals wins, so the text does not depend on sort stability.
    let strongest = scores.iter().rev().max_by_key(ratio);
    let weakest = scores.iter().min_by_key(ratio);
    if let (Some(hi), Some(lo)) = (strongest, weakest)
        && hi.dimension != lo.dimension
    {
        reasoning.push_str(&format!(" Strongest: {}. Weakest: {}.", cite(hi), cite(lo)));
    }
    // An answer in the lowest third of its question's scale is a gap to name.
    let findings = answers
        .iter()
        .filter(|a| a.score * 3 < a.max.max(1))
        .map(|a| {
            format!(
                "{}: {} {}.",
                dimension_label(&a.dimension),
                a.question_text,
                a.answer_text.trim_end_matches('.')
            )
        })
        .collect();
    Outcome {
        maturity: level.id.clone(),
        reasoning,
        findings,
        recommended: level.recommended.clone(),
        answers,
        scores,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(catalog: &Catalog, pick: impl Fn(usize) -> usize) -> Vec<AssessAnswer> {
        catalog
            .questions
            .iter()
            .map(|q| {
                let a = &q.answers[pick(q.answers.len())];
                AssessAnswer::new(q, a)
            })
            .collect()
    }

    #[test]
    fn the_share_of_the_highest_score_picks_the_level() {
        let c = Catalog::builtin();
        let lowest = score(&c, answered(&c, |_| 0));
        assert_eq!(lowest.maturity, "cloud-affine");
        assert_eq!(lowest.recommended, ["mcw"]);
        assert_eq!(lowest.findings.len(), c.questions.len());
        let highest = score(&c, answered(&c, |n| n - 1));
        assert_eq!(highest.maturity, "cloud-is-in-use");
        assert!(highest.findings.is_empty());
        let second = score(&c, answered(&c, |_| 1));
        assert_eq!(second.maturity, "cloud-is-an-option");
        assert_eq!(second.scores.len(), 5);
        assert_eq!((second.scores[0].score, second.scores[0].max), (3, 9));
    }

    #[test]
    fn the_reasoning_cites_the_answers() {
        let c = Catalog::builtin();
        let mut answers = answered(&c, |_| 1);
        for a in answers.iter_mut().filter(|a| a.dimension == "governance") {
            a.score = 3;
            a.answer_text = format!("great {}", a.question);
        }
        let o = score(&c, answers);
        assert!(
            o.reasoning.contains(
                "Strongest: Governance (9 of 9): great identity; great policy; great cost."
            ),
            "{}",
            o.reasoning
        );
        assert!(
            o.reasoning.contains("Weakest: Strategy (3 of 9)"),
            "{}",
            o.reasoning
        );
    }
}
