//! Row sources of the 附表: every amount a disclosure table can show, derived from the
//! line items, exact (`Decimal`, no rounding). Which rows and columns a table prints is
//! decided by the template set (`templates/tables/<set>.yaml`), not here: a source offers
//! named fields per row, the table layout picks some of them.
//!
//! A field missing from a row means "not derivable from the data" (printed blank), which
//! differs from zero only in what the audit may say; tables print both as blank cells.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Figures, FundAmounts};
use crate::catalog::Names;
use crate::compute::{functional_rows, Level};
use crate::model::{Fund, ReportData};

/// Named amounts of one row (元, exact).
pub type Values = BTreeMap<String, Decimal>;

/// What a source row is, for indentation, hierarchy checks and the 合计 line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RowKind {
    /// The 合计 row (first).
    Total,
    /// A classification row at depth 0 (类), 1 (款) or 2 (项).
    Level(usize),
    /// A row outside the hierarchy (e.g. 未细化经济分类的项目支出, the single 三公 row).
    Item,
}

/// One row of a source.
#[derive(Debug, Clone, Serialize)]
pub struct SrcRow {
    pub code: String,
    pub name: String,
    pub kind: RowKind,
    pub values: Values,
}

impl SrcRow {
    /// The 合计 row that heads a table.
    fn total(values: Values) -> SrcRow {
        SrcRow {
            code: String::new(),
            name: "合计".into(),
            kind: RowKind::Total,
            values,
        }
    }

    pub fn get(&self, field: &str) -> Option<Decimal> {
        self.values.get(field).copied()
    }
}

const INCOME_SOURCES: [&str; 8] = [
    "general_budget",
    "government_fund",
    "state_capital",
    "superior_subsidy",
    "business",
    "operating",
    "subordinate_remit",
    "other",
];

fn fund_key(f: Fund) -> &'static str {
    match f {
        Fund::GeneralBudget => "general_budget",
        Fund::GovernmentFund => "government_fund",
        Fund::StateCapital => "state_capital",
        Fund::Other => "other",
    }
}

/// Whether a fund's income can be attributed to 功能分类 rows: nothing carried over or
/// left over, so each row's income equals its expenditure.
fn fund_income_follows_expenditure(fig: &Figures, f: Fund) -> bool {
    let none_left = fig.opening.get(f).is_zero() && fig.closing.get(f).is_zero();
    match f {
        Fund::Other => none_left && fig.use_nonfiscal.is_zero() && fig.distribution.is_zero(),
        _ => none_left,
    }
}

