//! The 项目支出绩效自评表, one per project with an evaluation carrying its scores: the
//! Sichuan 部门预算项目支出绩效自评表 (YEARS-AND-FORMS §4.1) or the national form of
//! 财预〔2020〕10号 (§4.2) — the same cells, laid out by `templates/appendix/
//! self-eval-<form>.typ`. Budget figures come from the main data (年初预算, 调整后预算,
//! 执行数 of the project); scores are input, the total computed.

use rust_decimal::Decimal;
use serde::Serialize;

use super::sentence;
use crate::format::{round_half_up, yuan};
use crate::model::{Fund, Project, ProjectEvaluation, ReportData};
use crate::render::view::paragraphs;

/// The 分值 of the budget execution line (fixed by the form).
const EXECUTION_WEIGHT: Decimal = Decimal::TEN;

/// One 资金 row of the form's budget block: amounts in 万元 with two decimals, the form
/// prints zeros (0.00, 0.00%).
#[derive(Debug, Clone, Serialize)]
pub struct FundRowView {
    pub label: String,
    pub initial: String,
    pub adjusted: String,
    pub executed: String,
    pub rate: String,
}

/// One indicator line; `level1_span` / `level2_span` are the rows a merged 一级 / 二级
/// cell covers (0: covered by the row above).
#[derive(Debug, Clone, Serialize)]
pub struct FormIndicatorView {
    pub level1: String,
    pub level1_span: usize,
    pub level2: String,
    pub level2_span: usize,
    pub name: String,
    /// 指标性质: =, ≥, ≤ ….
    pub nature: String,
    pub target: String,
    pub unit: String,
    /// 完成值 (the number).
    pub actual: String,
    pub weight: String,
    pub score: String,
    pub deviation: String,
}

/// One project's 自评表.
#[derive(Debug, Clone, Serialize)]
pub struct SelfEvalView {
    /// 项目名称 as the form prints it: “编码-名称”, or the name.
    pub name: String,
    pub supervisor: String,
    pub implementer: String,
    pub annual_goal: String,
    pub goal_completion: String,
    pub process: String,
    /// The 总额 row, then 其中 rows by source of money.
    pub total: FundRowView,
    pub funds: Vec<FundRowView>,
    pub execution_weight: String,
    pub execution_score: String,
    pub execution_note: String,
    pub indicators: Vec<FormIndicatorView>,
    /// Σ indicator weights (90) and the form's 合计 (100).
    pub indicator_weight: String,
    pub total_weight: String,
    /// 执行得分 + Σ 指标得分.
    pub total_score: String,
    pub conclusion: String,
    pub problems: String,
    pub measures: String,
    pub manager: String,
    pub finance_manager: String,
}

/// Which form the report prints.
pub fn form_name(template_set: &str, stated: Option<&str>) -> &'static str {
    match stated.unwrap_or(template_set) {
        "national" | "全国" | "财政部" => "national",
        _ => "sichuan",
    }
}

/// 万元, two decimals, zeros printed: 187.20.
fn wan2(x: Decimal) -> String {
    yuan(x / Decimal::from(10_000))
}

/// A rate of the form: 100.00%; 0.00% when nothing was budgeted (the form prints it).
fn rate(executed: Decimal, budget: Decimal) -> String {
    let r = crate::compute::percent(executed, budget).unwrap_or_default();
    let mut r = round_half_up(r, 2);
    r.rescale(2);
    format!("{r}%")
}

fn fund_row(label: &str, initial: Decimal, adjusted: Decimal, executed: Decimal) -> FundRowView {
    FundRowView {
        label: label.into(),
        initial: wan2(initial),
        adjusted: wan2(adjusted),
        executed: wan2(executed),
        rate: rate(executed, adjusted),
    }
}

