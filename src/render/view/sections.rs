//! The views of the sections of 第二部分 that need more than a total and a change:
//! 五 (一般公共预算), 六 (基本支出), 七 (“三公”经费) and 十 (其他重要事项).

use rust_decimal::Decimal;

use super::{
    adds_up, breakdown, reason, sentence_body, vs_budget, BasicView, CountView, GeneralBudgetView,
    ItemView, LineView, OtherView, PerfView, ThreePublicView, TotalView, TpItemView,
};
use crate::compute::Figures;
use crate::format::Fmt;
use crate::model::ReportData;
use crate::render::appendix::AppendixView;

/// 五、一般公共预算财政拨款支出决算情况.
pub(super) fn general_budget(f: &Fmt, data: &ReportData, fig: &Figures) -> GeneralBudgetView {
    let gb = &fig.general_budget;
    let r = &data.reasons;
    // The basis all lines with a completion share, named once before the list.
    let bases: Vec<_> = gb.lines.iter().filter_map(|l| l.basis).collect();
    let shared = bases
        .first()
        .copied()
        .filter(|b| bases.iter().all(|x| x == b));
    let lines = gb
        .lines
        .iter()
        .enumerate()
        .map(|(n, l)| LineView {
            n: n + 1,
            class_name: l.class_name.clone(),
            kuan_name: l.kuan_name.clone(),
            name: l.name.clone(),
            amount: f.wan(l.amount),
            has_completion: l.completion.is_some(),
            completion: l.completion.map(|c| f.rate(c)).unwrap_or_default(),
            vs_budget: vs_budget(f, Some(l.amount), l.budget),
            reason: reason(l.reason.as_deref()),
            basis: match (shared, l.basis) {
                (None, Some(b)) => b.word().to_string(),
                _ => String::new(),
            },
        })
        .collect();
    GeneralBudgetView {
        total: f.wan(gb.total),
        zero: gb.total.is_zero(),
        share_of_expenditure: gb
            .share_of_expenditure
            .map(|p| f.ratio(p))
            .unwrap_or_else(|| "0".into()),
        change: f.change(&gb.change),
        reason: reason(r.general_budget_change.as_deref()),
        by_class: breakdown(f, &gb.by_class),
        lines_rounding: !adds_up(f, gb.total, gb.lines.iter().map(|l| l.amount)),
        lines_basis: shared.map(|b| b.word().to_string()).unwrap_or_default(),
        lines,
        has_completion: gb.completion.is_some(),
        completion: gb.completion.map(|c| f.rate(c)).unwrap_or_default(),
        basis: gb.basis.map(|b| b.word().to_string()).unwrap_or_default(),
        vs_budget: vs_budget(f, Some(gb.total), gb.budget_total),
        reason_vs_budget: reason(r.general_budget_vs_budget.as_deref()),
    }
}

/// 六、一般公共预算财政拨款基本支出决算情况.
pub(super) fn basic(f: &Fmt, fig: &Figures) -> BasicView {
    let b = &fig.basic;
    let item = |i: &crate::compute::EconItem| ItemView {
        code: i.code.clone(),
        label: i.name.clone(),
        amount: f.wan(i.amount),
        zero: i.amount.is_zero(),
    };
    BasicView {
        total: f.wan(b.total),
        personnel: f.wan(b.personnel),
        public: f.wan(b.public),
        rounding: !adds_up(f, b.total, [b.personnel, b.public]),
        personnel_rounding: !adds_up(f, b.personnel, b.personnel_items.iter().map(|i| i.amount)),
        public_rounding: !adds_up(f, b.public, b.public_items.iter().map(|i| i.amount)),
        personnel_items: b.personnel_items.iter().map(item).collect(),
        public_items: b.public_items.iter().map(item).collect(),
    }
}

