//! Rules of the performance reports (第四部分 附件), which quote each project's money
//! from the main data: P003 (a code's projects fit in its 项目支出) and P005 (scores lie
//! between 0 and 100). That projects add up to 项目支出 (X001) and that a project's
//! 经济分类 breakdown adds up to its amount (B009) are rules of their own groups.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::format::yuan;
use crate::model::{Fund, Loaded};

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            code: "P003",
            severity: Severity::Error,
            group: Group::Cross,
            title: "同一功能分类科目下的项目金额合计不超过该科目的项目支出",
            check: Some(|c: &Ctx| {
                if c.data.projects.is_empty() {
                    return Outcome::NotApplicable;
                }
                let mut out = Vec::new();
                projects_by_code(c.loaded, &mut out);
                Outcome::of(out)
            }),
        },
        Rule {
            code: "P005",
            severity: Severity::Error,
            group: Group::Form,
            title: "绩效自评得分在0～100分之间",
            check: Some(|c: &Ctx| {
                let scored = c.data.performance.overall_score.is_some()
                    || c.data
                        .projects
                        .iter()
                        .any(|p| p.evaluation.as_ref().is_some_and(|e| e.score.is_some()));
                if !scored {
                    return Outcome::NotApplicable;
                }
                let mut out = Vec::new();
                scores(c.loaded, &mut out);
                Outcome::of(out)
            }),
        },
    ]
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
            let fund_word = fund.word();
            out.push(
                Finding::error(
                    "P003",
                    &path,
                    format!("列在功能分类 {code}（{fund_word}）下的项目金额合计超过该科目的项目支出"),
                )
                .expected(format!("不超过 {}", yuan(col)), yuan(sum))
                .at(l.source.find(&path))
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
                        .at(l.source.find(&path)),
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
    use crate::catalog::Catalog;
    use crate::diag::Finding;
    use crate::model::{load_str, Settings};
    use std::path::Path;

    /// The errors of a file, B010 aside (these small files list no 经济分类 breakdown;
    /// B010 has its own tests).
    fn findings(text: &str) -> Vec<Finding> {
        let loaded = load_str(Path::new("t.yaml"), text.to_string()).expect("valid data");
        let catalog = Catalog::builtin();
        let fig = crate::compute::compute(&loaded.data, &catalog, &Settings::default());
        let set = crate::config::TemplateSet::builtin()
            .table_set("sichuan")
            .ok();
        super::super::audit(
            &loaded,
            &fig,
            &catalog,
            &Settings::default(),
            set.as_deref(),
        )
        .findings
        .into_iter()
        .filter(|f| f.is_error() && f.code != "B010")
        .collect()
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
basic_economic: {"30101": 100}
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
        assert!(codes(BASE).is_empty());
    }

    #[test]
    fn project_cannot_exceed_its_code_column() {
        // One project sits under a code whose 项目支出 is smaller.
        let t = format!("{BASE}projects:\n  - {{name: 甲, code: \"2013399\", amount: 250}}\n");
        let f = findings(&t);
        assert!(codes(&t).contains(&"P003".to_string()), "{f:?}");
        let p = f.iter().find(|f| f.code == "P003").unwrap();
        assert_eq!(p.path, "projects[0].code");
        assert!(p.pos.is_some());
    }

    #[test]
    fn scores_stay_within_100() {
        let t = format!("{BASE}performance: {{overall_score: 105}}\n");
        assert_eq!(codes(&t), vec!["P005"]);
        let t = format!("{BASE}performance: {{overall_score: 89}}\n");
        assert!(codes(&t).is_empty());
    }
}
