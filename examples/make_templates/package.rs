//! The parts of a .docx package around the body, and the zip that holds
//! them: document with its section, header and footer parts, content
//! types, relationships, core properties, font table. Each is written from
//! a little data by one function; a template's package (`house.rs`,
//! `portfolio.rs`) lists its parts in its own order.

use std::fmt::Write as _;
use std::io::Write as _;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::blocks::Block;
use crate::write::{self, Quotes};

pub(crate) const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
/// Namespace declarations of a part's root element: `w:` alone, or `w:` and `r:`.
pub(crate) const W: &str =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
pub(crate) const W_R: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
     xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

/// Content types, for `[Content_Types].xml`.
pub(crate) mod content {
    const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    pub(crate) fn wml(part: &str) -> String {
        format!("{WML}.{part}+xml")
    }
    pub(crate) const THEME: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
    pub(crate) const CORE: &str = "application/vnd.openxmlformats-package.core-properties+xml";
    pub(crate) const APP: &str =
        "application/vnd.openxmlformats-officedocument.extended-properties+xml";
}

/// Relationship types.
pub(crate) mod rel {
    const OFFICE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    /// A relationship of the document part (`styles`, `theme`, `header`, …).
    pub(crate) fn document(kind: &str) -> String {
        format!("{OFFICE}/{kind}")
    }
}

/// Page geometry, in twentieths of a point.
pub(crate) struct Page {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) landscape: bool,
    pub(crate) top: u32,
    pub(crate) bottom: u32,
    /// Left and right margin.
    pub(crate) side: u32,
    /// Distance of the header and of the footer from the page edge.
    pub(crate) header: u32,
    pub(crate) footer: u32,
    /// The document grid's line pitch, if the section has one.
    pub(crate) line_pitch: Option<u32>,
}

impl Page {
    /// Width of the text column: every table is exactly this wide.
    pub(crate) const fn text_width(&self) -> u32 {
        self.width - 2 * self.side
    }
}

/// `word/document.xml`: the body, then the one section with its page and,
/// if given, the relationship ids of its header and footer.
pub(crate) fn document(
    body: &[Block],
    page: &Page,
    header_footer: Option<(&str, &str)>,
    quotes: Quotes,
) -> String {
    let mut x = format!(
        "{XML_DECL}<w:document {W_R}><w:body>{}<w:sectPr>",
        write::xml(body, page.text_width(), quotes)
    );
    if let Some((header, footer)) = header_footer {
        write!(
            x,
            "<w:headerReference w:type=\"default\" r:id=\"{header}\"/>\
             <w:footerReference w:type=\"default\" r:id=\"{footer}\"/>"
        )
        .unwrap();
    }
    let orient = if page.landscape {
        " w:orient=\"landscape\""
    } else {
        ""
    };
    write!(
        x,
        "<w:pgSz w:w=\"{}\" w:h=\"{}\"{orient}/>\
         <w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" \
         w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/><w:cols w:space=\"708\"/>",
        page.width,
        page.height,
        page.top,
        page.side,
        page.bottom,
        page.side,
        page.header,
        page.footer
    )
    .unwrap();
    if let Some(pitch) = page.line_pitch {
        write!(x, "<w:docGrid w:linePitch=\"{pitch}\"/>").unwrap();
    }
    x += "</w:sectPr></w:body></w:document>";
    x
}

/// A header (`hdr`) or footer (`ftr`) part holding `blocks`.
pub(crate) fn header_footer(root: &str, blocks: &[Block], page: &Page, quotes: Quotes) -> String {
    format!(
        "{XML_DECL}<w:{root} {W_R}>{}</w:{root}>",
        write::xml(blocks, page.text_width(), quotes)
    )
}

/// `[Content_Types].xml`: defaults for `.rels` and `.xml`, then one override per part.
pub(crate) fn content_types(overrides: &[(&str, &str)]) -> String {
    let mut x = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    for (part, ty) in overrides {
        write!(x, "<Override PartName=\"{part}\" ContentType=\"{ty}\"/>").unwrap();
    }
    x += "</Types>";
    x
}

