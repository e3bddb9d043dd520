//! `build --xlsx`: the 附表 as one workbook, one sheet per table, laid out as the PDF
//! prints them. It writes the `TablesView` the PDF's template lays out (headers with
//! their spans, the 栏次 row, rows with indentation, the zero policy already applied):
//! amounts are the values the cells show, as numbers ("#,##0.00"), every other cell is
//! text (codes keep their leading digits). Nothing is computed here.
//!
//! Deterministic: the workbook's creation date is the report's document date, so the same
//! data gives the same bytes.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{CellView, TableView, TablesView};

/// Excel's limit on a sheet name (characters).
const SHEET_NAME_MAX: usize = 31;

/// Rows above the header: form, title, unit and money unit.
const TOP_ROWS: u32 = 3;

struct Formats {
    title: Format,
    form: Format,
    plain: Format,
    note: Format,
    empty: Format,
}

/// The workbook of `tables`, dated `date` (year, month, day).
pub fn workbook(tables: &TablesView, date: (i32, u32, u32)) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let (y, m, d) = date;
    let when = ExcelDateTime::from_ymd(
        u16::try_from(y).unwrap_or(2000),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )?;
    let title = tables
        .items
        .first()
        .map(|t| format!("{} 附表", t.unit_line))
        .unwrap_or_default();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author("juesuan")
            .set_creation_datetime(&when),
    );
    let fm = Formats {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        form: Format::new().set_align(FormatAlign::Right),
        plain: Format::new(),
        note: Format::new().set_text_wrap(),
        empty: Format::new()
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter),
    };
    let mut names: Vec<String> = Vec::new();
    for t in &tables.items {
        let name = sheet_name(t, &names);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        names.push(name);
        table_sheet(ws, t, &fm)?;
    }
    wb.save_to_buffer()
}

/// `公开01表 收入支出决算总表`, cut to Excel's 31 characters, without the characters
/// Excel refuses, unique within the workbook.
fn sheet_name(t: &TableView, taken: &[String]) -> String {
    let clean: String = format!("{} {}", t.form, t.title)
        .trim()
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c => c,
        })
        .collect();
    let mut name: String = clean.chars().take(SHEET_NAME_MAX).collect();
    let mut n = 2;
    while taken.iter().any(|x| x == &name) || name.is_empty() {
        let suffix = format!("({n})");
        let keep = SHEET_NAME_MAX - suffix.chars().count();
        name = clean.chars().take(keep).collect::<String>() + &suffix;
        n += 1;
    }
    name
}

/// Places rows of cells with spans on a grid (a cell under an earlier row's rowspan
/// moves right, as in the PDF's table): (row, column, cell).
fn place(rows: &[Vec<CellView>]) -> (Vec<(u32, u16, &CellView)>, u16) {
    let mut taken: Vec<Vec<bool>> = vec![Vec::new(); rows.len()];
    let mut out = Vec::new();
    let mut width = 0usize;
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0usize;
        for cell in row {
            while taken[r].get(c).copied().unwrap_or(false) {
                c += 1;
            }
            for line in taken.iter_mut().skip(r).take(cell.rowspan.max(1)) {
                if line.len() < c + cell.colspan.max(1) {
                    line.resize(c + cell.colspan.max(1), false);
                }
                for x in &mut line[c..c + cell.colspan.max(1)] {
                    *x = true;
                }
            }
            out.push((r as u32, c as u16, cell));
            c += cell.colspan.max(1);
            width = width.max(c);
        }
    }
    (out, width as u16)
}

/// The format of one table cell: border, alignment, bold, indentation, number format.
fn cell_format(cell: &CellView, header: bool) -> Format {
    let mut f = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    f = match cell.align {
        "center" => f.set_align(FormatAlign::Center),
        "right" => f.set_align(FormatAlign::Right),
        _ => f.set_align(FormatAlign::Left),
    };
    if cell.strong || header {
        f = f.set_bold();
    }
    if cell.indent > 0 {
        f = f.set_indent(u8::try_from(cell.indent).unwrap_or(u8::MAX));
    }
    if cell.value.is_some() {
        f = f.set_num_format("#,##0.00");
    } else {
        f = f.set_num_format("@");
    }
    f
}

