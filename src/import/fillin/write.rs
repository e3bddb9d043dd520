//! Writes the fill-in workbook (rust_xlsxwriter), pre-filled from a data model (the
//! `init` template gives a blank one).

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Note, Workbook, Worksheet,
    XlsxError,
};
use serde_json::Value;

use super::{Column, Kind, KvSheet, ECONOMIC, ECONOMIC_COLUMNS, EXPENDITURE, EXPENDITURE_COLUMNS};
use super::{KV_SHEETS, MARKER, PROJECTS, PROJECT_COLUMNS};
use crate::catalog::Catalog;
use crate::model::ReportData;

/// Rows with drop-downs and text formats in table sheets.
const TABLE_ROWS: u32 = 500;

struct Formats {
    header: Format,
    text: Format,
    money: Format,
    count: Format,
    wrap: Format,
    path: Format,
}

/// The fill-in workbook for `data`, as .xlsx bytes (deterministic: fixed dates).
pub fn write(data: &ReportData) -> Result<Vec<u8>, XlsxError> {
    let json = serde_json::to_value(data).unwrap_or_default();
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("juesuan 填报工作簿")
            .set_creation_datetime(&date),
    );
    let fm = Formats {
        header: Format::new()
            .set_bold()
            .set_background_color("#DDEBF7")
            .set_border(FormatBorder::Thin),
        text: Format::new().set_num_format("@"),
        money: Format::new().set_num_format("#,##0.00"),
        count: Format::new().set_num_format("0"),
        wrap: Format::new().set_text_wrap().set_num_format("@"),
        path: Format::new().set_font_color("#808080"),
    };
    instructions(wb.add_worksheet())?;
    for s in KV_SHEETS {
        kv_sheet(wb.add_worksheet(), s, &json, &fm)?;
    }
    let lines: Vec<Vec<Value>> = array(&json, "expenditure")
        .iter()
        .map(|e| {
            EXPENDITURE_COLUMNS
                .iter()
                .map(|c| e[c.key].clone())
                .collect()
        })
        .collect();
    table_sheet(
        wb.add_worksheet(),
        EXPENDITURE,
        EXPENDITURE_COLUMNS,
        &lines,
        &fm,
    )?;
    let catalog = Catalog::builtin();
    let econ: Vec<Vec<Value>> = catalog
        .economic
        .entries()
        .iter()
        .filter(|e| e.code.len() == 5)
        .map(|e| {
            let amount = json["basic_economic"][&e.code].clone();
            vec![
                Value::from(e.code.clone()),
                Value::from(e.name.clone()),
                amount,
            ]
        })
        .collect();
    table_sheet(wb.add_worksheet(), ECONOMIC, ECONOMIC_COLUMNS, &econ, &fm)?;
    let projects: Vec<Vec<Value>> = array(&json, "projects")
        .iter()
        .map(|p| PROJECT_COLUMNS.iter().map(|c| p[c.key].clone()).collect())
        .collect();
    table_sheet(
        wb.add_worksheet(),
        PROJECTS,
        PROJECT_COLUMNS,
        &projects,
        &fm,
    )?;
    wb.save_to_buffer()
}

fn array<'a>(json: &'a Value, key: &str) -> &'a [Value] {
    json[key].as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn instructions(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name("说明")?;
    ws.set_column_width(0, 100)?;
    let lines = [
        MARKER,
        "每个工作表是数据文件的一部分：单位、收入与结转、三公经费、其他事项、上年数、报表合计数、文字、支出明细、基本支出经济分类、项目。",
        "金额一律以“元”为单位，最多两位小数；没有的留空或填 0。合计数由程序计算，不必填写；“报表合计数”中抄录的决算报表合计数会被核对。",
        "科目编码按文本填写（单元格已设为文本格式），如 2013350；资金来源、类型等从下拉列表选择。每一列的标题上有批注说明。",
        "填好后运行：juesuan import 本工作簿.xlsx -o 数据.yaml，再 juesuan check 数据.yaml、juesuan build 数据.yaml。",
        "请勿修改各表第一行的标题和“字段”列：程序按它们读取。",
    ];
    for (i, l) in lines.iter().enumerate() {
        ws.write_string(i as u32, 0, *l)?;
    }
    Ok(())
}

