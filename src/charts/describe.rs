//! What a chart says in words: its alternative text (the PDF structure tree's /Alt, read
//! by screen readers and text extraction instead of the picture) and, for a chart that is
//! not drawn, the one sentence printed where it would stand. Both come from the same
//! figures as the picture, formatted by the report's `Fmt` like the text.

use rust_decimal::Decimal;

use super::labels::{share_label, wan_label};
use crate::compute::{Breakdown, Change};
use crate::format::Fmt;

/// The alternative text of a bar chart: “图1 收、支决算总计变动情况（柱状图，单位：万元）：
/// 2022年177.26万元，2023年346.47万元。”
pub fn bar_alt(label: &str, title: &str, c: &Change, year: i32, f: &Fmt) -> String {
    let mut bars = Vec::new();
    if let Some(prev) = c.previous {
        bars.push(format!("{}年{}", year - 1, wan_label(f, prev)));
    }
    bars.push(format!("{year}年{}", wan_label(f, c.current)));
    format!("{label} {title}（柱状图）：{}。", bars.join("，"))
}

/// The alternative text of a pie chart: every slice drawn (the non-zero parts) with its
/// amount and share, as in the legend.
pub fn pie_alt(label: &str, title: &str, b: &Breakdown, f: &Fmt) -> String {
    let slices: Vec<String> = b
        .parts
        .iter()
        .filter(|p| !p.amount.is_zero())
        .map(|p| {
            format!(
                "{}{}，占{}",
                p.label,
                wan_label(f, p.amount),
                share_label(f, p.share)
            )
        })
        .collect();
    format!(
        "{label} {title}（饼图，合计{}）：{}。",
        wan_label(f, b.total),
        slices.join("；")
    )
}

/// Why a pie is not drawn, as the sentence printed after its caption, short enough for
/// caption and sentence to share one line: “各项均为0，未绘制此图。”
pub fn pie_note(b: &Breakdown) -> String {
    let negative = b.total < Decimal::ZERO || b.parts.iter().any(|p| p.amount < Decimal::ZERO);
    if negative {
        "含负数，不能画成饼图，未绘制此图。".to_string()
    } else {
        "各项均为0，未绘制此图。".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::tests::{breakdown, d};
    use crate::model::Settings;

    #[test]
    fn alt_texts_carry_title_and_figures() {
        let f = Settings::default().fmt();
        let c = Change::new(d("3464745.78"), Some(d("1772600")));
        assert_eq!(
            bar_alt("图1", "收、支决算总计变动情况", &c, 2023, &f),
            "图1 收、支决算总计变动情况（柱状图）：2022年177.26万元，2023年346.47万元。"
        );
        let c = Change::new(d("100"), None);
        assert_eq!(
            bar_alt("图5", "变动", &c, 2023, &f),
            "图5 变动（柱状图）：2023年0.01万元。"
        );
        let b = breakdown(&[
            ("基本支出", "1029099.26"),
            ("项目支出", "2435646.52"),
            ("经营支出", "0"),
        ]);
        assert_eq!(
            pie_alt("图3", "支出决算结构", &b, &f),
            "图3 支出决算结构（饼图，合计346.47万元）：基本支出102.91万元，占29.7%；项目支出243.56万元，占70.3%。"
        );
    }

    #[test]
    fn notes_say_why_a_pie_is_missing() {
        let zero = breakdown(&[("因公出国（境）费", "0"), ("公务接待费", "0")]);
        assert_eq!(pie_note(&zero), "各项均为0，未绘制此图。");
        let negative = breakdown(&[("甲", "100"), ("乙", "-10")]);
        assert!(pie_note(&negative).contains("含负数"));
    }
}
