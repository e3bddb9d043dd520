//! Importing workbooks: the 决算 software's export (one sheet per 财决 table), the 公开表
//! workbook, and juesuan's own fill-in workbook, into the data model — every value with
//! the cell it came from.
//!
//! `read_workbook` is the entry point for `import`: it opens the workbook with the
//! reading core of `model::workbook`, picks a mapping (data files under data/import/, or
//! `--mapping`), reads the sheets into facts (verifying the software's own sums on the
//! way), and assembles a `ReportData` with a map from data-file paths to cells; a
//! fill-in workbook is read by its loader (`model::fillin`). Problems are
//! `diag::Finding`s at `Location::Cell`s. `texts` carries the prose over from an existing
//! data file; `yaml` writes the data file with a source comment on every number;
//! `fillin` writes the fill-in workbook.

mod assemble;
mod econ;
mod facts;
mod fields;
pub mod fillin;
mod funds;
mod headers;
pub mod mapping;
mod tables;
pub mod texts;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::Path;

pub use facts::{Missing, Source};
pub use mapping::Mapping;

use crate::catalog::Catalog;
use crate::diag::{Cell, CellContext, Finding};
use crate::model::fillin as loader;
use crate::model::workbook::{self, Workbook};
use crate::model::ReportData;
use facts::Facts;
use headers::Frame;
use mapping::{SheetSpec, TableSpec};

/// A workbook read into the data model.
#[derive(Debug)]
pub struct Imported {
    pub data: ReportData,
    /// Data-file path (`expenditure[3].personnel`) → where the value came from.
    pub sources: BTreeMap<String, Source>,
    /// Warnings (errors make `read_workbook` fail).
    pub warnings: Vec<Finding>,
    /// What the workbook does not give.
    pub missing: Vec<Missing>,
    /// The mapping used (its name).
    pub mapping: String,
    /// Sheets read: mapping id → sheet name.
    pub sheets: Vec<(String, String)>,
}

impl Imported {
    /// Data-file path → the (first) workbook cell behind the value.
    pub fn cells(&self) -> BTreeMap<String, Cell> {
        self.sources
            .iter()
            .filter_map(|(p, s)| s.cells().into_iter().next().map(|c| (p.clone(), c)))
            .collect()
    }
}

/// Reads a workbook file. With `mapping: None` the built-in mapping that fits the
/// workbook (sheets and year) is chosen; a juesuan fill-in workbook is recognised.
pub fn read_workbook(path: &Path, mapping: Option<&Mapping>) -> Result<Imported, Vec<Finding>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Finding::error(
            "I001",
            "",
            format!("无法读取文件 {}：{e}", path.display()),
        )]
    })?;
    read_bytes(bytes, mapping)
}

/// Reads workbook bytes (see `read_workbook`).
pub fn read_bytes(bytes: Vec<u8>, mapping: Option<&Mapping>) -> Result<Imported, Vec<Finding>> {
    let mut wb = Workbook::open(bytes).map_err(|e| vec![e])?;
    if mapping.is_none() && loader::is_fillin(&mut wb) {
        return read_fillin(&mut wb);
    }
    let catalog = Catalog::builtin();
    let chosen = match mapping {
        Some(m) => m.clone(),
        None => choose(&mut wb)?,
    };
    let (mut facts, sheets) = read_with(&mut wb, &chosen);
    let built = assemble::assemble(&mut facts, &chosen, &catalog);
    let (errors, warnings): (Vec<Finding>, Vec<Finding>) =
        facts.findings.into_iter().partition(|f| f.is_error());
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Imported {
        data: built.data,
        sources: built.sources,
        warnings,
        missing: facts.missing,
        mapping: chosen.name.clone(),
        sheets,
    })
}

/// A fill-in workbook, read by its loader; every stated value sourced at its cell.
fn read_fillin(wb: &mut Workbook) -> Result<Imported, Vec<Finding>> {
    let read = loader::read(wb, Path::new(""));
    let (errors, warnings): (Vec<Finding>, Vec<Finding>) =
        read.findings.into_iter().partition(Finding::is_error);
    match read.data {
        Some(data) if errors.is_empty() => Ok(Imported {
            data,
            sources: read
                .source
                .cells()
                .iter()
                .filter(|(p, _)| read.source.stated().contains(*p))
                .map(|(p, c)| (p.clone(), Source::Cell(c.clone())))
                .collect(),
            warnings,
            missing: Vec::new(),
            mapping: loader::MARKER.to_string(),
            sheets: read.sheets.iter().map(|s| (s.clone(), s.clone())).collect(),
        }),
        _ => Err(errors),
    }
}

/// What the cells of `findings` show (header, row label, value), read again from the
/// workbook at `path`, for printing them rustc-style.
pub fn contexts(path: &Path, findings: &[Finding]) -> BTreeMap<Cell, CellContext> {
    let mut out = BTreeMap::new();
    let Ok(bytes) = std::fs::read(path) else {
        return out;
    };
    let Ok(mut wb) = Workbook::open(bytes) else {
        return out;
    };
    let header_row = loader::is_fillin(&mut wb).then_some(0);
    for c in findings.iter().filter_map(Finding::cell) {
        if let Ok(g) = wb.grid(&c.sheet) {
            out.insert(c.clone(), workbook::context(g, c.row, c.col, header_row));
        }
    }
    out
}

