//! Every unit, every year: a 单位 (行政单位) and a 部门 file for 2021–2024 under
//! tests/fixtures/years/, each built and checked against the headings, table titles and
//! catalogue names of its year; the 上年 figures of 2022–2024 come from last year's
//! file; years without their own data say which year was used; references that fail
//! are located; batch keeps references inside the district and rebuilds a unit whose
//! last-year file changed.

mod common;

use std::path::{Path, PathBuf};

use common::{build, juesuan, pdf_text, squash, tempdir, write};
use juesuan::config::Options;
use juesuan::pipeline::{self, Toolkit};

fn fixture(year: i32, kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/years/{year}/{kind}.yaml"))
}

/// What a year's report must print (whitespace removed).
struct Expect {
    year: i32,
    kind: &'static str,
    /// 第一部分's headings, in order.
    part1: &'static [&'static str],
    section7: &'static str,
    /// 附表 as printed: "公开NN表" then the numbered title.
    tables: &'static [(&'static str, &'static str)],
    /// Names the year's catalogue gives (and the text prints).
    names: &'static [&'static str],
    /// Names of other years that must not be printed.
    not_names: &'static [&'static str],
    publish: Option<&'static str>,
}

const S7_2021: &str = "七、“三公”经费财政拨款支出决算情况说明";
const S7: &str = "七、财政拨款“三公”经费支出决算情况说明";
const OLD_20805: &str = "行政事业单位离退休（款）";
const NEW_20805: &str = "行政事业单位养老支出（款）";
const OLD_2130599: &str = "其他巩固脱贫衔接乡村振兴支出";
const NEW_2130599: &str = "其他巩固脱贫攻坚成果衔接乡村振兴支出";

const TABLES_2021: &[(&str, &str)] = &[
    ("公开08表", "八、一般公共预算财政拨款基本支出决算表"),
    ("公开10表", "十、一般公共预算财政拨款“三公”经费支出决算表"),
    (
        "公开12表",
        "十二、政府性基金预算财政拨款“三公”经费支出决算表",
    ),
    ("公开14表", "十四、国有资本经营预算财政拨款支出决算表"),
];
const TABLES_2022: &[(&str, &str)] = &[
    ("公开08表", "八、一般公共预算财政拨款基本支出决算明细表"),
    ("公开10表", "十、政府性基金预算财政拨款收入支出决算表"),
    ("公开13表", "十三、财政拨款“三公”经费支出决算表"),
];
const TABLES_2023: &[(&str, &str)] = &[
    ("公开08表", "八、一般公共预算财政拨款基本支出决算表"),
    ("公开13表", "十三、财政拨款“三公”经费支出决算表"),
];

fn expectations() -> Vec<Expect> {
    vec![
        Expect {
            year: 2021,
            kind: "dept",
            part1: &["一、基本职能及主要工作", "（一）主要职能", "二、机构设置"],
            section7: S7_2021,
            tables: TABLES_2021,
            names: &[OLD_20805, OLD_2130599],
            not_names: &[NEW_20805],
            publish: Some("公开时间：2022年9月28日"),
        },
        Expect {
            year: 2021,
            kind: "unit",
            part1: &["一、职能简介", "二、机构设置"],
            section7: S7_2021,
            tables: TABLES_2021,
            names: &[OLD_20805],
            not_names: &[NEW_20805],
            publish: Some("公开时间：2022年9月28日"),
        },
        Expect {
            year: 2022,
            kind: "dept",
            part1: &["一、部门职责", "二、机构设置"],
            section7: S7,
            tables: TABLES_2022,
            names: &[NEW_20805, OLD_2130599],
            not_names: &[OLD_20805, NEW_2130599, "（一）主要职能"],
            publish: None,
        },
        Expect {
            year: 2022,
            kind: "unit",
            part1: &["一、主要职责", "二、机构设置"],
            section7: S7,
            tables: TABLES_2022,
            names: &[NEW_20805],
            not_names: &[OLD_20805],
            publish: None,
        },
        Expect {
            year: 2023,
            kind: "dept",
            part1: &["一、部门职责", "二、机构设置"],
            section7: S7,
            tables: TABLES_2023,
            names: &[NEW_20805, NEW_2130599],
            not_names: &[OLD_2130599],
            publish: None,
        },
        Expect {
            year: 2023,
            kind: "unit",
            part1: &["一、主要职责", "二、机构设置"],
            section7: S7,
            tables: TABLES_2023,
            names: &[NEW_20805],
            not_names: &[OLD_20805],
            publish: None,
        },
        Expect {
            year: 2024,
            kind: "dept",
            part1: &["一、部门职责", "（一）主要职能", "二、机构设置"],
            section7: S7,
            tables: TABLES_2022,
            names: &[NEW_20805, NEW_2130599],
            not_names: &[OLD_2130599],
            publish: Some("公开时间：2025年9月2日"),
        },
        Expect {
            year: 2024,
            kind: "unit",
            part1: &["一、主要职责", "二、机构设置"],
            section7: S7,
            tables: TABLES_2022,
            names: &[NEW_20805],
            not_names: &[OLD_20805],
            publish: Some("公开时间：2025年9月2日"),
        },
    ]
}

