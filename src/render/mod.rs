//! Rendering: compile a template's parts once, render them many times.
//!
//! A [`CompiledTemplate`] holds the opened package and one minijinja
//! `Environment` with a template per part that holds tags. It is `Send + Sync`,
//! so one compiled template serves every worker thread of a batch.

mod check;
pub mod context;
pub mod limits;
pub mod merge;
mod plain;
#[cfg(test)]
mod props;
pub mod report;
mod structure;
pub mod vars;

use std::borrow::Cow;
use std::path::Path;

use minijinja::{
    AutoEscape, Environment, Error as JinjaError, Output, State, UndefinedBehavior, Value,
};

use crate::docx::comments::Comments;
use crate::docx::{DocxPackage, IdFixer, PartKind};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::location::Location;
use crate::tags::{self, Prepared, Preprocessed};
pub use context::Context;
pub use limits::Limits;

/// How templates are rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Render undefined variables as empty instead of failing.
    pub lenient: bool,
    /// Locale for the `date`, `money`, `percent` and `number` filters; the
    /// data's top-level `locale` wins over the default `en`, this wins over both.
    pub locale: Option<String>,
}

/// One part of the package that holds tags, preprocessed and compiled.
#[derive(Debug)]
struct PartTemplate {
    name: String,
    kind: PartKind,
    prepared: Prepared,
    /// The source compiled in place of `prepared.source` when broken tags
    /// were neutralised ([`CompiledTemplate::compile_partial`]).
    repaired: Option<String>,
    /// No data can make this part's output malformed ([`structure`]), so the
    /// rendered XML needs no well-formedness check.
    static_structure: bool,
}

/// A .docx template, opened, preprocessed and compiled once.
#[derive(Debug)]
pub struct CompiledTemplate {
    package: DocxPackage,
    /// The comment parts, when there are comments: a loop may repeat their anchors.
    comments: Option<Comments>,
    env: Environment<'static>,
    parts: Vec<PartTemplate>,
    options: RenderOptions,
    /// What else the caller offers for an undefined value (e.g. a flag).
    undefined_hint: Option<String>,
    limits: Limits,
}

/// The rendered parts of one document, ready to be written.
#[derive(Debug)]
pub struct RenderedDocument {
    /// (part name, new XML) for every part that held tags, and the comment
    /// parts when a loop repeated a comment's anchors.
    pub parts: Vec<(String, String)>,
    /// Problems that did not stop rendering (e.g. dropped control characters).
    pub warnings: Diagnostics,
}

impl CompiledTemplate {
    /// Opens and compiles a .docx template file.
    pub fn open(path: &Path, options: RenderOptions) -> Result<Self> {
        Self::compile(DocxPackage::open(path)?, options)
    }

    /// Preprocesses and compiles every part of `package` that holds tags.
    /// Every problem of every part is reported together: preprocessing
    /// problems (e.g. an unclosed `{{`), minijinja syntax errors and unknown
    /// filters, sorted by paragraph within each part.
    pub fn compile(package: DocxPackage, options: RenderOptions) -> Result<Self> {
        let (template, problems) = Self::compile_partial(package, options)?;
        if problems.has_errors() {
            return Err(Error::Invalid(problems));
        }
        Ok(template)
    }

    /// Opens a template like [`Self::open`], but see [`Self::compile_partial`].
    pub fn open_partial(path: &Path, options: RenderOptions) -> Result<(Self, Diagnostics)> {
        Self::compile_partial(DocxPackage::open(path)?, options)
    }

