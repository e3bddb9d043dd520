//! Display formatting: the one place where exact figures are rounded (half-up).

use rust_decimal::Decimal;

use crate::compute::{round_half_up, Change};
use crate::model::Settings;
use serde::Serialize;

/// Formats numbers as the report prints them, under the report's settings.
#[derive(Debug, Clone)]
pub struct Fmt {
    pub share_dp: u32,
    pub rate_dp: u32,
    pub strip_zeros: bool,
}

impl Fmt {
    pub fn new(s: &Settings) -> Fmt {
        Fmt {
            share_dp: s.share_decimals,
            rate_dp: s.rate_decimals,
            strip_zeros: s.strip_zeros,
        }
    }

    fn finish(&self, d: Decimal, dp: u32) -> String {
        let r = round_half_up(d, dp);
        let r = if r.is_zero() { Decimal::ZERO } else { r };
        if self.strip_zeros {
            r.normalize().to_string()
        } else {
            let mut r = r;
            r.rescale(dp);
            r.to_string()
        }
    }

    /// 元 → 万元 with 2 decimals: 3464745.78 → "346.47".
    pub fn wan(&self, yuan: Decimal) -> String {
        self.finish(yuan / Decimal::from(10_000), 2)
    }

    /// A share already rounded by largest remainder: 29.7 → "29.7", 100.0 → "100".
    pub fn share(&self, pct: Decimal) -> String {
        self.finish(pct, self.share_dp)
    }

    /// A growth or completion rate (exact percent) → "95.46".
    pub fn rate(&self, pct: Decimal) -> String {
        self.finish(pct.abs(), self.rate_dp)
    }

    /// A ratio that is not one of the parts of a whole (e.g. 占本年支出合计的…%).
    pub fn ratio(&self, pct: Decimal) -> String {
        self.finish(pct, self.share_dp)
    }
}

/// 元 with thousands separators and 2 decimals, as the 决算 software prints: 3,464,745.78.
pub fn yuan(d: Decimal) -> String {
    let mut r = round_half_up(d, 2);
    if r.is_zero() {
        r = Decimal::ZERO;
    }
    r.rescale(2);
    let s = r.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!(
        "{}{grouped}.{frac}",
        if r.is_sign_negative() { "-" } else { "" }
    )
}

/// A change against last year, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// `up`, `down`, `flat`, `new` (last year 0, now more), `none` (no last-year figure).
    pub dir: &'static str,
    /// 增加 / 减少 (empty for flat/none).
    pub word: &'static str,
    /// 增长 / 下降.
    pub rate_word: &'static str,
    /// |delta| in 万元.
    pub delta: String,
    /// |rate| in percent, empty when not computable.
    pub rate: String,
    pub has_rate: bool,
    /// Last year's figure in 万元.
    pub previous: String,
    pub current: String,
}

impl Fmt {
    pub fn change(&self, c: &Change) -> ChangeView {
        let current = self.wan(c.current);
        let (Some(prev), Some(delta)) = (c.previous, c.delta) else {
            return ChangeView {
                dir: "none",
                word: "",
                rate_word: "",
                delta: String::new(),
                rate: String::new(),
                has_rate: false,
                previous: String::new(),
                current,
            };
        };
        // Compare at display precision: a change that prints as 0.00 is 持平.
        let shown = round_half_up(delta / Decimal::from(10_000), 2);
        let (dir, word, rate_word) = if shown.is_zero() {
            ("flat", "", "")
        } else if prev.is_zero() {
            (
                "new",
                if delta > Decimal::ZERO {
                    "增加"
                } else {
                    "减少"
                },
                "",
            )
        } else if delta > Decimal::ZERO {
            ("up", "增加", "增长")
        } else {
            ("down", "减少", "下降")
        };
        let rate = c.rate.map(|r| self.rate(r)).unwrap_or_default();
        ChangeView {
            dir,
            word,
            rate_word,
            delta: self.wan(delta.abs()),
            has_rate: c.rate.is_some() && dir != "flat" && dir != "new",
            rate,
            previous: self.wan(prev),
            current,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn wan_rounds_half_up_and_strips_zeros() {
        let f = Fmt::new(&Settings::default());
        assert_eq!(f.wan(d("3464745.78")), "346.47");
        assert_eq!(f.wan(d("114000")), "11.4");
        assert_eq!(f.wan(d("0")), "0");
        assert_eq!(f.wan(d("721150")), "72.12");
        let s = Settings {
            strip_zeros: false,
            ..Settings::default()
        };
        assert_eq!(Fmt::new(&s).wan(d("0")), "0.00");
        assert_eq!(Fmt::new(&s).wan(d("114000")), "11.40");
    }

    #[test]
    fn yuan_groups_thousands() {
        assert_eq!(yuan(d("3464745.78")), "3,464,745.78");
        assert_eq!(yuan(d("0")), "0.00");
        assert_eq!(yuan(d("999.5")), "999.50");
        assert_eq!(yuan(d("12345678901.23")), "12,345,678,901.23");
    }

    #[test]
    fn change_words_follow_the_sign() {
        let f = Fmt::new(&Settings::default());
        let up = f.change(&Change::new(d("3464745.78"), Some(d("1772600"))));
        assert_eq!(
            (up.dir, up.word, up.delta.as_str(), up.rate.as_str()),
            ("up", "增加", "169.21", "95.46")
        );
        let down = f.change(&Change::new(d("100"), Some(d("200"))));
        assert_eq!(
            (down.dir, down.word, down.rate_word),
            ("down", "减少", "下降")
        );
        let flat = f.change(&Change::new(d("0"), Some(d("0"))));
        assert_eq!(flat.dir, "flat");
        let new = f.change(&Change::new(d("500000"), Some(d("0"))));
        assert_eq!((new.dir, new.has_rate), ("new", false));
        assert_eq!(f.change(&Change::new(d("1"), None)).dir, "none");
    }
}
