//! PDF copies of documents through LibreOffice (`soffice --headless`).

use std::path::PathBuf;
use std::process::Command;

use crate::error::{Error, Result};
use crate::fsx;
use crate::templates::Document;

/// The environment variable that names the LibreOffice program to use
/// (its `soffice`), for an install none of the usual places holds.
pub const SOFFICE_ENV: &str = "ENGAGEKIT_SOFFICE";

/// The LibreOffice program, if one is installed: the first of
/// [`candidates`] that is a file.
pub fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    candidates(
        std::env::var_os(SOFFICE_ENV).map(PathBuf::from),
        std::env::split_paths(&path),
        std::env::consts::OS,
    )
    .into_iter()
    .find(|p| p.is_file())
}

/// Where LibreOffice is looked for on `os` (as in [`std::env::consts::OS`]),
/// in order. [`SOFFICE_ENV`], when set, is the only place: a wrong value is
/// reported, not passed over for another LibreOffice. Else `soffice` and
/// `libreoffice` in each folder of PATH (`soffice.exe` on Windows), then
/// where the installers put it, since neither the Windows nor the macOS one
/// adds it to PATH.
fn candidates(
    env: Option<PathBuf>,
    path: impl IntoIterator<Item = PathBuf>,
    os: &str,
) -> Vec<PathBuf> {
    if let Some(p) = env.filter(|p| !p.as_os_str().is_empty()) {
        return vec![p];
    }
    let names: &[&str] = match os {
        "windows" => &["soffice.exe"],
        _ => &["soffice", "libreoffice"],
    };
    let installed: &[&str] = match os {
        "windows" => &[
            r"C:\Program Files\LibreOffice\program\soffice.exe",
            r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        ],
        "macos" => &["/Applications/LibreOffice.app/Contents/MacOS/soffice"],
        _ => &[],
    };
    path.into_iter()
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .chain(installed.iter().map(PathBuf::from))
        .collect()
}

/// Converts every document to PDF; returns (`name.pdf`, bytes) in order.
pub fn convert_all(documents: &[Document]) -> Result<Vec<(String, Vec<u8>)>> {
    let docs: Vec<(String, Vec<u8>)> = documents
        .iter()
        .map(|d| (d.file_name.clone(), d.bytes.clone()))
        .collect();
    let pdfs = convert_docx(&docs)?;
    Ok(docs
        .into_iter()
        .zip(pdfs)
        .map(|((name, _), pdf)| (pdf_name(&name), pdf))
        .collect())
}

/// The PDF's name for a document's: `x.docx` → `x.pdf`.
pub fn pdf_name(docx: &str) -> String {
    match docx.strip_suffix(".docx") {
        Some(stem) => format!("{stem}.pdf"),
        None => format!("{docx}.pdf"),
    }
}

/// The LibreOffice program, or [`Error::NoLibreOffice`] saying where it
/// was looked for: checked before any work by the commands that make PDFs.
pub fn require() -> Result<PathBuf> {
    soffice().ok_or_else(|| {
        let looked = match std::env::var_os(SOFFICE_ENV).filter(|v| !v.is_empty()) {
            Some(v) => format!(
                "`{SOFFICE_ENV}` names `{}`, which is not a file",
                v.to_string_lossy()
            ),
            None if cfg!(any(windows, target_os = "macos")) => {
                "no `soffice` on PATH or where its installer puts it".into()
            }
            None => "no `soffice` on PATH".into(),
        };
        Error::NoLibreOffice { looked }
    })
}

/// Converts .docx documents (file name, bytes; the names distinct) to PDF
/// with one LibreOffice run; returns each PDF's bytes, in order.
pub fn convert_docx(documents: &[(String, Vec<u8>)]) -> Result<Vec<Vec<u8>>> {
    let soffice = require()?;
    let work = tempfile::tempdir().map_err(|e| Error::io("create", std::env::temp_dir(), e))?;
    let docs = work.path().join("docs");
    let profile = work.path().join("profile");
    fsx::create_dir_all(&docs)?;
    let mut inputs = Vec::new();
    for (name, bytes) in documents {
        let path = docs.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))?;
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
    for (name, _) in documents {
        let path = docs.join(pdf_name(name));
        let bytes = std::fs::read(&path).map_err(|_| Error::Pdf {
            document: name.clone(),
            reason: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        })?;
        pdfs.push(bytes);
    }
    Ok(pdfs)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::candidates;

    fn list(env: Option<&str>, path: &[&str], os: &str) -> Vec<String> {
        candidates(env.map(PathBuf::from), path.iter().map(PathBuf::from), os)
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn linux_looks_on_path_only() {
        assert_eq!(
            list(None, &["/usr/local/bin", "/usr/bin"], "linux"),
            [
                "/usr/local/bin/soffice",
                "/usr/local/bin/libreoffice",
                "/usr/bin/soffice",
                "/usr/bin/libreoffice",
            ]
        );
    }

    #[test]
    fn windows_looks_on_path_then_in_program_files() {
        let found = list(None, &["/p"], "windows");
        assert_eq!(found.len(), 3);
        assert!(found[0].ends_with("soffice.exe"), "{found:?}");
        assert_eq!(
            found[1..],
            [
                r"C:\Program Files\LibreOffice\program\soffice.exe",
                r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
            ]
        );
    }

    #[test]
    fn macos_looks_on_path_then_in_applications() {
        assert_eq!(
            list(None, &["/opt/homebrew/bin"], "macos"),
            [
                "/opt/homebrew/bin/soffice",
                "/opt/homebrew/bin/libreoffice",
                "/Applications/LibreOffice.app/Contents/MacOS/soffice",
            ]
        );
    }

    #[test]
    fn the_environment_variable_is_the_only_place_when_set() {
        for os in ["linux", "windows", "macos"] {
            assert_eq!(
                list(Some("/opt/lo/soffice"), &["/usr/bin"], os),
                ["/opt/lo/soffice"]
            );
        }
        // Set but empty counts as unset.
        assert_eq!(list(Some(""), &[], "macos").len(), 1);
    }
}
