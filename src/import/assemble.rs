//! From the facts of the sheets to the data model: single figures by path, expenditure
//! lines split by fund (财政拨款 tables by fund, the rest of the 支出决算表 as 其他资金),
//! 经济分类 amounts, names, unit and year. Every value keeps its source.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde_json::Value;

use super::facts::{Facts, Source, Val};
use super::mapping::{Mapping, Nature, Scope};
use crate::catalog::Catalog;
use crate::diag::Finding;
use crate::model::{ExpenditureItem, Fund, Money, ReportData};

/// A data model with every optional part present, for listing paths.
fn skeleton() -> ReportData {
    let mut d: ReportData =
        serde_yaml::from_str("schema: 1\nunit: {name: x, year: 2023}\n").expect("skeleton");
    d.balances.closing = Some(Default::default());
    d.last_year.three_public = Some(Default::default());
    d.overview.staffing = Some(Default::default());
    d
}

/// Every scalar path of the data model (`income.general_budget`, `declared.basic`, …).
#[cfg(test)]
pub fn skeleton_paths() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    flatten(
        &serde_json::to_value(skeleton()).unwrap_or_default(),
        "",
        &mut out,
    );
    out.extend([
        "unplaced.vehicle_purchase".into(),
        "unplaced.reception".into(),
    ]);
    out
}

#[cfg(test)]
fn flatten(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(x, &p, out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

/// The paths that hold counts.
pub fn count_paths() -> &'static BTreeSet<String> {
    static PATHS: OnceLock<BTreeSet<String>> = OnceLock::new();
    PATHS.get_or_init(|| {
        crate::model::count_fields(&skeleton())
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    })
}

/// Sets `path` (dotted) in a JSON tree, creating objects on the way.
pub fn set_path(root: &mut Value, path: &str, v: Value) {
    let mut cur = root;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        if !cur.is_object() {
            *cur = Value::Object(Default::default());
        }
        let obj = cur.as_object_mut().expect("object");
        if i + 1 == parts.len() {
            obj.insert(p.to_string(), v);
            return;
        }
        cur = obj.entry(p.to_string()).or_insert(Value::Null);
    }
}

/// The model and the source of every value set from the workbook.
pub struct Assembled {
    pub data: ReportData,
    pub sources: BTreeMap<String, Source>,
}

/// Builds the data model from the facts; errors go to `facts.findings`.
pub fn assemble(facts: &mut Facts, mapping: &Mapping, catalog: &Catalog) -> Assembled {
    resolve_pending(facts);
    let mut sources = BTreeMap::new();
    let mut root = serde_json::to_value(skeleton_base()).unwrap_or_default();
    let (name, year) = unit_and_year(facts, mapping);
    set_path(
        &mut root,
        "unit.name",
        Value::String(name.clone().unwrap_or_default()),
    );
    set_path(&mut root, "unit.year", Value::from(year.0));
    sources.insert("unit.year".to_string(), year.1);
    sources.insert("schema".to_string(), Source::Note("数据格式版本".into()));
    if let Some((_, cell)) = facts.unit_names.first() {
        sources.insert("unit.name".to_string(), Source::Cell(cell.clone()));
    }
    let scalars: Vec<(String, Val)> = facts.scalars.clone().into_iter().collect();
    for (path, val) in scalars {
        if path.starts_with("unplaced.") {
            continue;
        }
        let json = if count_paths().contains(&path) {
            Value::from(val.v.to_u32_lossy())
        } else {
            Value::String(yuan(val.v).to_string())
        };
        set_path(&mut root, &path, json);
        sources.insert(path, val.src);
    }
    let mut data: ReportData = match serde_json::from_value(root) {
        Ok(d) => d,
        Err(e) => {
            facts.error(Finding::error(
                "I019",
                "",
                format!("导入的数据不合格式：{e}"),
            ));
            skeleton_base()
        }
    };
    if name.is_none() {
        data.unit.name = String::new();
    }
    data.expenditure = expenditure(facts, &mut sources);
    absent_fund_tables(&data, facts);
    for (code, val) in facts.economic.clone() {
        if val.v.is_zero() {
            continue;
        }
        sources.insert(format!("basic_economic.{code}"), val.src.clone());
        data.basic_economic.insert(code, Money(yuan(val.v)));
    }
    code_names(&mut data, facts, catalog);
    unplaced(&data, facts);
    Assembled { data, sources }
}

trait Lossy {
    fn to_u32_lossy(&self) -> u32;
}

impl Lossy for Decimal {
    fn to_u32_lossy(&self) -> u32 {
        use rust_decimal::prelude::ToPrimitive;
        self.to_u32().unwrap_or(0)
    }
}

fn skeleton_base() -> ReportData {
    serde_yaml::from_str("schema: 1\nunit: {name: x, year: 2023}\n").expect("skeleton")
}