/// Writes placed cells from row `top`, merging spans.
fn write_cells(
    ws: &mut Worksheet,
    top: u32,
    placed: &[(u32, u16, &CellView)],
    header: bool,
) -> Result<(), XlsxError> {
    for &(r, c, cell) in placed {
        let f = cell_format(cell, header);
        // A header's `/` marks where the PDF may break it; Excel wraps by itself.
        let text = if header {
            cell.text.replace('/', "")
        } else {
            cell.text.clone()
        };
        let (r, last_r) = (top + r, top + r + cell.rowspan.max(1) as u32 - 1);
        let last_c = c + cell.colspan.max(1) as u16 - 1;
        if last_r > r || last_c > c {
            ws.merge_range(r, c, last_r, last_c, &text, &f)?;
        }
        match cell.value.and_then(|v| v.to_f64()) {
            // Excel stores doubles; the shown amount has two decimals.
            Some(v) => ws.write_number_with_format(r, c, v, &f)?,
            None if text.is_empty() => ws.write_blank(r, c, &f)?,
            None => ws.write_string_with_format(r, c, &text, &f)?,
        };
    }
    Ok(())
}

/// One table: form, title, unit line, header, rows, notes; print setup.
fn table_sheet(ws: &mut Worksheet, t: &TableView, fm: &Formats) -> Result<(), XlsxError> {
    let (head, head_width) = place(&t.header);
    let (body, body_width) = place(&t.rows);
    let width = head_width.max(body_width).max(2);
    let last = width - 1;
    ws.write_string_with_format(0, last, &t.form, &fm.form)?;
    ws.merge_range(1, 0, 1, last, &t.title, &fm.title)?;
    ws.set_row_height(1, 30)?;
    ws.write_string_with_format(2, 0, &t.unit_line, &fm.plain)?;
    ws.write_string_with_format(2, last, &t.money_unit, &fm.form)?;
    let header_rows = t.header.len() as u32;
    write_cells(ws, TOP_ROWS, &head, true)?;
    let mut r = TOP_ROWS + header_rows;
    if t.empty {
        // A table without data: its statement in the frame, as in the PDF.
        ws.merge_range(r, 0, r, last, &t.empty_statement, &fm.empty)?;
        ws.set_row_height(r, 30)?;
        r += 1;
    } else {
        write_cells(ws, r, &body, false)?;
        r += t.rows.len() as u32;
    }
    for note in [
        t.footnote.as_str(),
        if t.rounding_note && !t.empty {
            t.rounding_note_text.as_str()
        } else {
            ""
        },
    ] {
        if !note.is_empty() {
            ws.merge_range(r, 0, r, last, note, &fm.note)?;
            ws.set_row_height(r, 30)?;
            r += 1;
        }
    }
    for (c, w) in column_widths(t, width).into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_paper_size(9); // A4
    if t.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    if header_rows > 0 {
        ws.set_repeat_rows(TOP_ROWS, TOP_ROWS + header_rows - 1)?;
    }
    // `&` starts a code in Excel's header text: a literal one is doubled.
    let esc = |s: &str| s.replace('&', "&&");
    ws.set_header(format!("&L{}&R{}", esc(&t.unit_line), esc(&t.form)));
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_freeze_panes(TOP_ROWS + header_rows, 0)?;
    Ok(())
}

/// Column widths (characters) from the PDF's columns: names wide, amounts to hold
/// "99,999,999.99" in bold, codes and 行次 narrow.
fn column_widths(t: &TableView, width: u16) -> Vec<f64> {
    (0..usize::from(width))
        .map(|i| match t.columns.get(i) {
            Some(c) if c.wrap => 32.0,
            Some(c) if c.align == "right" => 16.0,
            Some(_) => 10.0,
            None => 16.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, colspan: usize, rowspan: usize) -> CellView {
        CellView::new(text, "center").span(colspan, rowspan)
    }

    #[test]
    fn cells_under_a_rowspan_move_right() {
        // | 项目 (2 rows) | 本年支出 (3 cols)        |
        // |               | 合计 | 基本支出 | 项目支出 |
        let rows = vec![
            vec![cell("项目", 1, 2), cell("本年支出", 3, 1)],
            vec![
                cell("合计", 1, 1),
                cell("基本支出", 1, 1),
                cell("项目支出", 1, 1),
            ],
        ];
        let (placed, width) = place(&rows);
        let at: Vec<(u32, u16, &str)> = placed
            .iter()
            .map(|(r, c, x)| (*r, *c, x.text.as_str()))
            .collect();
        assert_eq!(width, 4);
        assert_eq!(
            at,
            [
                (0, 0, "项目"),
                (0, 1, "本年支出"),
                (1, 1, "合计"),
                (1, 2, "基本支出"),
                (1, 3, "项目支出")
            ]
        );
    }
}
