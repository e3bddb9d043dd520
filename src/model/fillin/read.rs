//! Reads a filled-in workbook into the data model: field sheets by the path in their
//! 字段 column, table sheets by their header row, code sheets row by row. Every value is
//! located at its sheet!cell, every bad cell is a finding there.

use std::path::Path;

use serde_json::{Map, Value};

use super::cells;
use super::hints::{MapHint, PROJECT_NAME};
use super::layout::{layout, KvSheet, Table};
use super::source::WorkbookSource;
use crate::diag::{CellContext, Finding};
use crate::model::workbook::{context, display, is_empty_glyph, norm, Grid, Workbook};
use crate::model::ReportData;

/// What the workbook gave.
pub struct Read {
    /// The data, unless the workbook's values do not make one.
    pub data: Option<ReportData>,
    pub source: WorkbookSource,
    /// Errors and warnings, each at its cell.
    pub findings: Vec<Finding>,
    /// The sheets read.
    pub sheets: Vec<String>,
}

struct Reader {
    json: Value,
    source: WorkbookSource,
    findings: Vec<Finding>,
    sheets: Vec<String>,
}

/// Sets `v` at the dotted `path` of a JSON tree (`projects[1].economic.30201`: a list
/// index steps into an array), creating objects and array items on the way.
pub fn set_path(root: &mut Value, path: &str, v: Value) {
    let mut cur = root;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        let (key, index) = match p.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (*p, None),
        };
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let obj = cur.as_object_mut().expect("object");
        let last = i + 1 == parts.len();
        match index {
            None if last => {
                obj.insert(key.to_string(), v);
                return;
            }
            None => cur = obj.entry(key.to_string()).or_insert(Value::Null),
            Some(n) => {
                let slot = obj.entry(key.to_string()).or_insert(Value::Null);
                if !slot.is_array() {
                    *slot = Value::Array(Vec::new());
                }
                let items = slot.as_array_mut().expect("array");
                if items.len() <= n {
                    items.resize(n + 1, Value::Object(Map::new()));
                }
                if last {
                    items[n] = v;
                    return;
                }
                cur = &mut items[n];
            }
        }
    }
}

/// Reads a fill-in workbook (`path` names it in the source map).
pub fn read(wb: &mut Workbook, path: &Path) -> Read {
    let mut rd = Reader {
        json: serde_json::json!({ "schema": crate::model::SCHEMA_VERSION, "unit": {} }),
        source: WorkbookSource::new(path),
        findings: Vec::new(),
        sheets: Vec::new(),
    };
    let l = layout();
    for s in &l.kv {
        match wb.grid(&s.name) {
            Ok(g) => rd.kv(g, s),
            Err(_) => rd.missing_sheet(&s.name, s.name == "单位"),
        }
    }
    for t in &l.tables {
        match wb.grid(&t.name) {
            Ok(g) => {
                let rows = rd.table(g, t);
                set_path(&mut rd.json, &t.list, Value::Array(rows));
            }
            Err(_) => rd.missing_sheet(&t.name, false),
        }
    }
    for m in l.maps {
        if let Ok(g) = wb.grid(m.name) {
            rd.map(g, m);
        }
    }
    let data = rd.finish();
    Read {
        data,
        source: rd.source,
        findings: rd.findings,
        sheets: rd.sheets,
    }
}

impl Reader {
    fn missing_sheet(&mut self, name: &str, required: bool) {
        let f = if required {
            Finding::error("I003", "", format!("填报工作簿中缺少工作表“{name}”"))
        } else {
            Finding::warning(
                "I003",
                "",
                format!("填报工作簿中没有工作表“{name}”，其中的内容按空白处理"),
            )
        };
        self.findings
            .push(f.help("请用 juesuan init --xlsx 重新生成填报工作簿，把已填内容复制过去"));
    }