/// A fund with income or balances whose table is not in the workbook: its spending was
/// taken as 0 (and so counted as 其他资金); say so.
fn absent_fund_tables(data: &ReportData, facts: &mut Facts) {
    if facts.shown.contains_key(&Scope::Fiscal) {
        return;
    }
    let funds = [
        (
            Scope::GovernmentFund,
            data.income.government_fund,
            data.balances.opening.government_fund,
        ),
        (
            Scope::StateCapital,
            data.income.state_capital,
            data.balances.opening.state_capital,
        ),
    ];
    for (scope, income, opening) in funds {
        let has_money = !income.is_zero() || !opening.is_zero();
        if has_money && !facts.shown.contains_key(&scope) {
            facts.missing(
                "expenditure",
                format!(
                    "有{}收入或结转，但工作簿中没有该资金的收入支出决算表：其支出无法分出，已计入其他资金，请核对",
                    scope.word()
                ),
            );
        }
    }
}

/// Totals the workbook prints without the split the model needs (公务用车购置费 by
/// vehicle kind, 公务接待费 by domestic/foreign): fine when the split was read too and
/// agrees; listed otherwise.
fn unplaced(data: &ReportData, facts: &mut Facts) {
    let tp = &data.three_public;
    let placed = [
        ("vehicle_purchase", tp.vehicle_purchase.amount().0),
        (
            "reception",
            tp.reception.domestic.amount.0 + tp.reception.foreign.amount.0,
        ),
    ];
    for (what, sum) in placed {
        if let Some(val) = facts.scalars.get(&format!("unplaced.{what}")).cloned() {
            if val.v != sum {
                facts.missing(&format!("three_public.{what}"), unplaced_text(what, &val));
            }
        }
    }
}

fn unplaced_text(what: &str, val: &Val) -> String {
    let item = match what {
        "vehicle_purchase" => "公务用车购置费",
        _ => "公务接待费",
    };
    let place = match what {
        "vehicle_purchase" => "three_public.vehicle_purchase 中按车型（轿车/越野车/载客汽车）",
        _ => "three_public.reception 中按国内接待和外事接待",
    };
    format!(
        "{item} {} 元（{}）：工作簿没有分列，请在{place}填写金额与数量",
        val.v,
        val.src.comment()
    )
}

/// Totals with a part that no row shows (年初结转和结余 of 其他资金) less the known parts.
fn resolve_pending(facts: &mut Facts) {
    for (to, val, minus) in std::mem::take(&mut facts.pending) {
        let known: Vec<Val> = minus
            .iter()
            .filter_map(|p| facts.scalars.get(p).cloned())
            .collect();
        let unknown: Vec<&String> = minus
            .iter()
            .filter(|p| !facts.scalars.contains_key(*p))
            .collect();
        let refs: Vec<&Val> = known.iter().collect();
        let rest = val.minus(&refs);
        if !unknown.is_empty() && !rest.v.is_zero() {
            let list: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
            facts.missing(
                &to,
                format!(
                    "工作簿中没有 {} 的数：{to} 按 {} 减已知部分计为 {}，如有这些资金请核对",
                    list.join("、"),
                    val.src.comment(),
                    rest.v
                ),
            );
        }
        if rest.v.is_sign_negative() {
            let mut f = Finding::error(
                "I014",
                "",
                format!("{to} 推算为负数 {}（{}）", rest.v, rest.src.comment()),
            );
            if let Some(c) = val.src.cells().pop() {
                f = f.at_cell(c);
            }
            facts.error(f);
            continue;
        }
        facts.set(&to, rest);
    }
}

/// The unit name (the same on every sheet) and the year (the same on every sheet and
/// one the mapping is for).
fn unit_and_year(facts: &mut Facts, mapping: &Mapping) -> (Option<String>, (i32, Source)) {
    let mut names: Vec<(String, crate::diag::Cell)> = Vec::new();
    for (n, c) in &facts.unit_names {
        if !names.iter().any(|(m, _)| m == n) {
            names.push((n.clone(), c.clone()));
        }
    }
    if names.len() > 1 {
        let list: Vec<String> = names.iter().map(|(n, c)| format!("{c}：{n}")).collect();
        facts.error(
            Finding::error(
                "I011",
                "",
                format!("各工作表的单位名称不一致：{}", list.join("；")),
            )
            .at_cell(names[1].1.clone())
            .help("一个工作簿只能是一个单位的决算报表：请确认没有混入其他单位的表"),
        );
    }
    let name = names.first().map(|(n, _)| n.clone());
    if name.is_none() {
        facts.missing("unit.name", "工作簿中没有“编制单位：…”，单位名称请手工填写");
    }
    let mut years: Vec<(i32, crate::diag::Cell)> = Vec::new();
    for (y, c) in &facts.years {
        if !years.iter().any(|(z, _)| z == y) {
            years.push((*y, c.clone()));
        }
    }
    if years.len() > 1 {
        let list: Vec<String> = years.iter().map(|(y, c)| format!("{c}：{y}年")).collect();
        facts.error(
            Finding::error(
                "I012",
                "",
                format!("各工作表的年度不一致：{}", list.join("；")),
            )
            .at_cell(years[1].1.clone()),
        );
    }
    let default_year = *mapping.years.last().unwrap_or(&2023);
    let year = match years.first() {
        Some((y, c)) => {
            if !mapping.years.contains(y) {
                facts.error(
                    Finding::error(
                        "I012",
                        "",
                        format!(
                            "工作簿是{y}年度的，而映射文件“{}”适用于{}年度",
                            mapping.name,
                            join_years(&mapping.years)
                        ),
                    )
                    .at_cell(c.clone())
                    .help("用 --mapping 指定该年度的映射文件（复制 data/import/ 下的文件按当年表样修改）"),
                );
            }
            (*y, Source::Cell(c.clone()))
        }
        None => {
            facts.missing(
                "unit.year",
                format!("工作簿中没有印年度，按映射文件取 {default_year} 年，请核对"),
            );
            (default_year, Source::Note("映射文件年度".into()))
        }
    };
    (name, year)
}