/// A relationships part: id, type and target of each relationship.
pub(crate) fn rels(entries: &[(&str, &str, &str)]) -> String {
    let mut x = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    for (id, ty, target) in entries {
        write!(
            x,
            "<Relationship Id=\"{id}\" Type=\"{ty}\" Target=\"{target}\"/>"
        )
        .unwrap();
    }
    x += "</Relationships>";
    x
}

/// `_rels/.rels`: the document and the two property parts.
pub(crate) fn root_rels() -> String {
    rels(&[
        (
            "rId1",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        (
            "rId3",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
            "docProps/app.xml",
        ),
    ])
}

/// Fixed date of every zip entry and document property, so that re-running
/// the generator gives identical bytes.
const FIXED_W3CDTF: &str = "2026-01-01T00:00:00Z";

/// What `docProps/core.xml` holds; `None` fields are left out. Title and
/// subject may hold tags: they are rendered too.
pub(crate) struct CoreProps<'a> {
    pub(crate) title: &'a str,
    pub(crate) subject: Option<&'a str>,
    pub(crate) creator: &'a str,
    pub(crate) keywords: Option<&'a str>,
    pub(crate) last_modified_by: Option<&'a str>,
    pub(crate) revision: Option<u32>,
}

pub(crate) fn core_props(p: &CoreProps) -> String {
    let mut x = format!(
        "{XML_DECL}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title>",
        esc(p.title)
    );
    if let Some(s) = p.subject {
        write!(x, "<dc:subject>{}</dc:subject>", esc(s)).unwrap();
    }
    write!(x, "<dc:creator>{}</dc:creator>", esc(p.creator)).unwrap();
    if let Some(k) = p.keywords {
        write!(x, "<cp:keywords>{}</cp:keywords>", esc(k)).unwrap();
    }
    if let Some(by) = p.last_modified_by {
        write!(x, "<cp:lastModifiedBy>{}</cp:lastModifiedBy>", esc(by)).unwrap();
    }
    if let Some(r) = p.revision {
        write!(x, "<cp:revision>{r}</cp:revision>").unwrap();
    }
    write!(
        x,
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{FIXED_W3CDTF}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{FIXED_W3CDTF}</dcterms:modified></cp:coreProperties>"
    )
    .unwrap();
    x
}

/// Escapes text for element content.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A font of the font table.
pub(crate) struct Font {
    pub(crate) name: &'static str,
    /// The metric-compatible font LibreOffice substitutes (Carlito for Calibri).
    pub(crate) alt_name: Option<&'static str>,
    pub(crate) panose: &'static str,
    pub(crate) family: &'static str,
    pub(crate) pitch: &'static str,
}

/// `word/fontTable.xml`, its root declaring the namespaces `ns`.
pub(crate) fn font_table(ns: &str, fonts: &[Font]) -> String {
    let mut x = format!("{XML_DECL}<w:fonts {ns}>");
    for f in fonts {
        write!(x, "<w:font w:name=\"{}\">", f.name).unwrap();
        if let Some(alt) = f.alt_name {
            write!(x, "<w:altName w:val=\"{alt}\"/>").unwrap();
        }
        write!(
            x,
            "<w:panose1 w:val=\"{}\"/><w:charset w:val=\"00\"/><w:family w:val=\"{}\"/>\
             <w:pitch w:val=\"{}\"/></w:font>",
            f.panose, f.family, f.pitch
        )
        .unwrap();
    }
    x += "</w:fonts>";
    x
}

/// The zip: entries in the order given, deflated, with a fixed time and
/// Unix permissions so that the bytes do not depend on the machine.
pub(crate) fn zip(entries: &[(&str, String)], time: DateTime) -> Vec<u8> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644)
        .system(zip::System::Unix);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, xml) in entries {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(xml.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}