/// A sheet of fields: 项目 | 填写 | 字段.
fn kv_sheet(ws: &mut Worksheet, s: &KvSheet, json: &Value, fm: &Formats) -> Result<(), XlsxError> {
    ws.set_name(s.name)?;
    for (c, (h, note, width)) in [
        ("项目", "要填写的内容", 40.0),
        ("填写", "在这一列填写；金额以元为单位", 50.0),
        ("字段", "数据文件中的字段名（程序按此读取，请勿修改）", 42.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &fm.header)?;
        ws.insert_note(0, c as u16, &Note::new(*note).set_author("juesuan"))?;
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, f) in s.fields.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, f.label)?;
        ws.write_string_with_format(r, 2, f.path, &fm.path)?;
        let v = get(json, f.path);
        write_value(ws, r, 1, v, f.kind, fm)?;
        if let Kind::Enum(words) = f.kind {
            ws.add_data_validation(
                r,
                1,
                r,
                1,
                &DataValidation::new().allow_list_strings(words)?,
            )?;
        }
    }
    Ok(())
}

/// A sheet with one row per item under a header row.
fn table_sheet(
    ws: &mut Worksheet,
    name: &str,
    cols: &[Column],
    rows: &[Vec<Value>],
    fm: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    ws.set_freeze_panes(1, 0)?;
    for (c, col) in cols.iter().enumerate() {
        let c16 = c as u16;
        ws.write_string_with_format(0, c16, col.header, &fm.header)?;
        ws.insert_note(0, c16, &Note::new(col.note).set_author("juesuan"))?;
        let width = match col.kind {
            Kind::LongText => 40.0,
            Kind::Money => 16.0,
            _ if col.key == "name" => 30.0,
            _ => 14.0,
        };
        ws.set_column_width(c16, width)?;
        if let Kind::Enum(words) = col.kind {
            ws.add_data_validation(
                1,
                c16,
                TABLE_ROWS,
                c16,
                &DataValidation::new().allow_list_strings(words)?,
            )?;
        }
        if col.kind == Kind::Text && col.key == "code" {
            // Codes stay text even when typed into an empty row.
            for r in rows.len() as u32 + 1..=TABLE_ROWS.min(rows.len() as u32 + 50) {
                ws.write_blank(r, c16, &fm.text)?;
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, (col, v)) in cols.iter().zip(row).enumerate() {
            write_value(ws, r, c as u16, v, col.kind, fm)?;
        }
    }
    Ok(())
}

fn write_value(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: &Value,
    kind: Kind,
    fm: &Formats,
) -> Result<(), XlsxError> {
    match (kind, v) {
        (Kind::Money, Value::String(s)) => match s.parse::<f64>() {
            // Excel stores numbers as doubles; a 元 amount with two decimals round-trips
            // through its shortest representation, which is how the reader takes it.
            Ok(f) if f != 0.0 => ws.write_number_with_format(r, c, f, &fm.money).map(|_| ()),
            _ => ws.write_blank(r, c, &fm.money).map(|_| ()),
        },
        (Kind::Money, _) => ws.write_blank(r, c, &fm.money).map(|_| ()),
        (Kind::Count, Value::Number(n)) => ws
            .write_number_with_format(r, c, n.as_f64().unwrap_or(0.0), &fm.count)
            .map(|_| ()),
        (Kind::Decimal, Value::String(s)) => match s.parse::<f64>() {
            Ok(f) => ws.write_number(r, c, f).map(|_| ()),
            Err(_) => Ok(()),
        },
        (Kind::Lines, Value::Array(items)) => {
            let text: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            ws.write_string_with_format(r, c, text.join("\n"), &fm.wrap)
                .map(|_| ())
        }
        (Kind::Enum(_), Value::Bool(b)) => ws
            .write_string(r, c, if *b { "是" } else { "否" })
            .map(|_| ()),
        (Kind::Enum(_), Value::Null) if c > 0 => Ok(()),
        (_, Value::String(s)) => ws.write_string_with_format(r, c, s, &fm.wrap).map(|_| ()),
        (_, Value::Number(n)) => ws.write_number(r, c, n.as_f64().unwrap_or(0.0)).map(|_| ()),
        (Kind::Text, _) | (Kind::LongText, _) => ws.write_blank(r, c, &fm.text).map(|_| ()),
        _ => Ok(()),
    }
}

/// The value at a dotted path of a JSON tree (`Null` when absent).
pub fn get<'a>(json: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(json, |v, k| &v[k])
}
