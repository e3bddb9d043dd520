//! Printed numbers as intervals: a figure printed with `d` decimals stands for any exact
//! value within half a unit of its last digit. Every relation `lint` checks allows exactly
//! the error that this display rounding can explain — in exact decimals, never floats.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::prelude::*;
use rust_decimal::Decimal;

/// A printed number: its value and half a unit of its last significant place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num {
    pub value: Decimal,
    pub half: Decimal,
    /// Decimals as printed.
    pub decimals: u32,
}

/// Half a unit of the `decimals`-th place: 0.5 × 10^-decimals.
pub fn half_unit(decimals: u32) -> Decimal {
    Decimal::new(5, decimals + 1)
}

impl Num {
    /// Parses `1,234.5` / `１２.３` / `0`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Num> {
        let clean: String = s
            .chars()
            .filter(|c| *c != ',' && *c != '，')
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '．' => '.',
                c => c,
            })
            .collect();
        if clean.is_empty() || !clean.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let decimals = clean.split_once('.').map(|(_, d)| d.len()).unwrap_or(0) as u32;
        let value = Decimal::from_str(&clean).ok()?;
        Some(Num {
            value,
            half: half_unit(decimals),
            decimals,
        })
    }

    /// The same value read with at most `decimals` precision (trailing zeros stripped in
    /// print: `11.4万元` is 11.40 when amounts carry two decimals).
    pub fn at_precision(self, decimals: u32) -> Num {
        Num {
            half: half_unit(decimals.max(self.decimals)).min(self.half),
            ..self
        }
    }

    pub fn exact(value: Decimal) -> Num {
        Num {
            value,
            half: Decimal::ZERO,
            decimals: value.scale(),
        }
    }

    pub fn lo(&self) -> Decimal {
        self.value - self.half
    }

    pub fn hi(&self) -> Decimal {
        self.value + self.half
    }

    /// One unit of the last printed digit.
    pub fn unit(&self) -> Decimal {
        self.half * Decimal::TWO
    }
}

/// An interval of exact values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub lo: Decimal,
    pub hi: Decimal,
}

impl Range {
    pub fn of(n: Num) -> Range {
        Range {
            lo: n.lo(),
            hi: n.hi(),
        }
    }

    /// The sum of intervals.
    pub fn sum(nums: &[Num]) -> Range {
        Range {
            lo: nums.iter().map(Num::lo).sum(),
            hi: nums.iter().map(Num::hi).sum(),
        }
    }

    pub fn overlaps(&self, other: Range) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// The midpoint, for messages.
    pub fn mid(&self) -> Decimal {
        (self.lo + self.hi) / Decimal::TWO
    }

    /// `part / whole × 100`, when the whole cannot be zero.
    pub fn percent(part: Num, whole: Num) -> Option<Range> {
        let whole_lo = whole.lo();
        if whole_lo <= Decimal::ZERO {
            return None;
        }
        let hundred = Decimal::ONE_HUNDRED;
        Some(Range {
            lo: part.lo().max(Decimal::ZERO) * hundred / whole.hi(),
            hi: part.hi() * hundred / whole_lo,
        })
    }
}

/// Σ parts agrees with the total within the rounding of every printed figure.
pub fn sum_agrees(parts: &[Num], total: Num) -> bool {
    Range::sum(parts).overlaps(Range::of(total))
}

/// Σ parts as printed (for messages).
pub fn printed_sum(parts: &[Num]) -> Decimal {
    parts.iter().map(|p| p.value).sum()
}

/// Rounds half-up to `decimals` places.
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// Truncates to `decimals` places.
pub fn truncate(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::ToZero)
}

/// A value for messages: at most `decimals` places, trailing zeros stripped.
pub fn show(value: Decimal, decimals: u32) -> String {
    round(value, decimals).normalize().to_string()
}

/// How a printed rate relates to the exact range it should round from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateFit {
    /// A half-up rounding of some value in the range.
    Rounded,
    /// Not a rounding, but the truncation of a value in the range (38.2877 → 38.28).
    Truncated,
    /// Neither.
    Wrong,
}

/// Does `printed` round (half-up) from a value in `exact`?
pub fn rate_fit(printed: Num, exact: Range) -> RateFit {
    if exact.overlaps(Range::of(printed)) {
        return RateFit::Rounded;
    }
    let trunc = Range {
        lo: printed.value,
        hi: printed.value + printed.unit(),
    };
    if exact.lo < trunc.hi && trunc.lo <= exact.hi {
        RateFit::Truncated
    } else {
        RateFit::Wrong
    }
}

/// Amounts of neighbouring columns that the text extraction printed without a space
/// (`721,199.26669,978.96`: `pdftotext -layout` can set close columns edge to edge) are
/// cut after each amount's two decimals, when every piece is a grouped amount.
pub fn unglue(t: &str) -> Vec<(usize, &str)> {
    static GROUPED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^-?\d{1,3}(?:,\d{3})*\.\d{2}$").unwrap());
    let mut parts = Vec::new();
    let mut from = 0;
    while let Some(dot) = t.get(from..).and_then(|r| r.find('.')) {
        let end = from + dot + 3;
        match t.get(from..end) {
            Some(p) if GROUPED.is_match(p) => parts.push((from, p)),
            _ => break,
        }
        from = end;
    }
    if parts.len() >= 2 && from == t.len() {
        parts
    } else {
        vec![(0, t)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    #[test]
    fn parses_separators_and_full_width() {
        assert_eq!(n("3,464,745.78").value, Decimal::new(346474578, 2));
        assert_eq!(n("１２．５").value, Decimal::new(125, 1));
        assert_eq!(n("0").half, Decimal::new(5, 1));
        assert!(Num::parse("1.2.3").is_none());
        assert!(Num::parse("").is_none());
    }

    #[test]
    fn sums_allow_display_rounding_only() {
        let parts: Vec<Num> = ["72.12", "243.56", "11.4", "4.4", "5.06", "2.53", "7.41"]
            .iter()
            .map(|s| n(s).at_precision(2))
            .collect();
        // 346.48 printed as 346.47: within the rounding of eight figures.
        assert!(sum_agrees(&parts, n("346.47").at_precision(2)));
        assert!(!sum_agrees(&parts, n("346.57").at_precision(2)));
    }

    #[test]
    fn truncation_is_told_apart() {
        // 38.2877 truncated to 38.28 (rounds to 38.29).
        let exact = Range {
            lo: Decimal::new(382877, 4),
            hi: Decimal::new(382877, 4),
        };
        assert_eq!(rate_fit(n("38.29"), exact), RateFit::Rounded);
        assert_eq!(rate_fit(n("38.28"), exact), RateFit::Truncated);
        assert_eq!(rate_fit(n("38.1"), exact), RateFit::Wrong);
    }

    #[test]
    fn amounts_glued_by_the_extraction_are_split() {
        let parts = unglue("1,029,099.26977,878.965.00");
        assert_eq!(
            parts,
            [(0, "1,029,099.26"), (12, "977,878.96"), (22, "5.00")]
        );
        // Not two grouped amounts: left whole.
        for s in ["1234.5678.90", "2013350", "3.1", "12.34", "合计"] {
            assert_eq!(unglue(s), vec![(0, s)]);
        }
    }
}
