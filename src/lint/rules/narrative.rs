//! Arithmetic inside the sentences of 第二部分: parts vs totals (收入 by source, 支出 by
//! nature, classes, 项, 人员/公用经费 items, “三公” parts, vehicles, receptions, 政府采购),
//! shares (sum to 100, each = part / total), changes and growth rates vs the stated
//! figures, completion rates vs the budgets they imply; truncation told apart from
//! rounding. What the sentences state is kept for the cross-references.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::{re, Linter};
use crate::lint::number::{printed_sum, rate_fit, show, sum_agrees, Num, Range, RateFit};

/// A figure of the text: its value and flat offset.
#[derive(Debug, Clone, Copy)]
pub struct Fig {
    pub num: Num,
    pub at: usize,
}

impl Fig {
    pub fn v(&self) -> String {
        self.num.value.normalize().to_string()
    }
}

/// One `label N万元[，占P%]` item of a list.
#[derive(Debug, Clone)]
pub struct Item {
    pub label: String,
    pub amount: Fig,
    pub share: Option<Fig>,
}

/// One 项 line of 五（三）.
#[derive(Debug, Clone)]
pub struct ItemLine {
    pub class: String,
    pub kuan: String,
    pub xiang: String,
    pub amount: Fig,
    pub rate: Option<Fig>,
    pub span: (usize, usize),
}

/// What the narrative states, for the cross-references.
#[derive(Debug, Clone, Default)]
pub struct Stated {
    pub grand_total: Option<Fig>,
    pub income_total: Option<Fig>,
    pub income: Vec<Item>,
    pub expenditure_total: Option<Fig>,
    pub expenditure: Vec<Item>,
    pub fiscal_total: Option<Fig>,
    pub general_budget: Option<Fig>,
    pub general_budget_share: Option<Fig>,
    pub classes_total: Option<Fig>,
    pub classes: Vec<Item>,
    pub items_total: Option<Fig>,
    pub items: Vec<ItemLine>,
    pub basic: Option<Fig>,
    pub personnel: Option<Fig>,
    pub public: Option<Fig>,
    pub economic_items: Vec<Item>,
    pub three_public: Option<Fig>,
    pub three_parts: Vec<Item>,
    pub government_fund: Option<Fig>,
    pub state_capital: Option<Fig>,
}

impl Stated {
    /// The amount of the list item whose label contains `label`.
    pub fn find<'a>(items: &'a [Item], label: &str) -> Option<&'a Item> {
        items.iter().find(|i| i.label.contains(label))
    }
}

