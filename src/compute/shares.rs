//! Shares of a whole with largest-remainder rounding, and exact percentages.
//!
//! The printed shares of the parts of one whole must add up to exactly 100%, so they
//! are rounded together: floor each share to the printed precision, then hand the
//! missing units to the parts with the largest remainders (ties: the earlier part).

use rust_decimal::{Decimal, RoundingStrategy};

/// `part / whole × 100`, exact to 28 digits; `None` on a zero whole.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        None
    } else {
        Some(part * Decimal::ONE_HUNDRED / whole)
    }
}

/// Percent shares of `parts` in their sum, rounded to `dp` decimals so that they add
/// up to exactly 100 (or are all 0 when the sum is 0).
pub fn largest_remainder(parts: &[Decimal], dp: u32) -> Vec<Decimal> {
    let whole: Decimal = parts.iter().copied().sum();
    if whole.is_zero() {
        return vec![Decimal::ZERO; parts.len()];
    }
    let unit = Decimal::new(1, dp);
    let exact: Vec<Decimal> = parts
        .iter()
        .map(|p| *p * Decimal::ONE_HUNDRED / whole)
        .collect();
    let mut floors: Vec<Decimal> = exact
        .iter()
        .map(|e| e.round_dp_with_strategy(dp, RoundingStrategy::ToZero))
        .collect();
    let assigned: Decimal = floors.iter().copied().sum();
    let mut missing = ((Decimal::ONE_HUNDRED - assigned) / unit).round();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - floors[a];
        let rb = exact[b] - floors[b];
        rb.cmp(&ra).then(a.cmp(&b))
    });
    for &i in &order {
        if missing <= Decimal::ZERO {
            break;
        }
        if exact[i] > floors[i] {
            floors[i] += unit;
            missing -= Decimal::ONE;
        }
    }
    floors
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn seed_class_shares_add_to_100() {
        // 五(二) of the example: 315.68 / 15.80 / 7.59 / 7.41 万元 of 346.47.
        let parts = [d("3156845.78"), d("157960"), d("75860"), d("74080")];
        let s = largest_remainder(&parts, 1);
        assert_eq!(s, vec![d("91.1"), d("4.6"), d("2.2"), d("2.1")]);
        assert_eq!(s.iter().copied().sum::<Decimal>(), d("100.0"));
    }

    #[test]
    fn thirds_get_the_extra_unit_on_the_first() {
        let s = largest_remainder(&[d("1"), d("1"), d("1")], 1);
        assert_eq!(s, vec![d("33.4"), d("33.3"), d("33.3")]);
    }

    #[test]
    fn zero_whole_gives_zero_shares_and_single_part_gives_100() {
        assert_eq!(
            largest_remainder(&[d("0"), d("0")], 1),
            vec![d("0"), d("0")]
        );
        assert_eq!(
            largest_remainder(&[d("5"), d("0")], 1),
            vec![d("100.0"), d("0")]
        );
    }
}
