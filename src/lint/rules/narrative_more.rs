//! The narrative rules of sections 五, 六, 七 and 十, the change sentences of every
//! section and a label stated twice with different figures.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::narrative::{amount_list, missing_amounts, share_list, Fig, ItemLine, Stated};
use super::{re, Linter};
use crate::lint::number::{rate_fit, show, sum_agrees, Num, Range, RateFit};

/// 五: (一) total and share, (二) classes, (三) 项 lines and completion rates.
pub fn general_budget(l: &mut Linter, st: &mut Stated) {
    static TOTAL: LazyLock<Regex> =
        LazyLock::new(|| re(r"一般公共预算财政拨款支出(?:决算)?{N}万元，占本年支出合计的{N}%"));
    static CLASSES: LazyLock<Regex> = LazyLock::new(|| {
        re(r"一般公共预算财政拨款支出(?:决算)?{N}万元，主要用于以下方面：([^。]*)")
    });
    // A 类/款/项 name: no digits or sentence marks; brackets only around other words.
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        let name = r"((?:[^（）\d。：；]|（[^类款项）]+）)+)";
        re(&format!(
            r"\d+[.．、]{name}（类）{name}（款）{name}（项）：?支出决算(?:数)?为{{N}}(?:万元)?(?:，完成(?:全年|年初|调整)?预算的?{{N}}%)?"
        ))
    });
    static ITEMS_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"一般公共预算(?:财政拨款)?支出决算数?为{N}(?:万元)?(?:，完成(?:全年|年初|调整)?预算的?{N}%)?",
        )
    });
    let (text, base) = l.outline.section(&l.doc, 4);
    let text = text.to_string();
    if let Some(c) = TOTAL.captures(&text) {
        st.general_budget = l.fig(&c, 1, base);
        st.general_budget_share = l.pct(&c, 2, base, true);
    }
    if let Some(c) = CLASSES.captures(&text) {
        let total = l.fig(&c, 1, base).expect("number");
        let list = c.get(2).unwrap();
        let (items, bad) = share_list(l, list.as_str(), base + list.start());
        let span = (
            base + c.get(0).unwrap().start(),
            base + c.get(0).unwrap().end(),
        );
        missing_amounts(l, "五（二）", &bad);
        if !items.is_empty() {
            let parts: Vec<Fig> = items.iter().map(|i| i.amount).collect();
            l.check_sum("五（二）、各类支出", &parts, total, span);
            l.check_shares("五（二）、支出结构", &items, total, span);
        }
        st.classes_total = Some(total);
        st.classes = items;
    }
    for c in ITEM.captures_iter(&text) {
        let whole = c.get(0).unwrap();
        st.items.push(ItemLine {
            class: c[1].to_string(),
            kuan: c[2].to_string(),
            xiang: c[3].to_string(),
            amount: l.fig(&c, 4, base).expect("number"),
            rate: l.pct(&c, 5, base, false),
            span: (base + whole.start(), base + whole.end()),
        });
    }
    if let Some(c) = ITEMS_TOTAL.captures(&text) {
        let total = l.fig(&c, 1, base).expect("number");
        let span = (
            base + c.get(0).unwrap().start(),
            base + c.get(0).unwrap().end(),
        );
        st.items_total = Some(total);
        let amounts: Vec<Fig> = st.items.iter().map(|i| i.amount).collect();
        if !amounts.is_empty() {
            l.check_sum("五（三）、各项支出", &amounts, total, span);
        }
        if let Some(rate) = l.pct(&c, 2, base, false) {
            completion(l, st, total, rate, span);
        }
    }
}

