//! 第四部分 附件: the performance reports and the 项目支出绩效自评表, end to end (data →
//! PDF text), and the audit rules that keep their figures consistent with the main data.

mod common;

use common::{build, example, juesuan, pdf_text, squash, tempdir, write};

/// The PDF's lines in physical layout (`pdftotext -layout`), whitespace removed: table
/// rows come out as one line each.
fn layout_lines(pdf: &std::path::Path) -> Vec<String> {
    let o = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(squash)
        .collect()
}

fn has_row(lines: &[String], row: &str) -> bool {
    lines.iter().any(|l| l == row)
}

fn example_text() -> String {
    std::fs::read_to_string(example()).unwrap()
}

/// The text of 第四部分 (after its heading; the 目录 entry comes first).
fn part4(pdf_text: &str) -> String {
    let s = squash(pdf_text);
    let start = s.rfind("第四部分附件").expect("第四部分 heading");
    s[start..].to_string()
}

#[test]
fn example_prints_both_project_reports_with_computed_figures() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "example");
    let p4 = part4(&pdf_text(&pdf));

    // The three reports, in order, each under its own heading.
    // (pdftotext may read the centred “附件1” apart from its title on the part's first page.)
    let a1 = p4
        .find("部门整体绩效自评报告（攀枝花市东区融媒体中心2023年度）")
        .expect("附件1");
    assert!(p4[..a1].contains("附件1"));
    let a2 = p4.find("附件2专项预算项目绩效评价报告").expect("附件2");
    let a3 = p4.find("附件3专项预算项目绩效评价报告").expect("附件3");
    assert!(a1 < a2 && a2 < a3);
    assert!(p4[a2..a3].contains("（融媒体中心运维费用）"));
    assert!(p4[a3..].contains("（融媒体中心“幸福东区”APP运行费用）"));

    // Money quoted from the main data, in 万元 and in 元.
    assert!(
        p4[a2..a3].contains("使用资金187.2万元主要用于"),
        "{}",
        &p4[a2..a3]
    );
    assert!(p4[a2..a3].contains("实际支出1,872,000.00元"));
    assert!(p4[a3..].contains("使用资金56.36万元主要用于"));
    assert!(p4[a3..].contains("实际支出563,646.52元，预算执行率100%"));

    // 附件1 tables: 年初预算 from the performance data, 执行数 computed.
    let lines = layout_lines(&pdf);
    let unit = &p4[a1..a2];
    for row in [
        "一、一般公共预算财政拨款3,485,905.523,464,745.78",
        "一、基本支出1,050,259.001,029,099.26",
        "人员经费977,878.96977,878.96",
        "日常公用经费72,380.0451,220.30",
        "二、项目支出2,435,646.522,435,646.52",
    ] {
        assert!(has_row(&lines, row), "row {row} missing");
    }
    // Both tables close with 合计, and the 年初预算 of income and spending agree.
    let totals: Vec<&String> = lines
        .iter()
        .filter(|l| *l == "合计3,485,905.523,464,745.78")
        .collect();
    assert_eq!(totals.len(), 2, "two 合计 rows");
    // The seed's stray income figure is gone.
    assert!(!p4.contains("3,156,846.30"));
    // Project counts and totals computed from the project list.
    assert!(unit.contains(
        "常年项目绩效分析。该类项目总数2个，涉及全年预算总金额243.56万元，1—12月预算执行总体进度为100%"
    ));
    assert!(unit.contains("阶段（一次性）项目绩效分析。该类项目总数0个。"));
    assert!(unit.contains("绩效自评得分为89分"));
    // Typos of the seed are fixed in the example data.
    assert!(unit.contains("4.资产管理。严格执行"));
    assert!(p4.contains("部门相关负责人制定评价政策"));
    assert!(!p4.contains("。门相关负责人"));

    // Indicator tables: target, actual, computed status.
    for row in [
        "发布稿件≥7000条超过1万条达成",
        "服务本地商家、商业综合体≥700家917家达成",
        "开设专题≥20个18个未达成",
        "主题策划会议≥20次24次达成",
        "培训学习≥2次10次达成",
    ] {
        assert!(has_row(&lines, row), "row {row} missing");
    }
    assert!(p4[a3..].contains("共设个性指标4项，其中达成3项，未达成1项"));
    assert!(p4[a2..a3].contains("共设个性指标3项，全部达成"));
    // No placeholder anywhere.
    assert!(!p4.contains("未填报"));
}

#[test]
fn example_prints_a_self_evaluation_form_per_project() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "forms");
    let p4 = part4(&pdf_text(&pdf));
    let lines = layout_lines(&pdf);
    // 附件1's 附表, one form per project, each with its own title.
    assert_eq!(
        p4.matches("部门预算项目支出绩效自评表（2023年度）").count(),
        2
    );
    assert!(p4.contains("附表：部门预算项目支出绩效自评表（2023年度）"));
    for name in ["融媒体中心运维费用", "融媒体中心“幸福东区”APP运行费用"]
    {
        let at = p4.find("报表编号").unwrap();
        assert!(p4[at..].contains(name), "{name}");
    }
    // Budget rows from the main data (万元, zeros printed), scores and computed totals.
    for row in [
        "总额187.20187.20187.20100.00%1010",
        "其中：财政资金187.20187.20187.20100.00%//",
        "总额56.3656.3656.36100.00%1010",
        "财政专户管理资金0.000.000.000.00%//",
    ] {
        assert!(lines.iter().any(|l| l.ends_with(row)), "row {row} missing");
    }
    assert!(lines.iter().any(|l| l.ends_with("合计100100")), "合计 100");
    assert!(lines.iter().any(|l| l.ends_with("合计10098")), "合计 98");
    assert!(p4.contains("项目自评得分98分。"));
    assert!(p4.contains("受年中平台改版影响"));
}

