//! Cross-references: the same figure stated in two places agrees — 正文 vs 附表 (totals,
//! sources, classes and 项 against table 06, 人员/公用经费 and their items against table 08),
//! 五（一）/（二）/（三） with each other, the classes of 五（二） with the 项 of 五（三）, the
//! shares between sections, and the figures (图) with the sentences they illustrate.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::narrative::{Fig, Item, Stated};
use super::tables::{strip_numbering, Cell, Table, Tables};
use super::Linter;
use crate::lint::number::{rate_fit, show, sum_agrees, Num, Range, RateFit};
use crate::lint::structure::TableKind;

pub fn check(l: &mut Linter, st: &Stated, tables: &Tables) {
    within_text(l, st);
    classes_vs_items(l, st);
    against_tables(l, st, tables);
    charts(l, st);
}

/// The same figure twice in the narrative (X003) and parts larger than their whole (X006).
fn within_text(l: &mut Linter, st: &Stated) {
    let same = [
        (
            "五（一）一般公共预算财政拨款支出",
            st.general_budget,
            "五（二）",
            st.classes_total,
        ),
        (
            "五（一）一般公共预算财政拨款支出",
            st.general_budget,
            "五（三）",
            st.items_total,
        ),
        (
            "一、收、支总计",
            st.grand_total,
            "四、财政拨款收、支总计",
            None,
        ),
    ];
    for (a_what, a, b_what, b) in same {
        if let (Some(a), Some(b)) = (a, b) {
            equal(
                l,
                a,
                b,
                format!("{a_what}{}万元与{b_what}所述{}万元不同", a.v(), b.v()),
            );
        }
    }
    let le = [
        (
            "本年收入合计",
            st.income_total,
            "收、支总计",
            st.grand_total,
        ),
        (
            "本年支出合计",
            st.expenditure_total,
            "收、支总计",
            st.grand_total,
        ),
        (
            "财政拨款收、支总计",
            st.fiscal_total,
            "收、支总计",
            st.grand_total,
        ),
        (
            "一般公共预算财政拨款支出",
            st.general_budget,
            "本年支出合计",
            st.expenditure_total,
        ),
        (
            "六、基本支出",
            st.basic,
            "一般公共预算财政拨款支出",
            st.general_budget,
        ),
        (
            "六、基本支出",
            st.basic,
            "三、基本支出",
            Stated::find(&st.expenditure, "基本支出").map(|i| i.amount),
        ),
    ];
    for (part, p, whole, w) in le {
        if let (Some(p), Some(w)) = (p, w) {
            l.mark(&[p.at, w.at]);
            if p.num.lo() > w.num.hi() {
                l.error(
                    "X006",
                    (p.at, p.at + 1),
                    format!("{part}{}万元大于{whole}{}万元", p.v(), w.v()),
                );
            }
        }
    }
    // 五（一）'s share of 本年支出合计.
    if let (Some(gb), Some(share), Some(total)) = (
        st.general_budget,
        st.general_budget_share,
        st.expenditure_total,
    ) {
        l.mark(&[gb.at, share.at, total.at]);
        let ok = match Range::percent(gb.num, total.num) {
            Some(e) => rate_fit(share.num, e) != RateFit::Wrong,
            None => share.num.value.is_zero(),
        };
        if !ok {
            l.error(
                "A003",
                (share.at, share.at + 1),
                format!(
                    "五（一）：{}万元占本年支出合计{}万元的{}%不符",
                    gb.v(),
                    total.v(),
                    share.v()
                ),
            );
        }
    }
}

fn equal(l: &mut Linter, a: Fig, b: Fig, message: String) {
    l.mark(&[a.at, b.at]);
    if !sum_agrees(&[a.num], b.num) {
        l.error("X003", (b.at, b.at + 1), message);
    }
}

