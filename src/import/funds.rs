//! Splitting one 功能分类 项 by fund. The 财政拨款 tables give each fiscal fund (or the
//! three together); the 支出决算表 gives all money; 其他资金 is what the fiscal funds
//! leave. A row absent from a table that was found is 0; a table not in the workbook
//! is 0 for that fund (and said so when it matters); what cannot be split is listed.

use std::collections::BTreeMap;

use super::facts::{Facts, Val};
use super::mapping::{Nature, Scope};
use crate::diag::Finding;
use crate::model::Fund;

const FISCAL: [(Fund, Scope); 3] = [
    (Fund::GeneralBudget, Scope::GeneralBudget),
    (Fund::GovernmentFund, Scope::GovernmentFund),
    (Fund::StateCapital, Scope::StateCapital),
];

/// Values of code `code` by fund and nature.
pub fn split(facts: &mut Facts, code: &str) -> BTreeMap<Fund, BTreeMap<Nature, Val>> {
    let mut out: BTreeMap<Fund, BTreeMap<Nature, Val>> = BTreeMap::new();
    for n in [
        Nature::Personnel,
        Nature::Public,
        Nature::Project,
        Nature::RemitSuperior,
        Nature::Operating,
        Nature::SubsidySubordinate,
    ] {
        let fiscal_nature = matches!(n, Nature::Personnel | Nature::Public | Nature::Project);
        let mut fiscal: Vec<(Fund, Option<Val>)> = Vec::new();
        if fiscal_nature {
            fiscal = fiscal_values(facts, code, n);
            for (f, v) in &fiscal {
                if let Some(v) = v {
                    out.entry(*f).or_default().insert(n, v.clone());
                }
            }
        }
        if let Some(v) = other_value(facts, code, n, &fiscal) {
            out.entry(Fund::Other).or_default().insert(n, v);
        }
    }
    for (fund, values) in &out {
        for (n, v) in values {
            if v.v.is_sign_negative() {
                let mut f = Finding::error(
                    "I014",
                    "",
                    format!(
                        "科目 {code} {}的{}推算为负数 {}（{}）：各表的数据不一致",
                        fund_word(*fund),
                        n.word(),
                        v.v,
                        v.src.comment()
                    ),
                );
                if let Some(c) = v.src.cells().into_iter().next() {
                    f = f.at_cell(c);
                }
                facts.error(f);
            }
        }
    }
    out
}

fn fund_word(f: Fund) -> &'static str {
    match f {
        Fund::GeneralBudget => "一般公共预算财政拨款",
        Fund::GovernmentFund => "政府性基金预算财政拨款",
        Fund::StateCapital => "国有资本经营预算财政拨款",
        Fund::Other => "其他资金",
    }
}

/// The value of a table cell: the row's value, or 0 when the table shows the column but
/// not the row.
fn raw(facts: &Facts, scope: Scope, code: &str, n: Nature) -> Option<Val> {
    match facts.lines.get(&(scope, code.to_string())) {
        Some(m) => m.get(&n).cloned(),
        // A table printed empty ("本表无数据") shows nothing: every value is 0.
        None => facts
            .shown
            .get(&scope)
            .filter(|s| s.is_empty() || s.contains(&n))
            .map(|_| Val::zero("表中无此科目")),
    }
}

/// A table value, with 人员经费/公用经费 derived from 基本支出 when only one is shown.
fn get(facts: &Facts, scope: Scope, code: &str, n: Nature) -> Option<Val> {
    raw(facts, scope, code, n).or_else(|| {
        let other = match n {
            Nature::Personnel => Nature::Public,
            Nature::Public => Nature::Personnel,
            _ => return None,
        };
        let basic = raw(facts, scope, code, Nature::Basic)?;
        if basic.v.is_zero() {
            return Some(basic);
        }
        let o = raw(facts, scope, code, other)?;
        Some(basic.minus(&[&o]))
    })
}

/// The three fiscal funds' values of a nature; `None` where it cannot be known.
fn fiscal_values(facts: &mut Facts, code: &str, n: Nature) -> Vec<(Fund, Option<Val>)> {
    // A fund whose table is not in the workbook is taken as 0 (the usual case: no
    // 政府性基金 or 国有资本经营 money).
    let mut vals: Vec<(Fund, Option<Val>)> = FISCAL
        .iter()
        .map(|(f, s)| {
            let v = get(facts, *s, code, n).or_else(|| {
                (!facts.shown.contains_key(s)).then(|| Val::zero("工作簿中无此资金的表"))
            });
            (*f, v)
        })
        .collect();
    if vals.iter().any(|(_, v)| v.is_none()) {
        if let Some(fis) = get(facts, Scope::Fiscal, code, n) {
            let known: Vec<Val> = vals.iter().filter_map(|(_, v)| v.clone()).collect();
            let refs: Vec<&Val> = known.iter().collect();
            let rest = fis.minus(&refs);
            let unknown = vals.iter().filter(|(_, v)| v.is_none()).count();
            for (_, v) in vals.iter_mut().filter(|(_, v)| v.is_none()) {
                if unknown == 1 || rest.v.is_zero() {
                    *v = Some(if unknown == 1 {
                        rest.clone()
                    } else {
                        Val::zero("推算为0")
                    });
                }
            }
        }
    }
    vals
}

/// 其他资金 = all money − the fiscal funds.
fn other_value(
    facts: &mut Facts,
    code: &str,
    n: Nature,
    fiscal: &[(Fund, Option<Val>)],
) -> Option<Val> {
    let known: Vec<Val> = fiscal.iter().filter_map(|(_, v)| v.clone()).collect();
    let refs: Vec<&Val> = known.iter().collect();
    if fiscal.iter().any(|(_, v)| v.is_none()) {
        facts.missing(
            &format!("expenditure({code}).{}", super::assemble::field_name(n)),
            format!(
                "科目 {code} 的{}无法按资金来源拆分：工作簿中缺少对应的财政拨款表或列",
                n.word()
            ),
        );
        return None;
    }
    if let Some(all) = get(facts, Scope::All, code, n) {
        return Some(all.minus(&refs));
    }
    // 人员经费/公用经费 of 其他资金 without a table that splits all money: only known when
    // 其他资金 has no 基本支出 at all.
    let all_basic = get(facts, Scope::All, code, Nature::Basic)?;
    let fiscal_basic: Vec<Val> = FISCAL
        .iter()
        .filter_map(|(_, s)| {
            get(facts, *s, code, Nature::Basic).or_else(|| {
                let p = get(facts, *s, code, Nature::Personnel)?;
                let q = get(facts, *s, code, Nature::Public)?;
                Val::sum(&[&p, &q])
            })
        })
        .collect();
    let frefs: Vec<&Val> = fiscal_basic.iter().collect();
    let rest = all_basic.minus(&frefs);
    if rest.v.is_zero() {
        return Some(Val::zero("其他资金无基本支出"));
    }
    if n == Nature::Personnel {
        facts.missing(
            &format!("expenditure({code}).personnel"),
            format!(
                "科目 {code} 其他资金的基本支出 {}（{}）无法分为人员经费和公用经费：工作簿中没有分列的表（如基本支出决算明细表）",
                rest.v,
                rest.src.comment()
            ),
        );
    }
    None
}
