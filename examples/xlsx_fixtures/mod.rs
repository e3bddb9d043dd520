//! Workbook fixtures for the import tests, generated from a data file: the 决算 software's
//! export (one sheet per 财决 table, laid out as described in issue 13) and the 公开表
//! workbook, with options that break them the ways real files break. Used by
//! `examples/make_fixtures.rs` (which writes the committed fixtures) and by
//! tests/import.rs (which generates the bad-input cases on the fly).
#![allow(dead_code)]

use std::collections::BTreeMap;

use juesuan::catalog::Catalog;
use juesuan::model::{Fund, ReportData, Settings};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

/// How to lay out (or break) the export.
#[derive(Debug, Clone, Default)]
pub struct Opts {
    /// The year printed in the titles (default: the data's).
    pub year: Option<i32>,
    /// A different unit name on the 支出决算表.
    pub other_name_on_z04: Option<String>,
    /// Codes of the 支出决算表 stored as numbers (2013350.0).
    pub code_as_number: bool,
    /// Text written into the first 项 row's 基本支出 cell.
    pub text_in_amount: Option<String>,
    /// The first 项 row's 基本支出 and 项目支出 cells merged.
    pub merge_across: bool,
    /// Sheets left out (by id: Z01, Z04, Z05_1, Z07, Z08_1, F01, F03).
    pub omit: Vec<String>,
    /// Header text replaced in the 支出决算表: (from, to).
    pub rename_header: Option<(String, String)>,
    /// A sheet of filler text of about this many megabytes.
    pub filler_mb: usize,
    /// 类 | 款 | 项 in three columns (2-digit parts).
    pub split_codes: bool,
    /// Blank rows above every table.
    pub row_offset: u32,
    /// Amounts in 万元.
    pub wan: bool,
    /// 基本支出明细表 with the codes across the header and the amounts in the 合计 row.
    pub econ_wide: bool,
    /// Sheets named Sheet1, Sheet2, … (titles only in the first row).
    pub generic_names: bool,
    /// Full-width brackets and spaces in headers.
    pub fullwidth: bool,
    /// An amount of the 支出决算表 with a third decimal (1.005 元 off a whole 分).
    pub not_fen: bool,
}

struct Ctx<'a> {
    data: &'a ReportData,
    cat: Catalog,
    o: &'a Opts,
    year: i32,
    bold: Format,
    center: Format,
    text: Format,
}

/// The example unit, as loaded by juesuan.
pub fn example() -> ReportData {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/example/dongqu-media-2023.yaml");
    juesuan::model::load_file(&p).expect("example").data
}

fn fixed_props(wb: &mut Workbook) {
    let date = ExcelDateTime::from_ymd(2024, 3, 1).expect("date");
    wb.set_properties(&DocProperties::new().set_creation_datetime(&date));
}

/// Lays out one sheet below `top` blank rows.
type SheetFn = fn(&Ctx, &mut Worksheet, u32);

/// The 决算 software's export of `data`, as .xlsx bytes.
pub fn export_workbook(data: &ReportData, o: &Opts) -> Vec<u8> {
    let mut wb = Workbook::new();
    fixed_props(&mut wb);
    let c = Ctx {
        data,
        cat: Catalog::builtin(),
        o,
        year: o.year.unwrap_or(data.unit.year),
        bold: Format::new().set_bold(),
        center: Format::new().set_align(FormatAlign::Center),
        text: Format::new().set_num_format("@"),
    };
    let sheets: [(&str, &str, SheetFn); 7] = [
        ("Z01", "Z01 收入支出决算总表(财决01表)", z01),
        ("Z04", "Z04 支出决算表(财决04表)", z04),
        ("Z05_1", "Z05_1 基本支出决算明细表(财决05-1表)", z05_1),
        (
            "Z07",
            "Z07 一般公共预算财政拨款收入支出决算表(财决07表)",
            z07,
        ),
        (
            "Z08_1",
            "Z08_1 一般公共预算财政拨款基本支出决算明细表(财决08-",
            z08_1,
        ),
        ("F01", "F01 预算支出相关信息表(财决附01表)", f01),
        ("F03", "F03 机构运行信息表(财决附03表)", f03),
    ];
    let mut n = 0;
    for (id, name, f) in sheets {
        if o.omit.iter().any(|x| x == id) {
            continue;
        }
        n += 1;
        let ws = wb.add_worksheet();
        let sheet_name = if o.generic_names {
            format!("Sheet{n}")
        } else {
            name.to_string()
        };
        ws.set_name(&sheet_name).expect("name");
        f(&c, ws, o.row_offset);
    }
    if o.filler_mb > 0 {
        filler(wb.add_worksheet(), o.filler_mb);
    }
    wb.save_to_buffer().expect("xlsx")
}

/// A sheet of incompressible-looking text, about `mb` megabytes once zipped.
fn filler(ws: &mut Worksheet, mb: usize) {
    ws.set_name("附注").expect("name");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let cells = mb * 1024 * 1024 / 12;
    for i in 0..cells {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        ws.write_number(
            (i / 20) as u32,
            (i % 20) as u16,
            (x % 1_000_000_007) as f64 / 7.0,
        )
        .expect("filler");
    }
}