/// 五（二）'s classes = Σ the 项 of 五（三） of that class (X002).
fn classes_vs_items(l: &mut Linter, st: &Stated) {
    if st.items.is_empty() || st.classes.is_empty() {
        return;
    }
    for class in &st.classes {
        let items: Vec<Fig> = st
            .items
            .iter()
            .filter(|i| i.class == class.label)
            .map(|i| i.amount)
            .collect();
        let mut at: Vec<usize> = items.iter().map(|f| f.at).collect();
        at.push(class.amount.at);
        l.mark(&at);
        let nums: Vec<Num> = items.iter().map(|f| f.num).collect();
        let ok = if items.is_empty() {
            class.amount.num.value.is_zero()
        } else {
            sum_agrees(&nums, class.amount.num)
        };
        if !ok {
            let sum: Decimal = nums.iter().map(|n| n.value).sum();
            l.error(
                "X002",
                (class.amount.at, class.amount.at + 1),
                format!(
                    "五（二）{}{}万元，五（三）该类各项之和为{}万元",
                    class.label,
                    class.amount.v(),
                    sum.normalize()
                ),
            );
        }
    }
    for item in &st.items {
        if !st.classes.iter().any(|c| c.label == item.class) {
            l.error(
                "X002",
                item.span,
                format!("五（三）的类“{}”不在五（二）所列各类中", item.class),
            );
        }
    }
}

/// A narrative figure against a table cell (X001).
fn cell(l: &mut Linter, t: &Table, what: &str, f: Fig, c: Cell) {
    l.mark(&[f.at, c.at]);
    let table = t.wan(&c);
    if !Range::of(table).overlaps(Range::of(f.num)) {
        l.error(
            "X001",
            (f.at, f.at + 1),
            format!(
                "正文{what}{}万元，附表“{}”为{}（{}万元）",
                f.v(),
                t.title,
                c.num.value.normalize(),
                show(table.value, 2)
            ),
        );
    }
}

fn first(r: Option<&super::tables::Row>) -> Option<Cell> {
    r.and_then(|r| r.cells.first().copied())
}

fn against_tables(l: &mut Linter, st: &Stated, tables: &Tables) {
    if let Some(t) = tables.get(TableKind::IncomeExpenditure) {
        let totals: Vec<Cell> = t
            .labels("总计")
            .filter_map(|r| r.cells.first().copied())
            .collect();
        if let (Some(f), Some(c)) = (st.grand_total, totals.first()) {
            cell(l, t, "收、支总计", f, *c);
        }
        if let (Some(f), Some(c)) = (st.income_total, first(t.label("本年收入合计"))) {
            cell(l, t, "本年收入合计", f, c);
        }
        if let (Some(f), Some(c)) = (st.expenditure_total, first(t.label("本年支出合计"))) {
            cell(l, t, "本年支出合计", f, c);
        }
        for item in &st.income {
            match first(t.label(&item.label)) {
                Some(c) => cell(l, t, &item.label, item.amount, c),
                // Zero sources are blank in the table.
                None if item.amount.num.value.is_zero()
                    && t.rows
                        .iter()
                        .any(|r| strip_numbering(&r.label) == item.label) =>
                {
                    l.mark(&[item.amount.at])
                }
                None => {}
            }
        }
    }
    if let Some(t) = tables.get(TableKind::Expenditure) {
        if let Some(total) = t.label("合计") {
            if total.cells.len() == 6 {
                let names = [
                    "基本支出",
                    "项目支出",
                    "上缴上级支出",
                    "经营支出",
                    "对附属单位补助支出",
                ];
                for (i, n) in names.iter().enumerate() {
                    if let Some(item) = Stated::find(&st.expenditure, n) {
                        cell(l, t, n, item.amount, total.cells[i + 1]);
                    }
                }
            }
        }
    }
    if let (Some(t), Some(f)) = (
        tables.get(TableKind::FiscalIncomeExpenditure),
        st.fiscal_total,
    ) {
        if let Some(c) = t
            .labels("总计")
            .filter_map(|r| r.cells.first().copied())
            .next()
        {
            cell(l, t, "财政拨款收、支总计", f, c);
        }
    }
    if let Some(t) = tables.get(TableKind::GeneralBudget) {
        general_budget_table(l, st, t);
    }
    if let Some(t) = tables.get(TableKind::Basic) {
        for (what, f, label) in [
            ("人员经费", st.personnel, "人员经费合计"),
            ("公用经费", st.public, "公用经费合计"),
        ] {
            if let (Some(f), Some(c)) = (f, first(t.label(label))) {
                cell(l, t, what, f, c);
            }
        }
        economic_items(l, &st.economic_items, t);
    }
    empty_tables(l, st, tables);
    for (kind, fig, what) in [
        (
            TableKind::GovernmentFund,
            st.government_fund,
            "政府性基金预算财政拨款支出",
        ),
        (
            TableKind::StateCapitalIncomeExpenditure,
            st.state_capital,
            "国有资本经营预算财政拨款支出",
        ),
    ] {
        if let (Some(t), Some(f)) = (tables.get(kind), fig) {
            if let Some(r) = t.label("合计").filter(|r| r.cells.len() == 6) {
                cell(l, t, what, f, r.cells[2]);
            }
        }
    }
    fleet(l);
    if let (Some(t), Some(f)) = (tables.get(TableKind::ThreePublic), st.three_public) {
        // The 决算数 合计 is the first cell of the second half (or the only half).
        if let Some(r) = t.rows.iter().find(|r| r.cells.len() >= 6) {
            let c = r.cells[if r.cells.len() >= 12 { 6 } else { 0 }];
            cell(l, t, "“三公”经费", f, c);
        }
    }
}

