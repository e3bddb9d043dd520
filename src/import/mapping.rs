//! Mapping files: how a workbook layout maps onto the data model, as data
//! (`data/import/*.yaml`, embedded at build; `--mapping FILE` to use another).
//!
//! Sheets are found by title text, columns by header text and rows by label text, so a
//! mapping names words, never cell addresses. docs/import.md documents the format.

use std::path::Path;

use serde::Deserialize;

use crate::diag::Finding;
use crate::model::workbook::{norm, title_text, Workbook};

/// The built-in mappings: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "export-2023.yaml",
        include_str!("../../data/import/export-2023.yaml"),
    ),
    (
        "export-2024.yaml",
        include_str!("../../data/import/export-2024.yaml"),
    ),
    (
        "public-sichuan-2023.yaml",
        include_str!("../../data/import/public-sichuan-2023.yaml"),
    ),
];

/// One mapping file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// What the mapping is for, in words (printed by `import`).
    pub name: String,
    /// The 决算 years whose workbooks this mapping reads.
    pub years: Vec<i32>,
    /// Forces the amount unit (元 / 万元) when the workbook prints none.
    #[serde(default)]
    pub amount_unit: Option<String>,
    pub sheets: Vec<SheetSpec>,
    /// The file it was read from (set after parsing).
    #[serde(skip)]
    pub source: String,
}

/// One sheet of the workbook.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetSpec {
    /// Short name used in messages (`Z04`).
    pub id: String,
    /// Title texts, most specific first (`财决04表`, `支出决算表`): a sheet whose name
    /// (or, failing that, one of its first rows) contains one of them is this sheet.
    pub titles: Vec<String>,
    /// Texts that rule a sheet out (`明细` keeps 支出决算明细表 from matching 支出决算表).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The sheet may be missing; its figures are then listed as missing.
    #[serde(default)]
    pub optional: bool,
    /// A table of 功能分类 or 经济分类 rows, or one record row.
    #[serde(default)]
    pub table: Option<TableSpec>,
    /// Header of the value column for `fields` (`决算数`); alternatives.
    #[serde(default)]
    pub value_header: Vec<String>,
    /// Single figures found by their row label.
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
}

impl SheetSpec {
    /// Finds this sheet in `wb` among the sheets not yet `taken`: first by name, then
    /// by the text of the first rows (for sheets named `Sheet1`). Returns the sheet name
    /// and how it was found (the index of the title matched in the name; 99 for content).
    pub fn find_in(&self, wb: &mut Workbook, taken: &[String]) -> Option<(String, usize)> {
        let titles: Vec<String> = self.titles.iter().map(|t| norm(t)).collect();
        let exclude: Vec<String> = self.exclude.iter().map(|t| norm(t)).collect();
        let ok = |text: &str| !exclude.iter().any(|x| text.contains(x.as_str()));
        let free: Vec<String> = wb
            .sheet_names()
            .iter()
            .filter(|n| !taken.contains(n))
            .cloned()
            .collect();
        for (i, t) in titles.iter().enumerate() {
            if let Some(n) = free.iter().find(|n| {
                let k = norm(n);
                k.contains(t.as_str()) && ok(&k)
            }) {
                return Some((n.clone(), i));
            }
        }
        for n in &free {
            let head = match wb.grid(n) {
                Ok(g) => title_text(g),
                Err(_) => continue,
            };
            if titles
                .iter()
                .any(|t| head.iter().any(|h| h.contains(t.as_str()) && ok(h)))
            {
                return Some((n.clone(), 99));
            }
        }
        None
    }
}

/// Which money a functional table reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// All sources of money (支出决算表).
    All,
    /// The three 财政拨款 funds together.
    Fiscal,
    GeneralBudget,
    GovernmentFund,
    StateCapital,
}

impl Scope {
    pub fn word(self) -> &'static str {
        match self {
            Scope::All => "全部资金",
            Scope::Fiscal => "财政拨款",
            Scope::GeneralBudget => "一般公共预算财政拨款",
            Scope::GovernmentFund => "政府性基金预算财政拨款",
            Scope::StateCapital => "国有资本经营预算财政拨款",
        }
    }
}

/// What a column of a functional table holds, per 功能分类 row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    Total,
    Basic,
    Personnel,
    Public,
    Project,
    RemitSuperior,
    Operating,
    SubsidySubordinate,
    Budget,
    BudgetInitial,
    Opening,
    Closing,
    Income,
}

impl Nature {
    /// The parts of a total column (the software's own sums, re-verified per row).
    pub fn parts(self, present: &[Nature]) -> Vec<Nature> {
        use Nature::*;
        let want: &[Nature] = match self {
            Total => &[Basic, Project, RemitSuperior, Operating, SubsidySubordinate],
            Basic => &[Personnel, Public],
            _ => &[],
        };
        let parts: Vec<Nature> = want
            .iter()
            .copied()
            .filter(|p| present.contains(p))
            .collect();
        // A total is checked only when the table shows the parts it sums; a 基本支出
        // column without both 人员经费 and 公用经费 cannot be checked.
        match self {
            Basic if parts.len() < 2 => vec![],
            Total if !parts.contains(&Basic) && !parts.contains(&Personnel) => vec![],
            _ => parts,
        }
    }

