//! 第五部分 附表, end to end: build the example, read the tables back from the PDF
//! (pdftotext -layout keeps each table row on one line) and compare their figures with
//! each other and with the narrative.

mod common;

use std::path::Path;
use std::process::Command;
use std::str::FromStr;

use common::{example, juesuan, pdf_text, squash, tempdir};
use rust_decimal::Decimal;

/// The PDF's pages as pdftotext -layout prints them.
fn pages(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(o.status.success());
    String::from_utf8(o.stdout)
        .unwrap()
        .split('\u{c}')
        .map(str::to_string)
        .collect()
}

/// Page numbers (1-based) and text of the table with form `form` (e.g. 公开08表): from
/// its page to the page before the next form.
fn table(pages: &[String], form: &str) -> (usize, String) {
    let start = pages
        .iter()
        .position(|p| common::squash(p).contains(form))
        .unwrap_or_else(|| panic!("{form} not found in the PDF"));
    let mut text = pages[start].clone();
    for p in &pages[start + 1..] {
        let sq = common::squash(p);
        if (1..=99).any(|n| sq.contains(&format!("公开{n:02}表"))) {
            break;
        }
        text.push_str(p);
    }
    (start + 1, text)
}

/// The amounts (tokens like 3,464,745.78) after `label` on the line that contains it.
fn amounts_after(text: &str, label: &str) -> Vec<String> {
    // A row line starts with its label (合计 rather than the 本年收入合计 header).
    let line = text
        .lines()
        .find(|l| common::squash(l).starts_with(label) && l.split_whitespace().any(is_amount))
        .or_else(|| text.lines().find(|l| common::squash(l).contains(label)))
        .unwrap_or_else(|| panic!("no line with {label} in:\n{text}"));
    let sq: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let pos = sq.find(label.chars().next().unwrap()).unwrap_or(0);
    let mut seen_label = false;
    let mut out = Vec::new();
    let mut acc = String::new();
    for tok in sq[pos..].split(' ') {
        acc.push_str(tok);
        if acc.contains(label) {
            seen_label = true;
        }
        if seen_label && is_amount(tok) {
            out.push(tok.to_string());
        }
    }
    out
}

fn is_amount(t: &str) -> bool {
    t.contains('.')
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '-')
        && t.len() >= 4
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(&s.replace(',', "")).unwrap()
}

