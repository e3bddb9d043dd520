//! Writes the fill-in workbook (rust_xlsxwriter), pre-filled from a data model (the
//! `init` template gives a blank one), in the layout of `model::fillin::layout`.

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Note, Workbook, Worksheet,
    XlsxError,
};
use serde_json::Value;

use crate::catalog::Catalog;
use crate::model::fillin::hints::{MapHint, NAME_SHOWN, PROJECT_NAME};
use crate::model::fillin::layout::excluded;
use crate::model::fillin::{layout, Kind, KvSheet, Table, MARKER, README, YES_NO};
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
    /// Whether a field sheet writes a stated zero as 0 (a data file's `operating_expenses:
    /// 0` is a figure; an optional amount left blank reads back as not stated). The blank
    /// workbook leaves zeros blank, so that no 合计 is declared as 0 before it is filled.
    zeros: bool,
}

/// The fill-in workbook for `data`, as .xlsx bytes (deterministic: fixed dates); every
/// stated figure of a field sheet is written, zeros included.
pub fn write(data: &ReportData) -> Result<Vec<u8>, XlsxError> {
    write_with(data, true)
}

/// The fill-in workbook for the init template: zeros left blank.
pub(super) fn write_blank(data: &ReportData) -> Result<Vec<u8>, XlsxError> {
    write_with(data, false)
}

fn write_with(data: &ReportData, zeros: bool) -> Result<Vec<u8>, XlsxError> {
    let json = serde_json::to_value(data).unwrap_or_default();
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(MARKER)
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
        zeros,
    };
    let l = layout();
    instructions(wb.add_worksheet())?;
    for s in &l.kv {
        kv_sheet(wb.add_worksheet(), s, &json, &fm)?;
    }
    for t in &l.tables {
        let rows: Vec<Vec<Value>> = array(&json, &t.list)
            .iter()
            .map(|item| {
                t.columns
                    .iter()
                    .map(|c| get(item, &c.key).clone())
                    .collect()
            })
            .collect();
        table_sheet(wb.add_worksheet(), t, &rows, &fm)?;
    }
    let catalog = Catalog::builtin();
    for m in l.maps {
        map_sheet(wb.add_worksheet(), m, &json, &catalog, &fm)?;
    }
    wb.save_to_buffer()
}

fn array<'a>(json: &'a Value, key: &str) -> &'a [Value] {
    get(json, key).as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn instructions(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name(README)?;
    ws.set_column_width(0, 110)?;
    let sheets: Vec<String> = layout().kv.iter().map(|s| s.name.clone()).collect();
    let tables: Vec<String> = layout().tables.iter().map(|t| t.name.clone()).collect();
    let mut lines = vec![
        MARKER.to_string(),
        format!(
            "每个工作表是数据文件的一部分：{}；{}；{}。",
            sheets.join("、"),
            tables.join("、"),
            layout()
                .maps
                .iter()
                .map(|m| m.name)
                .collect::<Vec<_>>()
                .join("、")
        ),
        "金额一律以“元”为单位，最多两位小数；没有的留空或填 0。合计数由程序计算，不必填写；“报表合计数”中抄录的决算报表合计数会被核对。".into(),
        "科目编码按文本填写（单元格已设为文本格式），如 2013350；资金来源、类型、是/否从下拉列表选择。每一列的标题上有批注说明。".into(),
        "填好后直接运行：juesuan check 本工作簿.xlsx（审核，问题指出工作表和单元格），juesuan build 本工作簿.xlsx（生成报告）；也可 juesuan import 本工作簿.xlsx -o 数据.yaml 转成数据文件。".into(),
        "请勿修改各表第一行的标题和“字段”列：程序按它们读取。".into(),
        "工作簿中没有的内容（请写在 YAML 数据文件中）：".into(),
    ];
    for (path, why) in excluded() {
        lines.push(format!("  {path}：{why}"));
    }
    for (i, l) in lines.iter().enumerate() {
        ws.write_string(i as u32, 0, l)?;
    }
    Ok(())
}

/// A sheet of fields: 项目 | 填写 | 字段.
fn kv_sheet(ws: &mut Worksheet, s: &KvSheet, json: &Value, fm: &Formats) -> Result<(), XlsxError> {
    ws.set_name(&s.name)?;
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
        ws.write_string(r, 0, &f.label)?;
        ws.write_string_with_format(r, 2, &f.path, &fm.path)?;
        let v = get(json, &f.path);
        let zero = v.as_str().and_then(|s| s.parse::<f64>().ok()) == Some(0.0);
        if fm.zeros && f.kind == Kind::Money && zero {
            ws.write_number_with_format(r, 1, 0.0, &fm.money)?;
        } else {
            write_value(ws, r, 1, v, f.kind, fm)?;
        }
        validate(ws, r, r, 1, f.kind)?;
    }
    Ok(())
}

/// A drop-down for a choice or 是/否 column.
fn validate(ws: &mut Worksheet, r0: u32, r1: u32, c: u16, kind: Kind) -> Result<(), XlsxError> {
    let words = match kind {
        Kind::Enum(words) => words,
        Kind::Flag => YES_NO,
        _ => return Ok(()),
    };
    ws.add_data_validation(
        r0,
        c,
        r1,
        c,
        &DataValidation::new().allow_list_strings(words)?,
    )?;
    Ok(())
}

