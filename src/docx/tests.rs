//! Package tests: discovery, hostile input, writing read back.

use std::io::{Cursor, Read};
use std::path::PathBuf;

use zip::ZipArchive;

use super::testutil::*;
use super::*;
use crate::docx::write::WriteOptions;

fn open(bytes: Vec<u8>) -> Result<DocxPackage> {
    DocxPackage::from_bytes(bytes, "t.docx")
}

fn reason(r: Result<DocxPackage>) -> String {
    match r {
        Err(Error::BadPackage { path, reason }) => {
            assert_eq!(path, PathBuf::from("t.docx"));
            reason
        }
        Err(e) => panic!("expected BadPackage, got {e:?}"),
        Ok(_) => panic!("expected an error"),
    }
}

#[test]
fn package_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<DocxPackage>();
}

#[test]
fn discovers_parts_in_order_through_rels() {
    let pkg = open(word_docx()).unwrap();
    let parts = pkg.template_parts();
    let names: Vec<_> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "word/document.xml",
            "word/header1.xml",
            "word/header2.xml",
            "word/header10.xml",
            "word/footer1.xml",
            "word/footnotes.xml",
            "docProps/core.xml",
        ]
    );
    assert!(parts[..6].iter().all(|(_, k)| *k == PartKind::Word));
    assert_eq!(parts[6].1, PartKind::CoreProperties);
    // header99.xml is in the rels but not in the zip: skipped, no panic.
    assert!(!names.contains(&"word/header99.xml"));
}

#[test]
fn main_part_named_by_rels_not_by_file_name() {
    let mut entries = word_entries();
    entries.retain(|(n, _, _)| !n.starts_with("word/_rels") && n != "word/document.xml");
    entries.push(("word/main.xml".into(), DOCUMENT.as_bytes().to_vec(), false));
    for e in entries.iter_mut() {
        if e.0 == "_rels/.rels" {
            e.1 = PACKAGE_RELS
                .replace("word/document.xml", "/word/main.xml")
                .into_bytes();
        }
    }
    let pkg = open(zip_entries(&entries)).unwrap();
    let parts = pkg.template_parts();
    assert_eq!(parts[0], ("word/main.xml".to_string(), PartKind::Word));
    assert_eq!(parts.len(), 2, "{parts:?}");
}

/// `_rels/.rels` that names no main part (a package without it at all is
/// refused: [`zip_without_content_types_or_package_rels`]).
#[test]
fn falls_back_to_word_document_xml_without_an_office_document_rel() {
    let mut entries: Vec<Entry> = word_entries()
        .into_iter()
        .filter(|(n, _, _)| n == "word/document.xml" || n == "[Content_Types].xml")
        .collect();
    entries.push((
        "_rels/.rels".into(),
        br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#.to_vec(),
        false,
    ));
    let pkg = open(zip_entries(&entries)).unwrap();
    assert_eq!(
        pkg.template_parts(),
        [("word/document.xml".to_string(), PartKind::Word)]
    );
}

#[test]
fn non_xml_content_type_is_skipped() {
    let mut entries = word_entries();
    for e in entries.iter_mut() {
        if e.0 == "[Content_Types].xml" {
            e.1 = CONTENT_TYPES
                .replace(
                    r#"/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml""#,
                    r#"/word/footer1.xml" ContentType="image/png""#,
                )
                .into_bytes();
        }
    }
    let pkg = open(zip_entries(&entries)).unwrap();
    assert!(
        !pkg.template_parts()
            .iter()
            .any(|(n, _)| n == "word/footer1.xml")
    );
}

#[test]
fn read_text_and_template_parts_with_text() {
    let pkg = open(word_docx()).unwrap();
    assert_eq!(pkg.read_text("word/document.xml").unwrap(), DOCUMENT);
    let parts = pkg.read_template_parts().unwrap();
    assert_eq!(parts.len(), 7);
    let with_tags: Vec<_> = parts
        .iter()
        .filter(|p| p.may_have_tags())
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        with_tags,
        [
            "word/document.xml",
            "word/header10.xml",
            "docProps/core.xml"
        ]
    );
    let err = pkg.read_text("word/nope.xml").unwrap_err().to_string();
    assert!(err.contains("word/nope.xml"), "{err}");
}

