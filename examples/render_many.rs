//! Renders one template N times in one process and prints per-document
//! timings as JSON; the `OURS_BATCH_CMD` of `../shared/bench/peers.sh`:
//!
//! ```text
//! OURS_BATCH_CMD='/path/to/render_many --template {template} --data {data} --outdir {outdir} --n {n}'
//! ```

use std::path::PathBuf;
use std::time::Instant;

use engagekit::render::{CompiledTemplate, RenderOptions};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let template = PathBuf::from(arg(&args, "--template").expect("--template"));
    let data = PathBuf::from(arg(&args, "--data").expect("--data"));
    let outdir = PathBuf::from(arg(&args, "--outdir").expect("--outdir"));
    let n: usize = arg(&args, "--n")
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    std::fs::create_dir_all(&outdir).unwrap();
    let data = engagekit::load::load_data(&data).unwrap();
    let compiled = CompiledTemplate::open(&template, RenderOptions::default()).unwrap();
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let start = Instant::now();
        compiled
            .render_to_file(&data, &outdir.join(format!("{i:04}.docx")))
            .unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let first = times[0];
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"median_ms\": {:.4}, \"first_ms\": {:.4}, \"n\": {n}}}",
        times[times.len() / 2],
        first
    );
}