/// A sheet with one row per item under a header row.
fn table_sheet(
    ws: &mut Worksheet,
    t: &Table,
    rows: &[Vec<Value>],
    fm: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(&t.name)?;
    ws.set_freeze_panes(1, 0)?;
    for (c, col) in t.columns.iter().enumerate() {
        let c16 = c as u16;
        ws.write_string_with_format(0, c16, &col.header, &fm.header)?;
        ws.insert_note(0, c16, &Note::new(&col.note).set_author("juesuan"))?;
        let width = match col.kind {
            Kind::LongText | Kind::Paragraphs => 40.0,
            Kind::Money => 16.0,
            _ if col.key == "name" => 30.0,
            _ => 14.0,
        };
        ws.set_column_width(c16, width)?;
        validate(ws, 1, TABLE_ROWS, c16, col.kind)?;
        if col.key == "code" {
            text_cells(ws, rows.len() as u32 + 1, c16, fm)?;
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, (col, v)) in t.columns.iter().zip(row).enumerate() {
            write_value(ws, r, c as u16, v, col.kind, fm)?;
        }
    }
    Ok(())
}

/// Codes stay text even when typed into an empty row.
fn text_cells(ws: &mut Worksheet, from: u32, c: u16, fm: &Formats) -> Result<(), XlsxError> {
    for r in from..=TABLE_ROWS.min(from + 50) {
        ws.write_blank(r, c, &fm.text)?;
    }
    Ok(())
}

/// A code sheet: [项目名称 |] 编码 | [科目名称（仅供对照） |] 值.
fn map_sheet(
    ws: &mut Worksheet,
    m: &MapHint,
    json: &Value,
    catalog: &Catalog,
    fm: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(m.name)?;
    ws.set_freeze_panes(1, 0)?;
    let economic = m.code_lengths == [5];
    let per_project = m.map.contains("[]");
    let mut headers: Vec<(&str, &str, f64)> = Vec::new();
    if per_project {
        headers.push((PROJECT_NAME, "与“项目”工作表中的项目名称相同", 30.0));
    }
    headers.push((m.code_header, "编码，按文本填写", 14.0));
    if economic {
        headers.push((NAME_SHOWN, "由程序按编码填写，仅供对照，不读取", 30.0));
    }
    headers.push((m.value_header, m.note, 18.0));
    for (c, (h, note, width)) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &fm.header)?;
        ws.insert_note(0, c as u16, &Note::new(*note).set_author("juesuan"))?;
        ws.set_column_width(c as u16, *width)?;
    }
    let code_col = u16::from(per_project);
    let value_col = headers.len() as u16 - 1;
    let value_kind = if economic { Kind::Money } else { Kind::Text };
    let name = |code: &str| {
        catalog
            .economic
            .get(code)
            .map(|e| e.name.clone())
            .unwrap_or_default()
    };
    // (project, code, value) rows.
    let rows: Vec<(String, String, Value)> = match m.map {
        "basic_economic" => catalog
            .economic
            .entries()
            .iter()
            .filter(|e| e.code.len() == 5)
            .map(|e| (String::new(), e.code.clone(), json[m.map][&e.code].clone()))
            .collect(),
        "projects[].economic" => array(json, "projects")
            .iter()
            .flat_map(|p| {
                let project = p["name"].as_str().unwrap_or_default().to_string();
                p["economic"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(move |(k, v)| (project.clone(), k.clone(), v.clone()))
            })
            .collect(),
        _ => json[m.map]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (String::new(), k.clone(), v.clone()))
            .collect(),
    };
    for (i, (project, code, value)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        if per_project {
            ws.write_string(r, 0, project)?;
        }
        ws.write_string_with_format(r, code_col, code, &fm.text)?;
        if economic {
            ws.write_string(r, code_col + 1, name(code))?;
        }
        write_value(ws, r, value_col, value, value_kind, fm)?;
    }
    text_cells(ws, rows.len() as u32 + 1, code_col, fm)
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
        (Kind::Lines | Kind::Paragraphs, Value::Array(items)) => {
            let text: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            let sep = if kind == Kind::Lines { "\n" } else { "\n\n" };
            ws.write_string_with_format(r, c, text.join(sep), &fm.wrap)
                .map(|_| ())
        }
        (_, Value::Bool(b)) => ws
            .write_string(r, c, if *b { "是" } else { "否" })
            .map(|_| ()),
        (Kind::Enum(_) | Kind::Flag, Value::Null) => Ok(()),
        (_, Value::String(s)) => ws.write_string_with_format(r, c, s, &fm.wrap).map(|_| ()),
        (_, Value::Number(n)) => ws.write_number(r, c, n.as_f64().unwrap_or(0.0)).map(|_| ()),
        (Kind::Text | Kind::LongText, _) => ws.write_blank(r, c, &fm.text).map(|_| ()),
        _ => Ok(()),
    }
}

/// The value at a dotted path of a JSON tree (`Null` when absent).
pub fn get<'a>(json: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(json, |v, k| &v[k])
}
