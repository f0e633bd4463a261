//! The tree walker: reads the fields of an as-written mapping
//! ([`crate::model::raw::Node`]) with their locations, checks their kinds
//! (mapping, list, text, date, number, choice, person) and reports what is
//! missing, unknown or of the wrong kind into [`Cx`]'s diagnostics. The phase
//! modules build the engagement from these readers.

use jiff::civil::Date;

use super::values::{is_email, parse_date};
use crate::error::{Diagnostic, Diagnostics};
use crate::location::Location;
use crate::model::Person;
use crate::model::raw::{Node, NodeKind};
use crate::suggest::did_you_mean;

/// What reading one scalar field gave.
pub(super) enum Got<'n> {
    /// Absent, null or empty; the location is the best place to point at.
    Missing(&'n Location),
    /// Present but not a scalar; already reported.
    Bad,
    Text(String, &'n Location),
}

/// A mapping being read; its unknown fields were reported when it was opened.
pub(super) struct Obj<'n> {
    pub(super) node: &'n Node,
    /// What it is, for messages: "iteration 1, goal `G2`".
    pub(super) ctx: String,
}

impl<'n> Obj<'n> {
    pub(super) fn get(&self, key: &str) -> Option<&'n Node> {
        self.node.get(key)
    }
    /// "`key`" prefixed with the context: "iteration 1, commit: `date`".
    pub(super) fn field(&self, key: &str) -> String {
        if self.ctx.is_empty() {
            format!("`{key}`")
        } else {
            format!("{}: `{key}`", self.ctx)
        }
    }
}

/// One engagement's validation: every problem found so far.
#[derive(Default)]
pub(super) struct Cx {
    pub(super) diags: Diagnostics,
}

impl Cx {
    pub(super) fn error(&mut self, loc: &Location, msg: String) {
        self.diags.push(Diagnostic::error(loc.clone(), msg));
    }

    pub(super) fn error_hint(&mut self, loc: &Location, msg: String, hint: Option<String>) {
        self.diags
            .push(Diagnostic::error(loc.clone(), msg).with_hint_opt(hint));
    }

    pub(super) fn warn(&mut self, loc: &Location, msg: String) {
        self.diags.push(Diagnostic::warning(loc.clone(), msg));
    }

