//! Tests of the 第四部分 views: figures from the data, indicators, the 自评表.

use super::*;
use crate::catalog::Catalog;
use crate::model::load_str;
use std::path::Path;

fn view(text: &str) -> AppendixView {
    let loaded = load_str(Path::new("t.yaml"), text.to_string()).expect("valid data");
    let settings = Settings::default();
    let fig = crate::compute::compute(&loaded.data, &Catalog::builtin(), &settings);
    build(&loaded.data, &fig, &settings)
}

fn example() -> AppendixView {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example/dongqu-media-2023.yaml");
    view(&std::fs::read_to_string(path).unwrap())
}

#[test]
fn example_tables_use_the_computed_figures() {
    let v = example();
    assert!(!v.empty);
    let u = v.unit.as_ref().expect("附件1");
    assert_eq!(u.label, "附件1");
    let inc = &u.income_rows[0];
    assert_eq!(
        (inc.budget.as_str(), inc.actual.as_str()),
        ("3,485,905.52", "3,464,745.78")
    );
    let rows: Vec<(&str, &str, &str)> = u
        .expenditure_rows
        .iter()
        .map(|r| (r.label.as_str(), r.budget.as_str(), r.actual.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("一、基本支出", "1,050,259.00", "1,029,099.26"),
            ("人员经费", "977,878.96", "977,878.96"),
            ("日常公用经费", "72,380.04", "51,220.30"),
            ("二、项目支出", "2,435,646.52", "2,435,646.52"),
            ("合计", "3,485,905.52", "3,464,745.78"),
        ]
    );
    // Both tables close with a 合计 row, and the two 合计 agree on the 年初预算.
    let inc_total = u.income_rows.last().unwrap();
    assert!(inc_total.total && inc_total.label == "合计");
    assert_eq!(inc_total.budget, u.expenditure_rows.last().unwrap().budget);
    assert_eq!(u.recurring.count, 2);
    assert_eq!(u.recurring.budget, "243.56");
    assert_eq!(u.recurring.basis, "全年预算");
    assert_eq!(u.recurring.progress, "100");
    assert_eq!(u.one_off.count, 0);
    assert!(!u.one_off.has_progress);
    assert_eq!(u.score, "89");
    assert!(!u.has_balances);
    assert_eq!(
        u.staffing,
        "截至2023年末，攀枝花市东区融媒体中心核定事业编制5名，年末实有事业编制人员5名，聘用人员12名。"
    );
}

#[test]
fn every_scored_project_has_its_self_evaluation_form() {
    let v = example();
    assert_eq!(v.form, "sichuan");
    assert_eq!(v.forms.len(), 2);
    let app = &v.forms[1];
    assert_eq!(app.name, "融媒体中心“幸福东区”APP运行费用");
    assert_eq!(app.supervisor, "攀枝花市东区融媒体中心");
    let t = &app.total;
    assert_eq!(
        (
            t.initial.as_str(),
            t.adjusted.as_str(),
            t.executed.as_str(),
            t.rate.as_str()
        ),
        ("56.36", "56.36", "56.36", "100.00%")
    );
    // The form prints its zero rows.
    assert_eq!(app.funds[1].executed, "0.00");
    assert_eq!(app.funds[1].rate, "0.00%");
    assert_eq!(app.funds[0].executed, "56.36");
    // Totals computed from the scores: 10 + 30 + 20 + 18 + 20.
    assert_eq!(
        (app.total_weight.as_str(), app.total_score.as_str()),
        ("100", "98")
    );
    assert_eq!(app.indicator_weight, "90");
    // 一级 / 二级 cells merge over equal neighbours.
    let spans: Vec<(usize, usize)> = app
        .indicators
        .iter()
        .map(|i| (i.level1_span, i.level2_span))
        .collect();
    assert_eq!(spans, vec![(3, 3), (0, 0), (0, 0), (1, 1)]);
    let topics = &app.indicators[2];
    assert_eq!(
        (topics.actual.as_str(), topics.score.as_str()),
        ("18", "18")
    );
    assert!(topics.deviation.starts_with("受年中平台改版影响"));
    assert!(app.conclusion.starts_with("项目自评得分98分。"));
    // The national alternative is a setting (or the national table set).
    let s = Settings {
        template_set: "national".into(),
        ..Settings::default()
    };
    assert_eq!(form::form_name(&s.template_set, None), "national");
    assert_eq!(form::form_name("sichuan", Some("national")), "national");
}

