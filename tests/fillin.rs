//! The fill-in workbook (`init --xlsx`) as a data file: `check`, `build` and `batch` read
//! it directly, the report it builds is the one its YAML twin builds, and a finding on
//! one of its cells names sheet!cell in text and in JSON.

mod common;

use std::path::{Path, PathBuf};

use common::{juesuan, pdf_text, tempdir};
use juesuan::model::ReportData;

/// The example's data without the project evaluation reports (which the workbook leaves
/// to the YAML file: `model::fillin::hints::EXCLUDED`).
fn example_data() -> ReportData {
    let mut d = juesuan::model::load_file(&common::example())
        .expect("example loads")
        .data;
    for p in &mut d.projects {
        p.evaluation = None;
    }
    d
}

/// `data` as a fill-in workbook at `dir/name`.
fn workbook(dir: &Path, name: &str, data: &ReportData) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, juesuan::import::fillin::write(data).expect("writes")).unwrap();
    p
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = juesuan(args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_fill_in_workbook_checks_and_builds_the_report_of_its_yaml() {
    let dir = tempdir();
    let data = example_data();
    let wb = workbook(dir.path(), "融媒体中心.xlsx", &data);
    let yaml = dir.path().join("融媒体中心.yaml");
    std::fs::write(&yaml, serde_yaml::to_string(&data).unwrap()).unwrap();

    let (code, out, err) = run(&["check", wb.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0个错误，0个警告"), "{out}");

    let pdf_wb = common::build(&wb, dir.path(), "wb");
    let pdf_yaml = common::build(&yaml, dir.path(), "yaml");
    let text = pdf_text(&pdf_wb);
    assert_eq!(text, pdf_text(&pdf_yaml));
    assert!(common::squash(&text).contains("攀枝花市东区融媒体中心"));
    assert!(common::squash(&text).contains("3,464,745.78"), "the total");
    // Same input, same bytes.
    let again = common::build(&wb, dir.path(), "wb2");
    assert_eq!(
        std::fs::read(&pdf_wb).unwrap(),
        std::fs::read(again).unwrap()
    );
}

#[test]
fn a_finding_on_a_bad_cell_names_sheet_and_cell_in_text_and_json() {
    let dir = tempdir();
    let mut data = example_data();
    data.declared.income_total = Some(juesuan::model::Money(rust_decimal::Decimal::ONE));
    data.projects[0].code = "2080505".into();
    let wb = workbook(dir.path(), "填报.xlsx", &data);
    let file = wb.to_str().unwrap();

    let (code, out, _) = run(&["check", file]);
    assert_eq!(code, 1, "{out}");
    // rustc-style: file:sheet!cell, then what the cell shows (sheet, cell, row label, value).
    assert!(out.contains("error[B001]"), "{out}");
    assert!(out.contains(&format!("{file}:报表合计数!B2")), "{out}");
    assert!(out.contains("行“本年收入合计”"), "{out}");
    // B001 names both sides neutrally (either may be the wrong one).
    assert!(
        out.contains("明细合计 3,464,745.78，抄录合计 1.00"),
        "{out}"
    );
    // A project booked under a code without 项目支出: its code cell, with its column
    // header and the project's name.
    assert!(out.contains(&format!("{file}:项目!C2")), "{out}");
    assert!(
        out.contains("列“功能分类编码” · 行“融媒体中心运维费用”"),
        "{out}"
    );

    let (code, json, _) = run(&["check", file, "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let findings = v["findings"].as_array().unwrap();
    let b001 = findings.iter().find(|f| f["code"] == "B001").unwrap();
    assert_eq!(b001["cell"], "报表合计数!B2");
    assert_eq!(b001["location"], format!("{file}:报表合计数!B2"));
    assert_eq!(b001["path"], "declared.income_total");
    assert!(
        findings
            .iter()
            .any(|f| f["cell"] == "项目!C2" && f["path"] == "projects[0].code"),
        "{json}"
    );

    // Nothing is built from a workbook with errors.
    let pdf = dir.path().join("x.pdf");
    let (code, _, err) = run(&["build", file, "-o", pdf.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("报表合计数!B2"), "{err}");
    assert!(!pdf.exists());
}

#[test]
fn batch_builds_fill_in_workbooks_and_skips_other_workbooks() {
    let dir = tempdir();
    let data_dir = dir.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    workbook(&data_dir, "融媒体中心.xlsx", &example_data());
    // An export kept beside the data is no data file of batch.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/xlsx/dongqu-media-2023-export.xlsx"),
        data_dir.join("决算导出.xlsx"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stdout, stderr) = run(&[
        "batch",
        data_dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "1",
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let rows = juesuan::batch::summary::read_csv(&out.join("summary.csv")).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].file, "融媒体中心.xlsx");
    assert_eq!(rows[0].income_total, "3464745.78");
    assert!(out.join(&rows[0].output).exists());
}

#[test]
fn check_on_an_export_workbook_says_to_import_it() {
    let export = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/xlsx/dongqu-media-2023-export.xlsx");
    let (code, out, err) = run(&["check", export.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("I022"), "{err}");
    assert!(err.contains("juesuan import"), "{err}");
}

#[test]
fn a_cell_the_loader_refuses_is_named_and_nothing_runs_after_it() {
    let dir = tempdir();
    let mut data = example_data();
    // Six digits: a code the loader refuses before any rule runs.
    data.expenditure[0].code = "201335".into();
    let wb = workbook(dir.path(), "填报.xlsx", &data);
    let file = wb.to_str().unwrap();
    let (code, out, _) = run(&["check", file]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("{file}:支出明细!A2")), "{out}");
    assert!(out.contains("201335"), "{out}");
    assert!(!out.contains("审核规则集"), "no rule ran: {out}");
    assert!(out.contains("改正工作簿中以上问题后请再次检查"), "{out}");
    let (_, json, _) = run(&["check", file, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["findings"][0]["cell"], "支出明细!A2", "{json}");
}
