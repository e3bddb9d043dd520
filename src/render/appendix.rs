//! 第四部分 附件: the view of the 部门（单位）整体绩效自评报告 (附件1) and of one
//! 专项预算项目绩效评价报告 per project with evaluation data (附件2, 附件3, …).
//!
//! Texts come from `performance` and `projects[].evaluation`; every money figure comes
//! from the main data and its `Figures` (executed amounts) or the `*_budget_initial`
//! fields (年初预算), so the reports cannot contradict the rest of the report.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::compute::performance::{ProjectFigures, ProjectGroup};
use crate::compute::Figures;
use crate::model::{
    Indicator, Project, ProjectEvaluation, ProjectKind, ReportData, Settings, UnitEvaluation,
    UnitType,
};

use super::view::paragraphs;
use crate::format::{yuan, Fmt};

/// 第四部分 as printed.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixView {
    /// No report at all: the part prints one plain sentence.
    pub empty: bool,
    pub unit: Option<UnitReportView>,
    pub projects: Vec<ProjectReportView>,
}

/// A row of the 收入 / 支出 tables of 附件1 (元 with separators; `—` when not given).
#[derive(Debug, Clone, Serialize)]
pub struct MoneyRow {
    pub label: String,
    pub budget: String,
    pub actual: String,
    /// A sub-item (人员经费, 日常公用经费) printed indented.
    pub sub: bool,
}

/// 常年 or 一次性 projects in 附件1 三(二).
#[derive(Debug, Clone, Serialize)]
pub struct ProjectGroupView {
    pub count: usize,
    /// 预算总金额 in 万元.
    pub budget: String,
    /// 预算执行总体进度 (%), when the group has a budget.
    pub has_progress: bool,
    pub progress: String,
    /// Projects whose 预算结余率 exceeds 10%.
    pub over_10: usize,
}

/// A row of the 部门预算项目支出绩效自评表 under 附件1.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectRowView {
    pub n: usize,
    pub name: String,
    /// 常年 / 一次性.
    pub kind: String,
    /// 万元; `—` when the project has no budget.
    pub budget: String,
    pub amount: String,
    /// 执行率 (%), `—` without a budget.
    pub progress: String,
    /// e.g. 4/5 (达成 / 指标数), `—` without indicators.
    pub indicators: String,
    /// 自评得分, `—` when not given.
    pub score: String,
}

/// 附件1.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReportView {
    /// 附件1.
    pub label: String,
    pub organization: Vec<String>,
    pub functions: Vec<String>,
    /// The computed 人员概况 sentence (empty without staffing data).
    pub staffing: String,
    pub year: i32,
    pub income_rows: Vec<MoneyRow>,
    pub expenditure_rows: Vec<MoneyRow>,
    /// Whether the year has 年末结转和结余 or 结余分配.
    pub has_balances: bool,
    pub closing: String,
    pub distribution: String,
    pub balances: Vec<String>,
    pub overall_analysis: Vec<String>,
    pub recurring: ProjectGroupView,
    pub one_off: ProjectGroupView,
    pub project_analysis: Vec<String>,
    pub key_areas: Vec<String>,
    pub result_use: Vec<String>,
    pub has_score: bool,
    pub score: String,
    pub conclusion: Vec<String>,
    pub problems: Vec<String>,
    pub suggestions: Vec<String>,
    pub project_rows: Vec<ProjectRowView>,
    /// Whether any project states a 自评得分 (the table then has that column).
    pub has_project_scores: bool,
}

/// One indicator row: target vs actual and whether it was met.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub name: String,
    /// e.g. ≥7000条.
    pub target: String,
    /// e.g. 超过1万条, 917家, or 未填报.
    pub actual: String,
    /// 达成 / 未达成 / 未填报.
    pub status: &'static str,
    /// `met`, `unmet`, `none`.
    pub status_key: &'static str,
}

