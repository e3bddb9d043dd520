//! Rules P001…P005: the performance reports (第四部分 附件) quote money from the main
//! data, so the project list must agree with the 项目支出 of the expenditure lines.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::compute::Figures;
use crate::diag::Finding;
use crate::model::{Fund, Loaded};
use crate::render::format::yuan;

/// Runs the performance rules.
pub fn run(l: &Loaded, fig: &Figures, catalog: &Catalog, out: &mut Vec<Finding>) {
    economic_breakdown(l, catalog, out);
    projects_total(l, fig, out);
    projects_by_code(l, out);
    scores(l, out);
}

/// P001: a project's 经济分类 breakdown, when given, sums to its amount.
/// P004: its codes exist in the catalogue (or are named in `code_names`).
fn economic_breakdown(l: &Loaded, catalog: &Catalog, out: &mut Vec<Finding>) {
    let d = &l.data;
    for (i, p) in d.projects.iter().enumerate() {
        if p.economic.is_empty() {
            continue;
        }
        let sum: Decimal = p.economic.values().map(|m| m.0).sum();
        if sum != p.amount.0 {
            let path = format!("projects[{i}].economic");
            out.push(
                Finding::error(
                    "P001",
                    &path,
                    format!("项目“{}”的经济分类明细合计与项目支出数不符", p.name),
                )
                .expected(yuan(p.amount.0), yuan(sum))
                .at(l.locator.key(&path))
                .help(format!(
                    "明细合计差额 {} 元；请核对经济分类明细或项目金额 amount",
                    yuan(sum - p.amount.0)
                )),
            );
        }
        for code in p.economic.keys() {
            if !catalog.economic.contains(code) && !d.code_names.contains_key(code) {
                let path = format!("projects[{i}].economic.{code}");
                out.push(
                    Finding::error(
                        "P004",
                        &path,
                        format!("项目“{}”的经济分类科目编码 {code} 不在科目表中", p.name),
                    )
                    .at(l.locator.key(&path))
                    .help("请核对编码（如 30226 劳务费），或在 code_names 中给出名称"),
                );
            }
        }
    }
}

/// P002: the 一般公共预算 projects add up to the 一般公共预算财政拨款项目支出 of the
/// expenditure lines (only when the file lists projects).
fn projects_total(l: &Loaded, fig: &Figures, out: &mut Vec<Finding>) {
    let d = &l.data;
    if d.projects.is_empty() {
        return;
    }
    let column = fig.general_budget.project;
    if fig.projects_total != column {
        out.push(
            Finding::error("P002", "projects", "一般公共预算项目金额合计与一般公共预算财政拨款项目支出不符")
                .expected(yuan(column), yuan(fig.projects_total))
                .at(l.locator.key("projects"))
                .help(format!(
                    "项目支出取自 expenditure 各行的 project 合计；项目清单合计差额 {} 元，附件中的项目绩效评价报告会引用这些金额",
                    yuan(fig.projects_total - column)
                )),
        );
    }
}

/// P003: the projects booked under one 功能分类 code and fund do not exceed that line's
/// 项目支出.
fn projects_by_code(l: &Loaded, out: &mut Vec<Finding>) {
    let d = &l.data;
    let mut column: BTreeMap<(&str, Fund), Decimal> = BTreeMap::new();
    for e in &d.expenditure {
        *column.entry((e.code.trim(), e.fund)).or_default() += e.project.0;
    }
    // (code, fund) → (sum of projects, index of the first project).
    let mut booked: BTreeMap<(&str, Fund), (Decimal, usize)> = BTreeMap::new();
    for (i, p) in d.projects.iter().enumerate() {
        let e = booked
            .entry((p.code.trim(), p.fund))
            .or_insert((Decimal::ZERO, i));
        e.0 += p.amount.0;
    }
    for ((code, fund), (sum, first)) in booked {
        let col = column.get(&(code, fund)).copied().unwrap_or_default();
        if sum > col {
            let path = format!("projects[{first}].code");
            let fund_word = serde_yaml::to_string(&fund)
                .unwrap_or_default()
                .trim()
                .to_string();
            out.push(
                Finding::error(
                    "P003",
                    &path,
                    format!("列在功能分类 {code}（{fund_word}）下的项目金额合计超过该科目的项目支出"),
                )
                .expected(format!("不超过 {}", yuan(col)), yuan(sum))
                .at(l.locator.find(&path))
                .help("请核对项目的功能分类编码 code 与资金来源 fund，或 expenditure 中该科目的 project 金额"),
            );
        }
    }
}

