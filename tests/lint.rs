//! `juesuan lint` on real and generated reports: the hand-written seed (every error kind
//! DOMAIN.md lists is found), juesuan's own reports (no errors, ≥ 95% of figures checked),
//! .docx and .html renderings of the same text (same findings) and injected errors
//! (precision and recall, printed with `--nocapture`).

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build, example, juesuan, tempdir};
use juesuan::catalog::Catalog;
use juesuan::lint::{self, extract::PdfEngine, DocReport};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// pdftotext -layout pages (as `lint` reads a PDF).
fn layout_pages(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let mut pages: Vec<String> = String::from_utf8(o.stdout)
        .unwrap()
        .split('\u{c}')
        .map(str::to_string)
        .collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn codes(r: &DocReport) -> BTreeSet<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

fn listing(r: &DocReport) -> String {
    r.findings.iter().map(|f| f.line_text() + "\n").collect()
}

#[test]
fn seed_report_errors_are_all_found() {
    let r = lint::lint_file(
        &fixture("seed-2023-dongqu-media.txt"),
        PdfEngine::Auto,
        &Catalog::builtin(),
    );
    let all = listing(&r);
    let has = |code: &str, needle: &str| {
        assert!(
            r.findings.iter().any(|f| f.code == code && (f.message.contains(needle) || f.quote.contains(needle))),
            "{code} with “{needle}” not found:\n{all}"
        )
    };
    assert_eq!(r.year, Some(2023));
    // 五（二） gives last year's classes: they add to 177.26, not 346.47, and differ from 五（三）.
    has("A001", "各项之和177.26与合计346.47不符");
    has(
        "X002",
        "一般公共服务支出140.84万元，五（三）该类各项之和为315.68万元",
    );
    has("A003", "一般公共服务支出140.84万元占79.5%");
    // 六: "人员经费97.79万元，人员经费163.62万元".
    has("A009", "97.79万元与163.62万元");
    // 七: the template's "增加/减少0万元，增长/下降0%".
    has("R001", "增加/减少");
    has("R001", "增长/下降");
    // "共有车辆辆", "00人次", "346.47，完成预算100%".
    has("R002", "车辆辆");
    has("R005", "00人次");
    has("R003", "346.47");
    // 附件1's income execution figure matches no total of the report.
    has("X004", "一般公共预算财政拨款执行数3156846.30元");
    // Also real: the pre-2019 class name, an item without its amount, a catalogue name.
    has("N001", "文化体育与传媒支出");
    has("R002", "税金及附加费用");
    has("N003", "其他个人和家庭的补助支出");
    has("L004", "附表");
    println!("{}", r.text());
}

/// Lints every report under `dir` with the binary (as a reviewer would) and returns the
/// JSON report.
fn lint_json(dir: &Path) -> serde_json::Value {
    let o = juesuan(&["lint", dir.to_str().unwrap(), "--format", "json"]);
    assert!(
        o.status.code() == Some(0),
        "lint exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn coverage_of(json: &serde_json::Value) -> (u64, u64) {
    let docs = json["documents"].as_array().unwrap();
    let mut checked = 0;
    let mut unchecked = 0;
    for d in docs {
        let errors: Vec<&serde_json::Value> = d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", d["file"]);
        if d["sections_found"] == 0 {
            continue; // the batch's summary.pdf is not a report
        }
        let c = d["coverage"]["checked"].as_u64().unwrap();
        let n = d["coverage"]["not_checked"].as_u64().unwrap();
        assert!(
            c * 100 >= (c + n) * 90,
            "{}: only {c} of {} figures checked",
            d["file"],
            c + n
        );
        checked += c;
        unchecked += n;
    }
    (checked, unchecked)
}

#[test]
fn juesuan_reports_have_no_errors_and_are_covered() {
    let dir = tempdir();
    build(&example(), dir.path(), "example");
    for f in [
        "edu-bureau-2023",
        "civil-affairs-fund-2023",
        "institute-no-fiscal-2023",
    ] {
        build(&fixture(&format!("{f}.yaml")), dir.path(), f);
    }
    let (c, n) = coverage_of(&lint_json(dir.path()));
    println!(
        "example + fixtures: {c} figures checked, {n} not checked ({:.1}%)",
        c as f64 * 100.0 / (c + n) as f64
    );
    assert!(c * 100 >= (c + n) * 95);
}

#[test]
fn synthetic_district_has_no_errors_and_is_covered() {
    let dir = tempdir();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    let synth = Command::new(env!("CARGO"))
        .args([
            "run",
            "--release",
            "--quiet",
            "--example",
            "synth",
            "--",
            "100",
        ])
        .arg(&data)
        .args(["--seed", "1"])
        .status()
        .expect("synth");
    assert!(synth.success());
    let o = juesuan(&[
        "batch",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "2",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json = lint_json(&out);
    assert_eq!(json["documents"].as_array().unwrap().len(), 101);
    let (c, n) = coverage_of(&json);
    println!(
        "100 synthetic units: {c} figures checked, {n} not checked ({:.2}%)",
        c as f64 * 100.0 / (c + n) as f64
    );
    assert!(c * 100 >= (c + n) * 95);
}

/// Splits a layout line into cells at runs of two or more spaces.
fn cells(line: &str) -> Vec<String> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A .docx of the pages: one paragraph per line, the 附表 lines as Word tables (one cell
/// per layout column), a page break between pages.
fn docx(pages: &[String], path: &Path) {
    let mut body = String::new();
    let mut in_tables = false;
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            body.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
        }
        in_tables |= page.contains("第五部分");
        let mut rows = Vec::new();
        let flush = |rows: &mut Vec<Vec<String>>, body: &mut String| {
            if rows.is_empty() {
                return;
            }
            body.push_str("<w:tbl>");
            for r in rows.drain(..) {
                body.push_str("<w:tr>");
                for c in r {
                    body.push_str(&format!(
                        "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                        xml_escape(&c)
                    ));
                }
                body.push_str("</w:tr>");
            }
            body.push_str("</w:tbl>");
        };
        for line in page.lines() {
            let c = cells(line);
            if in_tables && c.len() > 1 {
                rows.push(c);
            } else {
                flush(&mut rows, &mut body);
                body.push_str(&format!(
                    r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                    xml_escape(line.trim())
                ));
            }
        }
        flush(&mut rows, &mut body);
    }
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
}

/// A saved portal page: paragraphs, the 附表 lines as table rows, GBK-encoded.
fn html(pages: &[String], path: &Path) {
    let mut body = String::from("<html><head><meta charset=\"gbk\"><title>决算公开</title><script>var x='<p>';</script></head><body>");
    let mut in_tables = false;
    for page in pages {
        in_tables |= page.contains("第五部分");
        let mut open = false;
        for line in page.lines() {
            let c = cells(line);
            if in_tables && c.len() > 1 {
                if !open {
                    body.push_str("<table>");
                    open = true;
                }
                body.push_str("<tr>");
                for cell in c {
                    body.push_str(&format!("<td>{}</td>", xml_escape(&cell)));
                }
                body.push_str("</tr>\n");
            } else {
                if open {
                    body.push_str("</table>");
                    open = false;
                }
                body.push_str(&format!("<p>{}&nbsp;</p>\n", xml_escape(line.trim())));
            }
        }
        if open {
            body.push_str("</table>");
        }
    }
    body.push_str("</body></html>");
    let (gbk, _, _) = encoding_rs::GBK.encode(&body);
    std::fs::write(path, gbk).unwrap();
}

/// (code, message) of every finding: what must agree between formats (pages differ).
fn signature(r: &DocReport) -> BTreeSet<(String, String)> {
    r.findings
        .iter()
        .map(|f| (f.code.to_string(), f.message.clone()))
        .collect()
}

#[test]
fn docx_and_html_give_the_same_findings_as_the_pdf() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "example");
    let catalog = Catalog::builtin();
    let pages = layout_pages(&pdf);
    // The example doctored in three places, so that there is something to find.
    let doctored: Vec<String> = pages
        .iter()
        .map(|p| {
            p.replacen("增长95.46%", "增长95.64%", 1)
                .replacen("基本工资20.09", "基本工资21.09", 1)
                .replacen("200,900.00", "209,900.00", 1)
        })
        .collect();
    for (name, pages) in [("clean", &pages), ("doctored", &doctored)] {
        let txt = dir.path().join(format!("{name}.txt"));
        std::fs::write(&txt, pages.join("\u{c}")).unwrap();
        let d = dir.path().join(format!("{name}.docx"));
        let h = dir.path().join(format!("{name}.html"));
        docx(pages, &d);
        html(pages, &h);
        let reference = if name == "clean" {
            lint::lint_file(&pdf, PdfEngine::Poppler, &catalog)
        } else {
            lint::lint_file(&txt, PdfEngine::Auto, &catalog)
        };
        for other in [&d, &h] {
            let r = lint::lint_file(other, PdfEngine::Auto, &catalog);
            assert_eq!(
                signature(&r),
                signature(&reference),
                "{}:\n{}\nvs\n{}",
                other.display(),
                listing(&r),
                listing(&reference)
            );
            assert_eq!(r.sections_found, 10);
            assert_eq!(
                r.tables_found,
                reference.tables_found,
                "{}",
                other.display()
            );
            assert!(
                r.coverage.checked * 100 >= reference.coverage.checked * 97,
                "{}: {:?} vs {:?}",
                other.display(),
                r.coverage,
                reference.coverage
            );
        }
        if name == "doctored" {
            let c = codes(&reference);
            assert!(
                c.contains("A004") && c.contains("A001") && c.contains("A010"),
                "{}",
                listing(&reference)
            );
        }
    }
}

/// Each injected error (one at a time into the example's text), what rule must find it.
const INJECTIONS: &[(&str, &str, &str, &[&str])] = &[
    (
        "a wrong total",
        "本年收入合计346.47",
        "本年收入合计346.57",
        &["A001", "X001", "X003", "X006"],
    ),
    (
        "a wrong part",
        "102.91万元，占29.7%；项目支出",
        "112.91万元，占29.7%；项目支出",
        &["A001", "A003", "X001", "X005"],
    ),
    (
        "a share off by 0.1",
        "占29.7%；项目支出",
        "占29.8%；项目支出",
        &["A002", "A003", "X005"],
    ),
    (
        "a class share off",
        "315.68万元，占91.1%",
        "315.68万元，占91.2%",
        &["A002", "A003", "X005"],
    ),
    ("a wrong rate", "增长95.46%", "增长59.46%", &["A004"]),
    (
        "a wrong change",
        "各增加169.21万元",
        "各增加196.21万元",
        &["A004", "X005"],
    ),
    (
        "增加/减少 left in",
        "各增加169.21万元，增长",
        "各增加/减少169.21万元，增长",
        &["R001"],
    ),
    (
        "增长/下降 left in",
        "，增长95.46%",
        "，增长/下降95.46%",
        &["R001"],
    ),
    (
        "a number missing before its unit",
        "共有车辆0辆",
        "共有车辆辆",
        &["R002"],
    ),
    ("a placeholder", "共有车辆0辆", "共有车辆00辆", &["R005"]),
    ("a missing unit", "为72.12万元", "为72.12，", &["R003"]),
    (
        "a wrong 功能分类 class name",
        "科学技术支出0万元，占0%；文化旅游体育与",
        "科学技术支出0万元，占0%；文化体育与",
        &["N001"],
    ),
    (
        "a wrong 项 name",
        "（款）事业单位医疗\n（项）",
        "（款）事业单位医保\n（项）",
        &["N001"],
    ),
    (
        "a wrong table name",
        "2013350     事业运行",
        "2013350     事业运营",
        &["N002"],
    ),
    (
        "a year other than the report's",
        "与2022年度相比，收、",
        "与2021年度相比，收、",
        &["R004"],
    ),
    (
        "this year wrong",
        "2023年度本年收入合计",
        "2022年度本年收入合计",
        &["R004"],
    ),
    (
        "a wrong 项 amount",
        "为72.12万元",
        "为72.21万元",
        &["A001", "X001", "X002", "A006"],
    ),
    (
        "a wrong 人员经费 item",
        "基本工资20.09",
        "基本工资21.09",
        &["A001", "X001"],
    ),
    (
        "a wrong table cell",
        "200,900.00",
        "209,900.00",
        &["A010", "A011", "X001"],
    ),
    (
        "a wrong 附件 figure",
        "3,464,745.78\n",
        "3,464,754.78\n",
        &["X004", "A010", "A012", "X001"],
    ),
    (
        "a label stated twice",
        "人员经费97.79万元，",
        "人员经费97.79万元，人员经费99.79万元，",
        &["A009", "A001", "X001", "X004"],
    ),
    ("a wrong chart label", "177.26万元", "171.26万元", &["X005"]),
    (
        "a template note left in",
        "主要变动原因是本单位",
        "（注：请说明原因）主要变动原因是本单位",
        &["R001"],
    ),
];

/// `text` with the first `from` replaced by `to`; `from` may be broken by one line end
/// of the layout (the line end is kept at the same character of `to`).
fn inject(text: &str, from: &str, to: &str) -> Option<String> {
    if text.contains(from) {
        return Some(text.replacen(from, to, 1));
    }
    let chars: Vec<char> = from.chars().collect();
    let to_chars: Vec<char> = to.chars().collect();
    (1..chars.len()).find_map(|i| {
        let broken: String = chars[..i]
            .iter()
            .chain(['\n'].iter())
            .chain(&chars[i..])
            .collect();
        text.contains(&broken).then(|| {
            let at = i.min(to_chars.len());
            let fixed: String = to_chars[..at]
                .iter()
                .chain(['\n'].iter())
                .chain(&to_chars[at..])
                .collect();
            text.replacen(&broken, &fixed, 1)
        })
    })
}

#[test]
fn injected_errors_precision_and_recall() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "example");
    let catalog = Catalog::builtin();
    let text = layout_pages(&pdf).join("\u{c}");
    let clean = lint::lint_text(
        &text.split('\u{c}').map(str::to_string).collect::<Vec<_>>(),
        true,
        &catalog,
    );
    assert!(clean.findings.is_empty(), "{}", listing(&clean));
    let (mut found, mut findings, mut relevant) = (0, 0, 0);
    let mut missed = Vec::new();
    for (what, from, to, expected) in INJECTIONS {
        let doctored = inject(&text, from, to)
            .unwrap_or_else(|| panic!("the example no longer contains {from:?} ({what})"));
        let pages: Vec<String> = doctored.split('\u{c}').map(str::to_string).collect();
        let r = lint::lint_text(&pages, true, &catalog);
        let hits = r
            .findings
            .iter()
            .filter(|f| expected.contains(&f.code))
            .count();
        for f in r.findings.iter().filter(|f| !expected.contains(&f.code)) {
            println!("  other finding for {what}: {}", f.line_text());
        }
        findings += r.findings.len();
        relevant += hits;
        if hits > 0 {
            found += 1;
        } else {
            missed.push(format!("{what}: {}", listing(&r)));
        }
    }
    let recall = found as f64 / INJECTIONS.len() as f64;
    let precision = relevant as f64 / findings.max(1) as f64;
    println!(
        "injected errors: {} kinds, found {found} (recall {:.0}%); {findings} findings, {relevant} by an expected rule (precision {:.0}%)",
        INJECTIONS.len(),
        recall * 100.0,
        precision * 100.0
    );
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
    assert!(precision >= 0.9, "precision {precision}");
}

