//! `batch --pdf`: each report's PDF, made by LibreOffice a chunk at a time.
//! One LibreOffice process converts many documents (starting one costs as
//! much as converting several), and as many processes run at once as the
//! batch has workers, each with its own profile.

use rayon::prelude::*;

use crate::error::{Error, Result};

/// Reports per LibreOffice run: enough that starting it (about a second)
/// is a small part of the run, few enough that progress is seen.
pub(super) const PER_RUN: usize = 32;

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
    let (names, files): (Vec<String>, Vec<(String, Vec<u8>)>) = docs
        .into_iter()
        .enumerate()
        .map(|(i, (name, bytes))| (name, (format!("{i}.docx"), bytes)))
        .unzip();
    let converted: Vec<Result<Vec<Vec<u8>>>> = files
        .par_chunks(share)
        .map(crate::pdf::convert_docx)
        .collect();
    let mut out = Vec::with_capacity(names.len());
    for (names, result) in names.chunks(share).zip(converted) {
        match result {
            Ok(pdfs) => out.extend(pdfs.into_iter().map(Ok)),
            Err(e) => out.extend(names.iter().map(|name| {
                Err(Error::Pdf {
                    document: name.clone(),
                    reason: e.to_string(),
                })
            })),
        }
    }
    out
}