/// 五 against table 06: the total, each class and each 项 (by name under its 类 and 款).
fn general_budget_table(l: &mut Linter, st: &Stated, t: &Table) {
    if let (Some(f), Some(c)) = (
        st.general_budget.or(st.classes_total),
        first(t.label("合计")),
    ) {
        cell(l, t, "一般公共预算财政拨款支出", f, c);
    }
    if let (Some(f), Some(total)) = (st.basic, t.label("合计")) {
        if total.cells.len() == 3 {
            cell(l, t, "基本支出", f, total.cells[1]);
        }
    }
    for class in &st.classes {
        let row = t
            .rows
            .iter()
            .find(|r| r.code.as_ref().is_some_and(|c| c.len() == 3) && r.label == class.label);
        match row.and_then(|r| r.cells.first().copied()) {
            Some(c) => cell(l, t, &class.label, class.amount, c),
            None if class.amount.num.value.is_zero() => l.mark(&[class.amount.at]),
            None => l.error(
                "X001",
                (class.amount.at, class.amount.at + 1),
                format!(
                    "正文{}{}万元，附表“{}”中没有该类",
                    class.label,
                    class.amount.v(),
                    t.title
                ),
            ),
        }
    }
    let name = |code: &str| t.code(code).map(|r| r.label.as_str()).unwrap_or("");
    for item in &st.items {
        let row = t.rows.iter().find(|r| {
            r.code.as_ref().is_some_and(|c| {
                c.len() == 7
                    && r.label == item.xiang
                    && name(&c[..5]) == item.kuan
                    && name(&c[..3]) == item.class
            })
        });
        if let Some(c) = row.and_then(|r| r.cells.first().copied()) {
            cell(l, t, &format!("{}（项）", item.xiang), item.amount, c);
        }
    }
}

/// 六's 经济分类 items against table 08's 款 rows of the same name.
fn economic_items(l: &mut Linter, items: &[Item], t: &Table) {
    for item in items {
        let rows: Vec<&super::tables::Row> = t
            .rows
            .iter()
            .filter(|r| r.code.as_ref().is_some_and(|c| c.len() == 5) && r.label == item.label)
            .collect();
        if rows.len() != 1 {
            continue;
        }
        match rows[0].cells.first() {
            Some(c) => cell(l, t, &item.label, item.amount, *c),
            None if item.amount.num.value.is_zero() => l.mark(&[item.amount.at]),
            None => l.error(
                "X001",
                (item.amount.at, item.amount.at + 1),
                format!(
                    "正文{}{}万元，附表“{}”该行为空",
                    item.label,
                    item.amount.v(),
                    t.title
                ),
            ),
        }
    }
}

