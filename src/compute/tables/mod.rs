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

mod economic;
mod functional;

use super::{Figures, FundAmounts};
use crate::catalog::Names;
use crate::compute::{functional_rows, Level};
use crate::config::table_set::FundSel;
use crate::model::{Fund, ReportData};

pub use economic::{basic_economic_source, economic_source};
pub use functional::functional_source;

/// Every row source of the 附表, computed once per report (the table set picks rows and
/// fields; it computes nothing).
#[derive(Debug, Clone, Default)]
pub struct TableFigures {
    /// 功能分类 rows per fund selection.
    pub functional: Vec<(FundSel, Vec<SrcRow>)>,
    /// 一般公共预算财政拨款支出 by 经济分类.
    pub economic: Vec<SrcRow>,
    /// The single 三公 row.
    pub three_public: Vec<SrcRow>,
    /// One row per 功能分类 类.
    pub classes: Vec<SrcRow>,
    /// 基本支出 by 经济分类 per 类 (`301` …): the 类 row and its 款 incurred, and the
    /// same with every catalogue 款 of the 类 (zeros included).
    pub basic_economic: BTreeMap<String, [Vec<SrcRow>; 2]>,
    /// Whole-unit figures by name (see `scalars`).
    pub scalars: Values,
}

impl TableFigures {
    /// Computes every source.
    pub fn new(data: &ReportData, fig: &Figures, names: &Names) -> TableFigures {
        let sels = [
            FundSel::All,
            FundSel::Fiscal,
            FundSel::GeneralBudget,
            FundSel::GovernmentFund,
            FundSel::StateCapital,
        ];
        let mut classes: Vec<String> = names
            .economic
            .entries()
            .iter()
            .filter(|e| e.code.len() == 3)
            .map(|e| e.code.clone())
            .collect();
        for code in data.basic_economic.keys() {
            let c = code.trim();
            if c.len() >= 3 && !classes.iter().any(|x| x == &c[..3]) {
                classes.push(c[..3].to_string());
            }
        }
        let basic_economic = classes
            .into_iter()
            .map(|c| {
                let g = [c.clone()];
                let lists = [
                    basic_economic_source(data, names, &g, false),
                    basic_economic_source(data, names, &g, true),
                ];
                (c, lists)
            })
            .collect();
        TableFigures {
            functional: sels
                .into_iter()
                .map(|s| (s, functional_source(data, fig, names, &s.funds())))
                .collect(),
            economic: economic_source(data, names),
            three_public: three_public_source(fig),
            classes: class_source(data, names),
            basic_economic,
            scalars: scalars(data, fig),
        }
    }

    /// The 功能分类 rows of a fund selection.
    pub fn functional(&self, sel: FundSel) -> &[SrcRow] {
        self.functional
            .iter()
            .find(|(s, _)| *s == sel)
            .map(|(_, rows)| rows.as_slice())
            .unwrap_or_default()
    }

    /// The 基本支出 rows of the 类 in `groups` (3-digit 经济分类 类 codes), in that order;
    /// with `all_items` every catalogue 款 of a 类 is listed.
    pub fn basic_economic(&self, groups: &[String], all_items: bool) -> Vec<SrcRow> {
        groups
            .iter()
            .filter_map(|g| self.basic_economic.get(g.trim()))
            .flat_map(|lists| lists[usize::from(all_items)].iter().cloned())
            .collect()
    }
}

/// Named amounts of one row (元, exact).
pub type Values = BTreeMap<String, Decimal>;

/// What a source row is, for indentation, hierarchy checks and the 合计 line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RowKind {
    /// The 合计 row (first).
    Total,
    /// A classification row at depth 0 (类), 1 (款) or 2 (项).
    Level(usize),
    /// A row outside the hierarchy (the single 三公 row).
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

pub(crate) const INCOME_SOURCES: [&str; 8] = [
    "general_budget",
    "government_fund",
    "state_capital",
    "superior_subsidy",
    "business",
    "operating",
    "subordinate_remit",
    "other",
];

pub(crate) fn fund_key(f: Fund) -> &'static str {
    match f {
        Fund::GeneralBudget => "general_budget",
        Fund::GovernmentFund => "government_fund",
        Fund::StateCapital => "state_capital",
        Fund::Other => "other",
    }
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
mod tests;
