//! 第四部分 附件: the view of the 部门（单位）整体绩效自评报告 (附件1) and of one
//! 专项预算项目绩效评价报告 per project with evaluation data (附件2, 附件3, …).
//!
//! Texts come from `performance` and `projects[].evaluation`; every money figure comes
//! from the main data and its `Figures` (executed amounts) or the `*_budget_initial`
//! fields (年初预算), so the reports cannot contradict the rest of the report. Each
//! project's 项目支出绩效自评表 (`form`) is 附件1's 附表.

mod form;

use rust_decimal::Decimal;
use serde::Serialize;

pub use form::{FormIndicatorView, FundRowView, SelfEvalView};

use crate::compute::performance::{ProjectFigures, ProjectGroup};
use crate::compute::Figures;
use crate::model::{
    Indicator, Project, ProjectEvaluation, ReportData, Settings, UnitEvaluation, UnitType,
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
    /// One 项目支出绩效自评表 per project whose evaluation has its scores: 附件1's 附表
    /// (printed after the project reports when there is no 附件1).
    pub forms: Vec<SelfEvalView>,
    /// Which form: `sichuan` (部门预算项目支出绩效自评表) or `national` (项目支出绩效自评表).
    pub form: &'static str,
    pub year: i32,
}

/// A row of the 收入 / 支出 tables of 附件1 (元 with separators; `—` when not given).
#[derive(Debug, Clone, Serialize)]
pub struct MoneyRow {
    pub label: String,
    pub budget: String,
    pub actual: String,
    /// A sub-item (人员经费, 日常公用经费) printed indented.
    pub sub: bool,
    /// The 合计 row (bold).
    pub total: bool,
}

/// 常年 or 一次性 projects in 附件1 三(二).
#[derive(Debug, Clone, Serialize)]
pub struct ProjectGroupView {
    pub count: usize,
    /// 预算总金额 in 万元.
    pub budget: String,
    /// Which budget (全年预算 / 年初预算).
    pub basis: String,
    /// 预算执行总体进度 (%), when the group has a budget.
    pub has_progress: bool,
    pub progress: String,
    /// Projects whose 预算结余率 exceeds 10%.
    pub over_10: usize,
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
}

/// One indicator row: target vs actual and whether it was met.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub name: String,
    /// e.g. ≥7000条.
    pub target: String,
    /// e.g. 超过1万条, 917家 (`check` requires the value: P006).
    pub actual: String,
    /// 达成 / 未达成.
    pub status: &'static str,
    /// `met`, `unmet`.
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
    /// Which budget (全年预算 / 年初预算).
    pub basis: String,
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
    pub conclusion: Vec<String>,
    pub has_score: bool,
    pub score: String,
    pub problems: Vec<String>,
    pub suggestions: Vec<String>,
}

/// Builds 第四部分.
pub fn build(data: &ReportData, fig: &Figures, settings: &Settings) -> AppendixView {
    let f = settings.fmt();
    let basis = settings.completion_basis.word();
    let mut n = 0;
    let mut next_label = || {
        n += 1;
        format!("附件{n}")
    };
    let unit = data
        .performance
        .unit_evaluation
        .as_ref()
        .map(|u| unit_report(next_label(), data, fig, (&f, basis), u));
    let projects: Vec<ProjectReportView> = data
        .projects
        .iter()
        .zip(&fig.performance.projects)
        .filter_map(|(p, pf)| p.evaluation.as_ref().map(|e| (p, pf, e)))
        .map(|(p, pf, e)| project_report(next_label(), data.unit.year, &f, p, pf, e))
        .collect();
    let forms = data
        .projects
        .iter()
        .filter_map(|p| p.evaluation.as_ref().map(|e| (p, e)))
        .filter(|(_, e)| e.scored())
        .map(|(p, e)| form::self_eval(data, p, e))
        .collect();
    let stated = settings.self_eval_form.as_deref();
    AppendixView {
        empty: unit.is_none() && projects.is_empty(),
        unit,
        projects,
        forms,
        form: form::form_name(&settings.template_set, stated),
        year: data.unit.year,
    }
}

/// 附件1; `basis` names the budget the project groups are measured against.
fn unit_report(
    label: String,
    data: &ReportData,
    fig: &Figures,
    (f, basis): (&Fmt, &str),
    u: &UnitEvaluation,
) -> UnitReportView {
    let (income_rows, expenditure_rows) = money_rows(fig);
    let functions = match &u.functions {
        Some(t) => paragraphs(t),
        None => paragraphs(&data.overview.duties),
    };
    let closing = fig.performance.closing_total;
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
        recurring: group(&fig.performance.recurring, f, basis),
        one_off: group(&fig.performance.one_off, f, basis),
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
    }
}

/// 附件1's 收入 and 支出 tables: 年初预算 (given) against 执行数 (from the figures), each
/// closed by a 合计 row (its budget only when every row's is given).
fn money_rows(fig: &Figures) -> (Vec<MoneyRow>, Vec<MoneyRow>) {
    let opt = |m: Option<Decimal>| m.map(yuan).unwrap_or_else(|| "—".into());
    let budgets = fig.performance.unit.clone().unwrap_or_default();
    let row =
        |label: &str, budget: Option<Decimal>, actual: Decimal, sub: bool, total: bool| MoneyRow {
            label: label.into(),
            budget: opt(budget),
            actual: yuan(actual),
            sub,
            total,
        };
    let income = fig.fiscal.income.general_budget;
    let income_rows = vec![
        row(
            "一、一般公共预算财政拨款",
            budgets.income,
            income,
            false,
            false,
        ),
        row("合计", budgets.income, income, false, true),
    ];
    let b = &fig.basic;
    let project = fig.general_budget.project;
    let spent_budget = budgets.basic.zip(budgets.project).map(|(x, y)| x + y);
    let expenditure_rows = vec![
        row("一、基本支出", budgets.basic, b.total, false, false),
        row("人员经费", budgets.personnel, b.personnel, true, false),
        row("日常公用经费", budgets.public, b.public, true, false),
        row("二、项目支出", budgets.project, project, false, false),
        row("合计", spent_budget, b.total + project, false, true),
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

fn group(g: &ProjectGroup, f: &Fmt, basis: &str) -> ProjectGroupView {
    ProjectGroupView {
        count: g.count,
        budget: f.wan(g.budget),
        basis: basis.to_string(),
        has_progress: g.progress.is_some(),
        progress: g.progress.map(|r| f.rate(r)).unwrap_or_default(),
        over_10: g.over_10,
    }
}

fn indicator(i: &Indicator, met: Option<bool>) -> IndicatorView {
    let target = format!("{}{}{}", i.comparator.sign(), i.target.normalize(), i.unit);
    // `check` requires the actual value (P006): without it the cells stay empty.
    let actual = match (&i.actual_text, i.actual) {
        (Some(t), _) if !t.trim().is_empty() => t.trim().to_string(),
        (_, Some(a)) => format!("{}{}", a.normalize(), i.unit),
        _ => String::new(),
    };
    let (status, status_key) = match met {
        Some(true) => ("达成", "met"),
        _ => ("未达成", "unmet"),
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
        basis: pf.basis.map(|b| b.word().to_string()).unwrap_or_default(),
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
mod tests;
