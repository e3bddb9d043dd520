//! The `juesuan init` template (`model::INIT_TEMPLATE`) passes the audit as written,
//! apart from the one thing a report cannot do without: the unit's name (F016).

use super::testing::audit_text;
use crate::model::INIT_TEMPLATE as TEMPLATE;

#[test]
fn template_loads_and_asks_only_for_the_name() {
    // Everything is zero and consistent; the one thing a report cannot do without is
    // the unit's name, which the accountant fills in first.
    let a = audit_text(TEMPLATE);
    let got: Vec<(&str, &str)> = a
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(got, [("F016", "unit.name")], "{:#?}", a.findings);
}

#[test]
fn every_field_line_has_a_chinese_comment() {
    for line in TEMPLATE.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let comment = t.split_once(" # ").map(|(_, c)| c).unwrap_or("");
        assert!(
            comment
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no Chinese comment: {line}"
        );
    }
}
