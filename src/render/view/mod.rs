//! The view model handed to templates: ready strings (amounts in 万元, percentages, the
//! chosen words) beside flags. Templates format nothing and compute nothing.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::{Catalog, Names};
use crate::compute::{Breakdown, Figures};
use crate::config::TableSet;
use crate::model::{ReportData, Settings, TableUnit};

mod sections;
mod words;

pub use words::{adds_up, reason, sentence_body, ReasonView};

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
    pub reason: ReasonView,
    /// This line's completion names its own basis (全年预算 / 年初预算): the lines do not
    /// share one the lead sentence could name.
    pub basis: String,
}

/// A 名词解释 entry.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryView {
    pub n: usize,
    pub term: String,
    pub text: String,
}

/// Everything the templates see (besides `settings`). The ten sections of 第二部分 are
/// known by name (`income`, not a number), so inserting a section renumbers nothing.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub unit: UnitView,
    pub overview: OverviewView,
    /// 一、收入支出决算总体情况.
    pub total: TotalView,
    /// 二、收入决算情况.
    pub income: BreakdownView,
    /// 三、支出决算情况.
    pub expenditure: BreakdownView,
    /// 四、财政拨款收入支出决算总体情况.
    pub fiscal: TotalView,
    /// 五、一般公共预算财政拨款支出决算情况.
    pub general_budget: GeneralBudgetView,
    /// 六、一般公共预算财政拨款基本支出决算情况.
    pub basic: BasicView,
    /// 七、财政拨款“三公”经费支出决算情况.
    pub three_public: ThreePublicView,
    /// 八、政府性基金预算支出决算情况.
    pub government_fund: FundView,
    /// 九、国有资本经营预算支出决算情况.
    pub state_capital: FundView,
    /// 十、其他重要事项的情况说明.
    pub other: OtherView,
    pub glossary: Vec<GlossaryView>,
    /// Which charts were drawn, by name (`income_structure` …): a chart not drawn (an
    /// all-zero pie) prints its caption alone or a plain statement.
    pub charts: ChartsView,
    /// Each chart in words, by name: `alt` (the alternative text of a drawn chart) or
    /// `note` (the sentence printed where a chart not drawn would stand).
    pub chart_text: ChartTextView,
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
    pub reason: ReasonView,
}

