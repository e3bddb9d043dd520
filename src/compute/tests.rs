//! Expectations computed by hand from the seed unit's figures (data/example).

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::catalog::Catalog;
use crate::format::round_half_up;
use crate::model::{load_str, Settings};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn example() -> Figures {
    let text = include_str!("../../data/example/dongqu-media-2023.yaml").to_string();
    let loaded = load_str(Path::new("example.yaml"), text).unwrap();
    compute(&loaded.data, &Catalog::builtin(), &Settings::default())
}

#[test]
fn totals_and_balance() {
    let f = example();
    // 1,029,099.26 + 2,435,646.52
    assert_eq!(f.expenditure.total, d("3464745.78"));
    assert_eq!(f.income.total, d("3464745.78"));
    assert_eq!(f.grand_total, d("3464745.78"));
    assert_eq!(f.grand_total_expenditure_side, f.grand_total);
    assert_eq!(f.closing.total(), Decimal::ZERO);
    assert_eq!(f.fiscal.grand_total, d("3464745.78"));
}

#[test]
fn change_against_last_year() {
    let f = example();
    // 3,464,745.78 − 1,772,600.00 = 1,692,145.78; ÷ 1,772,600 = 95.4612…%
    assert_eq!(f.total_change.delta, Some(d("1692145.78")));
    let rate = f.total_change.rate.unwrap();
    assert_eq!(round_half_up(rate, 2), d("95.46"));
    assert!(rate > d("95.461") && rate < d("95.462"));
}

#[test]
fn shares_of_the_natures_and_classes() {
    let f = example();
    // 基本 1,029,099.26 / 3,464,745.78 = 29.70…%; 项目 70.29…%
    let shares: Vec<Decimal> = f.expenditure.parts.iter().map(|p| p.share).collect();
    assert_eq!(&shares[..2], &[d("29.7"), d("70.3")]);
    let gb = &f.general_budget;
    assert_eq!(gb.basic, d("1029099.26"));
    assert_eq!(gb.project, d("2435646.52"));
    let classes: Vec<(&str, Decimal, Decimal)> = gb
        .by_class
        .parts
        .iter()
        .filter(|p| !p.amount.is_zero())
        .map(|p| (p.label.as_str(), p.amount, p.share))
        .collect();
    assert_eq!(
        classes,
        vec![
            ("一般公共服务支出", d("3156845.78"), d("91.1")),
            ("社会保障和就业支出", d("157960.00"), d("4.6")),
            ("卫生健康支出", d("75860.00"), d("2.2")),
            ("住房保障支出", d("74080.00"), d("2.1")),
        ]
    );
    assert_eq!(gb.by_class.parts.len(), 26);
    let sum: Decimal = gb.by_class.parts.iter().map(|p| p.share).sum();
    assert_eq!(sum, d("100.0"));
}

#[test]
fn basic_split_and_completion() {
    let f = example();
    assert_eq!(f.basic.personnel, d("977878.96"));
    assert_eq!(f.basic.public, d("51220.30"));
    assert_eq!(f.basic.total, f.general_budget.basic);
    let lines = &f.general_budget.lines;
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0].code, "2013350");
    assert_eq!(lines[0].amount, d("721199.26"));
    assert_eq!(lines[0].completion, Some(d("100")));
    assert_eq!(f.general_budget.completion, Some(d("100")));
}

#[test]
fn zero_three_public_has_no_rate() {
    let f = example();
    assert!(f.three_public.actual.total.is_zero());
    assert_eq!(f.three_public.completion, None);
    assert_eq!(f.three_public.change.rate, None);
    assert_eq!(f.operating_expenses.delta, Some(Decimal::ZERO));
}

#[test]
fn no_rate_on_a_zero_base() {
    let c = Change::new(d("10"), Some(d("0")));
    assert_eq!(c.delta, Some(d("10")));
    assert_eq!(c.rate, None);
    let c = Change::new(d("50"), Some(d("200")));
    assert_eq!(c.rate, Some(d("-75")));
}