/// Position of `needle` in `hay` after `from`, or a panic naming both.
fn after(hay: &str, needle: &str, from: usize, what: &str) -> usize {
    match hay[from..].find(needle) {
        Some(i) => from + i,
        None => panic!("{what}: “{needle}” not found after byte {from}"),
    }
}

#[test]
fn every_year_prints_its_headings_tables_and_names() {
    let dir = tempdir();
    for e in expectations() {
        let what = format!("{} {}", e.year, e.kind);
        let pdf = build(
            &fixture(e.year, e.kind),
            dir.path(),
            &what.replace(' ', "-"),
        );
        let text = squash(&pdf_text(&pdf));
        // The body starts at the second “第一部分” (the first is the 目录's).
        let body = after(
            &text,
            "第一部分",
            after(&text, "第一部分", 0, &what) + "第一部分".len(),
            &what,
        );
        let mut at = body;
        for h in e.part1 {
            at = after(&text, h, at, &what);
        }
        assert!(text[body..].contains(e.section7), "{what}: {}", e.section7);
        let other = if e.section7 == S7 { S7_2021 } else { S7 };
        assert!(!text.contains(other), "{what}: {other}");
        let count = if e.year == 2021 { 14 } else { 13 };
        assert!(
            text.contains(&format!("公开{count:02}表"))
                && !text.contains(&format!("公开{:02}表", count + 1)),
            "{what}: {count} tables"
        );
        for (form, title) in e.tables {
            let f = after(&text, form, body, &what);
            assert!(
                text[f..].starts_with(&format!("{form}{title}")),
                "{what}: {form} is not {title}: {}",
                &text[f..(f + 90).min(text.len())]
            );
        }
        for n in e.names {
            assert!(text.contains(n), "{what}: name {n}");
        }
        for n in e.not_names {
            assert!(!text.contains(n), "{what}: another year's {n}");
        }
        match e.publish {
            Some(p) => assert!(text.contains(p), "{what}: {p}"),
            None => assert!(!text.contains("公开时间"), "{what}: no 公开时间"),
        }
        // 单位: its 内设机构 and staff; 部门: its 二级预算单位.
        if e.kind == "unit" {
            assert!(
                text.contains("内设综合股、机构编制股、监督检查股3个内设机构"),
                "{what}"
            );
            assert!(
                text.contains("（其中：专业技术人员0名、管理人员7名、工勤技能人员1名）"),
                "{what}"
            );
            assert!(!text.contains("下属二级预算单位"), "{what}");
            assert!(
                text.contains("区委编办机关运行经费支出"),
                "{what}: short name in 十"
            );
            assert!(text.contains("单位决算"), "{what}");
        } else {
            assert!(text.contains("下属二级预算单位2个"), "{what}");
        }
    }
}

