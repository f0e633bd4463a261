//! `batch --pdf`: each report's PDF beside it, through LibreOffice, also
//! after a shard merge; a plain message and nothing written without it.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::*;
use crate::tools::tool;

/// Three engagements ensured in 2026-Q3: the sample under three ids.
fn portfolio(case: &Case) {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/contoso.yaml"),
    )
    .unwrap();
    for id in ["A-1", "B-2", "C-3"] {
        case.file(
            &format!("p/{id}.yaml"),
            &text.replace("id: CONTOSO-2026-01", &format!("id: {id}")),
        );
    }
}

fn docx_and_pdfs(zip: &std::path::Path) -> (Vec<String>, Vec<String>) {
    let entries = unzip(zip);
    let reports = |ext: &str| -> Vec<String> {
        entries
            .keys()
            .filter(|n| n.ends_with(ext) && n.contains("proof-of-execution"))
            .map(|n| n.trim_end_matches(ext).to_string())
            .collect()
    };
    for (name, bytes) in &entries {
        if name.ends_with(".pdf") {
            assert!(bytes.starts_with(b"%PDF"), "{name} is not a PDF");
        }
    }
    (reports(".docx"), reports(".pdf"))
}

#[test]
fn every_report_gets_its_pdf_also_after_a_merge() {
    if tool("soffice").is_none() {
        return;
    }
    let case = Case::new();
    portfolio(&case);
    let run = case.run(&[
        "batch",
        "p",
        "--quarter",
        "2026-Q3",
        "-o",
        "all",
        "--pdf",
        "--jobs",
        "2",
    ]);
    let (docx, pdfs) = docx_and_pdfs(&case.path(run.ok().stdout.trim()));
    assert_eq!(docx.len(), 3);
    assert_eq!(pdfs, docx, "a PDF beside each report, of the same name");

    for shard in ["1/2", "2/2"] {
        let args = [
            "batch",
            "p",
            "--quarter",
            "2026-Q3",
            "-o",
            "shards",
            "--pdf",
            "--shard",
            shard,
        ];
        case.run(&args).ok();
    }
    let shards: Vec<String> = case
        .listing("shards")
        .into_iter()
        .map(|n| format!("shards/{n}"))
        .collect();
    let mut args = vec!["batch", "merge", "-o", "merged"];
    args.extend(shards.iter().map(String::as_str));
    let merged = case.run(&args);
    let (docx, pdfs) = docx_and_pdfs(&case.path(merged.ok().stdout.trim()));
    assert_eq!(docx.len(), 3);
    assert_eq!(pdfs, docx, "the merge keeps each report's PDF");
}

#[test]
fn without_libreoffice_nothing_is_written() {
    let case = Case::new();
    portfolio(&case);
    let out = Command::new(env!("CARGO_BIN_EXE_engagekit"))
        .args(["batch", "p", "--quarter", "2026-Q3", "-o", "out", "--pdf"])
        .current_dir(case.path("."))
        .env("ENGAGEKIT_SOFFICE", "/nonexistent/soffice")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("LibreOffice is not installed"), "{stderr}");
    assert!(!case.path("out").exists(), "nothing is written");
}
