//! Tests of [`parse`](super::parse): scalars as written, positions, and the
//! fast path against serde-saphyr.

use super::*;
use crate::model::raw::NodeKind;

fn p(s: &str) -> Node {
    parse(Path::new("t.yaml"), s).unwrap()
}

fn scalar(n: &Node) -> &str {
    match &n.kind {
        NodeKind::Scalar(s) => s,
        k => panic!("{k:?}"),
    }
}

#[test]
fn scalars_keep_their_text_and_position() {
    let n = p("a: NO\nb: 1.10\nc: 0755\nd: \"x\"\ne: true\nf:\n");
    assert_eq!(scalar(n.get("a").unwrap()), "NO");
    assert_eq!(scalar(n.get("b").unwrap()), "1.10");
    assert_eq!(scalar(n.get("c").unwrap()), "0755");
    assert_eq!(scalar(n.get("d").unwrap()), "x");
    assert_eq!(scalar(n.get("e").unwrap()), "true");
    assert!(n.get("f").unwrap().is_null());
    assert_eq!(n.get("b").unwrap().loc, Location::yaml("t.yaml", 2, 4));
}

#[test]
fn anchors_and_merge_keys() {
    let n = p("base: &b\n  x: 1.50\n  y: two\nc:\n  <<: *b\n  y: three\nd: *b\n");
    let c = n.get("c").unwrap();
    assert_eq!(scalar(c.get("x").unwrap()), "1.50");
    assert_eq!(scalar(c.get("y").unwrap()), "three");
    assert_eq!(scalar(n.get("d").unwrap().get("x").unwrap()), "1.50");
}

#[test]
fn duplicate_keys_are_errors_with_position() {
    let err = parse(Path::new("t.yaml"), "a: 1\nb: 2\na: 3\n").unwrap_err();
    let d = &err.diagnostics().unwrap().0[0];
    assert!(d.message.contains("duplicate"), "{}", d.message);
    assert!(
        matches!(d.location, Location::Yaml { line: 3, .. }),
        "{:?}",
        d.location
    );
}

/// The fast path either declines or builds exactly serde-saphyr's tree.
fn same_as_serde(text: &str) -> bool {
    let file = Path::new("t.yaml");
    match fast::parse(file, text) {
        Some(node) => {
            assert_eq!(
                Ok(node),
                parse_serde(file, text).map_err(|e| e.to_string()),
                "{text}"
            );
            true
        }
        None => false,
    }
}

#[test]
fn fast_path_builds_the_same_tree_as_serde_saphyr() {
    let taken = [
        "a: NO\nb: 1.10\nc: 0755\nd: \"x\"\ne: true\nf:\ng: ~\nh: null\ni: 'null'\n",
        "a: 0x1F\nb: 0X1F\nc: -12\nd: +3\ne: 1e3\nf: 12_000\ng: 2026-09-30\nh: -0\n",
        "list:\n  - one\n  - 2\n  -\n  - [a, 'b', \"c\"]\n  - {x: 1, z: two}\n",
        "text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\n\nplain: multi\n  line\n  words\n",
        "'quoted key': 1\n\"dq\": 2\nkey with spaces: 3\nümlaut: ä\n",
        "a: \"esc\\t\\u00e9\\n\"\nb: 'it''s'\nc: x # comment\n# trailing\n",
        "- a: 1\n  b:\n    - c: 2\n- d\n",
        "---\na: 1\n...\n",
        "a:\tb\n",
        "\u{feff}a: 1\n",
        "a: {}\nb: []\nc: ''\n",
    ];
    for t in taken {
        assert!(same_as_serde(t), "the fast path should take {t:?}");
    }
    // Everything serde-saphyr owns: the fast path declines.
    let declined = [
        "base: &b\n  x: 1\nc:\n  <<: *b\n",
        "a: 1\nb: 2\na: 3\n",
        "a: !!str 12\n",
        "1: a\n",
        "true: a\n",
        "~: a\n",
        "? [a]\n: b\n",
        "a: .inf\nb: -.NaN\n",
        "a: 1e999\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "",
        "just text\n",
        "a: [1, 2\n",
        "a:\n\t- b\n",
    ];
    for t in declined {
        assert!(!same_as_serde(t), "the fast path should decline {t:?}");
    }
}