/// 七、财政拨款“三公”经费支出决算情况.
pub(super) fn three_public(f: &Fmt, data: &ReportData, fig: &Figures) -> ThreePublicView {
    let tp = &fig.three_public;
    let d = &data.three_public;
    let tp_item = |amount, budget, completion: Option<Decimal>, change| TpItemView {
        amount: f.wan(amount),
        zero: amount.is_zero(),
        has_completion: completion.is_some() && !Decimal::is_zero(&budget),
        completion: completion.map(|c| f.rate(c)).unwrap_or_default(),
        change: f.change(change),
    };
    ThreePublicView {
        total: f.wan(tp.actual.total),
        zero: tp.actual.total.is_zero(),
        budget_total: f.wan(tp.budget.total),
        has_completion: tp.completion.is_some(),
        completion: tp.completion.map(|c| f.rate(c)).unwrap_or_default(),
        vs_budget: vs_budget(f, Some(tp.actual.total), Some(tp.budget.total)),
        reason_budget: reason(d.reason_budget.as_deref()),
        change: f.change(&tp.change),
        reason_change: reason(d.reason_change.as_deref()),
        basis: crate::model::CompletionBasis::Adjusted.word().to_string(),
        split: breakdown(f, &tp.split),
        vehicle_rounding: !adds_up(
            f,
            tp.actual.vehicle,
            [tp.actual.vehicle_purchase, tp.actual.vehicle_operation],
        ),
        reception_rounding: !adds_up(
            f,
            tp.actual.reception,
            [d.reception.domestic.amount.0, d.reception.foreign.amount.0],
        ),
        abroad: tp_item(
            tp.actual.abroad,
            tp.budget.abroad,
            tp.completion_abroad,
            &tp.change_abroad,
        ),
        vehicle: tp_item(
            tp.actual.vehicle,
            tp.budget.vehicle,
            tp.completion_vehicle,
            &tp.change_vehicle,
        ),
        reception: tp_item(
            tp.actual.reception,
            tp.budget.reception,
            tp.completion_reception,
            &tp.change_reception,
        ),
        abroad_groups: d.abroad.groups,
        abroad_persons: d.abroad.persons,
        vehicle_purchase: f.wan(tp.actual.vehicle_purchase),
        vehicle_operation: f.wan(tp.actual.vehicle_operation),
        bought_count: fig.counts.vehicles_bought,
        bought_sedan: d.vehicle_purchase.sedan.count,
        bought_sedan_amount: f.wan(d.vehicle_purchase.sedan.amount.0),
        bought_suv: d.vehicle_purchase.suv.count,
        bought_suv_amount: f.wan(d.vehicle_purchase.suv.amount.0),
        bought_bus: d.vehicle_purchase.bus.count,
        bought_bus_amount: f.wan(d.vehicle_purchase.bus.amount.0),
        fleet_total: fig.counts.fleet,
        fleet_sedan: d.fleet.sedan,
        fleet_suv: d.fleet.suv,
        fleet_bus: d.fleet.bus,
        domestic_amount: f.wan(d.reception.domestic.amount.0),
        domestic_batches: d.reception.domestic.batches,
        domestic_persons: d.reception.domestic.persons,
        foreign_amount: f.wan(d.reception.foreign.amount.0),
        foreign_batches: d.reception.foreign.batches,
        foreign_persons: d.reception.foreign.persons,
    }
}

/// 十、其他重要事项的情况说明.
pub(super) fn other(f: &Fmt, data: &ReportData, fig: &Figures, annex: &AppendixView) -> OtherView {
    let p = &fig.procurement;
    let v = &data.assets.vehicles;
    let mut vehicles = vec![
        CountView {
            label: "主要领导干部用车".into(),
            count: v.leader,
        },
        CountView {
            label: "机要通信用车".into(),
            count: v.confidential,
        },
        CountView {
            label: "应急保障用车".into(),
            count: v.emergency,
        },
    ];
    if v.law_enforcement > 0 {
        vehicles.push(CountView {
            label: "执法执勤用车".into(),
            count: v.law_enforcement,
        });
    }
    if v.special > 0 {
        vehicles.push(CountView {
            label: "特种专业技术用车".into(),
            count: v.special,
        });
    }
    vehicles.push(CountView {
        label: "其他用车".into(),
        count: v.other,
    });
    OtherView {
        operating: TotalView {
            total: f.wan(fig.operating_expenses.current),
            change: f.change(&fig.operating_expenses),
            reason: reason(data.reasons.operating_expenses_change.as_deref()),
        },
        operating_zero: fig.operating_expenses.current.is_zero(),
        administrative: data.unit.unit_type.is_administrative(),
        procurement_total: f.wan(p.total),
        procurement_zero: p.total.is_zero(),
        procurement_rounding: !adds_up(f, p.total, [p.goods, p.works, p.services]),
        goods: f.wan(p.goods),
        works: f.wan(p.works),
        services: f.wan(p.services),
        sme: f.wan(p.sme),
        sme_share: p
            .sme_share
            .map(|s| f.ratio(s))
            .unwrap_or_else(|| "0".into()),
        small_micro: f.wan(p.small_micro),
        small_micro_share: p
            .small_micro_share
            .map(|s| f.ratio(s))
            .unwrap_or_else(|| "0".into()),
        vehicles_total: fig.counts.vehicles,
        vehicles,
        equipment_over_1m: data.assets.equipment_over_1m,
        perf: perf(data, annex),
    }
}

/// 十(四) 预算绩效管理: the projects by kind of performance work, the reports attached
/// in 第四部分 (the same list the 附件 print), the score.
fn perf(data: &ReportData, annex: &AppendixView) -> PerfView {
    let names_where = |pred: fn(&crate::model::Project) -> bool| -> Vec<String> {
        data.projects
            .iter()
            .filter(|p| pred(p))
            .map(|p| p.name.clone())
            .collect()
    };
    PerfView {
        pre_assessment: names_where(|p| p.pre_assessment),
        goals: names_where(|p| p.goals),
        monitoring: names_where(|p| p.monitoring),
        unit_report: annex.unit.is_some(),
        project_reports: annex.projects.iter().map(|p| p.name.clone()).collect(),
        has_annex: !annex.empty,
        has_score: data.performance.overall_score.is_some(),
        score: data
            .performance
            .overall_score
            .map(|s| s.normalize().to_string())
            .unwrap_or_default(),
        summary: sentence_body(&super::paragraphs(&data.performance.overall_summary).join("")),
    }
}
