//! Changes against last year as the templates print them (the words and the amounts);
//! the number formatting itself is `crate::format`.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::compute::Change;
use crate::format::{round_half_up, Fmt};

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
    /// The words and amounts of a change, compared at display precision.
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
    use crate::model::Settings;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn change_words_follow_the_sign() {
        let f = Settings::default().fmt();
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
