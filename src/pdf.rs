//! PDF copies of documents through LibreOffice (`soffice --headless`).

use std::path::PathBuf;
use std::process::Command;

use crate::error::{Error, Result};
use crate::fsx;
use crate::templates::Document;

/// The LibreOffice program, if one is installed.
pub fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Converts every document to PDF; returns (`name.pdf`, bytes) in order.
pub fn convert_all(documents: &[Document]) -> Result<Vec<(String, Vec<u8>)>> {
    let Some(soffice) = soffice() else {
        return Err(Error::NoLibreOffice {
            looked: "no `soffice` on PATH".into(),
        });
    };
    let work = tempfile::tempdir().map_err(|e| Error::io("create", std::env::temp_dir(), e))?;
    let docs = work.path().join("docs");
    let profile = work.path().join("profile");
    fsx::create_dir_all(&docs)?;
    let mut inputs = Vec::new();
    for d in documents {
        let path = docs.join(&d.file_name);
        std::fs::write(&path, &d.bytes).map_err(|e| Error::io("write", &path, e))?;
        inputs.push(path);
    }
    // A private profile: a running LibreOffice (or a stale lock) must not
    // swallow the conversion.
    let output = Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&docs)
        .args(&inputs)
        .output()
        .map_err(|e| Error::io("run", &soffice, e))?;
    let mut pdfs = Vec::new();
    for d in documents {
        let name = match d.file_name.strip_suffix(".docx") {
            Some(stem) => format!("{stem}.pdf"),
            None => format!("{}.pdf", d.file_name),
        };
        let path = docs.join(&name);
        let bytes = std::fs::read(&path).map_err(|_| Error::Pdf {
            document: d.file_name.clone(),
            reason: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        })?;
        pdfs.push((name, bytes));
    }
    Ok(pdfs)
}