/// The total completion rate of 五（三） against the budgets its 项 lines imply.
fn completion(l: &mut Linter, st: &Stated, total: Fig, rate: Fig, span: (usize, usize)) {
    let mut lo = Decimal::ZERO;
    let mut hi = Decimal::ZERO;
    for item in &st.items {
        match item.rate {
            Some(r) if !r.num.value.is_zero() => {
                // budget = amount / rate
                let hundred = Decimal::ONE_HUNDRED;
                lo += item.amount.num.lo().max(Decimal::ZERO) * hundred / r.num.hi();
                hi += item.amount.num.hi() * hundred / r.num.lo().max(Decimal::new(1, 6));
            }
            _ => return,
        }
    }
    if st.items.is_empty() || hi.is_zero() {
        return;
    }
    let mut at: Vec<usize> = st
        .items
        .iter()
        .filter_map(|i| i.rate.map(|r| r.at))
        .collect();
    at.push(rate.at);
    l.mark(&at);
    let hundred = Decimal::ONE_HUNDRED;
    let exact = Range {
        lo: total.num.lo().max(Decimal::ZERO) * hundred / hi,
        hi: total.num.hi() * hundred / lo.max(Decimal::new(1, 6)),
    };
    if rate_fit(rate.num, exact) == RateFit::Wrong {
        l.error(
            "A006",
            span,
            format!(
                "五（三）：总完成预算{}%与各项决算数、完成率推出的约{}%不符",
                rate.v(),
                show(exact.mid(), 2)
            ),
        );
    }
}

/// 六: 基本支出 = 人员经费 + 公用经费, each = Σ its 经济分类 items.
pub fn basic(l: &mut Linter, st: &mut Stated) {
    static BASIC: LazyLock<Regex> = LazyLock::new(|| re(r"基本支出{N}万元"));
    static LIST: LazyLock<Regex> =
        LazyLock::new(|| re(r"(人员经费|公用经费){N}万元，主要(?:包括|用于)：([^。]*)"));
    static ALONE: LazyLock<Regex> = LazyLock::new(|| re(r"(人员经费|公用经费){N}万元"));
    let (text, base) = l.outline.section(&l.doc, 5);
    let text = text.to_string();
    st.basic = BASIC.captures(&text).and_then(|c| l.fig(&c, 1, base));
    for c in LIST.captures_iter(&text) {
        let total = l.fig(&c, 2, base).expect("number");
        let list = c.get(3).unwrap();
        let what = format!("六、{}明细", &c[1]);
        let (items, bad) = amount_list(l, list.as_str(), base + list.start());
        missing_amounts(l, &what, &bad);
        let span = (
            base + c.get(0).unwrap().start(),
            base + c.get(0).unwrap().end(),
        );
        if !items.is_empty() {
            let parts: Vec<Fig> = items.iter().map(|i| i.amount).collect();
            l.check_sum(&what, &parts, total, span);
        }
        st.economic_items.extend(items);
        if &c[1] == "人员经费" {
            st.personnel = Some(total);
        } else {
            st.public = Some(total);
        }
    }
    // A unit without basic spending says so in one sentence.
    for c in ALONE.captures_iter(&text) {
        let slot = if &c[1] == "人员经费" {
            &mut st.personnel
        } else {
            &mut st.public
        };
        if slot.is_none() {
            *slot = l.fig(&c, 2, base);
        }
    }
    if let (Some(b), Some(p), Some(q)) = (st.basic, st.personnel, st.public) {
        l.check_sum("六、基本支出=人员经费+公用经费", &[p, q], b, (b.at, q.at));
    }
}