#[test]
fn bom_is_stripped_and_non_utf8_part_is_named() {
    let mut entries = word_entries();
    for e in entries.iter_mut() {
        if e.0 == "word/header1.xml" {
            e.1.splice(0..0, [0xEF, 0xBB, 0xBF]);
        }
        if e.0 == "word/footer1.xml" {
            e.1.extend([0xFF, 0xFE]);
        }
    }
    let pkg = open(zip_entries(&entries)).unwrap();
    assert!(
        pkg.read_text("word/header1.xml")
            .unwrap()
            .starts_with("<?xml")
    );
    let err = pkg.read_text("word/footer1.xml").unwrap_err().to_string();
    assert!(
        err.contains("`word/footer1.xml` is not UTF-8") && err.contains("t.docx"),
        "{err}"
    );
}

// ---- hostile input ----

#[test]
fn not_a_zip() {
    let r = reason(open(b"hello, I am a text file".to_vec()));
    assert!(
        r.starts_with("not a zip archive — is this really a .docx?"),
        "{r}"
    );
    let r = reason(open(Vec::new()));
    assert!(r.starts_with("not a zip archive"), "{r}");
    let mut truncated = word_docx();
    truncated.truncate(truncated.len() / 2);
    assert!(reason(open(truncated)).starts_with("not a zip archive"));
}

#[test]
fn ole_file_is_password_protected_or_legacy() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let r = reason(open(ole));
    assert!(r.starts_with("password-protected or legacy .doc"), "{r}");
}

#[test]
fn zip_without_document_xml() {
    let entries: Vec<Entry> = word_entries()
        .into_iter()
        .filter(|(n, _, _)| n != "word/document.xml")
        .collect();
    let r = reason(open(zip_entries(&entries)));
    assert_eq!(r, "no `word/document.xml` — not a Word document");
}

/// Issue 15, failure 8: such a template rendered with exit 0 into a file
/// LibreOffice could not load.
#[test]
fn zip_without_content_types_or_package_rels() {
    for missing in ["[Content_Types].xml", "_rels/.rels"] {
        let entries: Vec<Entry> = word_entries()
            .into_iter()
            .filter(|(n, _, _)| n != missing)
            .collect();
        let r = reason(open(zip_entries(&entries)));
        assert_eq!(
            r,
            format!("no `{missing}` — not a complete Word package; open and save it again in Word")
        );
    }
}

#[test]
fn duplicate_entry_names() {
    let mut entries = word_entries();
    entries.push(("word/header1.xml".into(), b"<evil/>".to_vec(), false));
    // The zip writer refuses duplicates, so rename after writing.
    let last = entries.len() - 1;
    entries[last].0 = "word/header9.xml".into();
    let mut bytes = zip_entries(&entries);
    let from = b"word/header9.xml";
    let to = b"word/header1.xml";
    let mut i = 0;
    while let Some(off) = bytes[i..].windows(from.len()).position(|w| w == from) {
        bytes[i + off..i + off + to.len()].copy_from_slice(to);
        i += off + 1;
    }
    let r = reason(open(bytes));
    assert!(r.starts_with("duplicate entry names"), "{r}");

    // Same name but for case: OPC treats these as one part.
    let mut entries = word_entries();
    entries.push(("WORD/Header1.xml".into(), b"<evil/>".to_vec(), false));
    let r = reason(open(zip_entries(&entries)));
    assert!(r.starts_with("duplicate entry `WORD/Header1.xml`"), "{r}");
}

