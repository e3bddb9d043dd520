//! The whole-unit totals: income and expenditure by source and nature, by fund, the
//! balances (年末结转和结余 by fund, 收支总计), 财政拨款 and 政府采购.

use rust_decimal::Decimal;

use super::{percent, Breakdown, Fiscal, FundAmounts, Procurement};
use crate::catalog::Names;
use crate::model::{ExpenditureItem, Income, ReportData};

/// 本年收入 by the 8 sources of the 收入决算表.
pub(super) fn income(inc: &Income, dp: u32) -> Breakdown {
    Breakdown::new(
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
    )
}

/// 本年支出 by the 5 natures.
pub(super) fn expenditure(items: &[ExpenditureItem], dp: u32) -> Breakdown {
    let sum = |f: &dyn Fn(&ExpenditureItem) -> Decimal| -> Decimal { items.iter().map(f).sum() };
    Breakdown::new(
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
    )
}

/// 本年支出 by fund.
pub(super) fn by_fund(items: &[ExpenditureItem]) -> FundAmounts {
    let mut by_fund = FundAmounts::default();
    for i in items {
        by_fund.add(i.fund, i.total().0);
    }
    by_fund
}

/// Opening and closing balances and the two sides' 总计.
pub(super) struct Balances {
    pub opening: FundAmounts,
    pub closing: FundAmounts,
    /// Fiscal income by fund (other = 0).
    pub fiscal_income: FundAmounts,
    pub grand_total: Decimal,
    pub grand_total_expenditure_side: Decimal,
}

/// 年末结转和结余 by fund: opening + income − expenditure (non-fiscal money also takes
/// 使用非财政拨款结余 and gives 结余分配).
pub(super) fn balances(
    data: &ReportData,
    income: &Breakdown,
    expenditure: &Breakdown,
    by_fund: &FundAmounts,
) -> Balances {
    let inc = &data.income;
    let opening = fund_amounts(&data.balances.opening);
    let use_nonfiscal = data.balances.use_nonfiscal.0;
    let distribution = data.balances.distribution.0;
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
    Balances {
        grand_total: income.total + use_nonfiscal + opening.total(),
        grand_total_expenditure_side: expenditure.total + distribution + closing.total(),
        opening,
        closing,
        fiscal_income,
    }
}

/// 财政拨款 figures: the fiscal funds' income, spending and balances.
pub(super) fn fiscal(data: &ReportData, b: &Balances, by_fund: &FundAmounts) -> Fiscal {
    let mut closing = b.closing.clone();
    closing.other = Decimal::ZERO;
    let mut opening = b.opening.clone();
    opening.other = Decimal::ZERO;
    let mut expenditure = by_fund.clone();
    expenditure.other = Decimal::ZERO;
    let grand_total = b.fiscal_income.fiscal() + opening.fiscal();
    Fiscal {
        income: b.fiscal_income.clone(),
        expenditure,
        opening,
        closing,
        grand_total,
        change: super::Change::new(grand_total, data.last_year.fiscal_total.map(|m| m.0)),
    }
}

/// 政府采购 with the 中小企业 shares.
pub(super) fn procurement(p: &crate::model::Procurement) -> Procurement {
    let total = p.total().0;
    Procurement {
        total,
        goods: p.goods.0,
        works: p.works.0,
        services: p.services.0,
        sme: p.sme.0,
        sme_share: percent(p.sme.0, total),
        small_micro: p.small_micro.0,
        small_micro_share: percent(p.small_micro.0, total),
    }
}

/// 功能分类 项 codes with spending, each once, in catalogue order.
pub(super) fn used_xiang(data: &ReportData, names: &Names) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut codes: Vec<&str> = data
        .expenditure
        .iter()
        .filter(|i| !i.total().is_zero())
        .map(|i| i.code.as_str())
        .filter(|c| seen.insert(*c))
        .collect();
    codes.sort_by_key(|c| (names.functional.order(c), c.to_string()));
    codes.into_iter().map(str::to_string).collect()
}

fn fund_amounts(s: &crate::model::FundSplit) -> FundAmounts {
    FundAmounts {
        general_budget: s.general_budget.0,
        government_fund: s.government_fund.0,
        state_capital: s.state_capital.0,
        other: s.other.0,
    }
}
