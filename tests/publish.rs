//! Publishable as is (issue 11): no table prints a line its form lacks, no placeholder
//! reaches the page, the 尾差 sentence stands where (and only where) printed parts miss
//! their printed total, supplied reasons read as a person would write them, 十(四) and
//! 第四部分 agree, and the 公开 date prints in the edition's form.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build, example, juesuan, pdf_text, squash, tempdir, write};
use juesuan::catalog::Catalog;
use juesuan::config::{Layers, Options, TableSet, TemplateSet};
use juesuan::pipeline::{self, Toolkit};
use juesuan::placeholder::{self, PATTERNS};

/// The example's PDF text (whitespace removed), built once for this file's tests.
fn example_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let dir = tempdir();
        squash(&pdf_text(&build(&example(), dir.path(), "example")))
    })
}

/// The narrative (第二部分) of a report's text.
fn part2(text: &str) -> &str {
    let start = text.rfind("第二部分2023年度").expect("第二部分");
    let end = text.rfind("第三部分名词解释").expect("第三部分");
    &text[start..end]
}

/// Every label a table of `spec` may print besides classification rows: 合计, the
/// spec's own row labels and footer texts.
fn spec_labels(spec: &juesuan::render::tables::TableSpec) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = ["合计".to_string()].into();
    if let Some(t) = &spec.total_label {
        out.insert(t.clone());
    }
    for side in [&spec.left, &spec.right].into_iter().flatten() {
        out.extend(side.rows.iter().map(|r| r.label.clone()));
    }
    for b in &spec.bottom {
        out.insert(b.left.label.clone());
        out.insert(b.right.label.clone());
    }
    out.extend(spec.footer.iter().filter_map(|f| f.text.clone()));
    out
}

/// Amounts, 行次 and 栏次 numbers: cells that are no label.
fn is_number(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '-')
}

/// The data files every table set is tried on: the example, the fixtures and a small
/// synthetic district.
fn data_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![example()];
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for e in std::fs::read_dir(fixtures).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            files.push(p);
        }
    }
    files.extend(juesuan::batch::synth::generate(12, &dir.join("synth"), 11).unwrap());
    files.sort();
    files
}

#[test]
fn no_table_prints_a_line_its_form_lacks() {
    let dir = tempdir();
    let catalog = Catalog::builtin();
    let templates = TemplateSet::builtin();
    let mut known: BTreeSet<String> = BTreeSet::new();
    for list in [catalog.functional(2023), &catalog.economic] {
        for e in list.entries() {
            known.insert(e.code.clone());
            known.insert(e.name.clone());
        }
    }
    let mut tables_seen = 0;
    for file in data_files(dir.path()) {
        let loaded = juesuan::model::load_file(&file).unwrap();
        let mut names = known.clone();
        for (code, name) in &loaded.data.code_names {
            names.insert(code.clone());
            names.insert(name.clone());
        }
        for set_name in ["sichuan", "national"] {
            let kit = Toolkit::new(&Options {
                layers: Layers {
                    flags: juesuan::model::settings::SettingsOverride {
                        template_set: Some(set_name.into()),
                        ..Default::default()
                    },
                    ..Layers::default()
                },
                ..Options::default()
            })
            .unwrap();
            let checked = pipeline::check(&kit, &loaded).unwrap();
            assert!(
                !checked.has_errors(),
                "{} ({set_name}): {:#?}",
                file.display(),
                checked.findings
            );
            let set: std::sync::Arc<TableSet> = templates.table_set(set_name).unwrap();
            let view = juesuan::render::tables::build(
                &set,
                &loaded.data,
                &checked.figures,
                &checked.config.settings,
            );
            for (t, spec) in view.items.iter().zip(&set.tables) {
                let allowed = spec_labels(spec);
                for row in &t.rows {
                    for cell in row {
                        let text = cell.text.trim();
                        if text.is_empty() || is_number(text) {
                            continue;
                        }
                        // The class rows of 01 and 04 number their names: 一、一般公共服务支出.
                        let bare = match text.split_once('、') {
                            Some((n, rest))
                                if n.chars().all(|c| "一二三四五六七八九十".contains(c)) =>
                            {
                                rest
                            }
                            _ => text,
                        };
                        assert!(
                            allowed.contains(text) || names.contains(bare),
                            "{} ({set_name}) {}: the line “{text}” is not in the form",
                            file.display(),
                            t.form
                        );
                    }
                }
                tables_seen += 1;
            }
        }
    }
    assert!(tables_seen > 300, "{tables_seen}");
}