/// The figures (图1–图7): bar labels are last year's and this year's totals; pie labels
/// repeat the list items with their shares (X005). Read from the raw text between the
/// section's last sentence and the caption, where the chart's labels stand.
fn charts(l: &mut Linter, st: &Stated) {
    static CAPTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"（图(\d)[：:]").unwrap());
    static LABEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)(?:^|\s)(\d[\d,]*(?:\.\d+)?)\s*万\s*元").unwrap());
    static PIE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([^\s\d%]+)\s+(\d[\d,]*(?:\.\d+)?)万元\s+(\d+(?:\.\d+)?)%").unwrap()
    });
    let Some(p2) = l.outline.part2 else { return };
    let flat = l.doc.flat[p2.start..p2.end].to_string();
    for c in CAPTION.captures_iter(&flat) {
        let cap = p2.start + c.get(0).unwrap().start();
        let from = flat[..c.get(0).unwrap().start()]
            .rfind('。')
            .map_or(p2.start, |i| p2.start + i + 3);
        let (raw_from, raw_to) = (l.doc.raw_at(from), l.doc.raw_at(cap));
        let region = l.doc.raw[raw_from..raw_to].to_string();
        let no: u32 = c[1].parse().unwrap_or(0);
        let amounts: Vec<Fig> = LABEL
            .captures_iter(&region)
            .filter_map(|m| {
                let g = m.get(1).unwrap();
                Some(Fig {
                    num: l.wan(g.as_str())?,
                    at: l.doc.flat_at(raw_from + g.start()),
                })
            })
            .collect();
        match no {
            1 | 4 | 5 => {
                let current = match no {
                    1 => st.grand_total,
                    4 => st.fiscal_total,
                    _ => st.general_budget,
                };
                bar(l, no, &amounts, current);
            }
            2 | 3 | 6 | 7 => {
                let items: &[Item] = match no {
                    2 => &st.income,
                    3 => &st.expenditure,
                    6 => &st.classes,
                    _ => &st.three_parts,
                };
                for m in PIE.captures_iter(&region) {
                    let label = m[1].to_string();
                    let (g2, g3) = (m.get(2).unwrap(), m.get(3).unwrap());
                    let (Some(amount), Some(share)) = (l.wan(g2.as_str()), l.share(g3.as_str()))
                    else {
                        continue;
                    };
                    let (a_at, s_at) = (
                        l.doc.flat_at(raw_from + g2.start()),
                        l.doc.flat_at(raw_from + g3.start()),
                    );
                    if let Some(item) = items.iter().find(|i| i.label == label) {
                        l.mark(&[a_at, s_at]);
                        let same_share = item.share.is_none_or(|s| s.num.value == share.value);
                        if !sum_agrees(&[item.amount.num], amount) || !same_share {
                            l.error(
                                "X005",
                                (a_at, a_at + 1),
                                format!(
                                    "图{no}：{label}{}万元、{}%，正文为{}万元",
                                    amount.value.normalize(),
                                    share.value.normalize(),
                                    item.amount.v()
                                ),
                            );
                        }
                    }
                }
                // Percent labels repeated around the pie: each equals one of the shares.
                for (at, f) in l
                    .doc
                    .figures
                    .range(l.doc.flat_at(raw_from)..cap)
                    .map(|(a, f)| (*a, f.clone()))
                    .collect::<Vec<_>>()
                {
                    if f.kind == crate::lint::text::Kind::Percent
                        && items
                            .iter()
                            .any(|i| i.share.is_some_and(|s| s.num.value == f.num.value))
                    {
                        l.mark(&[at]);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A bar chart of last year and this year: this year's bar is the stated total, last
/// year's is the total ∓ the change the section states ("持平": the same).
fn bar(l: &mut Linter, no: u32, amounts: &[Fig], current: Option<Fig>) {
    static CHANGE: LazyLock<Regex> = LazyLock::new(|| super::re(r"(增加|减少){N}万元"));
    let Some(cur) = current else { return };
    if amounts.is_empty() {
        return;
    }
    let section = match no {
        1 => 0,
        4 => 3,
        _ => 4,
    };
    let (text, base) = l.outline.section(&l.doc, section);
    let change = CHANGE.captures(text).and_then(|c| {
        let d = l.fig(&c, 2, base)?;
        Some(if &c[1] == "增加" {
            (d, true)
        } else {
            (d, false)
        })
    });
    let flat_same = text.contains("持平");
    let (cur_bar, others): (Vec<&Fig>, Vec<&Fig>) =
        amounts.iter().partition(|a| sum_agrees(&[a.num], cur.num));
    l.mark(&cur_bar.iter().map(|a| a.at).collect::<Vec<_>>());
    if cur_bar.is_empty() {
        l.error(
            "X005",
            (amounts[0].at, amounts[0].at + 1),
            format!("图{no}中没有与正文{}万元相符的本年数", cur.v()),
        );
    }
    for prev in others {
        l.mark(&[prev.at]);
        let expected = match change {
            Some((d, up)) => {
                let n = Num {
                    value: if up {
                        cur.num.value - d.num.value
                    } else {
                        cur.num.value + d.num.value
                    },
                    half: cur.num.half + d.num.half,
                    decimals: cur.num.decimals,
                };
                Some(n)
            }
            None if flat_same => Some(cur.num),
            None => None,
        };
        if let Some(e) = expected {
            if !sum_agrees(&[prev.num], e) {
                l.error(
                    "X005",
                    (prev.at, prev.at + 1),
                    format!(
                        "图{no}的上年数{}万元与正文推出的{}万元不符",
                        prev.num.value.normalize(),
                        e.value.normalize()
                    ),
                );
            }
        }
    }
}

/// A table that says it has no data agrees with a zero in the text, not with an amount.
fn empty_tables(l: &mut Linter, st: &Stated, tables: &Tables) {
    let pairs = [
        (TableKind::ThreePublic, st.three_public, "“三公”经费"),
        (
            TableKind::GovernmentFund,
            st.government_fund,
            "政府性基金预算财政拨款支出",
        ),
        (
            TableKind::StateCapital,
            st.state_capital,
            "国有资本经营预算财政拨款支出",
        ),
    ];
    for (kind, fig, what) in pairs {
        let (Some(f), Some(t)) = (fig, tables.tables.iter().find(|t| t.kind == kind)) else {
            continue;
        };
        if !t.rows.is_empty() || !t.empty_note {
            continue;
        }
        l.mark(&[f.at]);
        if !f.num.value.is_zero() {
            l.error(
                "X001",
                (f.at, f.at + 1),
                format!("正文{what}{}万元，附表“{}”却说明本表无数据", f.v(), t.title),
            );
        }
    }
}

/// 七's 公务用车 at year end are among 十（三）'s 车辆 (X006).
fn fleet(l: &mut Linter) {
    static CARS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"共有公务用车(\d+)辆").unwrap());
    static ALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"共有车辆(\d+)辆").unwrap());
    let (seven, b7) = l.outline.section(&l.doc, 6);
    let (ten, b10) = l.outline.section(&l.doc, 9);
    let get = |re: &Regex, text: &str, base: usize| {
        re.captures(text).and_then(|c| {
            let m = c.get(1)?;
            Some(Fig {
                num: Num::parse(m.as_str())?,
                at: base + m.start(),
            })
        })
    };
    let (Some(cars), Some(all)) = (get(&CARS, seven, b7), get(&ALL, ten, b10)) else {
        return;
    };
    l.mark(&[cars.at, all.at]);
    if cars.num.value > all.num.value {
        l.error(
            "X006",
            (all.at, all.at + 1),
            format!(
                "十（三）共有车辆{}辆，少于七中的公务用车{}辆",
                all.v(),
                cars.v()
            ),
        );
    }
}
