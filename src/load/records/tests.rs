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

/// A generic workbook: `Letters` (a list sheet of `rows` rows, an empty row
/// after the first), `Customer` (Field | Value) and `Notes` (a short list).
fn letters_workbook(path: &Path, rows: u32) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Customer").unwrap();
    for (r, (f, v)) in [("Field", "Value"), ("Name", "Contoso"), ("City", "Oslo")]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *f).unwrap();
        ws.write_string(r as u32, 1, *v).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("Letters").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["ID", "Contact name", "Fee", "Rate", "Signed", "Due", "Note"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        // Row 2 stays empty: skipped.
        let r = if i == 0 { 1 } else { i + 2 };
        ws.write_string(r, 0, format!("R-{i:06}")).unwrap();
        ws.write_string(r, 1, format!("  Contact {i} ")).unwrap();
        ws.write_number(r, 2, f64::from(1000 + i % 50)).unwrap();
        ws.write_number(r, 3, 0.5 + f64::from(i % 3)).unwrap();
        ws.write_boolean(r, 4, i % 2 == 0).unwrap();
        let d = ExcelDateTime::from_ymd(2026, 1 + (i % 12) as u8, 5).unwrap();
        ws.write_datetime_with_format(r, 5, &d, &date).unwrap();
        // Column G (Note) mostly empty: null.
        if i % 4 == 1 {
            ws.write_string(r, 6, "call first").unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("Notes").unwrap();
    ws.write_string(0, 0, "Note").unwrap();
    ws.write_string(1, 0, "first").unwrap();
    wb.save(path).unwrap();
}

/// The same records and the same shared data (but the streamed sheet's own
/// list) from the row-by-row read as from the whole read.
#[test]
fn a_workbook_sheet_read_row_by_row_gives_the_records_of_the_whole_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("letters.xlsx");
    letters_workbook(&p, 9);
    let each = Each::Path("letters".into());
    let mut whole = records(&p, Some(&each)).unwrap();
    assert!(matches!(whole.items, Items::Loaded(_)));
    let mut rows = records_reading(&p, Some(&each), &|_| false).unwrap();
    assert!(matches!(rows.items, Items::Queue { .. }), "not streamed");
    let mut whole_base = whole.take_base().unwrap();
    let rows_base = rows.take_base().unwrap();
    whole_base.as_object_mut().unwrap().remove("letters");
    assert_eq!(rows_base, whole_base);
    assert_eq!(rows_base["customer"]["name"], "Contoso");
    let a: Vec<Json> = whole.map(Result::unwrap).collect();
    let b: Vec<Json> = rows.map(Result::unwrap).collect();
    assert_eq!(a.len(), 9);
    assert_eq!(a, b);
    assert_eq!(
        b[1],
        json!({"id": "R-000001", "contact_name": "Contact 1", "fee": 1001, "rate": 1.5,
               "signed": false, "due": "2026-02-05", "note": "call first"})
    );
    // A template that reads the whole list (`letters|length`) gets it.
    let reads_all = records_reading(&p, Some(&each), &|k| k == "letters").unwrap();
    assert!(reads_all.base().unwrap().get("letters").is_some());
    // `.xlsx` only so far: a path into a row, or the top level, reads whole.
    let deeper = records_reading(&p, Some(&Each::Path("letters.0".into())), &|_| false);
    assert!(deeper.is_err());
}

/// The memory test without a clock, for a workbook: a consumer that takes
/// 5 rows of a 5,000-row sheet leaves the reader at most the queue ahead.
#[test]
fn a_workbook_sheet_is_read_only_as_far_as_the_queue_ahead_of_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.xlsx");
    letters_workbook(&p, 5_000);
    let rows = excel::sheet_rows(&p, "letters")
        .unwrap()
        .expect("streamable");
    let made = Arc::new(AtomicUsize::new(0));
    let counted = made.clone();
    let mut records = queued(&p, move |tx| {
        rows.run(|item| {
            counted.fetch_add(1, Ordering::SeqCst);
            tx.send(item).is_ok()
        })
    });
    let first: Vec<Json> = records.by_ref().take(5).map(Result::unwrap).collect();
    assert_eq!(first[4]["id"], "R-000004");
    drop(records);
    let made = made.load(Ordering::SeqCst);
    assert!(
        made <= 5 + QUEUE + 2,
        "{made} rows read for 5 taken: the sheet is not streamed"
    );
}

/// A value under no header part way down: the rows before it, then the
/// problem at its cell, and no more.
#[test]
fn a_bad_row_part_way_down_ends_the_rows_with_its_cell() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Goals").unwrap();
    ws.write_string(0, 0, "Title").unwrap();
    for r in 1..=4 {
        ws.write_string(r, 0, format!("G{r}")).unwrap();
    }
    ws.write_string(3, 2, "stray").unwrap();
    wb.save(&p).unwrap();
    let all: Vec<Result<Json>> = records_reading(&p, Some(&Each::Path("goals".into())), &|_| false)
        .unwrap()
        .collect();
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[1].as_ref().unwrap()["title"], "G2");
    let text = all[2]
        .as_ref()
        .unwrap_err()
        .diagnostics()
        .unwrap()
        .to_string();
    assert!(
        text.contains("Goals!C4") && text.contains("no header"),
        "{text}"
    );
}
