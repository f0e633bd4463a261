//! Generates a synthetic but realistic portfolio for the batch benchmark:
//! N engagements, each with two iterations (all four phases; goals with
//! results, workshops with agendas and attendees, next steps). Iteration 1 is
//! ensured in the quarter before the target quarter, iteration 2 in the
//! target quarter, so a batch of the target quarter exports N reports.
//!
//! ```text
//! cargo run --release --example gen_portfolio -- 10000 out/            # 2026-Q3
//! cargo run --release --example gen_portfolio -- 1000 out/ --quarter 2026-Q4 --seed 7
//! ```
//!
//! Writes both forms of the same portfolio:
//! * `OUT/yaml/<ID>.yaml`: one engagement per file;
//! * `OUT/portfolio.xlsx`: one portfolio workbook (docs/data-format.md),
//!   columns taken from `engagekit::load::excel::SHEETS`.
//!
//! Deterministic for a given N, quarter and seed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use engagekit::load::excel::{
    ENGAGEMENT_COL, ENGAGEMENT_FIELDS, ITERATION_COL, Keyed, SHEETS, WORKSHOP_COL,
};
use engagekit::model::Quarter;
use jiff::civil::Date;
use serde_json::{Value, json};

/// A small deterministic PRNG (xorshift64*): the same portfolio on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

const PREFIX: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Adventure Works",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Proseware",
    "Woodgrove",
    "Alpine Ski",
    "Coho",
    "Fourth Coffee",
    "Lucerne",
    "Margie's",
    "Trey Research",
    "Wide World",
    "Blue Yonder",
    "Humongous",
    "Graphic Design",
    "Southridge",
];
const SUFFIX: &[&str] = &[
    "Manufacturing GmbH",
    "Logistics AG",
    "Insurance SE",
    "Retail Ltd",
    "Bank",
    "Energy AS",
    "Health & Care",
    "Foods Oy",
    "Mobility BV",
    "Pharma S.A.",
    "Telecom",
    "Airlines",
];
const INDUSTRY: &[&str] = &[
    "Manufacturing",
    "Logistics",
    "Insurance",
    "Retail",
    "Banking",
    "Energy",
    "Healthcare",
    "Food",
    "Automotive",
    "Pharma",
    "Telecommunications",
    "Aviation",
];
const COUNTRY: &[&str] = &["DE", "AT", "CH", "NO", "SE", "FI", "NL", "FR", "GB", "US"];
const FIRST: &[&str] = &[
    "Anna",
    "Ben",
    "Chloé",
    "David",
    "Elif",
    "Finn",
    "Greta",
    "Hamid",
    "Ingrid",
    "Jonas",
    "Katarzyna",
    "Lars",
    "Mette",
    "Nils",
    "Olga",
    "Pierre",
    "Queenie",
    "Rafael",
    "Sofia",
    "Tomás",
];
const LAST: &[&str] = &[
    "Keller", "Okafor", "Dubois", "Schmidt", "Yılmaz", "Berg", "Solberg", "Novak", "Rossi",
    "Müller", "Kowalski", "O'Brien", "Nakamura", "García", "Andersen", "Fischer",
];
const ROLE: &[&str] = &[
    "Head of IT",
    "CIO",
    "Enterprise architect",
    "Plant operations manager",
    "Data analyst",
    "Security officer",
    "Cloud platform lead",
    "Product owner",
];
const TOPIC: &[&str] = &[
    "shop-floor analytics",
    "predictive maintenance",
    "landing zone",
    "data platform",
    "SAP on Azure",
    "AI document processing",
    "contact-centre AI",
    "cost governance",
    "identity and access",
    "disaster recovery",
    "IoT telemetry",
    "app modernisation",
];
const GOAL: &[&str] = &[
    "Target architecture agreed",
    "Cost estimate within 20 %",
    "Security review passed",
    "Team completes the hands-on lab",
    "First use case identified",
    "Landing zone deployed",
    "Pilot runs on production data",
    "Runbook handed over",
    "Business case signed off",
    "Policy set assigned to all subscriptions",
    "Backup tested end to end",
    "KPIs defined",
];
const EVIDENCE: &[&str] = &[
    "Sign-off e-mail from the customer.",
    "Architecture document v1.0 in the project space.",
    "Lab completion report, all participants finished.",
    "Cost estimate spreadsheet, reviewed.",
    "Screenshots of the compliance dashboard.",
    "Minutes of the steering group meeting.",
];
const STATUS: &[&str] = &[
    "achieved",
    "achieved",
    "achieved",
    "partially-achieved",
    "not-achieved",
];
/// Engagement types by maturity level (the built-in catalog).
const TYPES: &[(&str, &[&str])] = &[
    ("cloud-affine", &["mcw"]),
    ("cloud-is-an-option", &["mcw", "ads"]),
    ("cloud-is-a-solution", &["ads", "poc"]),
    ("cloud-is-in-use", &["governance-workshop", "ads"]),
];