/// 七: total, the three parts and their shares, vehicles, receptions.
pub fn three_public(l: &mut Linter, st: &mut Stated) {
    static TOTAL: LazyLock<Regex> =
        LazyLock::new(|| re(r"[“”\x22]?三公[“”\x22]?经费财政拨款支出决算(?:为|数为)?{N}万元"));
    static PARTS: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"因公出国（境）费(?:用)?支出决算{N}万元，占{N}%；公务用车购置及运行(?:维护)?费支出决算{N}万元，占{N}%；公务接待费支出决算{N}万元，占{N}%",
        )
    });
    static PURCHASE: LazyLock<Regex> = LazyLock::new(|| re(r"公务用车购置(?:费)?支出{N}万元"));
    static OPERATION: LazyLock<Regex> = LazyLock::new(|| re(r"公务用车运行(?:维护)?费支出{N}万元"));
    static BOUGHT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"购置公务用车(\d+)辆，其中：轿车(\d+)辆、金额{N}万元，越野车(\d+)辆、金额{N}万元，载客汽车(\d+)辆、金额{N}万元",
        )
    });
    static RECEPTION: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?:国内公务|外事)接待\d+批次，\d+人次（不包括陪同人员），共计支出{N}万元")
    });
    let (text, base) = l.outline.section(&l.doc, 6);
    let text = text.to_string();
    st.three_public = TOTAL.captures(&text).and_then(|c| l.fig(&c, 1, base));
    let mut vehicle = None;
    let mut reception = None;
    if let (Some(c), Some(total)) = (PARTS.captures(&text), st.three_public) {
        let span = (
            base + c.get(0).unwrap().start(),
            base + c.get(0).unwrap().end(),
        );
        let items: Vec<super::narrative::Item> = [
            ("因公出国（境）费", 1),
            ("公务用车购置及运行维护费", 3),
            ("公务接待费", 5),
        ]
        .iter()
        .map(|(label, i)| super::narrative::Item {
            label: label.to_string(),
            amount: l.fig(&c, *i, base).expect("number"),
            share: l.pct(&c, i + 1, base, true),
        })
        .collect();
        let parts: Vec<Fig> = items.iter().map(|i| i.amount).collect();
        l.check_sum("七、“三公”经费三项", &parts, total, span);
        l.check_shares("七、“三公”经费结构", &items, total, span);
        vehicle = Some(items[1].amount);
        reception = Some(items[2].amount);
        st.three_parts = items;
    }
    let purchase = PURCHASE.captures(&text).and_then(|c| l.fig(&c, 1, base));
    let operation = OPERATION.captures(&text).and_then(|c| l.fig(&c, 1, base));
    if let (Some(v), Some(p), Some(o)) = (vehicle, purchase, operation) {
        l.check_sum("七、公务用车购置费+运行维护费", &[p, o], v, (p.at, o.at));
    }
    if let Some(c) = BOUGHT.captures(&text) {
        let span = (
            base + c.get(0).unwrap().start(),
            base + c.get(0).unwrap().end(),
        );
        let count = |i: usize| Fig {
            num: Num::parse(&c[i]).expect("digits"),
            at: base + c.get(i).unwrap().start(),
        };
        let kinds = [count(2), count(4), count(6)];
        counts(l, "七、购置公务用车", &kinds, count(1), span);
        if let Some(p) = purchase {
            let amounts: Vec<Fig> = [3, 5, 7]
                .iter()
                .filter_map(|i| l.fig(&c, *i, base))
                .collect();
            l.check_sum("七、分车型购置金额", &amounts, p, span);
        }
    }
    static FLEET: LazyLock<Regex> = LazyLock::new(|| {
        re(r"共有公务用车(\d+)辆，其中：轿车(\d+)辆、越野车(\d+)辆、载客汽车(\d+)辆")
    });
    if let Some(c) = FLEET.captures(&text) {
        let span = (
            base + c.get(0).unwrap().start(),
            base + c.get(0).unwrap().end(),
        );
        let count = |i: usize| Fig {
            num: Num::parse(&c[i]).expect("digits"),
            at: base + c.get(i).unwrap().start(),
        };
        counts(
            l,
            "七、公务用车保有量",
            &[count(2), count(3), count(4)],
            count(1),
            span,
        );
    }
    if let Some(r) = reception {
        let parts: Vec<Fig> = RECEPTION
            .captures_iter(&text)
            .filter_map(|c| l.fig(&c, 1, base))
            .collect();
        if !parts.is_empty() {
            l.check_sum("七、国内+外事接待", &parts, r, (r.at, r.at));
        }
    }
}

/// Σ counts = total count (A008).
fn counts(l: &mut Linter, what: &str, parts: &[Fig], total: Fig, span: (usize, usize)) {
    let mut at: Vec<usize> = parts.iter().map(|p| p.at).collect();
    at.push(total.at);
    l.mark(&at);
    let sum: Decimal = parts.iter().map(|p| p.num.value).sum();
    if sum != total.num.value {
        l.error(
            "A008",
            span,
            format!("{what}{}辆，分车型合计{}辆", total.v(), sum),
        );
    }
}

