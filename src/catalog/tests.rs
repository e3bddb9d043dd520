//! Catalogue tests: the base year, the derived years, fund applicability and the change
//! mechanics (forward, backward, refusals).

use super::changes::{apply_file, derive_years};
use super::*;

fn names(year: i32, code: &str) -> String {
    let (c, fallback) = Catalog::for_year(year);
    assert_eq!(fallback, None, "{year} has its own catalogue");
    c.functional(year)
        .get(code)
        .map(|e| e.name.clone())
        .unwrap_or_default()
}

#[test]
fn catalogue_has_the_seed_codes_and_consistent_hierarchy() {
    let c = Catalog::builtin();
    assert_eq!(c.year, 2023);
    let f = c.functional(2023);
    assert_eq!(f.get("2013350").unwrap().name, "事业运行");
    assert_eq!(f.get("20133").unwrap().name, "宣传事务");
    assert_eq!(f.get("2210201").unwrap().name, "住房公积金");
    assert_eq!(f.classes().count(), 26);
    assert_eq!(c.economic.get("30217").unwrap().name, "公务接待费");
    assert!(c
        .glossary
        .before_items
        .iter()
        .any(|g| g.term == "财政拨款收入"));
}

#[test]
fn every_year_2021_to_2025_resolves_sorted_and_complete() {
    assert_eq!(Catalog::years(), vec![2021, 2022, 2023, 2024, 2025]);
    for year in 2021..=2025 {
        let (c, fallback) = Catalog::for_year(year);
        assert_eq!((c.year, fallback), (year, None));
        let f = c.functional(year);
        assert_eq!(f.classes().count(), 26, "{year}");
        let codes: Vec<&str> = f.entries().iter().map(|e| e.code.as_str()).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "{year}: order");
        for e in f.entries() {
            if let Some(p) = parent_code(&e.code) {
                assert!(f.contains(p), "{year}: {} has no parent {p}", e.code);
            }
            assert!(!e.name.is_empty(), "{year}: {}", e.code);
        }
        // No economic change is known for 2021–2025: the same list every year.
        assert_eq!(c.economic.entries(), Catalog::builtin().economic.entries());
    }
}

#[test]
fn code_added_in_2024_is_unknown_in_2023_and_known_from_2024() {
    let (c23, _) = Catalog::for_year(2023);
    let (c24, _) = Catalog::for_year(2024);
    let (c25, _) = Catalog::for_year(2025);
    assert!(!c23.functional(2023).contains("22006"));
    assert_eq!(
        c24.functional(2024).get("22006").unwrap().name,
        "耕地保护考核奖惩基金支出"
    );
    assert!(c25.functional(2025).contains("22006"));
    // 2025's additions are not in 2024.
    assert!(!c24.functional(2024).contains("22911"));
    assert!(c25.functional(2025).contains("22911"));
    assert!(c25.functional(2025).contains("2219899"));
    // Sorted in place: right after 22005's 项, before 22099.
    let f = c24.functional(2024);
    assert!(f.order("22006") > f.order("2200599") && f.order("22006") < f.order("22099"));
}

#[test]
fn renamed_names_differ_between_the_years() {
    assert_eq!(names(2023, "2013804"), "市场主体管理");
    assert_eq!(names(2024, "2013804"), "经营主体管理");
    assert_eq!(names(2021, "20805"), "行政事业单位离退休");
    assert_eq!(names(2022, "20805"), "行政事业单位养老支出");
    assert_eq!(names(2025, "20805"), "行政事业单位养老支出");
    assert_eq!(names(2022, "21305"), "巩固脱贫衔接乡村振兴");
    assert_eq!(names(2023, "21305"), "巩固脱贫攻坚成果衔接乡村振兴");
    // The 名词解释 text follows the rename.
    let (c24, _) = Catalog::for_year(2024);
    let def = c24
        .functional(2024)
        .get("2013804")
        .unwrap()
        .definition
        .clone()
        .unwrap();
    assert!(def.contains("经营主体"), "{def}");
    // The name that has not changed stays (207 since 2019, seen in a 2021 公开01表).
    assert_eq!(names(2021, "207"), "文化旅游体育与传媒支出");
}

#[test]
fn years_without_a_catalogue_report_the_year_used() {
    let (c, used) = Catalog::for_year(2020);
    assert_eq!((c.year, used), (2021, Some(2021)));
    let (c, used) = Catalog::for_year(2026);
    assert_eq!((c.year, used), (2025, Some(2025)));
    assert_eq!(Catalog::for_year(2023).1, None);
    let w = fallback_warning(2026, 2025);
    assert!(w.contains("2026年") && w.contains("2025年"), "{w}");
}

