//! The 附表 and the 目录 as printed: 行次 of 01 and 04, tables without data on one page
//! with their frame, no name cell with a one-character line, the 目录 on one page with
//! a hanging indent and a leader on every entry. Read back with pdftotext (-layout for
//! rows, -bbox-layout for positions).

mod common;

use std::path::Path;
use std::process::Command;

/// pdftotext -layout, page by page.
fn pages(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8(o.stdout)
        .unwrap()
        .split('\u{c}')
        .map(str::to_string)
        .collect()
}

/// A text line as pdftotext -bbox-layout groups it: its box and its words joined.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    x: f64,
    height: f64,
    text: String,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).unwrap() + key.len();
    tag[at..].split('"').next().unwrap().parse().unwrap()
}

/// Every line of every page with its position (pt from the top left).
fn lines(pdf: &Path) -> Vec<Line> {
    let o = Command::new("pdftotext")
        .args(["-bbox-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    let html = String::from_utf8(o.stdout).unwrap();
    let mut out = Vec::new();
    for (p, page) in html.split("<page ").skip(1).enumerate() {
        for chunk in page.split("<line ").skip(1) {
            let tag = chunk.split('>').next().unwrap();
            let text: String = chunk
                .split("<word ")
                .skip(1)
                .filter_map(|w| w.split_once('>').map(|(_, r)| r.split('<').next().unwrap()))
                .collect();
            out.push(Line {
                page: p + 1,
                x: attr(tag, "xMin"),
                height: attr(tag, "yMax") - attr(tag, "yMin"),
                text: text.replace("&amp;", "&"),
            });
        }
    }
    out
}

fn example_pdf(dir: &Path) -> std::path::PathBuf {
    common::build(&common::example(), dir, "example")
}

/// The -layout line of `page` that starts (after spaces) with `label`.
fn row<'a>(page: &'a str, label: &str) -> &'a str {
    page.lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no row {label} in\n{page}"))
}