    /// Compiles what it can: the problems [`Self::compile`] fails with, and
    /// a template whose broken tags are left out (a part that cannot be
    /// repaired so is left out whole). Rendering it with data finds the
    /// errors only data shows (undefined values), so that a template's
    /// errors are all reported in one run. `Err` is for a package that
    /// cannot be read.
    pub fn compile_partial(
        package: DocxPackage,
        options: RenderOptions,
    ) -> Result<(Self, Diagnostics)> {
        let mut env = new_environment(&options);
        let mut parts = Vec::new();
        let mut problems = Diagnostics::new();
        for (name, kind) in package.template_parts() {
            let xml = package.read_text(&name)?;
            if !has_tags(&xml) {
                continue;
            }
            let pre = match kind {
                PartKind::Word => match tags::preprocess(&name, &xml) {
                    Ok(p) => p,
                    Err(d) => {
                        problems.extend(with_file(d, package.path()));
                        continue;
                    }
                },
                PartKind::CoreProperties => Preprocessed {
                    prepared: plain::prepare(&xml),
                    problems: Diagnostics::new(),
                },
            };
            let (prepared, found, neutralised) = report::template_problems(pre, &name, &env);
            let repaired = (!found.is_empty()).then_some(neutralised);
            problems.extend(with_file(found, package.path()));
            let source = repaired.as_ref().unwrap_or(&prepared.source);
            if let Err(e) = env.add_template_owned(name.clone(), source.clone()) {
                if repaired.is_some() {
                    // Its errors are reported; the rest of it cannot be rendered.
                    continue;
                }
                return Err(Error::from(with_file(
                    report::jinja_error(&e, &prepared, &name, None, None).into(),
                    package.path(),
                )));
            }
            let static_structure = structure::is_static(source, kind == PartKind::Word);
            parts.push(PartTemplate {
                name,
                kind,
                prepared,
                repaired,
                static_structure,
            });
        }
        let comments = Comments::read(&package)?;
        let template = CompiledTemplate {
            package,
            comments,
            env,
            parts,
            options,
            undefined_hint: None,
            limits: Limits::default(),
        };
        Ok((template, problems))
    }

    /// The problems [`Self::compile_partial`] found, with those rendering
    /// `record` (the first of the data) finds in the rest of the template,
    /// in paragraph order per part.
    pub fn all_problems(
        &self,
        mut problems: Diagnostics,
        record: Option<Result<merge::Record>>,
    ) -> Diagnostics {
        match record {
            Some(Ok(r)) => {
                if let Err(Error::Invalid(d)) = self.render(&r.full_context()) {
                    problems.extend(d.locate(&r.source));
                }
            }
            Some(Err(Error::Invalid(d))) => problems.extend(d),
            _ => {}
        }
        check::by_place(&mut problems);
        problems
    }

    /// Adds `hint` to the hint of every undefined-value error, e.g. "or
    /// render with `--lenient` …": only the caller knows what it offers.
    pub fn set_undefined_hint(&mut self, hint: impl Into<String>) {
        self.undefined_hint = Some(hint.into());
    }

    /// Bounds the time and memory of every later render ([`limits`]).
    pub fn set_limits(&mut self, limits: Limits) {
        limits::apply(&mut self.env, limits);
        self.limits = limits;
    }

    /// The package the template came from.
    pub fn package(&self) -> &DocxPackage {
        &self.package
    }

    /// Every variable path the template reads, e.g. `customer.name`, `goals[].title`.
    pub fn variables(&self) -> Vec<String> {
        vars::paths(self.parts.iter().map(|p| &p.prepared))
    }

    /// Renders every templated part with `data`. On failure, the error carries
    /// diagnostics naming the part, paragraph and tag.
    pub fn render(&self, data: &serde_json::Value) -> Result<RenderedDocument> {
        self.render_context(&self.prepare(data))
    }

    /// Converts `data` into a template context once (with this template's
    /// locale option), to render it with [`Self::render_context`] into several
    /// documents or templates.
    pub fn prepare(&self, data: &serde_json::Value) -> Context {
        Context::new(data, self.options.locale.as_deref())
    }