/// P005: self-evaluation scores lie between 0 and 100.
fn scores(l: &Loaded, out: &mut Vec<Finding>) {
    let d = &l.data;
    let mut check = |path: String, score: Option<Decimal>| {
        if let Some(s) = score {
            if s < Decimal::ZERO || s > Decimal::ONE_HUNDRED {
                out.push(
                    Finding::error("P005", &path, format!("绩效自评得分 {s} 不在0～100分之间"))
                        .at(l.locator.find(&path)),
                );
            }
        }
    };
    check(
        "performance.overall_score".into(),
        d.performance.overall_score,
    );
    for (i, p) in d.projects.iter().enumerate() {
        check(
            format!("projects[{i}].evaluation.score"),
            p.evaluation.as_ref().and_then(|e| e.score),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{load_str, Settings};
    use std::path::Path;

    fn findings(text: &str) -> Vec<Finding> {
        let loaded = load_str(Path::new("t.yaml"), text.to_string()).expect("valid data");
        let catalog = Catalog::builtin();
        let fig = crate::compute::compute(&loaded.data, &catalog, &Settings::default());
        let mut out = Vec::new();
        run(&loaded, &fig, &catalog, &mut out);
        out
    }

    fn codes(text: &str) -> Vec<String> {
        findings(text).into_iter().map(|f| f.code).collect()
    }

    const BASE: &str = r#"schema: 1
unit: {name: 测试单位, year: 2023}
income: {general_budget: 300}
expenditure:
  - {code: "2013350", personnel: 100}
  - {code: "2013399", project: 200}
"#;

    fn with_projects(projects: &str) -> String {
        format!("{BASE}projects:\n{projects}")
    }

    #[test]
    fn consistent_projects_pass() {
        let t = with_projects(
            "  - {name: 甲, code: \"2013399\", amount: 150, economic: {\"30226\": 100, \"30213\": 50}}\n  - {name: 乙, code: \"2013399\", amount: 50}\n",
        );
        assert!(codes(&t).is_empty(), "{:?}", findings(&t));
        // No projects listed: nothing to compare.
        assert!(codes(BASE).is_empty());
    }

    #[test]
    fn economic_breakdown_must_sum_to_amount() {
        let t = with_projects(
            "  - {name: 甲, code: \"2013399\", amount: 200, economic: {\"30226\": 100, \"30213\": 50}}\n",
        );
        let f = findings(&t);
        let p = f.iter().find(|f| f.code == "P001").expect("P001");
        assert_eq!(p.expected.as_deref(), Some("200.00"));
        assert_eq!(p.actual.as_deref(), Some("150.00"));
        assert!(p.pos.is_some());
    }

    #[test]
    fn unknown_economic_code_is_named() {
        let t = with_projects(
            "  - {name: 甲, code: \"2013399\", amount: 200, economic: {\"88888\": 200}}\n",
        );
        assert_eq!(codes(&t), vec!["P004"]);
    }

    #[test]
    fn projects_must_add_up_to_the_project_column() {
        let t = with_projects("  - {name: 甲, code: \"2013399\", amount: 150}\n");
        let f = findings(&t);
        assert_eq!(codes(&t), vec!["P002"]);
        assert_eq!(f[0].expected.as_deref(), Some("200.00"));
        assert_eq!(f[0].actual.as_deref(), Some("150.00"));
    }

    #[test]
    fn project_cannot_exceed_its_code_column() {
        // Total agrees (200) but one project sits under a code with no 项目支出.
        let t = with_projects(
            "  - {name: 甲, code: \"2013399\", amount: 150}\n  - {name: 乙, code: \"2013350\", amount: 50}\n",
        );
        let f = findings(&t);
        assert_eq!(codes(&t), vec!["P003"], "{f:?}");
        assert_eq!(f[0].path, "projects[1].code");
        // A project booked under another fund than its line is not counted there.
        let t = with_projects("  - {name: 甲, code: \"2013399\", fund: 其他, amount: 200}\n");
        assert!(codes(&t).contains(&"P003".to_string()));
    }

    #[test]
    fn scores_stay_within_100() {
        let t = format!("{BASE}performance: {{overall_score: 105}}\n");
        assert_eq!(codes(&t), vec!["P005"]);
        let t = format!("{BASE}performance: {{overall_score: 89}}\n");
        assert!(codes(&t).is_empty());
    }
}
