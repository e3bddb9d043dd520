//! Supplied texts as a careful writer embeds them, and small printed forms: a reason
//! after “主要变动原因” (no doubled “主要原因是”, an enumeration after a colon, one final
//! “。”), whether printed parts add up to their printed total (the 尾差 sentence), and
//! dates as the cover and the 公开时间 line print them.

use rust_decimal::Decimal;
use serde::Serialize;

use super::paragraphs;
use crate::format::Fmt;

/// A supplied reason, ready to follow a lead such as “主要变动原因”.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ReasonView {
    /// The reason without a lead of its own (主要原因是…) and without final punctuation.
    pub text: String,
    /// It enumerates (一是…二是…, 1.…, （1）…): the lead takes a colon, not “是”.
    pub list: bool,
}

/// Leads a writer may have typed before the reason itself, each followed by 是, 为, 有
/// or a colon; the template prints its own.
const NAMED_LEADS: [&str; 6] = [
    "决算数大于预算数的主要原因",
    "决算数小于预算数的主要原因",
    "主要变动原因",
    "变动原因",
    "主要原因",
    "原因",
];

/// Leads that stand alone (“主要是人员增加”).
const BARE_LEADS: [&str; 6] = [
    "主要是由于",
    "主要是因为",
    "主要是",
    "是由于",
    "这是因为",
    "因为",
];

/// Strips one lead the writer typed, if any.
fn strip_lead(t: &str) -> Option<&str> {
    for lead in NAMED_LEADS {
        let Some(rest) = t.strip_prefix(lead) else {
            continue;
        };
        let rest = rest.trim_start();
        let joined = ["是", "为", "有", "在于"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .map(|r| r.trim_start_matches(['：', ':']))
            .or_else(|| rest.strip_prefix(['：', ':']));
        if let Some(r) = joined {
            return Some(r.trim_start());
        }
    }
    BARE_LEADS
        .iter()
        .find_map(|l| t.strip_prefix(l))
        .map(str::trim_start)
}

/// The openings of an enumeration.
const ENUMERATIONS: [&str; 12] = [
    "一是",
    "一、",
    "1.",
    "1．",
    "1、",
    "（1）",
    "(1)",
    "（一）",
    "(一)",
    "①",
    "首先",
    "第一，",
];

/// Normalises a supplied reason for embedding after a lead (“主要变动原因是…”).
pub fn reason(s: Option<&str>) -> ReasonView {
    let mut t = paragraphs(s.unwrap_or_default())
        .join("")
        .trim()
        .to_string();
    while let Some(rest) = strip_lead(&t).filter(|r| !r.is_empty()) {
        t = rest.to_string();
    }
    let text = sentence_body(&t);
    let list = ENUMERATIONS.iter().any(|e| text.starts_with(e));
    ReasonView { text, list }
}

/// A text without its final punctuation (。；，. and the like, also inside a closing
/// bracket: “…支出。）” → “…支出）”), so the template's own “。” is the only one.
pub fn sentence_body(s: &str) -> String {
    const END: [char; 12] = [
        '。', '．', '.', '；', ';', '，', ',', '、', '：', ':', ' ', '　',
    ];
    let mut t: String = s.trim().to_string();
    loop {
        let before = t.len();
        t = t.trim_end_matches(END).to_string();
        // Punctuation just inside a closing bracket: drop it, keep the bracket.
        for close in ['）', ')', '”', '’', '」', '』'] {
            if let Some(inner) = t.strip_suffix(close) {
                let trimmed = inner.trim_end_matches(END);
                if trimmed.len() != inner.len() {
                    t = format!("{trimmed}{close}");
                }
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// Whether the printed parts (万元 at display precision) add up to the printed total.
pub fn adds_up(f: &Fmt, total: Decimal, parts: impl IntoIterator<Item = Decimal>) -> bool {
    let shown = |x: Decimal| -> Decimal { f.wan(x).parse().unwrap_or_default() };
    shown(total) == parts.into_iter().map(shown).sum::<Decimal>()
}

/// 二〇二四年九月: the cover's date line (year digit by digit, the month in words).
pub fn cover_date(year: i32, month: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let y: String = year
        .to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect();
    let m = match month {
        1..=9 => DIGITS[month as usize].to_string(),
        10 => "十".into(),
        _ => format!("十{}", DIGITS[(month - 10) as usize]),
    };
    format!("{y}年{m}月")
}

/// 2024年9月20日 (or 2024年9月): the date of the 公开时间 line.
pub fn plain_date(year: i32, month: u32, day: Option<u32>) -> String {
    match day {
        Some(d) => format!("{year}年{month}月{d}日"),
        None => format!("{year}年{month}月"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> (String, bool) {
        let v = reason(Some(s));
        (v.text, v.list)
    }

    #[test]
    fn reasons_lose_their_own_lead_and_final_stop() {
        assert_eq!(
            r("主要原因是新增两个项目。"),
            ("新增两个项目".into(), false)
        );
        assert_eq!(r("主要变动原因是：新增项目；"), ("新增项目".into(), false));
        assert_eq!(r("原因：人员增加"), ("人员增加".into(), false));
        assert_eq!(r("主要是人员增加。"), ("人员增加".into(), false));
        assert_eq!(
            r("本单位新成立（只有基本支出。)"),
            ("本单位新成立（只有基本支出)".into(), false)
        );
        assert_eq!(r("人员增加。）"), ("人员增加）".into(), false));
        assert_eq!(r("  \n"), (String::new(), false));
        // Words that only begin like a lead stay.
        assert_eq!(
            r("原因复杂，需进一步核实"),
            ("原因复杂，需进一步核实".into(), false)
        );
        assert_eq!(r("系统升级改造"), ("系统升级改造".into(), false));
        assert_eq!(r("因为新增项目"), ("新增项目".into(), false));
    }

    #[test]
    fn enumerations_take_a_colon() {
        assert_eq!(
            r("一是新增项目；二是人员增加。"),
            ("一是新增项目；二是人员增加".into(), true)
        );
        assert_eq!(
            r("主要原因有：1.新增项目；2.人员增加"),
            ("1.新增项目；2.人员增加".into(), true)
        );
        assert_eq!(r("（1）新增项目"), ("（1）新增项目".into(), true));
    }

    #[test]
    fn printed_parts_against_the_printed_total() {
        let f = crate::model::Settings::default().fmt();
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 72.12 + 243.56 + 11.4 + 4.4 + 5.06 + 2.53 + 7.41 = 346.48 ≠ 346.47.
        let lines = [
            "721199.26",
            "2435646.52",
            "113980",
            "43980",
            "50580",
            "25280",
            "74080",
        ]
        .map(d);
        assert!(!adds_up(&f, d("3464745.78"), lines));
        assert!(adds_up(&f, d("300000"), [d("100000"), d("200000")]));
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(cover_date(2024, 9), "二〇二四年九月");
        assert_eq!(cover_date(2025, 12), "二〇二五年十二月");
        assert_eq!(plain_date(2024, 9, Some(20)), "2024年9月20日");
    }
}
