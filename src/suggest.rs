//! "Did you mean": the one suggestion engine behind every hint that offers the
//! word the user probably meant (unknown fields and columns, enum values such
//! as maturity levels, engagement types and statuses, ids, sheet names,
//! template variables), like just's `suggestion.rs`.
//!
//! The nearest candidate wins, over all candidates:
//!
//! 1. Distance is Damerau-Levenshtein (insert, delete, substitute, swap two
//!    neighbours: `acheived` is one edit from `achieved`), compared
//!    case-insensitively, because every caller matches names without case.
//!    A word of three or more characters is also measured against the
//!    candidate's start of the same length, plus one edit: a value cut short
//!    (`partially`, `cloud-is-an-o`) then finds the whole value
//!    (`partially-achieved`, `cloud-is-an-option`), not an unrelated value of
//!    similar length. A word that adds words to a candidate (`Due date`
//!    for the column `Due`) is one edit from it as well.
//! 2. A candidate is close enough when at most a third of the word's
//!    characters need an edit (at least one edit is always allowed), and it is
//!    not a complete rewrite of the word (`a` does not suggest `b`). A fixed
//!    limit would suggest too freely for short ids and too rarely for long ones.
//! 3. Ties go to the candidate sharing the longer start with the word, then
//!    to the alphabetically first, so the answer never depends on the order
//!    the candidates come in.

use std::cmp::Reverse;

/// The shortest word taken as the start of a longer one (`poc` is not
/// suggested for `p`).
const MIN_CUT: usize = 3;

/// The candidate nearest to `word`, when it is near enough to be a likely
/// typo of it; spelled as the candidate is (`Title` for `titel`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    let len = w.chars().count();
    let max = len.max(3) / 3;
    candidates
        .into_iter()
        .filter_map(|c| {
            let lc = c.to_lowercase();
            let whole = strsim::damerau_levenshtein(&w, &lc);
            // A word cut short (`partially`) is one edit from the whole value.
            let cut = if len >= MIN_CUT && lc.chars().count() > len {
                let start: String = lc.chars().take(len).collect();
                strsim::damerau_levenshtein(&w, &start) + 1
            } else {
                usize::MAX
            };
            // A word that adds words to a candidate (`Due date` for `Due`) is
            // one edit from it too.
            let extended = lc.chars().count() >= MIN_CUT
                && w.strip_prefix(lc.as_str())
                    .is_some_and(|rest| rest.starts_with([' ', '-', '_']));
            let d = if extended { 1 } else { whole.min(cut) };
            let rewrite = d >= len.max(lc.chars().count());
            let shared = w
                .chars()
                .zip(lc.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (d <= max && !rewrite).then_some((d, Reverse(shared), c))
        })
        .min()
        .map(|(_, _, c)| c)
}

