//! The numbers of 第四部分 附件 (the performance reports) and the counts the text prints:
//! budgets by the completion basis, execution rates, project groups, indicators met.

use rust_decimal::Decimal;
use serde::Serialize;

use super::percent;
use crate::model::{CompletionBasis, Money, Project, ProjectKind, ReportData, Settings};

/// Counts the report prints (derived: totals of the stated counts).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// 二级预算单位 in all.
    pub secondary_units: u32,
    /// Vehicles bought this year.
    pub vehicles_bought: u32,
    /// 公务用车保有量.
    pub fleet: u32,
    /// Vehicles held at 12月31日, all uses.
    pub vehicles: u32,
}

impl Counts {
    pub fn of(d: &ReportData) -> Counts {
        let su = &d.overview.secondary_units;
        Counts {
            secondary_units: su.administrative + su.civil_servant_managed + su.other_institutions,
            vehicles_bought: d.three_public.vehicle_purchase.count(),
            fleet: d.three_public.fleet.total(),
            vehicles: d.assets.vehicles.total(),
        }
    }
}

/// 附件1's 年初预算 column: stated, or derived from the parts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnitBudgets {
    /// 一般公共预算财政拨款 income: stated, else the sum of the three spending budgets.
    pub income: Option<Decimal>,
    /// 基本支出 = 人员经费 + 日常公用经费 (when either is given).
    pub basic: Option<Decimal>,
    pub personnel: Option<Decimal>,
    pub public: Option<Decimal>,
    pub project: Option<Decimal>,
}

/// 常年 or 一次性 projects together.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProjectGroup {
    pub count: usize,
    /// 预算总金额 (projects with a budget).
    pub budget: Decimal,
    /// 预算执行总体进度 (exact percent), when the group has a budget.
    pub progress: Option<Decimal>,
    /// Projects whose 预算结余率 exceeds 10%.
    pub over_10: usize,
}

/// One project's performance figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProjectFigures {
    /// The budget under the completion basis.
    pub budget: Option<Decimal>,
    /// Which budget `budget` is (the setting's, or the other one when only that is given).
    pub basis: Option<CompletionBasis>,
    /// 执行率 (exact percent).
    pub progress: Option<Decimal>,
    /// Per indicator of its evaluation: met (`Some(true)`), missed, not reported.
    pub indicators: Vec<Option<bool>>,
    pub indicators_met: usize,
}

/// The numbers of the performance reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PerformanceFigures {
    /// 附件1's budgets, when the data has a unit evaluation.
    pub unit: Option<UnitBudgets>,
    pub recurring: ProjectGroup,
    pub one_off: ProjectGroup,
    /// One per project of the data, in its order.
    pub projects: Vec<ProjectFigures>,
    /// 年末结转和结余 in all (附件1 二(三)).
    pub closing_total: Decimal,
}

impl PerformanceFigures {
    pub fn new(d: &ReportData, settings: &Settings, closing_total: Decimal) -> PerformanceFigures {
        let unit = d.performance.unit_evaluation.as_ref().map(|u| {
            let sum = |parts: &[Option<Money>]| -> Option<Decimal> {
                parts.iter().flatten().map(|m| m.0).reduce(|a, b| a + b)
            };
            let (personnel, public, project) = (
                u.personnel_budget_initial,
                u.public_budget_initial,
                u.project_budget_initial,
            );
            UnitBudgets {
                income: u
                    .income_budget_initial
                    .map(|m| m.0)
                    .or_else(|| sum(&[personnel, public, project])),
                basic: sum(&[personnel, public]),
                personnel: personnel.map(|m| m.0),
                public: public.map(|m| m.0),
                project: project.map(|m| m.0),
            }
        });
        let group = |kind: ProjectKind| {
            let members: Vec<&Project> = d.projects.iter().filter(|p| p.kind == kind).collect();
            project_group(&members, settings)
        };
        PerformanceFigures {
            closing_total,
            unit,
            recurring: group(ProjectKind::Recurring),
            one_off: group(ProjectKind::OneOff),
            projects: d
                .projects
                .iter()
                .map(|p| {
                    let (budget, basis) = project_budget_basis(p, settings).unzip();
                    let indicators: Vec<Option<bool>> = p
                        .evaluation
                        .iter()
                        .flat_map(|e| e.indicators.iter().map(|i| i.met()))
                        .collect();
                    ProjectFigures {
                        budget,
                        basis,
                        progress: budget.and_then(|b| percent(p.amount.0, b)),
                        indicators_met: indicators.iter().filter(|m| **m == Some(true)).count(),
                        indicators,
                    }
                })
                .collect(),
        }
    }
}

/// The project's budget under the completion basis of the settings.
pub fn project_budget(p: &Project, settings: &Settings) -> Option<Decimal> {
    project_budget_basis(p, settings).map(|(b, _)| b)
}

/// The project's budget under the completion basis, and which budget it is (the other
/// one when the project states only that).
pub fn project_budget_basis(
    p: &Project,
    settings: &Settings,
) -> Option<(Decimal, CompletionBasis)> {
    let (first, second) = match settings.completion_basis {
        CompletionBasis::Adjusted => (
            (p.budget, CompletionBasis::Adjusted),
            (p.budget_initial, CompletionBasis::Initial),
        ),
        CompletionBasis::Initial => (
            (p.budget_initial, CompletionBasis::Initial),
            (p.budget, CompletionBasis::Adjusted),
        ),
    };
    first
        .0
        .map(|m| (m.0, first.1))
        .or(second.0.map(|m| (m.0, second.1)))
}

fn project_group(projects: &[&Project], settings: &Settings) -> ProjectGroup {
    let mut budget = Decimal::ZERO;
    let mut spent = Decimal::ZERO;
    let mut over_10 = 0;
    for p in projects {
        if let Some(b) = project_budget(p, settings) {
            budget += b;
            spent += p.amount.0;
            // 预算结余率 = (预算 − 执行) / 预算.
            if let Some(rate) = percent(b - p.amount.0, b) {
                if rate > Decimal::TEN {
                    over_10 += 1;
                }
            }
        }
    }
    ProjectGroup {
        count: projects.len(),
        budget,
        progress: percent(spent, budget),
        over_10,
    }
}