fn numbers(line: &str) -> Vec<String> {
    line.split_whitespace()
        .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn line_numbers_of_01_and_04_run_on_as_the_official_form() {
    let dir = common::tempdir();
    let pdf = example_pdf(dir.path());
    let pages = pages(&pdf);
    let page = |form: &str| {
        pages
            .iter()
            .find(|p| common::squash(p).contains(form))
            .unwrap_or_else(|| panic!("{form}"))
            .clone()
    };
    // 01: income 1–8, filler rows to 26, then 27–30; expenditure 31–60.
    let p01 = page("公开01表");
    assert_eq!(
        numbers(row(&p01, "一、一般公共预算财政拨款收入")),
        ["1", "31"]
    );
    assert_eq!(numbers(row(&p01, "八、其他收入")), ["8", "38"]);
    assert_eq!(numbers(row(&p01, "本年收入合计")), ["27", "57"]);
    assert_eq!(numbers(row(&p01, "年初结转和结余")), ["29", "59"]);
    assert_eq!(numbers(row(&p01, "总计")), ["30", "60"]);
    // A filler row: only its two numbers.
    assert_eq!(numbers(row(&p01, "9")), ["9", "39"]);
    // 04: income 1–3, fillers to 26, 本年收入合计 27 … 总计 32; expenditure 33–61.
    let p04 = page("公开04表");
    assert_eq!(numbers(row(&p04, "一、一般公共预算财政拨款")), ["1", "33"]);
    assert_eq!(numbers(row(&p04, "本年收入合计")), ["27", "59"]);
    assert_eq!(numbers(row(&p04, "年初财政拨款结转和结余")), ["28", "60"]);
    assert_eq!(numbers(row(&p04, "总计")), ["32", "61"]);
}

#[test]
fn tables_without_data_share_a_page_and_keep_their_frame() {
    let dir = common::tempdir();
    let pdf = example_pdf(dir.path());
    let pages = pages(&pdf);
    let with: Vec<usize> = ["公开10表", "公开11表", "公开12表", "公开13表"]
        .iter()
        .map(|f| {
            pages
                .iter()
                .position(|p| common::squash(p).contains(f))
                .unwrap()
        })
        .collect();
    assert!(with.iter().all(|&p| p == with[0]), "one page: {with:?}");
    let page = common::squash(&pages[with[0]]);
    assert_eq!(
        page.matches("栏次").count(),
        3,
        "10–12 print their 栏次 rows"
    );
    assert_eq!(page.matches("故本表无数据").count(), 4);
    // The statement is set at the table's size (9pt), not the body's 14pt.
    let statement = lines(&pdf)
        .into_iter()
        .find(|l| l.page == with[0] + 1 && l.text.contains("本单位2023年度没有政府性基金"))
        .expect("statement line");
    assert!(statement.height < 11.0, "{statement:?}");
}

#[test]
fn no_cell_of_a_table_leaves_one_character_on_a_line() {
    let dir = common::tempdir();
    let pdf = example_pdf(dir.path());
    let pages = pages(&pdf);
    let first = pages
        .iter()
        .position(|p| common::squash(p).contains("公开01表"))
        .unwrap()
        + 1;
    let hanzi = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let tables: Vec<Line> = lines(&pdf)
        .into_iter()
        .filter(|l| l.page >= first)
        .collect();
    assert!(tables.len() > 300);
    // A wrapped name in the example (05, portrait) is on two lines of 2+ characters.
    assert!(tables
        .iter()
        .any(|l| l.text == "机关事业单位基本养老保险缴费"
            || l.text.starts_with("机关事业单位基本养老")));
    for l in &tables {
        let content: Vec<char> = l.text.chars().filter(|c| hanzi(*c)).collect();
        assert!(
            !(content.len() == 1 && l.text.chars().count() <= 2),
            "a one-character line: {l:?}"
        );
    }
    // Every cell's text is 9pt, the tables' size.
    let cells: Vec<&Line> = tables.iter().filter(|l| l.text.contains(",")).collect();
    assert!(
        cells.iter().all(|l| l.height > 8.0 && l.height < 10.5),
        "{:?}",
        cells.first()
    );
}

#[test]
fn the_table_of_contents_fits_one_page_with_a_leader_on_every_entry() {
    let dir = common::tempdir();
    let pdf = example_pdf(dir.path());
    let pages = pages(&pdf);
    let toc = pages
        .iter()
        .position(|p| common::squash(p).starts_with("目录"))
        .expect("a 目录 page");
    let text = &pages[toc];
    // The last entry is on the 目录's page; the next page is the report.
    assert!(common::squash(text).contains("十三、财政拨款“三公”经费支出决算表"));
    assert!(common::squash(&pages[toc + 1]).contains("第一部分"));
    assert!(!pages[toc + 1].contains("....."));
    // 33 entries (5 parts, 28 sections, 附件 and 附表), each with a leader of at least
    // three dots before its page number (read in reading order, spaces and word
    // joiners dropped).
    let leader = regex::Regex::new(r"\.{3,}\d+$").unwrap();
    let plain = common::page_text_lines(&pdf, toc + 1);
    let entries = plain.iter().filter(|l| leader.is_match(l)).count();
    assert_eq!(entries, 33, "{plain:?}");
    // A title too long for one line hangs: its second line starts further right.
    let ls: Vec<Line> = lines(&pdf)
        .into_iter()
        .filter(|l| l.page == toc + 1)
        .collect();
    let i = ls
        .iter()
        .position(|l| l.text.contains("附件3"))
        .expect("附件3 entry");
    let (first, next) = (&ls[i], &ls[i + 1]);
    assert!(
        next.x > first.x + 20.0,
        "hanging indent: {first:?} / {next:?}"
    );
    let squashed: String = next
        .text
        .chars()
        .filter(|c| *c != ' ' && *c != '\u{2060}')
        .collect();
    assert!(leader.is_match(&squashed), "{next:?}");
}

#[test]
fn a_unit_without_fiscal_funds_prints_statements_not_empty_grids() {
    let dir = common::tempdir();
    let data =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/institute-no-fiscal-2023.yaml");
    let pdf = common::build(&data, dir.path(), "institute");
    let pages = pages(&pdf);
    let start = pages
        .iter()
        .position(|p| common::squash(p).contains("公开01表"))
        .unwrap();
    let tables = common::squash(&pages[start..].join(""));
    for s in [
        "没有财政拨款收入，也没有使用财政拨款安排的支出，故本表无数据",
        "没有使用财政拨款安排的支出，故本表无数据",
        "没有使用一般公共预算财政拨款安排的基本支出，故本表无数据",
        "没有使用一般公共预算财政拨款安排的项目支出，故本表无数据",
    ] {
        assert!(tables.contains(s), "{s}");
    }
    // Ten tables without data take a few shared pages, not a page each.
    assert!(
        pages.len() - start <= 7,
        "{} table pages",
        pages.len() - start
    );
}