/// The hint "did you mean `x`?" for the candidate [`closest`] to `word`.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The candidate lists below are copies of the callers' lists (the built-in
    // catalog, `Status::WRITABLE`, the fields `validate` knows, the render
    // context): this module sits below them and does not import them.

    const MATURITY: [&str; 4] = [
        "cloud-affine",
        "cloud-is-an-option",
        "cloud-is-a-solution",
        "cloud-is-in-use",
    ];
    const TYPES: [&str; 4] = ["mcw", "governance-workshop", "ads", "poc"];
    const STATUSES: [&str; 3] = ["achieved", "partially-achieved", "not-achieved"];

    /// Issue 14, defect 1: the old engine preferred `cloud-is-a-solution`.
    #[test]
    fn a_misspelt_maturity_suggests_the_nearest_level() {
        assert_eq!(
            closest("cloud-is-a-option", MATURITY),
            Some("cloud-is-an-option")
        );
    }

    #[test]
    fn maturity_levels() {
        assert_eq!(
            closest("cloud-is-an-opton", MATURITY),
            Some("cloud-is-an-option")
        );
        assert_eq!(closest("cloud-afine", MATURITY), Some("cloud-affine"));
        assert_eq!(
            closest("cloud-is-a-soluton", MATURITY),
            Some("cloud-is-a-solution")
        );
        assert_eq!(closest("cloud-in-use", MATURITY), Some("cloud-is-in-use"));
        assert_eq!(
            closest("Cloud-Is-In-Use", MATURITY),
            Some("cloud-is-in-use")
        );
        assert_eq!(closest("on-premises", MATURITY), None);
    }

    #[test]
    fn engagement_types() {
        assert_eq!(closest("pco", TYPES), Some("poc"));
        assert_eq!(closest("ADS", TYPES), Some("ads"));
        assert_eq!(closest("mvw", TYPES), Some("mcw"));
        assert_eq!(
            closest("governance-worksop", TYPES),
            Some("governance-workshop")
        );
        assert_eq!(closest("hackathon", TYPES), None);
    }

    #[test]
    fn statuses() {
        assert_eq!(closest("acheived", STATUSES), Some("achieved"));
        assert_eq!(closest("not-acheived", STATUSES), Some("not-achieved"));
        assert_eq!(
            closest("partialy-achieved", STATUSES),
            Some("partially-achieved")
        );
        assert_eq!(closest("done", STATUSES), None);
    }

    #[test]
    fn field_names() {
        let engagement = [
            "id",
            "title",
            "currency",
            "customer",
            "provider",
            "catalog",
            "iterations",
        ];
        assert_eq!(closest("titel", engagement), Some("title"));
        assert_eq!(closest("iteratons", engagement), Some("iterations"));
        assert_eq!(closest("curency", engagement), Some("currency"));
        let customer = ["name", "industry", "country", "contacts"];
        assert_eq!(closest("nmae", customer), Some("name"));
        let person = ["name", "role", "organisation", "email", "phone"];
        assert_eq!(closest("organization", person), Some("organisation"));
        assert_eq!(closest("emial", person), Some("email"));
        let commit = [
            "date",
            "engagement_type",
            "objective",
            "goals",
            "scope",
            "out_of_scope",
            "assumptions",
            "deliverables",
            "effort",
            "signatories",
        ];
        assert_eq!(closest("engagment_type", commit), Some("engagement_type"));
        assert_eq!(closest("out-of-scope", commit), Some("out_of_scope"));
        assert_eq!(closest("goal", commit), Some("goals"));
        let agenda = ["start", "duration", "topic", "presenter"];
        assert_eq!(closest("presentor", agenda), Some("presenter"));
        let result = ["goal", "status", "evidence", "notes"];
        assert_eq!(closest("stauts", result), Some("status"));
        assert_eq!(closest("zzz", ["title", "description"]), None);
    }

    #[test]
    fn ids_columns_and_sheets() {
        // Short ids: one edit is still a likely typo.
        assert_eq!(closest("G2", ["G1"]), Some("G1"));
        assert_eq!(closest("W1", ["G1", "W2"]), Some("W2"));
        assert_eq!(
            closest("CONTOSO-2026-1", ["CONTOSO-2026-01", "FABRIKAM-2026-01"]),
            Some("CONTOSO-2026-01")
        );
        // A candidate is returned as it is spelled.
        assert_eq!(closest("Titel", ["Goal", "Title", "Owner"]), Some("Title"));
        assert_eq!(closest("goal", ["Goal", "Title"]), Some("Goal"));
        assert_eq!(
            closest("Iteraton", ["Iteration", "Goals"]),
            Some("Iteration")
        );
        // A column named with more words than its header.
        let goals = ["Id", "Title", "Success criteria", "Owner", "Due"];
        assert_eq!(closest("Due dat", goals), Some("Due"));
        assert_eq!(closest("Owner_name", goals), Some("Owner"));
        // Not a word boundary: `Duet` is not `Due` plus a word.
        assert_eq!(closest("Duetto", goals), None);
    }

    #[test]
    fn template_variable_names() {
        let top = ["engagement", "customer", "provider", "iteration", "locale"];
        assert_eq!(closest("custmer", top), Some("customer"));
        assert_eq!(closest("iteraton", top), Some("iteration"));
        assert_eq!(closest("Customer", top), Some("customer"));
        let goal = ["id", "title", "description", "owner", "due", "result"];
        assert_eq!(closest("titel", goal), Some("title"));
        assert_eq!(closest("descripton", goal), Some("description"));
        assert_eq!(closest("onwer", goal), Some("owner"));
        assert_eq!(closest("budget", goal), None);
    }

    /// The names `render::filters` registers (no hint uses them yet; issue
    /// 14 asks for did-you-mean on unknown filters).
    #[test]
    fn filter_names() {
        let filters = [
            "date",
            "money",
            "percent",
            "number",
            "datetimeformat",
            "timeformat",
            "upper",
            "lower",
            "default",
        ];
        assert_eq!(closest("upperr", filters), Some("upper"));
        assert_eq!(closest("mony", filters), Some("money"));
        assert_eq!(closest("percnet", filters), Some("percent"));
        assert_eq!(closest("datetimefmt", filters), Some("datetimeformat"));
        assert_eq!(closest("dat", filters), Some("date"));
        assert_eq!(closest("json", filters), None);
    }

    #[test]
    fn the_threshold_grows_with_the_word() {
        // One edit for up to five characters, two up to eight, three up to eleven.
        assert_eq!(closest("abxde", ["abcde"]), Some("abcde"));
        assert_eq!(closest("axxde", ["abcde"]), None);
        assert_eq!(closest("abxxefgh", ["abcdefgh"]), Some("abcdefgh"));
        assert_eq!(closest("axxxefgh", ["abcdefgh"]), None);
        // Never a total rewrite.
        assert_eq!(closest("a", ["b"]), None);
        assert_eq!(closest("ab", ["xy"]), None);
        assert_eq!(closest("", ["a"]), None);
        assert_eq!(closest("x", [] as [&str; 0]), None);
    }

    #[test]
    fn a_word_cut_short_finds_the_whole_value() {
        assert_eq!(closest("partially", STATUSES), Some("partially-achieved"));
        assert_eq!(
            closest("cloud-is-an-o", MATURITY),
            Some("cloud-is-an-option")
        );
        assert_eq!(
            closest("cloud-is-a-sol", MATURITY),
            Some("cloud-is-a-solution")
        );
        assert_eq!(closest("acheiv", STATUSES), Some("achieved"));
        // Ambiguous starts go to the one sharing the most, then alphabetically.
        assert_eq!(closest("cloud-is", MATURITY), Some("cloud-is-a-solution"));
        // Too short to be taken as a start.
        assert_eq!(closest("p", TYPES), None);
        assert_eq!(closest("ad", ["address", "title"]), None);
    }

    #[test]
    fn ties_are_broken_by_shared_start_then_alphabetically() {
        // `titl` is one edit from both; `title` shares its whole start.
        assert_eq!(closest("titl", ["tidl", "title"]), Some("title"));
        assert_eq!(closest("titl", ["title", "tidl"]), Some("title"));
        // Equal in both measures: alphabetical, whatever the order given.
        assert_eq!(closest("G3", ["G2", "G1"]), Some("G1"));
        assert_eq!(closest("G3", ["G1", "G2"]), Some("G1"));
    }

    #[test]
    fn the_hint_names_the_candidate() {
        assert_eq!(
            did_you_mean("acheived", STATUSES).as_deref(),
            Some("did you mean `achieved`?")
        );
        assert_eq!(did_you_mean("zzz", STATUSES), None);
    }
}
