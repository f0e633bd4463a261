//! Per-document render cost of a realistic SOW template (the same template and
//! data the peers use in ../shared/bench): compiled once vs opened every time,
//! small (5 goals) and big (200 goals) data, and a 5,000-row table to show
//! linear growth.
//!
//! Run: `cargo bench --bench render` (add `-- --n 500` for more documents,
//! `-- --only big` for one group: `small`, `big` or `rows`).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use engagekit::render::{CompiledTemplate, RenderOptions};

mod common;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let n = common::repetitions();
    // `--only big` (or `small`, `rows`) runs one group, e.g. under callgrind.
    let only = common::option("--only");
    let run = |group: &str| only.as_deref().is_none_or(|o| o == group);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures");
    let template = dir.join("sow_jinja.docx");
    let out = tempfile::tempdir().unwrap();

    println!("| data | mode | median ms/doc | docs |");
    println!("|---|---|---|---|");
    for (label, data) in [("small", "engagement.yaml"), ("big", "engagement_big.yaml")] {
        if !run(label) {
            continue;
        }
        let data = engagekit::load::load_data(&dir.join(data)).unwrap();

        let compiled = CompiledTemplate::open(&template, RenderOptions::default()).unwrap();
        let mut times = Vec::with_capacity(n);
        for i in 0..n {
            let start = Instant::now();
            let path = out.path().join(format!("{label}-{i}.docx"));
            black_box(compiled.render_to_file(&data, &path).unwrap());
            times.push(start.elapsed());
        }
        println!(
            "| {label} | compiled once | {:.3} | {n} |",
            ms(median(times))
        );

        // The data converted once (`prepare`), e.g. one iteration's data
        // rendered into several templates of a bundle.
        let context = compiled.prepare(&data);
        let mut times = Vec::with_capacity(n);
        for i in 0..n {
            let start = Instant::now();
            let path = out.path().join(format!("{label}-ctx-{i}.docx"));
            let doc = compiled.render_context(&context).unwrap();
            compiled.write_file(&doc, &path).unwrap();
            black_box(doc);
            times.push(start.elapsed());
        }
        println!(
            "| {label} | compiled once, context prepared once | {:.3} | {n} |",
            ms(median(times))
        );

        let mut times = Vec::with_capacity(n);
        for i in 0..n {
            let start = Instant::now();
            let t = CompiledTemplate::open(&template, RenderOptions::default()).unwrap();
            let path = out.path().join(format!("{label}-open-{i}.docx"));
            black_box(t.render_to_file(&data, &path).unwrap());
            times.push(start.elapsed());
        }
        println!(
            "| {label} | opened every time | {:.3} | {n} |",
            ms(median(times))
        );
    }

    // Linear growth: a goals table of 500 vs 5,000 rows.
    if !run("rows") {
        return;
    }
    let compiled = CompiledTemplate::open(&template, RenderOptions::default()).unwrap();
    let base = engagekit::load::load_data(&dir.join("engagement.yaml")).unwrap();
    for rows in [500usize, 5000] {
        let mut data = base.clone();
        let goal = data["goals"][0].clone();
        data["goals"] = serde_json::Value::Array(vec![goal; rows]);
        let mut times = Vec::new();
        for i in 0..5 {
            let start = Instant::now();
            let path = out.path().join(format!("rows-{rows}-{i}.docx"));
            black_box(compiled.render_to_file(&data, &path).unwrap());
            times.push(start.elapsed());
        }
        println!(
            "| {rows} goal rows | compiled once | {:.3} | 5 |",
            ms(median(times))
        );
    }
}
