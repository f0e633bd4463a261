use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use super::*;

/// A JSON array of `total` records `{"n": i}`, made as it is read; counts
/// how many records it has handed out.
struct Generated {
    total: usize,
    made: Arc<AtomicUsize>,
    buf: Vec<u8>,
    pos: usize,
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            let n = self.made.load(Ordering::SeqCst);
            self.buf = match n {
                0 => b"[{\"n\": 0}".to_vec(),
                n if n < self.total => format!(",{{\"n\": {n}}}").into_bytes(),
                n if n == self.total => b"]".to_vec(),
                _ => return Ok(0),
            };
            self.pos = 0;
            self.made.fetch_add(1, Ordering::SeqCst);
        }
        let k = out.len().min(self.buf.len() - self.pos);
        out[..k].copy_from_slice(&self.buf[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}

/// The memory test without a clock: a consumer that takes a few records of
/// a long array and stops leaves the producer at most the queue ahead, so
/// the records in memory are bounded by [`QUEUE`], not by the file.
#[test]
fn a_json_array_is_parsed_only_as_far_as_the_queue_ahead_of_the_reader() {
    let made = Arc::new(AtomicUsize::new(0));
    let reader = Generated {
        total: 200_000,
        made: made.clone(),
        buf: Vec::new(),
        pos: 0,
    };
    let mut records = queued(Path::new("big.json"), move |tx| {
        json_items(Path::new("big.json"), reader, tx)
    });
    let first: Vec<Json> = records.by_ref().take(5).map(Result::unwrap).collect();
    assert_eq!(first[4], json!({"n": 4}));
    drop(records);
    // Drop joins the producer: the count is final.
    let made = made.load(Ordering::SeqCst);
    assert!(
        made <= 5 + QUEUE + 2,
        "{made} records parsed for 5 taken: the queue is not bounded"
    );
}

#[test]
fn a_json_array_streams_all_its_items_then_reports_a_late_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.json");
    std::fs::write(&p, r#"[{"a": 1}, {"a": 2}, {"a": 3}]"#).unwrap();
    let all: Vec<Json> = records(&p, Some(&Each::TopLevel))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(all, [json!({"a": 1}), json!({"a": 2}), json!({"a": 3})]);

    std::fs::write(&p, "[{\"a\": 1},\n {\"a\": }]").unwrap();
    let all: Vec<Result<Json>> = records(&p, Some(&Each::TopLevel)).unwrap().collect();
    assert_eq!(all.len(), 2);
    assert!(all[0].is_ok());
    let text = all[1]
        .as_ref()
        .unwrap_err()
        .diagnostics()
        .unwrap()
        .to_string();
    assert!(text.contains("failed to parse JSON"), "{text}");
}

#[test]
fn a_json_mapping_is_not_a_list_and_the_hint_names_its_lists() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.json");
    std::fs::write(&p, r#"{"goals": [1], "name": "x"}"#).unwrap();
    let all: Vec<Result<Json>> = records(&p, Some(&Each::TopLevel)).unwrap().collect();
    let err = all[0].as_ref().unwrap_err();
    let d = &err.diagnostics().unwrap().0[0];
    assert!(
        d.message.contains("the data is not a list"),
        "{}",
        d.message
    );
    assert_eq!(d.hint.as_deref(), Some("lists at the top level: `goals`"));
}

#[test]
fn a_yaml_stream_is_one_record_per_document_and_one_list_one_per_item() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.yaml");
    std::fs::write(&p, "name: A\n---\nname: B\n---\nname: C\n").unwrap();
    let names: Vec<Json> = records(&p, Some(&Each::TopLevel))
        .unwrap()
        .map(|r| r.unwrap()["name"].clone())
        .collect();
    assert_eq!(names, ["A", "B", "C"]);

    std::fs::write(&p, "- name: A\n- name: B\n").unwrap();
    assert_eq!(records(&p, Some(&Each::TopLevel)).unwrap().count(), 2);

    std::fs::write(&p, "name: A\n").unwrap();
    let all: Vec<Result<Json>> = records(&p, Some(&Each::TopLevel)).unwrap().collect();
    assert!(all[0].is_err());
}

#[test]
fn paths_with_indexes_reach_nested_lists() {
    let data = json!({"iterations": [
        {"commit": {"goals": ["a"]}},
        {"commit": {"goals": ["b", "c"]}},
    ]});
    assert_eq!(
        lookup(&data, "iterations.1.commit.goals"),
        Some(&json!(["b", "c"]))
    );
    assert_eq!(
        lookup(&data, "iterations[1].commit.goals"),
        Some(&json!(["b", "c"]))
    );
    assert_eq!(
        lookup(&data, "iterations[-1].commit.goals"),
        Some(&json!(["b", "c"]))
    );
    assert_eq!(
        lookup(&data, "iterations.0.commit.goals"),
        Some(&json!(["a"]))
    );
    assert_eq!(lookup(&data, "iterations.2.commit.goals"), None);
    assert_eq!(lookup(&data, "iterations[-3]"), None);
}

#[test]
fn a_path_that_stops_short_names_the_lists_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("d.yaml");
    std::fs::write(
        &p,
        "iterations:\n  - commit:\n      goals: [a]\n      risks: []\n",
    )
    .unwrap();
    let err = records(&p, Some(&Each::Path("iterations.0.commit.goal".into()))).unwrap_err();
    let d = &err.diagnostics().unwrap().0[0];
    assert!(
        d.message
            .contains("`iterations.0.commit.goal` is not a list")
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "lists in `iterations.0.commit`: `iterations.0.commit.goals`, `iterations.0.commit.risks`"
        )
    );
    let err = records(&p, Some(&Each::Path("iterations.0.commit".into()))).unwrap_err();
    let d = &err.diagnostics().unwrap().0[0];
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .starts_with("lists in `iterations.0.commit`: "),
        "{d:?}"
    );
    let err = records(&p, Some(&Each::Path("iterations.x".into()))).unwrap_err();
    let d = &err.diagnostics().unwrap().0[0];
    assert_eq!(
        d.hint.as_deref(),
        Some("`iterations` is a list: add an index (from 0) to pick an item, e.g. `iterations.0`")
    );
    let recs = records(&p, Some(&Each::Path("iterations.0.commit.goals".into()))).unwrap();
    assert!(recs.base().is_some());
    assert_eq!(recs.count(), 1);
}
