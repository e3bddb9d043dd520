//! Derived figures: totals, roll-ups by 类 and 款, shares, changes against last year and
//! completion rates. Pure functions over `ReportData`, `Decimal` only, no I/O, no
//! rounding except the shares (largest remainder must round the parts together).

pub mod performance;
mod rollup;
mod sections;
pub mod shares;
pub mod tables;
#[cfg(test)]
mod tests;
mod totals;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::{Catalog, Names};
use crate::model::{CompletionBasis, Fund, ReportData, Settings};
pub use performance::{Counts, PerformanceFigures};
pub use rollup::{economic_rows, functional_rows, EconRow, FuncRow, Level};
pub use shares::{largest_remainder, percent};
pub use tables::TableFigures;

/// A change against last year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub current: Decimal,
    /// Last year's figure, when the data gives one.
    pub previous: Option<Decimal>,
    /// current − previous.
    pub delta: Option<Decimal>,
    /// Exact growth rate in percent; `None` when last year is missing or zero.
    pub rate: Option<Decimal>,
}

impl Change {
    pub fn new(current: Decimal, previous: Option<Decimal>) -> Change {
        let delta = previous.map(|p| current - p);
        let rate = match (delta, previous) {
            (Some(d), Some(p)) => percent(d, p),
            _ => None,
        };
        Change {
            current,
            previous,
            delta,
            rate,
        }
    }
}

/// One part of a whole: a key for templates, the label, the amount and its share.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub key: &'static str,
    pub label: String,
    pub amount: Decimal,
    /// Percent of the whole, rounded by largest remainder to the share precision.
    pub share: Decimal,
}

/// A whole split into parts whose shares add up to 100.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub total: Decimal,
    pub parts: Vec<Part>,
}

impl Breakdown {
    pub(crate) fn new(items: Vec<(&'static str, String, Decimal)>, dp: u32) -> Breakdown {
        let amounts: Vec<Decimal> = items.iter().map(|i| i.2).collect();
        let shares = largest_remainder(&amounts, dp);
        Breakdown {
            total: amounts.iter().copied().sum(),
            parts: items
                .into_iter()
                .zip(shares)
                .map(|((key, label, amount), share)| Part {
                    key,
                    label,
                    amount,
                    share,
                })
                .collect(),
        }
    }

    pub fn get(&self, key: &str) -> Decimal {
        self.parts
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.amount)
            .unwrap_or_default()
    }
}

/// Amounts per fund.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FundAmounts {
    pub general_budget: Decimal,
    pub government_fund: Decimal,
    pub state_capital: Decimal,
    pub other: Decimal,
}

impl FundAmounts {
    pub fn fiscal(&self) -> Decimal {
        self.general_budget + self.government_fund + self.state_capital
    }
    pub fn total(&self) -> Decimal {
        self.fiscal() + self.other
    }
    pub(crate) fn add(&mut self, fund: Fund, v: Decimal) {
        match fund {
            Fund::GeneralBudget => self.general_budget += v,
            Fund::GovernmentFund => self.government_fund += v,
            Fund::StateCapital => self.state_capital += v,
            Fund::Other => self.other += v,
        }
    }
    pub fn get(&self, fund: Fund) -> Decimal {
        match fund {
            Fund::GeneralBudget => self.general_budget,
            Fund::GovernmentFund => self.government_fund,
            Fund::StateCapital => self.state_capital,
            Fund::Other => self.other,
        }
    }
}

/// 财政拨款 figures (sections 四 and 附表04).
#[derive(Debug, Clone, Serialize)]
pub struct Fiscal {
    /// 财政拨款本年收入, by fund (other = 0).
    pub income: FundAmounts,
    /// 财政拨款本年支出, by fund.
    pub expenditure: FundAmounts,
    pub opening: FundAmounts,
    pub closing: FundAmounts,
    /// 财政拨款收、支总计 = income + opening = expenditure + closing.
    pub grand_total: Decimal,
    pub change: Change,
}

/// One 项 of 一般公共预算财政拨款支出 with its budget (section 五(三)).
#[derive(Debug, Clone, Serialize)]
pub struct XiangLine {
    pub code: String,
    pub class_name: String,
    pub kuan_name: String,
    pub name: String,
    pub amount: Decimal,
    pub budget: Option<Decimal>,
    /// Which budget `budget` is: the setting's basis, or the other one when a line
    /// states only that (K003 warns).
    pub basis: Option<CompletionBasis>,
    /// 完成预算% (exact), `None` when there is no budget or it is 0.
    pub completion: Option<Decimal>,
    pub reason: Option<String>,
}

/// 一般公共预算财政拨款支出 (section 五).
#[derive(Debug, Clone, Serialize)]
pub struct GeneralBudget {
    pub total: Decimal,
    pub basic: Decimal,
    pub project: Decimal,
    /// Share of 本年支出合计 (exact percent).
    pub share_of_expenditure: Option<Decimal>,
    pub change: Change,
    /// Every 类 of the catalogue, in the standard order, with shares adding up to 100.
    pub by_class: Breakdown,
    pub lines: Vec<XiangLine>,
    /// Σ of the lines' budgets, when they are all of one basis (`basis`).
    pub budget_total: Option<Decimal>,
    pub basis: Option<CompletionBasis>,
    pub completion: Option<Decimal>,
}

/// An 经济分类 item with amount.
#[derive(Debug, Clone, Serialize)]
pub struct EconItem {
    pub code: String,
    pub name: String,
    pub amount: Decimal,
}