impl Linter<'_> {
    /// A 万元 amount captured at group `i` of `c`, in text starting at flat `base`.
    pub fn fig(&self, c: &Captures, i: usize, base: usize) -> Option<Fig> {
        let m = c.get(i)?;
        Some(Fig {
            num: self.wan(m.as_str())?,
            at: base + m.start(),
        })
    }

    /// A share or rate captured at group `i`.
    pub fn pct(&self, c: &Captures, i: usize, base: usize, share: bool) -> Option<Fig> {
        let m = c.get(i)?;
        let num = if share {
            self.share(m.as_str())?
        } else {
            self.rate(m.as_str())?
        };
        Some(Fig {
            num,
            at: base + m.start(),
        })
    }

    /// Σ parts = total, within the rounding of every printed figure (A001).
    pub fn check_sum(&mut self, what: &str, parts: &[Fig], total: Fig, span: (usize, usize)) {
        let mut at: Vec<usize> = parts.iter().map(|p| p.at).collect();
        at.push(total.at);
        self.mark(&at);
        let nums: Vec<Num> = parts.iter().map(|p| p.num).collect();
        if !sum_agrees(&nums, total.num) {
            let sum = show(printed_sum(&nums), self.prec.amount);
            self.error(
                "A001",
                span,
                format!("{what}：各项之和{sum}与合计{}不符", total.v()),
            );
        }
    }

    /// The shares of a list: they add up to 100 (when the total is not zero) and each is
    /// amount / total within rounding (A002, A003; A007 when they were truncated).
    pub fn check_shares(&mut self, what: &str, items: &[Item], total: Fig, span: (usize, usize)) {
        let shares: Vec<Fig> = items.iter().filter_map(|i| i.share).collect();
        if shares.is_empty() {
            return;
        }
        self.mark(&shares.iter().map(|s| s.at).collect::<Vec<_>>());
        if total.num.value.is_zero() {
            for s in shares.iter().filter(|s| !s.num.value.is_zero()) {
                self.error(
                    "A003",
                    (s.at, s.at + 1),
                    format!("{what}：合计为0，占比却为{}%", s.v()),
                );
            }
            return;
        }
        let mut wrong = Vec::new();
        let mut truncated = 0;
        for item in items {
            let Some(s) = item.share else { continue };
            let Some(exact) = Range::percent(item.amount.num, total.num) else {
                continue;
            };
            // Largest-remainder rounding moves a share by less than one unit.
            let allowed = Range {
                lo: exact.lo - s.num.unit(),
                hi: exact.hi + s.num.unit(),
            };
            if !allowed.overlaps(Range::of(s.num)) {
                wrong.push((item.clone(), s, exact));
            } else if rate_fit(s.num, exact) == RateFit::Truncated {
                truncated += 1;
            }
        }
        let sum: rust_decimal::Decimal = shares.iter().map(|s| s.num.value).sum();
        let hundred = rust_decimal::Decimal::ONE_HUNDRED;
        if sum != hundred && wrong.is_empty() {
            if truncated > 0 && sum < hundred {
                self.warning(
                    "A007",
                    span,
                    format!(
                        "{what}：占比之和为{}%，各占比是截断而非四舍五入（应使合计为100%）",
                        sum.normalize()
                    ),
                );
            } else {
                self.error(
                    "A002",
                    span,
                    format!("{what}：占比之和为{}%，应为100%", sum.normalize()),
                );
            }
        }
        for (item, s, exact) in wrong {
            self.error(
                "A003",
                (s.at, s.at + 1),
                format!(
                    "{what}：{}{}万元占{}%，按合计{}万元应约为{}%",
                    item.label,
                    item.amount.v(),
                    s.v(),
                    total.v(),
                    show(exact.mid(), s.num.decimals.max(1) + 1)
                ),
            );
        }
    }
}

/// `label N万元，占P%` items (separated by `；`), and pieces without an amount.
pub fn share_list(l: &Linter, list: &str, base: usize) -> (Vec<Item>, Vec<(usize, String)>) {
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| re(r"^([^：；，。、\d]+?){N}万元(?:，占(?:[^%，。；]{0,12}的)?{N}%)?$"));
    pieces(l, list, base, &ITEM, '；')
}

/// `label N万元` items (separated by `、`), as 六 lists them.
pub fn amount_list(l: &Linter, list: &str, base: usize) -> (Vec<Item>, Vec<(usize, String)>) {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| re(r"^([^：；，。、\d]+?){N}万元$"));
    pieces(l, list, base, &ITEM, '、')
}

fn pieces(
    l: &Linter,
    list: &str,
    base: usize,
    item: &Regex,
    sep: char,
) -> (Vec<Item>, Vec<(usize, String)>) {
    let mut items = Vec::new();
    let mut bad = Vec::new();
    let mut offset = 0;
    for piece in list.split(sep) {
        let start = base + offset;
        offset += piece.len() + sep.len_utf8();
        let p = piece.trim_end_matches(['等', '。']);
        if p.is_empty() {
            continue;
        }
        match item.captures(p) {
            Some(c) => items.push(Item {
                label: c[1].to_string(),
                amount: l.fig(&c, 2, start).expect("matched number"),
                share: l.pct(&c, 3, start, true),
            }),
            None => bad.push((start, p.to_string())),
        }
    }
    (items, bad)
}

