//! Pass 2, `merge_runs`: a tag split over runs by Word is found whole.

use std::fmt::Write as _;

use minijinja::context;

use super::{check_invariants, prep, render, strict};

#[test]
fn split_tag_moves_into_first_run_with_its_format() {
    let p = prep("split_runs.xml");
    // Whole tag in the bold run, which now preserves space.
    assert!(
        p.source.contains(
            "<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">{{ customer.name }}</w:t>"
        ),
        "{}",
        p.source
    );
    // The italic and underlined runs held nothing but pieces of the tag: gone.
    assert!(
        !p.source.contains("<w:lang w:val=\"en-GB\"/>"),
        "{}",
        p.source
    );
    assert!(!p.source.contains("<w:noProof/>"), "{}", p.source);
    assert!(!p.source.contains("<w:t></w:t>"), "{}", p.source);
    // proofErr inside the tag are gone; no others existed in paragraph 1.
    let para1 = p.source.lines().nth(1).unwrap();
    assert!(!para1.contains("proofErr"), "{para1}");
    assert_eq!(p.tags[0].as_written, "{{ customer.name }}");
    assert_eq!(p.tags[1].as_written, "{% if vip %}");
    let texts = render(
        &p,
        context! { customer => context! { name => "Ada" }, vip => true },
    );
    assert_eq!(texts, ["Customer: Ada (signed)", "VIP"]);
    let texts = render(
        &p,
        context! { customer => context! { name => "Bob" }, vip => false },
    );
    assert_eq!(texts, ["Customer: Bob (signed)", ""]);
}

#[test]
fn bookmarks_stay_balanced_and_page_break_kept() {
    let p = prep("bookmark_pagebreak.xml");
    assert_eq!(p.source.matches("<w:bookmarkStart").count(), 1);
    assert_eq!(p.source.matches("<w:bookmarkEnd").count(), 1);
    assert!(p.source.contains("<w:lastRenderedPageBreak/>"));
    assert_eq!(p.tags[0].as_written, "{{ engagement.title }}");
    let texts = render(&p, context! { engagement => context! { title => "Q3" } });
    assert_eq!(texts, ["Intro", "Q3 report"]);
}

/// Splits `text` at the given byte positions into runs with varying noise in between.
const NOISE: [&str; 5] = [
    "<w:proofErr w:type=\"spellStart\"/>",
    "<w:bookmarkStart w:id=\"1\" w:name=\"b\"/><w:bookmarkEnd w:id=\"1\"/>",
    "",
    "<w:proofErr w:type=\"gramEnd\"/>",
    "<w:r><w:lastRenderedPageBreak/></w:r>",
];

fn split_into_runs(text: &str, cuts: &[usize], seed: usize) -> String {
    const RPR: [&str; 4] = [
        "",
        "<w:rPr><w:b/></w:rPr>",
        "<w:rPr><w:lang w:val=\"fr-FR\"/></w:rPr>",
        "<w:rPr><w:i/><w:color w:val=\"FF0000\"/></w:rPr>",
    ];
    let mut out = String::from("<w:body><w:p w:rsidR=\"001\">");
    let mut prev = 0;
    for (k, &c) in cuts.iter().chain(std::iter::once(&text.len())).enumerate() {
        let piece = &text[prev..c];
        prev = c;
        if k > 0 {
            out.push_str(NOISE[(seed + k) % NOISE.len()]);
        }
        write!(
            out,
            "<w:r w:rsidR=\"00{k}\">{}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            RPR[(seed + k) % RPR.len()],
            piece
        )
        .unwrap();
    }
    out.push_str("</w:p></w:body>");
    out
}

#[test]
fn any_split_of_a_tag_is_recovered() {
    // Char boundaries that do not cut an entity reference.
    let tags = [
        "{{ customer.name | upper }}",
        "{% if a &lt; 3 and b == \u{201C}x\u{201D} %}",
        "{# a comment #}",
    ];
    // Keeps the template valid; only the first tag is split.
    let suffix = ["", "{% endif %}", ""];
    let mut cases = 0;
    for (ti, tag) in tags.iter().enumerate() {
        let text = format!("Hello {tag} world{}", suffix[ti]);
        let ok: Vec<usize> = (1..6 + tag.len() + 6)
            .filter(|&i| text.is_char_boundary(i))
            .filter(|&i| {
                // not inside `&lt;`
                let before = &text[..i];
                before.rfind('&').is_none_or(|a| before[a..].contains(';'))
            })
            .collect();
        let expected_written = crate::tags::scan::decode(tag);
        let expected_source = crate::tags::quotes::clean(&expected_written);
        // Deterministic pseudo-random choices of 1–4 cut points.
        let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ ti as u64;
        for seed in 0..300 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let n = 1 + (state % 4) as usize;
            let mut cuts: Vec<usize> = (0..n)
                .map(|k| ok[((state >> (8 * k)) as usize) % ok.len()])
                .collect();
            cuts.sort_unstable();
            cuts.dedup();
            let xml = split_into_runs(&text, &cuts, seed);
            let p = strict("p", &xml).unwrap_or_else(|d| panic!("{d}\n{xml}"));
            assert_eq!(p.tags.len(), 1 + usize::from(ti == 1), "{xml}");
            assert_eq!(p.tags[0].as_written, expected_written, "{xml}");
            assert_eq!(&p.source[p.tags[0].range.clone()], expected_source, "{xml}");
            // proofErr between pieces of the tag are gone, the others stay.
            let outside = cuts
                .iter()
                .enumerate()
                .filter(|&(k, &c)| {
                    NOISE[(seed + k + 1) % NOISE.len()].contains("proofErr")
                        && !(6 < c && c < 6 + tag.len())
                })
                .count();
            assert_eq!(p.source.matches("proofErr").count(), outside, "{xml}");
            check_invariants(&xml, &p);
            if ti == 0 {
                let t = render(&p, context! { customer => context! { name => "ada" } });
                assert_eq!(t, ["Hello ADA world"], "{}", p.source);
            }
            cases += 1;
        }
    }
    assert_eq!(cases, 900);
}
