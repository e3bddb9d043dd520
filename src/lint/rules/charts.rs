//! The figures (图1–图7) against the sentences they illustrate (X005): bar charts show
//! last year's and this year's totals, pie charts repeat the list items with their shares.

use std::sync::LazyLock;

use regex::Regex;

use super::narrative::{Fig, Item, Stated};
use super::Linter;
use crate::lint::number::{sum_agrees, Num};

/// The figures (图1–图7): bar labels are last year's and this year's totals; pie labels
/// repeat the list items with their shares (X005). Read from the raw text between the
/// section's last sentence and the caption, where the chart's labels stand.
pub fn check(l: &mut Linter, st: &Stated) {
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