#[test]
fn the_2021_department_prints_its_three_public_by_fund() {
    let dir = tempdir();
    let text = without_folios(&squash(&pdf_text(&build(
        &fixture(2021, "dept"),
        dir.path(),
        "d21",
    ))));
    assert!(
        text.contains("其中：一般公共预算财政拨款5.78万元，政府性基金预算财政拨款0.65万元。"),
        "七（一） by fund"
    );
    // 公开10表 (一般公共预算): 决算 57,800.00; 公开12表 (政府性基金): 6,500.00.
    let t10 = text.find("公开10表十、").unwrap();
    let t11 = text.find("公开11表").unwrap();
    assert!(text[t10..t11].contains("57,800.00") && !text[t10..t11].contains("64,300.00"));
    let t12 = text.find("公开12表十二、").unwrap();
    let t13 = text.find("公开13表").unwrap();
    assert!(text[t12..t13].contains("6,500.00") && !text[t12..t13].contains("57,800.00"));
    // The itemised texts: purposes and reasons where the item is discussed.
    assert!(text.contains("公务用车运行维护费支出4.28万元，主要用于燃料费、维修费和保险费等。"));
    assert!(text.contains("增长20%。主要原因是文旅项目考察交流增加。"));
    assert!(text.contains("政府采购主要用于图书采购、文化活动舞台搭建和旅游宣传服务。"));
}

/// `text` without the page folios (—10—) a sentence may be split by.
fn without_folios(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('—') {
        out.push_str(&rest[..i]);
        let after = &rest[i + '—'.len_utf8()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with('—') {
            rest = &after[digits + '—'.len_utf8()..];
        } else {
            out.push('—');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn kit() -> Toolkit {
    Toolkit::new(&Options::default()).unwrap()
}

#[test]
fn last_years_figures_come_from_last_years_file() {
    let kit = kit();
    for kind in ["dept", "unit"] {
        let l23 = juesuan::model::load_file(&fixture(2023, kind)).unwrap();
        let l22 = juesuan::model::load_file(&fixture(2022, kind)).unwrap();
        let c23 = pipeline::check(&kit, &l23).unwrap();
        let c22 = pipeline::check(&kit, &l22).unwrap();
        assert!(!c23.has_errors(), "{:?}", c23.findings);
        let (f23, f22) = (&c23.figures, &c22.figures);
        let p = f23.previous.as_ref().expect("figures from the 2022 file");
        assert_eq!(
            (p.year, p.file.as_str()),
            (2022, format!("../2022/{kind}.yaml").as_str())
        );
        assert_eq!(f23.total_change.previous, Some(f22.grand_total), "{kind}");
        assert_eq!(f23.fiscal.change.previous, Some(f22.fiscal.grand_total));
        assert_eq!(
            f23.general_budget.change.previous,
            Some(f22.general_budget.total)
        );
        assert_eq!(
            f23.three_public.change.previous,
            Some(f22.three_public.actual.total)
        );
        assert_eq!(
            f23.operating_expenses.previous,
            Some(f22.operating_expenses.current)
        );
        // The text says so.
        let fmt = c23.config.settings.fmt();
        let delta = fmt.wan(f23.grand_total - f22.grand_total);
        let dir = tempdir();
        let text = squash(&pdf_text(&build(&fixture(2023, kind), dir.path(), kind)));
        assert!(
            text.contains(&format!("与2022年度相比，收、支总计各增加{delta}万元")),
            "{kind}: {delta}"
        );
    }
    // The 部门's 2130599 was renamed in 2023: a scope change, reported (K008).
    let l = juesuan::model::load_file(&fixture(2023, "dept")).unwrap();
    let c = pipeline::check(&kit, &l).unwrap();
    let k: Vec<_> = c.findings.iter().filter(|f| f.code == "K008").collect();
    assert_eq!(k.len(), 1, "{:?}", c.findings);
    assert!(k[0].message.contains("2130599"));
}

/// A temp district with the fixtures of `years` copied as `<year>/<kind>.yaml`.
fn district(years: &[i32]) -> tempfile::TempDir {
    let dir = tempdir();
    for y in years {
        std::fs::create_dir_all(dir.path().join(y.to_string())).unwrap();
        for kind in ["unit", "dept"] {
            std::fs::copy(
                fixture(*y, kind),
                dir.path().join(format!("{y}/{kind}.yaml")),
            )
            .unwrap();
        }
    }
    dir
}

fn check_json(file: &Path) -> (i32, serde_json::Value) {
    let o = juesuan(&["check", file.to_str().unwrap(), "--format", "json"]);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&o.stdout));
    });
    (o.status.code().unwrap(), v)
}

fn with_code<'a>(v: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