impl Ctx<'_> {
    fn h(&self, s: &str) -> String {
        if self.o.fullwidth {
            s.replace('(', "（")
                .replace(')', "）")
                .replace("合计", "合 计")
        } else {
            s.to_string()
        }
    }

    /// Title, year and the 编制单位 / 金额单位 line; returns the next row.
    fn frame(&self, ws: &mut Worksheet, top: u32, title: &str, width: u16, name: &str) -> u32 {
        let t = top;
        ws.merge_range(t, 0, t, width - 1, title, &self.center)
            .expect("title");
        ws.merge_range(
            t + 1,
            0,
            t + 1,
            width - 1,
            &format!("{}年度", self.year),
            &self.center,
        )
        .expect("year");
        ws.merge_range(
            t + 2,
            0,
            t + 2,
            2,
            &format!("编制单位：{name}"),
            &Format::new(),
        )
        .expect("unit");
        let unit = if self.o.wan {
            "金额单位：万元"
        } else {
            "金额单位：元"
        };
        ws.write_string(t + 2, width - 1, unit).expect("unit");
        t + 3
    }

    fn money(&self, ws: &mut Worksheet, r: u32, c: u16, v: Decimal) {
        if v.is_zero() {
            return;
        }
        let v = if self.o.wan {
            v / Decimal::from(10_000)
        } else {
            v
        };
        ws.write_number(r, c, v.to_f64().unwrap_or(0.0))
            .expect("number");
    }

    fn name(&self) -> &str {
        &self.data.unit.name
    }

    fn functional_name(&self, code: &str) -> String {
        self.data
            .code_names
            .get(code)
            .cloned()
            .or_else(|| {
                self.cat
                    .functional(self.data.unit.year)
                    .get(code)
                    .map(|e| e.name.clone())
            })
            .unwrap_or_default()
    }
}

/// Number of sums per code: total, basic, personnel, public, project, remit_superior,
/// operating, subsidy_subordinate, budget, opening, closing, income.
const N: usize = 12;

/// Sums of expenditure lines by 项 code (and their 类, 款 prefixes) for the funds kept.
/// The fund's opening and closing balances (which the model keeps as totals only) go
/// on the first 项, and income = expenditure + closing − opening.
fn by_code(
    data: &ReportData,
    keep: impl Fn(Fund) -> bool,
    balances: Option<(Decimal, Decimal)>,
) -> BTreeMap<String, [Decimal; N]> {
    let mut out: BTreeMap<String, [Decimal; N]> = BTreeMap::new();
    let mut first = true;
    let mut lines: Vec<_> = data.expenditure.iter().filter(|e| keep(e.fund)).collect();
    lines.sort_by(|a, b| a.code.cmp(&b.code));
    for e in lines {
        let (open, close) = match (first, balances) {
            (true, Some(b)) => b,
            _ => (Decimal::ZERO, Decimal::ZERO),
        };
        first = false;
        let v = [
            e.total().0,
            e.basic().0,
            e.personnel.0,
            e.public.0,
            e.project.0,
            e.remit_superior.0,
            e.operating.0,
            e.subsidy_subordinate.0,
            e.budget.map(|b| b.0).unwrap_or_default(),
            open,
            close,
            e.total().0 + close - open,
        ];
        for len in [3, 5, 7] {
            let slot = out
                .entry(e.code[..len].to_string())
                .or_insert([Decimal::ZERO; N]);
            for i in 0..N {
                slot[i] += v[i];
            }
        }
    }
    out
}