/// 附件2, 附件3, …
#[derive(Debug, Clone, Serialize)]
pub struct ProjectReportView {
    pub label: String,
    pub name: String,
    pub year: i32,
    /// The project's 决算数 in 万元 and in 元.
    pub amount: String,
    pub amount_yuan: String,
    pub has_budget: bool,
    pub budget_yuan: String,
    pub progress: String,
    pub background: Vec<String>,
    pub purpose: Vec<String>,
    pub budget_management: Vec<String>,
    pub goal_setting: Vec<String>,
    pub eval_purpose: Vec<String>,
    pub eval_focus: Vec<String>,
    pub eval_points: Vec<String>,
    pub eval_method: Vec<String>,
    pub eval_organization: Vec<String>,
    /// 决策程序 (one sentence, no final punctuation).
    pub decision: String,
    /// What the money was used for, after “使用资金X万元” (no final punctuation).
    pub funds_use: String,
    pub management: Vec<String>,
    pub implementation: Vec<String>,
    pub result: Vec<String>,
    pub industry: Vec<String>,
    pub livelihood: Vec<String>,
    pub infrastructure: Vec<String>,
    pub operation: Vec<String>,
    pub indicators: Vec<IndicatorView>,
    pub indicators_summary: Vec<String>,
    pub indicators_total: usize,
    pub indicators_met: usize,
    pub indicators_unmet: usize,
    pub indicators_unreported: usize,
    pub conclusion: Vec<String>,
    pub has_score: bool,
    pub score: String,
    pub problems: Vec<String>,
    pub suggestions: Vec<String>,
}

/// Builds 第四部分.
pub fn build(data: &ReportData, fig: &Figures, settings: &Settings) -> AppendixView {
    let f = settings.fmt();
    let mut n = 0;
    let mut next_label = || {
        n += 1;
        format!("附件{n}")
    };
    let unit = data
        .performance
        .unit_evaluation
        .as_ref()
        .map(|u| unit_report(next_label(), data, fig, &f, u));
    let projects: Vec<ProjectReportView> = data
        .projects
        .iter()
        .zip(&fig.performance.projects)
        .filter_map(|(p, pf)| p.evaluation.as_ref().map(|e| (p, pf, e)))
        .map(|(p, pf, e)| project_report(next_label(), data.unit.year, &f, p, pf, e))
        .collect();
    AppendixView {
        empty: unit.is_none() && projects.is_empty(),
        unit,
        projects,
    }
}

fn unit_report(
    label: String,
    data: &ReportData,
    fig: &Figures,
    f: &Fmt,
    u: &UnitEvaluation,
) -> UnitReportView {
    let (income_rows, expenditure_rows) = money_rows(fig);
    let functions = match &u.functions {
        Some(t) => paragraphs(t),
        None => paragraphs(&data.overview.duties),
    };
    let closing = fig.performance.closing_total;
    let project_rows = data
        .projects
        .iter()
        .zip(&fig.performance.projects)
        .enumerate()
        .map(|(i, (p, pf))| {
            let (met, total) = (pf.indicators_met, pf.indicators.len());
            ProjectRowView {
                n: i + 1,
                name: p.name.clone(),
                kind: match p.kind {
                    ProjectKind::Recurring => "常年".into(),
                    ProjectKind::OneOff => "一次性".into(),
                },
                budget: pf.budget.map(|b| f.wan(b)).unwrap_or_else(|| "—".into()),
                amount: f.wan(p.amount.0),
                progress: pf
                    .progress
                    .map(|r| format!("{}%", f.rate(r)))
                    .unwrap_or_else(|| "—".into()),
                indicators: if total == 0 {
                    "—".into()
                } else {
                    format!("{met}/{total}")
                },
                score: p
                    .evaluation
                    .as_ref()
                    .and_then(|e| e.score)
                    .map(|s| s.normalize().to_string())
                    .unwrap_or_else(|| "—".into()),
            }
        })
        .collect();
    UnitReportView {
        label,
        organization: paragraphs(&u.organization),
        functions,
        staffing: staffing_sentence(data),
        year: data.unit.year,
        income_rows,
        expenditure_rows,
        has_balances: !closing.is_zero() || !fig.distribution.is_zero(),
        closing: f.wan(closing),
        distribution: f.wan(fig.distribution),
        balances: paragraphs(&u.balances_text),
        overall_analysis: paras(&u.overall_analysis),
        recurring: group(&fig.performance.recurring, f),
        one_off: group(&fig.performance.one_off, f),
        project_analysis: paras(&u.project_analysis),
        key_areas: paragraphs(&u.key_areas),
        result_use: paras(&u.result_use),
        has_score: data.performance.overall_score.is_some(),
        score: data
            .performance
            .overall_score
            .map(|s| s.normalize().to_string())
            .unwrap_or_default(),
        conclusion: paragraphs(&u.conclusion),
        problems: paragraphs(&u.problems),
        suggestions: paragraphs(&u.suggestions),
        project_rows,
        has_project_scores: data
            .projects
            .iter()
            .any(|p| p.evaluation.as_ref().is_some_and(|e| e.score.is_some())),
    }
}