/// Runs the narrative rules; returns what the text states.
pub fn check(l: &mut Linter) -> Stated {
    let mut st = Stated::default();
    if l.outline.sections.iter().all(Option::is_none) {
        let at = l.outline.body_start;
        l.warning(
            "L000",
            (at, at),
            "未识别为决算公开报告：找不到第二部分的任何一节".into(),
        );
        return st;
    }
    for i in 0..10 {
        if l.outline.sections[i].is_none() {
            let title = crate::lint::structure::SECTION_TITLES[i];
            let at = l.outline.part2.map_or(l.outline.body_start, |p| p.start);
            l.warning(
                "L001",
                (at, at),
                format!("找不到第二部分第{}节“{title}”", i + 1),
            );
        }
    }
    totals(l, &mut st);
    lists(l, &mut st);
    super::narrative_more::general_budget(l, &mut st);
    super::narrative_more::basic(l, &mut st);
    super::narrative_more::three_public(l, &mut st);
    super::narrative_more::other(l);
    super::narrative_more::changes(l);
    super::narrative_more::repeated_labels(l);
    st
}

fn totals(l: &mut Linter, st: &mut Stated) {
    let grab = |l: &Linter, i: usize, pat: &Regex| -> Option<Fig> {
        let (text, base) = l.outline.section(&l.doc, i);
        pat.captures(text).and_then(|c| l.fig(&c, 1, base))
    };
    static GRAND: LazyLock<Regex> = LazyLock::new(|| re(r"收、?支总计(?:均为|各为|为)?{N}万元"));
    static FISCAL: LazyLock<Regex> =
        LazyLock::new(|| re(r"财政拨款收、?支总计(?:均为|各为|为)?{N}万元"));
    static FUND: LazyLock<Regex> =
        LazyLock::new(|| re(r"政府性基金预算财政拨款支出(?:决算)?(?:为)?{N}万元"));
    static CAPITAL: LazyLock<Regex> =
        LazyLock::new(|| re(r"国有资本经营预算财政拨款支出(?:决算)?(?:为)?{N}万元"));
    st.grand_total = grab(l, 0, &GRAND);
    st.fiscal_total = grab(l, 3, &FISCAL);
    st.government_fund = grab(l, 7, &FUND);
    st.state_capital = grab(l, 8, &CAPITAL);
}

fn lists(l: &mut Linter, st: &mut Stated) {
    static INCOME: LazyLock<Regex> = LazyLock::new(|| re(r"本年收入合计{N}万元，其中：([^。]*)"));
    static SPENDING: LazyLock<Regex> = LazyLock::new(|| re(r"本年支出合计{N}万元，其中：([^。]*)"));
    for (i, pat, what, n) in [
        (1, &*INCOME, "二、本年收入合计", 8),
        (2, &*SPENDING, "三、本年支出合计", 5),
    ] {
        let (text, base) = l.outline.section(&l.doc, i);
        let Some(c) = pat.captures(text) else {
            continue;
        };
        let total = l.fig(&c, 1, base).expect("number");
        let list = c.get(2).unwrap();
        let (items, bad) = share_list(l, list.as_str(), base + list.start());
        let span = (
            base + c.get(0).unwrap().start(),
            base + c.get(0).unwrap().end(),
        );
        missing_amounts(l, what, &bad);
        let parts: Vec<Fig> = items.iter().map(|p| p.amount).collect();
        if !items.is_empty() {
            l.check_sum(what, &parts, total, span);
            l.check_shares(what, &items, total, span);
        }
        if items.len() + bad.len() < n {
            l.warning(
                "L002",
                span,
                format!(
                    "{what}：模板应列出{n}项（含为0的项），只找到{}项",
                    items.len() + bad.len()
                ),
            );
        }
        if i == 1 {
            st.income_total = Some(total);
            st.income = items;
        } else {
            st.expenditure_total = Some(total);
            st.expenditure = items;
        }
    }
}

/// List pieces without an amount: R002 when a label stands without its number.
pub fn missing_amounts(l: &mut Linter, what: &str, bad: &[(usize, String)]) {
    for (at, piece) in bad {
        let has_digit = piece.chars().any(|c| c.is_ascii_digit());
        if has_digit {
            // A figure we could not read: say so (it is listed as not checked).
            l.warning(
                "L003",
                (*at, *at + piece.len()),
                format!("{what}：无法读出“{piece}”中的金额"),
            );
        } else {
            l.error(
                "R002",
                (*at, *at + piece.len()),
                format!("{what}：“{piece}”缺少金额"),
            );
        }
    }
}