/// 一般公共预算财政拨款基本支出 (section 六).
#[derive(Debug, Clone, Serialize)]
pub struct Basic {
    pub total: Decimal,
    /// 人员经费 = 301 + 303.
    pub personnel: Decimal,
    /// 公用经费 = 302 + 307 + 310 + 399.
    pub public: Decimal,
    pub personnel_items: Vec<EconItem>,
    pub public_items: Vec<EconItem>,
}

/// The four 三公 items.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TpAmounts {
    pub abroad: Decimal,
    pub vehicle_purchase: Decimal,
    pub vehicle_operation: Decimal,
    pub vehicle: Decimal,
    pub reception: Decimal,
    pub total: Decimal,
}

impl From<&crate::model::ThreePublicAmounts> for TpAmounts {
    fn from(a: &crate::model::ThreePublicAmounts) -> Self {
        TpAmounts {
            abroad: a.abroad.0,
            vehicle_purchase: a.vehicle_purchase.0,
            vehicle_operation: a.vehicle_operation.0,
            vehicle: a.vehicle().0,
            reception: a.reception.0,
            total: a.total().0,
        }
    }
}

/// 财政拨款“三公”经费 (section 七).
#[derive(Debug, Clone, Serialize)]
pub struct ThreePublic {
    pub actual: TpAmounts,
    pub budget: TpAmounts,
    pub completion: Option<Decimal>,
    pub completion_abroad: Option<Decimal>,
    pub completion_vehicle: Option<Decimal>,
    pub completion_reception: Option<Decimal>,
    /// 出国 / 车 / 接待 shares of the total (largest remainder).
    pub split: Breakdown,
    pub change: Change,
    pub change_abroad: Change,
    pub change_vehicle: Change,
    pub change_reception: Change,
}

/// 政府采购 (section 十(二)).
#[derive(Debug, Clone, Serialize)]
pub struct Procurement {
    pub total: Decimal,
    pub goods: Decimal,
    pub works: Decimal,
    pub services: Decimal,
    pub sme: Decimal,
    pub sme_share: Option<Decimal>,
    pub small_micro: Decimal,
    pub small_micro_share: Option<Decimal>,
}

/// Everything the report prints, derived from one data file.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub year: i32,
    /// 本年收入 by the 8 sources.
    pub income: Breakdown,
    /// 本年支出 by the 5 natures.
    pub expenditure: Breakdown,
    /// 本年支出 by fund.
    pub expenditure_by_fund: FundAmounts,
    pub use_nonfiscal: Decimal,
    pub distribution: Decimal,
    pub opening: FundAmounts,
    pub closing: FundAmounts,
    /// 收、支总计.
    pub grand_total: Decimal,
    /// 支出总计 as derived from the expenditure side (equals `grand_total` when balanced).
    pub grand_total_expenditure_side: Decimal,
    pub total_change: Change,
    pub fiscal: Fiscal,
    pub general_budget: GeneralBudget,
    pub basic: Basic,
    pub three_public: ThreePublic,
    pub government_fund_expenditure: Decimal,
    pub state_capital_expenditure: Decimal,
    pub operating_expenses: Change,
    pub procurement: Procurement,
    /// Sum of projects (项目支出 of the 一般公共预算 fund, by project list).
    pub projects_total: Decimal,
    /// Counts the text prints (二级预算单位, vehicles).
    pub counts: Counts,
    /// 功能分类 项 codes with spending, in catalogue order (their 名词解释 are printed).
    pub used_xiang: Vec<String>,
    /// The figures of the performance reports (第四部分 附件).
    pub performance: PerformanceFigures,
    /// Every row source of the 附表.
    #[serde(skip)]
    pub tables: TableFigures,
}

/// Derives all figures: the text's, the charts', the performance reports' and every
/// 附表 cell's. The one place numbers are made; later stages format them.
pub fn compute(data: &ReportData, catalog: &Catalog, settings: &Settings) -> Figures {
    let dp = settings.share_decimals;
    let names = Names {
        functional: catalog.functional(data.unit.year),
        economic: &catalog.economic,
        custom: &data.code_names,
    };
    let income = totals::income(&data.income, dp);
    let expenditure = totals::expenditure(&data.expenditure, dp);
    let by_fund = totals::by_fund(&data.expenditure);
    let balances = totals::balances(data, &income, &expenditure, &by_fund);
    let ly = &data.last_year;
    let fiscal = totals::fiscal(data, &balances, &by_fund);
    let mut fig = Figures {
        year: data.unit.year,
        total_change: Change::new(balances.grand_total, ly.total.map(|m| m.0)),
        general_budget: sections::general_budget(data, &names, settings, &expenditure),
        basic: sections::basic(data, &names, settings),
        three_public: sections::three_public(data, dp),
        income,
        expenditure,
        expenditure_by_fund: by_fund.clone(),
        use_nonfiscal: data.balances.use_nonfiscal.0,
        distribution: data.balances.distribution.0,
        opening: balances.opening.clone(),
        closing: balances.closing.clone(),
        grand_total: balances.grand_total,
        grand_total_expenditure_side: balances.grand_total_expenditure_side,
        fiscal,
        government_fund_expenditure: by_fund.government_fund,
        state_capital_expenditure: by_fund.state_capital,
        operating_expenses: Change::new(
            data.operating_expenses.0,
            ly.operating_expenses.map(|m| m.0),
        ),
        procurement: totals::procurement(&data.procurement),
        projects_total: data
            .projects
            .iter()
            .filter(|p| p.fund == Fund::GeneralBudget)
            .map(|p| p.amount.0)
            .sum(),
        counts: Counts::of(data),
        used_xiang: totals::used_xiang(data, &names),
        performance: PerformanceFigures::new(data, settings, balances.closing.total()),
        tables: TableFigures::default(),
    };
    fig.tables = TableFigures::new(data, &fig, &names);
    fig
}
