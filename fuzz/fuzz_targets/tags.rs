//! The tag preprocessor on arbitrary `document.xml`: an error or a template,
//! never a panic; what it returns compiles or fails as a located error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let xml = String::from_utf8_lossy(data);
    let _ = engagekit::tags::preprocess("word/document.xml", &xml);
});
