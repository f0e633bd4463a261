//! `render --each SHEET` on a generic workbook: the sheet is read row by
//! row, the other sheets are shared, and a template that reads the whole
//! list still gets it (issue 14, "render --each in flat memory").

use crate::harness::*;

fn goals_workbook(case: &Case) -> std::path::PathBuf {
    let path = case.path("goals.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Goals").unwrap();
    ws.write_string(0, 0, "ID").unwrap();
    ws.write_string(0, 1, "Title").unwrap();
    for r in 1..=3u32 {
        ws.write_string(r, 0, format!("G{r}")).unwrap();
        ws.write_string(r, 1, format!("Goal {r}")).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("Customer").unwrap();
    ws.write_string(0, 0, "Field").unwrap();
    ws.write_string(0, 1, "Value").unwrap();
    ws.write_string(1, 0, "Name").unwrap();
    ws.write_string(1, 1, "Contoso").unwrap();
    wb.save(&path).unwrap();
    path
}

#[test]
fn each_sheet_of_a_workbook_renders_its_rows_with_the_other_sheets() {
    let case = Case::new();
    goals_workbook(&case);
    case.docx(
        "t.docx",
        &Docx::body(p("{{ customer.name }} {{ index }} {{ id }} {{ title }}")),
    );
    let run = case.run(&[
        "render",
        "t.docx",
        "goals.xlsx",
        "--each",
        "goals",
        "--name",
        "{{ id }}",
        "-o",
        "out/",
    ]);
    run.ok();
    assert_eq!(run.stdout, "out/G1.docx\nout/G2.docx\nout/G3.docx\n");
    assert_eq!(body_text(&case.path("out/G3.docx")), "Contoso 3 G3 Goal 3");
}

/// The whole list is not held by a row-by-row read: a template (or a
/// `--name`) that reads it gets the workbook read whole.
#[test]
fn each_sheet_of_a_workbook_still_gives_the_whole_list_to_a_template_that_reads_it() {
    let case = Case::new();
    goals_workbook(&case);
    case.docx("t.docx", &Docx::body(p("{{ id }} of {{ goals|length }}")));
    let run = case.run(&[
        "render",
        "t.docx",
        "goals.xlsx",
        "--each",
        "goals",
        "-o",
        "out/",
    ]);
    run.ok();
    assert_eq!(body_text(&case.path("out/goals-2.docx")), "G2 of 3");
    case.docx("n.docx", &Docx::body(p("{{ id }}")));
    let run = case.run(&[
        "render",
        "n.docx",
        "goals.xlsx",
        "--each",
        "goals",
        "--name",
        "{{ id }} of {{ goals|length }}",
        "-o",
        "named/",
    ]);
    run.ok();
    assert_eq!(
        run.stdout,
        "named/G1 of 3.docx\nnamed/G2 of 3.docx\nnamed/G3 of 3.docx\n"
    );
}
