//! The 经济分类 row sources: 一般公共预算财政拨款支出 by 经济分类 (basic spending from
//! `basic_economic`, project spending from the projects' breakdowns), and the 基本支出
//! lists by 类 that the panels of 公开08表 show.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{RowKind, SrcRow, Values};
use crate::catalog::Names;
use crate::model::{Fund, ReportData};

/// 一般公共预算财政拨款支出 by 经济分类 (类, 款): `personnel public basic project total`.
/// Basic spending comes from `basic_economic`; project spending from the projects'
/// breakdowns (required by audit B010 wherever a table shows it: the form has no line
/// for unclassified spending, so none is made up here).
pub fn economic_source(data: &ReportData, names: &Names) -> Vec<SrcRow> {
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
    for p in data
        .projects
        .iter()
        .filter(|p| p.fund == Fund::GeneralBudget)
    {
        for (code, m) in &p.economic {
            add(code, "project", m.0);
        }
    }
    let mut out: Vec<SrcRow> = rows.into_values().collect();
    for r in &mut out {
        for k in ["personnel", "public", "basic", "project", "total"] {
            r.values.entry(k.into()).or_default();
        }
    }
    let mut total = Values::new();
    for r in out.iter().filter(|r| r.kind == RowKind::Level(0)) {
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
