//! 第四部分 附件 (performance self-evaluation): the money it quotes must be the report's
//! own (X004) — the 收支 tables of 附件1 (执行数 vs 正文; 基本 = 人员 + 公用), each
//! project's 预算/实际支出/执行率, and the projects' spending against 项目支出.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::narrative::{Fig, Stated};
use super::Linter;
use crate::lint::number::{rate_fit, sum_agrees, Num, Range, RateFit};

/// An amount in 元 as printed in 附件 tables (two decimals).
const YUAN: &str = r"(\d{1,3}(?:,\d{3})*\.\d{2}|\d+\.\d{2})";

pub fn check(l: &mut Linter, st: &Stated) {
    let Some(p4) = l.outline.part4 else { return };
    let text = l.doc.flat[p4.start..p4.end].to_string();
    let base = p4.start;
    funds_table(l, st, &text, base);
    projects(l, st, &text, base);
    // The rest of 附件 is performance text (indicators, scores): not applicable.
    l.doc.not_applicable(p4.start, p4.end);
}

fn yuan(_: &Linter, c: &regex::Captures, i: usize, base: usize) -> Option<Fig> {
    let m = c.get(i)?;
    let n = Num::parse(m.as_str())?;
    Some(Fig {
        num: Num {
            value: n.value / Decimal::from(10_000),
            half: n.half / Decimal::from(10_000),
            decimals: n.decimals + 4,
        },
        at: base + m.start(),
    })
}

/// 附件1's 收入/支出 tables: 年初安排数 and 执行数 (元) by row.
fn funds_table(l: &mut Linter, st: &Stated, text: &str, base: usize) {
    static ROW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(一般公共预算财政拨款|政府性基金预算财政拨款|国有资本经营预算财政拨款|基本支出|项目支出|人员经费|日常公用经费|公用经费){YUAN}{YUAN}"
        ))
        .unwrap()
    });
    let mut rows: Vec<(String, Fig, Fig, usize)> = Vec::new();
    for c in ROW.captures_iter(text) {
        let (Some(budget), Some(actual)) = (yuan(l, &c, 2, base), yuan(l, &c, 3, base)) else {
            continue;
        };
        rows.push((
            c[1].to_string(),
            budget,
            actual,
            base + c.get(0).unwrap().start(),
        ));
    }
    let report_figure = |label: &str| -> Option<(String, Fig)> {
        let fig = match label {
            "一般公共预算财政拨款" => {
                Stated::find(&st.income, "一般公共预算财政拨款收入").map(|i| i.amount)
            }
            "政府性基金预算财政拨款" => {
                Stated::find(&st.income, "政府性基金预算财政拨款收入").map(|i| i.amount)
            }
            "国有资本经营预算财政拨款" => {
                Stated::find(&st.income, "国有资本经营预算财政拨款收入").map(|i| i.amount)
            }
            "基本支出" => st
                .basic
                .or(Stated::find(&st.expenditure, "基本支出").map(|i| i.amount)),
            "项目支出" => Stated::find(&st.expenditure, "项目支出").map(|i| i.amount),
            "人员经费" => st.personnel,
            _ => st.public,
        }?;
        Some((format!("正文{label}"), fig))
    };
    for (label, _, actual, at) in &rows {
        let Some((what, fig)) = report_figure(label) else {
            continue;
        };
        l.mark(&[actual.at, fig.at]);
        if !Range::of(actual.num).overlaps(Range::of(fig.num)) {
            l.error(
                "X004",
                (*at, actual.at + 1),
                format!(
                    "附件：{label}执行数{}元（{}万元）与{what}{}万元不符",
                    (actual.num.value * Decimal::from(10_000)).round_dp(2),
                    crate::lint::number::show(actual.num.value, 2),
                    fig.v()
                ),
            );
        }
    }
    // 基本支出 = 人员经费 + 公用经费, for both columns.
    let get = |name: &str| rows.iter().find(|r| r.0.ends_with(name));
    if let (Some(b), Some(p), Some(q)) = (get("基本支出"), get("人员经费"), get("公用经费"))
    {
        for (col, total, parts) in [("年初安排数", b.1, [p.1, q.1]), ("执行数", b.2, [p.2, q.2])]
        {
            l.mark(&[total.at, parts[0].at, parts[1].at]);
            if !sum_agrees(&[parts[0].num, parts[1].num], total.num) {
                l.error(
                    "X004",
                    (b.3, b.3 + 1),
                    format!("附件：基本支出{col}不等于人员经费与公用经费之和"),
                );
            }
        }
    }
}

/// Each project: 预算 X 元，实际支出 Y 元，预算执行率 P%; 使用资金 N 万元 of all projects
/// cannot exceed 项目支出.
fn projects(l: &mut Linter, st: &Stated, text: &str, base: usize) {
    static EXEC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"预算{YUAN}元，实际支出{YUAN}元，预算执行率(\d+(?:\.\d+)?)%"
        ))
        .unwrap()
    });
    static USED: LazyLock<Regex> = LazyLock::new(|| super::re(r"使用资金{N}万元"));
    for c in EXEC.captures_iter(text) {
        let (Some(b), Some(a)) = (yuan(l, &c, 1, base), yuan(l, &c, 2, base)) else {
            continue;
        };
        let Some(r) = l.pct(&c, 3, base, false) else {
            continue;
        };
        l.mark(&[b.at, a.at, r.at]);
        let ok = match Range::percent(a.num, b.num) {
            Some(e) => rate_fit(r.num, e) != RateFit::Wrong,
            None => true,
        };
        if !ok {
            l.error(
                "A006",
                (r.at, r.at + 1),
                format!("附件：实际支出/预算与执行率{}%不符", r.v()),
            );
        }
    }
    let used: Vec<Fig> = USED
        .captures_iter(text)
        .filter_map(|c| l.fig(&c, 1, base))
        .collect();
    if let (false, Some(project)) = (used.is_empty(), Stated::find(&st.expenditure, "项目支出"))
    {
        let mut at: Vec<usize> = used.iter().map(|f| f.at).collect();
        at.push(project.amount.at);
        l.mark(&at);
        let lo: Decimal = used.iter().map(|f| f.num.lo()).sum();
        if lo > project.amount.num.hi() {
            let sum: Decimal = used.iter().map(|f| f.num.value).sum();
            l.error(
                "X004",
                (used[0].at, used[0].at + 1),
                format!(
                    "附件：各项目使用资金合计{}万元，大于正文项目支出{}万元",
                    sum.normalize(),
                    project.amount.v()
                ),
            );
        }
    }
}
