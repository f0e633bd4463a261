//! The workbook loader (the guard, calamine, the engagement reader) on
//! arbitrary bytes written as an `.xlsx` (start from the corpus of real
//! workbooks: most mutations keep the zip readable).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.xlsx");
    std::fs::write(&path, data).unwrap();
    let _ = engagekit::load::load_and_validate(&path);
    let _ = engagekit::load::load_data(&path);
});
