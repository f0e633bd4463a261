//! `engagekit next FILE`: appends iteration N+1 to a YAML engagement file,
//! from iteration N's ensure phase. Goals not achieved, partially achieved
//! or not reported are carried over (same ids, with their history), the
//! next steps become the proposed scope, the last maturity the starting
//! point of the new assessment; the dates are left for the consultant.
//!
//! The file's text is edited, never re-serialised: the new iteration's
//! lines are inserted after the last iteration's, and every other byte
//! (comments, order, anchors, quoting) stays as it was. The result is
//! parsed and validated before it is written (atomically), so a failing
//! `next` leaves the file untouched.

use std::path::Path;

use super::quoted;
use crate::error::{Diagnostic, Error, Result};
use crate::fsx;
use crate::load::{self, Format};
use crate::location::Location;
use crate::model::raw::{Node, NodeKind};
use crate::model::{Engagement, GoalHistory, Iteration, Status};

/// What `next` carried over.
#[derive(Debug, Clone, PartialEq)]
pub struct NextReport {
    /// The new iteration's number.
    pub number: u32,
    /// The maturity level carried as the starting point.
    pub maturity: Option<String>,
    /// The goals carried over: id, title and their status in the last iteration.
    pub goals: Vec<(String, String, Status)>,
    /// The next steps that became the proposed scope.
    pub scope: Vec<String>,
    /// The text inserted into the file.
    pub inserted: String,
}

/// Appends the next iteration to the engagement file at `path`.
pub fn next(path: &Path) -> Result<NextReport> {
    if Format::of(path)? == Format::Excel {
        return Err(Error::Unsupported(format!(
            "`next` does not edit workbooks yet (`{}`): convert it to YAML (`engagekit convert`), run `next` on that, and convert back",
            path.display()
        )));
    }
    let text = fsx::read_to_string(path)?;
    let (engagement, _) = load::load_engagement(path)?;
    let (new_text, report) = append_next(path, &text, &engagement)?;
    fsx::write_bytes_atomic(path, new_text.as_bytes())?;
    Ok(report)
}

