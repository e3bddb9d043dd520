//! The table-set file (`templates/tables/<set>.yaml`): which tables, in which order,
//! with which layout and columns. Data of the template set, parsed with serde and loaded
//! once per run by `config::TemplateSet`; docs/tables.md documents it.

use serde::Deserialize;

use crate::model::Fund;

/// A table set file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSet {
    /// Printed under a table where a displayed total differs from its displayed parts.
    pub rounding_note: String,
    /// Print zero amounts of detail rows as blank cells (totals always print).
    #[serde(default = "yes")]
    pub blank_zero: bool,
    pub tables: Vec<TableSpec>,
}

fn yes() -> bool {
    true
}

/// Which layout a table uses.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LayoutKind {
    Grid,
    TwoSided,
    Panels,
}

/// Row source of a grid table.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// 功能分类 合计/类/款/项 of the expenditure lines of `funds`.
    Functional,
    /// 一般公共预算财政拨款 by 经济分类 类/款.
    Economic,
    /// The single 三公 row.
    ThreePublic,
}

/// Fund selection of a functional source.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
pub enum FundSel {
    #[default]
    #[serde(rename = "全部")]
    All,
    #[serde(rename = "财政拨款")]
    Fiscal,
    #[serde(rename = "一般公共预算")]
    GeneralBudget,
    #[serde(rename = "政府性基金")]
    GovernmentFund,
    #[serde(rename = "国有资本经营")]
    StateCapital,
}

impl FundSel {
    /// The funds the selection covers.
    pub fn funds(self) -> Vec<Fund> {
        match self {
            FundSel::All => Fund::ALL.to_vec(),
            FundSel::Fiscal => vec![
                Fund::GeneralBudget,
                Fund::GovernmentFund,
                Fund::StateCapital,
            ],
            FundSel::GeneralBudget => vec![Fund::GeneralBudget],
            FundSel::GovernmentFund => vec![Fund::GovernmentFund],
            FundSel::StateCapital => vec![Fund::StateCapital],
        }
    }
}

/// One table of the set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Position in the set: 1 → 一、.
    pub number: u32,
    /// 公开01表.
    pub form: String,
    pub title: String,
    pub layout: LayoutKind,
    /// Print on a landscape page.
    #[serde(default)]
    pub landscape: bool,
    /// 注：本表反映… (`{year}` is replaced).
    #[serde(default)]
    pub footnote: String,
    /// Printed instead of the grid when every amount is zero (`{year}` is replaced);
    /// without it an all-zero table prints its zeros.
    #[serde(default)]
    pub empty_statement: Option<String>,
    /// Font size in pt (default 9).
    #[serde(default)]
    pub font_size: Option<f32>,
    // grid
    #[serde(default)]
    pub source: Option<SourceKind>,
    #[serde(default)]
    pub funds: FundSel,
    #[serde(default)]
    pub columns: Vec<ColumnSpec>,
    /// Label of the first row (default 合计; empty: no total row).
    #[serde(default)]
    pub total_label: Option<String>,
    // two_sided
    #[serde(default)]
    pub left: Option<SideSpec>,
    #[serde(default)]
    pub right: Option<SideSpec>,
    #[serde(default)]
    pub bottom: Vec<BottomRow>,
    // panels
    #[serde(default)]
    pub panels: Vec<PanelSpec>,
    /// Headers of each panel's three columns.
    #[serde(default)]
    pub panel_columns: Vec<String>,
    /// List every catalogue 款 of a panel's 类 (true) or only those incurred.
    #[serde(default)]
    pub all_items: bool,
    #[serde(default)]
    pub footer: Vec<FooterCell>,
    /// Extra rounding checks over whole-unit figures: a total and its parts.
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// A column: its header path (outer → inner; equal neighbours merge) and the field shown.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub header: Vec<String>,
    /// A value field of the source, or `code`, `name`, `class_code`, `kuan_code`,
    /// `xiang_code`, `label`, `line` (行次).
    pub field: String,
    /// Typst track size (`auto`, `1fr`, `2.5cm` …).
    #[serde(default)]
    pub width: Option<String>,
    /// Fields whose sum this column is (for the rounding note).
    #[serde(default)]
    pub parts: Vec<String>,
    /// Drop the column when it is zero in every row.
    #[serde(default)]
    pub hide_if_zero: bool,
}

impl ColumnSpec {
    /// A label column (code, name, 行次) rather than an amount.
    pub fn is_stub(&self) -> bool {
        matches!(
            self.field.as_str(),
            "code" | "name" | "class_code" | "kuan_code" | "xiang_code" | "label" | "line"
        )
    }
}

/// One side of a two-sided table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideSpec {
    pub columns: Vec<ColumnSpec>,
    /// Explicit rows (whole-unit figures by name).
    #[serde(default)]
    pub rows: Vec<LineSpec>,
    /// Rows are the 功能分类 类 (standard order); value columns name class fields.
    #[serde(default)]
    pub classes: bool,
    /// For `classes`: the whole-unit figure each value column's class rows add up to.
    #[serde(default)]
    pub classes_total: Vec<String>,
}

/// An explicit row: a label and one whole-unit figure per value column.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LineSpec {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub fields: Vec<String>,
    /// Print in bold and always print zeros (总计, 合计 lines).
    #[serde(default)]
    pub total: bool,
    /// Indent in em.
    #[serde(default)]
    pub indent: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BottomRow {
    #[serde(default)]
    pub left: LineSpec,
    #[serde(default)]
    pub right: LineSpec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelSpec {
    /// Heading over the panel (人员经费 / 公用经费).
    pub header: String,
    /// 经济分类 类 codes listed in the panel.
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FooterCell {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default = "one")]
    pub span: usize,
}

fn one() -> usize {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub total: String,
    pub parts: Vec<String>,
}

impl TableSet {
    /// Parses a table-set file; the error names the line and column.
    pub fn parse(text: &str) -> Result<TableSet, String> {
        crate::model::guard::check(text).map_err(|f| f.message)?;
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }
}