/// 十: 政府采购 (goods + works + services, SME shares) and vehicles by use.
pub fn other(l: &mut Linter) {
    static PROCUREMENT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"政府采购支出总额{N}万元，其中：政府采购货物支出{N}万元、政府采购工程支出{N}万元、政府采购服务支出{N}万元",
        )
    });
    static SME: LazyLock<Regex> =
        LazyLock::new(|| re(r"授予(中小企业|小微企业)合同金额{N}万元，占政府采购支出总额的{N}%"));
    static VEHICLES: LazyLock<Regex> = LazyLock::new(|| re(r"共有车辆(\d+)辆，其中：([^。]*)"));
    static EACH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d+)辆").unwrap());
    let (text, base) = l.outline.section(&l.doc, 9);
    let text = text.to_string();
    if let Some(c) = PROCUREMENT.captures(&text) {
        let span = (
            base + c.get(0).unwrap().start(),
            base + c.get(0).unwrap().end(),
        );
        let total = l.fig(&c, 1, base).expect("number");
        let parts: Vec<Fig> = [2, 3, 4]
            .iter()
            .filter_map(|i| l.fig(&c, *i, base))
            .collect();
        l.check_sum("十（二）、政府采购货物+工程+服务", &parts, total, span);
        for s in SME.captures_iter(&text) {
            let (Some(a), Some(p)) = (l.fig(&s, 2, base), l.pct(&s, 3, base, true)) else {
                continue;
            };
            l.mark(&[a.at, p.at]);
            let exact = Range::percent(a.num, total.num);
            let ok = match exact {
                Some(e) => rate_fit(p.num, e) != RateFit::Wrong,
                None => p.num.value.is_zero(),
            };
            if !ok {
                l.error(
                    "A003",
                    (p.at, p.at + 1),
                    format!(
                        "十（二）：授予{}合同金额{}万元占{}%，按总额{}万元不符",
                        &s[1],
                        a.v(),
                        p.v(),
                        total.v()
                    ),
                );
            }
        }
    }
    if let Some(c) = VEHICLES.captures(&text) {
        let span = (
            base + c.get(0).unwrap().start(),
            base + c.get(0).unwrap().end(),
        );
        let list = c.get(2).unwrap();
        let parts: Vec<Fig> = EACH
            .captures_iter(list.as_str())
            .map(|k| Fig {
                num: Num::parse(&k[1]).expect("digits"),
                at: base + list.start() + k.get(1).unwrap().start(),
            })
            .collect();
        let total = Fig {
            num: Num::parse(&c[1]).expect("digits"),
            at: base + c.get(1).unwrap().start(),
        };
        counts(l, "十（三）、共有车辆", &parts, total, span);
    }
}

/// Every change sentence of 第二部分: the growth rate is the change over last year's
/// figure (the current one ∓ the change), within rounding.
pub fn changes(l: &mut Linter) {
    for i in 0..10 {
        let (text, base) = l.outline.section(&l.doc, i);
        let text = text.to_string();
        changes_in(l, &text, base);
    }
}

/// The change sentences of one section. The current figure is the first amount of the
/// sentence before the change, else of the nearest earlier sentence that has one; a
/// figure caption ends a sentence too (the chart's labels stand before it).
fn changes_in(l: &mut Linter, text: &str, base: usize) {
    static CHANGE: LazyLock<Regex> =
        LazyLock::new(|| re(r"(增加|减少|增长|下降){N}万元，(增长|下降|增加|减少){N}%"));
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| re(r"{N}万元"));
    let sentence_start = |end: usize| -> usize {
        let dot = text[..end].rfind('。').map_or(0, |i| i + '。'.len_utf8());
        let caption = text[..end].rfind("）").map_or(0, |i| i + '）'.len_utf8());
        dot.max(caption)
    };
    for c in CHANGE.captures_iter(text) {
        let start = c.get(0).unwrap().start();
        // "增加/减少169.21万元": an unmade choice (R001), not a decrease.
        if text[..start].ends_with(['/', '／']) {
            continue;
        }
        let span = (base + start, base + c.get(0).unwrap().end());
        let (Some(d), Some(rate)) = (l.fig(&c, 2, base), l.pct(&c, 4, base, false)) else {
            continue;
        };
        let up = matches!(&c[1], "增加" | "增长");
        if up != matches!(&c[3], "增长" | "增加") {
            l.error("A005", span, format!("“{}”与“{}”方向不一致", &c[1], &c[3]));
        }
        let mut cur = None;
        let mut end = start;
        for _ in 0..4 {
            let s = sentence_start(end);
            if let Some(a) = AMOUNT.captures(&text[s..end]) {
                cur = l.fig(&a, 1, base + s);
                break;
            }
            if s == 0 {
                break;
            }
            end = text[..s].char_indices().next_back().map_or(0, |(i, _)| i);
        }
        let Some(cur) = cur else { continue };
        rate_of_change(l, (cur, d, rate, up), span);
    }
}