fn person(r: &mut Rng, org: &str) -> Value {
    let first = r.pick(FIRST);
    let last = r.pick(LAST);
    let mail: String = format!("{first}.{last}")
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    json!({
        "name": format!("{first} {last}"),
        "role": r.pick(ROLE),
        "organisation": org,
        "email": format!("{mail}@example.com"),
    })
}

fn day(d: Date, n: i64) -> String {
    d.checked_add(jiff::Span::new().days(n))
        .expect("date in range")
        .strftime("%Y-%m-%d")
        .to_string()
}

/// One iteration whose ensure date is `ensure`.
fn iteration(
    r: &mut Rng,
    number: u32,
    ensure: Date,
    customer: &str,
    provider: &str,
    consultants: &[Value],
) -> Value {
    let (maturity, types) = TYPES[r.below(TYPES.len())];
    let etype = r.pick(types);
    let topic = r.pick(TOPIC);
    let start = ensure.checked_sub(jiff::Span::new().days(60)).unwrap();
    let ngoals = r.range(3, 6);
    let goals: Vec<Value> = (1..=ngoals)
        .map(|g| {
            json!({
                "id": format!("G{g}"),
                "title": r.pick(GOAL),
                "description": format!("Goal {g} of the {topic} engagement for {customer}."),
                "success_criteria": ["Accepted by the customer's steering group", "Documented in the project space"],
                "owner": consultants[r.below(consultants.len())]["name"],
                "due": day(start, 40),
            })
        })
        .collect();
    // Most goals get a result; some stay "not reported".
    let mut results: Vec<Value> = Vec::new();
    for g in 1..=ngoals {
        if r.below(8) != 0 {
            results.push(json!({
                "goal": format!("G{g}"),
                "status": r.pick(STATUS),
                "evidence": r.pick(EVIDENCE),
            }));
        }
    }
    let nws = r.range(1, 3);
    let workshops: Vec<Value> = (1..=nws)
        .map(|w| {
            let mut t = 9 * 60;
            let agenda: Vec<Value> = (0..r.range(3, 6))
                .map(|i| {
                    let dur = [30, 45, 60, 90][r.below(4)];
                    let item = json!({
                        "start": format!("{:02}:{:02}", t / 60, t % 60),
                        "duration": dur,
                        "topic": format!("{} — part {}", topic, i + 1),
                        "presenter": consultants[r.below(consultants.len())]["name"],
                    });
                    t += dur + 15;
                    item
                })
                .collect();
            json!({
                "id": format!("W{w}"),
                "title": format!("{topic} workshop {w}"),
                "date": day(start, 20 + 7 * w as i64),
                "location": format!("{customer}, meeting room {}", r.range(1, 12)),
                "facilitators": [consultants[0]["name"]],
                "attendees": (0..r.range(2, 6)).map(|_| person(r, customer)).collect::<Vec<_>>(),
                "agenda": agenda,
                "materials": ["Slide deck", "Lab guide (PDF)"],
            })
        })
        .collect();
    json!({
        "number": number,
        "title": format!("{topic} (iteration {number})"),
        "assess": {
            "date": day(start, 0),
            "maturity": maturity,
            "reasoning": format!("{customer} wants to move {topic} forward; the team knows the basics."),
            "findings": ["Workloads run on premises today.", "No landing zone exists yet."],
        },
        "commit": {
            "date": day(start, 10),
            "engagement_type": etype,
            "objective": format!("Prove the value of Azure for {topic} at {customer}."),
            "goals": goals,
            "scope": ["Workshops on site", "Architecture document"],
            "out_of_scope": ["Production deployment"],
            "assumptions": ["The customer provides a subscription with owner rights"],
            "deliverables": ["Workshop handout", "Architecture document"],
            "effort": { "days": r.range(2, 20), "day_rate": ([1250, 1450, 1600][r.below(3)]) },
            "signatories": [person(r, customer), consultants[0].clone()],
        },
        "deliver": { "workshops": workshops },
        "ensure": {
            "date": ensure.strftime("%Y-%m-%d").to_string(),
            "results": results,
            "next_steps": (0..r.range(1, 4)).map(|i| json!({
                "action": format!("Next step {} for {topic}", i + 1),
                "owner": consultants[r.below(consultants.len())]["name"],
                "due": day(ensure, 14 * (i as i64 + 1)),
            })).collect::<Vec<_>>(),
        },
        "_provider": provider,
    })
}