/// 功能分类 rows (合计, then 类/款/项 in catalogue order) of the expenditure lines whose
/// fund is in `funds`. Fields: `total basic personnel public project remit_superior
/// operating subsidy_subordinate budget`, per fund `general_budget government_fund
/// state_capital other fiscal`, income `in_<source> in_fiscal in_total income`,
/// `opening closing`, and project spending by 经济分类 类 `project_<301…>` /
/// `project_unclassified`.
pub fn functional_source(
    data: &ReportData,
    fig: &Figures,
    names: &Names,
    funds: &[Fund],
) -> Vec<SrcRow> {
    let rows = functional_rows(&data.expenditure, names, |i| funds.contains(&i.fund));
    let per_fund: Vec<(Fund, BTreeMap<String, Decimal>)> = funds
        .iter()
        .map(|&f| {
            let m = functional_rows(&data.expenditure, names, |i| i.fund == f)
                .into_iter()
                .map(|r| (r.code, r.total))
                .collect();
            (f, m)
        })
        .collect();
    let follows: Vec<(Fund, bool)> = funds
        .iter()
        .map(|&f| (f, fund_income_follows_expenditure(fig, f)))
        .collect();
    let all_follow = follows.iter().all(|(_, b)| *b);
    // Non-fiscal income goes to rows only when a single source supplies it all.
    let nonfiscal_nonzero: Vec<&str> = INCOME_SOURCES[3..]
        .iter()
        .copied()
        .filter(|k| !fig.income.get(k).is_zero())
        .collect();

    let mut out = Vec::with_capacity(rows.len() + 1);
    for r in &rows {
        let mut v = Values::new();
        for (k, x) in [
            ("total", r.total),
            ("basic", r.basic),
            ("personnel", r.personnel),
            ("public", r.public),
            ("project", r.project),
            ("remit_superior", r.remit_superior),
            ("operating", r.operating),
            ("subsidy_subordinate", r.subsidy_subordinate),
        ] {
            v.insert(k.into(), x);
        }
        if let Some(b) = r.budget {
            v.insert("budget".into(), b);
        }
        let mut fiscal = Decimal::ZERO;
        for (f, m) in &per_fund {
            let x = m.get(&r.code).copied().unwrap_or_default();
            v.insert(fund_key(*f).into(), x);
            if f.is_fiscal() {
                fiscal += x;
            }
        }
        v.insert("fiscal".into(), fiscal);
        // Income by row, where derivable.
        let mut income_known = true;
        let mut income = Decimal::ZERO;
        for (f, ok) in &follows {
            let x = v.get(fund_key(*f)).copied().unwrap_or_default();
            if !ok {
                income_known = false;
                continue;
            }
            if *f == Fund::Other {
                match nonfiscal_nonzero.as_slice() {
                    [] if x.is_zero() => {
                        for k in &INCOME_SOURCES[3..] {
                            v.insert(format!("in_{k}"), Decimal::ZERO);
                        }
                    }
                    [only] => {
                        for k in &INCOME_SOURCES[3..] {
                            v.insert(format!("in_{k}"), if k == only { x } else { Decimal::ZERO });
                        }
                    }
                    _ => income_known = false,
                }
            } else {
                v.insert(format!("in_{}", fund_key(*f)), x);
            }
            income += x;
        }
        // Funds outside the filter contribute nothing to these rows.
        for k in INCOME_SOURCES {
            let fund_in_filter = funds.iter().any(|f| {
                fund_key(*f) == k || (*f == Fund::Other && INCOME_SOURCES[3..].contains(&k))
            });
            if !fund_in_filter {
                v.insert(format!("in_{k}"), Decimal::ZERO);
            }
        }
        if income_known {
            v.insert("income".into(), income);
            v.insert("in_total".into(), income);
            let in_fiscal: Decimal = INCOME_SOURCES[..3]
                .iter()
                .filter_map(|k| v.get(&format!("in_{k}")).copied())
                .sum();
            v.insert("in_fiscal".into(), in_fiscal);
        } else if INCOME_SOURCES[..3]
            .iter()
            .all(|k| v.contains_key(&format!("in_{k}")))
        {
            let in_fiscal: Decimal = INCOME_SOURCES[..3]
                .iter()
                .map(|k| v[&format!("in_{k}")])
                .sum();
            v.insert("in_fiscal".into(), in_fiscal);
        }
        if all_follow {
            v.insert("opening".into(), Decimal::ZERO);
            v.insert("closing".into(), Decimal::ZERO);
        }
        let depth = Level::of(&r.code).depth();
        out.push(SrcRow {
            code: r.code.clone(),
            name: r.name.clone(),
            kind: RowKind::Level(depth),
            values: v,
        });
    }
    add_project_economics(data, funds, &mut out);

    // 合计: the sum of the 类 rows, with income and balances from the whole-unit figures.
    let mut total = Values::new();
    for r in out.iter().filter(|r| r.kind == RowKind::Level(0)) {
        for (k, x) in &r.values {
            if k.starts_with("in_") || k == "income" || k == "opening" || k == "closing" {
                continue;
            }
            *total.entry(k.clone()).or_default() += *x;
        }
    }
    if out.is_empty() {
        for k in ["total", "basic", "personnel", "public", "project", "fiscal"] {
            total.insert(k.into(), Decimal::ZERO);
        }
    }
    let sel = |a: &FundAmounts| -> Decimal { funds.iter().map(|&f| a.get(f)).sum() };
    let fiscal_income = &fig.fiscal.income;
    let mut inc = Decimal::ZERO;
    for &f in funds {
        inc += match f {
            Fund::Other => fig.income.total - fiscal_income.fiscal(),
            _ => fiscal_income.get(f),
        };
    }
    total.insert("income".into(), inc);
    total.insert("opening".into(), sel(&fig.opening));
    total.insert("closing".into(), sel(&fig.closing));
    for k in INCOME_SOURCES {
        let fund_in_filter = funds
            .iter()
            .any(|f| fund_key(*f) == k || (*f == Fund::Other && INCOME_SOURCES[3..].contains(&k)));
        let x = if fund_in_filter {
            fig.income.get(k)
        } else {
            Decimal::ZERO
        };
        total.insert(format!("in_{k}"), x);
    }
    let in_fiscal: Decimal = INCOME_SOURCES[..3]
        .iter()
        .map(|k| total[&format!("in_{k}")])
        .sum();
    total.insert("in_fiscal".into(), in_fiscal);
    total.insert("in_total".into(), inc);
    out.insert(0, SrcRow::total(total));
    out
}