#[test]
fn an_actual_below_target_prints_not_met() {
    let dir = tempdir();
    let text = example_text();
    let changed = text.replacen(
        "target: 700, unit: 家, actual: 917",
        "target: 700, unit: 家, actual: 650",
        1,
    );
    assert_ne!(text, changed);
    let data = write(dir.path(), "below.yaml", &changed);
    let pdf = build(&data, dir.path(), "below");
    let p4 = part4(&pdf_text(&pdf));
    let lines = layout_lines(&pdf);
    assert!(
        has_row(&lines, "服务本地商家、商业综合体≥700家650家未达成"),
        "{lines:?}"
    );
    assert!(p4.contains("其中达成2项，未达成2项"), "{p4}");
    // The other indicators keep their status.
    assert!(has_row(&lines, "发布稿件≥7000条超过1万条达成"));
}

#[test]
fn no_evaluation_data_gives_a_plain_statement() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "plain.yaml",
        "schema: 1\nunit: {name: 某某中心, year: 2023}\nincome: {general_budget: 100000}\nexpenditure:\n  - {code: \"2013350\", personnel: 100000}\nbasic_economic: {\"30101\": 100000}\n",
    );
    let p4 = part4(&pdf_text(&build(&data, dir.path(), "plain")));
    assert!(p4.contains("2023年度本部门无绩效自评报告附件。"), "{p4}");
    assert!(!p4.contains("附件1"));
    assert!(!p4.contains("项目绩效评价报告"));
}

fn check(dir: &std::path::Path, name: &str, text: &str) -> (i32, String) {
    let data = write(dir, name, text);
    let o = juesuan(&["check", data.to_str().unwrap()]);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn audit_rules_catch_inconsistent_project_money() {
    let dir = tempdir();
    let text = example_text();
    let (code, out) = check(dir.path(), "ok.yaml", &text);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("[P0"));

    // X001 + P003: the APP project quotes more money than the 项目支出 column holds.
    let more = text.replacen("amount: 563646.52", "amount: 663646.52", 1);
    assert_ne!(more, text);
    let (code, out) = check(dir.path(), "more.yaml", &more);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[X001]"), "{out}");
    assert!(out.contains("error[P003]"), "{out}");
    assert!(out.contains("2,435,646.52"));

    // B009: an economic breakdown that does not add up to the project's amount.
    let econ = text.replacen("{\"30226\": 1020000.00", "{\"30226\": 948000.00", 1);
    assert_ne!(econ, text);
    let (code, out) = check(dir.path(), "econ.yaml", &econ);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[B009]"), "{out}");
    assert!(
        out.contains("应为 1,872,000.00，实为 1,800,000.00"),
        "{out}"
    );

    // B010: a project without its breakdown, where 公开07/09 need it.
    let none = text.replacen(
        "    economic: {\"30227\": 398000.00, \"30207\": 117646.52, \"31007\": 48000.00}\n",
        "",
        1,
    );
    assert_ne!(none, text);
    let (code, out) = check(dir.path(), "none.yaml", &none);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[B010]"), "{out}");
    assert!(out.contains("明细合计应为 563,646.52 元"), "{out}");

    // P005: a score above 100.
    let score = text.replacen("overall_score: 89", "overall_score: 189", 1);
    let (code, out) = check(dir.path(), "score.yaml", &score);
    assert_eq!(code, 1);
    assert!(out.contains("error[P005]"), "{out}");
}

#[test]
fn unknown_comparator_is_a_located_load_error() {
    let dir = tempdir();
    let text = example_text().replacen(
        "comparator: \"≥\", target: 7000",
        "comparator: \"约\", target: 7000",
        1,
    );
    let (code, out) = check(dir.path(), "cmp.yaml", &text);
    let o = juesuan(&["check", dir.path().join("cmp.yaml").to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains("cmp.yaml:"), "{all}");
    assert!(all.contains("indicators[0].comparator"), "{all}");
}

#[test]
fn markup_characters_in_report_texts_print_verbatim() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "marks.yaml",
        r##"schema: 1
unit: {name: 某某中心, year: 2023}
income: {general_budget: 300000}
expenditure:
  - {code: "2013350", personnel: 100000}
  - {code: "2013399", project: 200000}
basic_economic: {"30101": 100000}
projects:
  - name: "#项目*甲_[一期]$"
    code: "2013399"
    amount: 200000
    budget: 250000
    kind: 一次性
    economic: {"30227": 200000}
    evaluation:
      background: "= 不是标题 // 也不是注释 <b>@x"
      funds_use: "主要用于#设备]购置"
      indicators:
        - {name: "覆盖率*", comparator: "<=", target: 5, unit: "%", actual: 7}
performance:
  unit_evaluation:
    organization: "- 不是列表 + 也不是"
"##,
    );
    let pdf = build(&data, dir.path(), "marks");
    let p4 = part4(&pdf_text(&pdf));
    assert!(p4.contains("（#项目*甲_[一期]$）"), "{p4}");
    assert!(p4.contains("=不是标题//也不是注释<b>@x"));
    assert!(p4.contains("使用资金20万元主要用于#设备]购置。"));
    assert!(p4.contains("（一）机构组成。-不是列表+也不是"));
    // 一次性 group: one project, 25万元 budget, 80% executed, 结余率 20% > 10%.
    assert!(p4.contains("该类项目总数1个，涉及全年预算总金额25万元，1—12月预算执行总体进度为80%，其中：预算结余率大于10%的项目共计1个"));
    assert!(p4.contains("实际支出200,000.00元，预算执行率80%"));
    let lines = layout_lines(&pdf);
    assert!(has_row(&lines, "覆盖率*≤5%7%未达成"), "{lines:?}");
}
