//! Writes the committed workbook fixtures of the import tests (tests/fixtures/xlsx/):
//! the example unit laid out as the 决算 software's export. The BIFF8 .xls copy and the
//! encrypted workbook are made from its output once with outside tools; see
//! tests/fixtures/xlsx/README.md.
//!
//! `cargo run --release --example make_fixtures`

#[path = "xlsx_fixtures/mod.rs"]
mod xlsx_fixtures;

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xlsx");
    std::fs::create_dir_all(&dir).expect("fixture folder");
    let data = xlsx_fixtures::example();
    let export = xlsx_fixtures::export_workbook(&data, &xlsx_fixtures::Opts::default());
    let path = dir.join("dongqu-media-2023-export.xlsx");
    std::fs::write(&path, export).expect("write fixture");
    println!("{}", path.display());
    let public = xlsx_fixtures::public_workbook(&data);
    let path = dir.join("dongqu-media-2023-public.xlsx");
    std::fs::write(&path, public).expect("write fixture");
    println!("{}", path.display());
}
