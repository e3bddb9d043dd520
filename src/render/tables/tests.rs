//! Unit tests of the 附表 view and its typesetting.
use super::*;
use crate::catalog::Catalog;
use crate::model::load_str;

fn example(extra: &str) -> (ReportData, Catalog) {
    let mut text = include_str!("../../../data/example/dongqu-media-2023.yaml").to_string();
    text.push_str(extra);
    let loaded = load_str(std::path::Path::new("example.yaml"), text).expect("example loads");
    (loaded.data, Catalog::builtin())
}

fn tables(data: &ReportData, cat: &Catalog, settings: &Settings) -> TablesView {
    let fig = crate::compute::compute(data, cat, settings);
    build(&builtin_set(&settings.template_set), data, &fig, settings)
}

/// A built-in table set, to change in a test.
fn builtin_set(name: &str) -> TableSet {
    crate::config::TemplateSet::builtin()
        .table_set(name)
        .unwrap()
        .as_ref()
        .clone()
}

fn table(v: &TablesView, n: u32) -> &TableView {
    v.items.iter().find(|t| t.number == n).unwrap()
}

fn row_with<'a>(t: &'a TableView, text: &str) -> &'a Vec<CellView> {
    t.rows
        .iter()
        .find(|r| r.iter().any(|c| c.text == text))
        .unwrap_or_else(|| panic!("no row with {text}"))
}

#[test]
fn builtin_set_has_the_13_sichuan_tables() {
    let set = builtin_set("sichuan");
    assert_eq!(set.tables.len(), 13);
    for (i, t) in set.tables.iter().enumerate() {
        assert_eq!(t.number as usize, i + 1);
        assert_eq!(t.form, format!("公开{:02}表", i + 1));
    }
    assert_eq!(numeral(13), "十三");
    // Another province's set is a template file only: the national 9 tables.
    let national = builtin_set("national");
    assert_eq!(national.tables.len(), 9);
    let (data, cat) = example("");
    let s = Settings {
        template_set: "national".into(),
        ..Settings::default()
    };
    let v = tables(&data, &cat, &s);
    assert_eq!(v.items.len(), 9);
    assert_eq!(v.items[8].form, "公开09表");
    assert_eq!(v.items[8].title, "国有资本经营预算财政拨款支出决算表");
    assert_eq!(numeral(10), "十");
}

#[test]
fn functional_rows_are_indented_by_level_and_total_comes_first() {
    let (data, cat) = example("");
    let v = tables(&data, &cat, &Settings::default());
    let t3 = table(&v, 3);
    assert_eq!(t3.rows[0][0].text, "合计");
    assert_eq!(t3.rows[0][1].text, "3,464,745.78");
    let class = row_with(t3, "201");
    assert_eq!(class[1].indent, 0);
    let kuan = row_with(t3, "20133");
    assert_eq!((kuan[1].text.as_str(), kuan[1].indent), ("宣传事务", 1));
    let xiang = row_with(t3, "2013350");
    assert_eq!((xiang[1].text.as_str(), xiang[1].indent), ("事业运行", 2));
    assert_eq!(t3.money_unit, "金额单位：元");
    assert_eq!(t3.unit_line, "部门：攀枝花市东区融媒体中心");
    // In 元 every figure is exact: no rounding note anywhere.
    assert!(v.items.iter().all(|t| !t.rounding_note));
    // Empty tables carry their statement.
    let t10 = table(&v, 10);
    assert!(t10.empty);
    assert!(t10
        .empty_statement
        .contains("本单位2023年度没有政府性基金预算财政拨款收入"));
    assert!(!table(&v, 6).empty);
}

#[test]
fn ten_thousand_unit_rounds_and_notes_only_where_totals_differ() {
    let (data, cat) = example("");
    let s = Settings {
        table_unit: TableUnit::TenThousand,
        ..Settings::default()
    };
    let v = tables(&data, &cat, &s);
    let t1 = table(&v, 1);
    assert_eq!(t1.money_unit, "金额单位：万元");
    assert!(t1.rows.iter().flatten().any(|c| c.text == "346.47"));
    // 08: 人员经费 97.79 but its items in 万元 (20.09 + 2.92 + …) add to 97.78.
    let t8 = table(&v, 8);
    assert!(t8.rounding_note, "08 in 万元 has a rounding difference");
    // 13 is empty: no note.
    assert!(!table(&v, 13).rounding_note);
}

