//! The `juesuan init` template (`model::INIT_TEMPLATE`) passes the audit as written.

use super::testing::audit_text;
use crate::model::INIT_TEMPLATE as TEMPLATE;

#[test]
fn template_loads_and_checks_clean() {
    let a = audit_text(TEMPLATE);
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
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