/// 附件1's 收入 and 支出 tables: 年初预算 (given) against 执行数 (from the figures).
fn money_rows(fig: &Figures) -> (Vec<MoneyRow>, Vec<MoneyRow>) {
    let opt = |m: Option<Decimal>| m.map(yuan).unwrap_or_else(|| "—".into());
    let budgets = fig.performance.unit.clone().unwrap_or_default();
    let (income_b, basic_b, personnel_b, public_b, project_b) = (
        budgets.income,
        budgets.basic,
        budgets.personnel,
        budgets.public,
        budgets.project,
    );
    let income_rows = vec![MoneyRow {
        label: "一、一般公共预算财政拨款".into(),
        budget: opt(income_b),
        actual: yuan(fig.fiscal.income.general_budget),
        sub: false,
    }];
    let b = &fig.basic;
    let expenditure_rows = vec![
        MoneyRow {
            label: "一、基本支出".into(),
            budget: opt(basic_b),
            actual: yuan(b.total),
            sub: false,
        },
        MoneyRow {
            label: "人员经费".into(),
            budget: opt(personnel_b),
            actual: yuan(b.personnel),
            sub: true,
        },
        MoneyRow {
            label: "日常公用经费".into(),
            budget: opt(public_b),
            actual: yuan(b.public),
            sub: true,
        },
        MoneyRow {
            label: "二、项目支出".into(),
            budget: opt(project_b),
            actual: yuan(fig.general_budget.project),
            sub: false,
        },
    ];
    (income_rows, expenditure_rows)
}

/// 截至…年末，…核定事业编制5名，年末实有事业编制人员5名，聘用人员12名。
fn staffing_sentence(data: &ReportData) -> String {
    let Some(s) = &data.overview.staffing else {
        return String::new();
    };
    let kind = match data.unit.unit_type {
        UnitType::Administrative => "行政编制",
        UnitType::CivilServantManaged | UnitType::Institution => "事业编制",
        UnitType::Other => "编制",
    };
    let mut t = format!(
        "截至{}年末，{}核定{kind}{}名，年末实有{kind}人员{}名",
        data.unit.year, data.unit.name, s.authorized, s.actual
    );
    if s.contracted > 0 {
        t.push_str(&format!("，聘用人员{}名", s.contracted));
    }
    t.push('。');
    t
}

fn group(g: &ProjectGroup, f: &Fmt) -> ProjectGroupView {
    ProjectGroupView {
        count: g.count,
        budget: f.wan(g.budget),
        has_progress: g.progress.is_some(),
        progress: g.progress.map(|r| f.rate(r)).unwrap_or_default(),
        over_10: g.over_10,
    }
}

fn indicator(i: &Indicator, met: Option<bool>) -> IndicatorView {
    let target = format!("{}{}{}", i.comparator.sign(), i.target.normalize(), i.unit);
    let actual = match (&i.actual_text, i.actual) {
        (Some(t), _) if !t.trim().is_empty() => t.trim().to_string(),
        (_, Some(a)) => format!("{}{}", a.normalize(), i.unit),
        _ => "未填报".into(),
    };
    let (status, status_key) = match met {
        Some(true) => ("达成", "met"),
        Some(false) => ("未达成", "unmet"),
        None => ("未填报", "none"),
    };
    IndicatorView {
        name: i.name.trim().to_string(),
        target,
        actual,
        status,
        status_key,
    }
}