/// `project_<class>` fields: project spending by 经济分类 类, from the projects' own
/// breakdowns; what the projects leave unclassified goes to `project_unclassified`.
fn add_project_economics(data: &ReportData, funds: &[Fund], rows: &mut [SrcRow]) {
    for r in rows.iter_mut() {
        let mut classified = Decimal::ZERO;
        for p in data.projects.iter().filter(|p| funds.contains(&p.fund)) {
            if !p.code.trim().starts_with(&r.code) {
                continue;
            }
            for (code, m) in &p.economic {
                let class = &code.trim()[..3.min(code.trim().len())];
                *r.values.entry(format!("project_{class}")).or_default() += m.0;
                classified += m.0;
            }
        }
        let project = r.get("project").unwrap_or_default();
        r.values
            .insert("project_unclassified".into(), project - classified);
    }
}

/// 一般公共预算财政拨款支出 by 经济分类 (类, 款): `personnel public basic project total`.
/// Basic spending comes from `basic_economic`; project spending from the projects'
/// breakdowns, the rest as an Item row 未细化经济分类的项目支出.
pub fn economic_source(data: &ReportData, fig: &Figures, names: &Names) -> Vec<SrcRow> {
    let is_personnel = |c: &str| c.starts_with("301") || c.starts_with("303");
    let mut rows: BTreeMap<(usize, String), SrcRow> = BTreeMap::new();
    let mut add = |code: &str, field: &str, x: Decimal| {
        let code = code.trim();
        for cut in [3, 5] {
            if code.len() < cut {
                continue;
            }
            let c = &code[..cut];
            let row = rows
                .entry((econ_order(names, c), c.to_string()))
                .or_insert_with(|| SrcRow {
                    code: c.to_string(),
                    name: names.economic_name(c).unwrap_or_else(|| c.to_string()),
                    kind: RowKind::Level(if cut == 3 { 0 } else { 1 }),
                    values: Values::new(),
                });
            *row.values.entry(field.into()).or_default() += x;
            *row.values.entry("total".into()).or_default() += x;
            if field != "project" {
                *row.values.entry("basic".into()).or_default() += x;
            }
        }
    };
    for (code, m) in &data.basic_economic {
        add(
            code,
            if is_personnel(code) {
                "personnel"
            } else {
                "public"
            },
            m.0,
        );
    }
    let mut classified = Decimal::ZERO;
    for p in data
        .projects
        .iter()
        .filter(|p| p.fund == Fund::GeneralBudget)
    {
        for (code, m) in &p.economic {
            add(code, "project", m.0);
            classified += m.0;
        }
    }
    let mut out: Vec<SrcRow> = rows.into_values().collect();
    for r in &mut out {
        for k in ["personnel", "public", "basic", "project", "total"] {
            r.values.entry(k.into()).or_default();
        }
    }
    let rest = fig.general_budget.project - classified;
    if !rest.is_zero() {
        out.push(SrcRow {
            code: String::new(),
            name: "未细化经济分类的项目支出".into(),
            kind: RowKind::Item,
            values: [("project", rest), ("total", rest)]
                .into_iter()
                .map(|(k, x)| (k.to_string(), x))
                .collect(),
        });
    }
    let mut total = Values::new();
    for r in out
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Level(0) | RowKind::Item))
    {
        for (k, x) in &r.values {
            *total.entry(k.clone()).or_default() += *x;
        }
    }
    for k in ["personnel", "public", "basic", "project", "total"] {
        total.entry(k.into()).or_default();
    }
    out.insert(0, SrcRow::total(total));
    out
}

