//! 部门汇总 (issue 15): a 部门 of three units with both kinds of internal transfer, every
//! consolidated figure against the hand-computed one, the balance identity, the report;
//! the bad cases (mismatch, duplicate, missing, wrong year, imbalance, cycle) each a
//! located finding; `juesuan consolidate`; a batch of a synthetic district of 部门.

mod common;

use std::path::{Path, PathBuf};

use common::{juesuan, pdf_text, squash};
use juesuan::batch::summary::{read_csv, Status};
use juesuan::batch::synth;
use juesuan::catalog::Catalog;
use juesuan::compute::compute;
use juesuan::model::consolidate::merge::{pattern_of, policy_of, Policy};
use juesuan::model::schema::{self, count_fields, money_fields};
use juesuan::model::{self, Fund, Loaded, Settings};
use juesuan::pipeline::{self, Toolkit};
use rust_decimal::Decimal;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/consol")
        .join(name)
}

fn bad(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad/consol")
        .join(name)
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn department() -> Loaded {
    model::open(&fixture("部门.yaml")).expect("the 部门 loads")
}

#[test]
fn every_consolidated_figure_is_the_hand_computed_one() {
    let l = department();
    let c = l.consolidation.as_ref().expect("consolidated");
    assert_eq!(c.members.len(), 3);
    let data = &l.data;
    // 收入: 本级 2,000,000 + 一小 1,000,000 + 二小 800,000 + 幼儿园 500,000 财政拨款;
    // 上级补助收入 300,000 + 200,000 − 调整 500,000; 附属单位上缴收入 100,000 − 100,000.
    let inc = &data.income;
    assert_eq!(inc.general_budget.0, d("4300000.00"));
    assert_eq!(inc.superior_subsidy.0, d("0"));
    assert_eq!(inc.business.0, d("180000.00"));
    assert_eq!(inc.subordinate_remit.0, d("0"));
    assert_eq!(inc.other.0, d("400000.00"));
    assert_eq!(
        inc.government_fund.0 + inc.state_capital.0 + inc.operating.0,
        d("0")
    );
    // 支出: lines merged by 项 and fund, in the order they first appear (本级's first).
    let lines: Vec<(String, Fund, [Decimal; 6])> = data
        .expenditure
        .iter()
        .map(|e| {
            (
                e.code.clone(),
                e.fund,
                [
                    e.personnel.0,
                    e.public.0,
                    e.project.0,
                    e.remit_superior.0,
                    e.operating.0,
                    e.subsidy_subordinate.0,
                ],
            )
        })
        .collect();
    let z = d("0");
    let want = vec![
        (
            "2050101",
            Fund::GeneralBudget,
            [d("1200000"), d("300000"), z, z, z, z],
        ),
        ("2050199", Fund::GeneralBudget, [z, z, d("500000"), z, z, z]),
        // 本级 对附属单位补助支出 500,000 − 调整 300,000 − 200,000.
        ("2050199", Fund::Other, [z, z, z, z, z, z]),
        // 一小 700,000 + 二小 600,000 人员; 100,000 + 100,000 公用; 200,000 + 100,000 项目.
        (
            "2050202",
            Fund::GeneralBudget,
            [d("1300000"), d("200000"), d("300000"), z, z, z],
        ),
        // 二小 50,000 人员; 一小 300,000 + 二小 150,000 公用.
        (
            "2050202",
            Fund::Other,
            [d("50000"), d("450000"), z, z, z, z],
        ),
        (
            "2050201",
            Fund::GeneralBudget,
            [d("400000"), d("100000"), z, z, z, z],
        ),
        // 幼儿园 上缴上级支出 100,000 − 调整 100,000; 公用 80,000.
        ("2050201", Fund::Other, [z, d("80000"), z, z, z, z]),
    ];
    assert_eq!(lines.len(), want.len(), "{lines:#?}");
    for ((code, fund, v), (wc, wf, wv)) in lines.iter().zip(&want) {
        assert_eq!((code.as_str(), *fund), (*wc, *wf));
        assert_eq!(v, wv, "{code} {fund:?}");
    }
    // Budgets are summed: 2050202 一般公共预算 一小 1,100,000 + 二小 800,000; the reason
    // is the 部门 file's own.
    let primary = &data.expenditure[3];
    assert_eq!(primary.budget.unwrap().0, d("1900000.00"));
    assert_eq!(
        primary.reason.as_deref(),
        Some("部分项目按进度结转下年实施")
    );
    // 经济分类: 30101 1,200,000 + 700,000 + 600,000 + 400,000; 30201 290,000 + 98,000 +
    // 100,000 + 100,000.
    let econ: Vec<(&str, Decimal)> = data
        .basic_economic
        .iter()
        .map(|(k, v)| (k.as_str(), v.0))
        .collect();
    assert_eq!(
        econ,
        [
            ("30101", d("2900000")),
            ("30201", d("588000")),
            ("30217", d("2000")),
            ("30231", d("10000"))
        ]
    );
    // Projects: the union, 本级's first.
    let projects: Vec<(&str, Decimal)> = data
        .projects
        .iter()
        .map(|p| (p.name.as_str(), p.amount.0))
        .collect();
    assert_eq!(
        projects,
        [
            ("教育信息化建设", d("500000")),
            ("校舍维修改造", d("200000")),
            ("课后服务补助", d("100000"))
        ]
    );
    // 三公, 机关运行经费 (本级, the only 行政单位), 政府采购, 资产, 编制与人数.
    let tp = &data.three_public;
    assert_eq!(tp.vehicle_operation.0, d("10000"));
    assert_eq!(tp.reception.domestic.amount.0, d("2000"));
    assert_eq!(
        (tp.reception.domestic.batches, tp.reception.domestic.persons),
        (2, 10)
    );
    assert_eq!(tp.fleet.sedan, 1);
    assert_eq!(tp.budget.vehicle_operation.0, d("12000"));
    assert_eq!(tp.budget.reception.0, d("3000"));
    assert_eq!(
        tp.reason_change.as_deref(),
        Some("严格执行公务接待和公务用车管理规定")
    );
    assert_eq!(data.operating_expenses.0, d("300000"));
    let pr = &data.procurement;
    assert_eq!(
        (pr.goods.0, pr.sme.0, pr.small_micro.0),
        (d("50000"), d("40000"), d("20000"))
    );
    assert_eq!(data.assets.vehicles.other, 1);
    let st = data.overview.staffing.as_ref().unwrap();
    // 20 + 50 + 40 + 30; 18 + 48 + 40 + 30; 2 + 5 + 3 + 2.
    assert_eq!((st.authorized, st.actual, st.contracted), (140, 136, 12));
    // 年初结转: 二小 50,000.
    assert_eq!(data.balances.opening.general_budget.0, d("50000"));
    // 机构设置 from the members.
    assert_eq!(
        data.overview.included_units,
        [
            "攀枝花市东区第一小学",
            "攀枝花市东区第二小学",
            "攀枝花市东区机关幼儿园"
        ]
    );
    let su = &data.overview.secondary_units;
    assert_eq!(
        (
            su.administrative,
            su.civil_servant_managed,
            su.other_institutions
        ),
        (0, 0, 3)
    );
    // 上年 figures are the 部门's own (last year's consolidated), texts the 部门's.
    assert_eq!(data.last_year.total.unwrap().0, d("4500000"));
    assert_eq!(data.unit.name, "攀枝花市东区教育局");
    assert!(data.consolidation.is_none());
}

#[test]
fn the_balance_identity_holds_and_shares_are_recomputed() {
    let l = department();
    let catalog = Catalog::builtin();
    let settings = Settings::default();
    let fig = compute(&l.data, &catalog, &settings);
    // 本年收入 = 本年支出 = 5,480,000 of the four files − 600,000 eliminated.
    assert_eq!(fig.income.total, d("4880000"));
    assert_eq!(fig.expenditure.total, d("4880000"));
    assert_eq!(fig.grand_total, d("4930000"));
    assert_eq!(fig.grand_total, fig.grand_total_expenditure_side);
    // The 年末结转和结余 of each fund is the members' summed: eliminations take the same
    // amount from income and expenditure of the fund 其他.
    let c = l.consolidation.as_ref().unwrap();
    let mut closing = compute(&c.parent.data, &catalog, &settings).closing;
    for m in &c.members {
        let f = compute(&m.loaded.data, &catalog, &settings).closing;
        closing.general_budget += f.general_budget;
        closing.other += f.other;
    }
    assert_eq!(fig.closing.general_budget, closing.general_budget);
    assert_eq!(fig.closing.other, closing.other);
    assert_eq!(fig.closing.general_budget, d("50000"));
    // Shares and rates from the sums, not summed: 430万 / 488万 = 88.1%.
    let gb = fig
        .income
        .parts
        .iter()
        .find(|i| i.key == "general_budget")
        .unwrap();
    assert_eq!(gb.share, d("88.1"));
    assert_eq!(fig.total_change.rate.unwrap().round_dp(2), d("9.56"));
}

#[test]
fn every_summed_field_of_every_member_is_in_the_sum() {
    // Generic over the model's fields: each member's amount or count under a summed
    // field is a part of the consolidated value at that field.
    let l = department();
    let c = l.consolidation.as_ref().unwrap();
    for (i, m) in c.members.iter().enumerate() {
        let mut values: Vec<(String, Decimal)> = money_fields(&m.loaded.data)
            .into_iter()
            .map(|(p, v)| (p, v.0))
            .collect();
        values.extend(
            count_fields(&m.loaded.data)
                .into_iter()
                .map(|(p, n)| (p, Decimal::from(n))),
        );
        for (path, v) in values {
            let pattern = pattern_of(&path);
            let kind = schema::fields()
                .iter()
                .find(|f| f.path == pattern)
                .unwrap()
                .kind;
            if policy_of(&pattern, kind) != Some(Policy::Sum) {
                continue;
            }
            let found = c
                .provenance
                .leaves
                .values()
                .flatten()
                .any(|part| part.file == Some(i) && part.path == path && part.value == v);
            assert!(found, "{}: {path} = {v} is not summed", m.label);
        }
    }
}

#[test]
fn the_department_report_builds_and_lists_its_members() {
    let tmp = common::tempdir();
    let pdf = common::build(&fixture("部门.yaml"), tmp.path(), "dept");
    let text = squash(&pdf_text(&pdf));
    assert!(
        text.contains("纳入攀枝花市东区教育局2023年度部门决算编制范围的二级预算单位包括：攀枝花市东区第一小学、攀枝花市东区第二小学、攀枝花市东区机关幼儿园。"),
        "{}",
        &text[..2000.min(text.len())]
    );
    assert!(text.contains(
        "下属二级预算单位3个，其中行政单位0个，参照公务员法管理的事业单位0个，其他事业单位3个"
    ));
    assert!(text.contains("2023年度收、支总计均为493万元"));
    assert!(text.contains("本年收入合计488万元，其中：一般公共预算财政拨款收入430万元，占88.1%"));
    // The check is clean: nothing to fix in a consistent 部门.
    let kit = Toolkit::new(&Default::default()).unwrap();
    let checked = pipeline::check(&kit, &department()).unwrap();
    assert!(checked.findings.is_empty(), "{:#?}", checked.findings);
}

/// `check --format json` of a bad 部门 file: its findings with their locations.
fn check_json(file: &Path) -> (i32, Vec<serde_json::Value>) {
    let o = juesuan(&["check", file.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&o.stderr));
    });
    (
        o.status.code().unwrap(),
        v["findings"].as_array().unwrap().clone(),
    )
}