fn engagement(r: &mut Rng, i: usize, quarter: Quarter) -> Value {
    let customer = format!("{} {}", PREFIX[i % PREFIX.len()], r.pick(SUFFIX));
    let id = format!(
        "{}-{}-{:05}",
        PREFIX[i % PREFIX.len()]
            .to_uppercase()
            .replace([' ', '\''], ""),
        quarter.year(),
        i + 1
    );
    let provider = "Nimbus Consulting";
    let consultants: Vec<Value> = (0..r.range(1, 3)).map(|_| person(r, provider)).collect();
    let q = quarter.first_day();
    let span = (quarter.last_day() - q).get_days() as usize;
    // An iteration's phases span the 60 days before its ensure date; iteration
    // 2 starts after iteration 1's ensure date, so its ensure date falls in
    // the quarter's last 40 days and iteration 1's in the previous quarter.
    let ensure2 = q
        .checked_add(jiff::Span::new().days(r.range(50, span) as i64))
        .unwrap();
    let ensure1 = q
        .checked_sub(jiff::Span::new().days(r.range(15, 60) as i64))
        .unwrap();
    let mut its = vec![
        iteration(r, 1, ensure1, &customer, provider, &consultants),
        iteration(r, 2, ensure2, &customer, provider, &consultants),
    ];
    for it in &mut its {
        it.as_object_mut().unwrap().remove("_provider");
    }
    json!({
        "id": id,
        "title": format!("{customer} on Azure"),
        "currency": (["EUR", "EUR", "CHF", "NOK", "USD"][r.below(5)]),
        "customer": {
            "name": customer,
            "industry": r.pick(INDUSTRY),
            "country": r.pick(COUNTRY),
            "contacts": (0..r.range(1, 3)).map(|_| person(r, &customer)).collect::<Vec<_>>(),
        },
        "provider": { "name": provider, "consultants": consultants },
        "iterations": its,
    })
}

/// YAML as a person would write it (block style, strings quoted when needed).
fn yaml(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match x {
                    Value::Object(_) => {
                        let _ = writeln!(out, "{pad}{k}:");
                        yaml(x, indent + 2, out);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        let _ = writeln!(out, "{pad}{k}:");
                        yaml(x, indent + 2, out);
                    }
                    _ => {
                        let _ = writeln!(out, "{pad}{k}: {}", scalar(x));
                    }
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                match x {
                    Value::Object(_) => {
                        let mut inner = String::new();
                        yaml(x, indent + 2, &mut inner);
                        let _ = write!(out, "{pad}- {}", &inner[indent + 2..]);
                    }
                    _ => {
                        let _ = writeln!(out, "{pad}- {}", scalar(x));
                    }
                }
            }
        }
        _ => {
            let _ = writeln!(out, "{pad}{}", scalar(v));
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.chars().next().is_some_and(|c| c.is_alphabetic())
                && !s.contains([
                    ':', '#', '\'', '"', '&', '*', '!', '|', '>', '%', '@', '`', '[', ']', '{',
                    '}', ',',
                ])
                && !matches!(
                    s.to_ascii_lowercase().as_str(),
                    "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "y" | "n"
                );
            let date = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
            if plain || date {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap()
            }
        }
        Value::Array(a) if a.is_empty() => "[]".into(),
        other => other.to_string(),
    }
}

/// The value at a dotted path, as cell text (lists one item per line).
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn cell_text(v: Option<&Value>, list: bool) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(a) if list => Some(
            a.iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Value::Array(_) => None,
        x => Some(x.to_string()),
    }
}

