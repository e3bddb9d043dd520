//! Tables of 功能分类 rows (类/款/项 codes, a 合计 row, columns by header text): each 项
//! row's values go to the facts; 类, 款 and 合计 rows and total columns are the
//! software's own sums and are re-verified here, cell by cell.

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;

use super::facts::{Facts, Val};
use super::headers::{Frame, Headers};
use super::mapping::{ColumnSpec, Nature, Scope};
use crate::diag::Finding;
use crate::model::workbook::{norm, read_amount, read_code, Grid};

/// The code column: where the header is and whether 类|款|项 are split over three columns.
pub struct CodeColumn {
    pub col: u32,
    pub header_row: u32,
    pub split: bool,
    pub name_col: Option<u32>,
}

/// Finds the code column: by its header text in the first 15 rows (`科目编码`, or
/// `类 | 款 | 项` side by side), else by the data (the column with most 项 codes).
pub fn code_column(g: &Grid, headers: &[String]) -> Option<CodeColumn> {
    let wanted: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    let name_col = |r: u32| {
        (0..g.cols().min(40)).find(|&cc| (r..r + 3).any(|rr| norm(&g.text(rr, cc)) == "科目名称"))
    };
    let key = |r: u32, c: u32| norm(&g.text(r, c));
    for r in 0..g.rows().min(15) {
        for c in 0..g.cols().min(40) {
            let k = key(r, c);
            if k == "类" && key(r, c + 1) == "款" && key(r, c + 2) == "项" {
                return Some(CodeColumn {
                    col: c,
                    header_row: r,
                    split: true,
                    name_col: name_col(r),
                });
            }
            if !wanted.contains(&k) {
                continue;
            }
            let split =
                key(r + 1, c) == "类" && key(r + 1, c + 1) == "款" && key(r + 1, c + 2) == "项";
            return Some(CodeColumn {
                col: c,
                header_row: r,
                split,
                name_col: name_col(r),
            });
        }
    }
    code_column_by_data(g)
}

/// The column holding most 7-digit 功能分类 codes in the first 200 rows.
fn code_column_by_data(g: &Grid) -> Option<CodeColumn> {
    let mut best: Option<(usize, u32, u32)> = None;
    for c in 0..g.cols().min(10) {
        let hits: Vec<u32> = (0..g.rows().min(200))
            .filter(|&r| {
                read_code(g.get_merged(r, c), &[7]).is_some_and(|x| x.code.starts_with('2'))
            })
            .collect();
        if hits.len() >= 2 && best.map(|b| hits.len() > b.0).unwrap_or(true) {
            best = Some((hits.len(), c, hits[0]));
        }
    }
    let (_, col, first) = best?;
    // The header is above the first class/kuan/item row of that column.
    let first_code = (0..first)
        .find(|&r| {
            read_code(g.get_merged(r, col), &[3, 5, 7]).is_some_and(|x| x.code.starts_with('2'))
        })
        .unwrap_or(first);
    Some(CodeColumn {
        col,
        header_row: first_code.saturating_sub(1),
        split: false,
        name_col: None,
    })
}

/// The code of a data row (7, 5 or 3 digits of a 功能分类 code) and whether it was a number.
fn row_code(g: &Grid, r: u32, cc: &CodeColumn) -> Option<(String, bool)> {
    if cc.split {
        let mut code = String::new();
        let mut numeric = false;
        for (i, len) in [3usize, 2, 2].iter().enumerate() {
            if let Some(part) = read_code(g.get(r, cc.col + i as u32), &[*len]) {
                numeric |= part.numeric;
                code.push_str(&part.code);
            }
        }
        return (matches!(code.len(), 3 | 5 | 7) && code.starts_with('2'))
            .then_some((code, numeric));
    }
    let code = read_code(g.get_merged(r, cc.col), &[3, 5, 7])?;
    code.code
        .starts_with('2')
        .then_some((code.code, code.numeric))
}

