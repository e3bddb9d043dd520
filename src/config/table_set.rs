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
    /// How every zero amount of every table prints (one policy for the whole set).
    #[serde(default)]
    pub zero_cells: Option<ZeroCells>,
    /// Older spelling of `zero_cells`: true = `blank`, false = `0.00`.
    #[serde(default)]
    pub blank_zero: Option<bool>,
    /// 行次 of the two-sided tables (01, 04).
    #[serde(default)]
    pub line_numbers: LineNumbers,
    /// Printed after the title on a table's continuation pages.
    #[serde(default = "continued")]
    pub continued: String,
    /// Cell text size in pt of every table without its own `font_size` (default 9).
    #[serde(default)]
    pub font_size: Option<f32>,
    /// Page margins of the table pages.
    #[serde(default)]
    pub page: PageSpec,
    pub tables: Vec<TableSpec>,
}

fn continued() -> String {
    "（续表）".into()
}

impl TableSet {
    /// The set's zero policy.
    pub fn zeros(&self) -> ZeroCells {
        match (self.zero_cells, self.blank_zero) {
            (Some(z), _) => z,
            (None, Some(false)) => ZeroCells::Zero,
            _ => ZeroCells::Blank,
        }
    }
}

/// How a zero amount prints.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
pub enum ZeroCells {
    /// An empty cell, as the 决算 system exports its tables.
    #[default]
    #[serde(rename = "blank")]
    Blank,
    #[serde(rename = "0.00")]
    Zero,
    #[serde(rename = "-")]
    Dash,
}

/// 行次 numbering of two-sided tables.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum LineNumbers {
    /// As the official form: the income side's rows (filler rows too) 1…N, its bottom
    /// block N+1…, then the expenditure side continues from there.
    #[default]
    Continuous,
    /// Each side from 1, its labelled rows only.
    Restart,
}

/// Margins of the table pages, Typst lengths (`3.2cm`, `25mm`, `72pt`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSpec {
    #[serde(default = "portrait")]
    pub portrait: Margins,
    #[serde(default = "landscape")]
    pub landscape: Margins,
}

impl Default for PageSpec {
    fn default() -> Self {
        PageSpec {
            portrait: portrait(),
            landscape: landscape(),
        }
    }
}

/// Four margins.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: String,
    pub bottom: String,
    pub left: String,
    pub right: String,
}

fn margins(top: &str, bottom: &str, left: &str, right: &str) -> Margins {
    Margins {
        top: top.into(),
        bottom: bottom.into(),
        left: left.into(),
        right: right.into(),
    }
}

/// The report's own margins: folios stay where the text pages have them.
fn portrait() -> Margins {
    margins("3.2cm", "3cm", "2.8cm", "2.6cm")
}

fn landscape() -> Margins {
    margins("1.2cm", "1.5cm", "1.8cm", "1.8cm")
}

/// A Typst length (`pt`, `mm`, `cm`, `in`) in pt.
pub fn length_pt(s: &str) -> Option<f64> {
    let s = s.trim();
    for (unit, factor) in [
        ("pt", 1.0),
        ("mm", 72.0 / 25.4),
        ("cm", 72.0 / 2.54),
        ("in", 72.0),
    ] {
        if let Some(n) = s.strip_suffix(unit) {
            return n
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .map(|x| x * factor);
        }
    }
    None
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
    /// Cell text size in pt (default: the set's `font_size`, else 9).
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
    /// Least width as a length (`2.5cm`, `30mm`, `72pt`); the content decides beyond
    /// it. Track sizes of older sets (`auto`, `1fr`) are accepted and ignored.
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
        let set: TableSet = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        set.check_lengths()?;
        Ok(set)
    }

    /// What serde cannot check: every page margin is a length.
    pub fn check_lengths(&self) -> Result<(), String> {
        for (name, m) in [
            ("portrait", &self.page.portrait),
            ("landscape", &self.page.landscape),
        ] {
            for (side, v) in [
                ("top", &m.top),
                ("bottom", &m.bottom),
                ("left", &m.left),
                ("right", &m.right),
            ] {
                if length_pt(v).is_none() {
                    return Err(format!(
                        "page.{name}.{side}：“{v}”不是长度（应写成 2cm、20mm 或 56pt）"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The forms (公开07表 …) that print 项目支出 by 经济分类: an 经济分类 grid (its rows
    /// hold project spending) or a 功能分类 grid with `project_<类>` columns. Their data
    /// must break every 一般公共预算 project down by 经济分类 (audit B010).
    pub fn project_economic_forms(&self) -> Vec<&str> {
        self.tables
            .iter()
            .filter(|t| {
                t.layout == LayoutKind::Grid
                    && match t.source {
                        Some(SourceKind::Economic) => true,
                        Some(SourceKind::Functional) | None => {
                            t.columns.iter().any(|c| c.field.starts_with("project_"))
                        }
                        Some(SourceKind::ThreePublic) => false,
                    }
            })
            .map(|t| t.form.as_str())
            .collect()
    }
}
