//! Writes the questionnaire's result into the text of the engagement file:
//! the current iteration's `assess` entry is inserted (before its `commit`,
//! `deliver` or `ensure`, or at its end) or, with `force`, replaces the lines
//! of the old one; every other byte stays as it was.

use std::path::Path;

use super::super::quoted;
use super::{AssessOptions, AssessReport, Outcome};
use crate::error::{Diagnostic, Error, Result};
use crate::load;
use crate::location::Location;
use crate::model::Engagement;
use crate::model::raw::{Node, NodeKind};

/// The file's text with `outcome` as its last iteration's `assess`; `text`
/// is the file at `path` and `engagement` its validated engagement.
pub fn write_assess(
    path: &Path,
    text: &str,
    engagement: &Engagement,
    outcome: &Outcome,
    options: &AssessOptions,
) -> Result<(String, AssessReport)> {
    let cannot = |why: &str| -> Error {
        Diagnostic::error(
            Location::file(path),
            format!("`assess` cannot write into this file ({why})"),
        )
        .with_hint(
            "write the last iteration as a block mapping (`- number: 1` and one field a line)",
        )
        .into()
    };
    let last = engagement
        .iterations
        .last()
        .ok_or_else(|| cannot("the engagement has no iteration"))?;
    let root = load::yaml::parse(path, text)?;
    let item = root
        .get("iterations")
        .and_then(|n| match &n.kind {
            NodeKind::Seq(items) => items.last(),
            _ => None,
        })
        .ok_or_else(|| cannot("no `iterations` list"))?;
    let NodeKind::Map(entries) = &item.kind else {
        return Err(cannot("the last iteration is not a mapping"));
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at_loc = |n: &Location| match n {
        Location::Yaml { line, column, .. } => Some((*line, *column)),
        _ => None,
    };
    let (first_line, key_col) = entries
        .first()
        .and_then(|(k, _)| at_loc(&k.loc))
        .ok_or_else(|| cannot("no position"))?;
    let line_of = |l: usize| lines.get(l - 1).copied().unwrap_or("");
    if line_of(first_line)[..key_col - 1].contains('{') {
        return Err(cannot("the last iteration is a flow mapping `{...}`"));
    }
    // The iteration ends before the next top-level key, or at the end.
    let end_line = root_next_key_line(&root).map_or(lines.len(), |l| l - 1);
    let is_trailing = |l: &str| {
        let t = l.trim_start();
        t.trim().is_empty() || (t.starts_with('#') && l.len() - t.len() < key_col - 1)
    };
    let trim = |mut last: usize, floor: usize, also_own: bool| {
        while last > floor {
            let l = lines[last - 1];
            let t = l.trim_start();
            let own_comment = also_own && t.starts_with('#') && l.len() - t.len() < key_col;
            if is_trailing(l) || own_comment {
                last -= 1;
            } else {
                break;
            }
        }
        last
    };
    let offset = |line: usize| -> usize { lines[..line - 1].iter().map(|l| l.len()).sum() };

    let existing = entries.iter().position(|(k, _)| k.name == "assess");
    // (start byte, end byte, prefix kept on the first line)
    let (start, end, first_prefix) = if let Some(i) = existing {
        if !options.force {
            let loc = entries[i].0.loc.clone();
            return Err(Diagnostic::error(
                loc,
                format!(
                    "iteration {} already has an `assess`; it was left as it was",
                    last.number
                ),
            )
            .with_hint("pass `--force` to replace it")
            .into());
        }
        let (line, col) = at_loc(&entries[i].0.loc).ok_or_else(|| cannot("no position"))?;
        let next_line = entries
            .get(i + 1)
            .and_then(|(k, _)| at_loc(&k.loc))
            .map(|(l, _)| l - 1);
        let last_line = match next_line {
            Some(l) => trim(l, line, true),
            None => trim(end_line, line, false),
        };
        let prefix = &line_of(line)[..col - 1];
        let start = offset(line);
        let end = offset(last_line) + lines[last_line - 1].len();
        (start, end, prefix.to_string())
    } else {
        let before = entries
            .iter()
            .filter(|(k, _)| matches!(k.name.as_str(), "commit" | "deliver" | "ensure"))
            .filter_map(|(k, _)| at_loc(&k.loc))
            .find(|(l, c)| line_of(*l)[..c - 1].trim().is_empty());
        let at = match before {
            Some((l, _)) => offset(l),
            None => {
                let last_line = trim(end_line, first_line, false);
                offset(last_line) + lines[last_line - 1].len()
            }
        };
        (at, at, " ".repeat(key_col - 1))
    };

    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let pad = " ".repeat(key_col - 1);
    let mut block = String::new();
    if start > 0 && !text[..start].ends_with('\n') {
        block.push_str(eol);
    }
    for (i, line) in assess_block(outcome, options).lines().enumerate() {
        block.push_str(if i == 0 { &first_prefix } else { &pad });
        block.push_str(line);
        block.push_str(eol);
    }
    let new_text = format!("{}{block}{}", &text[..start], &text[end..]);

    // The edit must give a valid engagement whose last iteration has this assess.
    let node = load::yaml::parse(path, &new_text)?;
    match crate::validate::validate(&node) {
        Ok((e, _))
            if e.iterations.len() == engagement.iterations.len()
                && e.iterations
                    .last()
                    .and_then(|it| it.assess.as_ref())
                    .is_some_and(|a| {
                        a.maturity.id == outcome.maturity && a.answers == outcome.answers
                    }) => {}
        Ok(_) => return Err(cannot("the assess did not land in the last iteration")),
        Err(d) => return Err(Error::Invalid(d)),
    }
    Ok((
        new_text,
        AssessReport {
            iteration: last.number,
            outcome: outcome.clone(),
            replaced: existing.is_some(),
        },
    ))
}

/// The refusal to replace iteration `number`'s `assess` (at `loc`) without `--force`.
pub(super) fn exists(loc: Location, number: u32) -> Error {
    Diagnostic::error(
        loc,
        format!("iteration {number} already has an `assess`; it was left as it was"),
    )
    .with_hint("pass `--force` to replace it")
    .into()
}

/// The line of the top-level key after `iterations`.
fn root_next_key_line(root: &Node) -> Option<usize> {
    let NodeKind::Map(entries) = &root.kind else {
        return None;
    };
    let pos = entries.iter().position(|(k, _)| k.name == "iterations")?;
    match &entries.get(pos + 1)?.0.loc {
        Location::Yaml { line, .. } => Some(*line),
        _ => None,
    }
}

/// An id as a YAML key or value: plain when it cannot read as anything but
/// text, quoted otherwise.
fn id(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !matches!(
            s,
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain { s.to_string() } else { quoted(s) }
}

/// The `assess:` entry, unindented.
fn assess_block(o: &Outcome, options: &AssessOptions) -> String {
    let date = options.date.strftime("%Y-%m-%d");
    let mut b = format!(
        "assess:                      # written by `engagekit assess`\n  date: {date}\n  maturity: {}\n  reasoning: {}\n",
        id(&o.maturity),
        quoted(&o.reasoning)
    );
    if !o.findings.is_empty() {
        b.push_str("  findings:\n");
        for f in &o.findings {
            b.push_str(&format!("    - {}\n", quoted(f)));
        }
    }
    b.push_str("  answers:                   # question id: answer id\n");
    for a in &o.answers {
        b.push_str(&format!("    {}: {}\n", id(&a.question), id(&a.answer)));
    }
    b.push_str("  scores:                    # per dimension, recomputed from the answers\n");
    for s in &o.scores {
        b.push_str(&format!(
            "    {}: {}   # of {}\n",
            id(&s.dimension),
            s.score,
            s.max
        ));
    }
    b
}

#[cfg(test)]
mod tests {
    use super::super::{read_answers, score};
    use super::*;

    const PATH: &str = "e.yaml";

    const ONE: &str = "# my notes\nid: X-1   # keep me\ncurrency: EUR\ncustomer: {name: C}\nprovider:\n  name: &p P\niterations:\n  - number: 1   # first\n    # assess: commented\n    commit:\n      date: 2026-01-02\n      engagement_type: mcw\n      objective: O\n      goals: [{id: G1, title: One}]\n      effort: {days: 1, day_rate: 1}\n\n# the end\ntitle: T\n";

    fn outcome(pick: usize) -> Outcome {
        let c = crate::model::Catalog::builtin();
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.yaml");
        let text: String = c
            .questions
            .iter()
            .map(|q| format!("{}: {}\n", q.id, q.answers[pick].id))
            .collect();
        std::fs::write(&f, text).unwrap();
        score(&c, read_answers(&f, &c).unwrap())
    }

    fn run(text: &str, o: &Outcome, force: bool) -> Result<(String, AssessReport)> {
        let node = load::yaml::parse(Path::new(PATH), text).unwrap();
        let (e, _) = crate::validate::validate(&node).unwrap();
        let options = AssessOptions {
            date: jiff::civil::date(2026, 1, 1),
            force,
        };
        write_assess(Path::new(PATH), text, &e, o, &options)
    }

    fn assess_of(text: &str) -> crate::model::Assess {
        let node = load::yaml::parse(Path::new(PATH), text).unwrap();
        let (e, _) = crate::validate::validate(&node).unwrap();
        e.iterations.last().unwrap().assess.clone().unwrap()
    }

    #[test]
    fn inserts_before_commit_and_keeps_every_other_byte() {
        let o = outcome(1);
        let (new, report) = run(ONE, &o, false).unwrap();
        assert!(!report.replaced);
        let at = new.find("    assess:").unwrap();
        assert_eq!(&new[..at], &ONE[..ONE.find("    commit:").unwrap()]);
        assert!(new.ends_with(&ONE[ONE.find("    commit:").unwrap()..]));
        let a = assess_of(&new);
        assert_eq!(a.maturity.id, "cloud-is-an-option");
        assert_eq!(a.scores.len(), 5);
        assert_eq!(a.answers.len(), o.answers.len());
    }

    #[test]
    fn appends_to_an_iteration_without_phases() {
        let text = ONE.replace(
            "    commit:\n      date: 2026-01-02\n      engagement_type: mcw\n      objective: O\n      goals: [{id: G1, title: One}]\n      effort: {days: 1, day_rate: 1}\n",
            "",
        );
        let (new, _) = run(&text, &outcome(0), false).unwrap();
        assert!(new.ends_with("\n\n# the end\ntitle: T\n"), "{new}");
        assert!(new.starts_with(&text[..text.find("\n\n# the end").unwrap() + 1]));
        assert_eq!(assess_of(&new).maturity.id, "cloud-affine");
    }

    #[test]
    fn refuses_to_replace_without_force_then_replaces_only_the_assess() {
        let (once, _) = run(ONE, &outcome(0), false).unwrap();
        let err = run(&once, &outcome(3), false).unwrap_err();
        assert!(format!("{err:?}").contains("--force"), "{err:?}");
        let (twice, report) = run(&once, &outcome(3), true).unwrap();
        assert!(report.replaced);
        assert_eq!(assess_of(&twice).maturity.id, "cloud-is-in-use");
        // Replaced again with the first outcome, the file is the first result.
        let (back, _) = run(&twice, &outcome(0), true).unwrap();
        assert_eq!(back, once);
    }

    #[test]
    fn replaces_a_flow_assess_on_the_dash_line() {
        let text = ONE.replace(
            "  - number: 1   # first\n",
            "  - assess: {date: 2026-01-01, maturity: cloud-affine}\n    number: 1\n",
        );
        let (new, _) = run(&text, &outcome(2), true).unwrap();
        assert!(new.contains("  - assess:"), "{new}");
        assert_eq!(assess_of(&new).maturity.id, "cloud-is-a-solution");
    }

    #[test]
    fn refuses_a_flow_iteration() {
        let text = "id: X\ncurrency: EUR\ncustomer: {name: C}\nprovider: {name: P}\niterations:\n  - {number: 1}\n";
        let err = run(text, &outcome(0), false).unwrap_err();
        assert!(format!("{err:?}").contains("flow mapping"), "{err:?}");
    }
}