#[test]
fn the_example_prints_no_placeholder() {
    let text = example_text();
    let hits: Vec<&str> = placeholder::find(text, &PATTERNS)
        .into_iter()
        .map(|h| h.pattern)
        .collect();
    assert!(hits.is_empty(), "{hits:?}");
    for seed_error in ["未细化经济分类", "未填报", "增加/减少", "(或", "（或"] {
        assert!(!text.contains(seed_error), "{seed_error}");
    }
}

#[test]
fn the_rounding_sentence_stands_where_printed_parts_miss_their_total() {
    const NOTE: &str = "因四舍五入，分项之和与合计存在尾差。";
    let text = part2(example_text());
    // 五(二): classes 315.68 + 15.8 + 7.59 + 7.41 = 346.48 against 346.47.
    assert!(text.contains(&format!("抗疫特别国债安排的支出0万元，占0%。{NOTE}")));
    // 五(三): the 项 lines 72.12 + 243.56 + 11.4 + 4.4 + 5.06 + 2.53 + 7.41 = 346.48.
    assert!(text.contains(&format!(
        "住房公积金（项）：支出决算为7.41万元，完成预算100%。{NOTE}"
    )));
    // 六: 人员经费 items add to 97.80 against 97.79.
    assert!(text.contains(&format!("其他对个人和家庭的补助0万元。{NOTE}")));
    // Where the parts agree there is no sentence: 二 (346.47), 三 (102.91 + 243.56),
    // 六's 公用经费 (1.36 + 0.24 + 2.08 + 1.34 + 0.1 = 5.12).
    for agrees in [
        "其他收入0万元，占0%。",
        "对附属单位补助支出0万元，占0%。",
        "其他资本性支出0万元。",
    ] {
        let at = text.find(agrees).unwrap_or_else(|| panic!("{agrees}")) + agrees.len();
        assert!(!text[at..].starts_with("因四舍五入"), "{agrees}");
    }
    assert_eq!(text.matches(NOTE).count(), 3);
}

#[test]
fn every_completion_rate_names_its_base_once() {
    let text = part2(example_text());
    assert!(text.contains(
        "一般公共预算支出决算数为346.47万元，完成全年预算的100%。其中（各项完成率均按全年预算计算）："
    ));
    // The base is named once for the list, not on each of the seven lines.
    assert_eq!(text.matches("完成全年预算").count(), 1, "{text}");
    assert_eq!(text.matches("完成预算100%").count(), 7);
}

#[test]
fn the_publish_date_prints_under_the_contents() {
    let text = example_text();
    let toc = &text[text.find("目录").unwrap()..text.find("第一部分部门概况").unwrap()];
    assert!(toc.contains("公开时间：2024年9月20日"), "{toc}");
    assert!(!text.contains("二〇二四年九月"), "one form, not both");
}