/// Whether a row is the 合计 row (its first texts say 合计 / 总计).
fn is_total_row(g: &Grid, r: u32, upto: u32) -> bool {
    (0..=upto).any(|c| {
        matches!(
            norm(&g.text(r, c)).as_str(),
            "合计" | "总计" | "本年支出合计"
        )
    })
}

/// One value column.
struct Col<'a> {
    spec: &'a ColumnSpec,
    col: u32,
}

type Rows = Vec<(String, u32, BTreeMap<Nature, Val>)>;
type TotalRow = Option<(u32, BTreeMap<Nature, Val>)>;

/// Reads a functional table into `facts`.
pub fn read_functional(
    g: &Grid,
    id: &str,
    scope: Scope,
    code_header: &[String],
    columns: &[ColumnSpec],
    frame: &mut Frame,
    facts: &mut Facts,
) {
    let Some(cc) = code_column(g, code_header) else {
        if sheet_says_empty(g) {
            facts.shown.entry(scope).or_default();
            return;
        }
        facts.error(
            Finding::error(
                "I004",
                "",
                format!(
                    "工作表“{}”（{id}）中找不到科目编码列（查找了表头：{}）",
                    g.name,
                    code_header.join("、")
                ),
            )
            .at_cell(g.cell(0, 0)),
        );
        return;
    };
    let first_data = (cc.header_row + 1..g.rows())
        .find(|&r| row_code(g, r, &cc).is_some() || is_total_row(g, r, cc.col + 3))
        .unwrap_or(g.rows());
    // Headers over a no-data statement (as the PDF and `build --xlsx` print an empty
    // table): nothing to read, and no column to look for.
    if first_data == g.rows() && sheet_says_empty(g) {
        facts.shown.entry(scope).or_default();
        return;
    }
    let cols = find_columns(g, &cc, first_data, columns, facts);
    let present: Vec<Nature> = cols.iter().map(|c| c.spec.to).collect();
    facts
        .shown
        .entry(scope)
        .or_default()
        .extend(present.iter().copied());
    if cols.is_empty() {
        return;
    }
    let Some(factor) = frame.money_factor(g, facts) else {
        return;
    };
    let (rows, total_row) = read_rows(g, &cc, first_data, &cols, factor, facts);
    verify_rows(g, &rows, &present, facts);
    verify_subtotals(&rows, total_row.as_ref(), &present, facts);
    store(g, &cc, scope, rows, total_row, &cols, facts);
}

/// The value columns of a table, by header text (right of the code column).
fn find_columns<'a>(
    g: &Grid,
    cc: &CodeColumn,
    first_data: u32,
    columns: &'a [ColumnSpec],
    facts: &mut Facts,
) -> Vec<Col<'a>> {
    let headers = Headers::new(g, 0, first_data);
    let mut cols = Vec::new();
    for spec in columns {
        match headers.find_where(&spec.header, |c| c > cc.col) {
            Some((col, _)) => cols.push(Col { spec, col }),
            None if spec.optional => {}
            None => facts.error(
                Finding::error(
                    "I004",
                    "",
                    format!(
                        "工作表“{}”中找不到“{}”列（查找的表头：{}）",
                        g.name,
                        spec.to.word(),
                        spec.header.join(" / ")
                    ),
                )
                .at_cell(g.cell(cc.header_row, cc.col))
                .help("核对表头文字；表头不同的版式可复制映射文件修改后用 --mapping 指定"),
            ),
        }
    }
    cols
}

