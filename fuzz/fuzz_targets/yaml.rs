//! The YAML loader on arbitrary text. Built with debug assertions (as
//! `cargo fuzz` builds), every plain document is parsed both ways (the
//! fast path and serde-saphyr) and the trees compared: a disagreement panics.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = engagekit::load::yaml::parse(Path::new("fuzz.yaml"), text);
    }
});