/// The example with odd supplied texts, built with a table set named `mine` (a copy of
/// the Sichuan set in a template folder: an edition without a 公开时间 line).
fn odd_example(dir: &Path) -> String {
    let t = std::fs::read_to_string(example()).unwrap();
    let reasons = "reasons:\n  total_change: 一是新增融媒体中心运维费用项目；二是新增“幸福东区”APP运行费用项目。\n  fiscal_change: 主要原因是新增两个项目（运维费用和APP运行费用。）\n  general_budget_change: 原因：本单位2022年新成立，当年只有基本支出；\n";
    let start = t.find("reasons:\n").unwrap();
    let end = t.find("# 决算报表中的合计数").unwrap();
    let t = format!("{}{reasons}\n{}", &t[..start], &t[end..])
        .replacen(
            "    reason: 年中按规定调减公用经费预算2.12万元，公用经费按调整后预算执行\n",
            "    reason: 主要原因是年中按规定调减公用经费预算2.12万元。\n",
            1,
        )
        .replacen(
            "  publish_date: \"2024-09-20\"",
            "  publish_date: \"2024-09\"",
            1,
        )
        + "settings:\n  completion_basis: 年初预算\n  template_set: mine\n";
    let folder = dir.join("tpl/tables");
    std::fs::create_dir_all(&folder).unwrap();
    let sichuan = juesuan::config::templates::builtin()
        .iter()
        .find(|(n, _)| *n == "tables/sichuan.yaml")
        .map(|(_, t)| *t)
        .expect("the built-in Sichuan set");
    std::fs::write(folder.join("mine.yaml"), sichuan).unwrap();
    let data = write(dir, "odd.yaml", &t);
    let out = dir.join("odd.pdf");
    let tpl = dir.join("tpl");
    let o = juesuan(&[
        "build",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    squash(&pdf_text(&out))
}

#[test]
fn supplied_reasons_read_as_a_person_would_write_them() {
    let dir = tempdir();
    let text = odd_example(dir.path());
    let p2 = part2(&text);
    // An enumeration takes a colon; one final stop.
    assert!(
        p2.contains(
            "主要变动原因：一是新增融媒体中心运维费用项目；二是新增“幸福东区”APP运行费用项目。"
        ),
        "{p2}"
    );
    // A reason with its own lead is not doubled; a stop inside the bracket is not kept.
    assert!(
        p2.contains("主要变动原因是新增两个项目（运维费用和APP运行费用）。"),
        "{p2}"
    );
    assert!(
        p2.contains("主要变动原因是本单位2022年新成立，当年只有基本支出。"),
        "{p2}"
    );
    assert!(
        p2.contains("决算数小于预算数的主要原因是年中按规定调减公用经费预算2.12万元。"),
        "{p2}"
    );
    for doubled in [
        "是主要原因",
        "原因是原因",
        "。。",
        "；。",
        "。）。",
        "原因是一是",
    ] {
        assert!(!p2.contains(doubled), "{doubled}");
    }
    // 年初预算 basis: the lines share it, named once.
    assert!(p2.contains("完成年初预算的"), "{p2}");
    assert!(p2.contains("其中（各项完成率均按年初预算计算）："), "{p2}");
    // An edition without a 公开时间 line: the cover carries the month.
    let cover = &text[..text.find("目录").unwrap()];
    assert!(cover.contains("二〇二四年九月"), "{cover}");
    assert!(!text.contains("公开时间"));
}

#[test]
fn section_ten_and_part_four_tell_the_same_story() {
    // With the example's reports: 十(四) lists them and points to the 附件.
    let text = example_text();
    let p2 = part2(text);
    assert!(p2.contains("绩效自评报告详见附件。"));
    assert!(p2.contains(
        "形成东区融媒体中心部门整体（含部门预算项目）绩效自评报告和融媒体中心运维费用、融媒体中心“幸福东区”APP运行费用等2个专项预算项目绩效自评报告"
    ));
    // Flags but no evaluation data: no 附件, and 十(四) does not point to one.
    let dir = tempdir();
    let data = write(
        dir.path(),
        "flags.yaml",
        "schema: 1\nunit: {name: 某某中心, year: 2023}\nincome: {general_budget: 300000}\nexpenditure:\n  - {code: \"2013350\", personnel: 100000}\n  - {code: \"2013399\", project: 200000}\nbasic_economic: {\"30101\": 100000}\nprojects:\n  - {name: 甲项目, code: \"2013399\", amount: 200000, economic: {\"30227\": 200000}, goals: true, monitoring: true, self_evaluation: true}\nperformance: {overall_score: 90}\n",
    );
    let text = squash(&pdf_text(&build(&data, dir.path(), "flags")));
    assert!(text.contains("2023年度本部门无绩效自评报告附件。"));
    assert!(!text.contains("详见附件"), "{text}");
    assert!(!text.contains("专项预算项目绩效自评报告"));
    assert!(text.contains("某某中心部门整体（含部门预算项目）绩效自评得分为90分。"));
}