#[test]
fn fund_applicability_follows_the_entries_and_their_descendants() {
    let (c23, _) = Catalog::for_year(2023);
    let (c24, _) = Catalog::for_year(2024);
    let (f23, f24) = (c23.functional(2023), c24.functional(2024));
    use Fund::*;
    // 22006 is a 政府性基金 款 only; 220 joins the 政府性基金 tables in 2024.
    assert_eq!(f24.funds("22006"), vec![GovernmentFund]);
    assert_eq!(f23.funds("220"), vec![GeneralBudget]);
    assert_eq!(f24.funds("220"), vec![GeneralBudget, GovernmentFund]);
    assert!(f24.applies("22001", GeneralBudget) && !f24.applies("22001", GovernmentFund));
    let gf = |f: &CodeList| {
        f.classes_for(GovernmentFund)
            .map(|e| e.code.clone())
            .collect::<Vec<_>>()
    };
    assert!(!gf(f23).contains(&"220".to_string()));
    assert!(gf(f24).contains(&"220".to_string()));
    // Classes of one budget only, and mixed ones.
    assert_eq!(f23.funds("223"), vec![StateCapital]);
    assert_eq!(f23.funds("2230101"), vec![StateCapital]);
    assert_eq!(f23.funds("234"), vec![GovernmentFund]);
    assert!(!f23.applies("234", GeneralBudget));
    assert_eq!(f23.funds("231"), vec![GeneralBudget, GovernmentFund]);
    assert_eq!(f23.funds("2296002"), vec![GovernmentFund]);
    assert_eq!(f23.funds("2120801"), vec![GovernmentFund]);
    assert_eq!(f23.funds("2013350"), vec![GeneralBudget]);
    // Non-fiscal money may use any known code; unknown codes apply nowhere.
    assert!(f23.applies("234", Other));
    assert!(!f23.applies("2999999", GeneralBudget) && f23.funds("2999999").is_empty());
    assert_eq!(f23.classes_for(GeneralBudget).count(), 24);
}

fn entry(code: &str, name: &str) -> Entry {
    Entry {
        code: code.into(),
        name: name.into(),
        definition: None,
        funds: None,
    }
}

fn base() -> Vec<Entry> {
    vec![
        entry("201", "一"),
        entry("20101", "甲"),
        entry("2010101", "子"),
        entry("202", "二"),
    ]
}

fn file(year: i32, body: &str) -> ChangeFile {
    ChangeFile::parse(&format!("year: {year}\nfunctional:\n{body}")).unwrap()
}

#[test]
fn changes_apply_forward_and_undo_backward() {
    let f24 = file(
        2024,
        "  - {op: add, code: \"20102\", name: 乙, source: s, confidence: 已核}\n  - {op: add, code: \"2010201\", name: 丑, source: s, confidence: 待核}\n  - {op: rename, code: \"2010101\", from: 子, to: 寅, source: s, confidence: 待核}\n  - {op: remove, code: \"202\", name: 二, source: s, confidence: 已核}\n",
    );
    let years = derive_years(base(), 2023, std::slice::from_ref(&f24), |f| &f.functional).unwrap();
    let codes = |y: i32| {
        years[&y]
            .iter()
            .map(|e| format!("{} {}", e.code, e.name))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(2023), ["201 一", "20101 甲", "2010101 子", "202 二"]);
    assert_eq!(
        codes(2024),
        ["201 一", "20101 甲", "2010101 寅", "20102 乙", "2010201 丑"]
    );
    // The same file read as "2023 against 2022", with 2023 as base: undone.
    let f23 = ChangeFile { year: 2023, ..f24 };
    let mut after = years[&2024].clone();
    apply_file(&mut after, &f23.functional, false).unwrap();
    assert_eq!(after, base());
}

#[test]
fn inconsistent_changes_are_refused_with_the_code() {
    let one = |body: &str| {
        let f = file(2024, body);
        derive_years(base(), 2023, &[f], |f| &f.functional).unwrap_err()
    };
    let e =
        one("  - {op: rename, code: \"20101\", from: 错, to: 乙, source: s, confidence: 待核}\n");
    assert!(e.contains("20101") && e.contains("甲"), "{e}");
    assert!(
        one("  - {op: add, code: \"20101\", name: 乙, source: s, confidence: 已核}\n")
            .contains("已存在")
    );
    assert!(
        one("  - {op: add, code: \"20301\", name: 乙, source: s, confidence: 已核}\n")
            .contains("上级科目 203")
    );
    assert!(
        one("  - {op: remove, code: \"20101\", name: 甲, source: s, confidence: 已核}\n")
            .contains("下级")
    );
    assert!(
        one("  - {op: remove, code: \"202\", name: 错, source: s, confidence: 已核}\n")
            .contains("二")
    );
    // Shape: a rename needs from/to; a source is required; confidence is 已核/待核.
    let bad =
        |body: &str| ChangeFile::parse(&format!("year: 2024\nfunctional:\n{body}")).unwrap_err();
    assert!(
        bad("  - {op: rename, code: \"20101\", to: 乙, source: s, confidence: 待核}\n")
            .contains("from")
    );
    assert!(
        bad("  - {op: add, code: \"20102\", name: 乙, source: \" \", confidence: 已核}\n")
            .contains("出处")
    );
    assert!(
        !bad("  - {op: add, code: \"20102\", name: 乙, source: s, confidence: 可能}\n").is_empty()
    );
    // A gap between the base year and a file is refused.
    let f = file(
        2025,
        "  - {op: add, code: \"20102\", name: 乙, source: s, confidence: 已核}\n",
    );
    assert!(derive_years(base(), 2023, &[f], |f| &f.functional)
        .unwrap_err()
        .contains("缺少年份"));
}

#[test]
fn every_builtin_change_names_its_source_and_confidence() {
    for (year, text) in CHANGES {
        let f = ChangeFile::parse(text).unwrap();
        assert_eq!(f.year, *year);
        for c in f.functional.iter().chain(&f.economic) {
            assert!(!c.source.trim().is_empty(), "{year} {}", c.code);
        }
    }
}