/// The file's text with the next iteration appended, and what was carried;
/// `text` is the file at `path` and `engagement` its validated engagement.
pub fn append_next(
    path: &Path,
    text: &str,
    engagement: &Engagement,
) -> Result<(String, NextReport)> {
    let last = engagement
        .iterations
        .last()
        .ok_or_else(|| refuse(path, "the engagement has no iteration".into(), None))?;
    let Some(ensure) = &last.ensure else {
        return Err(refuse(
            path,
            format!(
                "iteration {} has no ensure phase yet, so there is nothing to start iteration {} from",
                last.number,
                last.number + 1
            ),
            Some(format!(
                "add iteration {}'s `ensure` (its date, a result for each committed goal, the next steps), then run `next` again",
                last.number
            )),
        ));
    };
    let maturity = last
        .assess
        .as_ref()
        .map(|a| a.maturity.id.clone())
        .or_else(|| {
            last.carried
                .as_ref()
                .and_then(|c| c.maturity.as_ref().map(|m| m.id.clone()))
        });
    let mut goals = Vec::new();
    let mut carried_text = String::new();
    for g in last.commit.iter().flat_map(|c| &c.goals) {
        if g.result.status == Status::Achieved {
            continue;
        }
        goals.push((g.id.clone(), g.title.clone(), g.result.status));
        let mut history = earlier_history(last, &g.id);
        history.push(GoalHistory {
            iteration: last.number,
            status: g.result.status,
            status_label: g.result.status.label(),
            evidence: g.result.evidence.clone(),
            notes: g.result.notes.clone(),
        });
        carried_text.push_str(&format!("      - id: {}\n", quoted(&g.id)));
        carried_text.push_str(&format!("        title: {}\n", quoted(&g.title)));
        if let Some(d) = &g.description {
            carried_text.push_str(&format!("        description: {}\n", quoted(d)));
        }
        if !g.success_criteria.is_empty() {
            carried_text.push_str("        success_criteria:\n");
            for c in &g.success_criteria {
                carried_text.push_str(&format!("          - {}\n", quoted(c)));
            }
        }
        if let Some(o) = &g.owner {
            carried_text.push_str(&format!("        owner: {}\n", quoted(o)));
        }
        carried_text.push_str("        history:\n");
        for h in &history {
            carried_text.push_str(&format!("          - iteration: {}\n", h.iteration));
            carried_text.push_str(&format!("            status: {}\n", h.status.id()));
            if let Some(e) = &h.evidence {
                carried_text.push_str(&format!("            evidence: {}\n", quoted(e)));
            }
            if let Some(n) = &h.notes {
                carried_text.push_str(&format!("            notes: {}\n", quoted(n)));
            }
        }
    }
    let scope: Vec<String> = ensure.next_steps.iter().map(|s| s.action.clone()).collect();

    let from = last.number;
    let number = from + 1;
    let date = ensure.date.strftime("%Y-%m-%d");
    let ids: Vec<&str> = goals.iter().map(|g| g.0.as_str()).collect();
    let mut block = format!(
        "- number: {number}\n  # Started by `engagekit next` from iteration {from} (ensure {date}). The dates are yours to fill in.\n  # title: What this iteration delivers\n  carried:                   # what iteration {from} did not reach: this iteration's starting point\n    from: {from}\n"
    );
    if let Some(m) = &maturity {
        block.push_str(&format!(
            "    maturity: {m}   # iteration {from}'s level: assess again, it may have changed\n"
        ));
    }
    if !carried_text.is_empty() {
        block.push_str(
            "    goals:                   # not achieved: commit them again with the same id, or leave them out\n",
        );
        block.push_str(&carried_text);
    }
    if !scope.is_empty() {
        block.push_str(&format!(
            "    scope:                   # iteration {from}'s next steps: the proposed scope\n"
        ));
        for s in &scope {
            block.push_str(&format!("      - {}\n", quoted(s)));
        }
    }
    block.push_str(&format!(
        "  # assess:                  # uncomment and fill in the date\n  #   date: YYYY-MM-DD\n  #   maturity: {}\n",
        maturity.as_deref().unwrap_or("cloud-affine")
    ));
    block.push_str("  # commit:\n  #   date: YYYY-MM-DD\n");
    if !ids.is_empty() {
        block.push_str(&format!(
            "  #   goals:                 # the carried goals keep their ids: {}\n",
            ids.join(", ")
        ));
    }

    let root = load::yaml::parse(path, text)?;
    let (at, indent) = insertion_point(path, text, &root)?;
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let pad = " ".repeat(indent);
    let mut inserted = String::new();
    if at > 0 && !text[..at].ends_with('\n') {
        inserted.push_str(eol);
    }
    inserted.push_str(eol);
    for line in block.lines() {
        inserted.push_str(&pad);
        inserted.push_str(line);
        inserted.push_str(eol);
    }
    let new_text = format!("{}{inserted}{}", &text[..at], &text[at..]);

    // The edit must give a valid engagement with one iteration more.
    let node = load::yaml::parse(path, &new_text)?;
    match crate::validate::validate(&node) {
        Ok((e, _)) if e.iterations.len() == engagement.iterations.len() + 1 => {}
        Ok(_) => {
            return Err(refuse(
                path,
                "the new iteration did not land in the `iterations` list; add it by hand".into(),
                None,
            ));
        }
        Err(d) => return Err(Error::Invalid(d)),
    }
    Ok((
        new_text,
        NextReport {
            number,
            maturity,
            goals,
            scope,
            inserted,
        },
    ))
}

/// A goal's history before `it`: what `it` carried for the same id.
fn earlier_history(it: &Iteration, id: &str) -> Vec<GoalHistory> {
    it.carried
        .iter()
        .flat_map(|c| &c.goals)
        .find(|g| g.id == id)
        .map(|g| g.history.clone())
        .unwrap_or_default()
}

fn refuse(path: &Path, message: String, hint: Option<String>) -> Error {
    Diagnostic::error(Location::file(path), message)
        .with_hint_opt(hint)
        .into()
}

