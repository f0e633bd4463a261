use std::cell::Cell;

use serde_json::json;

use super::*;

#[test]
fn each_merges_item_over_data() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("d.yaml");
    std::fs::write(&p, "customer: {name: C}\ngoals: [{id: G1}, {id: G2}]\n").unwrap();
    let mut list = crate::load::records::records(&p, Some(&Each::Path("goals".into()))).unwrap();
    let base = list.take_base().map(Arc::new);
    let recs: Vec<Record> = list
        .enumerate()
        .map(|(i, item)| Record::item(&p, base.as_ref(), item.unwrap(), i + 1))
        .collect();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1].context["id"], "G2");
    assert_eq!(recs[1].context["index"], 2);
    assert_eq!(recs[1].full_context()["customer"]["name"], "C");
    assert!(
        recs[1].context.get("customer").is_none(),
        "the base is shared, not copied"
    );
    assert!(Arc::ptr_eq(
        recs[0].base.as_ref().unwrap(),
        recs[1].base.as_ref().unwrap()
    ));
    assert_eq!(recs[1].label(), format!("{}#2", p.display()));
}

fn top_level(items: serde_json::Value) -> Vec<Record> {
    items
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, item)| Record::item(Path::new("d.yaml"), None, item.clone(), i + 1))
        .collect()
}

#[test]
fn names_from_pattern_are_safe_and_unique() {
    let recs = top_level(
        json!([{"n": "Müller / Ost"}, {"n": "Müller / Ost"}, {"n": "../../x"}, {"n": "r.pdf"}]),
    );
    let paths = output_paths(&recs, Path::new("out"), Some("{{ n }}")).unwrap();
    let names: Vec<_> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "out/Müller - Ost.docx",
            "out/Müller - Ost (2).docx",
            "out/x.docx",
            "out/r.pdf"
        ]
    );
}

/// The other half of the memory test (with the reader's queue,
/// `load::records`): the renderer pulls one chunk of records, renders and
/// reports it, and only then pulls the next.
#[test]
fn records_are_pulled_one_chunk_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures/sow_jinja.docx"),
    )
    .unwrap();
    let package = crate::docx::DocxPackage::from_bytes(bytes, "t.docx").unwrap();
    let template = CompiledTemplate::compile(package, Default::default()).unwrap();
    let pulled = Cell::new(0usize);
    let total = 3 * CHUNK + 5;
    let recs = (0..total).map(|i| {
        pulled.set(pulled.get() + 1);
        // Not a valid context for the template: the render fails fast, which
        // is enough to count the pulls.
        Ok(Record::item(
            Path::new("d.json"),
            None,
            json!({"n": i}),
            i + 1,
        ))
    });
    let mut reported = 0usize;
    render_each(
        &template,
        recs,
        Target::Folder(Box::new(Namer::new(dir.path(), Some("{{ n }}")).unwrap())),
        EachOptions::default(),
        None,
        |o| {
            reported += 1;
            assert!(o.path.is_some());
            // Never more than the chunk being reported ahead of the reports.
            assert!(
                pulled.get() <= reported.div_ceil(CHUNK) * CHUNK,
                "{} pulled at report {reported}",
                pulled.get()
            );
        },
    );
    assert_eq!(reported, total);
}

/// Issue 14, defect 15: an engagement gives the same context from its YAML
/// file and from its workbook.
#[test]
fn an_engagement_workbook_gives_the_context_of_its_yaml() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let yaml = crate::load::load_data(&root.join("contoso.yaml")).unwrap();
    let xlsx = engagement_workbook(&root.join("contoso.xlsx"))
        .expect("an engagement workbook")
        .unwrap();
    assert_eq!(xlsx, yaml, "\nworkbook: {xlsx:#}\nyaml: {yaml:#}");
    assert!(engagement_workbook(&root.join("contoso.yaml")).is_none());
}