    pub fn word(self) -> &'static str {
        use Nature::*;
        match self {
            Total => "合计",
            Basic => "基本支出",
            Personnel => "人员经费",
            Public => "公用经费",
            Project => "项目支出",
            RemitSuperior => "上缴上级支出",
            Operating => "经营支出",
            SubsidySubordinate => "对附属单位补助支出",
            Budget => "全年预算数",
            BudgetInitial => "年初预算数",
            Opening => "年初结转和结余",
            Closing => "年末结转和结余",
            Income => "本年收入",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
pub enum TableSpec {
    /// Rows by 功能分类 code (类/款/项 and a 合计 row), columns by nature.
    Functional {
        scope: Scope,
        /// Header of the code column.
        #[serde(default = "default_code_header")]
        code_header: Vec<String>,
        columns: Vec<ColumnSpec>,
    },
    /// 经济分类 codes with amounts: rows by code (one or several panels side by side),
    /// or codes across the header with the amounts in the 合计 row.
    Economic {
        /// Where the amounts go: `basic_economic`.
        to: String,
        /// Header of the amount column (row layout).
        value_header: Vec<String>,
    },
    /// One data row under a header (the 三公 table): each column one figure.
    Record { columns: Vec<RecordColumn> },
}

fn default_code_header() -> Vec<String> {
    vec!["科目编码".into(), "功能分类科目编码".into(), "编码".into()]
}

/// A column of a functional table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub to: Nature,
    /// Header path from outer to inner (`[本年支出, 基本支出]`); each element may list
    /// alternatives separated by `|`.
    pub header: Vec<String>,
    #[serde(default)]
    pub optional: bool,
    /// The 合计 row's value goes to `declared.<this>`.
    #[serde(default)]
    pub declared: Option<String>,
    /// The 合计 row's value goes to this model path (e.g. `balances.opening.general_budget`).
    #[serde(default)]
    pub total_to: Option<String>,
}

/// A column of a record table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordColumn {
    pub to: String,
    pub header: Vec<String>,
    #[serde(default)]
    pub optional: bool,
}

/// One figure found by its row label.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Model path (`income.general_budget`, `declared.grand_total`, `three_public.fleet.sedan`).
    pub to: String,
    /// Row label texts (alternatives), compared without enumeration and `其中：`.
    pub labels: Vec<String>,
    /// Value column header, when not the sheet's `value_header`.
    #[serde(default)]
    pub header: Vec<String>,
    /// Only rows below the row labelled so (sub-rows of a block).
    #[serde(default)]
    pub after: Option<String>,
    #[serde(default)]
    pub optional: bool,
    /// Paths whose values are subtracted (the part of a printed total that no row shows).
    #[serde(default)]
    pub minus: Vec<String>,
}

impl Mapping {
    /// Parses a mapping file's text.
    #[allow(clippy::result_large_err)] // a finding, once per run
    pub fn parse(name: &str, text: &str) -> Result<Mapping, Finding> {
        let mut m: Mapping = serde_yaml::from_str(text).map_err(|e| {
            Finding::error("I020", "", format!("映射文件 {name} 有误：{e}"))
                .help("映射文件的格式见 docs/import.md")
        })?;
        m.source = name.to_string();
        Ok(m)
    }

    /// Reads a mapping file from disk.
    #[allow(clippy::result_large_err)] // a finding, once per run
    pub fn from_file(path: &Path) -> Result<Mapping, Finding> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Finding::error(
                "I020",
                "",
                format!("无法读取映射文件 {}：{e}", path.display()),
            )
        })?;
        Mapping::parse(&path.display().to_string(), &text)
    }

    /// The built-in mappings.
    pub fn builtin() -> Vec<Mapping> {
        BUILTIN
            .iter()
            .map(|(n, t)| Mapping::parse(n, t).expect("built-in mapping is valid"))
            .collect()
    }

    pub fn sheet(&self, id: &str) -> Option<&SheetSpec> {
        self.sheets.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_mappings_parse_and_target_real_fields() {
        let skeleton = super::super::assemble::skeleton_paths();
        for m in Mapping::builtin() {
            assert!(!m.sheets.is_empty(), "{}", m.source);
            for s in &m.sheets {
                let mut targets: Vec<&str> = s.fields.iter().map(|f| f.to.as_str()).collect();
                if let Some(TableSpec::Record { columns }) = &s.table {
                    targets.extend(columns.iter().map(|c| c.to.as_str()));
                }
                if let Some(TableSpec::Functional { columns, .. }) = &s.table {
                    for c in columns {
                        if let Some(d) = &c.declared {
                            assert!(skeleton.contains(&format!("declared.{d}")), "{d}");
                        }
                        targets.extend(c.total_to.as_deref());
                    }
                }
                for t in targets {
                    assert!(
                        skeleton.contains(t),
                        "{}: {} is no model field",
                        m.source,
                        t
                    );
                }
            }
        }
    }
}