fn build_example(dir: &Path, extra: &[&str], name: &str) -> std::path::PathBuf {
    let out = dir.join(format!("{name}.pdf"));
    let ex = common::example();
    let mut args = vec!["build", ex.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = common::juesuan(&args);
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

#[test]
fn tables_agree_with_each_other_and_the_narrative() {
    let dir = common::tempdir();
    let pdf = build_example(dir.path(), &[], "example");
    let pages = pages(&pdf);
    let all = common::squash(&pages.join("\n"));

    // Part heading and the 13 tables, in order, each with its form number.
    let part = all.find("第五部分附表").expect("part 5 heading");
    let mut last = part;
    for (n, title) in [
        "收入支出决算总表",
        "收入决算表",
        "支出决算表",
        "财政拨款收入支出决算总表",
        "财政拨款支出决算明细表",
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款支出决算明细表",
        "一般公共预算财政拨款基本支出决算表",
        "一般公共预算财政拨款项目支出决算表",
        "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表",
        "财政拨款“三公”经费支出决算表",
    ]
    .iter()
    .enumerate()
    {
        let form = format!("公开{:02}表", n + 1);
        let at = all[last..]
            .find(&form)
            .unwrap_or_else(|| panic!("{form} missing or out of order"))
            + last;
        assert!(all[at..].contains(title), "{title}");
        last = at;
    }

    // 01: 本年收入合计 and 本年支出合计 (both on one line: income | expenditure).
    let (_, t01) = table(&pages, "公开01表");
    assert!(common::squash(&t01).contains("部门：攀枝花市东区融媒体中心"));
    assert!(common::squash(&t01).contains("金额单位：元"));
    let income_total = amounts_after(&t01, "本年收入合计");
    assert_eq!(income_total[0], "3,464,745.78");
    let expenditure_total = amounts_after(&t01, "本年支出合计");
    assert_eq!(expenditure_total[0], "3,464,745.78");
    let grand = amounts_after(&t01, "总计");
    assert_eq!(grand, vec!["3,464,745.78", "3,464,745.78"]);
    // Class rows of 01 add up to 本年支出合计.
    let classes: Decimal = [
        "一般公共服务支出",
        "社会保障和就业支出",
        "卫生健康支出",
        "住房保障支出",
    ]
    .iter()
    .map(|c| dec(&amounts_after(&t01, c)[0]))
    .sum();
    assert_eq!(classes, dec("3464745.78"));

    // 02 and 03: 合计 equals 01.
    let (_, t02) = table(&pages, "公开02表");
    assert_eq!(amounts_after(&t02, "合计")[0], "3,464,745.78");
    let (_, t03) = table(&pages, "公开03表");
    let total03 = amounts_after(&t03, "合计");
    assert_eq!(
        total03[..3],
        ["3,464,745.78", "1,029,099.26", "2,435,646.52"]
    );
    // Indented 项 rows carry their own amounts.
    assert_eq!(amounts_after(&t03, "2013350")[0], "721,199.26");

    // 06: 基本支出 and 项目支出.
    let (_, t06) = table(&pages, "公开06表");
    assert_eq!(
        amounts_after(&t06, "合计"),
        vec!["3,464,745.78", "1,029,099.26", "2,435,646.52"]
    );

    // 08: 人员经费合计 / 公用经费合计, which add up to 06's 基本支出; landscape page.
    let (page08, t08) = table(&pages, "公开08表");
    assert_eq!(amounts_after(&t08, "人员经费合计")[0], "977,878.96");
    assert_eq!(amounts_after(&t08, "公用经费合计")[0], "51,220.30");
    assert_eq!(dec("977878.96") + dec("51220.30"), dec("1029099.26"));
    let info = Command::new("pdfinfo")
        .args([
            "-f",
            &page08.to_string(),
            "-l",
            &page08.to_string(),
            pdf.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let size = info
        .lines()
        .find(|l| l.contains(" size:"))
        .expect("page size");
    let nums: Vec<f64> = size
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    assert!(
        nums[nums.len() - 2] > nums[nums.len() - 1],
        "08 is landscape: {size}"
    );

    // 09: its total equals 06's 项目支出.
    let (_, t09) = table(&pages, "公开09表");
    assert_eq!(amounts_after(&t09, "合计")[0], "2,435,646.52");

    // 10, 11, 12: no data, the statement inside the table's frame instead of rows of zeros.
    let (_, t10) = table(&pages, "公开10表");
    let t10 = common::squash(&t10);
    assert!(t10.contains("本单位2023年度没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故本表无数据。"));
    assert!(
        t10.contains("栏次") && t10.contains("科目编码"),
        "the frame stays"
    );
    let (_, t11) = table(&pages, "公开11表");
    assert!(common::squash(&t11).contains("故本表无数据"));

    // The narrative's 346.47万元 is table 01's 总计 in 万元, rounded half-up.
    let wan = (dec(&grand[0]) / Decimal::from(10_000))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(wan.to_string(), "346.47");
    assert!(all.contains(&format!("收、支总计均为{wan}万元")));

    // In 元 every figure is exact: no rounding note under any table (the narrative in
    // 万元 has its own 尾差 sentences).
    let part5 = all.rfind("第五部分附表").unwrap();
    assert!(!all[part5..].contains("因四舍五入"));

    // 07 and 09: project spending by 经济分类 from the projects' breakdowns, no line or
    // column the form lacks.
    let (_, t07) = table(&pages, "公开07表");
    assert!(!t07.contains("未细化"));
    assert_eq!(amounts_after(&t07, "委托业务费")[0], "398,000.00");
    assert!(!t09.contains("未细化"));
    assert_eq!(
        amounts_after(&t09, "2013399"),
        // 合计, 302 商品和服务支出, 310 资本性支出 (zero columns print blank).
        vec!["2,435,646.52", "2,307,646.52", "128,000.00"]
    );
}

#[test]
fn ten_thousand_unit_prints_wan_and_the_rounding_note_where_needed() {
    let dir = common::tempdir();
    let pdf = build_example(dir.path(), &["--table-unit", "wan"], "wan");
    let pages = pages(&pdf);
    let (_, t01) = table(&pages, "公开01表");
    assert!(common::squash(&t01).contains("金额单位：万元"));
    assert_eq!(amounts_after(&t01, "本年收入合计")[0], "346.47");
    // 01 in 万元: the classes print 315.68 + 15.80 + 7.59 + 7.41 = 346.48 against the
    // total's 346.47 → the note.
    assert_eq!(amounts_after(&t01, "一般公共服务支出")[0], "315.68");
    assert!(common::squash(&t01).contains("因四舍五入，合计数与各分项之和可能存在尾差"));
    // 09 in 万元: every row is the same 243.56 → no note.
    let (_, t09) = table(&pages, "公开09表");
    assert_eq!(amounts_after(&t09, "合计")[0], "243.56");
    assert!(!common::squash(&t09).contains("因四舍五入"));
    // 08 in 万元: 人员经费 97.79, but its items round to 97.80 → the note.
    let (_, t08) = table(&pages, "公开08表");
    assert_eq!(amounts_after(&t08, "人员经费合计")[0], "97.79");
    assert!(common::squash(&t08).contains("因四舍五入，合计数与各分项之和可能存在尾差"));
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    // 45 项 codes from the catalogue, each with a project: 支出决算表 runs over pages.
    let catalog = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog/functional-2023.yaml"),
    )
    .unwrap();
    let codes: Vec<String> = catalog
        .lines()
        .filter_map(|l| {
            let i = l.find("code: \"")? + 7;
            let c = &l[i..i + 7.min(l.len() - i)];
            (c.len() == 7 && c.chars().all(|ch| ch.is_ascii_digit())).then(|| c.to_string())
        })
        .take(45)
        .collect();
    assert_eq!(codes.len(), 45);
    let mut yaml = String::from(
        "schema: 1\nunit: {name: 长表测试单位, year: 2023}\nincome: {general_budget: 45000.00}\nexpenditure:\n",
    );
    for c in &codes {
        yaml.push_str(&format!("  - {{code: \"{c}\", project: 1000.00}}\n"));
    }
    yaml.push_str("projects:\n");
    for c in &codes {
        yaml.push_str(&format!(
            "  - {{name: 项目{c}, code: \"{c}\", amount: 1000.00, economic: {{\"30227\": 1000.00}}}}\n"
        ));
    }
    let dir = common::tempdir();
    let data = common::write(dir.path(), "long.yaml", &yaml);
    let pdf = common::build(&data, dir.path(), "long");
    let pages = pages(&pdf);
    let start = pages
        .iter()
        .position(|p| common::squash(p).contains("公开03表"))
        .unwrap();
    let next = &pages[start + 1];
    assert!(
        !common::squash(next).contains("公开04表"),
        "03 spans two pages"
    );
    // The continuation page starts with the header rows again.
    let sq = common::squash(next);
    assert!(
        sq.contains("科目编码") && sq.contains("本年支出合计") && sq.contains("栏次"),
        "{next}"
    );
    assert_eq!(amounts_after(&pages[start], "合计")[0], "45,000.00");
    // The continuation page says so; the first page does not.
    assert!(sq.contains("三、支出决算表（续表）"), "{next}");
    assert!(!common::squash(&pages[start]).contains("（续表）"));
    assert!(common::squash(&pages[start]).contains("三、支出决算表"));
    // The footnote comes once, under the last row.
    let notes = pages
        .iter()
        .filter(|p| common::squash(p).contains("注：本表反映部门本年度各项支出情况。"))
        .count();
    assert_eq!(notes, 1);
}

#[test]
fn the_national_nine_tables_come_from_a_template_file_only() {
    let dir = common::tempdir();
    let mut yaml = std::fs::read_to_string(common::example()).unwrap();
    yaml.push_str("\nsettings:\n  template_set: national\n");
    let data = common::write(dir.path(), "national.yaml", &yaml);
    let pdf = common::build(&data, dir.path(), "national");
    let all = common::squash(&common::pdf_text(&pdf));
    assert!(all.contains("公开09表"));
    assert!(!all.contains("公开10表"));
    assert!(all.contains("九、国有资本经营预算财政拨款支出决算表"));
    assert!(all.contains("七、一般公共预算财政拨款“三公”经费支出决算表"));
    let (_, t05) = table(&pages(&pdf), "公开05表");
    assert_eq!(
        amounts_after(&t05, "合计"),
        vec!["3,464,745.78", "1,029,099.26", "2,435,646.52"]
    );
}

/// The table set is part of the template set: `--templates DIR` with its own
/// `tables/sichuan.yaml` changes a table without touching code.
#[test]
fn template_folder_overrides_the_table_set() {
    let dir = tempdir();
    let tpl = dir.path().join("tpl/tables");
    std::fs::create_dir_all(&tpl).unwrap();
    let set = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/tables/sichuan.yaml"),
    )
    .unwrap();
    assert!(set.contains("收入支出决算总表"));
    std::fs::write(
        tpl.join("sichuan.yaml"),
        set.replacen("收入支出决算总表", "收入支出决算总表（改）", 1),
    )
    .unwrap();
    let pdf = dir.path().join("o.pdf");
    let o = juesuan(&[
        "build",
        example().to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--templates",
        dir.path().join("tpl").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(squash(&pdf_text(&pdf)).contains("收入支出决算总表（改）"));
}
