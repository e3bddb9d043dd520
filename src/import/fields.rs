//! Single figures: found by their row label (a 项目 column, in any of several side-by-side
//! blocks) and the value column's header, or read from the one data row of a record
//! table (the 三公 table).

use rust_decimal::Decimal;

use super::facts::{Facts, Val};
use super::headers::{Frame, Headers};
use super::mapping::{FieldSpec, RecordColumn, SheetSpec};
use crate::diag::Finding;
use crate::model::workbook::{display, label_key, norm, read_amount, Grid};

/// Whether a model path holds a count (persons, vehicles) rather than money.
pub fn is_count(path: &str) -> bool {
    super::assemble::count_paths().contains(path)
}

/// Reads the `fields` of a sheet.
pub fn read_fields(g: &Grid, spec: &SheetSpec, frame: &mut Frame, facts: &mut Facts) {
    if spec.fields.is_empty() {
        return;
    }
    let index = LabelIndex::new(g);
    let hits: Vec<Option<(u32, u32)>> = spec.fields.iter().map(|f| index.find(f)).collect();
    let band_end = hits.iter().flatten().map(|(r, _)| *r).min().unwrap_or(0);
    let headers = Headers::new(g, 0, band_end);
    for (field, hit) in spec.fields.iter().zip(hits) {
        let Some((r, c)) = hit else {
            if field.optional || spec.optional {
                facts.missing(
                    &field.to,
                    format!("工作表“{}”中没有“{}”行", g.name, field.labels[0]),
                );
            } else {
                facts.error(
                    Finding::error(
                        "I005",
                        "",
                        format!(
                            "工作表“{}”中找不到“{}”行（查找了：{}）",
                            g.name,
                            field.labels[0],
                            field.labels.join("、")
                        ),
                    )
                    .at_cell(g.cell(0, 0)),
                );
            }
            continue;
        };
        let alts = if field.header.is_empty() {
            &spec.value_header
        } else {
            &field.header
        };
        // A label merged over several columns: the value is right of the merge.
        let from = g.merge_at(r, c).map(|d| d.end.1).unwrap_or(c);
        let Some(vc) = headers.nearest_right(from, alts) else {
            let f = Finding::error(
                "I004",
                "",
                format!(
                    "工作表“{}”中“{}”行右侧找不到“{}”列",
                    g.name,
                    field.labels[0],
                    alts.join("”或“")
                ),
            )
            .at_cell(g.cell(r, c));
            if field.optional || spec.optional {
                facts.findings.push(Finding {
                    severity: crate::diag::Severity::Warning,
                    ..f
                });
                facts.missing(
                    &field.to,
                    format!("工作表“{}”中没有“{}”列", g.name, alts[0]),
                );
            } else {
                facts.error(f);
            }
            continue;
        };
        if let Some(val) = read_value(g, r, vc, &field.to, frame, facts) {
            store(field, val, facts);
        }
    }
}

fn store(field: &FieldSpec, val: Val, facts: &mut Facts) {
    if field.minus.is_empty() {
        facts.set(&field.to, val);
    } else {
        facts
            .pending
            .push((field.to.clone(), val, field.minus.clone()));
    }
}

/// Reads one money or count cell.
fn read_value(
    g: &Grid,
    r: u32,
    c: u32,
    path: &str,
    frame: &mut Frame,
    facts: &mut Facts,
) -> Option<Val> {
    let at = g.cell(r, c);
    let count = is_count(path);
    let factor = if count {
        Decimal::ONE
    } else {
        frame.money_factor(g, facts)?
    };
    match read_amount(g.get(r, c), &at, factor, &mut facts.findings) {
        Ok(v) => {
            let v = v.unwrap_or(Decimal::ZERO);
            if count && (!v.fract().is_zero() || v.is_sign_negative()) {
                facts.error(
                    Finding::error("I018", "", format!("“{}”应是非负整数，实为 {v}", path))
                        .at_cell(at),
                );
                return None;
            }
            Some(Val::cell(v, at))
        }
        Err(e) => {
            facts.error(e);
            None
        }
    }
}

/// Row labels of a sheet by their key.
struct LabelIndex {
    cells: Vec<(u32, u32, String)>,
}

impl LabelIndex {
    fn new(g: &Grid) -> LabelIndex {
        let mut cells = Vec::new();
        for r in 0..g.rows() {
            for c in 0..g.cols().min(60) {
                if let calamine::Data::String(s) = g.get(r, c) {
                    let k = label_key(s);
                    if !k.is_empty() {
                        cells.push((r, c, k));
                    }
                }
            }
        }
        LabelIndex { cells }
    }

    /// The first cell (row by row) carrying one of the field's labels; with `after`, the
    /// first one below the `after` label in the same column.
    fn find(&self, f: &FieldSpec) -> Option<(u32, u32)> {
        let keys: Vec<String> = f.labels.iter().map(|l| label_key(l)).collect();
        match &f.after {
            Some(a) => {
                let ak = label_key(a);
                let (ar, ac, _) = self.cells.iter().find(|(_, _, k)| *k == ak)?;
                self.cells
                    .iter()
                    .find(|(r, c, k)| r > ar && c == ac && keys.contains(k))
                    .map(|(r, c, _)| (*r, *c))
            }
            None => self
                .cells
                .iter()
                .find(|(_, _, k)| keys.contains(k))
                .map(|(r, c, _)| (*r, *c)),
        }
    }
}

/// Reads a record table: each column found by its header path, the value in the first
/// data row below the headers.
pub fn read_record(
    g: &Grid,
    spec: &SheetSpec,
    columns: &[RecordColumn],
    frame: &mut Frame,
    facts: &mut Facts,
) {
    let headers = Headers::new(g, 0, g.rows().min(15));
    let found: Vec<(&RecordColumn, Option<(u32, u32)>)> = columns
        .iter()
        .map(|c| (c, headers.find(&c.header)))
        .collect();
    let hdr_rows: Vec<u32> = found.iter().filter_map(|(_, h)| h.map(|x| x.1)).collect();
    if hdr_rows.is_empty() {
        if super::tables::sheet_says_empty(g) {
            return;
        }
        facts.error(
            Finding::error(
                "I004",
                "",
                format!(
                    "工作表“{}”中找不到表头“{}”",
                    g.name,
                    columns[0].header.join(" / ")
                ),
            )
            .at_cell(g.cell(0, 0)),
        );
        return;
    }
    let cols: Vec<u32> = found.iter().filter_map(|(_, h)| h.map(|x| x.0)).collect();
    let start = hdr_rows.iter().max().copied().unwrap_or(0) + 1;
    let data_row = (start..g.rows()).find(|&r| {
        let row_text: String = (0..g.cols().min(30)).map(|c| norm(&g.text(r, c))).collect();
        !row_text.contains("栏次") && cols.iter().any(|&c| !display(g.get(r, c)).is_empty())
    });
    for (col, hit) in found {
        match (hit, data_row) {
            (Some((c, _)), Some(r)) => {
                if let Some(val) = read_value(g, r, c, &col.to, frame, facts) {
                    facts.set(&col.to, val);
                }
            }
            (None, _) if col.optional || spec.optional => facts.missing(
                &col.to,
                format!("工作表“{}”中没有“{}”列", g.name, col.header.join(" / ")),
            ),
            (None, _) => facts.error(
                Finding::error(
                    "I004",
                    "",
                    format!("工作表“{}”中找不到“{}”列", g.name, col.header.join(" / ")),
                )
                .at_cell(g.cell(0, 0)),
            ),
            (Some(_), None) => {}
        }
    }
}