/// A functional table: header rows for `cols` (header path, index into the sums), a 合计
/// row, then 类/款/项 rows. Returns the row of the first 项.
fn functional(
    c: &Ctx,
    ws: &mut Worksheet,
    top: u32,
    title: &str,
    cols: &[(&[&str], usize)],
    sums: &BTreeMap<String, [Decimal; N]>,
    name: &str,
) {
    let width = 4 + cols.len() as u16;
    let mut r = c.frame(ws, top, title, width, name);
    let depth = cols.iter().map(|(h, _)| h.len()).max().unwrap_or(1) as u32;
    let hdr_rows = depth.max(2) + u32::from(c.o.split_codes);
    ws.merge_range(r, 0, r, 3, &c.h("项目"), &c.center)
        .expect("项目");
    if c.o.split_codes {
        ws.merge_range(r + 1, 0, r + 1, 2, "科目编码", &c.center)
            .expect("code");
        for (i, w) in ["类", "款", "项"].iter().enumerate() {
            ws.write_string(r + 2, i as u16, *w).expect("类款项");
        }
        ws.merge_range(r + 1, 3, r + 2, 3, "科目名称", &c.center)
            .expect("name");
    } else {
        put(ws, (r + 1, 0), (r + hdr_rows - 1, 2), "科目编码", &c.center);
        put(ws, (r + 1, 3), (r + hdr_rows - 1, 3), "科目名称", &c.center);
    }
    // Header paths: merge equal outer texts across neighbouring columns.
    for level in 0..depth as usize {
        let mut i = 0;
        while i < cols.len() {
            let Some(text) = cols[i].0.get(level) else {
                i += 1;
                continue;
            };
            let mut j = i;
            while j + 1 < cols.len()
                && cols[j + 1].0.get(level) == Some(text)
                && cols[j + 1].0[..level] == cols[i].0[..level]
            {
                j += 1;
            }
            let last_level = cols[i].0.len() - 1 == level;
            let r0 = r + level as u32;
            let r1 = if last_level { r + hdr_rows - 1 } else { r0 };
            let mut t = c.h(text);
            if let Some((from, to)) = &c.o.rename_header {
                if t == *from {
                    t = to.clone();
                }
            }
            let (c0, c1) = (4 + i as u16, 4 + j as u16);
            put(ws, (r0, c0), (r1, c1), &t, &c.center);
            i = j + 1;
        }
    }
    r += hdr_rows;
    ws.merge_range(r, 0, r, 3, "栏次", &c.center).expect("栏次");
    for i in 0..cols.len() {
        ws.write_number(r, 4 + i as u16, (i + 1) as f64)
            .expect("栏次");
    }
    r += 1;
    ws.merge_range(r, 0, r, 3, &c.h("合计"), &c.center)
        .expect("合计");
    let total: [Decimal; N] =
        sums.iter()
            .filter(|(k, _)| k.len() == 3)
            .fold([Decimal::ZERO; N], |mut a, (_, v)| {
                for i in 0..N {
                    a[i] += v[i];
                }
                a
            });
    for (i, (_, idx)) in cols.iter().enumerate() {
        c.money(ws, r, 4 + i as u16, total[*idx]);
    }
    r += 1;
    let mut first_item = true;
    for (code, v) in sums {
        if c.o.split_codes {
            let parts = [
                &code[..3],
                code.get(3..5).unwrap_or(""),
                code.get(5..7).unwrap_or(""),
            ];
            for (i, p) in parts.iter().enumerate() {
                if !p.is_empty() {
                    ws.write_string_with_format(r, i as u16, *p, &c.text)
                        .expect("code");
                }
            }
        } else if c.o.code_as_number {
            ws.merge_range(r, 0, r, 2, "", &Format::new())
                .expect("merge");
            ws.write_number(r, 0, code.parse::<f64>().unwrap_or(0.0))
                .expect("code");
        } else {
            ws.merge_range(r, 0, r, 2, code, &c.text).expect("code");
        }
        ws.write_string(r, 3, c.functional_name(code))
            .expect("name");
        for (i, (_, idx)) in cols.iter().enumerate() {
            c.money(ws, r, 4 + i as u16, v[*idx]);
        }
        if code.len() == 7 && first_item {
            first_item = false;
            broken_cells(c, ws, r, cols);
        }
        r += 1;
    }
}

/// Writes `text` into one cell or merges a range.
fn put(ws: &mut Worksheet, a: (u32, u16), b: (u32, u16), text: &str, f: &Format) {
    if a == b {
        ws.write_string_with_format(a.0, a.1, text, f)
            .expect("cell");
    } else {
        ws.merge_range(a.0, a.1, b.0, b.1, text, f).expect("merge");
    }
}

/// The breakages asked for, on the first 项 row.
fn broken_cells(c: &Ctx, ws: &mut Worksheet, r: u32, cols: &[(&[&str], usize)]) {
    let col_of = |idx: usize| {
        cols.iter()
            .position(|(_, i)| *i == idx)
            .map(|p| 4 + p as u16)
    };
    if let (Some(t), Some(b)) = (&c.o.text_in_amount, col_of(1)) {
        ws.write_string(r, b, t).expect("text");
    }
    if c.o.not_fen {
        if let Some(b) = col_of(1) {
            ws.write_number(r, b, 721199.265).expect("not fen");
        }
    }
    if c.o.merge_across {
        if let (Some(b), Some(p)) = (col_of(1), col_of(4)) {
            ws.merge_range(r, b, r, p, "721199.26", &Format::new())
                .expect("merge");
        }
    }
}

fn z04(c: &Ctx, ws: &mut Worksheet, top: u32) {
    let sums = by_code(c.data, |_| true, None);
    let name =
        c.o.other_name_on_z04
            .clone()
            .unwrap_or_else(|| c.name().to_string());
    functional(
        c,
        ws,
        top,
        "支出决算表",
        &[
            (&["本年支出合计"], 0),
            (&["基本支出"], 1),
            (&["项目支出"], 4),
            (&["上缴上级支出"], 5),
            (&["经营支出"], 6),
            (&["对附属单位补助支出"], 7),
        ],
        &sums,
        &name,
    );
}

fn z05_1(c: &Ctx, ws: &mut Worksheet, top: u32) {
    let sums = by_code(c.data, |_| true, None);
    functional(
        c,
        ws,
        top,
        "基本支出决算明细表",
        &[(&["合计"], 1), (&["人员经费"], 2), (&["公用经费"], 3)],
        &sums,
        c.name(),
    );
}

