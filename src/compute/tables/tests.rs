//! The row sources against the example's figures.

use super::*;
use crate::catalog::Catalog;
use crate::model::{load_str, Settings};
use std::str::FromStr;

fn example() -> (ReportData, Figures, Catalog) {
    let text = include_str!("../../../data/example/dongqu-media-2023.yaml");
    let loaded =
        load_str(std::path::Path::new("example.yaml"), text.to_string()).expect("example loads");
    let catalog = Catalog::builtin();
    let fig = crate::compute::compute(&loaded.data, &catalog, &Settings::default());
    (loaded.data, fig, catalog)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn functional_source_totals_match_the_figures() {
    let (data, fig, cat) = example();
    let names = Names {
        functional: cat.functional(2023),
        economic: &cat.economic,
        custom: &data.code_names,
    };
    let rows = functional_source(&data, &fig, &names, &Fund::ALL);
    assert_eq!(rows[0].kind, RowKind::Total);
    assert_eq!(rows[0].get("total"), Some(d("3464745.78")));
    assert_eq!(rows[0].get("in_total"), Some(d("3464745.78")));
    let gb = functional_source(&data, &fig, &names, &[Fund::GeneralBudget]);
    assert_eq!(gb[0].get("basic"), Some(d("1029099.26")));
    assert_eq!(gb[0].get("project"), Some(d("2435646.52")));
    // Income follows expenditure row by row (no balances in the example).
    let r201 = rows.iter().find(|r| r.code == "201").unwrap();
    assert_eq!(r201.get("in_general_budget"), r201.get("total"));
    // Nothing is booked to 政府性基金.
    let gf = functional_source(&data, &fig, &names, &[Fund::GovernmentFund]);
    assert_eq!(gf.len(), 1);
    assert_eq!(gf[0].get("total"), Some(Decimal::ZERO));
}

#[test]
fn income_by_row_is_left_out_when_balances_make_it_unknowable() {
    let (mut data, _, cat) = example();
    data.balances.opening.general_budget = crate::model::Money(d("1000.00"));
    let fig = crate::compute::compute(&data, &cat, &Settings::default());
    let names = Names {
        functional: cat.functional(2023),
        economic: &cat.economic,
        custom: &data.code_names,
    };
    let rows = functional_source(&data, &fig, &names, &Fund::ALL);
    // The 合计 row still has the unit's income; the class rows have none.
    assert_eq!(rows[0].get("in_total"), Some(d("3464745.78")));
    assert_eq!(rows[0].get("opening"), Some(d("1000.00")));
    let r201 = rows.iter().find(|r| r.code == "201").unwrap();
    assert_eq!(r201.get("in_total"), None);
    assert_eq!(r201.get("in_general_budget"), None);
    assert_eq!(r201.get("opening"), None);
}

#[test]
fn economic_source_classifies_project_spending_by_the_projects_breakdowns() {
    let (data, fig, cat) = example();
    let names = Names {
        functional: cat.functional(2023),
        economic: &cat.economic,
        custom: &data.code_names,
    };
    let rows = economic_source(&data, &names);
    assert_eq!(rows[0].get("total"), Some(d("3464745.78")));
    assert_eq!(rows[0].get("personnel"), Some(d("977878.96")));
    assert_eq!(rows[0].get("public"), Some(d("51220.30")));
    assert_eq!(rows[0].get("project"), Some(d("2435646.52")));
    // No line the form lacks: only 合计, 类 and 款 rows.
    assert!(rows.iter().all(|r| r.kind != RowKind::Item));
    let r302 = rows.iter().find(|r| r.code == "302").unwrap();
    assert_eq!(
        r302.get("project"),
        Some(d("2435646.52") - d("80000.00") - d("48000.00"))
    );
    let s = scalars(&data, &fig);
    assert_eq!(s["basic.301"], d("977878.96"));
    assert!(!s.contains_key("basic.303"));
}