#[test]
fn zip_slip_names() {
    for bad in [
        "../evil.xml",
        "word/../../evil.xml",
        "/etc/passwd",
        "a\\..\\..\\b",
        "C:\\win.txt",
    ] {
        let mut entries = word_entries();
        entries.push((bad.into(), b"x".to_vec(), false));
        let r = reason(open(zip_entries(&entries)));
        assert!(
            r.starts_with(&format!("unsafe entry name `{bad}`")),
            "{bad}: {r}"
        );
    }
}

#[test]
fn bomb_declaring_300_mib() {
    let mut entries = word_entries();
    entries.push(("word/media/big.bin".into(), vec![0; 1000], false));
    let mut bytes = zip_entries(&entries);
    patch_declared_size(&mut bytes, "word/media/big.bin", 300 * 1024 * 1024);
    let r = reason(open(bytes));
    assert!(
        r.contains("`word/media/big.bin` declares 300 MiB")
            && r.contains("larger than the 256 MiB limit"),
        "{r}"
    );
}

#[test]
fn bomb_lying_about_its_size() {
    // Declares 100 bytes, inflates to 1 MiB of zeros.
    let mut entries = word_entries();
    for e in entries.iter_mut() {
        if e.0 == "word/header1.xml" {
            e.1 = vec![b' '; 1024 * 1024];
        }
    }
    let mut bytes = zip_entries(&entries);
    patch_declared_size(&mut bytes, "word/header1.xml", 100);
    let pkg = open(bytes).unwrap();
    let err = pkg.read_text("word/header1.xml").unwrap_err().to_string();
    assert!(
        err.contains("`word/header1.xml`") && err.contains("corrupt"),
        "{err}"
    );
}

#[test]
fn reads_stop_at_the_limit() {
    // Honest sizes, but over a (test-sized) limit: rejected at open.
    let r = DocxPackage::from_bytes_with_limit(word_docx(), "t.docx".into(), 600);
    let r = reason(r);
    assert!(r.contains("larger than the 600 bytes limit"), "{r}");
    // Each entry is under the limit but the templatable parts together are not.
    let mut entries = word_entries();
    for e in entries.iter_mut() {
        if e.0 == "word/header1.xml" || e.0 == "word/footer1.xml" {
            e.1.resize(2400, b' ');
        }
    }
    let r = reason(DocxPackage::from_bytes_with_limit(
        zip_entries(&entries),
        "t.docx".into(),
        2500,
    ));
    assert!(r.starts_with("the templatable parts declare"), "{r}");
}

// ---- writing ----

fn raw_info(bytes: &[u8]) -> Vec<(String, u32, u64, u64, Vec<u8>)> {
    let mut z = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let f = z.by_index_raw(i).unwrap();
            let name = f.name().unwrap().into_owned();
            let (crc, cs, us) = (f.crc32(), f.compressed_size(), f.size());
            let mut raw = Vec::new();
            let mut f = f;
            f.read_to_end(&mut raw).unwrap();
            (name, crc, cs, us, raw)
        })
        .collect()
}

