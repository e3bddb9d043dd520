//! Tables of 经济分类 codes: rows by code (one panel or several side by side, as in the
//! 基本支出 tables), or codes across the header with the amounts in the 合计 row (the
//! wide 明细表 layout). 类 rows (301, 302…) are verified against their 款.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::facts::{Facts, Val};
use super::headers::{Frame, Headers};
use crate::diag::Finding;
use crate::model::workbook::{norm, read_amount, read_code, Grid};

const CODE_HEADERS: [&str; 4] = ["科目编码", "经济分类科目编码", "编码", "经济分类编码"];

/// Reads 经济分类 款 amounts into `facts.economic`.
pub fn read_economic(g: &Grid, value_header: &[String], frame: &mut Frame, facts: &mut Facts) {
    let code_cells: Vec<(u32, u32)> = (0..g.rows().min(15))
        .flat_map(|r| (0..g.cols().min(60)).map(move |c| (r, c)))
        .filter(|&(r, c)| CODE_HEADERS.contains(&norm(&g.text(r, c)).as_str()))
        .collect();
    // Codes down a column when there are any; else codes across the header.
    let found = (!code_cells.is_empty() && rows(g, &code_cells, value_header, frame, facts))
        || wide(g, frame, facts);
    if !found && !super::tables::sheet_says_empty(g) {
        facts.error(
            Finding::error(
                "I004",
                "",
                format!(
                    "工作表“{}”中找不到经济分类科目编码（查找了表头：{}，以及表头中的五位编码）",
                    g.name,
                    CODE_HEADERS.join("、")
                ),
            )
            .at_cell(g.cell(0, 0)),
        );
    }
}

/// Codes down one or more code columns; each amount in the nearest value column right of it.
fn rows(
    g: &Grid,
    code_cells: &[(u32, u32)],
    value_header: &[String],
    frame: &mut Frame,
    facts: &mut Facts,
) -> bool {
    let header_row = code_cells.iter().map(|(r, _)| *r).max().unwrap_or(0);
    let headers = Headers::new(g, 0, header_row + 2);
    let Some(factor) = frame.money_factor(g, facts) else {
        return true;
    };
    let mut classes: BTreeMap<String, Val> = BTreeMap::new();
    let mut any = false;
    for &(_, col) in code_cells {
        let Some(vcol) = headers.nearest_right(col, value_header) else {
            facts.error(
                Finding::error(
                    "I004",
                    "",
                    format!(
                        "工作表“{}”中编码列右侧找不到金额列（查找的表头：{}）",
                        g.name,
                        value_header.join("、")
                    ),
                )
                .at_cell(g.cell(header_row, col)),
            );
            continue;
        };
        for r in header_row + 1..g.rows() {
            let Some(code) = read_code(g.get_merged(r, col), &[3, 5]) else {
                continue;
            };
            if !code.code.starts_with('3') {
                continue;
            }
            any = true;
            note_numeric(g, r, col, &code.code, code.numeric, facts);
            let name = g.text(r, col + 1);
            if !name.is_empty() && !name.chars().all(|c| c.is_ascii_digit()) {
                facts.names.entry(code.code.clone()).or_insert(name);
            }
            put(g, r, vcol, &code.code, factor, &mut classes, facts);
        }
    }
    verify_classes(&classes, facts);
    any
}