fn z07(c: &Ctx, ws: &mut Worksheet, top: u32) {
    let fig = juesuan::compute::compute(c.data, &c.cat, &Settings::default());
    let sums = by_code(
        c.data,
        |f| f == Fund::GeneralBudget,
        Some((fig.opening.general_budget, fig.closing.general_budget)),
    );
    functional(
        c,
        ws,
        top,
        "一般公共预算财政拨款收入支出决算表",
        &[
            (&["年初结转和结余"], 9),
            (&["本年收入"], 11),
            (&["本年支出", "小计"], 0),
            (&["本年支出", "基本支出", "合计"], 1),
            (&["本年支出", "基本支出", "人员经费"], 2),
            (&["本年支出", "基本支出", "公用经费"], 3),
            (&["本年支出", "项目支出"], 4),
            (&["年末结转和结余"], 10),
            (&["全年预算数"], 8),
        ],
        &sums,
        c.name(),
    );
}

/// 收入支出决算总表: three 5-column blocks (收入 | 支出 by 功能 | 支出 by 性质), each
/// 项目 | 行次 | 年初预算数 | 全年预算数 | 决算数.
fn z01(c: &Ctx, ws: &mut Worksheet, top: u32) {
    let d = c.data;
    let fig = juesuan::compute::compute(d, &c.cat, &Settings::default());
    let mut r = c.frame(ws, top, "收入支出决算总表", 15, c.name());
    for (b, title) in ["收入", "支出（按功能分类）", "支出（按支出性质）"]
        .iter()
        .enumerate()
    {
        let c0 = b as u16 * 5;
        ws.merge_range(r, c0, r, c0 + 4, &c.h(title), &c.center)
            .expect("block");
        for (i, h) in ["项目", "行次", "年初预算数", "全年预算数", "决算数"]
            .iter()
            .enumerate()
        {
            ws.write_string(r + 1, c0 + i as u16, *h).expect("header");
        }
        ws.write_string(r + 2, c0, "栏次").expect("栏次");
        for i in 0..3 {
            ws.write_number(r + 2, c0 + 2 + i, f64::from(i + 1))
                .expect("栏次");
        }
    }
    r += 3;
    let inc = &d.income;
    let income = [
        ("一、一般公共预算财政拨款收入", inc.general_budget.0),
        ("二、政府性基金预算财政拨款收入", inc.government_fund.0),
        ("三、国有资本经营预算财政拨款收入", inc.state_capital.0),
        ("四、上级补助收入", inc.superior_subsidy.0),
        ("五、事业收入", inc.business.0),
        ("六、经营收入", inc.operating.0),
        ("七、附属单位上缴收入", inc.subordinate_remit.0),
        ("八、其他收入", inc.other.0),
    ];
    let classes = by_code(d, |_| true, None);
    let class_rows: Vec<(String, Decimal)> = c
        .cat
        .functional(d.unit.year)
        .classes()
        .map(|e| {
            (
                e.code.clone(),
                classes.get(&e.code).map(|v| v[0]).unwrap_or_default(),
            )
        })
        .collect();
    let nums = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let natures = [
        (
            "一、基本支出",
            fig.expenditure
                .parts
                .first()
                .map(|p| p.amount)
                .unwrap_or_default(),
        ),
        (
            "人员经费",
            d.expenditure.iter().map(|e| e.personnel.0).sum(),
        ),
        ("公用经费", d.expenditure.iter().map(|e| e.public.0).sum()),
        (
            "二、项目支出",
            d.expenditure.iter().map(|e| e.project.0).sum(),
        ),
        (
            "三、上缴上级支出",
            d.expenditure.iter().map(|e| e.remit_superior.0).sum(),
        ),
        (
            "四、经营支出",
            d.expenditure.iter().map(|e| e.operating.0).sum(),
        ),
        (
            "五、对附属单位补助支出",
            d.expenditure.iter().map(|e| e.subsidy_subordinate.0).sum(),
        ),
    ];
    let n = class_rows.len() as u32;
    for i in 0..n {
        if let Some((label, v)) = income.get(i as usize) {
            ws.write_string(r + i, 0, *label).expect("income");
            c.money(ws, r + i, 4, *v);
        }
        ws.write_number(r + i, 1, f64::from(i + 1)).expect("行次");
        let (code, v) = &class_rows[i as usize];
        let num = nums.get(i as usize % 10).copied().unwrap_or("");
        ws.write_string(r + i, 5, format!("{num}、{}", c.functional_name(code)))
            .expect("class");
        ws.write_number(r + i, 6, f64::from(n + 5 + i))
            .expect("行次");
        c.money(ws, r + i, 9, *v);
        if let Some((label, v)) = natures.get(i as usize) {
            ws.write_string(r + i, 10, *label).expect("nature");
            c.money(ws, r + i, 14, *v);
        }
    }
    z01_bottom(c, ws, r + n, &fig);
}

