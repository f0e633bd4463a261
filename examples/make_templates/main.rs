//! Writes the five default Word templates to `templates/`: `assessment.docx`,
//! `sow.docx`, `workshop-agenda.docx`, `ensure-report.docx` and
//! `portfolio-summary.docx` (`make_portfolio_summary` writes that one alone).
//!
//! ```text
//! cargo run --example make_templates            # rewrites templates/*.docx
//! cargo run --example make_templates -- OUTDIR  # writes somewhere else
//! examples/make_templates/compare.sh templates OUTDIR   # entry by entry
//! ```
//!
//! Each template is data: a list of blocks (paragraphs, `{%p if %}` and
//! `{%p for %}` sections, tables with `{%tr for %}` rows), written to
//! WordprocessingML text by one writer per block type, not with a docx
//! library, so that every element is in the order the Open XML schema asks
//! for (Word is strict about it; openxml-audit checks it). The output is
//! deterministic: fixed zip timestamps and document-property dates, so
//! re-running the generator gives identical bytes and does not dirty the tree.
//!
//! The parts, in the order a template is made (docs/templates.md has the
//! tag reference and the styles):
//! 1. `blocks.rs`: the block types and the constructors the templates are written with;
//! 2. `assessment.rs`, `sow.rs`, `workshop_agenda.rs`, `ensure_report.rs`: the
//!    engagement templates as data, sharing `common.rs` (title block, people
//!    and next-steps tables); `portfolio.rs`: the portfolio summary, data and package;
//! 3. `write.rs`: blocks to XML, one writer per block type;
//! 4. `house_styles.rs` (on `styles.rs`) and `palette.rs`: the named styles, colours,
//!    fonts and theme;
//! 5. `house.rs` (on `package.rs`): the package of an engagement template — styles,
//!    bullet numbering, settings, font table, theme, a header and a footer
//!    ("Page X of Y" fields), core properties whose title and subject hold tags.
//!
//! Conventions the blocks keep: a structural tag (`{%p …%}`, `{%tr …%}`) sits
//! alone in its paragraph or row, in the purple "Template Logic" style, so
//! an author sees at a glance which lines disappear from the output; every
//! table cell keeps at least one paragraph whatever the data
//! (`{%p for %}` … `{%p else %}` … `{%p endfor %}`), as the schema requires.

mod assessment;
mod blocks;
mod common;
mod ensure_report;
mod house;
mod house_styles;
mod package;
mod palette;
mod portfolio;
mod sow;
mod styles;
mod workshop_agenda;
mod write;

use std::path::{Path, PathBuf};

fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"));
    std::fs::create_dir_all(&out).expect("create output folder");
    let engagement = [
        assessment::template(),
        sow::template(),
        workshop_agenda::template(),
        ensure_report::template(),
    ]
    .map(|t| (t.file, house::package(&t)));
    for (file, bytes) in engagement
        .into_iter()
        .chain([(portfolio::FILE, portfolio::package())])
    {
        let path = out.join(file);
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
}
