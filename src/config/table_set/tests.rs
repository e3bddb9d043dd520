//! Table sets by id and their edition: shape checks, order, numbers and titles.

use super::*;

const HEAD: &str = "rounding_note: x\ntables:\n";

#[test]
fn ids_on_all_tables_or_none_and_own_lists_state_their_titles() {
    let own = "  - {number: 1, form: 公开01表, title: 总表, layout: grid}\n";
    assert!(TableSet::parse(&format!("{HEAD}{own}")).is_ok());
    let untitled = "  - {number: 1, form: 公开01表, layout: grid}\n";
    let e = TableSet::parse(&format!("{HEAD}{untitled}")).unwrap_err();
    assert!(e.contains("title"), "{e}");
    let mixed =
        "  - {id: total, layout: grid}\n  - {number: 2, form: 公开02表, title: 乙, layout: grid}\n";
    let e = TableSet::parse(&format!("{HEAD}{mixed}")).unwrap_err();
    assert!(e.contains("id"), "{e}");
    let twice = "  - {id: total, layout: grid}\n  - {id: total, layout: grid}\n";
    assert!(TableSet::parse(&format!("{HEAD}{twice}"))
        .unwrap_err()
        .contains("两次"));
}

#[test]
fn an_edition_orders_numbers_and_titles_a_set_of_ids() {
    let set = TableSet::parse(&format!(
        "{HEAD}  - {{id: income, layout: grid}}\n  - {{id: total, layout: grid, title: 自定标题}}\n"
    ))
    .unwrap();
    let file = crate::edition::EditionFile::parse(
        "id: x\nname: 某省\nyears:\n  - year: 2021\n    part1:\n      部门: {duties: 一、部门职责}\n      单位: {duties: 一、主要职责}\n    section7: {heading: 七、, overall: a, detail: b}\n    tables:\n      - {id: total, title: 收入支出决算总表}\n      - {id: income, title: 收入决算表}\n",
    )
    .unwrap();
    let e = file.resolve(2021, crate::model::ReportKind::Unit);
    let s = set.for_edition(&e).unwrap();
    let got: Vec<(u32, &str, &str)> = s
        .tables
        .iter()
        .map(|t| (t.number, t.form.as_str(), t.title.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![(1, "公开01表", "自定标题"), (2, "公开02表", "收入决算表")],
        "the edition's order; a title in the set file wins"
    );
    let only_total = TableSet::parse(&format!("{HEAD}  - {{id: total, layout: grid}}\n")).unwrap();
    assert_eq!(only_total.for_edition(&e).unwrap_err(), vec!["income"]);
}