    /// Renders every templated part with a prepared context; the context's
    /// warnings come first in the document's.
    pub fn render_context(&self, context: &Context) -> Result<RenderedDocument> {
        let ctx = context.value();
        let mut warnings = context.warnings().clone();
        let mut parts = Vec::with_capacity(self.parts.len());
        let mut problems = Diagnostics::new();
        let mut ids = IdFixer::default();
        if let Some(c) = &self.comments {
            c.reserve(&mut ids);
        }
        // Checked over every part: one part can include another.
        let fix_ids = self
            .parts
            .iter()
            .any(|p| may_need_id_fix(&p.prepared.source));
        for part in &self.parts {
            let tmpl = self.env.get_template(&part.name).map_err(Error::Engine)?;
            match limits::render(&tmpl, ctx, &self.limits) {
                Ok(xml) => {
                    let xml = match part.kind {
                        // Most parts need no id fixed: keep the rendered string
                        // instead of copying it, and skip the scan of the output
                        // when the template cannot have produced such an id.
                        PartKind::Word => {
                            let xml = match fix_ids.then(|| ids.fix(&xml)) {
                                Some(Cow::Owned(fixed)) => fixed,
                                _ => xml,
                            };
                            match crate::docx::cells::close_cells(&xml) {
                                Cow::Borrowed(_) => xml,
                                Cow::Owned(fixed) => fixed,
                            }
                        }
                        PartKind::CoreProperties => xml,
                    };
                    let checked = match part.static_structure {
                        true => Ok(()),
                        false => crate::docx::wellformed::check_xml(&xml),
                    };
                    if let Err(msg) = checked {
                        problems.push(
                            Diagnostic::error(
                                Location::Template {
                                    file: Some(self.package.path().to_path_buf()),
                                    part: part.name.clone(),
                                    paragraph: 0,
                                    paragraph_text: String::new(),
                                    tag: String::new(),
                                },
                                format!("the rendered part is not well-formed XML ({msg})"),
                            )
                            .with_hint(
                                "a block tag such as `{% if %}`/`{% endif %}` probably opens and closes in different table cells or structures; use `{%p %}`, `{%tr %}` or `{%tc %}` so whole elements are repeated or removed",
                            ),
                        );
                        continue;
                    }
                    parts.push((part.name.clone(), xml));
                }
                Err(limits::Stop::Jinja(e)) => {
                    // Every failing tag of the part, not only the first.
                    let source = part.repaired.as_ref().unwrap_or(&part.prepared.source);
                    let report = |e: &JinjaError| {
                        let d = report::jinja_error(
                            e,
                            &part.prepared,
                            &part.name,
                            Some(ctx),
                            self.undefined_hint.as_deref(),
                        );
                        with_file_one(d, self.package.path())
                    };
                    problems.extend(check::render_errors(
                        &self.env,
                        &part.name,
                        source,
                        &part.prepared,
                        ctx,
                        e,
                        report,
                    ));
                }
                Err(limits::Stop::Limit(msg)) => {
                    problems.push(limits::part_problem(self.package.path(), &part.name, msg));
                }
            }
        }
        if problems.has_errors() {
            problems.extend(warnings);
            return Err(Error::Invalid(problems));
        }
        if let Some(c) = &self.comments
            && !ids.comment_copies().is_empty()
        {
            let copies = ids.comment_copies().to_vec();
            parts.extend(c.with_copies(&copies, &mut ids));
        }
        warnings.extend(problems);
        Ok(RenderedDocument { parts, warnings })
    }

    /// Renders and writes one document atomically; returns the warnings.
    pub fn render_to_file(&self, data: &serde_json::Value, out: &Path) -> Result<Diagnostics> {
        let doc = self.render(data)?;
        self.write_file(&doc, out)?;
        Ok(doc.warnings)
    }

    /// Writes a rendered document atomically.
    pub fn write_file(&self, doc: &RenderedDocument, out: &Path) -> Result<()> {
        let replaced: Vec<(&str, &[u8])> = doc
            .parts
            .iter()
            .map(|(n, x)| (n.as_str(), x.as_bytes()))
            .collect();
        self.package.write_file(&replaced, out)
    }

    /// Writes a rendered document into any seekable writer (e.g. memory).
    pub fn write_to<W: std::io::Write + std::io::Seek>(
        &self,
        doc: &RenderedDocument,
        w: W,
    ) -> Result<()> {
        let replaced: Vec<(&str, &[u8])> = doc
            .parts
            .iter()
            .map(|(n, x)| (n.as_str(), x.as_bytes()))
            .collect();
        self.package.write_to(&replaced, w).map(|_| ())
    }
}