    /// Opens a mapping, reporting unknown fields. `None` when null (nothing
    /// reported) or not a mapping (reported).
    pub(super) fn obj<'n>(
        &mut self,
        node: &'n Node,
        ctx: String,
        known: &[&str],
    ) -> Option<Obj<'n>> {
        match &node.kind {
            NodeKind::Null => None,
            NodeKind::Map(entries) => {
                for (k, _) in entries {
                    if !known.contains(&k.name.as_str()) {
                        let hint = did_you_mean(&k.name, known.iter().copied())
                            .unwrap_or_else(|| format!("known fields here: {}", known.join(", ")));
                        let what = if ctx.is_empty() {
                            format!("unknown field `{}`", k.name)
                        } else {
                            format!("{ctx}: unknown field `{}`", k.name)
                        };
                        self.error_hint(&k.loc, what, Some(hint));
                    }
                }
                Some(Obj { node, ctx })
            }
            _ => {
                let what = if ctx.is_empty() {
                    "the file".to_string()
                } else {
                    ctx
                };
                self.error(
                    &node.loc,
                    format!(
                        "{what}: expected a mapping of fields, found {}",
                        node.kind_name()
                    ),
                );
                None
            }
        }
    }

    /// Opens a required sub-mapping.
    pub(super) fn req_obj<'n>(
        &mut self,
        o: &Obj<'n>,
        key: &str,
        ctx: String,
        known: &[&str],
    ) -> Option<Obj<'n>> {
        match o.get(key) {
            Some(n) if !n.is_null() => self.obj(n, ctx, known),
            other => {
                let loc = other.map_or(&o.node.loc, |n| &n.loc);
                self.error(loc, format!("{} is required", o.field(key)));
                None
            }
        }
    }

    pub(super) fn scalar<'n>(&mut self, o: &Obj<'n>, key: &str) -> Got<'n> {
        match o.get(key) {
            None => Got::Missing(&o.node.loc),
            Some(n) => match &n.kind {
                NodeKind::Null => Got::Missing(&n.loc),
                NodeKind::Scalar(s) if s.trim().is_empty() => Got::Missing(&n.loc),
                NodeKind::Scalar(s) => Got::Text(s.trim().to_string(), &n.loc),
                _ => {
                    self.error(
                        &n.loc,
                        format!("{} should be text, found {}", o.field(key), n.kind_name()),
                    );
                    Got::Bad
                }
            },
        }
    }

    pub(super) fn opt_text(&mut self, o: &Obj, key: &str) -> Option<String> {
        match self.scalar(o, key) {
            Got::Text(s, _) => Some(s),
            _ => None,
        }
    }

    pub(super) fn req_text<'n>(
        &mut self,
        o: &Obj<'n>,
        key: &str,
    ) -> Option<(String, &'n Location)> {
        match self.scalar(o, key) {
            Got::Text(s, loc) => Some((s, loc)),
            Got::Missing(loc) => {
                self.error(loc, format!("{} is required", o.field(key)));
                None
            }
            Got::Bad => None,
        }
    }

    pub(super) fn date_of<'n>(
        &mut self,
        o: &Obj<'n>,
        key: &str,
        required: bool,
    ) -> Option<(Date, &'n Location)> {
        let (s, loc) = if required {
            self.req_text(o, key)?
        } else {
            match self.scalar(o, key) {
                Got::Text(s, loc) => (s, loc),
                _ => return None,
            }
        };
        match parse_date(&s) {
            Some(d) => Some((d, loc)),
            None => {
                self.error_hint(
                    loc,
                    format!("{} `{s}` is not a valid date", o.field(key)),
                    Some("write dates as YYYY-MM-DD, e.g. 2026-03-05".into()),
                );
                None
            }
        }
    }

    pub(super) fn number(&mut self, o: &Obj, key: &str) -> Option<f64> {
        let (s, loc) = self.req_text(o, key)?;
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
            Ok(v) if v.is_finite() => {
                self.error(
                    loc,
                    format!("{} must not be negative, found {s}", o.field(key)),
                );
                None
            }
            _ => {
                self.error(
                    loc,
                    format!("{} should be a number, found `{s}`", o.field(key)),
                );
                None
            }
        }
    }

    /// A list; null or absent is empty.
    pub(super) fn list<'n>(&mut self, o: &Obj<'n>, key: &str) -> Vec<&'n Node> {
        match o.get(key) {
            None => Vec::new(),
            Some(n) => match &n.kind {
                NodeKind::Null => Vec::new(),
                NodeKind::Seq(items) => items.iter().collect(),
                _ => {
                    self.error(
                        &n.loc,
                        format!("{} should be a list, found {}", o.field(key), n.kind_name()),
                    );
                    Vec::new()
                }
            },
        }
    }

    pub(super) fn text_list(&mut self, o: &Obj, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, n) in self.list(o, key).into_iter().enumerate() {
            match &n.kind {
                NodeKind::Scalar(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                NodeKind::Scalar(_) | NodeKind::Null => {
                    self.error(&n.loc, format!("{} item {} is empty", o.field(key), i + 1))
                }
                _ => self.error(
                    &n.loc,
                    format!(
                        "{} item {} should be text, found {}",
                        o.field(key),
                        i + 1,
                        n.kind_name()
                    ),
                ),
            }
        }
        out
    }

    /// An id from a fixed set, with "did you mean".
    pub(super) fn choice<'n>(
        &mut self,
        o: &Obj<'n>,
        key: &str,
        required: bool,
        options: &[&str],
    ) -> Option<String> {
        let got = self.scalar(o, key);
        let (s, loc) = match got {
            Got::Text(s, loc) => (s, loc),
            Got::Missing(loc) if required => {
                self.error_hint(
                    loc,
                    format!("{} is required", o.field(key)),
                    Some(format!("one of: {}", options.join(", "))),
                );
                return None;
            }
            _ => return None,
        };
        let norm = s.to_ascii_lowercase().replace([' ', '_'], "-");
        if options.contains(&norm.as_str()) {
            return Some(norm);
        }
        // Compared as normalised, the way a value is matched above.
        let hint = did_you_mean(&norm, options.iter().copied())
            .unwrap_or_else(|| format!("one of: {}", options.join(", ")));
        self.error_hint(
            loc,
            format!("{} `{s}` is not a known value", o.field(key)),
            Some(hint),
        );
        None
    }

    pub(super) fn person(&mut self, n: &Node, ctx: String) -> Option<Person> {
        let o = self.obj(
            n,
            ctx.clone(),
            &["name", "role", "organisation", "email", "phone"],
        );
        let Some(o) = o else {
            if n.is_null() {
                self.error(&n.loc, format!("{ctx} is empty"));
            }
            return None;
        };
        let name = self.req_text(&o, "name").map(|x| x.0);
        let email = match self.scalar(&o, "email") {
            Got::Text(s, loc) => {
                if !is_email(&s) {
                    self.error_hint(
                        loc,
                        format!("{} `{s}` is not a valid email address", o.field("email")),
                        Some("write it as name@example.com".into()),
                    );
                }
                Some(s)
            }
            _ => None,
        };
        Some(Person {
            name: name?,
            role: self.opt_text(&o, "role"),
            organisation: self.opt_text(&o, "organisation"),
            email,
            phone: self.opt_text(&o, "phone"),
        })
    }

    pub(super) fn people(&mut self, o: &Obj, key: &str, what: &str) -> Vec<Person> {
        let items = self.list(o, key);
        let prefix = if o.ctx.is_empty() {
            String::new()
        } else {
            format!("{}, ", o.ctx)
        };
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, n)| self.person(n, format!("{prefix}{what} {}", i + 1)))
            .collect()
    }
}