    /// The data, or `None` (with a finding) when the values do not make one.
    fn finish(&mut self) -> Option<ReportData> {
        if self.json["unit"]["year"].is_null() {
            let mut f = Finding::error("I021", "unit.year", "决算年度（unit.year）没有填写");
            if let Some(c) = self.source.cells().get("unit.year") {
                f = f.at_cell(c.clone());
            }
            self.findings.push(f.help("填写四位年份，如 2023"));
            return None;
        }
        if self.json["unit"]["name"].is_null() {
            set_path(&mut self.json, "unit.name", Value::String(String::new()));
        }
        match serde_json::from_value(self.json.clone()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.findings.push(Finding::error(
                    "I019",
                    "",
                    format!("填报工作簿的内容不合数据格式：{e}"),
                ));
                None
            }
        }
    }

    /// A sheet of fields: the path in the 字段 column, the value in the 填写 column.
    fn kv(&mut self, g: &Grid, sheet: &KvSheet) {
        self.sheets.push(sheet.name.clone());
        let (Some(vcol), Some(pcol)) = (header_col(g, "填写"), header_col(g, "字段")) else {
            self.findings.push(
                Finding::error(
                    "I004",
                    "",
                    format!("工作表“{}”第一行缺少“填写”或“字段”列", g.name),
                )
                .at_cell(g.cell(0, 0)),
            );
            return;
        };
        for r in 1..g.rows() {
            let path = g.text(r, pcol);
            if path.is_empty() {
                continue;
            }
            let Some(field) = layout().field(&path) else {
                self.findings.push(
                    Finding::warning(
                        "I024",
                        "",
                        format!("“字段”列中的 {path} 不是数据文件的字段，该行未读取"),
                    )
                    .at_cell(g.cell(r, pcol))
                    .help("“字段”列由程序填写，请勿修改"),
                );
                continue;
            };
            self.source
                .set_value(&path, g.cell(r, vcol), context(g, r, vcol, Some(0)));
            self.source
                .set_key(&path, g.cell(r, 0), context(g, r, 0, Some(0)));
            if let Some(v) = cells::value(g, r, vcol, field.kind, &path, &mut self.findings) {
                self.source.set_present(&path);
                set_path(&mut self.json, &path, v);
            }
        }
    }

    /// A table sheet: one JSON object per row with anything in it.
    fn table(&mut self, g: &Grid, t: &Table) -> Vec<Value> {
        self.sheets.push(t.name.clone());
        let mut at = Vec::new();
        for col in &t.columns {
            match header_col(g, &col.header) {
                Some(c) => at.push((col, c)),
                None => {
                    let key = matches!(col.key.as_str(), "code" | "name");
                    let msg = format!("工作表“{}”第一行缺少“{}”列", g.name, col.header);
                    let f = if key {
                        Finding::error("I004", "", msg)
                    } else {
                        Finding::warning("I004", "", format!("{msg}，该列按空白处理"))
                    };
                    self.findings.push(f.at_cell(g.cell(0, 0)));
                }
            }
        }
        let mut out = Vec::new();
        for r in 1..g.rows() {
            let used = at
                .iter()
                .any(|(_, c)| !is_empty_glyph(&display(g.get(r, *c))));
            if !used {
                continue;
            }
            let item = format!("{}[{}]", t.list, out.len());
            self.source
                .set_value(&item, g.cell(r, 0), context(g, r, 0, Some(0)));
            let mut obj = Value::Object(Map::new());
            for (col, c) in &at {
                let path = format!("{item}.{}", col.key);
                self.source
                    .set_value(&path, g.cell(r, *c), context(g, r, *c, Some(0)));
                self.source
                    .set_key(&path, g.cell(0, *c), context(g, 0, *c, None));
                let v = if col.key == "code" {
                    cells::code(g, r, *c, &[7], &path, &mut self.findings).map(Value::String)
                } else {
                    cells::value(g, r, *c, col.kind, &path, &mut self.findings)
                };
                if let Some(v) = v {
                    self.source.set_present(&path);
                    set_path(&mut obj, &col.key, v);
                }
            }
            out.push(obj);
        }
        out
    }

    /// A code sheet: code → amount (or name); for `projects[].economic` the row names
    /// its project.
    fn map(&mut self, g: &Grid, m: &MapHint) {
        self.sheets.push(m.name.to_string());
        let per_project = m.map.contains("[]");
        let cols = (
            header_col(g, m.code_header),
            header_col(g, m.value_header),
            header_col(g, PROJECT_NAME),
        );
        let (Some(cc), Some(vc)) = (cols.0, cols.1) else {
            self.findings.push(
                Finding::error(
                    "I004",
                    "",
                    format!(
                        "工作表“{}”第一行缺少“{}”或“{}”列",
                        g.name, m.code_header, m.value_header
                    ),
                )
                .at_cell(g.cell(0, 0)),
            );
            return;
        };
        let kind = if m.map == "code_names" {
            super::layout::Kind::Text
        } else {
            super::layout::Kind::Money
        };
        for r in 1..g.rows() {
            let value_text = display(g.get(r, vc));
            let code_text = display(g.get(r, cc));
            if is_empty_glyph(&value_text) {
                continue;
            }
            let Some(base) = self.map_base(g, r, m, per_project, cols.2) else {
                continue;
            };
            let Some(code) = cells::code(g, r, cc, m.code_lengths, &base, &mut self.findings)
            else {
                continue;
            };
            let path = format!("{base}.{code}");
            if self.source.stated().contains(&path) {
                self.findings.push(
                    Finding::error(
                        "I017",
                        &path,
                        format!("编码 {code_text} 在工作表“{}”中出现了两次", g.name),
                    )
                    .at_cell(g.cell(r, cc)),
                );
                continue;
            }
            self.source
                .set_value(&path, g.cell(r, vc), context(g, r, vc, Some(0)));
            self.source
                .set_key(&path, g.cell(r, cc), context(g, r, cc, Some(0)));
            if let Some(v) = cells::value(g, r, vc, kind, &path, &mut self.findings) {
                self.source.set_present(&path);
                set_path(&mut self.json, &path, v);
            }
        }
    }

    /// The map's path for row `r`: the map itself, or the named project's `economic`.
    fn map_base(
        &mut self,
        g: &Grid,
        r: u32,
        m: &MapHint,
        per_project: bool,
        name_col: Option<u32>,
    ) -> Option<String> {
        if !per_project {
            return Some(m.map.to_string());
        }
        let Some(nc) = name_col else {
            self.findings.push(
                Finding::error(
                    "I004",
                    "",
                    format!("工作表“{}”第一行缺少“{PROJECT_NAME}”列", g.name),
                )
                .at_cell(g.cell(0, 0)),
            );
            return None;
        };
        let name = g.text(r, nc);
        let projects = self.json["projects"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        match projects
            .iter()
            .position(|p| p["name"].as_str().map(str::trim) == Some(name.trim()))
        {
            Some(i) => Some(format!("projects[{i}].economic")),
            None => {
                self.source.set_context(
                    &g.cell(r, nc),
                    CellContext {
                        header: PROJECT_NAME.into(),
                        label: String::new(),
                        value: name.clone(),
                    },
                );
                self.findings.push(
                    Finding::error(
                        "I023",
                        "projects",
                        format!("“项目”工作表中没有名为“{name}”的项目"),
                    )
                    .at_cell(g.cell(r, nc))
                    .help("项目名称须与“项目”工作表中的完全相同"),
                );
                None
            }
        }
    }
}

/// The column whose first-row header is `h`.
fn header_col(g: &Grid, h: &str) -> Option<u32> {
    let want = norm(h);
    (0..g.cols()).find(|&c| norm(&g.text(0, c)) == want)
}