fn project_report(
    label: String,
    year: i32,
    f: &Fmt,
    p: &Project,
    pf: &ProjectFigures,
    e: &ProjectEvaluation,
) -> ProjectReportView {
    let budget = pf.budget;
    let indicators: Vec<IndicatorView> = e
        .indicators
        .iter()
        .zip(&pf.indicators)
        .map(|(i, met)| indicator(i, *met))
        .collect();
    let count = |k: &str| indicators.iter().filter(|i| i.status_key == k).count();
    ProjectReportView {
        label,
        name: p.name.trim().to_string(),
        year,
        amount: f.wan(p.amount.0),
        amount_yuan: yuan(p.amount.0),
        has_budget: budget.is_some(),
        budget_yuan: budget.map(yuan).unwrap_or_default(),
        progress: pf.progress.map(|r| f.rate(r)).unwrap_or_default(),
        background: paragraphs(&e.background),
        purpose: paragraphs(&e.purpose),
        budget_management: paragraphs(&e.budget_management),
        goal_setting: paragraphs(&e.goal_setting),
        eval_purpose: paragraphs(&e.eval_purpose),
        eval_focus: paragraphs(&e.eval_focus),
        eval_points: paragraphs(&e.eval_points),
        eval_method: paragraphs(&e.eval_method),
        eval_organization: paragraphs(&e.eval_organization),
        decision: sentence(&e.decision),
        funds_use: sentence(&e.funds_use),
        management: paragraphs(&e.management),
        implementation: paragraphs(&e.implementation),
        result: paragraphs(&e.result),
        industry: paragraphs(&e.industry),
        livelihood: paragraphs(&e.livelihood),
        infrastructure: paragraphs(&e.infrastructure),
        operation: paragraphs(&e.operation),
        indicators_total: indicators.len(),
        indicators_met: count("met"),
        indicators_unmet: count("unmet"),
        indicators_unreported: count("none"),
        indicators,
        indicators_summary: paragraphs(&e.indicators_summary),
        conclusion: paras(&e.conclusion),
        has_score: e.score.is_some(),
        score: e
            .score
            .map(|s| s.normalize().to_string())
            .unwrap_or_default(),
        problems: paragraphs(&e.problems),
        suggestions: paras(&e.suggestions),
    }
}

/// A list of supplied paragraphs, each joined into one line, empty ones dropped.
fn paras(items: &[String]) -> Vec<String> {
    items.iter().flat_map(|s| paragraphs(s)).collect()
}

