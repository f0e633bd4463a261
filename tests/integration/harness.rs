//! Test harness: build .docx files whose XML imitates what Word writes, run
//! the real binary, and read the output back.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use zip::write::SimpleFileOptions;

/// The namespace declarations Word 2016+ puts on `w:document`, `w:hdr`, `w:ftr`.
pub const NS: &str = r#"xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" mc:Ignorable="w14 wp14""#;

/// A paragraph with one plain run, Word-style (rsids included).
pub fn p(text: &str) -> String {
    format!(
        r#"<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3"><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}

/// A paragraph whose text is split into runs exactly as given (already XML).
pub fn p_runs(runs: &str) -> String {
    format!(r#"<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00D4E5F6">{runs}</w:p>"#)
}

/// A run with optional run properties.
pub fn r(rpr: &str, text: &str) -> String {
    let rpr = if rpr.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{rpr}</w:rPr>")
    };
    format!(r#"<w:r w:rsidRPr="00B7C8D9">{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

/// A table row of cells, each holding one paragraph of text.
pub fn tr(cells: &[&str]) -> String {
    let mut s = String::from("<w:tr>");
    for c in cells {
        s.push_str(&format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{}</w:tc>"#,
            p(c)
        ));
    }
    s.push_str("</w:tr>");
    s
}

/// A table with a grid of `cols` columns.
pub fn table(cols: usize, rows: &[String]) -> String {
    let grid: String = (0..cols).map(|_| r#"<w:gridCol w:w="2000"/>"#).collect();
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>"#,
        rows.concat()
    )
}

/// Builds a .docx the way Word lays one out.
#[derive(Debug, Clone, Default)]
pub struct Docx {
    pub body: String,
    pub header: Option<String>,
    pub footer: Option<String>,
    pub footnotes: Option<String>,
    pub title: Option<String>,
    /// Extra raw entries (name, bytes).
    pub extra: Vec<(String, Vec<u8>)>,
    /// Parts related to the main document: (file name in `word/`, relationship
    /// type URI, content type, XML).
    pub related: Vec<(String, String, String, String)>,
}

impl Docx {
    pub fn body(body: impl Into<String>) -> Self {
        Docx {
            body: body.into(),
            ..Default::default()
        }
    }
    pub fn header(mut self, xml: impl Into<String>) -> Self {
        self.header = Some(xml.into());
        self
    }
    pub fn footer(mut self, xml: impl Into<String>) -> Self {
        self.footer = Some(xml.into());
        self
    }
    pub fn footnotes(mut self, xml: impl Into<String>) -> Self {
        self.footnotes = Some(xml.into());
        self
    }
    /// Adds `word/{name}`, related to the main document by `rel_type`.
    pub fn related(mut self, name: &str, rel_type: &str, content_type: &str, xml: &str) -> Self {
        self.related.push((
            name.into(),
            rel_type.into(),
            content_type.into(),
            xml.into(),
        ));
        self
    }
    pub fn title(mut self, t: impl Into<String>) -> Self {
        self.title = Some(t.into());
        self
    }

    pub fn document_xml(&self) -> String {
        let mut refs = String::new();
        if self.header.is_some() {
            refs.push_str(r#"<w:headerReference w:type="default" r:id="rId8"/>"#);
        }
        if self.footer.is_some() {
            refs.push_str(r#"<w:footerReference w:type="default" r:id="rId9"/>"#);
        }
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS}><w:body>{}<w:sectPr w:rsidR="00A1B2C3">{refs}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1134" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>"#,
            self.body
        )
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut ct = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
        );
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        );
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        let wrap = |root: &str, inner: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{root} {NS}>{inner}</w:{root}>"#
            )
        };
        if let Some(h) = &self.header {
            ct.push_str(r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#);
            parts.push(("word/header1.xml".into(), wrap("hdr", h).into_bytes()));
        }
        if let Some(f) = &self.footer {
            ct.push_str(r#"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#);
            parts.push(("word/footer1.xml".into(), wrap("ftr", f).into_bytes()));
        }
        if let Some(f) = &self.footnotes {
            ct.push_str(r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#);
            parts.push((
                "word/footnotes.xml".into(),
                wrap("footnotes", f).into_bytes(),
            ));
        }
        for (i, (name, rel_type, content_type, xml)) in self.related.iter().enumerate() {
            ct.push_str(&format!(
                r#"<Override PartName="/word/{name}" ContentType="{content_type}"/>"#
            ));
            rels.push_str(&format!(
                r#"<Relationship Id="rId{}" Type="{rel_type}" Target="{name}"/>"#,
                20 + i
            ));
            parts.push((format!("word/{name}"), xml.clone().into_bytes()));
        }
        ct.push_str("</Types>");
        rels.push_str("</Relationships>");
        let title = self.title.clone().unwrap_or_else(|| "Template".into());
        let core = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>Test</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created></cp:coreProperties>"#
        );
        let mut entries: Vec<(String, Vec<u8>)> = vec![
            ("[Content_Types].xml".into(), ct.into_bytes()),
            (
                "_rels/.rels".into(),
                br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_vec(),
            ),
            ("word/document.xml".into(), self.document_xml().into_bytes()),
            ("word/_rels/document.xml.rels".into(), rels.into_bytes()),
            (
                "word/styles.xml".into(),
                format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#).into_bytes(),
            ),
            ("docProps/core.xml".into(), core.into_bytes()),
            (
                "docProps/app.xml".into(),
                br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application></Properties>"#.to_vec(),
            ),
        ];
        entries.extend(parts);
        entries.extend(self.extra.clone());
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let opts = SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .last_modified_time(zip::DateTime::default());
            for (name, data) in entries {
                zip.start_file(name, opts).unwrap();
                zip.write_all(&data).unwrap();
            }
            zip.finish().unwrap();
        }
        buf.into_inner()
    }

    pub fn write(&self, path: &Path) -> PathBuf {
        std::fs::write(path, self.bytes()).unwrap();
        path.to_path_buf()
    }
}

