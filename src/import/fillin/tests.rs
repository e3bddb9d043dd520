//! The fill-in workbook: written from the example, read back to the same figures.
use std::path::Path;

#[test]
fn example_round_trips_through_the_fill_in_workbook() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example/dongqu-media-2023.yaml");
    let d = crate::model::load_file(&path).unwrap().data;
    let bytes = super::write(&d).unwrap();
    let imp = crate::import::read_bytes(bytes, None).expect("reads back");
    let back = &imp.data;
    let j = |x: &crate::model::ReportData, k: &str| serde_json::to_value(x).unwrap()[k].clone();
    for k in [
        "unit",
        "income",
        "balances",
        "expenditure",
        "basic_economic",
        "three_public",
        "last_year",
        "declared",
        "reasons",
        "operating_expenses",
    ] {
        assert_eq!(normalise(j(&d, k)), normalise(j(back, k)), "{k}");
    }
    assert_eq!(back.overview.duties, d.overview.duties);
    assert_eq!(back.projects.len(), 2);
    assert_eq!(back.projects[1].amount, d.projects[1].amount);
    assert!(back.projects[0].self_evaluation);
    // Every figure points at its cell.
    let cells = imp.cells();
    assert_eq!(cells["income.general_budget"].to_string(), "收入与结转!B2");
    assert_eq!(cells["expenditure[0].personnel"].to_string(), "支出明细!C2");
    assert!(cells["basic_economic.30101"]
        .to_string()
        .starts_with("基本支出经济分类!C"));
}

/// Decimal strings compared by value (`200900.00` = `200900`), nulls and zeros alike.
fn normalise(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => match s.parse::<rust_decimal::Decimal>() {
            Ok(d) if d.is_zero() => Value::Null,
            Ok(d) => Value::String(d.normalize().to_string()),
            Err(_) if s.is_empty() => Value::Null,
            Err(_) => Value::String(s),
        },
        Value::Number(n) if n.as_f64() == Some(0.0) => Value::Null,
        Value::Array(a) => Value::Array(a.into_iter().map(normalise).collect()),
        Value::Object(m) => {
            let m: serde_json::Map<String, Value> = m
                .into_iter()
                .map(|(k, v)| (k, normalise(v)))
                .filter(|(_, v)| !v.is_null() && v != &Value::Object(Default::default()))
                .collect();
            if m.is_empty() {
                Value::Null
            } else {
                Value::Object(m)
            }
        }
        other => other,
    }
}
