//! What `engagekit check` prints for each bad data fixture
//! (`tests/fixtures/data`), one insta snapshot per fixture, as minijinja
//! snapshots its errors: a message that gets worse shows up in review.
//!
//! Each fixture is copied into a temporary folder and checked there by its
//! absolute path (as a user would name it), and that folder is redacted to
//! `[TEMP]`, so the snapshots are the same on every machine. New or changed
//! snapshots: `INSTA_UPDATE=always cargo test --test integration diagnostics`,
//! then read every `.snap` before committing it; CI (`CI=true`) never writes one.

use crate::harness::*;

/// The fixtures that load and validate; `data.rs` tests what they load to.
const GOOD: [&str; 3] = ["contoso.ods", "contoso.xls", "merge-keys.yaml"];

#[test]
fn bad_data_fixture() {
    insta::glob!(
        "../fixtures/data",
        "*.{yaml,xlsx,xls,ods}",
        |fixture: &std::path::Path| {
            let name = fixture.file_name().unwrap().to_str().unwrap();
            if GOOD.contains(&name) {
                return;
            }
            let case = Case::new();
            let copy = case.path(name);
            std::fs::copy(fixture, &copy).unwrap();
            let run = case.run(&["check", copy.to_str().unwrap()]);
            run.fails(1);
            assert_eq!(
                run.stdout, "",
                "{name}: a failed check prints nothing on stdout"
            );
            let temp = case.dir.path().to_str().unwrap();
            insta::assert_snapshot!(run.stderr.replace(temp, "[TEMP]"));
        }
    );
}
