//! Charts end to end: `--charts-dir` writes well-formed SVG files, and the charts' labels
//! reach the PDF as real text (typst draws the SVG text with the bundled fonts).

mod common;

use std::path::{Path, PathBuf};

use common::{build, example, juesuan, pdf_text, squash, tempdir, write};

/// The PDF's text with `pdftotext -layout`, squashed line by line: a legend row
/// (colour, name, 万元, share) comes out as one line.
fn layout_lines(pdf: &Path) -> Vec<String> {
    let o = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(o.status.success());
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(squash)
        .collect()
}

/// A minimal well-formedness check: one `<svg>` root, every tag closed in order,
/// attribute values quoted, no non-finite numbers.
fn assert_valid_svg(svg: &str) {
    assert!(
        svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"),
        "not an SVG document"
    );
    assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        !svg.contains("NaN") && !svg.contains("inf"),
        "non-finite number"
    );
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').expect("unterminated tag") + i;
        let tag = &rest[i + 1..end];
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}

/// The example with ten 功能分类 类 (several under 1%) and some 三公 spending.
fn ten_classes(dir: &Path) -> PathBuf {
    let mut s = std::fs::read_to_string(example()).unwrap();
    let extra = [
        ("2050201", "9000.00"),
        ("2070101", "4000.00"),
        ("2110101", "300.00"),
        ("2120101", "1000.00"),
        ("2130101", "2500.00"),
        ("2240101", "12.34"),
    ];
    let lines: String = extra
        .iter()
        .map(|(c, a)| format!("  - code: \"{c}\"\n    subsidy_subordinate: {a}\n    budget: {a}\n"))
        .collect();
    s = s.replace(
        "\n# 一般公共预算财政拨款基本支出",
        &format!("{lines}\n# 一般公共预算财政拨款基本支出"),
    );
    s = s.replace(
        "income:\n  general_budget: 3464745.78",
        "income:\n  general_budget: 3481558.12",
    );
    s.truncate(s.find("# 决算报表中的合计数").unwrap());
    s = s.replace(
        "three_public:\n  budget: {}",
        "three_public:\n  vehicle_operation: 12000\n  reception:\n    domestic: {amount: 3000, batches: 2, persons: 10}\n  budget: {}",
    );
    write(dir, "ten.yaml", &s)
}

/// The charts by name (图1–图7), as `--charts-dir` writes them.
const CHARTS: [&str; 7] = [
    "total_change",
    "income_structure",
    "expenditure_structure",
    "fiscal_change",
    "general_budget_change",
    "general_budget_structure",
    "three_public_structure",
];

#[test]
fn charts_dir_gets_valid_svg_files() {
    let dir = tempdir();
    let charts = dir.path().join("charts");
    let pdf = dir.path().join("x.pdf");
    let o = juesuan(&[
        "build",
        example().to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--charts-dir",
        charts.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in &CHARTS[..6] {
        let svg = std::fs::read_to_string(charts.join(format!("{name}.svg"))).expect("chart file");
        assert_valid_svg(&svg);
        assert!(svg.contains("font-family=\"FandolHei\""));
    }
    // The example spends nothing on 三公: no 图7, the text says so instead.
    assert!(!charts.join("three_public_structure.svg").exists());
}

#[test]
fn example_pdf_carries_the_chart_labels() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "x");
    let text = pdf_text(&pdf);
    // Chart labels are printed without the space typst puts between hanzi and digits
    // in running text, so they can be told apart from the prose.
    for label in [
        "单位：万元",
        "177.26万元",
        "346.47万元",
        "102.91万元",
        "243.56万元",
        "2022年",
        "2023年",
    ] {
        assert!(text.contains(label), "{label} missing from the PDF text");
    }
    let flat = squash(&text);
    for caption in [
        "图1：收、支决算总计变动情况图",
        "图6：一般公共预算财政拨款支出决算结构",
    ] {
        assert!(flat.contains(caption), "{caption} missing");
    }
    // Legend rows: label, amount and the same share as the text.
    let lines = layout_lines(&pdf);
    for row in [
        "基本支出102.91万元29.7%",
        "一般公共服务支出315.68万元91.1%",
        "住房保障支出7.41万元2.1%",
    ] {
        assert!(lines.iter().any(|l| l == row), "legend row {row} missing");
    }
    assert!(!text.contains("NaN"));
}

#[test]
fn ten_classes_and_three_public_reach_the_pdf() {
    let dir = tempdir();
    let data = ten_classes(dir.path());
    let charts = dir.path().join("charts");
    let pdf = dir.path().join("ten.pdf");
    let o = juesuan(&[
        "build",
        data.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--charts-dir",
        charts.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in CHARTS {
        assert_valid_svg(&std::fs::read_to_string(charts.join(format!("{name}.svg"))).unwrap());
    }
    let lines = layout_lines(&pdf);
    for row in [
        // Legend amounts always carry two decimals (aligned on the point).
        "灾害防治及应急管理支出0.00万元0%",
        "教育支出0.90万元0.3%",
        "公务用车购置及运行维护费1.20万元80%",
        "公务接待费0.30万元20%",
    ] {
        assert!(
            lines.iter().any(|l| l == row),
            "legend row {row} missing from the PDF text"
        );
    }
    let flat = squash(&pdf_text(&pdf));
    assert!(flat.contains("图7：“三公”经费财政拨款支出结构"));
}

#[test]
fn hundreds_of_millions_and_missing_last_year() {
    let dir = tempdir();
    let s = std::fs::read_to_string(example()).unwrap().replace(
        "  total: 1772600.00\n  fiscal_total: 1772600.00\n",
        "  total: 523456789.12\n",
    );
    let data = write(dir.path(), "big.yaml", &s);
    let text = pdf_text(&build(&data, dir.path(), "big"));
    for label in ["52345.68万元", "80,000", "60,000"] {
        assert!(text.contains(label), "{label} missing from the PDF text");
    }
    assert!(!text.contains("NaN"));
}

/// Chart style lives in the template set: `charts.yaml` in `--templates DIR` changes the
/// drawing without touching code; a wrong field is a clear error and no PDF.
#[test]
fn template_folder_charts_yaml_restyles_the_charts() {
    let dir = tempdir();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(tpl.join("charts.yaml"), "bar_current: \"#AA0000\"\n").unwrap();
    let charts = dir.path().join("charts");
    let pdf = dir.path().join("x.pdf");
    let run = |pdf: &Path| {
        juesuan(&[
            "build",
            example().to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--templates",
            tpl.to_str().unwrap(),
            "--charts-dir",
            charts.to_str().unwrap(),
        ])
    };
    let o = run(&pdf);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(charts.join("total_change.svg")).unwrap();
    assert!(
        svg.to_uppercase().contains("#AA0000"),
        "the style file was not applied"
    );
    std::fs::write(tpl.join("charts.yaml"), "colour: red\n").unwrap();
    let bad = dir.path().join("bad.pdf");
    let o = run(&bad);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("图表样式文件"));
    assert!(!bad.exists());
}
