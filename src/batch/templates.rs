//! The templates a batch renders with: the ensure report of the
//! [`TemplateSet`] and the portfolio summary, each a folder's file over the
//! embedded default.

use std::path::Path;

use super::summary::ContextParts;
use crate::error::Result;
use crate::render::{CompiledTemplate, RenderOptions};
use crate::templates::{
    DocumentKind, LoadedTemplate, PORTFOLIO_SUMMARY, PORTFOLIO_SUMMARY_FILE, TemplateSet,
};

/// The templates a batch uses, compiled once and shared by every thread.
#[derive(Debug)]
pub struct BatchTemplates {
    set: TemplateSet,
    pub(super) summary: LoadedTemplate,
    /// What of the summary context the summary template reads.
    pub(super) summary_parts: ContextParts,
}

impl BatchTemplates {
    /// The ensure report and the portfolio summary templates: a file of the
    /// same name in `dir` (`ensure-report.docx`, `portfolio-summary.docx`)
    /// overrides the embedded default.
    pub fn load(dir: Option<&Path>, options: &RenderOptions) -> Result<Self> {
        let set = TemplateSet::load(dir, options)?;
        let summary =
            LoadedTemplate::load(dir, PORTFOLIO_SUMMARY_FILE, PORTFOLIO_SUMMARY, options)?;
        let summary_parts = ContextParts::read_by(&summary.template.variables());
        Ok(BatchTemplates {
            set,
            summary,
            summary_parts,
        })
    }

    /// Where the ensure report template came from.
    pub fn ensure_origin(&self) -> &str {
        &self.ensure().origin
    }

    pub(super) fn ensure(&self) -> &LoadedTemplate {
        self.set.get(DocumentKind::EnsureReport)
    }

    /// The compiled ensure report template.
    pub fn ensure_template(&self) -> &CompiledTemplate {
        &self.ensure().template
    }
}