/// The bottom block of 财决01: totals and balances on both sides.
fn z01_bottom(c: &Ctx, ws: &mut Worksheet, r: u32, fig: &juesuan::compute::Figures) {
    let d = c.data;
    let bottom = [
        (
            "本年收入合计",
            fig.income.total,
            "本年支出合计",
            fig.expenditure.total,
        ),
        (
            "使用非财政拨款结余",
            d.balances.use_nonfiscal.0,
            "结余分配",
            d.balances.distribution.0,
        ),
        (
            "年初结转和结余",
            fig.opening.total(),
            "年末结转和结余",
            fig.closing.total(),
        ),
        (
            "总计",
            fig.grand_total,
            "总计",
            fig.grand_total_expenditure_side,
        ),
    ];
    for (i, (l, lv, rl, rv)) in bottom.iter().enumerate() {
        let row = r + i as u32;
        ws.write_string(row, 0, *l).expect("bottom");
        c.money(ws, row, 4, *lv);
        ws.write_string(row, 10, *rl).expect("bottom");
        c.money(ws, row, 14, *rv);
    }
}

/// 基本支出决算明细表 by 经济分类: three panels (人员经费 301/303 | 公用经费 302 |
/// 公用经费 307/310/399), or with `econ_wide` the codes across the header.
fn z08_1(c: &Ctx, ws: &mut Worksheet, top: u32) {
    let d = c.data;
    let title = "一般公共预算财政拨款基本支出决算明细表";
    let codes: Vec<(String, String)> = c
        .cat
        .economic
        .entries()
        .iter()
        .map(|e| (e.code.clone(), e.name.clone()))
        .collect();
    let amount = |code: &str| -> Decimal {
        d.basic_economic
            .iter()
            .filter(|(k, _)| k.starts_with(code))
            .map(|(_, v)| v.0)
            .sum()
    };
    if c.o.econ_wide {
        let listed: Vec<&(String, String)> = codes
            .iter()
            .filter(|(k, _)| k.len() == 5 && !amount(k).is_zero())
            .collect();
        let mut r = c.frame(ws, top, title, 3 + listed.len() as u16, c.name());
        ws.write_string(r, 0, "科目编码").expect("h");
        ws.write_string(r, 1, "科目名称").expect("h");
        ws.write_string(r, 2, "合计").expect("h");
        for (i, (k, name)) in listed.iter().enumerate() {
            ws.write_string(r, 3 + i as u16, format!("{k} {name}"))
                .expect("h");
        }
        r += 1;
        ws.write_string(r, 0, "合计").expect("total");
        c.money(ws, r, 2, d.basic_economic.values().map(|v| v.0).sum());
        for (i, (k, _)) in listed.iter().enumerate() {
            c.money(ws, r, 3 + i as u16, amount(k));
        }
        return;
    }
    let mut r = c.frame(ws, top, title, 9, c.name());
    for (p, h) in ["人员经费", "公用经费", "公用经费"].iter().enumerate() {
        ws.merge_range(r, p as u16 * 3, r, p as u16 * 3 + 2, h, &c.center)
            .expect("panel");
        for (i, t) in ["科目编码", "科目名称", "决算数"].iter().enumerate() {
            ws.write_string(r + 1, (p * 3 + i) as u16, *t)
                .expect("panel");
        }
    }
    r += 2;
    let panels: [&[&str]; 3] = [&["301", "303"], &["302"], &["307", "310", "399"]];
    let mut last = r;
    for (p, groups) in panels.iter().enumerate() {
        let mut row = r;
        for (k, name) in codes
            .iter()
            .filter(|(k, _)| groups.iter().any(|g| k.starts_with(g)))
        {
            let col = p as u16 * 3;
            ws.write_string_with_format(row, col, k, &c.text)
                .expect("code");
            ws.write_string(row, col + 1, name).expect("name");
            c.money(ws, row, col + 2, amount(k));
            row += 1;
        }
        last = last.max(row);
    }
    let personnel: Decimal = ["301", "303"].iter().map(|g| amount(g)).sum();
    let public: Decimal = ["302", "307", "310", "399"].iter().map(|g| amount(g)).sum();
    ws.merge_range(last, 0, last, 1, "人员经费合计", &c.center)
        .expect("footer");
    c.money(ws, last, 2, personnel);
    ws.merge_range(last, 3, last, 7, "公用经费合计", &c.center)
        .expect("footer");
    c.money(ws, last, 8, public);
}