#[test]
fn bad_departments_each_give_a_located_finding() {
    // (file, rule, where the finding points, what its message must name)
    let cases = [
        (
            "H003-mismatch.yaml",
            "H003",
            "tests/fixtures/consol/一小.yaml:21:21",
            "H003-mismatch.yaml:39:26",
        ),
        (
            "H001-duplicate.yaml",
            "H001",
            "H001-duplicate.yaml:106:7",
            "../../fixtures/consol/一小.yaml",
        ),
        (
            "Y001-missing.yaml",
            "Y001",
            "Y001-missing.yaml:106:7",
            "tests/fixtures/consol/三小.yaml",
        ),
        (
            "Y003-wrong-year.yaml",
            "Y003",
            "members/二小-2022.yaml:10:9",
            "Y003-wrong-year.yaml:12:9",
        ),
        (
            "H002-imbalance.yaml",
            "H002",
            "H002-imbalance.yaml:113:7",
            "tests/fixtures/consol/幼儿园.yaml:33:21",
        ),
        (
            "Y002-cycle.yaml",
            "Y002",
            "Y002-cycle.yaml:106:7",
            "Y002-cycle.yaml → Y002-cycle.yaml",
        ),
    ];
    let mut dir: Vec<String> = std::fs::read_dir(bad("."))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    dir.sort();
    let mut listed: Vec<String> = cases.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(dir, listed, "tests/bad/consol/ and the cases differ");
    for (file, code, at, names) in cases {
        let (exit, findings) = check_json(&bad(file));
        assert_eq!(exit, 1, "{file}");
        let f = findings
            .iter()
            .find(|f| f["code"] == code && f["location"].as_str().unwrap().ends_with(at))
            .unwrap_or_else(|| panic!("{file}: no {code} at …{at} in {findings:#?}"));
        let message = f["message"].as_str().unwrap();
        assert!(message.contains(names), "{file}: {message} (want {names})");
    }
}

