//! Number formatting shared by the audit, the charts and the report: the one place where
//! exact figures are rounded (half-up) for display. Ground floor: imports no stage.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half-up (away from zero at .5) to `dp` decimals: the one rounding at display.
pub fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats numbers as the report prints them, under the report's precision settings
/// (`Settings::fmt` builds one).
#[derive(Debug, Clone)]
pub struct Fmt {
    pub share_dp: u32,
    pub rate_dp: u32,
    pub strip_zeros: bool,
}

impl Fmt {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn fmt(strip_zeros: bool) -> Fmt {
        Fmt {
            share_dp: 1,
            rate_dp: 2,
            strip_zeros,
        }
    }

    #[test]
    fn wan_rounds_half_up_and_strips_zeros() {
        let f = fmt(true);
        assert_eq!(f.wan(d("3464745.78")), "346.47");
        assert_eq!(f.wan(d("114000")), "11.4");
        assert_eq!(f.wan(d("0")), "0");
        assert_eq!(f.wan(d("721150")), "72.12");
        assert_eq!(fmt(false).wan(d("0")), "0.00");
        assert_eq!(fmt(false).wan(d("114000")), "11.40");
    }

    #[test]
    fn yuan_groups_thousands() {
        assert_eq!(yuan(d("3464745.78")), "3,464,745.78");
        assert_eq!(yuan(d("0")), "0.00");
        assert_eq!(yuan(d("999.5")), "999.50");
        assert_eq!(yuan(d("12345678901.23")), "12,345,678,901.23");
    }

    #[test]
    fn half_up_rounding() {
        assert_eq!(round_half_up(d("38.2877"), 2), d("38.29"));
        assert_eq!(round_half_up(d("2.915"), 2), d("2.92"));
        assert_eq!(round_half_up(d("-2.915"), 2), d("-2.92"));
    }
}
