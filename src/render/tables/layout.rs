//! Laying out one table: header rows from column header paths, the 栏次 row, body rows
//! per layout (grid, two-sided, panels), and the rounding checks over displayed values.
//!
//! Every amount comes from `compute::tables` (`ctx.sources`, `ctx.scalars`). What stays
//! here is presentation: 行次 (line numbers that depend on the set's rows, filler rows
//! and `line_numbers` scheme, not figures), the zero policy (`Ctx::money`), and the
//! rounding note, which compares *displayed* values in the table unit (元 or 万元) and
//! so belongs with the formatting, not with the exact figures.

use rust_decimal::Decimal;

use super::spec::{length_pt, ColumnSpec, LineNumbers, LineSpec, SideSpec, SourceKind, TableSpec};
use super::{CellView, ColumnView, Ctx};
use crate::compute::tables::{RowKind, SrcRow};

/// Each column's alignment, from the last row without spans.
pub(super) fn column_aligns(rows: &[Vec<CellView>], columns: usize) -> Vec<&'static str> {
    let mut aligns = vec!["left"; columns];
    if let Some(full) = rows
        .iter()
        .rev()
        .find(|r| r.len() == columns && r.iter().all(|c| c.colspan == 1 && c.rowspan == 1))
    {
        for (a, c) in aligns.iter_mut().zip(full) {
            *a = c.align;
        }
    }
    aligns
}

/// A laid-out table body.
pub(super) struct Body {
    /// Per column: wraps (names) and least width; the alignment is filled in later.
    pub(super) columns: Vec<ColumnView>,
    pub(super) header: Vec<Vec<CellView>>,
    pub(super) rows: Vec<Vec<CellView>>,
    pub(super) all_zero: bool,
    pub(super) rounding: bool,
}