/// 预算支出相关信息表: 项目 | 行次 | 全年预算数 | 决算数, rows by label.
fn f01(c: &Ctx, ws: &mut Worksheet, top: u32) {
    let d = c.data;
    let tp = &d.three_public;
    let mut r = c.frame(ws, top, "预算支出相关信息表", 4, c.name());
    for (i, h) in ["项目", "行次", "全年预算数", "决算数"].iter().enumerate() {
        ws.write_string(r, i as u16, *h).expect("header");
    }
    r += 1;
    let act = tp.actual();
    let money_rows: Vec<(&str, Option<Decimal>, Decimal)> = vec![
        (
            "一、“三公”经费支出",
            Some(tp.budget.total().0),
            act.total().0,
        ),
        ("1.因公出国（境）费", Some(tp.budget.abroad.0), act.abroad.0),
        (
            "2.公务用车购置及运行维护费",
            Some(tp.budget.vehicle().0),
            act.vehicle().0,
        ),
        (
            "（1）公务用车购置费",
            Some(tp.budget.vehicle_purchase.0),
            act.vehicle_purchase.0,
        ),
        ("轿车", None, tp.vehicle_purchase.sedan.amount.0),
        ("越野车", None, tp.vehicle_purchase.suv.amount.0),
        ("载客汽车", None, tp.vehicle_purchase.bus.amount.0),
        (
            "（2）公务用车运行维护费",
            Some(tp.budget.vehicle_operation.0),
            act.vehicle_operation.0,
        ),
        ("3.公务接待费", Some(tp.budget.reception.0), act.reception.0),
        ("（1）国内公务接待费", None, tp.reception.domestic.amount.0),
        ("（2）外事接待费", None, tp.reception.foreign.amount.0),
        ("二、机关运行经费", None, d.operating_expenses.0),
        ("三、政府采购支出合计", None, d.procurement.total().0),
        ("1.政府采购货物支出", None, d.procurement.goods.0),
        ("2.政府采购工程支出", None, d.procurement.works.0),
        ("3.政府采购服务支出", None, d.procurement.services.0),
        ("授予中小企业合同金额", None, d.procurement.sme.0),
        ("授予小微企业合同金额", None, d.procurement.small_micro.0),
    ];
    let mut line = 1;
    for (label, budget, actual) in money_rows {
        ws.write_string(r, 0, label).expect("label");
        ws.write_number(r, 1, f64::from(line)).expect("行次");
        if let Some(b) = budget {
            c.money(ws, r, 2, b);
        }
        c.money(ws, r, 3, actual);
        r += 1;
        line += 1;
    }
    let counts: Vec<(&str, u32)> = vec![
        ("因公出国（境）团组数（个）", tp.abroad.groups),
        ("因公出国（境）人次数（人）", tp.abroad.persons),
        ("公务用车购置数（辆）", tp.vehicle_purchase.count()),
        ("轿车", tp.vehicle_purchase.sedan.count),
        ("越野车", tp.vehicle_purchase.suv.count),
        ("载客汽车", tp.vehicle_purchase.bus.count),
        ("公务用车保有量（辆）", tp.fleet.total()),
        ("轿车", tp.fleet.sedan),
        ("越野车", tp.fleet.suv),
        ("载客汽车", tp.fleet.bus),
        ("国内公务接待批次（个）", tp.reception.domestic.batches),
        ("国内公务接待人次（人）", tp.reception.domestic.persons),
        ("外事接待批次（个）", tp.reception.foreign.batches),
        ("外事接待人次（人）", tp.reception.foreign.persons),
    ];
    for (label, v) in counts {
        ws.write_string(r, 0, label).expect("label");
        ws.write_number(r, 1, f64::from(line)).expect("行次");
        ws.write_number(r, 3, f64::from(v)).expect("count");
        r += 1;
        line += 1;
    }
}

/// 机构运行信息表: 项目 | 行次 | 数量.
fn f03(c: &Ctx, ws: &mut Worksheet, top: u32) {
    let d = c.data;
    let mut r = c.frame(ws, top, "机构运行信息表", 3, c.name());
    for (i, h) in ["项目", "行次", "数量"].iter().enumerate() {
        ws.write_string(r, i as u16, *h).expect("header");
    }
    r += 1;
    let st = d.overview.staffing.clone().unwrap_or_default();
    let v = &d.assets.vehicles;
    let rows: Vec<(&str, u32)> = vec![
        ("一、编制人数", st.authorized),
        ("二、在职人员", st.actual),
        ("三、聘用人员", st.contracted),
        ("四、车辆数", v.total()),
        ("主要领导干部用车", v.leader),
        ("机要通信用车", v.confidential),
        ("应急保障用车", v.emergency),
        ("执法执勤用车", v.law_enforcement),
        ("特种专业技术用车", v.special),
        ("其他用车", v.other),
        (
            "五、单价100万元以上设备（台，套）",
            d.assets.equipment_over_1m,
        ),
    ];
    for (i, (label, n)) in rows.iter().enumerate() {
        ws.write_string(r, 0, *label).expect("label");
        ws.write_number(r, 1, (i + 1) as f64).expect("行次");
        ws.write_number(r, 2, f64::from(*n)).expect("n");
        r += 1;
    }
}

/// An HTML page saved as ".xls" (what web exports produce).
pub fn html_xls() -> Vec<u8> {
    "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n<head><meta charset=\"utf-8\"></head><body><table><tr><td>收入支出决算总表</td></tr></table></body></html>\n".as_bytes().to_vec()
}

/// A SpreadsheetML 2003 XML file saved as ".xls".
pub fn spreadsheetml_xls() -> Vec<u8> {
    "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n<Worksheet ss:Name=\"Z01\"><Table><Row><Cell><Data ss:Type=\"String\">收入支出决算总表</Data></Cell></Row></Table></Worksheet>\n</Workbook>\n".as_bytes().to_vec()
}