#[test]
fn fast_path_matches_on_the_repositorys_yaml_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut taken = 0;
    for dir in ["samples", "benches/fixtures", "tests/fixtures"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                    let text = std::fs::read_to_string(&p).unwrap();
                    taken += usize::from(same_as_serde(&text));
                }
            }
        }
    }
    assert!(taken >= 3, "only {taken} files took the fast path");
}

/// The one diagnostic of a text that fails to parse.
fn parse_error(text: &str) -> crate::error::Diagnostic {
    let err = parse(Path::new("t.yaml"), text).unwrap_err();
    err.diagnostics().unwrap().0[0].clone()
}

/// Issue 14, defect 3: no serde-saphyr internals in a message.
#[test]
fn duplicate_key_messages_name_no_library_internals() {
    for text in ["a: 1\nb: 2\na: 3\n", "m:\n  x: 1\n  x: 2\n"] {
        let d = parse_error(text);
        assert!(d.message.contains("may appear only once"), "{}", d.message);
        for internal in ["Options", "Policy", "Option<", "serde"] {
            assert!(!d.message.contains(internal), "{}", d.message);
        }
    }
    let d = parse_error("a: 1\na: 2\n");
    assert_eq!(
        d.message,
        "failed to parse YAML (duplicate key `a`: a key may appear only once in a mapping)"
    );
}

/// Issue 14, defect 4: an unclosed `[` or `{` is reported where it opened,
/// not where the parser gave up.
#[test]
fn unclosed_flow_collections_point_at_their_bracket() {
    let d = parse_error("id: X\ntitle: [Contoso\ncustomer:\n  name: C\n");
    assert_eq!(d.location, Location::yaml("t.yaml", 2, 8), "{}", d.message);
    assert!(
        d.message
            .contains("the list opened with `[` here is not closed with `]`"),
        "{}",
        d.message
    );
    assert!(d.hint.as_deref().unwrap().contains("quote"), "{d:?}");
    assert_eq!(d.excerpt.as_deref(), Some("title: [Contoso\n       ^"));
    let d = parse_error("id: X\ncustomer: {name: C\nprovider:\n  name: P\n");
    assert_eq!(d.location, Location::yaml("t.yaml", 2, 11), "{}", d.message);
    assert!(
        d.message.contains("the mapping opened with `{`"),
        "{}",
        d.message
    );
    // Still open at the end of the file, on its own line: the parser's own report.
    let d = parse_error("id: [unclosed\n");
    assert_eq!(d.location, Location::yaml("t.yaml", 1, 5), "{}", d.message);
    // A list over several lines is fine.
    let n = p("findings: [a,\n  b]\nx: 1\n");
    assert_eq!(
        n.get("findings").unwrap().loc,
        Location::yaml("t.yaml", 1, 11)
    );
}

/// Issue 15, failure 7: an error on a 100 MB line printed the whole line.
#[test]
fn the_excerpt_of_a_long_line_is_cut_around_the_column() {
    let line = format!("name: [{}x: y", "a".repeat(1_000_000));
    let x = excerpt(&line, 1, 500_000).unwrap();
    let (shown, caret) = x.split_once('\n').unwrap();
    assert_eq!(shown.chars().count(), 2 * 60 + 1 + 2, "{shown}");
    assert!(shown.starts_with('…') && shown.ends_with('…'));
    assert_eq!(
        caret.chars().count(),
        62,
        "the caret stays under the column"
    );
    // A short line is shown whole, as before.
    assert_eq!(excerpt("a: [b\n", 1, 4).unwrap(), "a: [b\n   ^");
}

/// Issue 14, defect 3's kind: a document over the budget was reported as
/// `limits breached: Nodes { nodes: 250001 }`.
#[test]
fn a_budget_breach_is_said_in_a_data_authors_words() {
    // Through `render`'s data loader: serde-saphyr alone, as `parse`'s
    // fallback is (the fast path has no node budget of its own yet).
    let text = format!("items:\n{}", "  - a\n".repeat(250_001));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, &text).unwrap();
    let err = crate::load::load_data(&path).unwrap_err();
    let d = err.diagnostics().unwrap().0[0].clone();
    assert!(
        d.message
            .contains("too large or too complex (more than 250000 values)"),
        "{}",
        d.message
    );
    for internal in ["Nodes", "{", "breached"] {
        assert!(!d.message.contains(internal), "{}", d.message);
    }
    // An engagement file takes the same budget: the fast path leaves such a
    // document to serde-saphyr (debug builds compare the two).
    let d = parse_error(&text);
    assert!(
        d.message.contains("more than 250000 values"),
        "{}",
        d.message
    );
}
