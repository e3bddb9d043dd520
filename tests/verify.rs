//! The second pair of eyes: build reports, read their PDF text back with pdftotext and let
//! the independent verifier (tests/verifier, which does not use the juesuan library)
//! recompute every relation between the printed figures.

mod common;
mod verifier;

use std::path::{Path, PathBuf};

use common::{build, example, pdf_text, tempdir};
use verifier::verify;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Builds `data`, verifies its text, and fails with every disagreement listed.
fn verified(data: &Path) -> (verifier::Verdict, verifier::Stated, String) {
    let dir = tempdir();
    let pdf = build(data, dir.path(), "report");
    let text = pdf_text(&pdf);
    let (verdict, stated) = verify(&text);
    assert!(
        verdict.ok(),
        "{}: {} of {} checks failed:\n{}",
        data.display(),
        verdict.failures.len(),
        verdict.checks,
        verdict.failures.join("\n")
    );
    (verdict, stated, text)
}

fn assert_ran(v: &verifier::Verdict, names: &[&str]) {
    for n in names {
        assert!(
            v.ran.contains(n),
            "check {n} did not run (ran: {:?})",
            v.ran
        );
    }
}

#[test]
fn example_figures_agree() {
    let (v, st, _) = verified(&example());
    assert_ran(
        &v,
        &[
            "s1.change",
            "s2.income",
            "s3.expenditure",
            "s4.change",
            "s5.change",
            "s5.classes",
            "s5.items",
            "s5.items_vs_classes",
            "s5.completion",
            "s6.basic",
            "cross.fiscal",
            "cross.general_budget",
        ],
    );
    assert!(v.checks > 80, "only {} checks", v.checks);
    assert_eq!(st.grand_total.unwrap().v, 346.47);
    assert_eq!(st.items.len(), 7);
}

#[test]
fn several_classes_decrease_and_three_public_with_vehicles() {
    let (v, st, text) = verified(&fixture("edu-bureau-2023.yaml"));
    assert_ran(
        &v,
        &[
            "s1.change",
            "s4.change",
            "s5.change",
            "s5.items_vs_classes",
            "s5.completion",
            "s6.basic",
            "s7.change",
            "s7.parts",
            "s7.vehicle",
            "s7.purchase",
            "s7.fleet",
            "s7.reception",
            "s10.change",
            "s10.procurement",
            "s10.vehicles",
        ],
    );
    let squashed = common::squash(&text);
    assert!(
        squashed.contains("各减少29.52万元，下降10.18%"),
        "decrease wording"
    );
    let nonzero: Vec<_> = st.classes.iter().filter(|c| c.amount.v > 0.0).collect();
    assert_eq!(nonzero.len(), 4, "four classes with spending: {nonzero:?}");
    assert_eq!(st.three_public.unwrap().v, 30.38);
}

#[test]
fn government_fund_spending_and_opening_balance() {
    let (v, st, text) = verified(&fixture("civil-affairs-fund-2023.yaml"));
    assert_ran(
        &v,
        &[
            "s4.change",
            "s5.change",
            "s7.change",
            "s7.parts",
            "s7.reception",
            "cross.general_budget",
        ],
    );
    assert_eq!(st.government_fund.unwrap().v, 50.0);
    // 收、支总计 includes the 年初结转 of 1万元: more than 本年收入合计.
    assert_eq!(st.grand_total.unwrap().v, 150.0);
    assert_eq!(st.income_total.unwrap().v, 149.0);
    assert!(common::squash(&text).contains("收、支总计与2022年度持平"));
}

#[test]
fn unit_without_fiscal_income() {
    let (v, st, _) = verified(&fixture("institute-no-fiscal-2023.yaml"));
    assert_ran(&v, &["s1.change", "s2.income", "s3.expenditure"]);
    let gb = st
        .income
        .iter()
        .find(|p| p.label == "一般公共预算财政拨款收入")
        .unwrap();
    assert_eq!(gb.amount.v, 0.0);
    assert_eq!(gb.share.unwrap().v, 0.0);
}