fn econ_order(names: &Names, code: &str) -> usize {
    // Children sort right after their parent: order by the 类's position, then the code.
    let class_pos = names.economic.order(&code[..3.min(code.len())]);
    let own = names.economic.order(code);
    if own < usize::MAX / 2 {
        own
    } else {
        class_pos.saturating_add(1)
    }
}

/// 一般公共预算财政拨款基本支出 by 经济分类 for the 类 in `groups` (e.g. 301, 303): the 类
/// rows and their 款, field `amount`. With `all_items`, every catalogue 款 of the groups
/// is listed (zeros included), as the 决算 software prints.
pub fn basic_economic_source(
    data: &ReportData,
    names: &Names,
    groups: &[String],
    all_items: bool,
) -> Vec<SrcRow> {
    let in_groups = |c: &str| groups.iter().any(|g| c.starts_with(g.as_str()));
    let mut codes: Vec<String> = Vec::new();
    let mut push = |c: &str| {
        if !codes.iter().any(|x| x == c) {
            codes.push(c.to_string());
        }
    };
    for g in groups {
        push(g);
        if all_items {
            for e in names
                .economic
                .entries()
                .iter()
                .filter(|e| e.code.len() == 5 && e.code.starts_with(g.as_str()))
            {
                push(&e.code);
            }
        }
        for code in data
            .basic_economic
            .keys()
            .filter(|c| c.trim().starts_with(g.as_str()))
        {
            push(code.trim());
        }
    }
    codes.sort_by_key(|c| {
        (
            groups.iter().position(|g| c.starts_with(g.as_str())),
            econ_order(names, c),
            c.clone(),
        )
    });
    codes
        .into_iter()
        .filter(|c| in_groups(c))
        .map(|c| {
            let amount: Decimal = data
                .basic_economic
                .iter()
                .filter(|(k, _)| k.trim().starts_with(c.as_str()))
                .map(|(_, m)| m.0)
                .sum();
            SrcRow {
                name: names.economic_name(&c).unwrap_or_else(|| c.clone()),
                kind: RowKind::Level(if c.len() <= 3 { 0 } else { 1 }),
                values: [("amount".to_string(), amount)].into_iter().collect(),
                code: c,
            }
        })
        .collect()
}

/// The single row of the 三公 table: `budget_<item>` and `actual_<item>` for `total
/// abroad vehicle vehicle_purchase vehicle_operation reception`.
pub fn three_public_source(fig: &Figures) -> Vec<SrcRow> {
    let mut v = Values::new();
    for (prefix, a) in [
        ("budget", &fig.three_public.budget),
        ("actual", &fig.three_public.actual),
    ] {
        for (k, x) in [
            ("total", a.total),
            ("abroad", a.abroad),
            ("vehicle", a.vehicle),
            ("vehicle_purchase", a.vehicle_purchase),
            ("vehicle_operation", a.vehicle_operation),
            ("reception", a.reception),
        ] {
            v.insert(format!("{prefix}_{k}"), x);
        }
    }
    vec![SrcRow {
        code: String::new(),
        name: String::new(),
        kind: RowKind::Item,
        values: v,
    }]
}

