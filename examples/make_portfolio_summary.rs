//! Writes only `templates/portfolio-summary.docx`, the default template of
//! the portfolio summary that `engagekit batch` puts into its zip.
//! `make_templates` writes it too, with the other default templates; the
//! description and the writers are shared (`examples/make_templates/portfolio.rs`).
//!
//! ```text
//! cargo run --example make_portfolio_summary            # writes templates/portfolio-summary.docx
//! cargo run --example make_portfolio_summary -- OUT.docx
//! ```

// The generator's modules, included from its folder. Parts of them serve
// only the engagement templates, which this example does not write.
#[allow(dead_code)]
#[path = "make_templates/blocks.rs"]
mod blocks;
#[allow(dead_code)]
#[path = "make_templates/package.rs"]
mod package;
#[allow(dead_code)]
#[path = "make_templates/palette.rs"]
mod palette;
#[path = "make_templates/portfolio.rs"]
mod portfolio;
#[allow(dead_code)]
#[path = "make_templates/styles.rs"]
mod styles;
#[allow(dead_code)]
#[path = "make_templates/write.rs"]
mod write;

use std::path::PathBuf;

fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("templates")
                .join(portfolio::FILE)
        });
    let bytes = portfolio::package();
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
    println!("{}", out.display());
}
