//! `batch merge`'s shard reader on an arbitrary zip: a failure, never a
//! panic or a partial output.
#![no_main]

use std::sync::OnceLock;

use engagekit::batch::BatchTemplates;
use engagekit::render::RenderOptions;
use libfuzzer_sys::fuzz_target;

fn templates() -> &'static BatchTemplates {
    static T: OnceLock<BatchTemplates> = OnceLock::new();
    T.get_or_init(|| BatchTemplates::load(None, &RenderOptions::default()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let shard = dir.path().join("2026-Q3-ensure-reports-shard-1-of-1.zip");
    std::fs::write(&shard, data).unwrap();
    let out = dir.path().join("out");
    if engagekit::batch::merge(&[shard], &out, templates(), Some(0)).is_err() {
        assert!(
            std::fs::read_dir(&out).map_or(true, |d| d.count() == 0),
            "a failed merge left files"
        );
    }
});
