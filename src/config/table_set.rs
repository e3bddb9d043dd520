//! The table-set file (`templates/tables/<set>.yaml`): which tables, in which order,
//! with which layout and columns. Data of the template set, parsed with serde and loaded
//! once per run by `config::TemplateSet`; docs/tables.md documents it.

use serde::Deserialize;

use crate::edition::Edition;
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
    /// Layout key (`total`, `basic`, `three_public` …): the report edition lists the
    /// tables of a year by it and gives their numbers, forms and titles. A set whose
    /// tables have no `id` is a complete list of its own (then `number`, `form` and
    /// `title` are required).
    #[serde(default)]
    pub id: Option<String>,
    /// Position in the set: 1 → 一、 (from the edition for a set of ids).
    #[serde(default)]
    pub number: u32,
    /// 公开01表 (from the edition for a set of ids).
    #[serde(default)]
    pub form: String,
    /// The title; in a set of ids it overrides the edition's title when given.
    #[serde(default)]
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
    /// Parses a table-set file and checks its shape; the error names the line and
    /// column, or the table.
    pub fn parse(text: &str) -> Result<TableSet, String> {
        crate::model::guard::check(text).map_err(|f| f.message)?;
        let set: TableSet = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        set.validate()?;
        Ok(set)
    }

    /// Whether the tables are layouts by id, listed per year by the report edition.
    pub fn by_id(&self) -> bool {
        self.tables.iter().any(|t| t.id.is_some())
    }

    /// Ids on every table or on none; ids unique; a list of its own states each table's
    /// number, form and title.
    pub fn validate(&self) -> Result<(), String> {
        let which = |i: usize, t: &TableSpec| match &t.id {
            Some(id) => format!("第{}张表（id: {id}）", i + 1),
            None => format!("第{}张表（{}）", i + 1, t.title),
        };
        if self.by_id() {
            let mut seen = std::collections::BTreeSet::new();
            for (i, t) in self.tables.iter().enumerate() {
                match &t.id {
                    None => {
                        return Err(format!(
                            "{}没有 id：表套中的表要么都写 id（由报告版本按年度列出），要么都不写",
                            which(i, t)
                        ))
                    }
                    Some(id) if !seen.insert(id.as_str()) => {
                        return Err(format!("id “{id}” 出现两次"))
                    }
                    _ => {}
                }
            }
        } else {
            for (i, t) in self.tables.iter().enumerate() {
                if t.number == 0 || t.form.is_empty() || t.title.is_empty() {
                    return Err(format!(
                        "{}缺少 number、form 或 title（不写 id 的表套须写出每张表的表号与标题）",
                        which(i, t)
                    ));
                }
            }
        }
        Ok(())
    }

    /// The tables of `edition`, in its order, with its numbers, forms and titles (a title
    /// in the set file wins). A set without ids is its own list and is returned as it is.
    /// `Err`: the ids the edition lists that the set has no layout for.
    pub fn for_edition(&self, edition: &Edition) -> Result<TableSet, Vec<String>> {
        if !self.by_id() {
            return Ok(self.clone());
        }
        let mut missing = Vec::new();
        let mut tables = Vec::new();
        for e in &edition.tables {
            match self.tables.iter().find(|t| t.id.as_deref() == Some(&e.id)) {
                Some(t) => {
                    let mut t = t.clone();
                    t.number = e.number as u32;
                    t.form.clone_from(&e.form);
                    if t.title.is_empty() {
                        t.title.clone_from(&e.title);
                    }
                    tables.push(t);
                }
                None => missing.push(e.id.clone()),
            }
        }
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(TableSet {
            tables,
            ..self.clone_empty()
        })
    }

    fn clone_empty(&self) -> TableSet {
        TableSet {
            rounding_note: self.rounding_note.clone(),
            blank_zero: self.blank_zero,
            tables: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "rounding_note: x\ntables:\n";

    #[test]
    fn ids_on_all_tables_or_none_and_own_lists_state_their_titles() {
        let own = "  - {number: 1, form: 公开01表, title: 总表, layout: grid}\n";
        assert!(TableSet::parse(&format!("{HEAD}{own}")).is_ok());
        let untitled = "  - {number: 1, form: 公开01表, layout: grid}\n";
        let e = TableSet::parse(&format!("{HEAD}{untitled}")).unwrap_err();
        assert!(e.contains("title"), "{e}");
        let mixed = "  - {id: total, layout: grid}\n  - {number: 2, form: 公开02表, title: 乙, layout: grid}\n";
        let e = TableSet::parse(&format!("{HEAD}{mixed}")).unwrap_err();
        assert!(e.contains("id"), "{e}");
        let twice = "  - {id: total, layout: grid}\n  - {id: total, layout: grid}\n";
        assert!(TableSet::parse(&format!("{HEAD}{twice}"))
            .unwrap_err()
            .contains("两次"));
    }

    #[test]
    fn an_edition_orders_numbers_and_titles_a_set_of_ids() {
        let set = TableSet::parse(&format!(
            "{HEAD}  - {{id: income, layout: grid}}\n  - {{id: total, layout: grid, title: 自定标题}}\n"
        ))
        .unwrap();
        let file = crate::edition::EditionFile::parse(
            "id: x\nname: 某省\nyears:\n  - year: 2021\n    part1:\n      部门: {duties: 一、部门职责}\n      单位: {duties: 一、主要职责}\n    section7: {heading: 七、, overall: a, detail: b}\n    tables:\n      - {id: total, title: 收入支出决算总表}\n      - {id: income, title: 收入决算表}\n",
        )
        .unwrap();
        let e = file.resolve(2021, crate::model::ReportKind::Unit);
        let s = set.for_edition(&e).unwrap();
        let got: Vec<(u32, &str, &str)> = s
            .tables
            .iter()
            .map(|t| (t.number, t.form.as_str(), t.title.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![(1, "公开01表", "自定标题"), (2, "公开02表", "收入决算表")],
            "the edition's order; a title in the set file wins"
        );
        let only_total =
            TableSet::parse(&format!("{HEAD}  - {{id: total, layout: grid}}\n")).unwrap();
        assert_eq!(only_total.for_edition(&e).unwrap_err(), vec!["income"]);
    }
}