/// 1 → 一, 13 → 十三.
pub fn numeral(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// A column as the typesetting sees it: names wrap; a `width` length is its least width.
fn column_of(c: &ColumnSpec) -> ColumnView {
    ColumnView {
        align: "left",
        wrap: matches!(c.field.as_str(), "name" | "label"),
        min_width: c.width.as_deref().and_then(length_pt),
    }
}

/// Header rows of `columns` (paths merged) plus the 栏次 row numbering value columns
/// from `first_number`.
fn header_rows(
    columns: &[&ColumnSpec],
    first_number: &mut usize,
) -> (Vec<Vec<CellView>>, Vec<CellView>) {
    let depth = columns
        .iter()
        .map(|c| c.header.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut rows = Vec::new();
    for level in 0..depth {
        let mut row = Vec::new();
        let mut i = 0;
        while i < columns.len() {
            let c = columns[i];
            if c.header.len() <= level {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < columns.len()
                && columns[j].header.len() > level
                && columns[j].header[..=level] == c.header[..=level]
                && !(c.header.len() == level + 1 || columns[j].header.len() == level + 1)
            {
                j += 1;
            }
            let rowspan = if c.header.len() == level + 1 {
                depth - level
            } else {
                1
            };
            let mut cell = CellView::new(c.header[level].clone(), "center").span(j - i, rowspan);
            cell.strong = true;
            row.push(cell);
            i = j;
        }
        rows.push(row);
    }
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < columns.len() {
        if columns[i].is_stub() {
            let mut j = i;
            while j < columns.len() && columns[j].is_stub() {
                j += 1;
            }
            numbers.push(CellView::new("栏次", "center").span(j - i, 1));
            i = j;
        } else {
            numbers.push(CellView::new(first_number.to_string(), "center"));
            *first_number += 1;
            i += 1;
        }
    }
    (rows, numbers)
}

fn stub_text(field: &str, r: &SrcRow) -> String {
    let cut = |n: usize| {
        if r.code.len() >= n {
            r.code[n - 2.min(n)..n].to_string()
        } else {
            String::new()
        }
    };
    match field {
        "code" => r.code.clone(),
        "name" | "label" => r.name.clone(),
        "class_code" => r.code.get(..3).unwrap_or("").to_string(),
        "kuan_code" => {
            if r.code.len() >= 5 {
                cut(5)
            } else {
                String::new()
            }
        }
        "xiang_code" => {
            if r.code.len() >= 7 {
                cut(7)
            } else {
                String::new()
            }
        }
        _ => String::new(),
    }
}

/// Rounding in a grid table: the hierarchy (合计 = Σ 类 (+ items); 类 = Σ 款; 款 = Σ 项)
/// and the column sums the spec declares, over displayed values.
fn grid_rounding(ctx: &Ctx, rows: &[SrcRow], values: &[&ColumnSpec]) -> bool {
    let value = |r: &SrcRow, f: &str| r.get(f);
    let mut rounding = false;
    for c in values {
        for (i, r) in rows.iter().enumerate() {
            let Some(total) = value(r, &c.field) else {
                continue;
            };
            let children: Vec<Decimal> = match r.kind {
                RowKind::Total => rows
                    .iter()
                    .filter(|x| matches!(x.kind, RowKind::Level(0) | RowKind::Item))
                    .filter_map(|x| value(x, &c.field))
                    .collect(),
                RowKind::Level(d) => rows[i + 1..]
                    .iter()
                    .take_while(|x| {
                        matches!(x.kind, RowKind::Level(e) if e > d) && x.code.starts_with(&r.code)
                    })
                    .filter(|x| x.kind == RowKind::Level(d + 1))
                    .filter_map(|x| value(x, &c.field))
                    .collect(),
                RowKind::Item => Vec::new(),
            };
            if !children.is_empty() && ctx.mismatch(total, children) {
                rounding = true;
            }
        }
        if !c.parts.is_empty() {
            for r in rows {
                if let Some(total) = value(r, &c.field) {
                    if ctx.mismatch(
                        total,
                        c.parts.iter().map(|p| value(r, p).unwrap_or_default()),
                    ) {
                        rounding = true;
                    }
                }
            }
        }
    }
    rounding
}

pub(super) fn grid(ctx: &Ctx, spec: &TableSpec) -> Body {
    let rows: Vec<SrcRow> = match spec.source.unwrap_or(SourceKind::Functional) {
        SourceKind::Functional => ctx.sources.functional(spec.funds).to_vec(),
        SourceKind::Economic => ctx.sources.economic.clone(),
        SourceKind::ThreePublic => ctx.sources.three_public(spec.funds).to_vec(),
    };
    let total_label = spec.total_label.clone().unwrap_or_else(|| "合计".into());
    let rows: Vec<SrcRow> = rows
        .into_iter()
        .filter(|r| r.kind != RowKind::Total || !total_label.is_empty())
        .collect();
    let value = |r: &SrcRow, f: &str| r.get(f);
    let columns: Vec<&ColumnSpec> = spec
        .columns
        .iter()
        .filter(|c| {
            c.is_stub()
                || !c.hide_if_zero
                || rows
                    .iter()
                    .any(|r| !value(r, &c.field).unwrap_or_default().is_zero())
        })
        .collect();
    let values: Vec<&ColumnSpec> = columns.iter().copied().filter(|c| !c.is_stub()).collect();
    let shows = |r: &SrcRow| {
        values
            .iter()
            .any(|c| !value(r, &c.field).unwrap_or_default().is_zero())
    };
    let all_zero = !rows.iter().any(shows);

    let rounding = grid_rounding(ctx, &rows, &values);

    let mut n = 1;
    let (mut header, numbers) = header_rows(&columns, &mut n);
    header.push(numbers);
    let stub_count = columns.iter().take_while(|c| c.is_stub()).count();
    let mut body = Vec::new();
    for r in rows.iter().filter(|r| r.kind == RowKind::Total || shows(r)) {
        let mut cells = Vec::new();
        let is_total = r.kind == RowKind::Total;
        let mut i = 0;
        while i < columns.len() {
            let c = columns[i];
            if is_total && i == 0 && stub_count > 0 {
                let mut cell = CellView::new(total_label.clone(), "center").span(stub_count, 1);
                cell.strong = true;
                cells.push(cell);
                i = stub_count;
                continue;
            }
            let cell = if c.is_stub() {
                let mut cell = CellView::new(stub_text(&c.field, r), "left");
                if matches!(c.field.as_str(), "name" | "label") {
                    if let RowKind::Level(d) = r.kind {
                        cell.indent = d as u32;
                    }
                }
                cell.strong =
                    r.kind == RowKind::Level(0) && r.kind != RowKind::Item && rows.len() > 2;
                cell
            } else {
                let mut cell = ctx.amount(value(r, &c.field));
                cell.strong = is_total;
                cell
            };
            cells.push(cell);
            i += 1;
        }
        body.push(cells);
    }
    Body {
        columns: columns.iter().map(|c| column_of(c)).collect(),
        header,
        rows: body,
        all_zero,
        rounding,
    }
}

/// The rows of one side: the 功能分类 类 (checking their sum against the side's totals)
/// or the explicit rows.
fn side_rows(ctx: &Ctx, side: &SideSpec, rounding: &mut bool) -> Vec<SideRow> {
    let classes = &ctx.sources.classes;
    let value_cols: Vec<&ColumnSpec> = side.columns.iter().filter(|c| !c.is_stub()).collect();
    if side.classes {
        for (k, c) in value_cols.iter().enumerate() {
            if let Some(t) = side.classes_total.get(k).and_then(|t| ctx.scalar(t)) {
                if ctx.mismatch(t, classes.iter().filter_map(|r| r.get(&c.field))) {
                    *rounding = true;
                }
            }
        }
        classes
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    format!("{}、{}", numeral(i as u32 + 1), r.name),
                    value_cols.iter().map(|c| r.get(&c.field)).collect(),
                    false,
                    0,
                )
            })
            .collect()
    } else {
        side.rows.iter().map(|l| line_row(ctx, l)).collect()
    }
}