#[test]
fn untouched_entries_are_copied_raw_and_replaced_ones_read_back() {
    let src = word_docx();
    let pkg = open(src.clone()).unwrap();
    let body = DOCUMENT.replace("{{ customer.name }}", "ACME &amp; Co");
    let core = CORE.replace("{{ title }}", "Report");
    let out = pkg
        .to_bytes(&[
            ("word/document.xml", body.as_bytes()),
            ("docProps/core.xml", core.as_bytes()),
        ])
        .unwrap();

    let before = raw_info(&src);
    let after = raw_info(&out);
    assert_eq!(
        before.iter().map(|e| &e.0).collect::<Vec<_>>(),
        after.iter().map(|e| &e.0).collect::<Vec<_>>(),
        "same entries, same order"
    );
    for (b, a) in before.iter().zip(&after) {
        if b.0 == "word/document.xml" || b.0 == "docProps/core.xml" {
            assert_ne!(b.1, a.1, "{} was replaced", b.0);
        } else {
            assert_eq!(b, a, "{} must be byte-identical compressed data", b.0);
        }
    }
    let files = unzip(&out);
    let get = |n: &str| files.iter().find(|(name, _)| name == n).unwrap().1.clone();
    assert_eq!(get("word/document.xml"), body.as_bytes());
    assert_eq!(get("docProps/core.xml"), core.as_bytes());
    assert_eq!(get("word/media/image1.png"), png());

    // Every entry stamped 1980-01-01, 0o644; the stored image stays stored.
    let mut z = ZipArchive::new(Cursor::new(&out)).unwrap();
    for i in 0..z.len() {
        let f = z.by_index_raw(i).unwrap();
        assert_eq!(
            f.last_modified(),
            Some(zip::DateTime::DEFAULT),
            "{}",
            f.name().unwrap()
        );
        assert_eq!(f.unix_mode().map(|m| m & 0o777), Some(0o644));
        if f.name().unwrap() == "word/media/image1.png" {
            assert_eq!(f.compression(), zip::CompressionMethod::Stored);
        }
    }
    // And the output opens as a package again.
    let again = open(out).unwrap();
    assert_eq!(again.template_parts(), pkg.template_parts());
}

#[test]
fn output_is_deterministic() {
    let pkg = open(word_docx()).unwrap();
    let body = DOCUMENT.replace("{{ customer.name }}", "ACME");
    let a = pkg
        .to_bytes(&[("word/document.xml", body.as_bytes())])
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    // A second package from the same bytes, on another thread.
    let pkg2 = open(word_docx()).unwrap();
    let body2 = body.clone();
    let b = std::thread::spawn(move || {
        pkg2.to_bytes(&[("word/document.xml", body2.as_bytes())])
            .unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(a, b);
    let c = pkg.to_bytes(&[("word/document.xml", b"<other/>")]).unwrap();
    assert_ne!(a, c);
}

#[test]
fn extra_entries_and_custom_time() {
    let pkg = open(word_docx()).unwrap();
    let t = zip::DateTime::from_date_and_time(2026, 7, 1, 12, 0, 0).unwrap();
    let opts = WriteOptions {
        modified: t,
        ..WriteOptions::default()
    };
    let out = pkg
        .write_with(
            &[],
            &[("customXml/item9.xml", b"<x/>")],
            &opts,
            Cursor::new(Vec::new()),
        )
        .unwrap()
        .into_inner();
    let files = unzip(&out);
    assert_eq!(files.last().unwrap().0, "customXml/item9.xml");
    let mut z = ZipArchive::new(Cursor::new(&out)).unwrap();
    assert_eq!(z.by_index(0).unwrap().last_modified(), Some(t));

    // A typo in a replaced name, a duplicate, a clash with an existing entry.
    let e = pkg.to_bytes(&[("word/documnt.xml", b"x")]).unwrap_err();
    assert!(e.to_string().contains("`word/documnt.xml`"), "{e}");
    let e = pkg
        .to_bytes(&[("word/document.xml", b"x"), ("word/document.xml", b"y")])
        .unwrap_err();
    assert!(e.to_string().contains("replaced twice"), "{e}");
    let e = pkg
        .write_with(
            &[],
            &[("word/styles.xml", b"x")],
            &opts,
            Cursor::new(Vec::new()),
        )
        .unwrap_err();
    assert!(e.to_string().contains("already there"), "{e}");
}

#[test]
fn write_file_is_atomic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.docx");
    let pkg = open(word_docx()).unwrap();
    pkg.write_file(&[("word/document.xml", b"<w:document/>")], &path)
        .unwrap();
    let first = std::fs::read(&path).unwrap();
    assert_eq!(
        open(first.clone())
            .unwrap()
            .read_text("word/document.xml")
            .unwrap(),
        "<w:document/>"
    );
    // Fails while the temp file exists (inside write_atomic's closure).
    let err = pkg
        .write_file(&[("word/missing.xml", b"x")], &path)
        .unwrap_err();
    assert!(err.to_string().contains("word/missing.xml"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), first, "old file untouched");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["out.docx"], "no temp file left");
}

