//! Label strings and axis scales. Amounts and shares are formatted by the report's own
//! `Fmt`, so a chart prints exactly the strings the text prints.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::format::Fmt;

/// 元 → "346.47万元", as the text prints it.
pub fn wan_label(f: &Fmt, yuan: Decimal) -> String {
    format!("{}万元", f.wan(yuan))
}

/// 元 → "346.47万元" with exactly two decimals whatever the text's settings ("11.40万元"):
/// the legend's amounts, aligned on their decimal points.
pub fn wan_label_2dp(yuan: Decimal) -> String {
    let mut w = crate::format::round_half_up(yuan / Decimal::from(10_000), 2);
    if w.is_zero() {
        w = Decimal::ZERO;
    }
    w.rescale(2);
    format!("{w}万元")
}

/// A largest-remainder share → "29.7%", as the text prints it.
pub fn share_label(f: &Fmt, share: Decimal) -> String {
    format!("{}%", f.share(share))
}

/// 元 → 万元 as a drawing coordinate (geometry only; labels never come from this).
pub fn wan_f64(yuan: Decimal) -> f64 {
    (yuan / Decimal::from(10_000)).to_f64().unwrap_or(0.0)
}

/// Tick values for an axis covering `lo..=hi` (lo ≤ 0 ≤ hi), with a 1/2/2.5/5 × 10ⁿ step,
/// about five intervals, and the decimals the step needs.
pub fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, usize) {
    let span = if hi - lo > 0.0 && (hi - lo).is_finite() {
        hi - lo
    } else {
        1.0
    };
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * 0.999)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() as i64;
    let end = (hi / step).ceil() as i64;
    let end = end.max(start + 1);
    let ticks = (start..=end).map(|k| k as f64 * step).collect();
    let dp = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize + usize::from((step / mag - 2.5).abs() < 1e-9)
    };
    (ticks, dp)
}

/// An axis value with thousands separators: 25000 → "25,000", 0.5 → "0.5".
pub fn axis_label(v: f64, dp: usize) -> String {
    let s = format!("{:.*}", dp, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;
    use std::str::FromStr;

    #[test]
    fn labels_use_the_text_format() {
        let f = Settings::default().fmt();
        assert_eq!(
            wan_label(&f, Decimal::from_str("3464745.78").unwrap()),
            "346.47万元"
        );
        assert_eq!(wan_label(&f, Decimal::ZERO), "0万元");
        assert_eq!(share_label(&f, Decimal::from_str("100.0").unwrap()), "100%");
        assert_eq!(share_label(&f, Decimal::from_str("29.7").unwrap()), "29.7%");
        assert_eq!(
            wan_label_2dp(Decimal::from_str("114000").unwrap()),
            "11.40万元"
        );
        assert_eq!(
            wan_label_2dp(Decimal::from_str("3464745.78").unwrap()),
            "346.47万元"
        );
        assert_eq!(
            wan_label_2dp(Decimal::from_str("49.99").unwrap()),
            "0.00万元"
        );
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let (t, dp) = nice_ticks(0.0, 410.0);
        assert_eq!(t, vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0]);
        assert_eq!(dp, 0);
        let (t, _) = nice_ticks(0.0, 56_000.0);
        assert_eq!(*t.last().unwrap(), 60_000.0);
        let (t, dp) = nice_ticks(0.0, 1.0);
        assert_eq!((t[1], dp), (0.2, 1));
        let (t, dp) = nice_ticks(0.0, 0.12);
        assert_eq!((t[1], dp), (0.025, 3));
        let (t, _) = nice_ticks(0.0, 0.0);
        assert!(t.len() >= 2 && t.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn axis_labels_group_thousands() {
        assert_eq!(axis_label(60_000.0, 0), "60,000");
        assert_eq!(axis_label(1_234_567.0, 0), "1,234,567");
        assert_eq!(axis_label(0.5, 1), "0.5");
        assert_eq!(axis_label(0.0, 0), "0");
        assert_eq!(axis_label(-2500.0, 0), "-2,500");
    }
}
