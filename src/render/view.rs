//! The view model handed to templates: ready strings (amounts in 万元, percentages, the
//! chosen words) beside flags. Templates format nothing and compute nothing.

use serde::Serialize;

use crate::catalog::{Catalog, Names};
use crate::compute::{Breakdown, Figures};
use crate::model::{ReportData, Settings, TableUnit};

use super::format::ChangeView;
use crate::format::Fmt;

/// A part of a whole as printed: label, 万元, share.
#[derive(Debug, Clone, Serialize)]
pub struct PartView {
    pub key: String,
    pub label: String,
    pub amount: String,
    pub share: String,
    pub zero: bool,
}

/// An amount with its label (no share).
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub code: String,
    pub label: String,
    pub amount: String,
    pub zero: bool,
}

/// One 项 line of section 五(三).
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    pub n: usize,
    pub class_name: String,
    pub kuan_name: String,
    pub name: String,
    pub amount: String,
    pub has_completion: bool,
    pub completion: String,
    /// `more` (决算 > 预算), `less`, `equal`, `none` (no budget).
    pub vs_budget: &'static str,
    pub reason: String,
}

/// A 名词解释 entry.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryView {
    pub n: usize,
    pub term: String,
    pub text: String,
}

/// Everything the templates see (besides `settings`).
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub unit: UnitView,
    pub overview: OverviewView,
    pub s1: TotalView,
    pub s2: BreakdownView,
    pub s3: BreakdownView,
    pub s4: TotalView,
    pub s5: GeneralBudgetView,
    pub s6: BasicView,
    pub s7: ThreePublicView,
    pub s8: FundView,
    pub s9: FundView,
    pub s10: OtherView,
    pub glossary: Vec<GlossaryView>,
    pub charts: ChartsView,
    pub document: DocumentView,
    /// 第四部分 附件: the performance reports.
    pub appendix: super::appendix::AppendixView,
    /// 第五部分 附表.
    pub tables: super::tables::TablesView,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub name: String,
    pub short_name: String,
    /// 部门 / 单位.
    pub kind: String,
    pub unit_type: String,
    pub region: String,
    pub year: i32,
    pub prev_year: i32,
    /// e.g. 2023年度攀枝花市东区融媒体中心部门决算.
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverviewView {
    pub duties: Vec<String>,
    pub secondary_total: u32,
    pub secondary_administrative: u32,
    pub secondary_civil: u32,
    pub secondary_other: u32,
    pub included_units: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TotalView {
    pub total: String,
    pub change: ChangeView,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BreakdownView {
    pub total: String,
    pub parts: Vec<PartView>,
    pub all_zero: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GeneralBudgetView {
    pub total: String,
    pub zero: bool,
    pub share_of_expenditure: String,
    pub change: ChangeView,
    pub reason: String,
    pub by_class: BreakdownView,
    pub lines: Vec<LineView>,
    pub has_completion: bool,
    pub completion: String,
    pub vs_budget: &'static str,
    pub reason_vs_budget: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BasicView {
    pub total: String,
    pub personnel: String,
    pub public: String,
    pub personnel_items: Vec<ItemView>,
    pub public_items: Vec<ItemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThreePublicView {
    pub total: String,
    pub zero: bool,
    pub budget_total: String,
    pub has_completion: bool,
    pub completion: String,
    pub vs_budget: &'static str,
    pub reason_budget: String,
    pub change: ChangeView,
    pub reason_change: String,
    pub split: BreakdownView,
    pub abroad: TpItemView,
    pub vehicle: TpItemView,
    pub reception: TpItemView,
    pub abroad_groups: u32,
    pub abroad_persons: u32,
    pub vehicle_purchase: String,
    pub vehicle_operation: String,
    pub bought_count: u32,
    pub bought_sedan: u32,
    pub bought_sedan_amount: String,
    pub bought_suv: u32,
    pub bought_suv_amount: String,
    pub bought_bus: u32,
    pub bought_bus_amount: String,
    pub fleet_total: u32,
    pub fleet_sedan: u32,
    pub fleet_suv: u32,
    pub fleet_bus: u32,
    pub domestic_amount: String,
    pub domestic_batches: u32,
    pub domestic_persons: u32,
    pub foreign_amount: String,
    pub foreign_batches: u32,
    pub foreign_persons: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TpItemView {
    pub amount: String,
    pub zero: bool,
    pub has_completion: bool,
    pub completion: String,
    pub change: ChangeView,
}

#[derive(Debug, Clone, Serialize)]
pub struct FundView {
    pub amount: String,
    pub zero: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct OtherView {
    pub operating: TotalView,
    pub operating_zero: bool,
    pub administrative: bool,
    pub procurement_total: String,
    pub procurement_zero: bool,
    pub goods: String,
    pub works: String,
    pub services: String,
    pub sme: String,
    pub sme_share: String,
    pub small_micro: String,
    pub small_micro_share: String,
    pub vehicles_total: u32,
    pub vehicles: Vec<CountView>,
    pub equipment_over_1m: u32,
    pub perf: PerfView,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountView {
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PerfView {
    pub pre_assessment: Vec<String>,
    pub goals: Vec<String>,
    pub monitoring: Vec<String>,
    pub self_evaluation: Vec<String>,
    pub has_score: bool,
    pub score: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ChartsView {
    /// Figure file names present in the render (`fig1.svg` …), by number.
    pub fig1: bool,
    pub fig2: bool,
    pub fig3: bool,
    pub fig4: bool,
    pub fig5: bool,
    pub fig6: bool,
    pub fig7: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub table_unit: String,
}

/// Builds the view from the data and its figures.
/// `template_dir` is the folder overriding the built-in templates (the table set is part
/// of the template set).
pub fn build(
    data: &ReportData,
    fig: &Figures,
    catalog: &Catalog,
    settings: &Settings,
    template_dir: Option<&std::path::Path>,
) -> View {
    let f = settings.fmt();
    let u = &data.unit;
    let kind = u.kind.word().to_string();
    let unit = UnitView {
        name: u.name.clone(),
        short_name: u.short_name.clone().unwrap_or_else(|| u.name.clone()),
        kind: kind.clone(),
        unit_type: serde_yaml::to_string(&u.unit_type)
            .unwrap_or_default()
            .trim()
            .to_string(),
        region: u.region.clone(),
        year: u.year,
        prev_year: u.year - 1,
        title: format!("{}年度{}{}决算", u.year, u.name, kind),
    };
    let o = &data.overview;
    let su = &o.secondary_units;
    let overview = OverviewView {
        duties: paragraphs(&o.duties),
        secondary_total: su.administrative + su.civil_servant_managed + su.other_institutions,
        secondary_administrative: su.administrative,
        secondary_civil: su.civil_servant_managed,
        secondary_other: su.other_institutions,
        included_units: o.included_units.clone(),
    };
    let r = &data.reasons;
    let s1 = TotalView {
        total: f.wan(fig.grand_total),
        change: f.change(&fig.total_change),
        reason: text(&r.total_change),
    };
    let s4 = TotalView {
        total: f.wan(fig.fiscal.grand_total),
        change: f.change(&fig.fiscal.change),
        reason: text(&r.fiscal_change),
    };
    let gb = &fig.general_budget;
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
            vs_budget: vs_budget(&f, Some(l.amount), l.budget),
            reason: l.reason.clone().unwrap_or_default(),
        })
        .collect();
    let s5 = GeneralBudgetView {
        total: f.wan(gb.total),
        zero: gb.total.is_zero(),
        share_of_expenditure: gb
            .share_of_expenditure
            .map(|p| f.ratio(p))
            .unwrap_or_else(|| "0".into()),
        change: f.change(&gb.change),
        reason: text(&r.general_budget_change),
        by_class: breakdown(&f, &gb.by_class),
        lines,
        has_completion: gb.completion.is_some(),
        completion: gb.completion.map(|c| f.rate(c)).unwrap_or_default(),
        vs_budget: vs_budget(&f, Some(gb.total), gb.budget_total),
        reason_vs_budget: text(&r.general_budget_vs_budget),
    };
    let b = &fig.basic;
    let item = |i: &crate::compute::EconItem| ItemView {
        code: i.code.clone(),
        label: i.name.clone(),
        amount: f.wan(i.amount),
        zero: i.amount.is_zero(),
    };
    let s6 = BasicView {
        total: f.wan(b.total),
        personnel: f.wan(b.personnel),
        public: f.wan(b.public),
        personnel_items: b.personnel_items.iter().map(item).collect(),
        public_items: b.public_items.iter().map(item).collect(),
    };
    let tp = &fig.three_public;
    let d = &data.three_public;
    let tp_item = |amount, budget, completion: Option<rust_decimal::Decimal>, change| TpItemView {
        amount: f.wan(amount),
        zero: amount.is_zero(),
        has_completion: completion.is_some() && !rust_decimal::Decimal::is_zero(&budget),
        completion: completion.map(|c| f.rate(c)).unwrap_or_default(),
        change: f.change(change),
    };
    let s7 = ThreePublicView {
        total: f.wan(tp.actual.total),
        zero: tp.actual.total.is_zero(),
        budget_total: f.wan(tp.budget.total),
        has_completion: tp.completion.is_some(),
        completion: tp.completion.map(|c| f.rate(c)).unwrap_or_default(),
        vs_budget: vs_budget(&f, Some(tp.actual.total), Some(tp.budget.total)),
        reason_budget: text(&d.reason_budget),
        change: f.change(&tp.change),
        reason_change: text(&d.reason_change),
        split: breakdown(&f, &tp.split),
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
        bought_count: d.vehicle_purchase.count(),
        bought_sedan: d.vehicle_purchase.sedan.count,
        bought_sedan_amount: f.wan(d.vehicle_purchase.sedan.amount.0),
        bought_suv: d.vehicle_purchase.suv.count,
        bought_suv_amount: f.wan(d.vehicle_purchase.suv.amount.0),
        bought_bus: d.vehicle_purchase.bus.count,
        bought_bus_amount: f.wan(d.vehicle_purchase.bus.amount.0),
        fleet_total: d.fleet.total(),
        fleet_sedan: d.fleet.sedan,
        fleet_suv: d.fleet.suv,
        fleet_bus: d.fleet.bus,
        domestic_amount: f.wan(d.reception.domestic.amount.0),
        domestic_batches: d.reception.domestic.batches,
        domestic_persons: d.reception.domestic.persons,
        foreign_amount: f.wan(d.reception.foreign.amount.0),
        foreign_batches: d.reception.foreign.batches,
        foreign_persons: d.reception.foreign.persons,
    };
    let s8 = FundView {
        amount: f.wan(fig.government_fund_expenditure),
        zero: fig.government_fund_expenditure.is_zero(),
    };
    let s9 = FundView {
        amount: f.wan(fig.state_capital_expenditure),
        zero: fig.state_capital_expenditure.is_zero(),
    };
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
    let names_where = |pred: fn(&crate::model::Project) -> bool| -> Vec<String> {
        data.projects
            .iter()
            .filter(|p| pred(p))
            .map(|p| p.name.clone())
            .collect()
    };
    let perf = PerfView {
        pre_assessment: names_where(|p| p.pre_assessment),
        goals: names_where(|p| p.goals),
        monitoring: names_where(|p| p.monitoring),
        self_evaluation: names_where(|p| p.self_evaluation),
        has_score: data.performance.overall_score.is_some(),
        score: data
            .performance
            .overall_score
            .map(|s| s.normalize().to_string())
            .unwrap_or_default(),
        summary: data
            .performance
            .overall_summary
            .trim()
            .trim_end_matches(['。', '.'])
            .to_string(),
    };
    let s10 = OtherView {
        operating: TotalView {
            total: f.wan(fig.operating_expenses.current),
            change: f.change(&fig.operating_expenses),
            reason: text(&r.operating_expenses_change),
        },
        operating_zero: fig.operating_expenses.current.is_zero(),
        administrative: u.unit_type.is_administrative(),
        procurement_total: f.wan(p.total),
        procurement_zero: p.total.is_zero(),
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
        vehicles_total: v.total(),
        vehicles,
        equipment_over_1m: data.assets.equipment_over_1m,
        perf,
    };
    let names = Names {
        functional: catalog.functional(u.year),
        economic: &catalog.economic,
        custom: &data.code_names,
    };
    let glossary = glossary(data, fig, catalog, &names);
    let (year, month, day) = document_date(settings, u.year);
    View {
        unit,
        overview,
        s1,
        s2: breakdown(&f, &fig.income),
        s3: breakdown(&f, &fig.expenditure),
        s4,
        s5,
        s6,
        s7,
        s8,
        s9,
        s10,
        glossary,
        charts: ChartsView::default(),
        appendix: super::appendix::build(data, fig, settings),
        tables: super::tables::build_in(template_dir, data, fig, catalog, settings),
        document: DocumentView {
            year,
            month,
            day,
            table_unit: match settings.table_unit {
                TableUnit::Yuan => "元".into(),
                TableUnit::TenThousand => "万元".into(),
            },
        },
    }
}

fn breakdown(f: &Fmt, b: &Breakdown) -> BreakdownView {
    BreakdownView {
        total: f.wan(b.total),
        all_zero: b.total.is_zero(),
        parts: b
            .parts
            .iter()
            .map(|p| PartView {
                key: p.key.to_string(),
                label: p.label.clone(),
                amount: f.wan(p.amount),
                share: f.share(p.share),
                zero: p.amount.is_zero(),
            })
            .collect(),
    }
}

/// Compares 决算 with 预算 at display precision.
fn vs_budget(
    f: &Fmt,
    actual: Option<rust_decimal::Decimal>,
    budget: Option<rust_decimal::Decimal>,
) -> &'static str {
    match (actual, budget) {
        (Some(a), Some(b)) => {
            let (a, b) = (f.wan(a), f.wan(b));
            let (a, b): (rust_decimal::Decimal, rust_decimal::Decimal) =
                (a.parse().unwrap_or_default(), b.parse().unwrap_or_default());
            if a > b {
                "more"
            } else if a < b {
                "less"
            } else {
                "equal"
            }
        }
        _ => "none",
    }
}

/// Splits a supplied text into paragraphs (blank lines separate them); single newlines
/// inside a paragraph are joined.
pub fn paragraphs(s: &str) -> Vec<String> {
    s.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(""))
        .filter(|p| !p.is_empty())
        .collect()
}

fn text(s: &Option<String>) -> String {
    s.as_deref()
        .map(|t| paragraphs(t).join(""))
        .unwrap_or_default()
        .trim_end_matches(['。', '.'])
        .to_string()
}

/// The 名词解释: standard entries, one per 功能分类 项 used, then the closing entries.
fn glossary(
    data: &ReportData,
    fig: &Figures,
    catalog: &Catalog,
    names: &Names,
) -> Vec<GlossaryView> {
    let mut out = Vec::new();
    let g = &catalog.glossary;
    let has_income = |key: &str| !fig.income.get(key).is_zero();
    for e in &g.before_items {
        if e.optional && !has_income(optional_key(&e.term)) {
            continue;
        }
        out.push((e.term.clone(), e.text.clone()));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut codes: Vec<&str> = data
        .expenditure
        .iter()
        .filter(|i| !i.total().is_zero())
        .map(|i| i.code.as_str())
        .filter(|c| seen.insert(*c))
        .collect();
    codes.sort_by_key(|c| (names.functional.order(c), c.to_string()));
    for code in codes {
        if code.len() != 7 {
            continue;
        }
        let class = names.functional_name(&code[..3]).unwrap_or_default();
        let kuan = names.functional_name(&code[..5]).unwrap_or_default();
        let xiang = names.functional_name(code).unwrap_or_default();
        let def = names
            .functional
            .get(code)
            .and_then(|e| e.definition.clone())
            .unwrap_or_else(|| format!("反映{xiang}方面的支出。"));
        out.push((format!("{class}（类）{kuan}（款）{xiang}（项）"), def));
    }
    for e in &g.after_items {
        if e.optional && !has_expenditure(fig, optional_key(&e.term)) {
            continue;
        }
        out.push((e.term.clone(), e.text.clone()));
    }
    out.into_iter()
        .enumerate()
        .map(|(i, (term, text))| GlossaryView {
            n: i + 1,
            term,
            text,
        })
        .collect()
}

fn optional_key(term: &str) -> &'static str {
    match term {
        "上级补助收入" => "superior_subsidy",
        "附属单位上缴收入" => "subordinate_remit",
        "上缴上级支出" => "remit_superior",
        "对附属单位补助支出" => "subsidy_subordinate",
        _ => "",
    }
}

fn has_expenditure(fig: &Figures, key: &str) -> bool {
    !fig.expenditure.get(key).is_zero()
}

/// The document date: the setting, else 12月31日 of the year after the reported year
/// (fixed, so output is reproducible).
fn document_date(settings: &Settings, year: i32) -> (i32, u32, u32) {
    if let Some(s) = &settings.document_date {
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() == 3 {
            if let (Ok(y), Ok(m), Ok(d)) = (parts[0].parse(), parts[1].parse(), parts[2].parse()) {
                return (y, m, d);
            }
        }
    }
    (year + 1, 12, 31)
}
