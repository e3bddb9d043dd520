//! End-to-end: the example builds, and its PDF text holds the figures computed from
//! the data, section by section; escaping, determinism and error reporting.

mod common;

use common::*;

#[test]
fn example_pdf_holds_every_section_with_computed_figures() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "example");
    let text = squash(&pdf_text(&pdf));
    let expect = [
        // Title and parts in the seed's order.
        "2023年度攀枝花市东区融媒体中心部门决算",
        "第一部分部门概况",
        "下属二级预算单位0个",
        // 一
        "2023年度收、支总计均为346.47万元。与2022年度相比，收、支总计各增加169.21万元，增长95.46%。",
        // 二
        "本年收入合计346.47万元，其中：一般公共预算财政拨款收入346.47万元，占100%；政府性基金预算财政拨款收入0万元，占0%；",
        // 三
        "本年支出合计346.47万元，其中：基本支出102.91万元，占29.7%；项目支出243.56万元，占70.3%；",
        // 四
        "2023年度财政拨款收、支总计均为346.47万元。与2022年度相比，财政拨款收、支总计各增加169.21万元，增长95.46%。",
        // 五 (the seed's own figures here were last year's: ours follow the line items)
        "一般公共预算财政拨款支出346.47万元，占本年支出合计的100%。",
        "一般公共服务支出315.68万元，占91.1%",
        "社会保障和就业支出15.8万元，占4.6%",
        "卫生健康支出7.59万元，占2.2%",
        "住房保障支出7.41万元，占2.1%",
        "2023年度一般公共预算支出决算数为346.47万元，完成全年预算的100%。其中（各项完成率均按全年预算计算）：",
        "1.一般公共服务支出（类）宣传事务（款）事业运行（项）：支出决算为72.12万元，完成预算100%。",
        "7.住房保障支出（类）住房改革支出（款）住房公积金（项）：支出决算为7.41万元，完成预算100%。",
        // 六: one 人员经费 figure, not two
        "基本支出102.91万元，其中：人员经费97.79万元，主要包括：基本工资20.09万元、津贴补贴2.92万元、奖金22.06万元",
        "公用经费5.12万元，主要包括：办公费1.36万元",
        "工会经费1.34万元、福利费0.1万元",
        // 七: no template words, a plain statement
        "没有使用财政拨款安排“三公”经费支出",
        // 八 九 十
        "无政府性基金预算财政拨款支出",
        "无国有资本经营预算财政拨款支出",
        "机关运行经费支出0万元，与2022年持平。",
        "共有车辆0辆。",
        "绩效自评得分为89分",
        // 三
        "第三部分名词解释",
        "1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。",
        "一般公共服务支出（类）宣传事务（款）事业运行（项）：",
    ];
    for e in expect {
        assert!(text.contains(e), "PDF text lacks {e:?}");
    }
    // Errors of the hand-written seed that must not appear.
    for bad in [
        "增加/减少",
        "增长/下降",
        "163.62",
        "140.84",
        "车辆辆",
        "00人次",
        "346.47，",
    ] {
        assert!(!text.contains(bad), "PDF text contains {bad:?}");
    }
}

#[test]
fn user_text_with_typst_specials_prints_verbatim() {
    let dir = tempdir();
    let data = std::fs::read_to_string(example()).unwrap();
    let nasty = r#"东区#融媒$体*中心_[试]<点>@\反斜杠 = - + / ~ 'q' "d" ... // //x"#;
    let data = data
        .replace(
            "name: 攀枝花市东区融媒体中心",
            &format!("name: '{}'", nasty.replace('\'', "''")),
        )
        .replace(
            "攀枝花市东区融媒体中心围绕中共攀枝花市东区委员会宣传部",
            "职责含#标题 $x$ *粗* _斜_ [链] <标> @引 \\ 围绕中共攀枝花市东区委员会宣传部",
        );
    let file = write(dir.path(), "nasty.yaml", &data);
    let pdf = build(&file, dir.path(), "nasty");
    let raw = pdf_text(&pdf);
    let text = squash(&raw);
    assert!(
        text.contains(&squash(r#"东区#融媒$体*中心_[试]<点>@\反斜杠=-+/~"#)),
        "{raw}"
    );
    assert!(
        text.contains(&squash("职责含#标题 $x$ *粗* _斜_ [链] <标> @引 \\ 围绕")),
        "{raw}"
    );
}

#[test]
fn two_builds_give_identical_bytes() {
    let dir = tempdir();
    let a = build(&example(), dir.path(), "a");
    let b = build(&example(), dir.path(), "b");
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

#[test]
fn syntax_error_names_file_line_and_column_and_writes_nothing() {
    let dir = tempdir();
    let data = std::fs::read_to_string(example()).unwrap();
    // Break line 19 (an unclosed flow sequence).
    let mut lines: Vec<&str> = data.lines().collect();
    let n = lines
        .iter()
        .position(|l| l.starts_with("  included_units:"))
        .unwrap();
    lines[n] = "  included_units: [无";
    let file = write(dir.path(), "broken.yaml", &lines.join("\n"));
    let out = dir.path().join("broken.pdf");
    let o = juesuan(&["build", file.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.yaml:"), "{err}");
    assert!(
        err.contains(&format!("{}", n + 1)) || err.contains(&format!("{}", n + 2)),
        "{err}"
    );
    assert!(err.contains("错误"), "{err}");
    assert!(!out.exists());
}

#[test]
fn inconsistent_declared_total_stops_the_build_and_points_at_the_value() {
    let dir = tempdir();
    let data = std::fs::read_to_string(example())
        .unwrap()
        .replace("  personnel: 977878.96", "  personnel: 977878.69");
    let file = write(dir.path(), "bad.yaml", &data);
    let out = dir.path().join("bad.pdf");
    let o = juesuan(&["build", file.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("人员经费"), "{err}");
    assert!(
        err.contains("977,878.96") && err.contains("977,878.69"),
        "{err}"
    );
    let line = data.lines().position(|l| l.contains("977878.69")).unwrap() + 1;
    assert!(err.contains(&format!("bad.yaml:{line}:")), "{err}");
    assert!(!out.exists(), "no PDF may be left behind");
}

#[test]
fn missing_file_is_a_usage_error() {
    let o = juesuan(&["build", "/nonexistent/x.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法读取文件"));
}