/// A temporary folder for one test.
pub struct Case {
    pub dir: tempfile::TempDir,
}

impl Case {
    pub fn new() -> Self {
        Case {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }
    pub fn docx(&self, name: &str, d: &Docx) -> PathBuf {
        d.write(&self.path(name))
    }
    /// Runs the binary in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_engagekit"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run::from(out)
    }
    /// Names of the files in the folder (not recursive), sorted.
    pub fn listing(&self, sub: &str) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.path(sub))
            .map(|rd| {
                rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
    #[track_caller]
    pub fn fails(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs openxml-audit on a file and returns its report, or `None` when it
/// is not installed ([`crate::tools`]: a note, or a failure in CI).
pub fn openxml_audit(path: &Path) -> Option<String> {
    let audit = crate::tools::tool("openxml-audit")?;
    let out = Command::new(audit).arg(path).output().unwrap();
    Some(format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}

/// Every entry of a zip, decompressed.
pub fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().unwrap().to_string(), data);
    }
    out
}

/// One part of a .docx as text.
pub fn part(path: &Path, name: &str) -> String {
    let entries = unzip(path);
    String::from_utf8(
        entries
            .get(name)
            .unwrap_or_else(|| panic!("no part {name}"))
            .clone(),
    )
    .unwrap()
}

/// Checks that XML is well-formed (every element closed, names matching).
#[track_caller]
pub fn assert_well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "not well-formed at {}: {e}\n{xml}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
}

/// The text of each paragraph of a WordprocessingML part, as a person reads it:
/// `w:t` text, `w:tab` as `\t`, `w:br` as `\n`.
pub fn paragraphs(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    assert_well_formed(xml);
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut in_t = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().0 == "w:p" => cur = Some(String::new()),
            Event::Empty(e) if e.name().0 == "w:p" => out.push(String::new()),
            Event::End(e) if e.name().0 == "w:p" => out.push(cur.take().unwrap_or_default()),
            Event::Start(e) if e.name().0 == "w:t" => in_t = true,
            Event::End(e) if e.name().0 == "w:t" => in_t = false,
            Event::Empty(e) if e.name().0 == "w:tab" => cur.get_or_insert_default().push('\t'),
            Event::Empty(e) if e.name().0 == "w:br" => cur.get_or_insert_default().push('\n'),
            Event::Text(t) if in_t => {
                let s = t.xml10_content();
                cur.get_or_insert_default().push_str(&s);
            }
            Event::GeneralRef(r) if in_t => {
                let name = r.into_inner().into_owned();
                let c = match name.as_str() {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    n if n.starts_with("#x") => {
                        char::from_u32(u32::from_str_radix(&n[2..], 16).unwrap())
                            .unwrap()
                            .to_string()
                    }
                    n if n.starts_with('#') => {
                        char::from_u32(n[1..].parse().unwrap()).unwrap().to_string()
                    }
                    n => panic!("unknown entity {n}"),
                };
                cur.get_or_insert_default().push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// All paragraph texts of the body, joined by newlines.
pub fn body_text(path: &Path) -> String {
    paragraphs(&part(path, "word/document.xml")).join("\n")
}