/// Codes across the header rows; the amounts in the row labelled 合计.
fn wide(g: &Grid, frame: &mut Frame, facts: &mut Facts) -> bool {
    let mut code_cols: Vec<(u32, u32, String, bool)> = Vec::new();
    for r in 0..g.rows().min(15) {
        for c in 0..g.cols() {
            if let Some(code) = read_code(g.get(r, c), &[3, 5]) {
                if code.code.starts_with('3') && matches!(g.get(r, c), calamine::Data::String(_)) {
                    code_cols.push((r, c, code.code, code.numeric));
                }
            }
        }
    }
    if code_cols.is_empty() {
        code_cols = columns_by_name(g);
    }
    // A 类 header merged over its 款 sits in the first 款's column: each column is the
    // code of its lowest header.
    let mut leaf: BTreeMap<u32, (u32, u32, String, bool)> = BTreeMap::new();
    for x in code_cols {
        leaf.insert(x.1, x);
    }
    let code_cols: Vec<(u32, u32, String, bool)> = leaf.into_values().collect();
    if code_cols.is_empty() {
        return false;
    }
    let top = code_cols.iter().map(|x| x.0).max().unwrap_or(0);
    let Some(total) = (top + 1..g.rows())
        .find(|&r| (0..6).any(|c| matches!(norm(&g.text(r, c)).as_str(), "合计" | "总计")))
    else {
        facts.error(
            Finding::error(
                "I005",
                "",
                format!("工作表“{}”的编码在表头，但找不到“合计”行", g.name),
            )
            .at_cell(g.cell(top, 0)),
        );
        return true;
    };
    let Some(factor) = frame.money_factor(g, facts) else {
        return true;
    };
    let mut classes = BTreeMap::new();
    for (_, c, code, _) in code_cols {
        put(g, total, c, &code, factor, &mut classes, facts);
    }
    verify_classes(&classes, facts);
    true
}

/// Header cells that name a 经济分类 类 or 款 (`基本工资`, `工资福利支出`) without its
/// code: the code from the catalogue, for names that are unique in it.
fn columns_by_name(g: &Grid) -> Vec<(u32, u32, String, bool)> {
    let catalog = crate::catalog::Catalog::builtin();
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in catalog.economic.entries() {
        by_name
            .entry(norm(&e.name))
            .or_default()
            .push(e.code.clone());
    }
    let mut out = Vec::new();
    for r in 0..g.rows().min(15) {
        for c in 0..g.cols() {
            let k = norm(&g.text(r, c));
            if let Some([code]) = by_name.get(&k).map(Vec::as_slice) {
                out.push((r, c, code.clone(), false));
            }
        }
    }
    out
}

/// Reads one amount: 款 into the facts, 类 kept for verification.
fn put(
    g: &Grid,
    r: u32,
    c: u32,
    code: &str,
    factor: Decimal,
    classes: &mut BTreeMap<String, Val>,
    facts: &mut Facts,
) {
    let at = g.cell(r, c);
    match read_amount(g.get(r, c), &at, factor, &mut facts.findings) {
        Ok(v) => {
            let val = Val::cell(v.unwrap_or(Decimal::ZERO), at.clone());
            if code.len() == 3 {
                classes.insert(code.to_string(), val);
            } else if facts.economic.contains_key(code) {
                facts.error(
                    Finding::error("I017", "", format!("经济分类科目 {code} 出现了两次"))
                        .at_cell(at),
                );
            } else {
                facts.economic.insert(code.to_string(), val);
            }
        }
        Err(e) => facts.error(e),
    }
}

fn note_numeric(g: &Grid, r: u32, c: u32, code: &str, numeric: bool, facts: &mut Facts) {
    if numeric {
        facts.findings.push(
            Finding::warning(
                "I009",
                "",
                format!("科目编码 {code} 存成了数字，已按文本“{code}”读取"),
            )
            .at_cell(g.cell(r, c))
            .help("编码列应设为文本格式，以免前导 0 丢失"),
        );
    }
}

/// A 类 row (301…) equals the sum of its 款.
fn verify_classes(classes: &BTreeMap<String, Val>, facts: &mut Facts) {
    for (class, stated) in classes {
        let s: Decimal = facts
            .economic
            .iter()
            .filter(|(k, _)| k.starts_with(class.as_str()))
            .map(|(_, v)| v.v)
            .sum();
        if s != stated.v {
            let mut f = Finding::error(
                "I013",
                "",
                format!("经济分类 {class} 类为 {}，而其下各款之和为 {s}", stated.v),
            );
            if let Some(c) = stated.src.cells().pop() {
                f = f.at_cell(c);
            }
            facts.error(f.help("决算软件的合计与明细不符：请在软件中审核后重新导出"));
        }
    }
}