/// Other display settings (two-decimal shares, one-decimal rates, trailing zeros kept):
/// the verifier infers the precision from the text and still agrees.
#[test]
fn other_display_precision() {
    let dir = tempdir();
    let text = std::fs::read_to_string(fixture("edu-bureau-2023.yaml")).unwrap()
        + "\nsettings:\n  share_decimals: 2\n  rate_decimals: 1\n  strip_zeros: false\n";
    let data = common::write(dir.path(), "precise.yaml", &text);
    let (v, _, text) = verified(&data);
    assert_ran(
        &v,
        &["s1.change", "s2.income", "s5.items_vs_classes", "s7.parts"],
    );
    let squashed = common::squash(&text);
    assert!(
        squashed.contains("占88.48%"),
        "two-decimal shares are printed"
    );
    assert!(
        squashed.contains("下降10.2%"),
        "one-decimal rates are printed"
    );
}

/// The verifier must be able to fail: each doctored figure is caught.
#[test]
fn doctored_text_fails() {
    let dir = tempdir();
    let text = pdf_text(&build(&example(), dir.path(), "x"));
    assert!(verify(&text).0.ok());
    // The report prints no space between hanzi and figures, and keeps a figure on one
    // line with its unit (占29.7%).
    let doctorings: &[(&str, &str, &str)] = &[
        ("增长95.46%", "增长95.64%", "growth rate"),
        ("346.47万元，占100%", "346.74万元，占100%", "an income part"),
        (
            "占29.7%",
            "占29.6%",
            "an expenditure share (shares no longer add to 100)",
        ),
        ("基本工资20.09", "基本工资21.09", "a 人员经费 item"),
        ("为72.12万元", "为72.21万元", "a 项 line"),
        (
            "315.68万元，占91.1%",
            "315.68万元，占90.1%",
            "a class share",
        ),
    ];
    for (from, to, what) in doctorings {
        assert!(
            text.contains(from),
            "the text no longer contains {from:?}: update the doctoring"
        );
        let doctored = text.replacen(from, to, 1);
        let (v, _) = verify(&doctored);
        assert!(!v.ok(), "doctored {what} ({from} → {to}) was not caught");
    }
    // A dropped section is caught too.
    let (v, _) = verify(&text.replacen("六、一般公共预算财政拨款基本支出决算情况说明", "六、", 2));
    assert!(!v.ok());
}

/// The hand-written seed report (tests/fixtures/seed-2023-dongqu-media.txt, the published
/// 2023 report of the example unit) has known errors: the verifier finds them.
#[test]
fn seed_report_errors_are_found() {
    let text = std::fs::read_to_string(fixture("seed-2023-dongqu-media.txt")).unwrap();
    let (v, _) = verify(&text);
    let found = |needle: &str| v.failures.iter().any(|f| f.contains(needle));
    // 五（二） lists last year's classes: they add to 177.26, not 346.47.
    assert!(
        found("五（二）、各类支出：各项之和 177.26 与合计 346.47 不符"),
        "{:#?}",
        v.failures
    );
    assert!(
        found("五：一般公共服务支出的各项：各项之和 315.68 与合计 140.84 不符"),
        "{:#?}",
        v.failures
    );
    // 六 gives two different 人员经费 (97.79 and 163.62).
    assert!(found("六、基本支出=人员经费+公用经费"), "{:#?}", v.failures);
}

/// The table checks run only when 第五部分 with its tables is there; then every narrative
/// total must appear in the tables.
#[test]
fn table_totals_must_match_the_text() {
    let dir = tempdir();
    let text = pdf_text(&build(&example(), dir.path(), "x"));
    let (v, _) = verify(&text);
    assert!(!v.ran.contains(&"tables") || v.ok());
    let tables_ok = "\n第五部分 附表\n收入支出决算总表\n单位：元\n本年收入合计 3,464,745.78 本年支出合计 3,464,745.78 \
        收入总计 3,464,745.78 财政拨款收入支出决算总表 3,464,745.78 一般公共预算财政拨款支出决算表 \
        基本支出 1,029,099.26 人员经费 977,878.96 公用经费 51,220.30\n收入决算表\n支出决算表\n";
    let with_tables = format!("{text}{tables_ok}");
    let (v, _) = verify(&with_tables);
    assert!(v.ran.contains(&"tables"));
    assert!(v.ok(), "{:?}", v.failures);
    let wrong = with_tables.replace("977,878.96", "987,878.96");
    let (v, _) = verify(&wrong);
    assert!(
        !v.ok(),
        "a table 人员经费 that differs from the text must fail"
    );
}
