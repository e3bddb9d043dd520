//! The 功能分类 row source: 合计, then 类/款/项 in catalogue order, of the expenditure
//! lines of some funds, with amounts by nature, by fund, income where derivable, and
//! project spending by 经济分类 类.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{fund_key, RowKind, SrcRow, Values, INCOME_SOURCES};
use crate::catalog::Names;
use crate::compute::{functional_rows, Figures, FuncRow, FundAmounts, Level};
use crate::model::{Fund, ReportData};

/// Whether a fund's income can be attributed to 功能分类 rows: nothing carried over or
/// left over, so each row's income equals its expenditure.
fn fund_income_follows_expenditure(fig: &Figures, f: Fund) -> bool {
    let none_left = fig.opening.get(f).is_zero() && fig.closing.get(f).is_zero();
    match f {
        Fund::Other => none_left && fig.use_nonfiscal.is_zero() && fig.distribution.is_zero(),
        _ => none_left,
    }
}

/// Whether income source `k` (`general_budget` … `other`) belongs to one of `funds`.
fn source_in(funds: &[Fund], k: &str) -> bool {
    funds
        .iter()
        .any(|f| fund_key(*f) == k || (*f == Fund::Other && INCOME_SOURCES[3..].contains(&k)))
}

/// What every row of one source shares.
struct Shared<'a> {
    funds: &'a [Fund],
    per_fund: Vec<(Fund, BTreeMap<String, Decimal>)>,
    follows: Vec<(Fund, bool)>,
    all_follow: bool,
    /// Non-fiscal income goes to rows only when a single source supplies it all.
    nonfiscal_nonzero: Vec<&'static str>,
}

/// 功能分类 rows (合计, then 类/款/项 in catalogue order) of the expenditure lines whose
/// fund is in `funds`. Fields: `total basic personnel public project remit_superior
/// operating subsidy_subordinate budget`, per fund `general_budget government_fund
/// state_capital other fiscal`, income `in_<source> in_fiscal in_total income`,
/// `opening closing`, and project spending by 经济分类 类 `project_<301…>`.
pub fn functional_source(
    data: &ReportData,
    fig: &Figures,
    names: &Names,
    funds: &[Fund],
) -> Vec<SrcRow> {
    let rows = functional_rows(&data.expenditure, names, |i| funds.contains(&i.fund));
    let follows: Vec<(Fund, bool)> = funds
        .iter()
        .map(|&f| (f, fund_income_follows_expenditure(fig, f)))
        .collect();
    let shared = Shared {
        funds,
        per_fund: funds
            .iter()
            .map(|&f| {
                let m = functional_rows(&data.expenditure, names, |i| i.fund == f)
                    .into_iter()
                    .map(|r| (r.code, r.total))
                    .collect();
                (f, m)
            })
            .collect(),
        all_follow: follows.iter().all(|(_, b)| *b),
        follows,
        nonfiscal_nonzero: INCOME_SOURCES[3..]
            .iter()
            .copied()
            .filter(|k| !fig.income.get(k).is_zero())
            .collect(),
    };
    let mut out: Vec<SrcRow> = rows
        .iter()
        .map(|r| SrcRow {
            code: r.code.clone(),
            name: r.name.clone(),
            kind: RowKind::Level(Level::of(&r.code).depth()),
            values: row_values(r, &shared),
        })
        .collect();
    add_project_economics(data, funds, &mut out);
    let total = total_values(&out, fig, funds);
    out.insert(0, SrcRow::total(total));
    out
}

/// The fields of one 类/款/项 row.
fn row_values(r: &FuncRow, s: &Shared) -> Values {
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
    for (f, m) in &s.per_fund {
        let x = m.get(&r.code).copied().unwrap_or_default();
        v.insert(fund_key(*f).into(), x);
        if f.is_fiscal() {
            fiscal += x;
        }
    }
    v.insert("fiscal".into(), fiscal);
    row_income(&mut v, s);
    if s.all_follow {
        v.insert("opening".into(), Decimal::ZERO);
        v.insert("closing".into(), Decimal::ZERO);
    }
    v
}

/// Income by row, where derivable (`in_<source>`, `income`, `in_total`, `in_fiscal`).
fn row_income(v: &mut Values, s: &Shared) {
    let mut income_known = true;
    let mut income = Decimal::ZERO;
    for (f, ok) in &s.follows {
        let x = v.get(fund_key(*f)).copied().unwrap_or_default();
        if !ok {
            income_known = false;
            continue;
        }
        if *f == Fund::Other {
            match s.nonfiscal_nonzero.as_slice() {
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
        if !source_in(s.funds, k) {
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
}

/// 合计: the sum of the 类 rows, with income and balances from the whole-unit figures.
fn total_values(out: &[SrcRow], fig: &Figures, funds: &[Fund]) -> Values {
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
        let x = if source_in(funds, k) {
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
    total
}

/// `project_<class>` fields: project spending by 经济分类 类, from the projects' own
/// breakdowns (complete wherever a table shows them: audit B010).
fn add_project_economics(data: &ReportData, funds: &[Fund], rows: &mut [SrcRow]) {
    for r in rows.iter_mut() {
        for p in data.projects.iter().filter(|p| funds.contains(&p.fund)) {
            if !p.code.trim().starts_with(&r.code) {
                continue;
            }
            for (code, m) in &p.economic {
                let class = &code.trim()[..3.min(code.trim().len())];
                *r.values.entry(format!("project_{class}")).or_default() += m.0;
            }
        }
    }
}
