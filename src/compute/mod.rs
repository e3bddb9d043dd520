//! Derived figures: totals, roll-ups by 类 and 款, shares, changes against last year and
//! completion rates. Pure functions over `ReportData`, `Decimal` only, no I/O, no
//! rounding except the shares (largest remainder must round the parts together).

mod rollup;
pub mod shares;
pub mod tables;
#[cfg(test)]
mod tests;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::{Catalog, Names};
use crate::model::{CompletionBasis, Fund, ReportData, Settings};
pub use rollup::{economic_rows, functional_rows, EconRow, FuncRow, Level};
pub use shares::{largest_remainder, percent};

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
    fn new(items: Vec<(&'static str, String, Decimal)>, dp: u32) -> Breakdown {
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
    fn add(&mut self, fund: Fund, v: Decimal) {
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
    pub budget_total: Option<Decimal>,
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
}

/// Derives all figures.
pub fn compute(data: &ReportData, catalog: &Catalog, settings: &Settings) -> Figures {
    let dp = settings.share_decimals;
    let names = Names {
        functional: catalog.functional(data.unit.year),
        economic: &catalog.economic,
        custom: &data.code_names,
    };
    let inc = &data.income;
    let income = Breakdown::new(
        vec![
            (
                "general_budget",
                "一般公共预算财政拨款收入".into(),
                inc.general_budget.0,
            ),
            (
                "government_fund",
                "政府性基金预算财政拨款收入".into(),
                inc.government_fund.0,
            ),
            (
                "state_capital",
                "国有资本经营预算财政拨款收入".into(),
                inc.state_capital.0,
            ),
            (
                "superior_subsidy",
                "上级补助收入".into(),
                inc.superior_subsidy.0,
            ),
            ("business", "事业收入".into(), inc.business.0),
            ("operating", "经营收入".into(), inc.operating.0),
            (
                "subordinate_remit",
                "附属单位上缴收入".into(),
                inc.subordinate_remit.0,
            ),
            ("other", "其他收入".into(), inc.other.0),
        ],
        dp,
    );

    let items = &data.expenditure;
    let sum = |f: &dyn Fn(&crate::model::ExpenditureItem) -> Decimal| -> Decimal {
        items.iter().map(f).sum()
    };
    let expenditure = Breakdown::new(
        vec![
            ("basic", "基本支出".into(), sum(&|i| i.basic().0)),
            ("project", "项目支出".into(), sum(&|i| i.project.0)),
            (
                "remit_superior",
                "上缴上级支出".into(),
                sum(&|i| i.remit_superior.0),
            ),
            ("operating", "经营支出".into(), sum(&|i| i.operating.0)),
            (
                "subsidy_subordinate",
                "对附属单位补助支出".into(),
                sum(&|i| i.subsidy_subordinate.0),
            ),
        ],
        dp,
    );
    let mut by_fund = FundAmounts::default();
    for i in items {
        by_fund.add(i.fund, i.total().0);
    }

    let opening = fund_amounts(&data.balances.opening);
    let use_nonfiscal = data.balances.use_nonfiscal.0;
    let distribution = data.balances.distribution.0;
    // 年末结转和结余 by fund: opening + income − expenditure (non-fiscal money also
    // takes 使用非财政拨款结余 and gives 结余分配).
    let fiscal_income = FundAmounts {
        general_budget: inc.general_budget.0,
        government_fund: inc.government_fund.0,
        state_capital: inc.state_capital.0,
        other: Decimal::ZERO,
    };
    let other_income = income.total - fiscal_income.fiscal();
    let closing = FundAmounts {
        general_budget: opening.general_budget + fiscal_income.general_budget
            - by_fund.general_budget,
        government_fund: opening.government_fund + fiscal_income.government_fund
            - by_fund.government_fund,
        state_capital: opening.state_capital + fiscal_income.state_capital - by_fund.state_capital,
        other: opening.other + other_income + use_nonfiscal - by_fund.other - distribution,
    };
    let grand_total = income.total + use_nonfiscal + opening.total();
    let grand_total_expenditure_side = expenditure.total + distribution + closing.total();

    let ly = &data.last_year;
    let total_change = Change::new(grand_total, ly.total.map(|m| m.0));

    let mut fiscal_closing = closing.clone();
    fiscal_closing.other = Decimal::ZERO;
    let mut fiscal_opening = opening.clone();
    fiscal_opening.other = Decimal::ZERO;
    let mut fiscal_exp = by_fund.clone();
    fiscal_exp.other = Decimal::ZERO;
    let fiscal_grand = fiscal_income.fiscal() + fiscal_opening.fiscal();
    let fiscal = Fiscal {
        income: fiscal_income,
        expenditure: fiscal_exp,
        opening: fiscal_opening,
        closing: fiscal_closing,
        grand_total: fiscal_grand,
        change: Change::new(fiscal_grand, ly.fiscal_total.map(|m| m.0)),
    };

    let general_budget = general_budget(data, &names, settings, &expenditure);
    let basic = basic(data, &names, settings);
    let three_public = three_public(data, dp);

    let p = &data.procurement;
    let ptotal = p.total().0;
    let procurement = Procurement {
        total: ptotal,
        goods: p.goods.0,
        works: p.works.0,
        services: p.services.0,
        sme: p.sme.0,
        sme_share: percent(p.sme.0, ptotal),
        small_micro: p.small_micro.0,
        small_micro_share: percent(p.small_micro.0, ptotal),
    };

    Figures {
        year: data.unit.year,
        income,
        expenditure,
        expenditure_by_fund: by_fund.clone(),
        use_nonfiscal,
        distribution,
        opening,
        closing,
        grand_total,
        grand_total_expenditure_side,
        total_change,
        fiscal,
        general_budget,
        basic,
        three_public,
        government_fund_expenditure: by_fund.government_fund,
        state_capital_expenditure: by_fund.state_capital,
        operating_expenses: Change::new(
            data.operating_expenses.0,
            ly.operating_expenses.map(|m| m.0),
        ),
        procurement,
        projects_total: data
            .projects
            .iter()
            .filter(|p| p.fund == Fund::GeneralBudget)
            .map(|p| p.amount.0)
            .sum(),
    }
}

fn fund_amounts(s: &crate::model::FundSplit) -> FundAmounts {
    FundAmounts {
        general_budget: s.general_budget.0,
        government_fund: s.government_fund.0,
        state_capital: s.state_capital.0,
        other: s.other.0,
    }
}

fn general_budget(
    data: &ReportData,
    names: &Names,
    settings: &Settings,
    expenditure: &Breakdown,
) -> GeneralBudget {
    let gb: Vec<&crate::model::ExpenditureItem> = data
        .expenditure
        .iter()
        .filter(|i| i.fund == Fund::GeneralBudget)
        .collect();
    let total: Decimal = gb.iter().map(|i| i.total().0).sum();
    let basic: Decimal = gb.iter().map(|i| i.basic().0).sum();
    let project: Decimal = gb.iter().map(|i| i.project.0).sum();

    let rows = functional_rows(&data.expenditure, names, |i| i.fund == Fund::GeneralBudget);
    let class_items: Vec<(&'static str, String, Decimal)> = names
        .functional
        .classes()
        .map(|c| {
            let amount = rows
                .iter()
                .find(|r| r.level == Level::Class && r.code == c.code)
                .map(|r| r.total)
                .unwrap_or_default();
            ("class", c.name.clone(), amount)
        })
        .chain(
            // Classes the catalogue lacks (custom codes) still count.
            rows.iter()
                .filter(|r| r.level == Level::Class && !names.functional.contains(&r.code))
                .map(|r| ("class", r.name.clone(), r.total)),
        )
        .collect();
    let by_class = Breakdown::new(class_items, settings.share_decimals);

    let budget_of = |b: Option<crate::model::Money>, bi: Option<crate::model::Money>| match settings
        .completion_basis
    {
        CompletionBasis::Adjusted => b.or(bi),
        CompletionBasis::Initial => bi.or(b),
    };
    let mut lines = Vec::new();
    let mut budget_total: Option<Decimal> = None;
    for r in rows.iter().filter(|r| r.level == Level::Xiang) {
        let mut budget: Option<Decimal> = None;
        let mut reason = None;
        for i in gb.iter().filter(|i| i.code == r.code) {
            if let Some(b) = budget_of(i.budget, i.budget_initial) {
                budget = Some(budget.unwrap_or_default() + b.0);
            }
            if reason.is_none() {
                reason = i.reason.clone();
            }
        }
        if let Some(b) = budget {
            budget_total = Some(budget_total.unwrap_or_default() + b);
        }
        let class_code = &r.code[..3.min(r.code.len())];
        let kuan_code = &r.code[..5.min(r.code.len())];
        lines.push(XiangLine {
            code: r.code.clone(),
            class_name: names.functional_name(class_code).unwrap_or_default(),
            kuan_name: names.functional_name(kuan_code).unwrap_or_default(),
            name: r.name.clone(),
            amount: r.total,
            budget,
            completion: budget.and_then(|b| percent(r.total, b)),
            reason,
        });
    }
    GeneralBudget {
        total,
        basic,
        project,
        share_of_expenditure: percent(total, expenditure.total),
        change: Change::new(
            total,
            data.last_year.general_budget_expenditure.map(|m| m.0),
        ),
        by_class,
        lines,
        budget_total,
        completion: budget_total.and_then(|b| percent(total, b)),
    }
}

fn basic(data: &ReportData, names: &Names, settings: &Settings) -> Basic {
    let rows = economic_rows(&data.basic_economic, names);
    let is_personnel = |code: &str| code.starts_with("301") || code.starts_with("303");
    let mut personnel_items = Vec::new();
    let mut public_items = Vec::new();
    // With `list_zero_economic`, list every 款 of the groups the seed lists (301, 303;
    // 302, 310), zeros included, in code order; otherwise only the items incurred.
    if settings.list_zero_economic {
        for e in names
            .economic
            .entries()
            .iter()
            .filter(|e| e.code.len() == 5)
        {
            let amount = data
                .basic_economic
                .get(&e.code)
                .map(|m| m.0)
                .unwrap_or_default();
            let listed_group = ["301", "302", "303", "310"].contains(&&e.code[..3]);
            if !listed_group && amount.is_zero() {
                continue;
            }
            let item = EconItem {
                code: e.code.clone(),
                name: e.name.clone(),
                amount,
            };
            if is_personnel(&e.code) {
                personnel_items.push(item);
            } else {
                public_items.push(item);
            }
        }
        // Custom codes not in the catalogue.
        for r in rows
            .iter()
            .filter(|r| r.code.len() == 5 && !names.economic.contains(&r.code))
        {
            let item = EconItem {
                code: r.code.clone(),
                name: r.name.clone(),
                amount: r.amount,
            };
            if is_personnel(&r.code) {
                personnel_items.push(item);
            } else {
                public_items.push(item);
            }
        }
    } else {
        for r in rows
            .iter()
            .filter(|r| r.code.len() == 5 && !r.amount.is_zero())
        {
            let item = EconItem {
                code: r.code.clone(),
                name: r.name.clone(),
                amount: r.amount,
            };
            if is_personnel(&r.code) {
                personnel_items.push(item);
            } else {
                public_items.push(item);
            }
        }
    }
    let personnel: Decimal = data
        .basic_economic
        .iter()
        .filter(|(c, _)| is_personnel(c))
        .map(|(_, m)| m.0)
        .sum();
    let public: Decimal = data
        .basic_economic
        .iter()
        .filter(|(c, _)| !is_personnel(c))
        .map(|(_, m)| m.0)
        .sum();
    Basic {
        total: personnel + public,
        personnel,
        public,
        personnel_items,
        public_items,
    }
}

fn three_public(data: &ReportData, dp: u32) -> ThreePublic {
    let tp = &data.three_public;
    let actual = TpAmounts::from(&tp.actual());
    let budget = TpAmounts::from(&tp.budget);
    let last = data.last_year.three_public.as_ref().map(TpAmounts::from);
    let split = Breakdown::new(
        vec![
            ("abroad", "因公出国（境）费".into(), actual.abroad),
            ("vehicle", "公务用车购置及运行维护费".into(), actual.vehicle),
            ("reception", "公务接待费".into(), actual.reception),
        ],
        dp,
    );
    ThreePublic {
        completion: percent(actual.total, budget.total),
        completion_abroad: percent(actual.abroad, budget.abroad),
        completion_vehicle: percent(actual.vehicle, budget.vehicle),
        completion_reception: percent(actual.reception, budget.reception),
        split,
        change: Change::new(actual.total, last.as_ref().map(|l| l.total)),
        change_abroad: Change::new(actual.abroad, last.as_ref().map(|l| l.abroad)),
        change_vehicle: Change::new(actual.vehicle, last.as_ref().map(|l| l.vehicle)),
        change_reception: Change::new(actual.reception, last.as_ref().map(|l| l.reception)),
        actual,
        budget,
    }
}
