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

/// `render --each SHEET` on a generic workbook: the documents of the
/// row-by-row read are those of the whole read, byte for byte.
#[test]
fn a_workbook_sheet_read_row_by_row_gives_the_same_documents() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("letters.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Letters").unwrap();
    for (c, h) in ["ID", "Contact", "Goal", "Due", "Fee"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for i in 0..5u32 {
        ws.write_string(i + 1, 0, format!("R-{i}")).unwrap();
        ws.write_string(i + 1, 1, format!("Person {i} & Co"))
            .unwrap();
        ws.write_string(i + 1, 2, "Move to Azure").unwrap();
        let due = ExcelDateTime::from_ymd(2026, 3, 1 + i as u8).unwrap();
        ws.write_datetime_with_format(i + 1, 3, &due, &date)
            .unwrap();
        ws.write_number(i + 1, 4, 1000.5 + f64::from(i)).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("Customer").unwrap();
    for (r, (f, v)) in [("Field", "Value"), ("Name", "Contoso"), ("City", "Oslo")]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *f).unwrap();
        ws.write_string(r as u32, 1, *v).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("Notes").unwrap();
    for (r, t) in ["Note", "first", "second"].iter().enumerate() {
        ws.write_string(r as u32, 0, *t).unwrap();
    }
    wb.save(&p).unwrap();
    let template = CompiledTemplate::open(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures/letter.docx"),
        Default::default(),
    )
    .unwrap();
    let paths = vec![p];
    let each = Some(Each::Path("letters".into()));
    let streamed: Vec<Record> = file_records_for(&paths, each.clone(), &template, Some("{{ id }}"))
        .map(Result::unwrap)
        .collect();
    let base = streamed[0].base.as_deref().unwrap();
    assert!(base.get("letters").is_none(), "not read row by row");
    let render = |records: Vec<Record>, out: &Path| -> Vec<Vec<u8>> {
        let mut written = Vec::new();
        let namer = Namer::new(out, Some("{{ id }}")).unwrap();
        render_each(
            &template,
            records.into_iter().map(Ok),
            Target::Folder(Box::new(namer)),
            EachOptions::default(),
            None,
            |o| {
                o.result.unwrap();
                written.push(std::fs::read(o.path.unwrap()).unwrap());
            },
        );
        written
    };
    let whole: Vec<Record> = file_records(&paths, each).map(Result::unwrap).collect();
    assert!(whole[0].base.as_deref().unwrap().get("letters").is_some());
    let a = render(whole, &dir.path().join("whole"));
    let b = render(streamed, &dir.path().join("rows"));
    assert_eq!(a.len(), 5);
    assert!(a == b, "the documents differ");
}