/// One row per 功能分类 类 of the catalogue (standard order, zeros included) plus classes
/// the catalogue lacks: `total fiscal general_budget government_fund state_capital other`.
pub fn class_source(data: &ReportData, names: &Names) -> Vec<SrcRow> {
    let per_fund: Vec<(Fund, BTreeMap<String, Decimal>)> = Fund::ALL
        .iter()
        .map(|&f| {
            let m = functional_rows(&data.expenditure, names, |i| i.fund == f)
                .into_iter()
                .filter(|r| r.level == Level::Class)
                .map(|r| (r.code, r.total))
                .collect();
            (f, m)
        })
        .collect();
    let mut codes: Vec<(String, String)> = names
        .functional
        .classes()
        .map(|e| {
            (
                e.code.clone(),
                names
                    .functional_name(&e.code)
                    .unwrap_or_else(|| e.name.clone()),
            )
        })
        .collect();
    for (_, m) in &per_fund {
        for c in m.keys() {
            if !codes.iter().any(|(x, _)| x == c) {
                codes.push((
                    c.clone(),
                    names.functional_name(c).unwrap_or_else(|| c.clone()),
                ));
            }
        }
    }
    codes
        .into_iter()
        .map(|(code, name)| {
            let mut v = Values::new();
            let mut total = Decimal::ZERO;
            let mut fiscal = Decimal::ZERO;
            for (f, m) in &per_fund {
                let x = m.get(&code).copied().unwrap_or_default();
                v.insert(fund_key(*f).into(), x);
                total += x;
                if f.is_fiscal() {
                    fiscal += x;
                }
            }
            v.insert("total".into(), total);
            v.insert("fiscal".into(), fiscal);
            SrcRow {
                code,
                name,
                kind: RowKind::Level(0),
                values: v,
            }
        })
        .collect()
}