/// The 类/款/项 rows and the 合计 row, every value read and located.
fn read_rows(
    g: &Grid,
    cc: &CodeColumn,
    first_data: u32,
    cols: &[Col],
    factor: Decimal,
    facts: &mut Facts,
) -> (Rows, TotalRow) {
    let value_cols: Vec<u32> = cols.iter().map(|c| c.col).collect();
    let mut merged_seen = HashSet::new();
    let mut rows: Rows = Vec::new();
    let mut total_row: TotalRow = None;
    for r in first_data..g.rows() {
        let code = row_code(g, r, cc);
        let total = code.is_none() && is_total_row(g, r, cc.col + 3);
        if code.is_none() && !total {
            continue;
        }
        let mut vals = BTreeMap::new();
        for c in cols {
            check_merge(g, r, c.col, &value_cols, &mut merged_seen, facts);
            let at = g.cell(r, c.col);
            match read_amount(g.get(r, c.col), &at, factor, &mut facts.findings) {
                Ok(v) => {
                    let v = v.unwrap_or(Decimal::ZERO);
                    if let Some((code, _)) = &code {
                        if is_code_value(v, code) {
                            facts.error(
                                Finding::error(
                                    "I015",
                                    "",
                                    format!("金额格中是科目编码 {code}，不是金额（列错位？）"),
                                )
                                .at_cell(at.clone()),
                            );
                        }
                    }
                    vals.insert(c.spec.to, Val::cell(v, at));
                }
                Err(e) => facts.error(e),
            }
        }
        match code {
            Some((code, numeric)) => {
                if numeric {
                    facts.findings.push(
                        Finding::warning(
                            "I009",
                            "",
                            format!("科目编码 {code} 存成了数字，已按文本“{code}”读取"),
                        )
                        .at_cell(g.cell(r, cc.col))
                        .help("编码列应设为文本格式，以免前导 0 丢失"),
                    );
                }
                if let Some(nc) = cc.name_col {
                    let name = g.text(r, nc);
                    if !name.is_empty() {
                        facts.names.entry(code.clone()).or_insert(name);
                    }
                }
                rows.push((code, r, vals));
            }
            None => {
                if total_row.is_none() {
                    total_row = Some((r, vals));
                }
            }
        }
    }
    (rows, total_row)
}

/// 项 rows into `facts.lines`; the 合计 row into `declared` and the totals asked for.
fn store(
    g: &Grid,
    cc: &CodeColumn,
    scope: Scope,
    rows: Rows,
    total_row: TotalRow,
    cols: &[Col],
    facts: &mut Facts,
) {
    let mut seen = HashSet::new();
    for (code, r, vals) in rows {
        if code.len() != 7 {
            continue;
        }
        if !seen.insert(code.clone()) {
            facts.error(
                Finding::error("I017", "", format!("科目编码 {code} 在表中出现了两次"))
                    .at_cell(g.cell(r, cc.col)),
            );
            continue;
        }
        facts.lines.insert((scope, code), vals);
    }
    let Some((_, vals)) = total_row else {
        for c in cols {
            if let Some(p) = &c.spec.total_to {
                facts.missing(
                    p,
                    format!(
                        "工作表“{}”没有合计行，{}合计未读到",
                        g.name,
                        c.spec.to.word()
                    ),
                );
            }
        }
        return;
    };
    for c in cols {
        let Some(v) = vals.get(&c.spec.to) else {
            continue;
        };
        if let Some(d) = &c.spec.declared {
            facts.set(&format!("declared.{d}"), v.clone());
        }
        if let Some(p) = &c.spec.total_to {
            facts.set(p, v.clone());
        }
    }
}

/// A table that is not printed because it has no data ("本表无数据").
pub fn sheet_says_empty(g: &Grid) -> bool {
    (0..g.rows().min(30)).any(|r| {
        (0..g.cols().min(20)).any(|c| {
            let k = norm(&g.text(r, c));
            k.contains("无数据") || k.contains("本表为空")
        })
    })
}

/// An amount that is the row's own code: a column shifted by one, or a code typed twice.
fn is_code_value(v: Decimal, code: &str) -> bool {
    code.len() == 7 && v.fract().is_zero() && v.to_string() == code
}

