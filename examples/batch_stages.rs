//! Where a batch's time goes, per stage, single-threaded (for BENCHMARKS.md).
//!
//! ```text
//! cargo run --release --example gen_portfolio -- 1000 /tmp/p1000
//! cargo run --release --example batch_stages -- /tmp/p1000/yaml [TEMPLATES_DIR] [2026-Q3]
//! ```
//!
//! Prints ms per file for reading + parsing (and, for scale, serde-saphyr
//! alone into a `serde_json::Value`, serde-saphyr into the located tree, and
//! the event-built tree `load::yaml::parse` uses), validating, and ms per report for the
//! context and for rendering + writing the .docx.

use std::path::PathBuf;
use std::time::Instant;

use engagekit::batch::{BatchTemplates, discover, render_report};
use engagekit::model::Quarter;
use engagekit::render::RenderOptions;

/// The binary's allocator, so that the stages cost what they cost in `engagekit batch`.
#[cfg(target_os = "linux")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .expect("usage: batch_stages DIR [TEMPLATES] [QUARTER]"),
    );
    let templates = args.next().map(PathBuf::from);
    let quarter: Quarter = args
        .next()
        .as_deref()
        .unwrap_or("2026-Q3")
        .parse()
        .expect("quarter");
    let t =
        BatchTemplates::load(templates.as_deref(), &RenderOptions::default()).expect("templates");
    let (files, _) = discover(&[dir]);
    let n = files.len() as f64;
    let ms = |d: std::time::Duration, per: f64| d.as_secs_f64() * 1e3 / per;

    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let t0 = Instant::now();
    let mut keys = 0;
    for text in &texts {
        let v: serde_json::Value = serde_saphyr::from_str(text).expect("yaml");
        keys += v.as_object().map_or(0, |m| m.len());
    }
    let plain = t0.elapsed();
    let t0 = Instant::now();
    for (f, text) in files.iter().zip(&texts) {
        std::hint::black_box(engagekit::load::yaml::parse_serde(f, text).expect("yaml"));
    }
    let spanned = t0.elapsed();
    let t0 = Instant::now();
    for (f, text) in files.iter().zip(&texts) {
        std::hint::black_box(engagekit::load::yaml::parse(f, text).expect("yaml"));
    }
    let parsed = t0.elapsed();
    drop(texts);

    let t0 = Instant::now();
    let mut raws = Vec::new();
    for f in &files {
        raws.extend(engagekit::load::load_raw(f).expect("load"));
    }
    let load = t0.elapsed();
    let t0 = Instant::now();
    let engagements: Vec<_> = raws
        .iter()
        .map(|r| engagekit::validate::validate(&r.node).expect("valid").0)
        .collect();
    let validate = t0.elapsed();
    let jobs: Vec<_> = engagements
        .iter()
        .flat_map(|e| e.ensured_in(quarter).map(move |it| (e, it.number)))
        .collect();
    let docs = jobs.len() as f64;
    let t0 = Instant::now();
    for (e, n) in &jobs {
        std::hint::black_box(e.iteration_context_json(*n));
    }
    let ctx = t0.elapsed();
    let t0 = Instant::now();
    let mut bytes = 0;
    for (e, n) in &jobs {
        bytes += render_report(e, *n, t.ensure_template())
            .expect("render")
            .0
            .len();
    }
    let render = t0.elapsed();
    println!(
        "{} files ({keys} top-level keys), {} reports of {} KB",
        n,
        docs,
        bytes / jobs.len().max(1) / 1024
    );
    println!("serde-saphyr alone:  {:.3} ms/file", ms(plain, n));
    println!(
        "serde-saphyr tree:   {:.3} ms/file (Spanned tree, the fallback)",
        ms(spanned, n)
    );
    println!(
        "parse (events):      {:.3} ms/file (load/yaml.rs, text in memory)",
        ms(parsed, n)
    );
    println!("read + parse (load): {:.3} ms/file", ms(load, n));
    println!("validate:            {:.3} ms/file", ms(validate, n));
    println!("context JSON:        {:.3} ms/report", ms(ctx, docs));
    println!(
        "render + write docx: {:.3} ms/report (context included)",
        ms(render, docs)
    );
}