#[test]
fn header_paths_merge_into_spanning_cells() {
    let (mut data, cat) = example("");
    data.three_public.vehicle_operation = crate::model::Money(Decimal::from(1000));
    let v = tables(&data, &cat, &Settings::default());
    let t13 = table(&v, 13);
    assert!(!t13.empty);
    // 预算数 | 决算数 over six columns each; 合计 spans down to the last header row.
    let top: Vec<(&str, usize)> = t13.header[0]
        .iter()
        .map(|c| (c.text.as_str(), c.colspan))
        .collect();
    assert_eq!(top, vec![("预算数", 6), ("决算数", 6)]);
    assert_eq!(
        (t13.header[1][0].text.as_str(), t13.header[1][0].rowspan),
        ("合计", 2)
    );
    assert_eq!(t13.header[1][2].text, "公务用车/购置及运行费");
    assert_eq!(t13.header[1][2].colspan, 3);
    assert_eq!(t13.header[2].len(), 6);
    // The 栏次 row numbers all 12 value columns.
    assert_eq!(t13.header[3].last().unwrap().text, "12");
    assert_eq!(t13.rows.len(), 1);
}

#[test]
fn ten_thousand_unit_without_differences_prints_no_note() {
    // Round figures: every displayed total equals its displayed parts.
    let (mut data, cat) = example("");
    for (_, m) in data.basic_economic.iter_mut() {
        m.0 = round_half_up(m.0 / Decimal::from(10_000), 0) * Decimal::from(10_000);
    }
    let s = Settings {
        table_unit: TableUnit::TenThousand,
        ..Settings::default()
    };
    let v = tables(&data, &cat, &s);
    assert!(!table(&v, 8).rounding_note);
}

/// The texts of a page's runs, line by line.
fn page_lines(p: &PageView) -> Vec<String> {
    p.runs
        .iter()
        .flat_map(|r| r.lines.iter().map(|l| l.text.clone()))
        .collect()
}