#[test]
fn cli_folder_summary_and_exit_codes() {
    let dir = tempdir();
    std::fs::copy(
        fixture("seed-2023-dongqu-media.txt"),
        dir.path().join("seed.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.pdf"), b"not a pdf").unwrap();
    std::fs::write(dir.path().join("ignored.xlsx"), b"x").unwrap();
    let csv = dir.path().join("summary.csv");
    let o = juesuan(&[
        "lint",
        dir.path().to_str().unwrap(),
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("R002") && out.contains("共检查 2 份报告"),
        "{out}"
    );
    let summary = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 3, "{summary}");
    assert!(lines[0].starts_with("文件,单位,年度,错误,警告,已核对,未核对,不适用,覆盖率"));
    assert!(summary.contains("seed.txt") && summary.contains("broken.pdf"));
    let missing = juesuan(&["lint", dir.path().join("nope.pdf").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn builtin_pdf_extraction_reads_the_example() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "example");
    let r = lint::lint_file(&pdf, PdfEngine::Builtin, &Catalog::builtin());
    assert!(r.extractor.contains("hayro"));
    assert_eq!(r.sections_found, 10);
    assert_eq!(r.year, Some(2023));
    assert!(r.findings.iter().all(|f| !f.is_error()), "{}", listing(&r));
    println!("built-in extractor: {}", r.coverage.line());
}