/// A merged region over a value cell of a data row makes the value ambiguous.
fn check_merge(
    g: &Grid,
    r: u32,
    col: u32,
    value_cols: &[u32],
    seen: &mut HashSet<(u32, u32)>,
    facts: &mut Facts,
) {
    let Some(d) = g.merge_at(r, col) else { return };
    if d.start.0 == d.end.0 && d.start.1 == d.end.1 {
        return;
    }
    let covered = value_cols
        .iter()
        .filter(|c| (d.start.1..=d.end.1).contains(c))
        .count();
    let vertical = d.end.0 > d.start.0;
    if (covered >= 2 || vertical) && seen.insert(d.start) {
        let a = g.cell(d.start.0, d.start.1).a1();
        let b = g.cell(d.end.0, d.end.1).a1();
        facts.error(
            Finding::error(
                "I010",
                "",
                format!("单元格 {a}:{b} 合并后横跨金额列，无法确定金额属于哪一列（哪一行）"),
            )
            .at_cell(g.cell(d.start.0, d.start.1))
            .help("取消合并，把金额填在各自的列中后再导入"),
        );
    }
}

fn sum(vals: &BTreeMap<Nature, Val>, parts: &[Nature]) -> Decimal {
    parts.iter().filter_map(|p| vals.get(p)).map(|v| v.v).sum()
}

/// Per row: each total column equals the sum of its parts.
fn verify_rows(g: &Grid, rows: &Rows, present: &[Nature], facts: &mut Facts) {
    for (code, _, vals) in rows {
        for total in [Nature::Total, Nature::Basic] {
            let parts = total.parts(present);
            let Some(t) = vals.get(&total) else { continue };
            if parts.is_empty() {
                continue;
            }
            let s = sum(vals, &parts);
            if s != t.v {
                let words: Vec<&str> = parts.iter().map(|p| p.word()).collect();
                let mut f = Finding::error(
                    "I013",
                    "",
                    format!(
                        "科目 {code} 的{}为 {}，而{}之和为 {s}",
                        total.word(),
                        t.v,
                        words.join("、")
                    ),
                );
                if let Some(c) = t.src.cells().pop() {
                    f = f.at_cell(c);
                }
                facts.error(f.help(format!("工作表“{}”中这一行的合计与各列不符", g.name)));
            }
        }
    }
}

/// 类 and 款 rows equal the sum of their 项 rows; the 合计 row equals the sum of all 项.
fn verify_subtotals(
    rows: &Rows,
    total: Option<&(u32, BTreeMap<Nature, Val>)>,
    present: &[Nature],
    facts: &mut Facts,
) {
    let items: Vec<&(String, u32, BTreeMap<Nature, Val>)> =
        rows.iter().filter(|(c, _, _)| c.len() == 7).collect();
    let mut checks: Vec<(String, &BTreeMap<Nature, Val>)> = rows
        .iter()
        .filter(|(c, _, _)| c.len() < 7)
        .map(|(c, _, v)| (c.clone(), v))
        .collect();
    if let Some((_, v)) = total {
        checks.push((String::new(), v));
    }
    for (prefix, vals) in checks {
        for n in present {
            let Some(stated) = vals.get(n) else { continue };
            let s: Decimal = items
                .iter()
                .filter(|(c, _, _)| c.starts_with(&prefix))
                .filter_map(|(_, _, v)| v.get(n))
                .map(|v| v.v)
                .sum();
            if s != stated.v {
                let what = if prefix.is_empty() {
                    "合计行".to_string()
                } else {
                    format!("科目 {prefix} 行")
                };
                let mut f = Finding::error(
                    "I013",
                    "",
                    format!(
                        "{what}的{}为 {}，而其下各项级科目之和为 {s}",
                        n.word(),
                        stated.v
                    ),
                );
                if let Some(c) = stated.src.cells().pop() {
                    f = f.at_cell(c);
                }
                facts.error(f.help("决算软件的合计与明细不符：请在软件中审核后重新导出"));
            }
        }
    }
}
