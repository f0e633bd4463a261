//! `engagekit init DIR`: a workspace that works at once. `engagement.yaml`
//! holds every field, filled in or commented out with one line of
//! explanation each, and a first iteration to fill in; it names the JSON
//! Schema written beside it (`engagement.schema.json`) so that editors with
//! the YAML language server autocomplete. With `templates`, the default
//! templates are copied into `DIR/templates/`, which `bundle` then uses
//! (a `templates/` folder beside the engagement file is picked up).

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::quoted;
use crate::error::{Diagnostic, Error, Result};
use crate::fsx;
use crate::location::Location;
use crate::templates::{DocumentKind, PORTFOLIO_SUMMARY, PORTFOLIO_SUMMARY_FILE};

/// The engagement file's name in a workspace.
pub const ENGAGEMENT_FILE: &str = "engagement.yaml";
/// The schema's file name in a workspace.
pub const SCHEMA_FILE: &str = "engagement.schema.json";
/// The engagement workbook's name in a workspace made with `xlsx`.
pub const WORKBOOK_FILE: &str = "engagement.xlsx";

/// What goes into a new workspace.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub customer: String,
    pub provider: String,
    /// Copy the default templates into `templates/`.
    pub templates: bool,
    /// Write the engagement as a workbook (`engagement.xlsx`) instead of YAML.
    pub xlsx: bool,
    /// Today: the year in the engagement id and the example dates.
    pub today: Date,
}

