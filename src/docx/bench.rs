//! Measurements behind the numbers in the docs; run with
//! `cargo test --release --lib docx::bench -- --ignored --nocapture`.

use std::borrow::Cow;
use std::hint::black_box;
use std::time::Instant;

use super::testutil::*;
use super::write::WriteOptions;
use super::*;

/// Word-like body XML of about `target` bytes: paragraphs with rsids, run
/// properties, table rows, bookmarks and drawings, and varied text.
pub(crate) fn word_xml(target: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "engagement",
        "customer",
        "maturity",
        "goal",
        "workshop",
        "iteration",
        "phase",
        "security",
        "review",
        "architecture",
        "cloud",
        "platform",
        "quarter",
        "result",
        "achieved",
        "partially",
        "planned",
        "delivery",
        "team",
        "risk",
        "recommendation",
        "finding",
        "adoption",
        "pipeline",
        "governance",
        "identity",
    ];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut s = String::with_capacity(target + 4096);
    s.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    s.push_str("\r\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:wp=\"x\" xmlns:w14=\"y\"><w:body>");
    let mut i = 0u64;
    while s.len() < target {
        i += 1;
        let r = next();
        s.push_str(&format!(
            r#"<w:p w:rsidR="00{:06X}" w:rsidRDefault="00{:06X}" w14:paraId="{:08X}" w14:textId="{:08X}"><w:pPr><w:pStyle w:val="Body"/><w:spacing w:after="120"/></w:pPr>"#,
            r & 0xFF_FFFF,
            (r >> 24) & 0xFF_FFFF,
            i,
            i + 0x100_0000
        ));
        for _ in 0..(1 + next() % 3) {
            s.push_str(r#"<w:r><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">"#);
            for _ in 0..(4 + next() % 14) {
                s.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
                s.push(' ');
            }
            if next().is_multiple_of(5) {
                s.push_str("&amp; ");
            }
            s.push_str("</w:t></w:r>");
        }
        if i.is_multiple_of(40) {
            s.push_str(&format!(
                r#"<w:bookmarkStart w:id="{i}" w:name="_Toc{i}"/><w:bookmarkEnd w:id="{i}"/><w:r><w:drawing><wp:inline><wp:docPr id="{i}" name="Picture {i}"/></wp:inline></w:drawing></w:r>"#
            ));
        }
        s.push_str("</w:p>");
    }
    s.push_str("<w:sectPr/></w:body></w:document>");
    s
}

fn median_us(mut f: impl FnMut(), iters: usize) -> f64 {
    f();
    let mut v: Vec<f64> = (0..iters)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[test]
#[ignore]
fn bench_docx() {
    let pkg = DocxPackage::from_bytes(word_docx(), "bench.docx").unwrap();
    for size in bench_sizes() {
        let xml = word_xml(size);
        let n = xml.len();
        let iters = if size > 1_000_000 { 20 } else { 200 };
        for level in [1i64, 3, 6] {
            let opts = WriteOptions {
                level,
                ..WriteOptions::default()
            };
            let mut out_len = 0;
            let us = median_us(
                || {
                    let out = pkg
                        .write_with(
                            &[("word/document.xml", xml.as_bytes())],
                            &[],
                            &opts,
                            std::io::Cursor::new(Vec::with_capacity(n / 3)),
                        )
                        .unwrap()
                        .into_inner();
                    out_len = out.len();
                    black_box(out);
                },
                iters,
            );
            println!(
                "write docx, document.xml {n} B, level {level}: {us:.0} µs ({:.0} MB/s), output {out_len} B ({:.1} % of the xml)",
                n as f64 / us,
                out_len as f64 * 100.0 / n as f64
            );
        }
        for checks in [false, true] {
            let us = median_us(
                || {
                    let mut r = quick_xml::Reader::from_str(black_box(&xml));
                    r.config_mut().enable_all_checks(checks);
                    let mut n = 0usize;
                    loop {
                        match r.read_event().unwrap() {
                            quick_xml::events::Event::Eof => break,
                            _ => n += 1,
                        }
                    }
                    black_box(n);
                },
                iters,
            );
            println!(
                "  quick-xml events only (all checks {checks}): {:.0} MB/s",
                n as f64 / us
            );
        }
        let us = median_us(
            || assert!(wellformed::find_forbidden_char(black_box(xml.as_bytes())).is_none()),
            iters,
        );
        println!("  forbidden-char scan only: {:.0} MB/s", n as f64 / us);
        let us = median_us(|| check_xml(black_box(&xml)).unwrap(), iters);
        println!("check_xml {n} B: {us:.0} µs = {:.0} MB/s", n as f64 / us);
        let us = median_us(
            || {
                let mut f = IdFixer::new();
                assert!(matches!(f.fix(black_box(&xml)), Cow::Borrowed(_)));
            },
            iters,
        );
        println!(
            "IdFixer (nothing to fix) {n} B: {us:.0} µs = {:.0} MB/s",
            n as f64 / us
        );
        let doubled = format!("{}{}", &xml[..xml.len() / 2], &xml[xml.len() / 4..]);
        let us = median_us(
            || {
                let mut f = IdFixer::new();
                assert!(matches!(f.fix(black_box(&doubled)), Cow::Owned(_)));
            },
            iters,
        );
        println!(
            "IdFixer (a quarter duplicated) {} B: {us:.0} µs = {:.0} MB/s",
            doubled.len(),
            doubled.len() as f64 / us
        );
    }
    let bytes = word_docx();
    let us = median_us(
        || {
            let p = DocxPackage::from_bytes(bytes.clone(), "b.docx").unwrap();
            black_box(p.read_template_parts().unwrap());
        },
        2000,
    );
    println!("open test docx + read all 7 template parts: {us:.1} µs");
    let us = median_us(|| drop(black_box(pkg.to_bytes(&[]).unwrap())), 2000);
    println!("rewrite test docx, all 12 entries raw-copied: {us:.1} µs");

    let real = std::path::Path::new("/work/shared/bench/fixtures/sow_jinja.docx");
    if real.exists() {
        let p = DocxPackage::open(real).unwrap();
        println!("{}: {:?}", real.display(), p.template_parts());
        let parts = p.read_template_parts().unwrap();
        for part in &parts {
            check_xml(&part.text).unwrap();
        }
        let body = parts[0].text.clone();
        let us = median_us(
            || {
                let b = DocxPackage::from_bytes(crate::fsx::read(real).unwrap(), real).unwrap();
                black_box(b.read_text("word/document.xml").unwrap());
            },
            2000,
        );
        println!("read + open + inflate document.xml of sow_jinja.docx: {us:.1} µs");
        let us = median_us(
            || {
                drop(black_box(
                    p.to_bytes(&[("word/document.xml", body.as_bytes())])
                        .unwrap(),
                ))
            },
            2000,
        );
        println!(
            "write sow_jinja.docx ({} B, 18 entries) with document.xml replaced: {us:.1} µs",
            p.source_len()
        );
    }
}

fn bench_sizes() -> Vec<usize> {
    match std::env::var("BENCH_SIZES") {
        Ok(v) => v.split(',').map(|x| x.parse().unwrap()).collect(),
        Err(_) => vec![100_000, 1_000_000, 5_000_000],
    }
}