fn write_workbook(engagements: &[Value], path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    let ws = wb.add_worksheet().set_name("Engagement")?;
    for (c, col) in ENGAGEMENT_FIELDS.iter().enumerate() {
        ws.write_string(0, c as u16, col.header)?;
    }
    for (r, e) in engagements.iter().enumerate() {
        for (c, col) in ENGAGEMENT_FIELDS.iter().enumerate() {
            if let Some(t) = cell_text(at(e, col.path), col.list) {
                ws.write_string(r as u32 + 1, c as u16, t)?;
            }
        }
    }
    for spec in SHEETS {
        let keys: &[&str] = match spec.keyed {
            Keyed::Workbook => continue,
            Keyed::Engagement => &[ENGAGEMENT_COL],
            Keyed::IterationRow | Keyed::Iteration => &[ENGAGEMENT_COL, ITERATION_COL],
            Keyed::Workshop => &[ENGAGEMENT_COL, ITERATION_COL, WORKSHOP_COL],
        };
        let ws = wb.add_worksheet().set_name(spec.name)?;
        let headers: Vec<&str> = keys
            .iter()
            .copied()
            .chain(spec.cols.iter().map(|c| c.header))
            .collect();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h)?;
        }
        let mut row = 1u32;
        let mut put = |ws: &mut rust_xlsxwriter::Worksheet,
                       key: &[String],
                       item: &Value|
         -> Result<(), rust_xlsxwriter::XlsxError> {
            for (c, k) in key.iter().enumerate() {
                ws.write_string(row, c as u16, k)?;
            }
            for (c, col) in spec.cols.iter().enumerate() {
                if let Some(t) = cell_text(at(item, col.path), col.list) {
                    ws.write_string(row, (key.len() + c) as u16, t)?;
                }
            }
            row += 1;
            Ok(())
        };
        for e in engagements {
            let id = e["id"].as_str().unwrap().to_string();
            let list = |v: &Value, p: &str| {
                at(v, p)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            match spec.keyed {
                Keyed::Engagement => {
                    for item in list(e, spec.target) {
                        put(ws, std::slice::from_ref(&id), &item)?;
                    }
                }
                Keyed::IterationRow => {
                    for it in list(e, "iterations") {
                        put(ws, &[id.clone(), it["number"].to_string()], &it)?;
                    }
                }
                Keyed::Iteration => {
                    for it in list(e, "iterations") {
                        for item in list(&it, spec.target) {
                            put(ws, &[id.clone(), it["number"].to_string()], &item)?;
                        }
                    }
                }
                Keyed::Workshop => {
                    for it in list(e, "iterations") {
                        for w in list(&it, "deliver.workshops") {
                            for item in list(&w, spec.target) {
                                let key = [
                                    id.clone(),
                                    it["number"].to_string(),
                                    w["id"].as_str().unwrap().to_string(),
                                ];
                                put(ws, &key, &item)?;
                            }
                        }
                    }
                }
                Keyed::Workbook => {}
            }
        }
    }
    wb.save(path)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen_portfolio N OUTDIR [--quarter 2026-Q3] [--seed N] [--no-xlsx]";
    let n: usize = args.next().and_then(|s| s.parse().ok()).expect(usage);
    let out = PathBuf::from(args.next().expect(usage));
    let mut quarter: Quarter = "2026-Q3".parse().unwrap();
    let mut seed = 42u64;
    let mut xlsx = true;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quarter" => quarter = args.next().expect(usage).parse().expect("quarter"),
            "--seed" => seed = args.next().expect(usage).parse().expect("seed"),
            "--no-xlsx" => xlsx = false,
            _ => panic!("{usage}"),
        }
    }
    let mut r = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let engagements: Vec<Value> = (0..n).map(|i| engagement(&mut r, i, quarter)).collect();
    let dir = out.join("yaml");
    std::fs::create_dir_all(&dir).expect("create output folder");
    for e in &engagements {
        let mut text = String::from("# Synthetic engagement (examples/gen_portfolio.rs)\n");
        yaml(e, 0, &mut text);
        let path = dir.join(format!("{}.yaml", e["id"].as_str().unwrap()));
        std::fs::write(&path, text).unwrap_or_else(|err| panic!("write {}: {err}", path.display()));
    }
    println!("{}: {n} engagement files", dir.display());
    if xlsx {
        let path = out.join("portfolio.xlsx");
        write_workbook(&engagements, &path).expect("write workbook");
        println!("{}: one portfolio workbook", path.display());
    }
}