/// Whole-unit figures the summary tables (01, 04) and footers quote, by name:
/// `income.<source|fiscal|total>`, `expenditure.total`, `use_nonfiscal`,
/// `distribution`, `opening.<fund|total>`, `closing.<fund|total>`, `grand_total`,
/// `grand_total_expenditure`, `fiscal.<income|expenditure|opening|closing>.<fund|total>`,
/// `fiscal.grand_total`, `basic.personnel`, `basic.public`, `basic.total`, `basic.<类>`.
pub fn scalars(data: &ReportData, fig: &Figures) -> Values {
    let mut v = Values::new();
    let mut put = |k: String, x: Decimal| {
        v.insert(k, x);
    };
    for k in INCOME_SOURCES {
        put(format!("income.{k}"), fig.income.get(k));
    }
    put("income.fiscal".into(), fig.fiscal.income.fiscal());
    put("income.total".into(), fig.income.total);
    put("expenditure.total".into(), fig.expenditure.total);
    for p in &fig.expenditure.parts {
        put(format!("expenditure.{}", p.key), p.amount);
    }
    put("use_nonfiscal".into(), fig.use_nonfiscal);
    put("distribution".into(), fig.distribution);
    let funds = |name: &str, a: &FundAmounts, put: &mut dyn FnMut(String, Decimal)| {
        for f in Fund::ALL {
            put(format!("{name}.{}", fund_key(f)), a.get(f));
        }
        put(format!("{name}.fiscal"), a.fiscal());
        put(format!("{name}.total"), a.total());
    };
    funds("opening", &fig.opening, &mut put);
    funds("closing", &fig.closing, &mut put);
    funds("fiscal.income", &fig.fiscal.income, &mut put);
    funds("fiscal.expenditure", &fig.fiscal.expenditure, &mut put);
    funds("fiscal.opening", &fig.fiscal.opening, &mut put);
    funds("fiscal.closing", &fig.fiscal.closing, &mut put);
    put("grand_total".into(), fig.grand_total);
    put(
        "grand_total_expenditure".into(),
        fig.grand_total_expenditure_side,
    );
    put("fiscal.grand_total".into(), fig.fiscal.grand_total);
    put(
        "fiscal.grand_total_expenditure".into(),
        fig.fiscal.expenditure.fiscal() + fig.fiscal.closing.fiscal(),
    );
    for f in Fund::ALL {
        put(
            format!("fiscal.grand_total_expenditure.{}", fund_key(f)),
            fig.fiscal.expenditure.get(f) + fig.fiscal.closing.get(f),
        );
    }
    put("basic.personnel".into(), fig.basic.personnel);
    put("basic.public".into(), fig.basic.public);
    put("basic.total".into(), fig.basic.total);
    for (code, m) in &data.basic_economic {
        let c = code.trim();
        if c.len() >= 3 {
            *v.entry(format!("basic.{}", &c[..3])).or_default() += m.0;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::{load_str, Settings};
    use std::str::FromStr;

    fn example() -> (ReportData, Figures, Catalog) {
        let text = include_str!("../../data/example/dongqu-media-2023.yaml");
        let loaded = load_str(std::path::Path::new("example.yaml"), text.to_string())
            .expect("example loads");
        let catalog = Catalog::builtin();
        let fig = crate::compute::compute(&loaded.data, &catalog, &Settings::default());
        (loaded.data, fig, catalog)
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn functional_source_totals_match_the_figures() {
        let (data, fig, cat) = example();
        let names = Names {
            functional: cat.functional(2023),
            economic: &cat.economic,
            custom: &data.code_names,
        };
        let rows = functional_source(&data, &fig, &names, &Fund::ALL);
        assert_eq!(rows[0].kind, RowKind::Total);
        assert_eq!(rows[0].get("total"), Some(d("3464745.78")));
        assert_eq!(rows[0].get("in_total"), Some(d("3464745.78")));
        let gb = functional_source(&data, &fig, &names, &[Fund::GeneralBudget]);
        assert_eq!(gb[0].get("basic"), Some(d("1029099.26")));
        assert_eq!(gb[0].get("project"), Some(d("2435646.52")));
        // Income follows expenditure row by row (no balances in the example).
        let r201 = rows.iter().find(|r| r.code == "201").unwrap();
        assert_eq!(r201.get("in_general_budget"), r201.get("total"));
        // Nothing is booked to 政府性基金.
        let gf = functional_source(&data, &fig, &names, &[Fund::GovernmentFund]);
        assert_eq!(gf.len(), 1);
        assert_eq!(gf[0].get("total"), Some(Decimal::ZERO));
    }

    #[test]
    fn income_by_row_is_left_out_when_balances_make_it_unknowable() {
        let (mut data, _, cat) = example();
        data.balances.opening.general_budget = crate::model::Money(d("1000.00"));
        let fig = crate::compute::compute(&data, &cat, &Settings::default());
        let names = Names {
            functional: cat.functional(2023),
            economic: &cat.economic,
            custom: &data.code_names,
        };
        let rows = functional_source(&data, &fig, &names, &Fund::ALL);
        // The 合计 row still has the unit's income; the class rows have none.
        assert_eq!(rows[0].get("in_total"), Some(d("3464745.78")));
        assert_eq!(rows[0].get("opening"), Some(d("1000.00")));
        let r201 = rows.iter().find(|r| r.code == "201").unwrap();
        assert_eq!(r201.get("in_total"), None);
        assert_eq!(r201.get("in_general_budget"), None);
        assert_eq!(r201.get("opening"), None);
    }

    #[test]
    fn economic_source_keeps_unclassified_project_spending() {
        let (data, fig, cat) = example();
        let names = Names {
            functional: cat.functional(2023),
            economic: &cat.economic,
            custom: &data.code_names,
        };
        let rows = economic_source(&data, &fig, &names);
        assert_eq!(rows[0].get("total"), Some(d("3464745.78")));
        assert_eq!(rows[0].get("personnel"), Some(d("977878.96")));
        assert_eq!(rows[0].get("public"), Some(d("51220.30")));
        let rest = rows.iter().find(|r| r.kind == RowKind::Item).unwrap();
        assert_eq!(rest.get("project"), Some(d("2435646.52")));
        let s = scalars(&data, &fig);
        assert_eq!(s["basic.301"], d("977878.96"));
        assert!(!s.contains_key("basic.303"));
    }
}