/// The 公开表 workbook of `data` (the Sichuan 公开01–13表 that the mapping reads).
pub fn public_workbook(data: &ReportData) -> Vec<u8> {
    let mut wb = Workbook::new();
    fixed_props(&mut wb);
    let o = Opts::default();
    let c = Ctx {
        data,
        cat: Catalog::builtin(),
        o: &o,
        year: data.unit.year,
        bold: Format::new().set_bold(),
        center: Format::new().set_align(FormatAlign::Center),
        text: Format::new().set_num_format("@"),
    };
    let fig = juesuan::compute::compute(data, &c.cat, &Settings::default());
    let name = data.unit.name.clone();
    let all = by_code(data, |_| true, None);
    let fiscal = by_code(data, |f| f != Fund::Other, None);
    let gb = by_code(data, |f| f == Fund::GeneralBudget, None);
    {
        let ws = wb.add_worksheet();
        ws.set_name("公开01表 收入支出决算总表").expect("name");
        public01(&c, ws, &fig);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("公开03表 支出决算表").expect("name");
        let cols: [(&[&str], usize); 6] = [
            (&["本年支出合计"], 0),
            (&["基本支出"], 1),
            (&["项目支出"], 4),
            (&["上缴上级支出"], 5),
            (&["经营支出"], 6),
            (&["对附属单位补助支出"], 7),
        ];
        functional(&c, ws, 0, "支出决算表", &cols, &all, &name);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("公开04表 财政拨款收入支出决算总表")
            .expect("name");
        public04(&c, ws, &fig);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("公开05表 财政拨款支出决算明细表")
            .expect("name");
        let cols: [(&[&str], usize); 5] = [
            (&["合计"], 0),
            (&["基本支出", "小计"], 1),
            (&["基本支出", "人员经费"], 2),
            (&["基本支出", "公用经费"], 3),
            (&["项目支出"], 4),
        ];
        functional(&c, ws, 0, "财政拨款支出决算明细表", &cols, &fiscal, &name);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("公开06表 一般公共预算财政拨款支出决算表")
            .expect("name");
        let cols: [(&[&str], usize); 3] = [
            (&["本年支出", "小计"], 0),
            (&["本年支出", "基本支出"], 1),
            (&["本年支出", "项目支出"], 4),
        ];
        functional(
            &c,
            ws,
            0,
            "一般公共预算财政拨款支出决算表",
            &cols,
            &gb,
            &name,
        );
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("公开08表 一般公共预算财政拨款基本支出决算表")
            .expect("name");
        z08_1(&c, ws, 0);
    }
    for (n, title) in [
        (
            "公开10表 政府性基金预算财政拨款收入支出决算表",
            "政府性基金预算财政拨款收入支出决算表",
        ),
        (
            "公开12表 国有资本经营预算财政拨款支出决算表",
            "国有资本经营预算财政拨款支出决算表",
        ),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(n).expect("name");
        let r = c.frame(ws, 0, title, 6, &name);
        ws.write_string(
            r + 1,
            0,
            format!("本单位{}年度没有此项资金，故本表无数据。", c.year),
        )
        .expect("empty");
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("公开13表 财政拨款“三公”经费支出决算表")
            .expect("name");
        public13(&c, ws);
    }
    wb.save_to_buffer().expect("xlsx")
}

fn public01(c: &Ctx, ws: &mut Worksheet, fig: &juesuan::compute::Figures) {
    let d = c.data;
    let mut r = c.frame(ws, 0, "收入支出决算总表", 6, c.name());
    ws.merge_range(r, 0, r, 2, "收入", &c.center).expect("h");
    ws.merge_range(r, 3, r, 5, "支出", &c.center).expect("h");
    for (i, h) in ["项目", "行次", "金额", "项目(按功能分类)", "行次", "金额"]
        .iter()
        .enumerate()
    {
        ws.write_string(r + 1, i as u16, *h).expect("h");
    }
    r += 2;
    let inc = &d.income;
    let income = [
        ("一、一般公共预算财政拨款收入", inc.general_budget.0),
        ("二、政府性基金预算财政拨款收入", inc.government_fund.0),
        ("三、国有资本经营预算财政拨款收入", inc.state_capital.0),
        ("四、上级补助收入", inc.superior_subsidy.0),
        ("五、事业收入", inc.business.0),
        ("六、经营收入", inc.operating.0),
        ("七、附属单位上缴收入", inc.subordinate_remit.0),
        ("八、其他收入", inc.other.0),
    ];
    let all = by_code(d, |_| true, None);
    let classes: Vec<_> = c.cat.functional(d.unit.year).classes().cloned().collect();
    for (i, e) in classes.iter().enumerate() {
        let row = r + i as u32;
        if let Some((l, v)) = income.get(i) {
            ws.write_string(row, 0, *l).expect("l");
            c.money(ws, row, 2, *v);
        }
        ws.write_string(row, 3, &e.name).expect("class");
        c.money(
            ws,
            row,
            5,
            all.get(&e.code).map(|v| v[0]).unwrap_or_default(),
        );
    }
    r += classes.len() as u32;
    let bottom = [
        (
            "本年收入合计",
            fig.income.total,
            "本年支出合计",
            fig.expenditure.total,
        ),
        (
            "使用非财政拨款结余",
            d.balances.use_nonfiscal.0,
            "结余分配",
            d.balances.distribution.0,
        ),
        (
            "年初结转和结余",
            fig.opening.total(),
            "年末结转和结余",
            fig.closing.total(),
        ),
        (
            "总计",
            fig.grand_total,
            "总计",
            fig.grand_total_expenditure_side,
        ),
    ];
    for (i, (l, lv, rl, rv)) in bottom.iter().enumerate() {
        let row = r + i as u32;
        ws.write_string(row, 0, *l).expect("b");
        c.money(ws, row, 2, *lv);
        ws.write_string(row, 3, *rl).expect("b");
        c.money(ws, row, 5, *rv);
    }
}