#[test]
fn the_text_output_shows_each_finding_in_its_own_file() {
    let o = juesuan(&["check", bad("H003-mismatch.yaml").to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    // The unit's side is shown in the unit's file with its source line.
    assert!(out.contains("┌─ "), "{out}");
    let unit_block = out
        .split("error[H003]")
        .find(|b| b.contains("┌─ ") && b.contains("tests/fixtures/consol/一小.yaml:21:21\n"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        unit_block.contains("superior_subsidy: 300000.00"),
        "{unit_block}"
    );
}

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn own_member_and_folder_members() {
    // 本级 as a member file (`own`), the units as a folder; the 部门 file holds texts
    // only — a figure there is counted twice (H004); a 事业单位's 机关运行经费 is left out
    // (H005); a change of scope is reported (H006).
    let tmp = common::tempdir();
    let dir = tmp.path();
    let own = std::fs::read_to_string(fixture("部门.yaml")).unwrap();
    let own = own[..own.find("\nconsolidation:").unwrap()]
        .replace("kind: 部门", "kind: 单位")
        .replace("declared:\n  income_total: 4880000.00\n  expenditure_total: 4880000.00\n  grand_total: 4930000.00\n", "");
    write(&dir.join("本级.yaml"), &own);
    for f in ["一小.yaml", "二小.yaml", "幼儿园.yaml"] {
        let mut t = std::fs::read_to_string(fixture(f)).unwrap();
        if f == "幼儿园.yaml" {
            t = t.replacen("operating_expenses: 0", "operating_expenses: 5000", 1);
        }
        write(&dir.join("学校").join(f), &t);
    }
    let dept = "schema: 1\nunit:\n  name: 攀枝花市东区教育局\n  kind: 部门\n  type: 行政单位\n  year: 2023\noverview:\n  duties: 统筹管理全区教育工作。\nincome:\n  other: 1.00\nconsolidation:\n  own: 本级.yaml\n  members: [学校/]\n  adjustments:\n    - {kind: 补助, unit: 攀枝花市东区第一小学, amount: 300000}\n    - {kind: 补助, unit: 学校/二小.yaml, amount: 200000}\n    - {kind: 上缴, parent: 本级, unit: 学校/幼儿园.yaml, amount: 100000}\n  last_year_members: [攀枝花市东区第一小学, 攀枝花市东区第二小学, 攀枝花市东区实验小学]\n";
    write(&dir.join("部门.yaml"), dept);
    let l = model::open(&dir.join("部门.yaml")).unwrap();
    let c = l.consolidation.as_ref().unwrap();
    assert_eq!(c.members.len(), 4);
    assert!(c.own().is_some());
    let labels: Vec<&str> = c.units().map(|m| m.label.as_str()).collect();
    assert_eq!(
        labels,
        ["学校/一小.yaml", "学校/二小.yaml", "学校/幼儿园.yaml"]
    );
    assert!(
        c.adjustments.iter().all(|a| a.problem.is_none()),
        "{:#?}",
        c.adjustments
    );
    // The same sums as the 部门 that is its own 本级 (plus the 1.00 counted twice).
    assert_eq!(l.data.income.general_budget.0, d("4300000"));
    assert_eq!(l.data.income.other.0, d("400001.00"));
    assert_eq!(
        l.data.operating_expenses.0,
        d("300000"),
        "the 幼儿园's is left out"
    );
    let kit = Toolkit::new(&Default::default()).unwrap();
    let checked = pipeline::check(&kit, &l).unwrap();
    let codes: Vec<&str> = checked.findings.iter().map(|f| f.code.as_str()).collect();
    for code in ["H004", "H005", "H006"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    let h006 = checked.findings.iter().find(|f| f.code == "H006").unwrap();
    assert!(
        h006.message.contains("新纳入 攀枝花市东区机关幼儿园"),
        "{}",
        h006.message
    );
    assert!(
        h006.message.contains("不再纳入 攀枝花市东区实验小学"),
        "{}",
        h006.message
    );
    let h005 = checked.findings.iter().find(|f| f.code == "H005").unwrap();
    assert!(
        juesuan::diag::location(&l.path, h005).ends_with("学校/幼儿园.yaml:45:21"),
        "{h005:?}"
    );
}

#[test]
fn consolidate_writes_the_summed_file_with_its_parts() {
    let tmp = common::tempdir();
    let out = tmp.path().join("merged.yaml");
    let dept = fixture("部门.yaml");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "consolidate",
            dept.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        juesuan(&args)
    };
    let o = run(&[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("general_budget: 4300000.00  # 本级 2000000.00 + 一小.yaml 1000000.00 + 二小.yaml 800000.00 + 幼儿园.yaml 500000.00"), "{text}");
    assert!(text.contains("superior_subsidy: 0.00  # 一小.yaml 300000.00 + 二小.yaml 200000.00 − 调整表第1行 300000.00 − 调整表第2行 200000.00"), "{text}");
    assert!(text.contains("# 来自 二小.yaml"), "{text}");
    // The file is a plain data file with the same figures.
    let merged = model::open(&out).unwrap();
    assert!(merged.consolidation.is_none());
    let a = serde_yaml::to_value(&merged.data).unwrap();
    let b = serde_yaml::to_value(&department().data).unwrap();
    assert_eq!(a, b);
    // No overwrite without --force; --force replaces; never over an input.
    std::fs::write(&out, "keep").unwrap();
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
    assert!(run(&["--force"]).status.success());
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "keep");
    let member = fixture("一小.yaml");
    let before = std::fs::read(&member).unwrap();
    let o = juesuan(&[
        "consolidate",
        dept.to_str().unwrap(),
        "-o",
        member.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&member).unwrap(), before);
    // A 部门 whose consolidation has errors is not written.
    let bad_out = tmp.path().join("bad.yaml");
    let o = juesuan(&[
        "consolidate",
        bad("H003-mismatch.yaml").to_str().unwrap(),
        "-o",
        bad_out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!bad_out.exists());
}

#[test]
fn a_batch_of_a_synthetic_district_builds_units_then_departments() {
    let tmp = common::tempdir();
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    synth::generate(2, &data, 11).unwrap();
    let depts = synth::generate_departments(2, 4, &data, 11).unwrap();
    let o = juesuan(&[
        "batch",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "2",
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = read_csv(&out.join("summary.csv")).unwrap();
    let dept_rows: Vec<_> = rows.iter().filter(|r| r.is_consolidated()).collect();
    assert_eq!(dept_rows.len(), 2, "{rows:#?}");
    for (r, d) in dept_rows.iter().zip(&depts) {
        let folder = d.parent().unwrap();
        let units = std::fs::read_dir(folder.join("units")).unwrap().count();
        // 本级 and the units.
        assert_eq!(r.members, (units + 1).to_string(), "{r:?}");
        assert_eq!(r.status, Status::Ok, "{r:?}");
        assert!(out.join(&r.output).is_file());
    }
    // Every file made a report: the 单位 (本级 and units included) and the 部门.
    assert!(rows.iter().all(|r| r.status == Status::Ok), "{rows:#?}");
    assert!(rows.iter().any(|r| r.kind == "单位"));
    assert!(out.join("summary.pdf").is_file());
    // The 部门 report was built after every 单位 (the progress lines in order).
    let stderr = String::from_utf8_lossy(&o.stderr);
    let order: Vec<&str> = stderr.lines().filter(|l| l.starts_with('[')).collect();
    let first_dept = order.iter().position(|l| l.contains("部门.yaml")).unwrap();
    assert!(order[..first_dept].iter().all(|l| !l.contains("部门.yaml")));
    assert_eq!(first_dept, rows.len() - 2, "{order:#?}");
    // A member changed: that unit and its 部门 are rebuilt, nothing else.
    let member = depts[0].parent().unwrap().join("本级.yaml");
    let text = std::fs::read_to_string(&member).unwrap();
    std::fs::write(&member, text.replacen("contracted:", "contracted: 1 #", 1)).unwrap();
    let o = juesuan(&["batch", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success());
    let rows = read_csv(&out.join("summary.csv")).unwrap();
    let rebuilt: Vec<&str> = rows
        .iter()
        .filter(|r| r.status != Status::Unchanged)
        .map(|r| r.file.as_str())
        .collect();
    let folder = depts[0]
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        rebuilt,
        [format!("{folder}/本级.yaml"), format!("{folder}/部门.yaml")],
        "{rows:#?}"
    );
}

#[test]
fn fiscal_money_is_never_eliminated_and_an_ambiguous_line_is_named() {
    let tmp = common::tempdir();
    let dir = tmp.path();
    for f in ["一小.yaml", "二小.yaml", "幼儿园.yaml"] {
        std::fs::copy(fixture(f), dir.join(f)).unwrap();
    }
    let dept = std::fs::read_to_string(fixture("部门.yaml")).unwrap();
    // 本级's 对附属单位补助支出 booked under 一般公共预算: nothing of the fund 其他 to take.
    let fiscal = dept.replace(
        "  - code: \"2050199\"\n    fund: 其他\n    subsidy_subordinate",
        "  - code: \"2050199\"\n    fund: 一般公共预算\n    subsidy_subordinate",
    );
    assert_ne!(fiscal, dept);
    std::fs::write(dir.join("部门.yaml"), &fiscal).unwrap();
    let l = model::open(&dir.join("部门.yaml")).unwrap();
    let c = l.consolidation.as_ref().unwrap();
    let problem = c.adjustments[0].problem.as_deref().unwrap();
    assert!(problem.contains("财政拨款不抵销"), "{problem}");
    assert_eq!(
        l.data.income.superior_subsidy.0,
        d("500000"),
        "nothing eliminated"
    );
    // Two lines of the fund 其他 with 对附属单位补助支出 and no code: which one is asked.
    let two = dept.replace(
        "    subsidy_subordinate: 500000.00   # 对一小 30 万、二小 20 万的补助\n",
        "    subsidy_subordinate: 300000.00\n  - code: \"2050101\"\n    fund: 其他\n    subsidy_subordinate: 200000.00\n",
    );
    assert_ne!(two, dept);
    std::fs::write(dir.join("部门.yaml"), &two).unwrap();
    let l = model::open(&dir.join("部门.yaml")).unwrap();
    let c = l.consolidation.as_ref().unwrap();
    let problem = c.adjustments[0].problem.as_deref().unwrap();
    assert!(problem.contains("请用 code 写明"), "{problem}");
    // With the code, every row applies and the sums are the same as before.
    let coded = two
        .replace(
            "      unit: 一小.yaml\n      amount: 300000.00",
            "      unit: 一小.yaml\n      amount: 300000.00\n      code: \"2050199\"",
        )
        .replace(
            "      unit: 二小.yaml\n      amount: 200000.00",
            "      unit: 二小.yaml\n      amount: 200000.00\n      code: \"2050101\"",
        );
    std::fs::write(dir.join("部门.yaml"), &coded).unwrap();
    let l = model::open(&dir.join("部门.yaml")).unwrap();
    let c = l.consolidation.as_ref().unwrap();
    assert!(
        c.adjustments.iter().all(|a| a.problem.is_none()),
        "{:#?}",
        c.adjustments
    );
    assert_eq!(l.data.income.superior_subsidy.0, d("0"));
    let subsidy: Decimal = l
        .data
        .expenditure
        .iter()
        .map(|e| e.subsidy_subordinate.0)
        .sum();
    assert_eq!(subsidy, d("0"));
}