fn line_col(loc: &Location) -> Option<(usize, usize)> {
    match loc {
        Location::Yaml { line, column, .. } => Some((*line, *column)),
        _ => None,
    }
}

/// Where the new iteration goes (a byte offset: the start of the line after
/// the last iteration's last line) and the column of the iterations' `-`.
fn insertion_point(path: &Path, text: &str, root: &Node) -> Result<(usize, usize)> {
    let cannot = |why: &str| {
        refuse(
            path,
            format!("`next` cannot add the iteration to this file ({why})"),
            Some("add the iteration by hand, or write `iterations:` as a block list (`- number: 1` lines)".into()),
        )
    };
    let NodeKind::Map(entries) = &root.kind else {
        return Err(cannot("the file is not a mapping"));
    };
    let pos = entries
        .iter()
        .position(|(k, _)| k.name == "iterations")
        .ok_or_else(|| cannot("no `iterations`"))?;
    let (key, list) = &entries[pos];
    let NodeKind::Seq(items) = &list.kind else {
        return Err(cannot("`iterations` is not a list"));
    };
    let last = items
        .last()
        .ok_or_else(|| cannot("`iterations` is empty"))?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (key_line, key_col) = line_col(&key.loc).ok_or_else(|| cannot("no position"))?;
    let after_key = lines
        .get(key_line - 1)
        .map_or("", |l| l.get(key_col - 1..).unwrap_or(""));
    if after_key.contains('[') {
        return Err(cannot("`iterations` is a flow list `[...]`"));
    }
    // The column of the last item's `-`: on its line, before its content.
    let (item_line, item_col) = line_col(&last.loc).ok_or_else(|| cannot("no position"))?;
    let line = lines.get(item_line - 1).copied().unwrap_or("");
    let before = line.get(..item_col - 1).unwrap_or("");
    let dash = before
        .rfind('-')
        .filter(|&i| before[..i].trim().is_empty())
        .ok_or_else(|| cannot("the last iteration does not start with `- `"))?;
    // The iterations end before the next top-level key, or at the end;
    // blank lines and top-level comments just before that key are its own.
    let end_line = entries
        .get(pos + 1)
        .and_then(|(k, _)| line_col(&k.loc))
        .map_or(lines.len(), |(l, _)| l - 1);
    let mut last_line = end_line.max(item_line);
    while last_line > item_line {
        let l = lines[last_line - 1];
        let t = l.trim_start();
        let indent = l.len() - t.len();
        if t.trim().is_empty() || (t.starts_with('#') && indent < key_col) {
            last_line -= 1;
        } else {
            break;
        }
    }
    let at: usize = lines[..last_line].iter().map(|l| l.len()).sum();
    Ok((at, dash))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "e.yaml";

    fn run(text: &str) -> Result<(String, NextReport)> {
        let node = load::yaml::parse(Path::new(PATH), text).unwrap();
        let (e, _) = crate::validate::validate(&node).unwrap();
        append_next(Path::new(PATH), text, &e)
    }

    const ONE: &str = "# my notes\nid: X-1   # keep me\ncurrency: EUR\ncustomer: {name: C}\nprovider:\n  name: &p P\niterations:\n  - number: 1\n    assess: {date: 2026-01-01, maturity: cloud-affine}\n    commit:\n      date: 2026-01-02\n      engagement_type: mcw\n      objective: O\n      goals:\n        - {id: G1, title: One}\n        - {id: G2, title: Two, success_criteria: [s]}\n        - {id: G3, title: Three}\n      effort: {days: 1, day_rate: 1}\n    ensure:\n      date: 2026-01-03\n      results:\n        - {goal: G1, status: achieved}\n        - {goal: G2, status: partially-achieved, evidence: half}\n      next_steps:\n        - action: Do more\n";

    #[test]
    fn carries_open_goals_and_keeps_every_byte() {
        let (new, report) = run(ONE).unwrap();
        assert_eq!(new.replacen(&report.inserted, "", 1), ONE);
        assert!(new.starts_with(ONE));
        assert_eq!(report.number, 2);
        let ids: Vec<_> = report.goals.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(ids, ["G2", "G3"]);
        assert_eq!(report.goals[1].2, Status::NotReported);
        assert_eq!(report.scope, ["Do more"]);
        let node = load::yaml::parse(Path::new(PATH), &new).unwrap();
        let (e, _) = crate::validate::validate(&node).unwrap();
        let c = e.iterations[1].carried.as_ref().unwrap();
        assert_eq!(c.from, 1);
        assert_eq!(c.maturity.as_ref().unwrap().id, "cloud-affine");
        assert_eq!(c.goals[0].history[0].evidence.as_deref(), Some("half"));
        assert_eq!(c.goals[1].history[0].status, Status::NotReported);
    }

    #[test]
    fn inserts_before_a_later_top_level_key_and_its_comment() {
        let text = ONE
            .replace("iterations:", "catalog: {}\niterations:")
            .replace(
                "        - action: Do more\n",
                "        - action: Do more\n\n# the catalog\ntitle: T\n",
            );
        let (new, report) = run(&text).unwrap();
        assert_eq!(new.replacen(&report.inserted, "", 1), text);
        assert!(new.ends_with("\n# the catalog\ntitle: T\n"), "{new}");
    }

    #[test]
    fn history_grows_over_iterations() {
        let (two, _) = run(ONE).unwrap();
        let two = two
            .replace("  # assess:                  # uncomment and fill in the date\n    #   date: YYYY-MM-DD\n    #   maturity: cloud-affine\n", "  assess: {date: 2026-02-01, maturity: cloud-is-an-option}\n    commit: {date: 2026-02-02, engagement_type: mcw, objective: O, goals: [{id: G2, title: Two}], effort: {days: 1, day_rate: 1}}\n    ensure: {date: 2026-02-03, results: [{goal: G2, status: not-achieved}]}\n");
        let (three, report) = run(&two).unwrap();
        assert_eq!(report.number, 3);
        let node = load::yaml::parse(Path::new(PATH), &three).unwrap();
        let (e, _) = crate::validate::validate(&node).unwrap();
        // Committed again in iteration 2, G2 is marked as carried, with its history.
        let again = &e.iterations[1].commit.as_ref().unwrap().goals[0];
        assert!(again.carried);
        assert_eq!(again.history[0].status, Status::PartiallyAchieved);
        let g = &e.iterations[2].carried.as_ref().unwrap().goals[0];
        let h: Vec<_> = g.history.iter().map(|h| (h.iteration, h.status)).collect();
        assert_eq!(
            h,
            [(1, Status::PartiallyAchieved), (2, Status::NotAchieved)]
        );
        assert_eq!(
            e.iterations[2]
                .carried
                .as_ref()
                .unwrap()
                .maturity
                .as_ref()
                .unwrap()
                .id,
            "cloud-is-an-option"
        );
    }

    #[test]
    fn refuses_without_ensure() {
        let text = ONE.split("    ensure:").next().unwrap().to_string();
        let err = run(&text).unwrap_err();
        assert!(
            err.to_string().contains("no ensure phase yet")
                || format!("{:?}", err).contains("no ensure phase yet"),
            "{err:?}"
        );
    }

    #[test]
    fn refuses_a_flow_list() {
        let text = "id: X\ncurrency: EUR\ncustomer: {name: C}\nprovider: {name: P}\niterations: [{number: 1, assess: {date: 2026-01-01, maturity: cloud-affine}, commit: {date: 2026-01-02, engagement_type: mcw, objective: O, goals: [{id: G1, title: T}], effort: {days: 1, day_rate: 1}}, ensure: {date: 2026-01-03}}]\n";
        let err = run(text).unwrap_err();
        assert!(format!("{err:?}").contains("flow list"), "{err:?}");
    }

    #[test]
    fn keeps_crlf_and_a_missing_final_newline() {
        let text = ONE.trim_end().replace('\n', "\r\n");
        let (new, report) = run(&text).unwrap();
        assert!(new.starts_with(&text));
        assert!(!report.inserted.replace("\r\n", "").contains('\n'));
    }
}
