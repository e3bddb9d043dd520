//! The figures of sections 五 (一般公共预算财政拨款支出), 六 (基本支出) and 七 (“三公”
//! 经费).

use rust_decimal::Decimal;

use super::{
    economic_rows, functional_rows, percent, Basic, Breakdown, Change, EconItem, GeneralBudget,
    Level, ThreePublic, TpAmounts, XiangLine,
};
use crate::catalog::Names;
use crate::model::{CompletionBasis, Fund, ReportData, Settings};

pub(super) fn general_budget(
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

    let preferred = settings.completion_basis;
    let other = match preferred {
        CompletionBasis::Adjusted => CompletionBasis::Initial,
        CompletionBasis::Initial => CompletionBasis::Adjusted,
    };
    // The budget of one expenditure item under the basis (falling back to the other).
    let budget_of = |i: &crate::model::ExpenditureItem| match preferred {
        CompletionBasis::Adjusted => i
            .budget
            .map(|b| (b.0, preferred))
            .or(i.budget_initial.map(|b| (b.0, other))),
        CompletionBasis::Initial => i
            .budget_initial
            .map(|b| (b.0, preferred))
            .or(i.budget.map(|b| (b.0, other))),
    };
    let mut lines = Vec::new();
    for r in rows.iter().filter(|r| r.level == Level::Xiang) {
        let mut budget: Option<Decimal> = None;
        let mut basis: Option<CompletionBasis> = None;
        let mut reason = None;
        for i in gb.iter().filter(|i| i.code == r.code) {
            if let Some((b, used)) = budget_of(i) {
                budget = Some(budget.unwrap_or_default() + b);
                // One item on the fallback makes the line's sum a fallback figure.
                if basis.is_none() || used == other {
                    basis = Some(used);
                }
            }
            if reason.is_none() {
                reason = i.reason.clone();
            }
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
            basis,
            completion: budget.and_then(|b| percent(r.total, b)),
            reason,
        });
    }
    // The total's budget is a sum of one kind of budget only.
    let bases: Vec<CompletionBasis> = lines.iter().filter_map(|l| l.basis).collect();
    let basis = bases
        .first()
        .copied()
        .filter(|b| bases.iter().all(|x| x == b));
    let budget_total: Option<Decimal> = basis.map(|_| lines.iter().filter_map(|l| l.budget).sum());
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
        basis,
        completion: budget_total.and_then(|b| percent(total, b)),
    }
}

pub(super) fn basic(data: &ReportData, names: &Names, settings: &Settings) -> Basic {
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

pub(super) fn three_public(data: &ReportData, dp: u32) -> ThreePublic {
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
