//! `engagekit bundle`: the sample engagement's documents, determinism,
//! overrides, safe names, atomicity, and validation by openxml-audit and LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::*;
use crate::tools::tool;

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/contoso.yaml")
}

fn bundle_sample(case: &Case, extra: &[&str]) -> PathBuf {
    let sample = sample();
    let mut args = vec!["bundle", sample.to_str().unwrap(), "-o", "out"];
    args.extend_from_slice(extra);
    let run = case.run(&args);
    run.ok();
    let zip = case.path(run.stdout.trim());
    assert!(
        zip.is_file(),
        "printed path {} is the zip",
        run.stdout.trim()
    );
    zip
}

/// Extracts a zip into `dir`; returns the extracted .docx paths in zip order.
fn extract(zip: &Path, dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let mut out = Vec::new();
    for (name, bytes) in unzip(zip) {
        let p = dir.join(&name);
        std::fs::write(&p, bytes).unwrap();
        if name.ends_with(".docx") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn sample_bundle_holds_every_document_with_the_engagements_facts() {
    let case = Case::new();
    let zip = bundle_sample(&case, &[]);
    assert_eq!(zip.file_name().unwrap(), "CONTOSO-2026-01-iteration-2.zip");
    let entries: Vec<String> = unzip(&zip).keys().cloned().collect();
    let (engagement, _) = engagekit::load::load_engagement(&sample()).unwrap();
    let it = engagement
        .iterations
        .iter()
        .find(|i| i.number == 2)
        .unwrap();
    let workshops = &it.deliver.as_ref().unwrap().workshops;
    // assessment + SOW + one per workshop + ensure report + manifest
    assert_eq!(entries.len(), 3 + workshops.len() + 1, "{entries:?}");
    assert!(entries.contains(&"manifest.json".to_string()));

    let docs = extract(&zip, &case.path("x"));
    let text_of = |needle: &str| -> String {
        let p = docs
            .iter()
            .find(|p| p.to_string_lossy().contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in {docs:?}"));
        let mut all = body_text(p);
        for (name, bytes) in unzip(p) {
            if name.starts_with("word/header") || name.starts_with("word/footer") {
                all.push('\n');
                all.push_str(&paragraphs(&String::from_utf8(bytes).unwrap()).join("\n"));
            }
        }
        all
    };
    let assess = text_of("assessment-summary");
    let a = it.assess.as_ref().unwrap();
    assert!(assess.contains(&a.maturity.label), "maturity label");
    for f in &a.findings {
        assert!(assess.contains(f.as_str()), "finding {f}");
    }

    let sow = text_of("statement-of-work");
    let commit = it.commit.as_ref().unwrap();
    assert!(sow.contains(&engagement.customer.name) && sow.contains(&engagement.provider.name));
    assert!(sow.contains(&commit.objective));
    for g in &commit.goals {
        assert!(sow.contains(&g.title), "goal {} in the SOW", g.title);
        for c in &g.success_criteria {
            assert!(sow.contains(c.as_str()), "criterion {c}");
        }
    }

    let report = text_of("proof-of-execution");
    for g in &commit.goals {
        assert!(
            report.contains(&g.title),
            "goal {} in the ensure report",
            g.title
        );
    }
    for status in ["Achieved", "Not achieved", "Not reported"] {
        assert!(
            report.contains(status),
            "status {status} in the ensure report:\n{report}"
        );
    }
    for step in &it.ensure.as_ref().unwrap().next_steps {
        assert!(report.contains(&step.action), "next step {}", step.action);
    }

    for w in workshops {
        let agenda = text_of(&format!("workshop-{}", w.id));
        assert!(agenda.contains(&w.title));
        for item in &w.agenda {
            assert!(agenda.contains(&item.topic), "agenda item {}", item.topic);
        }
    }

    // Every part of every document is well-formed XML.
    for d in &docs {
        for (name, bytes) in unzip(d) {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                assert_well_formed(&String::from_utf8(bytes).unwrap());
            }
        }
    }
}

#[test]
fn manifest_names_documents_hashes_and_sources() {
    let case = Case::new();
    let zip = bundle_sample(&case, &["--iteration", "1"]);
    assert_eq!(zip.file_name().unwrap(), "CONTOSO-2026-01-iteration-1.zip");
    let entries = unzip(&zip);
    let manifest: serde_json::Value = serde_json::from_slice(&entries["manifest.json"]).unwrap();
    assert_eq!(manifest["engagement"], "CONTOSO-2026-01");
    assert_eq!(manifest["iteration"], 1);
    assert_eq!(manifest["engagekit"], env!("CARGO_PKG_VERSION"));
    let source = std::fs::read(sample()).unwrap();
    assert_eq!(manifest["source"]["sha256"], sha256(&source));
    let docs = manifest["documents"].as_array().unwrap();
    assert_eq!(docs.len(), entries.len() - 1);
    for d in docs {
        let file = d["file"].as_str().unwrap();
        assert_eq!(
            d["sha256"].as_str().unwrap(),
            sha256(&entries[file]),
            "{file}"
        );
        assert!(d["template"].as_str().unwrap().starts_with("embedded:"));
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn same_input_gives_a_byte_identical_zip() {
    let case = Case::new();
    let first = std::fs::read(bundle_sample(&case, &[])).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = std::fs::read(bundle_sample(&case, &[])).unwrap();
    assert!(first == second, "two runs differ");

    // SOURCE_DATE_EPOCH sets every entry's time.
    let out = Command::new(env!("CARGO_BIN_EXE_engagekit"))
        .args(["bundle", sample().to_str().unwrap(), "-o"])
        .arg(case.path("epoch"))
        .env("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01T00:00:00Z
        .output()
        .unwrap();
    assert!(out.status.success());
    let zip = case.path("epoch/CONTOSO-2026-01-iteration-2.zip");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (2026, 1, 1),
            "{}",
            f.name().unwrap()
        );
    }
}

#[test]
fn templates_folder_overrides_by_file_name() {
    let case = Case::new();
    std::fs::copy(sample(), case.path("contoso.yaml")).unwrap();
    let custom = Docx::body(p(
        "Custom SOW for {{ customer.name }}: {% for g in iteration.commit.goals %}{{ g.id }} {% endfor %}",
    ));
    std::fs::create_dir_all(case.path("mine")).unwrap();
    case.docx("mine/sow.docx", &custom);
    let run = case.run(&["bundle", "contoso.yaml", "-o", "out", "--templates", "mine"]);
    run.ok();
    let zip = case.path(run.stdout.trim());
    let docs = extract(&zip, &case.path("x"));
    let sow = docs
        .iter()
        .find(|p| p.to_string_lossy().contains("statement-of-work"))
        .unwrap();
    assert_eq!(
        body_text(sow),
        "Custom SOW for Contoso Manufacturing GmbH: G1 G2 G3 "
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&unzip(&zip)["manifest.json"]).unwrap();
    let templates: Vec<&str> = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["template"].as_str().unwrap())
        .collect();
    assert!(
        templates.iter().any(|t| t.ends_with("mine/sow.docx")),
        "{templates:?}"
    );
    assert!(templates.iter().any(|t| t.starts_with("embedded:")));

    // A `templates/` folder beside the engagement file is picked up too.
    std::fs::create_dir_all(case.path("beside/templates")).unwrap();
    std::fs::copy(sample(), case.path("beside/contoso.yaml")).unwrap();
    case.docx("beside/templates/sow.docx", &custom);
    let run = case.run(&["bundle", "beside/contoso.yaml", "-o", "out2"]);
    run.ok();
    let docs = extract(&case.path(run.stdout.trim()), &case.path("y"));
    let sow = docs
        .iter()
        .find(|p| p.to_string_lossy().contains("statement-of-work"))
        .unwrap();
    assert!(body_text(sow).starts_with("Custom SOW"));
}

#[test]
fn names_from_data_are_safe() {
    let case = Case::new();
    let yaml = std::fs::read_to_string(sample()).unwrap();
    // A workshop title with path separators and an id with odd characters.
    let yaml = yaml.replacen(
        "title: ",
        "title: \"Müller & Söhne / Ost: ../../x\"\n    old_title: ",
        0,
    );
    let first_ws_title = yaml
        .find("    workshops:")
        .and_then(|i| yaml[i..].find("title: ").map(|j| i + j))
        .unwrap();
    let mut yaml = yaml;
    let end = yaml[first_ws_title..].find('\n').unwrap() + first_ws_title;
    yaml.replace_range(
        first_ws_title..end,
        "title: \"Müller & Söhne / Ost ../../x\"",
    );
    case.file("e.yaml", &yaml);
    let run = case.run(&["bundle", "e.yaml", "-o", "out", "--iteration", "1"]);
    run.ok();
    let zip = case.path(run.stdout.trim());
    for name in unzip(&zip).keys() {
        assert!(
            !name.contains('/') && !name.contains('\\') && !name.contains(".."),
            "unsafe entry {name}"
        );
        assert!(!name.contains(':'), "{name}");
    }
    assert!(
        unzip(&zip)
            .keys()
            .any(|n| n.contains("Müller & Söhne - Ost")),
        "{:?}",
        unzip(&zip).keys()
    );
}

#[test]
fn a_failing_template_leaves_the_previous_bundle_untouched() {
    let case = Case::new();
    std::fs::copy(sample(), case.path("contoso.yaml")).unwrap();
    let run = case.run(&["bundle", "contoso.yaml", "-o", "out"]);
    run.ok();
    let zip = case.path(run.stdout.trim());
    let before = std::fs::read(&zip).unwrap();
    std::fs::create_dir_all(case.path("bad")).unwrap();
    case.docx(
        "bad/ensure-report.docx",
        &Docx::body(p("{{ iteration.ensure.nonsense }}")),
    );
    let run = case.run(&["bundle", "contoso.yaml", "-o", "out", "--templates", "bad"]);
    run.fails(1)
        .stderr_has("ensure-report.docx")
        .stderr_has("nonsense");
    assert_eq!(std::fs::read(&zip).unwrap(), before);
    assert_eq!(
        case.listing("out"),
        ["CONTOSO-2026-01-iteration-2.zip"],
        "no temp files"
    );
}

#[test]
fn unknown_iteration_is_a_clear_error() {
    let case = Case::new();
    let sample = sample();
    case.run(&[
        "bundle",
        sample.to_str().unwrap(),
        "-o",
        "out",
        "--iteration",
        "7",
    ])
    .fails(1)
    .stderr_has("no iteration 7")
    .stderr_has("1, 2");
}

#[test]
fn every_sample_document_passes_openxml_audit_and_libreoffice() {
    let case = Case::new();
    let zip = bundle_sample(&case, &["--iteration", "1"]);
    let mut docs = extract(&zip, &case.path("it1"));
    let zip2 = bundle_sample(&case, &[]);
    docs.extend(extract(&zip2, &case.path("it2")));

    if let Some(audit) = tool("openxml-audit") {
        for d in &docs {
            let out = Command::new(&audit).arg(d).output().unwrap();
            assert!(
                out.status.success(),
                "openxml-audit found errors in {}:\n{}{}",
                d.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    if let Some(soffice) = tool("soffice") {
        let pdf_dir = case.path("pdf");
        let out = Command::new(soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                case.path("lo-profile").display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&pdf_dir)
            .args(&docs)
            .output()
            .unwrap();
        for d in &docs {
            let pdf = pdf_dir.join(d.file_stem().unwrap()).with_extension("pdf");
            assert!(
                pdf.is_file() && std::fs::metadata(&pdf).unwrap().len() > 1000,
                "LibreOffice did not convert {}: {}",
                d.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn pdf_option_adds_pdfs_or_says_libreoffice_is_missing() {
    let case = Case::new();
    let sample = sample();
    if tool("soffice").is_some() {
        let run = case.run(&[
            "bundle",
            sample.to_str().unwrap(),
            "-o",
            "out",
            "--iteration",
            "1",
            "--pdf",
        ]);
        run.ok();
        let entries = unzip(&case.path(run.stdout.trim()));
        let docx = entries.keys().filter(|n| n.ends_with(".docx")).count();
        let pdfs: Vec<_> = entries
            .iter()
            .filter(|(n, _)| n.ends_with(".pdf"))
            .collect();
        assert_eq!(pdfs.len(), docx);
        assert!(pdfs.iter().all(|(_, b)| b.starts_with(b"%PDF")));
    }
    // With no LibreOffice on PATH, the message says so plainly.
    let out = Command::new(env!("CARGO_BIN_EXE_engagekit"))
        .args(["bundle", sample.to_str().unwrap(), "-o"])
        .arg(case.path("nopdf"))
        .arg("--pdf")
        .env("PATH", "/nonexistent")
        .env_remove("ENGAGEKIT_SOFFICE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("LibreOffice is not installed"), "{stderr}");
    // ENGAGEKIT_SOFFICE, when set, is the only place looked at, and named.
    let out = Command::new(env!("CARGO_BIN_EXE_engagekit"))
        .args(["bundle", sample.to_str().unwrap(), "-o"])
        .arg(case.path("nopdf"))
        .arg("--pdf")
        .env("ENGAGEKIT_SOFFICE", "/nonexistent/soffice")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`ENGAGEKIT_SOFFICE` names `/nonexistent/soffice`, which is not a file"),
        "{stderr}"
    );
    assert!(
        !case
            .path("nopdf")
            .join("CONTOSO-2026-01-iteration-2.zip")
            .exists()
    );
}