fn with_file(d: Diagnostics, path: &Path) -> Diagnostics {
    Diagnostics(d.into_iter().map(|d| with_file_one(d, path)).collect())
}

fn with_file_one(mut d: Diagnostic, path: &Path) -> Diagnostic {
    if let Location::Template { file, .. } = &mut d.location
        && file.is_none()
    {
        *file = Some(path.to_path_buf());
    }
    d
}

/// Can a part rendered from `source` hold an id the [`IdFixer`] renumbers?
/// Values are escaped, so the elements and attributes it looks for
/// ([`crate::docx::ids::MARKERS`]) come from the template text (this
/// part's, or another part's it includes), unless the template marks a value
/// `safe`. Testing the templates (a few KB) instead of every output (which a
/// loop makes many times larger) saves a scan per document.
///
/// [`IdFixer`]: crate::docx::ids::IdFixer
fn may_need_id_fix(source: &str) -> bool {
    crate::docx::ids::MARKERS
        .iter()
        .chain(&["safe"])
        .any(|w| memchr::memmem::find(source.as_bytes(), w.as_bytes()).is_some())
}

/// A cheap test that spares parts without any tag the preprocessing and rendering.
fn has_tags(xml: &str) -> bool {
    xml.contains('{')
        && (xml.contains("{{") || xml.contains("{%") || xml.contains("{#") || has_split_brace(xml))
}

/// Word may split `{` and `{` (or `%`) into different runs: a `{` at the end of a
/// `<w:t>` followed later by `{`, `%` or `#` at the start of another.
fn has_split_brace(xml: &str) -> bool {
    xml.contains("{</w:t>")
}

/// The one environment all parts of a template share: XML escaping, strict
/// (or lenient) undefined, our filters, and a fuel limit.
fn new_environment(options: &RenderOptions) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Custom("xml".into()));
    env.set_formatter(xml_formatter);
    env.set_undefined_behavior(if options.lenient {
        UndefinedBehavior::Chainable
    } else {
        // SemiStrict: printing or iterating an undefined value fails, but
        // `{% if customer.fax %}` is a normal way to test an optional field.
        UndefinedBehavior::SemiStrict
    });
    env.set_recursion_limit(100);
    minijinja_contrib::add_to_environment(&mut env);
    filters::register(&mut env);
    limits::apply(&mut env, Limits::default());
    env
}

/// Writes a value into XML text: escaped, XML-forbidden characters dropped,
/// and inside Word parts a newline becomes a line break and a tab a tab.
fn xml_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), JinjaError> {
    if value.is_safe() || !matches!(state.auto_escape(), AutoEscape::Custom(n) if n == "xml") {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_none() || value.is_undefined() {
        // `none` prints nothing, not "none": an empty optional field in a
        // customer document should be empty.
        return Ok(());
    }
    let word = state.name().starts_with("word/");
    let text;
    let s = match value.as_str() {
        Some(s) => s,
        None => {
            text = value.to_string();
            &text
        }
    };
    write_xml_text(out, s, word).map_err(JinjaError::from)
}

/// The bytes [`write_xml_text`] may have to replace or drop: markup
/// characters, controls, and 0xEF (which starts U+FFFE/U+FFFF).
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xEF] = true;
    t
};