#[test]
fn years_without_their_own_data_name_the_year_used_in_check_and_build() {
    let d = district(&[2024]);
    let text = std::fs::read_to_string(fixture(2024, "dept")).unwrap();
    std::fs::create_dir_all(d.path().join("2025")).unwrap();
    let f25 = write(
        &d.path().join("2025"),
        "dept.yaml",
        &text
            .replace("  year: 2024\n", "  year: 2025\n")
            .replace("../2023/dept.yaml", "../2024/dept.yaml")
            .replace("publish_date: 2025-09-02", "publish_date: 2026-09-02"),
    );
    let (code, v) = check_json(&f25);
    assert_eq!(code, 0, "{v}");
    let s3 = with_code(&v, "S003");
    assert_eq!(s3.len(), 1, "{v}");
    assert!(s3[0]["message"].as_str().unwrap().contains("按2024年版本"));
    assert!(
        with_code(&v, "S002").is_empty(),
        "2025 has its own catalogue"
    );
    let out = d.path().join("r25.pdf");
    let o = juesuan(&["build", f25.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("S003") && err.contains("按2024年版本"),
        "{err}"
    );
    // 2020: neither a catalogue nor an edition entry — both say 2021.
    let f20 = write(
        d.path(),
        "u2020.yaml",
        &text
            .replace("  year: 2024\n", "  year: 2020\n")
            .replace("  file: ../2023/dept.yaml\n", "  total: 1000000\n"),
    );
    let (_, v) = check_json(&f20);
    let s2 = with_code(&v, "S002");
    assert_eq!(s2.len(), 1, "{v}");
    assert!(s2[0]["message"]
        .as_str()
        .unwrap()
        .contains("按2021年科目表"));
    assert!(with_code(&v, "S003")[0]["message"]
        .as_str()
        .unwrap()
        .contains("按2021年版本"));
}

#[test]
fn explicit_overrides_choose_the_edition() {
    let d = district(&[2023, 2024]);
    let text = std::fs::read_to_string(d.path().join("2024/dept.yaml")).unwrap();
    let text = text.replace(
        "settings: {publish_date: 2025-09-02}",
        "settings: {publish_date: 2025-09-02, edition_year: 2023}",
    );
    let f = write(&d.path().join("2024"), "as2023.yaml", &text);
    let out = tempdir();
    let t = squash(&pdf_text(&build(&f, out.path(), "as2023")));
    assert!(
        t.contains("公开08表八、一般公共预算财政拨款基本支出决算表"),
        "2023's title of 八"
    );
    assert!(!t.contains("（一）主要职能"), "2023's part 1");
    let national = text.replace("edition_year: 2023", "edition: national");
    let f = write(&d.path().join("2024"), "national.yaml", &national);
    let t = squash(&pdf_text(&build(&f, out.path(), "national")));
    assert!(
        t.contains("公开09表九、财政拨款“三公”经费支出决算表"),
        "national, 9 tables"
    );
    assert!(!t.contains("公开10表"));
}

#[test]
fn bad_references_are_located_at_last_year_file() {
    let d = district(&[2021, 2022, 2023]);
    let base = std::fs::read_to_string(d.path().join("2023/unit.yaml")).unwrap();
    let with = |name: &str, file: &str| {
        write(
            &d.path().join("2023"),
            name,
            &base.replace("../2022/unit.yaml", file),
        )
    };
    let line = base
        .lines()
        .position(|l| l.starts_with("  file: "))
        .unwrap()
        + 1;
    for (name, file, code) in [
        ("missing.yaml", "../2022/nope.yaml", "Y001"),
        ("self.yaml", "self.yaml", "Y002"),
        ("old.yaml", "../2021/unit.yaml", "Y003"),
    ] {
        let f = with(name, file);
        let (exit, v) = check_json(&f);
        assert_eq!(exit, 1, "{name}: {v}");
        let r = with_code(&v, code);
        assert_eq!(r.len(), 1, "{name}: {v}");
        assert_eq!(r[0]["pos"]["line"], line, "{name}");
        assert!(
            r[0]["message"].as_str().unwrap().contains(file),
            "{name}: {}",
            r[0]["message"]
        );
    }
    // Last year's file with an error of its own: Y004 names it and where it is.
    let l22 = std::fs::read_to_string(d.path().join("2022/unit.yaml")).unwrap();
    write(
        &d.path().join("2022"),
        "broken.yaml",
        &format!("{l22}declared:\n  income_total: 1.00\n"),
    );
    let (exit, v) = check_json(&with("broken-ref.yaml", "../2022/broken.yaml"));
    assert_eq!(exit, 1);
    let r = with_code(&v, "Y004");
    assert_eq!(r.len(), 1, "{v}");
    let m = r[0]["message"].as_str().unwrap();
    assert!(m.contains("broken.yaml:") && m.contains("B001"), "{m}");
    // A typed figure that disagrees with the file: K007, at the typed value.
    let typed = base.replace(
        "  file: ../2022/unit.yaml\n",
        "  file: ../2022/unit.yaml\n  total: 1.00\n",
    );
    let f = write(&d.path().join("2023"), "typed.yaml", &typed);
    let (exit, v) = check_json(&f);
    assert_eq!(exit, 1);
    let k = with_code(&v, "K007");
    assert_eq!(k.len(), 1, "{v}");
    assert_eq!(k[0]["path"], "last_year.total");
    assert_eq!(k[0]["pos"]["line"], line + 1);
}

fn batch(dir: &Path, out: &Path) -> Vec<juesuan::batch::summary::Row> {
    let o = juesuan(&["batch", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.code().is_some());
    juesuan::batch::summary::read_csv(&out.join("summary.csv")).unwrap()
}

#[test]
fn batch_resolves_references_in_the_district_and_rebuilds_on_change() {
    use juesuan::batch::summary::Status;
    let d = district(&[2022, 2023]);
    let out = tempdir();
    let rows = batch(d.path(), out.path());
    let row = |rows: &[juesuan::batch::summary::Row], f: &str| {
        rows.iter()
            .find(|r| r.file == f)
            .cloned()
            .unwrap_or_else(|| panic!("{f}: {rows:?}"))
    };
    let r = row(&rows, "2023/unit.yaml");
    assert_eq!(r.status, Status::Ok, "{r:?}");
    // 2022's own 上年 file (2021) is not in this district: Y001 (that unit only).
    let r22 = row(&rows, "2022/unit.yaml");
    assert_eq!(r22.status, Status::Error, "{r22:?}");
    assert!(r22.findings.contains("Y001"), "{}", r22.findings);
    // Unchanged: skipped. Last year's file changed: the 2023 unit is made again.
    let rows = batch(d.path(), out.path());
    assert_eq!(row(&rows, "2023/unit.yaml").status, Status::Unchanged);
    let p22 = d.path().join("2022/unit.yaml");
    let t = std::fs::read_to_string(&p22).unwrap();
    std::fs::write(&p22, t.replace("  actual: 8\n", "  actual: 8\n  # 改动\n")).unwrap();
    let rows = batch(d.path(), out.path());
    assert_eq!(row(&rows, "2023/unit.yaml").status, Status::Ok, "rebuilt");
    assert_eq!(row(&rows, "2023/dept.yaml").status, Status::Unchanged);
    // A reference out of the district is refused (Y005), though the file exists.
    let outside = tmp_outside(&d);
    let t = std::fs::read_to_string(d.path().join("2023/unit.yaml")).unwrap();
    std::fs::create_dir_all(d.path().join("x")).unwrap();
    write(
        &d.path().join("x"),
        "out.yaml",
        &t.replace("../2022/unit.yaml", &outside),
    );
    let rows = batch(d.path(), out.path());
    let r = row(&rows, "x/out.yaml");
    assert_eq!(r.status, Status::Error);
    assert!(r.findings.contains("Y005"), "{}", r.findings);
    // The same file checked alone (no district) may read it.
    let (_, v) = check_json(&d.path().join("x/out.yaml"));
    assert!(with_code(&v, "Y005").is_empty(), "{v}");
}

/// A copy of the 2022 unit beside (not inside) the district folder `d`; the path to it
/// from `d/x/`.
fn tmp_outside(d: &tempfile::TempDir) -> String {
    let name = format!(
        "{}-outside-2022.yaml",
        d.path().file_name().unwrap().to_string_lossy()
    );
    let p = d.path().parent().unwrap().join(&name);
    std::fs::copy(fixture(2022, "unit"), &p).unwrap();
    format!("../../{name}")
}