fn rate_of_change(l: &mut Linter, (cur, d, rate, up): (Fig, Fig, Fig, bool), span: (usize, usize)) {
    l.mark(&[d.at, rate.at, cur.at]);
    let (prev_lo, prev_hi) = if up {
        (cur.num.lo() - d.num.hi(), cur.num.hi() - d.num.lo())
    } else {
        (cur.num.lo() + d.num.lo(), cur.num.hi() + d.num.hi())
    };
    if prev_hi <= Decimal::ZERO {
        l.error(
            "A004",
            span,
            format!(
                "上年数为0（本年{}万元、增加{}万元），不应给出增长率{}%",
                cur.v(),
                d.v(),
                rate.v()
            ),
        );
        return;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let exact = Range {
        lo: d.num.lo().max(Decimal::ZERO) * hundred / prev_hi,
        hi: d.num.hi() * hundred / prev_lo.max(Decimal::new(1, 6)),
    };
    match rate_fit(rate.num, exact) {
        RateFit::Rounded => {}
        RateFit::Truncated => l.warning(
            "A007",
            span,
            format!(
                "增长率{}%是截断而非四舍五入（按本年{}万元、变动{}万元约为{}%）",
                rate.v(),
                cur.v(),
                d.v(),
                show(exact.mid(), 4)
            ),
        ),
        RateFit::Wrong => l.error(
            "A004",
            span,
            format!(
                "本年{}万元、变动{}万元，上年应为{}万元，增长率应约为{}%，印为{}%",
                cur.v(),
                d.v(),
                show((prev_lo + prev_hi) / Decimal::TWO, 2),
                show(exact.mid(), 2),
                rate.v()
            ),
        ),
    }
}

/// The same label stated twice in one sentence with different amounts ("人员经费97.79万元，
/// 人员经费163.62万元"): A009.
pub fn repeated_labels(l: &mut Linter) {
    static PAIR: LazyLock<Regex> = LazyLock::new(|| re(r"([^：；，。、\d]{2,20}?){N}万元"));
    let Some(p2) = l.outline.part2 else { return };
    let text = l.doc.flat[p2.start..p2.end].to_string();
    let mut offset = 0;
    for sentence in text.split_inclusive('。') {
        let base = p2.start + offset;
        offset += sentence.len();
        let mut seen: BTreeMap<String, Fig> = BTreeMap::new();
        for c in PAIR.captures_iter(sentence) {
            let Some(f) = l.fig(&c, 2, base) else {
                continue;
            };
            let label = c[1].to_string();
            // Only money concepts ("金额" in a list of vehicle kinds is not one).
            if !["经费", "支出", "收入", "合计", "总计"]
                .iter()
                .any(|s| label.ends_with(s))
            {
                continue;
            }
            if let Some(first) = seen.get(&label) {
                if !sum_agrees(&[first.num], f.num) {
                    l.mark(&[first.at, f.at]);
                    l.error(
                        "A009",
                        (first.at, f.at + 1),
                        format!(
                            "同一句中“{label}”有两个不同的数：{}万元与{}万元",
                            first.v(),
                            f.v()
                        ),
                    );
                }
            } else {
                seen.insert(label, f);
            }
        }
    }
}