/// Reads every sheet of the mapping.
fn read_with(wb: &mut Workbook, m: &Mapping) -> (Facts, Vec<(String, String)>) {
    let mut facts = Facts::default();
    let mut taken: Vec<String> = Vec::new();
    let mut sheets = Vec::new();
    for spec in &m.sheets {
        let Some((name, _)) = spec.find_in(wb, &taken) else {
            sheet_missing(spec, wb.sheet_names(), &mut facts);
            continue;
        };
        taken.push(name.clone());
        sheets.push((spec.id.clone(), name.clone()));
        let g = match wb.grid(&name) {
            Ok(g) => g,
            Err(e) => {
                facts.error(e);
                continue;
            }
        };
        let mut frame = Frame::read(g, m.amount_unit.as_deref(), &mut facts);
        match &spec.table {
            Some(TableSpec::Functional {
                scope,
                code_header,
                columns,
            }) => tables::read_functional(
                g,
                &spec.id,
                *scope,
                code_header,
                columns,
                &mut frame,
                &mut facts,
            ),
            Some(TableSpec::Economic { value_header, .. }) => {
                econ::read_economic(g, value_header, &mut frame, &mut facts)
            }
            Some(TableSpec::Record { columns }) => {
                fields::read_record(g, spec, columns, &mut frame, &mut facts)
            }
            None => {}
        }
        fields::read_fields(g, spec, &mut frame, &mut facts);
    }
    (facts, sheets)
}

fn sheet_missing(spec: &SheetSpec, names: &[String], facts: &mut Facts) {
    if spec.optional {
        facts.missing(
            &format!("工作表 {}", spec.id),
            format!(
                "工作簿中没有“{}”（{}），其中的数字未导入",
                spec.titles.last().cloned().unwrap_or_default(),
                spec.id
            ),
        );
    } else {
        facts.error(
            Finding::error(
                "I003",
                "",
                format!(
                    "工作簿中找不到“{}”工作表（{}；按工作表名和表头标题查找了：{}）",
                    spec.titles.last().cloned().unwrap_or_default(),
                    spec.id,
                    spec.titles.join("、")
                ),
            )
            .help(format!("工作簿中的工作表：{}", names.join("、"))),
        );
    }
}

/// Picks the built-in mapping whose required sheets the workbook has, preferring sheets
/// found by their form number, then the one for the workbook's year.
fn choose(wb: &mut Workbook) -> Result<Mapping, Vec<Finding>> {
    let all = Mapping::builtin();
    let mut scored: Vec<(i32, usize, &Mapping)> = Vec::new();
    let mut closest: Option<(usize, &Mapping)> = None;
    for m in &all {
        let mut taken = Vec::new();
        let (mut score, mut found, mut required_missing) = (0i32, 0usize, 0usize);
        for s in &m.sheets {
            match s.find_in(wb, &taken) {
                Some((name, strength)) => {
                    taken.push(name);
                    found += 1;
                    score += if strength == 0 { 3 } else { 1 };
                }
                None if !s.optional => required_missing += 1,
                None => {}
            }
        }
        if required_missing == 0 {
            scored.push((score, found, m));
        } else if closest.map(|(f, _)| found > f).unwrap_or(true) {
            closest = Some((found, m));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let Some(best) = scored.first().map(|x| x.2) else {
        let m = closest.map(|(_, m)| m).unwrap_or(&all[0]);
        let mut facts = Facts::default();
        let mut taken = Vec::new();
        for s in &m.sheets {
            match s.find_in(wb, &taken) {
                Some((n, _)) => taken.push(n),
                None => sheet_missing(s, wb.sheet_names(), &mut facts),
            }
        }
        let mut out: Vec<Finding> = facts
            .findings
            .into_iter()
            .filter(|f| f.is_error())
            .collect();
        out.insert(
            0,
            Finding::error(
                "I003",
                "",
                format!(
                    "工作簿不像决算软件导出的报表或决算公开表（最接近：{}）",
                    m.name
                ),
            )
            .help(
                "如果是其他版式，请复制 data/import/ 下的映射文件按表头修改，再用 --mapping 指定",
            ),
        );
        return Err(out);
    };
    // Same layout, another year: take the mapping for the workbook's year.
    let year = workbook_year(wb, best);
    if let Some(y) = year {
        if !best.years.contains(&y) {
            if let Some((_, _, m)) = scored
                .iter()
                .find(|(s, _, m)| *s == scored[0].0 && m.years.contains(&y))
            {
                return Ok((*m).clone());
            }
        }
    }
    Ok(best.clone())
}

/// The year printed on the first sheet of `m` that prints one.
fn workbook_year(wb: &mut Workbook, m: &Mapping) -> Option<i32> {
    let mut taken = Vec::new();
    for s in &m.sheets {
        let (name, _) = s.find_in(wb, &taken)?;
        taken.push(name.clone());
        let g = wb.grid(&name).ok()?;
        let mut facts = Facts::default();
        Frame::read(g, None, &mut facts);
        if let Some((y, _)) = facts.years.first() {
            return Some(*y);
        }
    }
    None
}