/// The 行次 cell of the row whose cell `label` is in column `label_col`.
fn line_no(t: &TableView, label: &str, label_col: usize) -> String {
    t.rows
        .iter()
        .find(|r| r.get(label_col).is_some_and(|c| c.text == label))
        .map(|r| r[label_col + 1].text.clone())
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn line_numbers_run_on_as_the_official_form() {
    let (data, cat) = example("");
    let v = tables(&data, &cat, &Settings::default());
    // 01: income rows 1–8, filler rows 9–26 numbered too, the bottom block 27–30; the
    // expenditure side continues at 31 (26 classes) and ends at 60.
    let t1 = table(&v, 1);
    assert_eq!(line_no(t1, "一、一般公共预算财政拨款收入", 0), "1");
    assert_eq!(line_no(t1, "八、其他收入", 0), "8");
    assert_eq!(t1.rows[8][1].text, "9");
    assert_eq!(t1.rows[8][0].text, "");
    assert_eq!(line_no(t1, "本年收入合计", 0), "27");
    assert_eq!(line_no(t1, "年初结转和结余", 0), "29");
    assert_eq!(t1.rows.last().unwrap()[1].text, "30");
    assert_eq!(line_no(t1, "一、一般公共服务支出", 3), "31");
    assert_eq!(line_no(t1, "本年支出合计", 3), "57");
    assert_eq!(t1.rows.last().unwrap()[4].text, "60");
    // 04: three income rows and fillers to 26, 本年收入合计 27, the opening block with
    // its three funds 28–31, 总计 32; expenditure 33–58, then 59, 60 and 总计 61.
    let t4 = table(&v, 4);
    assert_eq!(line_no(t4, "本年收入合计", 0), "27");
    assert_eq!(line_no(t4, "国有资本经营预算财政拨款", 0), "31");
    assert_eq!(t4.rows.last().unwrap()[1].text, "32");
    assert_eq!(line_no(t4, "一、一般公共服务支出", 3), "33");
    assert_eq!(line_no(t4, "本年支出合计", 3), "59");
    assert_eq!(line_no(t4, "年末财政拨款结转和结余", 3), "60");
    assert_eq!(t4.rows.last().unwrap()[4].text, "61");
    // The other scheme restarts each side at 1 and skips filler rows.
    let mut set = builtin_set("sichuan");
    set.line_numbers = LineNumbers::Restart;
    let fig = crate::compute::compute(&data, &cat, &Settings::default());
    let v = build(&set, &data, &fig, &Settings::default());
    let t1 = table(&v, 1);
    assert_eq!(line_no(t1, "本年收入合计", 0), "9");
    assert_eq!(line_no(t1, "一、一般公共服务支出", 3), "1");
    assert_eq!(t1.rows[8][1].text, "");
}

#[test]
fn one_zero_policy_for_every_cell_of_the_set() {
    let (data, cat) = example("");
    let fig = crate::compute::compute(&data, &cat, &Settings::default());
    let mut set = builtin_set("sichuan");
    let cell = |set: &TableSet, row: &str, col: usize| {
        let v = build(set, &data, &fig, &Settings::default());
        row_with(table(&v, 2), row)[col].text.clone()
    };
    // 02: 合计 and a detail row, 上级补助收入 (zero in both).
    assert_eq!(set.zeros(), ZeroCells::Blank);
    assert_eq!(cell(&set, "合计", 3), "");
    assert_eq!(cell(&set, "2013350", 4), "");
    set.zero_cells = Some(ZeroCells::Zero);
    assert_eq!(cell(&set, "合计", 3), "0.00");
    assert_eq!(cell(&set, "2013350", 4), "0.00");
    set.zero_cells = Some(ZeroCells::Dash);
    assert_eq!(cell(&set, "合计", 3), "-");
    // The older `blank_zero: false` means zeros.
    let old = TableSet::parse("rounding_note: x\nblank_zero: false\ntables: []\n").unwrap();
    assert_eq!(old.zeros(), ZeroCells::Zero);
    assert!(TableSet::parse("rounding_note: x\nzero_cells: 零\ntables: []\n").is_err());
    let bad = TableSet::parse(
        "rounding_note: x\npage: {portrait: {top: 3, bottom: 1cm, left: 1cm, right: 1cm}}\ntables: []\n",
    );
    assert!(bad.unwrap_err().contains("page.portrait.top"));
}

#[test]
fn neighbouring_panels_under_one_heading_share_a_cell() {
    let (data, cat) = example("");
    let v = tables(&data, &cat, &Settings::default());
    let top: Vec<(&str, usize)> = table(&v, 8).header[0]
        .iter()
        .map(|c| (c.text.as_str(), c.colspan))
        .collect();
    assert_eq!(top, vec![("人员经费", 3), ("公用经费", 6)]);
}

#[test]
fn widths_follow_content() {
    let (data, cat) = example("");
    let v = tables(&data, &cat, &Settings::default());
    let t3 = table(&v, 3);
    let st = Style::for_size(9.0);
    let g = typeset::grid(t3, &st, 728.0);
    // The widest name (with its indent) sets the name column: no name wraps.
    let widest = t3
        .rows
        .iter()
        .map(|r| measure::width(&r[1].text, 9.0, r[1].strong) + r[1].indent as f64 * 9.0)
        .fold(0.0, f64::max);
    assert!(g.widths[1] >= widest + 2.0 * st.pad_x, "{:?}", g.widths);
    assert!(g.slots.iter().all(|s| s.lines.len() == 1 || s.header));
    // 上缴上级支出 (column 5) holds nothing: narrower than 基本支出 (column 3), its
    // header broken at its mark.
    assert!(g.widths[5] < g.widths[3], "{:?}", g.widths);
    let head = g
        .slots
        .iter()
        .find(|s| s.header && s.cell.text == "上缴上级/支出")
        .unwrap();
    assert_eq!(head.lines, vec!["上缴上级", "支出"]);
    assert!((g.width() - 728.0).abs() < 0.01);
}

#[test]
fn names_wrap_with_their_indent_and_never_leave_one_character() {
    let (data, cat) = example("");
    let v = tables(&data, &cat, &Settings::default());
    // 05 on a narrow page: its long 项 names wrap.
    let t5 = table(&v, 5);
    let st = Style::for_size(9.0);
    let pages = typeset::typeset(
        t5,
        &st,
        Frame {
            width: 400.0,
            height: 700.0,
            reserve: 0.0,
        },
    );
    let wrapped: Vec<&RunView> = pages[0]
        .runs
        .iter()
        .filter(|r| r.lines.len() > 1 && r.lines.iter().any(|l| l.text.contains("养老")))
        .collect();
    assert!(!wrapped.is_empty());
    for r in wrapped {
        // Continuation lines keep the first line's indent (a 项 name: two em).
        let first = &r.lines[0].indent;
        assert!(
            !first.is_empty() && r.lines.iter().all(|l| &l.indent == first),
            "{r:?}"
        );
        assert!(r.lines.last().unwrap().text.chars().count() >= 2, "{r:?}");
    }
}

#[test]
fn a_long_table_goes_on_with_its_header_on_every_page() {
    let (data, cat) = example("");
    let v = tables(&data, &cat, &Settings::default());
    let mut t3 = table(&v, 3).clone();
    let body = t3.rows.clone();
    for _ in 0..5 {
        t3.rows.extend(body[1..].iter().cloned());
    }
    let st = Style::for_size(9.0);
    let frame = Frame {
        width: 728.0,
        height: 480.0,
        reserve: 0.0,
    };
    let pages = typeset::typeset(&t3, &st, frame);
    assert!(pages.len() >= 2, "{}", pages.len());
    assert!(pages[0].first && !pages[1].first);
    assert!(pages.last().unwrap().last && !pages[0].last);
    for p in &pages {
        let lines = page_lines(p);
        assert!(lines.iter().any(|l| l == "科目编码") && lines.iter().any(|l| l == "栏次"));
        let h: f64 = p.height.parse().unwrap();
        assert!(h <= frame.height, "{h}");
    }
    // Every body row is on exactly one page.
    let rows: usize = pages
        .iter()
        .map(|p| {
            page_lines(p)
                .iter()
                .filter(|l| l.starts_with("2013350"))
                .count()
        })
        .sum();
    assert_eq!(rows, 6);
}

#[test]
fn a_table_without_data_keeps_its_frame_and_shares_a_page() {
    let (data, cat) = example("");
    let v = tables(&data, &cat, &Settings::default());
    let t10 = table(&v, 10);
    assert!(t10.empty && t10.pages.len() == 1);
    let lines = page_lines(&t10.pages[0]);
    assert!(lines.iter().any(|l| l == "栏次"));
    assert!(lines.iter().any(|l| l.contains("故本表")));
    // 10–13 without data: one portrait page for the four (13's twelve columns fit with
    // their headers broken at the marks).
    let open: Vec<(u32, bool, bool)> = (10..=13)
        .map(|n| {
            let t = table(&v, n);
            (n, t.page_open, t.landscape)
        })
        .collect();
    assert_eq!(
        open,
        vec![
            (10, true, false),
            (11, false, false),
            (12, false, false),
            (13, false, false)
        ]
    );
    assert!(!table(&v, 10).page_close && table(&v, 13).page_close);
}

#[test]
fn an_amount_keeps_an_em_from_the_text_on_its_left() {
    // 05 on a portrait page is as narrow as its content: the amounts of 小计, 人员经费
    // and 公用经费 stand closest. `pdftotext -layout` (and lint) need 1em between them.
    let (data, cat) = example("");
    let v = tables(&data, &cat, &Settings::default());
    let t5 = table(&v, 5);
    let st = Style::for_size(9.0);
    let g = typeset::grid(t5, &st, 442.0);
    for s in g
        .slots
        .iter()
        .filter(|s| !s.header && s.cell.align == "right")
    {
        let text = measure::width(&s.cell.text, 9.0, s.cell.strong);
        let left_of_text = g.x(s.col + 1) - st.pad_x - text;
        let left_neighbour_ends = g.x(s.col) - st.pad_x;
        assert!(
            left_of_text - left_neighbour_ends >= st.apart - 1e-6,
            "{} in column {}: {:?}",
            s.cell.text,
            s.col,
            g.widths
        );
    }
}
