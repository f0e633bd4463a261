//! Raw model → validated model: walks the as-written tree ([`crate::model::raw`]),
//! knows every field, runs every framework rule, and returns **all** problems
//! together, each with its location (YAML line:column or Excel cell).
//!
//! Rules: required fields; no unknown fields ("did you mean"); enum values
//! (maturity, engagement type, status; "did you mean"); dates parse and make
//! sense (commit on/after assess, workshops on/after commit, ensure on/after
//! the last workshop, due dates on/after their phase); ids unique; every result
//! refers to a goal committed in the same iteration, at most once; iteration
//! numbers 1..n in order; agenda items in time order without overlaps; email
//! addresses well-formed; effort and day rate non-negative numbers.

mod catalog;
mod commit;
mod deliver;
mod ensure;
mod iteration;
mod values;
mod walker;

use crate::error::{Diagnostic, Diagnostics};
use crate::model::raw::Node;
use crate::model::{Customer, Engagement, Provider};
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

/// The closest candidate to `word`, when one is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (c, strsim::jaro_winkler(&w, &c.to_ascii_lowercase())))
        .filter(|(c, score)| {
            *score >= 0.8 || strsim::damerau_levenshtein(&w, &c.to_ascii_lowercase()) <= 2
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

impl Cx {
    fn engagement(&mut self, root: &Node) -> Option<Engagement> {
        let Some(o) = self.obj(
            root,
            String::new(),
            &[
                "id",
                "title",
                "currency",
                "customer",
                "provider",
                "catalog",
                "iterations",
            ],
        ) else {
            if root.is_null() {
                self.error(&root.loc, "the file is empty".into());
            }
            return None;
        };
        let id = self.req_text(&o, "id");
        if let Some((id, loc)) = &id
            && !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            self.error_hint(
                loc,
                format!("`id` `{id}` may only hold letters, digits, `-`, `_` and `.`"),
                Some("it names files, e.g. CONTOSO-2026-01".into()),
            );
        }
        let title = self.opt_text(&o, "title");
        let currency = self.req_text(&o, "currency");
        if let Some((c, loc)) = &currency
            && !(c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()))
        {
            self.error_hint(
                loc,
                format!("`currency` `{c}` is not a three-letter currency code"),
                Some("use an ISO 4217 code such as EUR, USD or CHF".into()),
            );
        }
        let customer = self
            .req_obj(
                &o,
                "customer",
                "customer".into(),
                &["name", "industry", "country", "contacts"],
            )
            .and_then(|c| {
                let name = self.req_text(&c, "name");
                let industry = self.opt_text(&c, "industry");
                let country = self.opt_text(&c, "country");
                let contacts = self.people(&c, "contacts", "contact");
                Some(Customer {
                    name: name?.0,
                    industry,
                    country,
                    contacts,
                })
            });
        let provider = self
            .req_obj(&o, "provider", "provider".into(), &["name", "consultants"])
            .and_then(|p| {
                let name = self.req_text(&p, "name");
                let consultants = self.people(&p, "consultants", "consultant");
                Some(Provider {
                    name: name?.0,
                    consultants,
                })
            });
        let (catalog, overrides) = self.catalog(&o);
        let mut iterations = Vec::new();
        let items = match o.get("iterations") {
            Some(n) if !n.is_null() => self.list(&o, "iterations"),
            other => {
                let loc = other.map_or(&o.node.loc, |n| &n.loc);
                self.error(
                    loc,
                    "`iterations` is required (a list with at least one iteration)".into(),
                );
                Vec::new()
            }
        };
        let mut ok = true;
        for (i, n) in items.into_iter().enumerate() {
            let prev = iterations.last();
            match self.iteration(n, i, &catalog, prev) {
                Some(it) => iterations.push(it),
                None => ok = false,
            }
        }
        // Next steps of iteration N are the starting point of iteration N+1.
        for i in 1..iterations.len() {
            let carried = iterations[i - 1]
                .ensure
                .as_ref()
                .map(|e| e.next_steps.clone())
                .unwrap_or_default();
            iterations[i].carried_over = carried;
        }
        if !ok {
            return None;
        }
        Some(Engagement {
            id: id?.0,
            title,
            currency: currency?.0,
            customer: customer?,
            provider: provider?,
            iterations,
            catalog,
            catalog_overrides: overrides,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("titel", ["title", "description"]), Some("title"));
        assert_eq!(suggest("acheived", Status::WRITABLE), Some("achieved"));
        assert_eq!(suggest("zzz", ["title", "description"]), None);
    }
}
