//! Where one document's time goes, stage by stage, on the big SOW (the
//! template and data of `benches/render.rs`): compiling the template,
//! preparing the context, rendering, the well-formedness check and id pass
//! over the rendered `document.xml`, and writing the zip at several deflate
//! levels. Medians in microseconds, and MB/s of the rendered XML.
//!
//! Run: `cargo bench --bench stages` (add `-- --n 500` for more repetitions).

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use engagekit::docx::{IdFixer, WriteOptions, check_xml};
use engagekit::render::{CompiledTemplate, RenderOptions};

mod common;

/// Median wall time of `f` in microseconds, after one warm-up call.
fn median_us(n: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let n = common::repetitions();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures");
    let template = dir.join("sow_jinja.docx");
    let data = engagekit::load::load_data(&dir.join("engagement_big.yaml")).unwrap();
    let options = RenderOptions::default;

    let compiled = CompiledTemplate::open(&template, options()).unwrap();
    let context = compiled.prepare(&data);
    let doc = compiled.render_context(&context).unwrap();
    let body = &doc
        .parts
        .iter()
        .find(|(name, _)| name == "word/document.xml")
        .expect("the SOW has a templated body")
        .1;
    let mb_s = |us: f64| body.len() as f64 / us;

    println!(
        "big SOW: rendered word/document.xml is {} bytes; {n} repetitions",
        body.len()
    );
    println!("| stage | median µs | MB/s of document.xml |");
    println!("|---|---|---|");
    let row = |stage: &str, us: f64, throughput: bool| {
        let rate = if throughput {
            format!("{:.0}", mb_s(us))
        } else {
            String::new()
        };
        println!("| {stage} | {us:.0} | {rate} |");
    };
    row(
        "open + preprocess + compile the template",
        median_us(n, || {
            black_box(CompiledTemplate::open(&template, options()).unwrap());
        }),
        false,
    );
    row(
        "prepare the context from the data",
        median_us(n, || drop(black_box(compiled.prepare(&data)))),
        false,
    );
    row(
        "render all parts (includes the check and id pass)",
        median_us(n, || {
            drop(black_box(compiled.render_context(&context).unwrap()))
        }),
        false,
    );
    row(
        "well-formedness check of document.xml",
        median_us(n, || check_xml(black_box(body)).unwrap()),
        true,
    );
    row(
        "id pass over document.xml",
        median_us(n, || drop(black_box(IdFixer::default().fix(body)))),
        true,
    );
    let replaced: Vec<(&str, &[u8])> = doc
        .parts
        .iter()
        .map(|(name, xml)| (name.as_str(), xml.as_bytes()))
        .collect();
    for level in [1, 3, 6] {
        let opts = WriteOptions {
            level,
            ..WriteOptions::default()
        };
        row(
            &format!("write the .docx in memory, deflate level {level}"),
            median_us(n, || {
                let out = std::io::Cursor::new(Vec::with_capacity(body.len() / 3));
                let out = compiled
                    .package()
                    .write_with(&replaced, &[], &opts, out)
                    .unwrap();
                black_box(out);
            }),
            true,
        );
    }
}