/// Escapes `s` for XML text. In Word parts, `\n` closes the text element and
/// adds `<w:br/>`, `\t` adds `<w:tab/>`; this relies on the preprocessor
/// having put every `{{ }}` inside a `<w:t xml:space="preserve">`.
fn write_xml_text(out: &mut impl std::fmt::Write, s: &str, word: bool) -> std::fmt::Result {
    // Most values have nothing to escape: one table test per byte, one write.
    if !s.bytes().any(|b| SPECIAL[usize::from(b)]) {
        return out.write_str(s);
    }
    let mut last = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let rep: Option<&str> = match b {
            b'&' => Some("&amp;"),
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            b'"' => Some("&quot;"),
            b'\'' => Some("&apos;"),
            b'\n' if word => Some("</w:t><w:br/><w:t xml:space=\"preserve\">"),
            b'\t' if word => Some("</w:t><w:tab/><w:t xml:space=\"preserve\">"),
            b'\r' if word => {
                // \r\n is one break; a lone \r is a break too.
                if bytes.get(i + 1) == Some(&b'\n') {
                    Some("")
                } else {
                    Some("</w:t><w:br/><w:t xml:space=\"preserve\">")
                }
            }
            b'\n' | b'\t' | b'\r' => None,
            0..=0x1f => Some(""),
            _ => None,
        };
        if let Some(rep) = rep {
            out.write_str(&s[last..i])?;
            out.write_str(rep)?;
            last = i + 1;
        } else if b == 0xEF
            && i + 2 < bytes.len()
            && bytes[i + 1] == 0xBF
            && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF)
        {
            // U+FFFE / U+FFFF are not XML characters either.
            out.write_str(&s[last..i])?;
            last = i + 3;
            i += 2;
        }
        i += 1;
    }
    out.write_str(&s[last..])
}

pub mod filters;

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped templates and the benchmark SOW need no check after
    /// rendering: their structure cannot be cut by data (see [`structure`]).
    /// Read from the files [`crate::templates`] embeds, so that render does
    /// not import the module above it.
    #[test]
    fn shipped_templates_have_static_structure() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in [
            "templates/assessment.docx",
            "templates/sow.docx",
            "templates/workshop-agenda.docx",
            "templates/ensure-report.docx",
            "benches/fixtures/sow_jinja.docx",
        ] {
            let bytes = std::fs::read(root.join(file)).unwrap();
            let package = DocxPackage::from_bytes(bytes, file).unwrap();
            let t = CompiledTemplate::compile(package, RenderOptions::default()).unwrap();
            let checked: Vec<_> = t
                .parts
                .iter()
                .filter(|p| !p.static_structure)
                .map(|p| &p.name)
                .collect();
            assert!(checked.is_empty(), "{file}: {checked:?}");
        }
    }

    fn esc(s: &str, word: bool) -> String {
        let mut out = String::new();
        write_xml_text(&mut out, s, word).unwrap();
        out
    }

    #[test]
    fn escapes_markup_as_text() {
        assert_eq!(
            esc("a & b < c > d \" e ' f", true),
            "a &amp; b &lt; c &gt; d &quot; e &apos; f"
        );
        assert_eq!(esc("<w:p>{{ x }}", true), "&lt;w:p&gt;{{ x }}");
    }

    #[test]
    fn newlines_and_tabs_in_word_parts() {
        assert_eq!(
            esc("a\nb", true),
            "a</w:t><w:br/><w:t xml:space=\"preserve\">b"
        );
        assert_eq!(
            esc("a\r\nb", true),
            "a</w:t><w:br/><w:t xml:space=\"preserve\">b"
        );
        assert_eq!(
            esc("a\tb", true),
            "a</w:t><w:tab/><w:t xml:space=\"preserve\">b"
        );
        assert_eq!(esc("a\nb", false), "a\nb");
    }

    #[test]
    fn id_fix_is_skipped_only_when_no_template_can_make_ids() {
        assert!(!may_need_id_fix(
            "<w:p><w:t>{{ customer.name }}</w:t></w:p>"
        ));
        assert!(may_need_id_fix("<wp:docPr id=\"1\" name=\"Picture 1\"/>"));
        assert!(may_need_id_fix("<w:bookmarkStart w:id=\"0\"/>"));
        assert!(may_need_id_fix("<w:p w14:paraId=\"1A2B3C4D\">"));
        assert!(may_need_id_fix("{{ markup|safe }}"));
    }

    #[test]
    fn drops_xml_forbidden_characters() {
        assert_eq!(esc("x\u{1}y\u{b}z\u{fffe}\u{ffff}!", true), "xyz!");
        assert_eq!(esc("ünïcødé €", true), "ünïcødé €");
    }
}
