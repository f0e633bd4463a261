//! Raw model → validated model: walks the as-written tree ([`crate::model::raw`]),
//! knows every field, runs every framework rule, and returns **all** problems
//! together, each with its location (YAML line:column or Excel cell).
//!
//! Rules: required fields; no unknown fields ("did you mean"); enum values
//! (maturity, engagement type, status; "did you mean"); dates parse and make
//! sense (commit on/after assess, workshops on/after commit, ensure on/after
//! the last workshop, a goal due on/after the commit; a next step due before
//! the ensure date is only a warning); ids unique; every result refers to a
//! goal committed in the same iteration, at most once; iteration numbers 1..n
//! in order; agenda items in time order without overlaps; email
//! addresses well-formed; effort and day rate non-negative numbers.
//!
//! [`validate`] walks the tree top-down, in this order; every phase reads
//! its fields through the walker and pushes its problems into one `Cx`:
//!
//! 1. `walker`: the field readers shared by every phase (mappings with their
//!    unknown fields, text, dates, numbers, lists, choices, people), on top
//!    of the value parsers in `values` (email, `YYYY-MM-DD`, minutes).
//! 2. `engagement`: id, title, currency, customer, provider, then
//! 3. `catalog`: the `catalog:` overrides, which the later phases look ids up in;
//! 4. `iteration`: each iteration's number, what `next` carried over into
//!    it (`carried`) and its assess phase, then
//! 5. `commit`: the statement of work and its goals (indexed for ensure),
//! 6. `deliver`: the workshops and their agendas,
//! 7. `ensure`: the results against the committed goals, next steps, summary;
//!    back in `iteration`, each committed goal gets its result, and back in
//!    `engagement` each iteration's next steps are carried into the next.

mod assess;
mod carried;
mod catalog;
mod commit;
mod deliver;
mod engagement;
mod ensure;
mod iteration;
mod values;
mod walker;

use crate::error::{Diagnostic, Diagnostics};
use crate::model::Engagement;
use crate::model::raw::Node;
pub use assess::answers_file;
pub use values::{is_email, parse_date, parse_minutes};
use walker::Cx;

/// Validates one engagement's as-written tree. `Ok` holds the engagement and
/// its warnings; `Err` holds every problem (errors and warnings).
pub fn validate(root: &Node) -> Result<(Engagement, Diagnostics), Diagnostics> {
    let mut cx = Cx::default();
    let engagement = cx.engagement(root);
    match engagement {
        Some(e) if !cx.diags.has_errors() => Ok((e, cx.diags)),
        _ => {
            if !cx.diags.has_errors() {
                cx.diags.push(Diagnostic::error(
                    root.loc.clone(),
                    "the engagement is incomplete",
                ));
            }
            Err(cx.diags)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Catalog, Status};
    use crate::suggest::closest;

    /// The lists `validate` suggests from, as the model defines them (the
    /// engine's own tests use copies).
    #[test]
    fn hints_come_from_the_model_lists() {
        let catalog = Catalog::builtin();
        let levels = catalog.maturity_ids();
        assert_eq!(
            closest("cloud-is-a-option", levels.iter().copied()),
            Some("cloud-is-an-option")
        );
        let types = catalog.engagement_type_ids();
        assert_eq!(closest("pco", types.iter().copied()), Some("poc"));
        assert_eq!(closest("acheived", Status::WRITABLE), Some("achieved"));
    }
}
