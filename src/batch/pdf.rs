//! `batch --pdf`: each report's PDF, made by LibreOffice a chunk at a time.
//! One LibreOffice process converts many documents (starting one costs as
//! much as converting several), and as many processes run at once as the
//! batch has workers, each with its own profile.

use rayon::prelude::*;

use crate::error::{Error, Result};

/// Reports per LibreOffice run: enough that starting it (about a second)
/// is a small part of the run, few enough that progress is seen.
pub(super) const PER_RUN: usize = 32;

/// Fails ([`Error::NoLibreOffice`]) when LibreOffice is not installed.
pub(super) fn available() -> Result<()> {
    crate::pdf::require().map(|_| ())
}

/// The PDFs of `docs` (zip name, .docx bytes), in order: one LibreOffice
/// run per worker thread, each over an equal share. A run that fails fails
/// the PDFs of its share, each naming its document.
pub(super) fn convert_chunk(docs: Vec<(String, Vec<u8>)>) -> Vec<Result<Vec<u8>>> {
    if docs.is_empty() {
        return Vec::new();
    }
    let runs = rayon::current_num_threads().clamp(1, docs.len());
    let share = docs.len().div_ceil(runs);
    // LibreOffice names each PDF after its file: distinct names in one folder.
    let files: Vec<(String, Vec<u8>)> = docs
        .iter()
        .enumerate()
        .map(|(i, (_, bytes))| (format!("{i}.docx"), bytes.clone()))
        .collect();
    let converted: Vec<Result<Vec<Vec<u8>>>> = files
        .par_chunks(share)
        .map(crate::pdf::convert_docx)
        .collect();
    let mut out = Vec::with_capacity(docs.len());
    for (names, result) in docs.chunks(share).zip(converted) {
        match result {
            Ok(pdfs) => out.extend(pdfs.into_iter().map(Ok)),
            Err(e) => out.extend(names.iter().map(|(name, _)| {
                Err(Error::Pdf {
                    document: name.clone(),
                    reason: e.to_string(),
                })
            })),
        }
    }
    out
}

/// A report's PDF entry: `x.docx` → `x.pdf`, beside it in the zip.
pub(super) fn name(docx: &str) -> String {
    crate::pdf::pdf_name(docx)
}
