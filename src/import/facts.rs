//! What the sheets said, before it becomes the data model: every value with its source
//! (a cell, or arithmetic on cells), and the findings and gaps met on the way.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::mapping::{Nature, Scope};
use crate::diag::{Cell, Finding};

/// Where a value of the written data file comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// One cell of the workbook.
    Cell(Cell),
    /// Arithmetic on cells (`Z04!F12 − Z07!G12`).
    Derived { text: String, cells: Vec<Cell> },
    /// Carried over from the `--texts` data file.
    Texts(String),
    /// A note (the year taken from the mapping, a default).
    Note(String),
}

impl Source {
    /// The comment written after the value in the YAML.
    pub fn comment(&self) -> String {
        match self {
            Source::Cell(c) => c.short(),
            Source::Derived { text, .. } => text.clone(),
            Source::Texts(f) => format!("取自 {f}"),
            Source::Note(n) => n.clone(),
        }
    }

    /// The workbook cells behind the value.
    pub fn cells(&self) -> Vec<Cell> {
        match self {
            Source::Cell(c) => vec![c.clone()],
            Source::Derived { cells, .. } => cells.clone(),
            _ => vec![],
        }
    }
}

/// A value with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Val {
    pub v: Decimal,
    pub src: Source,
}

impl Val {
    pub fn cell(v: Decimal, c: Cell) -> Val {
        Val {
            v,
            src: Source::Cell(c),
        }
    }

    pub fn zero(note: &str) -> Val {
        Val {
            v: Decimal::ZERO,
            src: Source::Note(note.into()),
        }
    }

    /// `self − Σ others`, sourced as the arithmetic of the non-zero terms.
    pub fn minus(&self, others: &[&Val]) -> Val {
        let v = others.iter().fold(self.v, |a, o| a - o.v);
        let mut text = self.src.comment();
        let mut cells = self.src.cells();
        for o in others.iter().filter(|o| !o.v.is_zero()) {
            text.push_str(" − ");
            text.push_str(&o.src.comment());
            cells.extend(o.src.cells());
        }
        let src = if cells.len() == 1 && matches!(self.src, Source::Cell(_)) && v == self.v {
            self.src.clone()
        } else {
            Source::Derived { text, cells }
        };
        Val { v, src }
    }

    /// `Σ parts`, sourced as the sum of the non-zero terms (or the first term).
    pub fn sum(parts: &[&Val]) -> Option<Val> {
        let nonzero: Vec<&&Val> = parts.iter().filter(|p| !p.v.is_zero()).collect();
        match nonzero.as_slice() {
            [] => parts.first().map(|p| Val {
                v: Decimal::ZERO,
                src: p.src.clone(),
            }),
            [one] => Some((**one).clone()),
            many => Some(Val {
                v: many.iter().map(|p| p.v).sum(),
                src: Source::Derived {
                    text: many
                        .iter()
                        .map(|p| p.src.comment())
                        .collect::<Vec<_>>()
                        .join(" + "),
                    cells: many.iter().flat_map(|p| p.src.cells()).collect(),
                },
            }),
        }
    }
}

/// A figure that the workbook does not give.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    /// Data-file path (`projects`, `expenditure[2].budget`).
    pub path: String,
    /// What it is and what to do, in Chinese.
    pub what: String,
}

/// Everything read from the sheets of one workbook.
#[derive(Debug, Default)]
pub struct Facts {
    /// Single figures by model path (`income.general_budget`, `declared.basic`).
    pub scalars: BTreeMap<String, Val>,
    /// Figures to be reduced by other figures once all sheets are read.
    pub pending: Vec<(String, Val, Vec<String>)>,
    /// Per 功能分类 项 and scope: values by nature.
    pub lines: BTreeMap<(Scope, String), BTreeMap<Nature, Val>>,
    /// Which natures each scope's table shows (a row missing from a shown table is 0).
    pub shown: BTreeMap<Scope, Vec<Nature>>,
    /// 经济分类 款 → amount.
    pub economic: BTreeMap<String, Val>,
    /// Code → name as printed.
    pub names: BTreeMap<String, String>,
    pub unit_names: Vec<(String, Cell)>,
    pub years: Vec<(i32, Cell)>,
    pub missing: Vec<Missing>,
    pub findings: Vec<Finding>,
}

impl Facts {
    pub fn error(&mut self, f: Finding) {
        self.findings.push(f);
    }

    pub fn missing(&mut self, path: &str, what: impl Into<String>) {
        self.missing.push(Missing {
            path: path.into(),
            what: what.into(),
        });
    }

    /// Records a single figure; a second, different value for the same figure (two
    /// tables printing the same total) is an error at both cells.
    pub fn set(&mut self, path: &str, val: Val) {
        match self.scalars.get(path) {
            Some(old) if old.v != val.v => {
                let first = old.src.comment();
                let mut f = Finding::error(
                    "I013",
                    "",
                    format!(
                        "同一个数在两处不一致：{first} 为 {}，这里为 {}（{path}）",
                        old.v, val.v
                    ),
                );
                if let Some(c) = val.src.cells().into_iter().next() {
                    f = f.at_cell(c);
                }
                self.findings
                    .push(f.help("核对决算软件中两张表的数据，审核通过后重新导出"));
            }
            Some(_) => {}
            None => {
                self.scalars.insert(path.into(), val);
            }
        }
    }
}
