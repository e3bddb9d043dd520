//! Reads a filled-in workbook into the data model; every value is located at its
//! sheet!cell, every bad cell is a located finding.

use std::collections::BTreeMap;

use calamine::Data;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::{Column, Kind, ECONOMIC, ECONOMIC_COLUMNS, EXPENDITURE, EXPENDITURE_COLUMNS};
use super::{KV_SHEETS, MARKER, PROJECTS, PROJECT_COLUMNS, YES_NO};
use crate::import::assemble::set_path;
use crate::import::facts::Source;
use crate::import::location::ImportFinding;
use crate::import::sheet::{display, is_empty_glyph, norm, read_amount, read_code, Grid};
use crate::import::workbook::Workbook;
use crate::import::Imported;
use crate::model::ReportData;

/// Whether the workbook is a juesuan fill-in workbook (说明!A1 carries the marker).
pub fn is_fillin(wb: &mut Workbook) -> bool {
    if !wb.sheet_names().iter().any(|n| n == "说明") {
        return false;
    }
    wb.grid("说明")
        .map(|g| g.text(0, 0).starts_with(MARKER))
        .unwrap_or(false)
}

struct Reader {
    json: Value,
    sources: BTreeMap<String, Source>,
    findings: Vec<ImportFinding>,
}

/// Reads a fill-in workbook.
pub fn read(wb: &mut Workbook) -> Result<Imported, Vec<ImportFinding>> {
    let base: ReportData =
        serde_yaml::from_str("schema: 1\nunit: {name: \"\", year: 2023}\n").expect("base");
    let mut rd = Reader {
        json: serde_json::to_value(base).unwrap_or_default(),
        sources: BTreeMap::new(),
        findings: Vec::new(),
    };
    let mut sheets = Vec::new();
    for s in KV_SHEETS {
        match wb.grid(s.name) {
            Ok(g) => {
                sheets.push((s.name.to_string(), s.name.to_string()));
                rd.kv(g);
            }
            Err(_) => rd.findings.push(missing_sheet(s.name)),
        }
    }
    for (name, cols, key) in [
        (EXPENDITURE, EXPENDITURE_COLUMNS, "expenditure"),
        (PROJECTS, PROJECT_COLUMNS, "projects"),
    ] {
        match wb.grid(name) {
            Ok(g) => {
                sheets.push((name.to_string(), name.to_string()));
                let rows = rd.table(g, cols, key);
                rd.json[key] = Value::Array(rows);
            }
            Err(_) => rd.findings.push(missing_sheet(name)),
        }
    }
    match wb.grid(ECONOMIC) {
        Ok(g) => {
            sheets.push((ECONOMIC.to_string(), ECONOMIC.to_string()));
            let rows = rd.table(g, ECONOMIC_COLUMNS, "basic_economic");
            let mut map = Map::new();
            for r in rows {
                if let (Some(code), Some(amount)) = (r["code"].as_str(), r.get("amount")) {
                    if !amount.is_null() {
                        map.insert(code.to_string(), amount.clone());
                    }
                }
            }
            rd.json["basic_economic"] = Value::Object(map);
        }
        Err(_) => rd.findings.push(missing_sheet(ECONOMIC)),
    }
    let data: Option<ReportData> = match serde_json::from_value(rd.json.clone()) {
        Ok(d) => Some(d),
        Err(e) => {
            rd.findings.push(ImportFinding::error(
                "I019",
                format!("填报工作簿的内容不合格式：{e}"),
            ));
            None
        }
    };
    let (errors, warnings): (Vec<_>, Vec<_>) = rd.findings.into_iter().partition(|f| f.is_error());
    match data {
        Some(data) if errors.is_empty() => Ok(Imported {
            data,
            sources: rd.sources,
            warnings,
            missing: Vec::new(),
            mapping: MARKER.to_string(),
            sheets,
        }),
        _ => Err(errors),
    }
}

fn missing_sheet(name: &str) -> ImportFinding {
    ImportFinding::error("I003", format!("填报工作簿中缺少工作表“{name}”"))
        .help("请用 juesuan init --xlsx 重新生成填报工作簿，把已填内容复制过去")
}

impl Reader {
    /// A sheet of fields: the path in the 字段 column, the value in the 填写 column.
    fn kv(&mut self, g: &Grid) {
        let (Some(vcol), Some(pcol)) = (header_col(g, "填写"), header_col(g, "字段")) else {
            self.findings.push(
                ImportFinding::error(
                    "I004",
                    format!("工作表“{}”第一行缺少“填写”或“字段”列", g.name),
                )
                .at(g.cell(0, 0)),
            );
            return;
        };
        let fields: BTreeMap<&str, Kind> = KV_SHEETS
            .iter()
            .flat_map(|s| s.fields.iter().map(|f| (f.path, f.kind)))
            .collect();
        for r in 1..g.rows() {
            let path = g.text(r, pcol);
            let Some(kind) = fields.get(path.as_str()) else {
                continue;
            };
            if let Some(v) = self.value(g, r, vcol, *kind) {
                self.sources
                    .insert(path.clone(), Source::Cell(g.cell(r, vcol)));
                set_path(&mut self.json, &path, v);
            }
        }
    }