/// Writes a new workspace into `dir` and returns the files written, in
/// order. Refuses ([`Error::Exists`]) before writing anything when any of
/// them is already there.
pub fn init(dir: &Path, options: &InitOptions) -> Result<Vec<PathBuf>> {
    if options.customer.trim().is_empty() || options.provider.trim().is_empty() {
        return Err(Error::Usage(
            "`--customer` and `--provider` need a name".into(),
        ));
    }
    let schema = serde_json::to_string_pretty(&crate::model::file::json_schema())
        .expect("JSON serializes")
        + "\n";
    let yaml = engagement_yaml(options);
    let mut files: Vec<(PathBuf, Vec<u8>)> = if options.xlsx {
        // The same engagement through the one workbook writer; a workbook
        // has no comments, so README.md and docs/data-format.md explain it.
        let node = crate::load::yaml::parse(Path::new(ENGAGEMENT_FILE), &yaml)?;
        let (e, _) = crate::validate::validate(&node).map_err(Error::Invalid)?;
        let bytes = crate::convert::to_xlsx(&crate::convert::to_file(&e))?;
        vec![(dir.join(WORKBOOK_FILE), bytes)]
    } else {
        vec![
            (dir.join(ENGAGEMENT_FILE), yaml.into_bytes()),
            (dir.join(SCHEMA_FILE), schema.into_bytes()),
        ]
    };
    if options.templates {
        let folder = dir.join("templates");
        for kind in DocumentKind::ALL {
            files.push((folder.join(kind.template_file()), kind.embedded().to_vec()));
        }
        files.push((
            folder.join(PORTFOLIO_SUMMARY_FILE),
            PORTFOLIO_SUMMARY.to_vec(),
        ));
    }
    // Everything is checked first: a refused init writes nothing.
    // One engagement per workspace: either form of it already there counts.
    let taken = [dir.join(ENGAGEMENT_FILE), dir.join(WORKBOOK_FILE)];
    for path in files.iter().map(|(p, _)| p).chain(&taken) {
        if path.symlink_metadata().is_ok() {
            return Err(Diagnostic::error(
                Location::file(path),
                format!(
                    "`{}` is already there, and `init` never replaces a file; nothing was written",
                    path.display()
                ),
            )
            .with_hint("choose a new folder, or move that file away")
            .into());
        }
    }
    for (path, bytes) in &files {
        fsx::write_bytes_atomic(path, bytes)?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// An engagement id from the customer's first word and the year:
/// `Contoso Manufacturing GmbH` in 2026 → `CONTOSO-2026-01`.
pub fn engagement_id(customer: &str, today: Date) -> String {
    let word: String = customer
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let word = if word.is_empty() {
        "ENGAGEMENT".to_string()
    } else {
        word
    };
    format!("{word}-{}-01", today.year())
}

/// The engagement file of a new workspace.
pub fn engagement_yaml(options: &InitOptions) -> String {
    let id = engagement_id(&options.customer, options.today);
    let today = options.today.strftime("%Y-%m-%d").to_string();
    let customer = quoted(options.customer.trim());
    let provider = quoted(options.provider.trim());
    TEMPLATE
        .replace("{SCHEMA}", SCHEMA_FILE)
        .replace("{ID}", &id)
        .replace("{CUSTOMER}", &customer)
        .replace("{PROVIDER}", &provider)
        .replace("{TODAY}", &today)
}

/// Fields commented out are optional, or belong to a phase not reached yet:
/// uncomment a phase when it starts. Every line validates as it stands.
const TEMPLATE: &str = r#"# yaml-language-server: $schema={SCHEMA}
# Written by `engagekit init`. Every field is here: filled in, or commented
# out with `#` (uncomment the line and fill it in). Dates are YYYY-MM-DD.
# Check the file: engagekit check engagement.yaml
# Documents:      engagekit bundle engagement.yaml -o out/
# Next iteration: engagekit next engagement.yaml   (after the ensure phase)

id: {ID}                   # names the bundles: letters, digits, -, _ and .
# title: Azure journey                 # the engagement's title, shown in the documents
currency: EUR                          # ISO 4217 code of every price

customer:
  name: {CUSTOMER}
  # industry: Manufacturing            # free text
  # country: DE                        # free text (NO stays the text "NO")
  # contacts:                          # the customer's people
  #   - name: Jane Doe                 # each person: name, role, organisation, email, phone
  #     role: Head of IT
  #     organisation: {CUSTOMER}
  #     email: jane.doe@example.com
  #     phone: "+49 30 1234567"

provider:
  name: {PROVIDER}
  # consultants:                       # your people (same fields as a contact)
  #   - name: Alex Smith
  #     role: Cloud solution architect

# catalog:                             # overrides of the built-in levels and types (README, "catalog")
#   engagement_types:
#     - {id: hackathon, label: Azure hackathon, description: Two days of building.}

iterations:
  - number: 1                          # iterations run 1, 2, ...; `engagekit next` appends the next one
    # title: Discover Azure            # what this iteration delivers
    # assess:                          # phase 1: the customer's cloud maturity -> assessment summary
    #   date: {TODAY}
    #   maturity: cloud-affine         # cloud-affine, cloud-is-an-option, cloud-is-a-solution, cloud-is-in-use
    #   reasoning: Why this level.
    #   findings:
    #     - What you found.
    # commit:                          # phase 2: the goals both sides agree -> statement of work
    #   date: {TODAY}                  # on or after the assess date
    #   engagement_type: mcw           # mcw, governance-workshop, ads, poc
    #   objective: What the engagement achieves.
    #   goals:                         # at least one; ids are what ensure refers to
    #     - id: G1
    #       title: The first goal
    #       description: What it means.
    #       success_criteria:
    #         - How both sides see that it is reached
    #       owner: Jane Doe
    #       due: {TODAY}
    #   scope: [What is included]
    #   out_of_scope: [What is not]
    #   assumptions: [What the customer provides]
    #   deliverables: [What is handed over]
    #   effort: {days: 4, day_rate: 1400}   # price = days x day_rate
    #   signatories:                   # who signs the SOW (persons)
    #     - name: Jane Doe
    # deliver:                         # phase 3: the workshops -> one agenda each
    #   workshops:
    #     - id: W1
    #       title: Microsoft Cloud Workshop
    #       type: mcw                  # optional; the commit's type applies
    #       date: {TODAY}              # on or after the commit date
    #       location: Customer HQ
    #       facilitators: [Alex Smith]
    #       attendees:
    #         - name: Jane Doe
    #       agenda:                    # in time order, without overlaps
    #         - {start: "09:00", duration: 60, topic: Welcome and goals, presenter: Alex Smith}
    #       materials: [Slide deck]
    # ensure:                          # phase 4: results against the goals -> proof of execution
    #   date: {TODAY}                  # on or after the last workshop
    #   results:                       # one per committed goal
    #     - goal: G1
    #       status: achieved           # achieved, partially-achieved, not-achieved
    #       evidence: What shows it.
    #       notes: Anything else.
    #   next_steps:                    # the starting point of the next iteration
    #     - action: What happens next
    #       owner: Jane Doe
    #       due: {TODAY}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> InitOptions {
        InitOptions {
            customer: "Contoso Manufacturing GmbH".into(),
            provider: "Nimbus Consulting".into(),
            templates: false,
            xlsx: false,
            today: jiff::civil::date(2026, 12, 8),
        }
    }

    #[test]
    fn ids_come_from_the_customer_and_the_year() {
        let today = jiff::civil::date(2026, 12, 8);
        assert_eq!(
            engagement_id("Contoso Manufacturing GmbH", today),
            "CONTOSO-2026-01"
        );
        assert_eq!(engagement_id("Müller & Söhne", today), "MLLER-2026-01");
        assert_eq!(engagement_id("  ", today), "ENGAGEMENT-2026-01");
    }

    #[test]
    fn the_new_file_validates_as_it_stands() {
        let text = engagement_yaml(&options());
        let node = crate::load::yaml::parse(Path::new("engagement.yaml"), &text).unwrap();
        let (e, warnings) = crate::validate::validate(&node).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(e.id, "CONTOSO-2026-01");
        assert_eq!(e.customer.name, "Contoso Manufacturing GmbH");
        assert_eq!(e.iterations.len(), 1);
    }

    /// Uncommenting the phases (what a consultant does) gives a valid file
    /// too: the commented lines are real examples, not prose.
    #[test]
    fn the_commented_phases_validate_when_uncommented() {
        let text = engagement_yaml(&options());
        let mut out = String::new();
        let mut in_phases = false;
        for line in text.lines() {
            if line.starts_with("    # title:") {
                in_phases = true;
            }
            if in_phases {
                out.push_str(&line.replacen("# ", "", 1));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        let node = crate::load::yaml::parse(Path::new("engagement.yaml"), &out).unwrap();
        let (e, _) = crate::validate::validate(&node).unwrap_or_else(|d| panic!("{d:?}\n{out}"));
        let it = &e.iterations[0];
        assert!(it.assess.is_some() && it.commit.is_some());
        assert!(it.deliver.is_some() && it.ensure.is_some());
    }

    #[test]
    fn refuses_to_overwrite_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut o = options();
        o.templates = true;
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/sow.docx"), b"mine").unwrap();
        let err = init(dir.path(), &o).unwrap_err();
        assert!(format!("{err:?}").contains("never replaces"), "{err:?}");
        assert!(!dir.path().join(ENGAGEMENT_FILE).exists());
        assert_eq!(
            std::fs::read(dir.path().join("templates/sow.docx")).unwrap(),
            b"mine"
        );
    }
}
