//! The workbook loader (the guard, calamine, the engagement reader) on
//! arbitrary bytes written as an `.xlsx` (start from the corpus of real
//! workbooks: most mutations keep the zip readable).
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys's panic hook aborts on every panic, even one engagekit
    // catches (it catches calamine's, see fuzz/README.md). Keep the default
    // hook: a panic that reaches the fuzzer is still a crash.
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let _ = std::panic::take_hook();
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.xlsx");
    std::fs::write(&path, data).unwrap();
    let _ = engagekit::load::load_and_validate(&path);
    let _ = engagekit::load::load_data(&path);
});
