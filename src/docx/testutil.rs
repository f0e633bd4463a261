//! Test helpers: small .docx files built with the zip crate, laid out like Word's.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

pub(crate) const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header10.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

pub(crate) const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// Headers 1, 2 and 10 (2 and 10 are referenced only from the rels, never by
/// name elsewhere), a footer, footnotes, an image, styles, and an external link.
pub(crate) const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header10.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="/word/header2.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/x.xml" TargetMode="External"/><Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header99.xml"/></Relationships>"#;

pub(crate) const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello {{ customer.name }}</w:t></w:r></w:p><w:sectPr/></w:body></w:document>"#;

pub(crate) fn hdr(text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:hdr>"#
    )
}

pub(crate) const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{{ title }}</dc:title></cp:coreProperties>"#;

/// A fake PNG: header plus incompressible-ish bytes.
pub(crate) fn png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..2000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        v.push((x >> 16) as u8);
    }
    v
}

/// An entry of a test zip: name, bytes, stored (true) or deflated.
pub(crate) type Entry = (String, Vec<u8>, bool);

/// The entries of a Word-like .docx.
pub(crate) fn word_entries() -> Vec<Entry> {
    let e = |n: &str, b: &[u8]| (n.to_string(), b.to_vec(), false);
    vec![
        e("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        e("_rels/.rels", PACKAGE_RELS.as_bytes()),
        e("word/document.xml", DOCUMENT.as_bytes()),
        e("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
        e("word/header10.xml", hdr("ten {{ x }}").as_bytes()),
        e("word/header1.xml", hdr("one").as_bytes()),
        e("word/header2.xml", hdr("two").as_bytes()),
        e("word/footer1.xml", hdr("footer").as_bytes()),
        e("word/footnotes.xml", hdr("note").as_bytes()),
        e(
            "word/styles.xml",
            hdr("styles, not a template part").as_bytes(),
        ),
        ("word/media/image1.png".into(), png(), true),
        e("docProps/core.xml", CORE.as_bytes()),
    ]
}

/// Zips entries, with a non-default timestamp so raw copies are distinguishable.
pub(crate) fn zip_entries(entries: &[Entry]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let time = DateTime::from_date_and_time(2024, 5, 17, 10, 30, 0).unwrap();
    for (name, bytes, stored) in entries {
        let method = if *stored {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let opts = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time);
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A Word-like .docx.
pub(crate) fn word_docx() -> Vec<u8> {
    zip_entries(&word_entries())
}

/// Every entry's name and inflated bytes, in order.
pub(crate) fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().unwrap().into_owned(), v)
        })
        .collect()
}

/// Overwrites the declared uncompressed size of every entry named `name`, in
/// both the local header and the central directory.
pub(crate) fn patch_declared_size(zip: &mut [u8], name: &str, size: u32) {
    let n = name.as_bytes();
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46) {
        let sig = &zip[i..i + 4];
        let (size_at, name_len_at, name_at) = if sig == b"PK\x03\x04" {
            (22, 26, 30)
        } else if sig == b"PK\x01\x02" {
            (24, 28, 46)
        } else {
            continue;
        };
        let len = u16::from_le_bytes([zip[i + name_len_at], zip[i + name_len_at + 1]]) as usize;
        if zip.get(i + name_at..i + name_at + len) == Some(n) {
            zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert!(patched >= 2, "patched {patched} headers of `{name}`");
}

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