    /// A table sheet: one JSON object per non-empty row.
    fn table(&mut self, g: &Grid, cols: &[Column], key: &str) -> Vec<Value> {
        let mut at = Vec::new();
        for col in cols {
            match header_col(g, col.header) {
                Some(c) => at.push((col, c)),
                None if col.key == "name" && key == "basic_economic" => {}
                None => self.findings.push(
                    ImportFinding::error(
                        "I004",
                        format!("工作表“{}”第一行缺少“{}”列", g.name, col.header),
                    )
                    .at(g.cell(0, 0)),
                ),
            }
        }
        let mut out = Vec::new();
        for r in 1..g.rows() {
            let used = at
                .iter()
                .any(|(col, c)| col.key != "name" && !is_empty_glyph(&display(g.get(r, *c))));
            if !used {
                continue;
            }
            let i = out.len();
            let mut obj = Map::new();
            for (col, c) in &at {
                if key == "basic_economic" && col.key == "name" {
                    continue;
                }
                let v = if col.key == "code" {
                    self.code(g, r, *c, key)
                } else {
                    self.value(g, r, *c, col.kind)
                };
                if let Some(v) = v {
                    let v = match (col.kind, &v) {
                        (Kind::Enum(words), Value::String(s)) if words == YES_NO => {
                            Value::Bool(s == "是")
                        }
                        _ => v,
                    };
                    let path = if key == "basic_economic" {
                        format!(
                            "basic_economic.{}",
                            obj.get("code").and_then(Value::as_str).unwrap_or("")
                        )
                    } else {
                        format!("{key}[{i}].{}", col.key)
                    };
                    self.sources.insert(path, Source::Cell(g.cell(r, *c)));
                    obj.insert(col.key.to_string(), v);
                }
            }
            out.push(Value::Object(obj));
        }
        out
    }

    /// A code cell: text digits; a number is accepted with a warning.
    fn code(&mut self, g: &Grid, r: u32, c: u32, key: &str) -> Option<Value> {
        let lengths: &[usize] = if key == "basic_economic" { &[5] } else { &[7] };
        match read_code(g.get(r, c), lengths) {
            Some(code) => {
                if code.numeric {
                    self.findings.push(
                        ImportFinding::warning(
                            "I009",
                            format!("编码 {} 存成了数字，已按文本读取", code.code),
                        )
                        .at(g.cell(r, c)),
                    );
                }
                Some(Value::String(code.code))
            }
            None => {
                self.findings.push(
                    ImportFinding::error(
                        "I021",
                        format!("“{}”不是{}位科目编码", display(g.get(r, c)), lengths[0]),
                    )
                    .at(g.cell(r, c)),
                );
                None
            }
        }
    }

    /// A value of `kind`; `None` for an empty cell or an error (recorded).
    fn value(&mut self, g: &Grid, r: u32, c: u32, kind: Kind) -> Option<Value> {
        let d = g.get(r, c);
        let at = g.cell(r, c);
        match kind {
            Kind::Money | Kind::Count | Kind::Decimal => {
                let v = match read_amount(d, &at, Decimal::ONE, &mut self.findings) {
                    Ok(v) => v?,
                    Err(e) => {
                        self.findings.push(e);
                        return None;
                    }
                };
                match kind {
                    Kind::Money | Kind::Decimal => Some(Value::String(v.normalize().to_string())),
                    _ if v.fract().is_zero() && !v.is_sign_negative() => Some(Value::from(
                        v.normalize().to_string().parse::<u64>().unwrap_or(0),
                    )),
                    _ => {
                        self.findings.push(
                            ImportFinding::error("I018", format!("应填非负整数，实为 {v}")).at(at),
                        );
                        None
                    }
                }
            }
            Kind::Enum(words) => {
                let s = display(d);
                if s.is_empty() {
                    return None;
                }
                if words.contains(&s.as_str()) {
                    Some(Value::String(s))
                } else {
                    self.findings.push(
                        ImportFinding::error(
                            "I021",
                            format!("“{s}”不是可选的值：{}", words.join(" / ")),
                        )
                        .at(at)
                        .help("从下拉列表中选择"),
                    );
                    None
                }
            }
            Kind::Lines => {
                let s = display(d);
                let items: Vec<Value> = s
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_string()))
                    .collect();
                (!items.is_empty()).then_some(Value::Array(items))
            }
            Kind::Text | Kind::LongText => {
                let s = match d {
                    Data::String(s) => s.trim().replace("\r\n", "\n"),
                    Data::Empty => return None,
                    other => display(other),
                };
                (!s.is_empty()).then_some(Value::String(s))
            }
        }
    }
}

/// The column whose first-row header is `h`.
fn header_col(g: &Grid, h: &str) -> Option<u32> {
    let want = norm(h);
    (0..g.cols()).find(|&c| norm(&g.text(0, c)) == want)
}
