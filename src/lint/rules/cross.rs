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
    super::charts::check(l, st);
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
        if let Some(r) = t.full_rows().next() {
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