pub(super) fn two_sided(ctx: &Ctx, spec: &TableSpec) -> Body {
    let (Some(left), Some(right)) = (&spec.left, &spec.right) else {
        return Body {
            columns: vec![ColumnView {
                align: "left",
                wrap: true,
                min_width: None,
            }],
            header: Vec::new(),
            rows: vec![vec![CellView::new("（附表配置缺少 left / right）", "left")]],
            all_zero: false,
            rounding: false,
        };
    };
    let mut rounding = false;
    let mut lrows = side_rows(ctx, left, &mut rounding);
    let mut rrows = side_rows(ctx, right, &mut rounding);
    let body_len = lrows.len().max(rrows.len());
    lrows.resize(body_len, (String::new(), Vec::new(), false, 0));
    rrows.resize(body_len, (String::new(), Vec::new(), false, 0));
    for b in &spec.bottom {
        lrows.push(line_row(ctx, &b.left));
        rrows.push(line_row(ctx, &b.right));
    }
    let all_zero = lrows
        .iter()
        .chain(&rrows)
        .all(|r| r.1.iter().all(|v| v.unwrap_or_default().is_zero()));

    let columns: Vec<&ColumnSpec> = left.columns.iter().chain(&right.columns).collect();
    let mut n = 1;
    let (mut header, numbers) = header_rows(&columns, &mut n);
    header.push(numbers);
    let numbers = line_numbers(ctx.line_numbers, &lrows, &rrows, body_len);
    let body = lrows
        .iter()
        .zip(&rrows)
        .enumerate()
        .map(|(i, (lr, rr))| {
            let mut cells = side_cells(ctx, left, lr, numbers[i][0]);
            cells.extend(side_cells(ctx, right, rr, numbers[i][1]));
            cells
        })
        .collect();
    Body {
        columns: columns.iter().map(|c| column_of(c)).collect(),
        header,
        rows: body,
        all_zero,
        rounding,
    }
}

/// A row of one side of a two-sided table: label, one value per amount column, total
/// (bold, centred), indent.
type SideRow = (String, Vec<Option<Decimal>>, bool, u32);

/// An explicit row: its label and whole-unit figures.
fn line_row(ctx: &Ctx, l: &LineSpec) -> SideRow {
    (
        l.label.clone(),
        l.fields.iter().map(|f| ctx.scalar(f)).collect(),
        l.total,
        l.indent,
    )
}

/// The cells of one side of a row; a filler row (no label) is blank but for its 行次.
fn side_cells(ctx: &Ctx, side: &SideSpec, r: &SideRow, number: Option<usize>) -> Vec<CellView> {
    let blank = r.0.is_empty();
    let mut k = 0;
    side.columns
        .iter()
        .map(|c| match c.field.as_str() {
            "label" | "name" => {
                let mut cell = CellView::new(r.0.clone(), if r.2 { "center" } else { "left" });
                cell.indent = r.3;
                cell.strong = r.2;
                cell
            }
            "line" => CellView::new(number.map(|n| n.to_string()).unwrap_or_default(), "center"),
            _ => {
                let v = r.1.get(k).copied().flatten();
                k += 1;
                let mut cell = if blank {
                    CellView::new("", "right")
                } else {
                    ctx.amount(v)
                };
                cell.strong = r.2;
                cell
            }
        })
        .collect()
}