#[test]
fn zip_out_writes_a_bundle() {
    let pkg = open(word_docx()).unwrap();
    let docx = pkg.to_bytes(&[]).unwrap();
    let mut out = ZipOut::new(Cursor::new(Vec::new()), WriteOptions::default());
    out.add_stored("Q3/report.docx", &docx).unwrap();
    out.add("manifest.json", br#"{"documents":1}"#).unwrap();
    assert!(out.add("manifest.json", b"again").is_err());
    assert!(out.add("../x", b"x").is_err());
    let bytes = out.finish().unwrap().into_inner();
    let files = unzip(&bytes);
    assert_eq!(files[0], ("Q3/report.docx".to_string(), docx));
    assert_eq!(files[1].1, br#"{"documents":1}"#);
}

#[test]
fn zip_out_streamed_entries_are_the_same_bytes() {
    // More than `Feed` holds (1 MiB) of varied text, written in small pieces.
    let text: String = (0..100_000)
        .map(|i| format!("{{\"n\":{i},\"name\":\"row {}\"}},", i * 7919 % 1013))
        .collect();
    let whole = {
        let mut out = ZipOut::new(Cursor::new(Vec::new()), WriteOptions::default());
        out.add("a.json", text.as_bytes()).unwrap();
        out.add_stored("b.txt", text.as_bytes()).unwrap();
        out.finish().unwrap().into_inner()
    };
    let pieces = |w: &mut (dyn std::io::Write + Send)| {
        for piece in text.as_bytes().chunks(7) {
            w.write_all(piece).unwrap();
        }
        Ok(())
    };
    let mut out = ZipOut::new(Cursor::new(Vec::new()), WriteOptions::default());
    out.add_from("a.json", pieces).unwrap();
    out.add_stored_from("b.txt", pieces).unwrap();
    let streamed = out.finish().unwrap().into_inner();
    assert_eq!(unzip(&streamed)[0].1, text.as_bytes());
    assert!(
        whole == streamed,
        "a streamed entry differs from a whole one"
    );

    let mut out = ZipOut::new(Cursor::new(Vec::new()), WriteOptions::default());
    out.add_from("a.json", |_| Ok(())).unwrap();
    assert!(out.add_from("A.JSON", |_| Ok(())).is_err(), "name taken");
    let err = out
        .add_stored_from("c.json", |_| Err(crate::Error::Usage("no".into())))
        .unwrap_err();
    assert_eq!(err.to_string(), "no");
}

/// Issue 15: a `<!DOCTYPE>` (here with entities, "billion laughs" style) in
/// a templated part and in an untouched one is dropped from the output.
#[test]
fn a_doctype_is_dropped_from_every_part_written() {
    let laughs = "<!DOCTYPE x [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;\">]>";
    let mut entries = word_entries();
    for e in entries.iter_mut() {
        if e.0 == "word/document.xml" || e.0 == "word/styles.xml" {
            let text = String::from_utf8(e.1.clone()).unwrap();
            let at = text.find("?>").map_or(0, |i| i + 2);
            e.1 = format!("{}{laughs}{}", &text[..at], &text[at..]).into_bytes();
        }
    }
    let pkg = open(zip_entries(&entries)).unwrap();
    let body = pkg.read_text("word/document.xml").unwrap();
    assert!(!body.contains("DOCTYPE"), "{body}");
    let out = pkg
        .to_bytes(&[("word/document.xml", body.as_bytes())])
        .unwrap();
    for (name, bytes) in unzip(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<!DOCTYPE"), "{name}: {text}");
    }
    // Untouched parts without one are still copied byte for byte.
    let clean = open(word_docx()).unwrap();
    assert!(!clean.has_doctype("word/styles.xml"));
}