fn number(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The 一级 / 二级 spans: consecutive equal values merge (二级 within its 一级).
fn spans(e: &ProjectEvaluation) -> Vec<(usize, usize)> {
    let ind = &e.indicators;
    let mut out = vec![(0, 0); ind.len()];
    let mut i = 0;
    while i < ind.len() {
        let mut j = i + 1;
        while j < ind.len() && ind[j].level1.trim() == ind[i].level1.trim() {
            j += 1;
        }
        out[i].0 = j - i;
        let mut k = i;
        while k < j {
            let mut l = k + 1;
            while l < j && ind[l].level2.trim() == ind[k].level2.trim() {
                l += 1;
            }
            out[k].1 = l - k;
            k = l;
        }
        i = j;
    }
    out
}

/// The 自评表 of one project (the caller passes only evaluations with scores).
pub fn self_eval(data: &ReportData, p: &Project, e: &ProjectEvaluation) -> SelfEvalView {
    let initial = p
        .budget_initial
        .or(p.budget)
        .map(|m| m.0)
        .unwrap_or_default();
    let adjusted = p
        .budget
        .or(p.budget_initial)
        .map(|m| m.0)
        .unwrap_or_default();
    let executed = p.amount.0;
    // Where the money came from: 财政资金 for the fiscal funds, 单位资金 for the unit's own.
    let share = |fiscal: bool| -> (Decimal, Decimal, Decimal) {
        if (p.fund != Fund::Other) == fiscal {
            (initial, adjusted, executed)
        } else {
            Default::default()
        }
    };
    let (fi, fa, fe) = share(true);
    let (ui, ua, ue) = share(false);
    let z = Decimal::ZERO;
    let funds = vec![
        fund_row("其中：财政资金", fi, fa, fe),
        fund_row("财政专户管理资金", z, z, z),
        fund_row("单位资金", ui, ua, ue),
        fund_row("其他资金", z, z, z),
    ];
    let sp = spans(e);
    let indicators = e
        .indicators
        .iter()
        .zip(sp)
        .map(|(i, (s1, s2))| FormIndicatorView {
            level1: i.level1.trim().to_string(),
            level1_span: s1,
            level2: i.level2.trim().to_string(),
            level2_span: s2,
            name: i.name.trim().to_string(),
            nature: i.comparator.sign().to_string(),
            target: number(i.target),
            unit: i.unit.trim().to_string(),
            actual: i.actual.map(number).unwrap_or_default(),
            weight: i.weight.map(number).unwrap_or_default(),
            score: i.score.map(number).unwrap_or_default(),
            deviation: i.deviation.as_deref().map(sentence).unwrap_or_default(),
        })
        .collect();
    let indicator_weight: Decimal = e.indicators.iter().filter_map(|i| i.weight).sum();
    let total_score = e.execution_score.unwrap_or_default()
        + e.indicators.iter().filter_map(|i| i.score).sum::<Decimal>();
    let process = if e.process.trim().is_empty() {
        &e.implementation
    } else {
        &e.process
    };
    let joined = |items: &[String]| -> String {
        items
            .iter()
            .flat_map(|t| paragraphs(t))
            .collect::<Vec<_>>()
            .join("")
    };
    let mut conclusion = format!("项目自评得分{}分。", number(total_score));
    conclusion.push_str(&joined(&e.conclusion));
    let name = match p.number.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => format!("{n}-{}", p.name.trim()),
        _ => p.name.trim().to_string(),
    };
    SelfEvalView {
        name,
        supervisor: data
            .unit
            .supervisor
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| data.unit.name.clone()),
        implementer: data.unit.name.clone(),
        annual_goal: paragraphs(&e.annual_goal).join(""),
        goal_completion: paragraphs(&e.goal_completion).join(""),
        process: paragraphs(process).join(""),
        total: fund_row("总额", initial, adjusted, executed),
        funds,
        execution_weight: number(EXECUTION_WEIGHT),
        execution_score: e.execution_score.map(number).unwrap_or_default(),
        execution_note: paragraphs(&e.execution_note).join(""),
        indicators,
        indicator_weight: number(indicator_weight),
        total_weight: number(indicator_weight + EXECUTION_WEIGHT),
        total_score: number(total_score),
        conclusion,
        problems: paragraphs(&e.problems).join(""),
        measures: joined(&e.suggestions),
        manager: e.manager.trim().to_string(),
        finance_manager: e.finance_manager.trim().to_string(),
    }
}