#[derive(Debug, Clone, Serialize)]
pub struct BreakdownView {
    pub total: String,
    pub parts: Vec<PartView>,
    pub all_zero: bool,
    /// The printed parts do not add up to the printed total (尾差): the text says so.
    pub rounding: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GeneralBudgetView {
    pub total: String,
    pub zero: bool,
    pub share_of_expenditure: String,
    pub change: ChangeView,
    pub reason: ReasonView,
    pub by_class: BreakdownView,
    pub lines: Vec<LineView>,
    /// The printed 项 amounts do not add up to the printed total (尾差).
    pub lines_rounding: bool,
    /// The basis every line's completion shares (全年预算 / 年初预算), named once
    /// before the list; empty when the lines mix bases (each names its own).
    pub lines_basis: String,
    pub has_completion: bool,
    pub completion: String,
    /// The basis of the total's completion (全年预算 / 年初预算).
    pub basis: String,
    pub vs_budget: &'static str,
    pub reason_vs_budget: ReasonView,
}

#[derive(Debug, Clone, Serialize)]
pub struct BasicView {
    pub total: String,
    pub personnel: String,
    pub public: String,
    pub personnel_items: Vec<ItemView>,
    pub public_items: Vec<ItemView>,
    /// 尾差: 人员经费 + 公用经费 vs 基本支出; each one's items vs itself.
    pub rounding: bool,
    pub personnel_rounding: bool,
    pub public_rounding: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThreePublicView {
    pub total: String,
    pub zero: bool,
    pub budget_total: String,
    pub has_completion: bool,
    pub completion: String,
    pub vs_budget: &'static str,
    pub reason_budget: ReasonView,
    pub change: ChangeView,
    pub reason_change: ReasonView,
    /// The 三公 budget is the 全年预算 (table 13's 预算数).
    pub basis: String,
    pub split: BreakdownView,
    /// 尾差: 购置 + 运行维护 vs 公务用车; 国内 + 外事 vs 公务接待.
    pub vehicle_rounding: bool,
    pub reception_rounding: bool,
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
    /// 尾差: 货物 + 工程 + 服务 vs 采购总额.
    pub procurement_rounding: bool,
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
    /// The reports 第四部分 attaches (one source for 十(四) and the 附件): the 部门整体
    /// report, and the projects with a report.
    pub unit_report: bool,
    pub project_reports: Vec<String>,
    /// 第四部分 has at least one report (“绩效自评报告详见附件”).
    pub has_annex: bool,
    pub has_score: bool,
    pub score: String,
    pub summary: String,
}

/// Chart name → drawn (`charts.income_structure`); the file is `<name>.svg`.
pub type ChartsView = std::collections::BTreeMap<String, bool>;

/// Chart name → its words (`chart_text.income_structure.alt`).
pub type ChartTextView = std::collections::BTreeMap<String, ChartText>;

/// A chart in words: exactly one of the two is non-empty.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChartText {
    /// Alternative text of a drawn chart (figure number, title, the figures).
    pub alt: String,
    /// Why the chart is not drawn, printed in its place.
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub table_unit: String,
    /// The cover's date line (二〇二四年九月), from `settings.publish_date`; empty without.
    pub cover_date: String,
    /// The edition's 公开时间 line under the 目录 (公开时间：2024年9月20日); empty when
    /// the edition has none or no date is given. The templates print one of the two.
    pub publish_line: String,
}

/// Builds the view from the data, its figures and the report's configuration (settings
/// and table set). Every number comes formatted from `fig`; the data gives texts.
pub fn build(
    data: &ReportData,
    fig: &Figures,
    catalog: &Catalog,
    settings: &Settings,
    tables: &TableSet,
) -> View {
    let f = settings.fmt();
    let u = &data.unit;
    let kind = u.kind.word().to_string();
    let unit = UnitView {
        name: u.name.clone(),
        short_name: u.short_name.clone().unwrap_or_else(|| u.name.clone()),
        kind: kind.clone(),
        unit_type: u.unit_type.word().to_string(),
        region: u.region.clone(),
        year: u.year,
        prev_year: u.year - 1,
        title: format!("{}年度{}{}决算", u.year, u.name, kind),
    };
    let o = &data.overview;
    let su = &o.secondary_units;
    let overview = OverviewView {
        duties: paragraphs(&o.duties),
        secondary_total: fig.counts.secondary_units,
        secondary_administrative: su.administrative,
        secondary_civil: su.civil_servant_managed,
        secondary_other: su.other_institutions,
        included_units: o.included_units.clone(),
    };
    let r = &data.reasons;
    let names = Names {
        functional: catalog.functional(u.year),
        economic: &catalog.economic,
        custom: &data.code_names,
    };
    let (year, month, day) = document_date(settings, u);
    let (cover_date, publish_line) = publish_lines(settings, u);
    let appendix = super::appendix::build(data, fig, settings);
    View {
        unit,
        overview,
        total: TotalView {
            total: f.wan(fig.grand_total),
            change: f.change(&fig.total_change),
            reason: reason(r.total_change.as_deref()),
        },
        income: breakdown(&f, &fig.income),
        expenditure: breakdown(&f, &fig.expenditure),
        fiscal: TotalView {
            total: f.wan(fig.fiscal.grand_total),
            change: f.change(&fig.fiscal.change),
            reason: reason(r.fiscal_change.as_deref()),
        },
        general_budget: sections::general_budget(&f, data, fig),
        basic: sections::basic(&f, fig),
        three_public: sections::three_public(&f, data, fig),
        government_fund: FundView {
            amount: f.wan(fig.government_fund_expenditure),
            zero: fig.government_fund_expenditure.is_zero(),
        },
        state_capital: FundView {
            amount: f.wan(fig.state_capital_expenditure),
            zero: fig.state_capital_expenditure.is_zero(),
        },
        other: sections::other(&f, data, fig, &appendix),
        glossary: super::glossary::build(fig, catalog, &names),
        charts: ChartsView::default(),
        chart_text: ChartTextView::default(),
        appendix,
        tables: super::tables::build(tables, data, fig, settings),
        document: DocumentView {
            year,
            month,
            day,
            table_unit: match settings.table_unit {
                TableUnit::Yuan => "元".into(),
                TableUnit::TenThousand => "万元".into(),
            },
            cover_date,
            publish_line,
        },
    }
}

pub(super) fn breakdown(f: &Fmt, b: &Breakdown) -> BreakdownView {
    BreakdownView {
        total: f.wan(b.total),
        all_zero: b.total.is_zero(),
        rounding: !adds_up(f, b.total, b.parts.iter().map(|p| p.amount)),
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
pub(super) fn vs_budget(f: &Fmt, actual: Option<Decimal>, budget: Option<Decimal>) -> &'static str {
    match (actual, budget) {
        (Some(a), Some(b)) => {
            let (a, b) = (f.wan(a), f.wan(b));
            let (a, b): (Decimal, Decimal) =
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

/// The document date: the setting, else the publication date (its month's first day
/// when no day is given), else 12月31日 of the year after the reported year (fixed, so
/// output is reproducible).
fn document_date(settings: &Settings, u: &crate::model::Unit) -> (i32, u32, u32) {
    let stated = |s: &Option<String>| {
        s.as_deref()
            .and_then(|t| crate::model::date::parse_publish(t).ok())
    };
    if let Some((y, m, Some(d))) = stated(&settings.document_date) {
        return (y, m, d);
    }
    if let Some((y, m, d)) = stated(&publish_date(settings, u)) {
        return (y, m, d.unwrap_or(1));
    }
    (u.year + 1, 12, 31)
}

/// The 公开日期: the data's own (`unit.publish_date`), else the settings' (a district
/// may give one date for all its units).
fn publish_date(settings: &Settings, u: &crate::model::Unit) -> Option<String> {
    u.publish_date
        .clone()
        .or_else(|| settings.publish_date.clone())
}

/// The cover's date line and the edition's 公开时间 line, from the 公开日期 (the edition
/// of the table set's province and the report's year and kind).
fn publish_lines(settings: &Settings, u: &crate::model::Unit) -> (String, String) {
    let date = publish_date(settings, u);
    let Some((y, m, d)) = date
        .as_deref()
        .and_then(|t| crate::model::date::parse_publish(t).ok())
    else {
        return (String::new(), String::new());
    };
    let line = crate::edition::Edition::resolve(&settings.template_set, u.year, u.kind)
        .ok()
        .and_then(|e| e.publish_line_for(&words::plain_date(y, m, d)))
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_default();
    (words::cover_date(y, m), line)
}