/// 行次 of each row of a two-sided table, per side. `Continuous` follows the official
/// form: the left side numbers all its body rows (filler rows too) and then its labelled
/// bottom rows; the right side continues from there the same way. `Restart` numbers each
/// side's labelled rows from 1.
fn line_numbers(
    scheme: LineNumbers,
    left: &[SideRow],
    right: &[SideRow],
    body_len: usize,
) -> Vec<[Option<usize>; 2]> {
    let mut out = vec![[None, None]; left.len()];
    let mut n = 0;
    for (side, rows) in [left, right].into_iter().enumerate() {
        if scheme == LineNumbers::Restart {
            n = 0;
        }
        for (i, r) in rows.iter().enumerate() {
            let numbered = match scheme {
                LineNumbers::Continuous => i < body_len || !r.0.is_empty(),
                LineNumbers::Restart => !r.0.is_empty(),
            };
            if numbered {
                n += 1;
                out[i][side] = Some(n);
            }
        }
    }
    out
}

pub(super) fn panels(ctx: &Ctx, spec: &TableSpec) -> Body {
    let cols = if spec.panel_columns.len() == 3 {
        spec.panel_columns.clone()
    } else {
        vec!["科目编码".into(), "科目名称".into(), "决算数".into()]
    };
    let lists: Vec<Vec<SrcRow>> = spec
        .panels
        .iter()
        .map(|p| ctx.sources.basic_economic(&p.groups, spec.all_items))
        .collect();
    let mut rounding = false;
    for list in &lists {
        for (i, r) in list.iter().enumerate() {
            if r.kind == RowKind::Level(0) {
                let kids = list[i + 1..]
                    .iter()
                    .take_while(|x| x.kind == RowKind::Level(1))
                    .filter_map(|x| x.get("amount"));
                if ctx.mismatch(r.get("amount").unwrap_or_default(), kids) {
                    rounding = true;
                }
            }
        }
    }
    let all_zero = lists
        .iter()
        .flatten()
        .all(|r| r.get("amount").unwrap_or_default().is_zero());
    let mut header: Vec<Vec<CellView>> = vec![Vec::new(), Vec::new()];
    for p in &spec.panels {
        // Neighbouring panels under one heading (公用经费) share one spanning cell.
        match header[0].last_mut() {
            Some(h) if h.text == p.header => h.colspan += 3,
            _ => {
                let mut h = CellView::new(p.header.clone(), "center").span(3, 1);
                h.strong = true;
                header[0].push(h);
            }
        }
        for c in &cols {
            let mut h = CellView::new(c.clone(), "center");
            h.strong = true;
            header[1].push(h);
        }
    }
    let rows_n = lists.iter().map(Vec::len).max().unwrap_or(0);
    let mut body = Vec::new();
    for i in 0..rows_n {
        let mut cells = Vec::new();
        for list in &lists {
            match list.get(i) {
                Some(r) => {
                    let top = r.kind == RowKind::Level(0);
                    let mut code = CellView::new(r.code.clone(), "left");
                    code.strong = top;
                    let mut name = CellView::new(r.name.clone(), "left");
                    name.indent = if top { 0 } else { 1 };
                    name.strong = top;
                    let mut amount = ctx.amount(r.get("amount"));
                    amount.strong = top;
                    cells.extend([code, name, amount]);
                }
                None => cells.extend(["left", "left", "right"].map(|a| CellView::new("", a))),
            }
        }
        body.push(cells);
    }
    if !spec.footer.is_empty() {
        let cells = spec
            .footer
            .iter()
            .map(|f| {
                let mut c = match (&f.field, &f.text) {
                    (Some(field), _) => ctx.amount(ctx.scalar(field)),
                    (None, Some(t)) => CellView::new(t.clone(), "center"),
                    _ => CellView::new("", "center"),
                };
                c.colspan = f.span.max(1);
                c.strong = true;
                c
            })
            .collect();
        body.push(cells);
    }
    let mut columns = Vec::new();
    for _ in &spec.panels {
        for wrap in [false, true, false] {
            columns.push(ColumnView {
                align: "left",
                wrap,
                min_width: None,
            });
        }
    }
    Body {
        columns,
        header,
        rows: body,
        all_zero,
        rounding,
    }
}