#[test]
fn example_projects_quote_their_amounts_and_indicators() {
    let v = example();
    let labels: Vec<&str> = v.projects.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["附件2", "附件3"]);
    let ops = &v.projects[0];
    assert_eq!(
        (ops.amount.as_str(), ops.amount_yuan.as_str()),
        ("187.2", "1,872,000.00")
    );
    let app = &v.projects[1];
    assert_eq!(
        (app.amount.as_str(), app.amount_yuan.as_str()),
        ("56.36", "563,646.52")
    );
    let posts = app
        .indicators
        .iter()
        .find(|i| i.name == "发布稿件")
        .unwrap();
    assert_eq!(
        (posts.target.as_str(), posts.actual.as_str(), posts.status),
        ("≥7000条", "超过1万条", "达成")
    );
    let shops = app
        .indicators
        .iter()
        .find(|i| i.name.starts_with("服务本地商家"))
        .unwrap();
    assert_eq!((shops.actual.as_str(), shops.status), ("917家", "达成"));
}

#[test]
fn indicator_status_follows_the_comparator() {
    let mk =
        |cmp: crate::model::performance::Comparator, target: i64, actual: Option<i64>| Indicator {
            name: "x".into(),
            comparator: cmp,
            target: Decimal::from(target),
            unit: "次".into(),
            actual: actual.map(Decimal::from),
            ..Indicator::default()
        };
    use crate::model::performance::Comparator::*;
    // The status follows whether the indicator is met (computed from the comparator).
    let show = |i: Indicator| indicator(&i, i.met());
    assert_eq!(show(mk(AtLeast, 20, Some(24))).status, "达成");
    assert_eq!(show(mk(AtLeast, 20, Some(19))).status, "未达成");
    assert_eq!(show(mk(AtMost, 5, Some(5))).status, "达成");
    assert_eq!(show(mk(Below, 5, Some(5))).status, "未达成");
    assert_eq!(show(mk(Equal, 5, Some(5))).actual, "5次");
    // Never a placeholder: without an actual value (a `check` error) the cell is empty.
    let none = show(mk(AtLeast, 85, None));
    assert_eq!(none.actual, "");
}

#[test]
fn no_evaluation_data_gives_an_empty_part() {
    let v = view("schema: 1\nunit: {name: 测试单位, year: 2023}\n");
    assert!(v.empty && v.unit.is_none() && v.projects.is_empty());
    // A project report alone is 附件1.
    let v = view(
        "schema: 1\nunit: {name: 测试单位, year: 2023}\nprojects:\n  - {name: 甲, code: \"2013399\", amount: 10000, evaluation: {indicators: [{name: 培训, target: 2, unit: 次, actual: 1}]}}\n",
    );
    assert!(!v.empty && v.unit.is_none());
    assert_eq!(v.projects[0].label, "附件1");
    assert_eq!(v.projects[0].indicators[0].status, "未达成");
    assert_eq!(v.projects[0].indicators_unmet, 1);
    assert!(!v.projects[0].has_budget);
}

#[test]
fn one_off_group_counts_underspent_projects() {
    let v = view(
        "schema: 1\nunit: {name: 测试单位, year: 2023}\nperformance: {unit_evaluation: {}}\nprojects:\n  - {name: 甲, code: \"2013399\", kind: 一次性, amount: 80000, budget: 100000}\n  - {name: 乙, code: \"2013399\", kind: 一次性, amount: 95000, budget: 100000}\n",
    );
    let g = &v.unit.as_ref().unwrap().one_off;
    assert_eq!(
        (g.count, g.budget.as_str(), g.progress.as_str(), g.over_10),
        (2, "20", "87.5", 1)
    );
}
