//! `engagekit status FILE|DIR...`: where each engagement stands.

use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::batch::discover;
use engagekit::lifecycle::status::{EngagementStatus, status};

use super::{CmdResult, print};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Engagement files and folders (searched as `batch` searches them).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Count next steps as overdue relative to this date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<jiff::civil::Date>,
    /// `json` prints one JSON array for scripts (as the global `--json` does).
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let (files, missing) = discover(&args.inputs);
    print::failures(&missing);
    let mut failed = !missing.is_empty();
    let mut all: Vec<(PathBuf, EngagementStatus)> = Vec::new();
    for file in &files {
        let mut found = Vec::new();
        match engagekit::load::for_each_valid(file, |e| found.push(status(&e, today))) {
            Ok(_) => all.extend(found.into_iter().map(|s| (file.clone(), s))),
            Err(err) => {
                failed = true;
                print::error(&err);
            }
        }
    }
    // The global `--json` (diagnostics as JSON) asks for JSON here too.
    let format = if print::json() {
        Format::Json
    } else {
        args.format
    };
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = all
                .iter()
                .map(|(f, s)| {
                    let mut v = serde_json::to_value(s).expect("serializes");
                    v["file"] = f.display().to_string().into();
                    v
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).expect("serializes")
            );
        }
        Format::Text if all.len() == 1 => screen(&all[0].0, &all[0].1),
        Format::Text => table(&all),
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn screen(file: &std::path::Path, s: &EngagementStatus) {
    println!("{} ({}), {}", s.id, s.customer, file.display());
    println!("  iteration {}, phase: {}", s.iteration, s.phase);
    println!(
        "  goals achieved: {} of {}",
        s.goals_achieved, s.goals_committed
    );
    if s.overdue.is_empty() {
        println!("  overdue next steps: none");
    } else {
        println!("  overdue next steps:");
        for o in &s.overdue {
            let due = o.due.map(|d| d.to_string()).unwrap_or_default();
            let owner = o
                .owner
                .as_deref()
                .map(|w| format!(", {w}"))
                .unwrap_or_default();
            println!("    - {} (due {due}{owner})", o.action);
        }
    }
    if s.missing.is_empty() {
        println!(
            "  missing: nothing; the iteration is complete (`engagekit next` starts the next)"
        );
    } else {
        println!("  missing:");
        for m in &s.missing {
            println!("    - {m}");
        }
    }
}

fn table(all: &[(PathBuf, EngagementStatus)]) {
    let rows: Vec<[String; 6]> = all
        .iter()
        .map(|(_, s)| {
            [
                s.id.clone(),
                s.iteration.to_string(),
                s.phase.to_string(),
                format!("{}/{}", s.goals_achieved, s.goals_committed),
                s.overdue.len().to_string(),
                s.missing.first().cloned().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let head = [
        "engagement",
        "iteration",
        "phase",
        "goals",
        "overdue",
        "next missing",
    ];
    let mut widths = head.map(str::len);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                out.push_str(c);
            } else {
                out.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        println!("{}", out.trim_end());
    };
    line(&head.map(String::from));
    for r in &rows {
        line(r);
    }
}
