//! Generates a generic workbook for the `render --each SHEET` memory
//! figures (BENCHMARKS.md, "render --each in flat memory"): a `Letters`
//! sheet of N rows (the letter data of `benches/make_records.py`, flat:
//! id, contact, goal, due date, fee), a `Customer` Field | Value sheet and
//! a `Notes` list, read by `benches/fixtures/letter.docx`.
//!
//! ```text
//! cargo run --example gen_rows -- 100000 /tmp/rows100000.xlsx
//! cargo run --example gen_rows -- 100000 /tmp/inline100000.xlsx --inline
//! ```
//!
//! Text goes into the shared strings table, as Excel writes it; with
//! `--inline` the `Letters` sheet keeps its text in its cells (rust_xlsxwriter's
//! constant-memory mode), which shows what the shared strings cost a reader.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

fn main() -> Result<(), XlsxError> {
    let mut args = std::env::args().skip(1);
    let n: u32 = args.next().and_then(|a| a.parse().ok()).expect("N");
    let out = args.next().expect("OUT.xlsx");
    let inline = args.next().is_some_and(|a| a == "--inline");
    let mut wb = Workbook::new();
    let ws = match inline {
        true => wb.add_worksheet_with_constant_memory()?,
        false => wb.add_worksheet(),
    };
    ws.set_name("Letters")?;
    for (c, h) in ["ID", "Contact", "Goal", "Due", "Fee"].iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for i in 0..n {
        let r = i + 1;
        ws.write_string(r, 0, format!("R-{i:06}"))?;
        ws.write_string(r, 1, format!("Contact person {i}"))?;
        ws.write_string(
            r,
            2,
            format!("Goal number {i}: move the reporting workload to Azure"),
        )?;
        let due = ExcelDateTime::from_ymd(2026, 1 + (i % 12) as u8, 1 + (i % 28) as u8)?;
        ws.write_datetime_with_format(r, 3, &due, &date)?;
        ws.write_number(r, 4, f64::from(1000 + i % 5000))?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("Customer")?;
    for (r, (f, v)) in [("Field", "Value"), ("Name", "Contoso"), ("City", "Oslo")]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *f)?;
        ws.write_string(r as u32, 1, *v)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("Notes")?;
    for (r, t) in ["Note", "first note", "second note", "third note"]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *t)?;
    }
    wb.save(out)
}