fn public04(c: &Ctx, ws: &mut Worksheet, fig: &juesuan::compute::Figures) {
    let f = &fig.fiscal;
    let mut r = c.frame(ws, 0, "财政拨款收入支出决算总表", 9, c.name());
    ws.merge_range(r, 0, r, 2, "收入", &c.center).expect("h");
    ws.merge_range(r, 3, r, 8, "支出", &c.center).expect("h");
    let heads = [
        "项目",
        "行次",
        "金额",
        "项目",
        "行次",
        "合计",
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    ];
    for (i, h) in heads.iter().enumerate() {
        ws.write_string(r + 1, i as u16, *h).expect("h");
    }
    r += 2;
    let rows = [
        ("一、一般公共预算财政拨款", f.income.general_budget),
        ("二、政府性基金预算财政拨款", f.income.government_fund),
        ("三、国有资本经营预算财政拨款", f.income.state_capital),
    ];
    for (i, (l, v)) in rows.iter().enumerate() {
        ws.write_string(r + i as u32, 0, *l).expect("l");
        c.money(ws, r + i as u32, 2, *v);
    }
    r += 3;
    let e = &f.expenditure;
    let cl = &f.closing;
    ws.write_string(r, 0, "本年收入合计").expect("l");
    c.money(ws, r, 2, f.income.fiscal());
    ws.write_string(r, 3, "本年支出合计").expect("l");
    for (i, v) in [
        e.fiscal(),
        e.general_budget,
        e.government_fund,
        e.state_capital,
    ]
    .iter()
    .enumerate()
    {
        c.money(ws, r, 5 + i as u16, *v);
    }
    r += 1;
    ws.write_string(r, 0, "年初财政拨款结转和结余").expect("l");
    c.money(ws, r, 2, f.opening.fiscal());
    ws.write_string(r, 3, "年末财政拨款结转和结余").expect("l");
    for (i, v) in [
        cl.fiscal(),
        cl.general_budget,
        cl.government_fund,
        cl.state_capital,
    ]
    .iter()
    .enumerate()
    {
        c.money(ws, r, 5 + i as u16, *v);
    }
    for (i, (l, v)) in [
        ("一般公共预算财政拨款", f.opening.general_budget),
        ("政府性基金预算财政拨款", f.opening.government_fund),
        ("国有资本经营预算财政拨款", f.opening.state_capital),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r + 1 + i as u32, 0, *l).expect("l");
        c.money(ws, r + 1 + i as u32, 2, *v);
    }
    r += 4;
    ws.write_string(r, 0, "总计").expect("l");
    c.money(ws, r, 2, f.grand_total);
    ws.write_string(r, 3, "总计").expect("l");
    c.money(ws, r, 5, f.grand_total);
}

fn public13(c: &Ctx, ws: &mut Worksheet) {
    let tp = &c.data.three_public;
    let r = c.frame(ws, 0, "财政拨款“三公”经费支出决算表", 12, c.name());
    let b = &tp.budget;
    let a = tp.actual();
    for (g, (title, amounts)) in [("预算数", b.clone()), ("决算数", a)]
        .into_iter()
        .enumerate()
    {
        let c0 = g as u16 * 6;
        ws.merge_range(r, c0, r, c0 + 5, title, &c.center)
            .expect("h");
        ws.merge_range(r + 1, c0, r + 2, c0, "合计", &c.center)
            .expect("h");
        ws.merge_range(r + 1, c0 + 1, r + 2, c0 + 1, "因公出国（境）费", &c.center)
            .expect("h");
        ws.merge_range(
            r + 1,
            c0 + 2,
            r + 1,
            c0 + 4,
            "公务用车购置及运行费",
            &c.center,
        )
        .expect("h");
        ws.write_string(r + 2, c0 + 2, "小计").expect("h");
        ws.write_string(r + 2, c0 + 3, "公务用车购置费").expect("h");
        ws.write_string(r + 2, c0 + 4, "公务用车运行费").expect("h");
        ws.merge_range(r + 1, c0 + 5, r + 2, c0 + 5, "公务接待费", &c.center)
            .expect("h");
        let vals = [
            amounts.total().0,
            amounts.abroad.0,
            amounts.vehicle().0,
            amounts.vehicle_purchase.0,
            amounts.vehicle_operation.0,
            amounts.reception.0,
        ];
        for (i, v) in vals.iter().enumerate() {
            ws.write_number(r + 3, c0 + i as u16, v.to_f64().unwrap_or(0.0))
                .expect("v");
        }
    }
}
