//! The engagement, the top of the tree: its id (safe in file names), title,
//! currency (a three-letter code, any case, kept in capitals), customer and provider with their people,
//! the catalog section, and the iterations in order (each iteration's next
//! steps carried over into the next one).

use super::walker::Cx;
use crate::model::raw::Node;
use crate::model::{Customer, Engagement, Provider};

impl Cx {
    pub(super) fn engagement(&mut self, root: &Node) -> Option<Engagement> {
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
        // Case-insensitive like the enums (`usd` is `USD`), kept in capitals
        // as ISO 4217 writes it: the filters and the documents show it.
        let currency = self.req_text(&o, "currency");
        if let Some((c, loc)) = &currency
            && !(c.len() == 3 && c.chars().all(|c| c.is_ascii_alphabetic()))
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
            currency: currency?.0.to_ascii_uppercase(),
            customer: customer?,
            provider: provider?,
            iterations,
            catalog,
            catalog_overrides: overrides,
        })
    }
}