pub fn join_years(years: &[i32]) -> String {
    years
        .iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

/// Names for codes the catalogue lacks, as the workbook prints them.
fn code_names(data: &mut ReportData, facts: &Facts, catalog: &Catalog) {
    let functional = catalog.functional(data.unit.year);
    for e in &data.expenditure {
        for len in [3, 5, 7] {
            let code = &e.code[..len.min(e.code.len())];
            if !functional.contains(code) {
                if let Some(n) = facts.names.get(code) {
                    data.code_names.insert(code.to_string(), n.clone());
                }
            }
        }
    }
    for code in data.basic_economic.keys() {
        if !catalog.economic.contains(code) {
            if let Some(n) = facts.names.get(code) {
                data.code_names.insert(code.clone(), n.clone());
            }
        }
    }
}

const MODEL_NATURES: [Nature; 6] = [
    Nature::Personnel,
    Nature::Public,
    Nature::Project,
    Nature::RemitSuperior,
    Nature::Operating,
    Nature::SubsidySubordinate,
];

fn fund_scope(f: Fund) -> Option<Scope> {
    match f {
        Fund::GeneralBudget => Some(Scope::GeneralBudget),
        Fund::GovernmentFund => Some(Scope::GovernmentFund),
        Fund::StateCapital => Some(Scope::StateCapital),
        Fund::Other => None,
    }
}

/// Expenditure lines: one per 项 code and fund with any amount.
fn expenditure(facts: &mut Facts, sources: &mut BTreeMap<String, Source>) -> Vec<ExpenditureItem> {
    let codes: BTreeSet<String> = facts.lines.keys().map(|(_, c)| c.clone()).collect();
    let mut items = Vec::new();
    for code in codes {
        let split = super::funds::split(facts, &code);
        for fund in Fund::ALL {
            let Some(values) = split.get(&fund) else {
                continue;
            };
            let mut item = ExpenditureItem {
                code: code.clone(),
                fund,
                ..Default::default()
            };
            let budget = fund_scope(fund).and_then(|s| facts.lines.get(&(s, code.clone())));
            let budget_val = budget.and_then(|b| b.get(&Nature::Budget)).cloned();
            let initial_val = budget.and_then(|b| b.get(&Nature::BudgetInitial)).cloned();
            let any = values.values().any(|v| !v.v.is_zero())
                || budget_val.as_ref().is_some_and(|v| !v.v.is_zero());
            if !any {
                continue;
            }
            let i = items.len();
            for n in MODEL_NATURES {
                let Some(v) = values.get(&n) else { continue };
                let slot = match n {
                    Nature::Personnel => &mut item.personnel,
                    Nature::Public => &mut item.public,
                    Nature::Project => &mut item.project,
                    Nature::RemitSuperior => &mut item.remit_superior,
                    Nature::Operating => &mut item.operating,
                    _ => &mut item.subsidy_subordinate,
                };
                *slot = Money(yuan(v.v));
                if !v.v.is_zero() {
                    sources.insert(format!("expenditure[{i}].{}", field_name(n)), v.src.clone());
                }
            }
            if let Some(b) = budget_val {
                item.budget = Some(Money(yuan(b.v)));
                sources.insert(format!("expenditure[{i}].budget"), b.src);
            }
            if let Some(b) = initial_val {
                item.budget_initial = Some(Money(yuan(b.v)));
                sources.insert(format!("expenditure[{i}].budget_initial"), b.src);
            }
            items.push(item);
        }
    }
    items
}

/// An amount in 元 written with two decimals, as the 决算 tables print it.
fn yuan(v: Decimal) -> Decimal {
    let mut v = v.round_dp(2);
    v.rescale(2);
    v
}

/// The data-file field of a nature.
pub fn field_name(n: Nature) -> &'static str {
    match n {
        Nature::Personnel => "personnel",
        Nature::Public => "public",
        Nature::Project => "project",
        Nature::RemitSuperior => "remit_superior",
        Nature::Operating => "operating",
        Nature::SubsidySubordinate => "subsidy_subordinate",
        Nature::Budget => "budget",
        _ => "budget_initial",
    }
}