/// One sentence to be continued by the template: joined, final punctuation dropped.
fn sentence(s: &str) -> String {
    paragraphs(s)
        .join("")
        .trim_end_matches(['。', '；', '，', '.', ';'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::load_str;
    use std::path::Path;

    fn view(text: &str) -> AppendixView {
        let loaded = load_str(Path::new("t.yaml"), text.to_string()).expect("valid data");
        let settings = Settings::default();
        let fig = crate::compute::compute(&loaded.data, &Catalog::builtin(), &settings);
        build(&loaded.data, &fig, &settings)
    }

    fn example() -> AppendixView {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example/dongqu-media-2023.yaml");
        view(&std::fs::read_to_string(path).unwrap())
    }

    #[test]
    fn example_tables_use_the_computed_figures() {
        let v = example();
        assert!(!v.empty);
        let u = v.unit.as_ref().expect("附件1");
        assert_eq!(u.label, "附件1");
        let inc = &u.income_rows[0];
        assert_eq!(
            (inc.budget.as_str(), inc.actual.as_str()),
            ("3,485,905.52", "3,464,745.78")
        );
        let rows: Vec<(&str, &str, &str)> = u
            .expenditure_rows
            .iter()
            .map(|r| (r.label.as_str(), r.budget.as_str(), r.actual.as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("一、基本支出", "1,358,158.48", "1,029,099.26"),
                ("人员经费", "977,878.96", "977,878.96"),
                ("日常公用经费", "380,279.52", "51,220.30"),
                ("二、项目支出", "2,435,646.52", "2,435,646.52"),
            ]
        );
        assert_eq!(u.recurring.count, 2);
        assert_eq!(u.recurring.budget, "243.56");
        assert_eq!(u.recurring.progress, "100");
        assert_eq!(u.one_off.count, 0);
        assert!(!u.one_off.has_progress);
        assert_eq!(u.score, "89");
        assert!(!u.has_balances);
        assert_eq!(
            u.staffing,
            "截至2023年末，攀枝花市东区融媒体中心核定事业编制5名，年末实有事业编制人员5名，聘用人员12名。"
        );
        let row = &u.project_rows[1];
        assert_eq!(
            (
                row.budget.as_str(),
                row.amount.as_str(),
                row.progress.as_str(),
                row.indicators.as_str()
            ),
            ("56.36", "56.36", "100%", "2/4")
        );
        assert!(!u.has_project_scores);
    }

    #[test]
    fn example_projects_quote_their_amounts_and_indicators() {
        let v = example();
        let labels: Vec<&str> = v.projects.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["附件2", "附件3"]);
        let ops = &v.projects[0];
        assert_eq!(
            (ops.amount.as_str(), ops.amount_yuan.as_str()),
            ("187.2", "1,872,000.00")
        );
        let app = &v.projects[1];
        assert_eq!(
            (app.amount.as_str(), app.amount_yuan.as_str()),
            ("56.36", "563,646.52")
        );
        let posts = app
            .indicators
            .iter()
            .find(|i| i.name == "发布稿件")
            .unwrap();
        assert_eq!(
            (posts.target.as_str(), posts.actual.as_str(), posts.status),
            ("≥7000条", "超过1万条", "达成")
        );
        let shops = app
            .indicators
            .iter()
            .find(|i| i.name.starts_with("服务本地商家"))
            .unwrap();
        assert_eq!((shops.actual.as_str(), shops.status), ("917家", "达成"));
    }

    #[test]
    fn indicator_status_follows_the_comparator() {
        let mk = |cmp: crate::model::performance::Comparator, target: i64, actual: Option<i64>| {
            Indicator {
                name: "x".into(),
                comparator: cmp,
                target: Decimal::from(target),
                unit: "次".into(),
                actual: actual.map(Decimal::from),
                actual_text: None,
            }
        };
        use crate::model::performance::Comparator::*;
        // The status follows whether the indicator is met (computed from the comparator).
        let show = |i: Indicator| indicator(&i, i.met());
        assert_eq!(show(mk(AtLeast, 20, Some(24))).status, "达成");
        assert_eq!(show(mk(AtLeast, 20, Some(19))).status, "未达成");
        assert_eq!(show(mk(AtMost, 5, Some(5))).status, "达成");
        assert_eq!(show(mk(Below, 5, Some(5))).status, "未达成");
        assert_eq!(show(mk(Equal, 5, Some(5))).actual, "5次");
        let none = show(mk(AtLeast, 85, None));
        assert_eq!((none.actual.as_str(), none.status), ("未填报", "未填报"));
    }

    #[test]
    fn no_evaluation_data_gives_an_empty_part() {
        let v = view("schema: 1\nunit: {name: 测试单位, year: 2023}\n");
        assert!(v.empty && v.unit.is_none() && v.projects.is_empty());
        // A project report alone is 附件1.
        let v = view(
            "schema: 1\nunit: {name: 测试单位, year: 2023}\nprojects:\n  - {name: 甲, code: \"2013399\", amount: 10000, evaluation: {indicators: [{name: 培训, target: 2, unit: 次, actual: 1}]}}\n",
        );
        assert!(!v.empty && v.unit.is_none());
        assert_eq!(v.projects[0].label, "附件1");
        assert_eq!(v.projects[0].indicators[0].status, "未达成");
        assert_eq!(v.projects[0].indicators_unmet, 1);
        assert!(!v.projects[0].has_budget);
    }

    #[test]
    fn one_off_group_counts_underspent_projects() {
        let v = view(
            "schema: 1\nunit: {name: 测试单位, year: 2023}\nperformance: {unit_evaluation: {}}\nprojects:\n  - {name: 甲, code: \"2013399\", kind: 一次性, amount: 80000, budget: 100000}\n  - {name: 乙, code: \"2013399\", kind: 一次性, amount: 95000, budget: 100000}\n",
        );
        let g = &v.unit.as_ref().unwrap().one_off;
        assert_eq!(
            (g.count, g.budget.as_str(), g.progress.as_str(), g.over_10),
            (2, "20", "87.5", 1)
        );
    }
}
