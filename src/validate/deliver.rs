//! The deliver phase: at least one workshop, each with a unique id, a title,
//! a date on/after the commit date, an optional engagement type, people and
//! materials, and an agenda whose items are in time order without overlaps
//! (start, end and duration of the workshop come from its agenda), and the
//! committed goals it works towards (`goals`; once one workshop names its
//! goals, one that names none is a warning).

use std::collections::HashMap;

use jiff::civil::Date;

use super::values::{iso, parse_minutes};
use super::walker::{Cx, Obj};
use crate::model::raw::Node;
use crate::model::{AgendaItem, Catalog, Deliver, TimeOfDay, Workshop};
use crate::suggest::did_you_mean;

impl Cx {
    pub(super) fn deliver(
        &mut self,
        n: &Node,
        ctx: &str,
        catalog: &Catalog,
        commit_date: Option<Date>,
        goal_ids: &[String],
    ) -> Option<Deliver> {
        let d = self.obj(n, format!("{ctx}, deliver"), &["workshops"])?;
        let nodes = self.list(&d, "workshops");
        if nodes.is_empty() {
            self.error(
                &n.loc,
                format!("{} needs at least one workshop", d.field("workshops")),
            );
        }
        let mut workshops = Vec::new();
        let mut seen: HashMap<String, ()> = HashMap::new();
        // Workshops without `goals`, warned about once any workshop names its goals.
        let mut unlinked = Vec::new();
        for (i, w) in nodes.into_iter().enumerate() {
            let wctx = format!("{ctx}, workshop {}", i + 1);
            let Some(wo) = self.obj(
                w,
                wctx.clone(),
                &[
                    "id",
                    "title",
                    "type",
                    "date",
                    "location",
                    "facilitators",
                    "attendees",
                    "agenda",
                    "materials",
                    "goals",
                ],
            ) else {
                if w.is_null() {
                    self.error(&w.loc, format!("{wctx} is empty"));
                }
                continue;
            };
            let id = self.req_text(&wo, "id");
            let wo = match &id {
                Some((id, _)) => Obj {
                    node: wo.node,
                    ctx: format!("{ctx}, workshop `{id}`"),
                },
                None => wo,
            };
            if let Some((id, loc)) = &id
                && seen.insert(id.clone(), ()).is_some()
            {
                self.error(
                    loc,
                    format!("{ctx}: workshop id `{id}` is used twice (ids must be unique)"),
                );
            }
            let title = self.req_text(&wo, "title");
            let type_ids = catalog.engagement_type_ids();
            let kind = self.choice(&wo, "type", false, &type_ids);
            let date = self.date_of(&wo, "date", true);
            if let (Some((wd, loc)), Some(cd)) = (&date, commit_date)
                && *wd < cd
            {
                self.error(
                    loc,
                    format!(
                        "{}: the workshop date {} is before the commit date {}",
                        wo.ctx,
                        iso(*wd),
                        iso(cd)
                    ),
                );
            }
            let location = self.opt_text(&wo, "location");
            let facilitators = self.text_list(&wo, "facilitators");
            let attendees = self.people(&wo, "attendees", "attendee");
            let materials = self.text_list(&wo, "materials");
            let goals = self.workshop_goals(&wo, goal_ids);
            if goals.is_empty() {
                unlinked.push(wo.node.loc.clone());
            }
            let agenda = self.agenda(&wo);
            let (Some(id), Some(title), Some((date, _))) = (id, title, date) else {
                continue;
            };
            workshops.push(Workshop {
                id: id.0,
                title: title.0,
                kind_written: kind.is_some(),
                kind: kind.map(|k| Self::labelled_type(catalog, &k)),
                date,
                location,
                facilitators,
                attendees,
                start: agenda.first().map(|a| a.start),
                end: agenda.last().map(|a| a.end),
                duration: agenda.iter().map(|a| a.duration).sum(),
                agenda,
                materials,
                goals,
            });
        }
        if workshops.iter().any(|w| !w.goals.is_empty()) {
            for loc in unlinked {
                self.warn(
                    &loc,
                    format!("{ctx}: this workshop contributes to no goal (the others name theirs in `goals`)"),
                );
            }
        }
        Some(Deliver { workshops })
    }

    /// The committed goals a workshop works towards (ids, each committed).
    fn workshop_goals(&mut self, wo: &Obj, goal_ids: &[String]) -> Vec<String> {
        let ids = self.text_list(wo, "goals");
        let nodes = self.list(wo, "goals");
        for (id, n) in ids.iter().zip(nodes) {
            if !goal_ids.contains(id) {
                let hint = did_you_mean(id, goal_ids.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("committed goals: {}", goal_ids.join(", ")));
                self.error_hint(
                    &n.loc,
                    format!("{}: goal `{id}` was not committed", wo.ctx),
                    Some(hint),
                );
            }
        }
        ids
    }

    pub(super) fn agenda(&mut self, wo: &Obj) -> Vec<AgendaItem> {
        let mut items: Vec<AgendaItem> = Vec::new();
        let mut prev: Option<(TimeOfDay, TimeOfDay)> = None;
        for (i, n) in self.list(wo, "agenda").into_iter().enumerate() {
            let actx = format!("{}, agenda item {}", wo.ctx, i + 1);
            let Some(a) = self.obj(
                n,
                actx.clone(),
                &["start", "duration", "topic", "presenter"],
            ) else {
                if n.is_null() {
                    self.error(&n.loc, format!("{actx} is empty"));
                }
                continue;
            };
            let start =
                self.req_text(&a, "start")
                    .and_then(|(s, loc)| match TimeOfDay::parse(&s) {
                        Some(t) => Some((t, loc)),
                        None => {
                            self.error_hint(
                                loc,
                                format!("{} `{s}` is not a time of day", a.field("start")),
                                Some("write times as HH:MM, e.g. 09:30".into()),
                            );
                            None
                        }
                    });
            let duration =
                self.req_text(&a, "duration")
                    .and_then(|(s, loc)| match parse_minutes(&s) {
                        Some(m) if m > 0 => Some(m),
                        _ => {
                            self.error_hint(
                                loc,
                                format!(
                                    "{} `{s}` is not a positive number of minutes",
                                    a.field("duration")
                                ),
                                Some("write the duration in minutes, e.g. 45".into()),
                            );
                            None
                        }
                    });
            let topic = self.req_text(&a, "topic");
            let presenter = self.opt_text(&a, "presenter");
            let (Some((start, sloc)), Some(duration)) = (start, duration) else {
                prev = None;
                continue;
            };
            let end = TimeOfDay(start.0 + duration);
            if end.0 > 24 * 60 {
                self.error(
                    sloc,
                    format!("{actx}: ends after midnight ({start} + {duration} minutes)"),
                );
            }
            if let Some((ps, pe)) = prev {
                if start < ps {
                    self.error_hint(
                        sloc,
                        format!("{actx}: starts at {start}, before the previous item ({ps}); agenda items must be in time order"),
                        Some("sort the agenda by start time".into()),
                    );
                } else if start < pe {
                    self.error(
                        sloc,
                        format!("{actx}: starts at {start}, but the previous item runs until {pe} (overlap)"),
                    );
                }
            }
            prev = Some((start, end));
            if let Some((topic, _)) = topic {
                items.push(AgendaItem {
                    start,
                    duration,
                    end,
                    topic,
                    presenter,
                });
            }
        }
        items
    }
}
