//! The 附表 view: a table set (`templates/tables/<set>.yaml`, data of the template set)
//! applied to the row sources of `compute::tables`, giving every table as ready cells
//! (header rows with spans, 栏次 row, body rows with indentation), amounts formatted in
//! 元 or 万元, and the rounding note where a displayed total differs from the sum of its
//! displayed parts. `templates/tables/table.typ` lays a `TableView` out; it computes nothing.
//!
//! Layouts: `grid` (rows from a source, columns picked by field), `two_sided` (收入 | 支出
//! side by side, 01 and 04), `panels` (several 科目编码 | 科目名称 | 决算数 panels side by
//! side, 08). docs/tables.md describes the file format.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Names};
use crate::compute::round_half_up;
use crate::compute::tables::{self as src, RowKind, SrcRow, Values};
use crate::compute::Figures;
use crate::model::{Fund, ReportData, Settings, TableUnit};

use super::format::yuan;

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
    fn funds(self) -> Vec<Fund> {
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
    fn is_stub(&self) -> bool {
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
    pub fn parse(text: &str) -> Result<TableSet, String> {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }

    /// The built-in set `tables/<name>.yaml`.
    pub fn builtin(name: &str) -> Option<Result<TableSet, String>> {
        let file = format!("tables/{name}.yaml");
        super::templates::builtin()
            .iter()
            .find(|(n, _)| *n == file)
            .map(|(_, t)| TableSet::parse(t))
    }

    /// The set `tables/<name>.yaml` from a template folder (`--templates`), else built in.
    pub fn load(
        overrides: Option<&std::path::Path>,
        name: &str,
    ) -> Option<Result<TableSet, String>> {
        if let Some(dir) = overrides {
            let p = dir.join("tables").join(format!("{name}.yaml"));
            if p.is_file() {
                return Some(
                    std::fs::read_to_string(&p)
                        .map_err(|e| format!("{}：{e}", p.display()))
                        .and_then(|t| {
                            TableSet::parse(&t).map_err(|e| format!("{}：{e}", p.display()))
                        }),
                );
            }
        }
        TableSet::builtin(name)
    }
}

/// A cell ready for Typst.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CellView {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
    /// `left`, `center`, `right`.
    pub align: &'static str,
    /// Indentation in em.
    pub indent: u32,
    pub strong: bool,
    /// Spans and alignment are the column's defaults: the template can print bare content
    /// (much cheaper for typst than a `table.cell`).
    pub plain: bool,
}

impl CellView {
    fn new(text: impl Into<String>, align: &'static str) -> CellView {
        CellView {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
            align,
            indent: 0,
            strong: false,
            plain: false,
        }
    }
    fn span(mut self, c: usize, r: usize) -> CellView {
        self.colspan = c;
        self.rowspan = r;
        self
    }
}

/// One table as printed.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub number: u32,
    /// 一、 … 十三、 numbering word.
    pub numeral: String,
    pub form: String,
    pub title: String,
    /// 部门：<unit>.
    pub unit_line: String,
    /// 金额单位：元.
    pub money_unit: String,
    pub landscape: bool,
    pub font_size: String,
    /// Typst track sizes, joined: `(auto, 1fr, …)`.
    pub widths: String,
    /// Default alignment per column, joined: `(left + horizon, right + horizon, …)`.
    pub aligns: String,
    pub header: Vec<Vec<CellView>>,
    pub rows: Vec<Vec<CellView>>,
    pub empty: bool,
    pub empty_statement: String,
    pub footnote: String,
    pub rounding_note: bool,
    pub rounding_note_text: String,
}

/// All tables of part 5.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TablesView {
    pub items: Vec<TableView>,
    /// A table-set file that could not be read (printed in place of the tables).
    pub error: String,
}

/// Builds the tables of the built-in set named by `settings.template_set`.
pub fn build(
    data: &ReportData,
    fig: &Figures,
    catalog: &Catalog,
    settings: &Settings,
) -> TablesView {
    match TableSet::builtin(&settings.template_set).or_else(|| TableSet::builtin("sichuan")) {
        Some(Ok(set)) => build_with(&set, data, fig, catalog, settings),
        Some(Err(e)) => TablesView {
            items: Vec::new(),
            error: format!("附表配置文件有误：{e}"),
        },
        None => TablesView::default(),
    }
}

/// Everything a table reads besides its spec.
struct Ctx<'a> {
    data: &'a ReportData,
    fig: &'a Figures,
    names: Names<'a>,
    scale: Decimal,
    blank_zero: bool,
    scalars: Values,
}

impl Ctx<'_> {
    /// The displayed value (rounded half-up to 2 decimals in the table unit).
    fn shown(&self, x: Decimal) -> Decimal {
        round_half_up(x / self.scale, 2)
    }
    fn money(&self, x: Option<Decimal>, total: bool) -> String {
        match x {
            None => String::new(),
            Some(x) if x.is_zero() && self.blank_zero && !total => String::new(),
            Some(x) => yuan(x / self.scale),
        }
    }
    fn scalar(&self, k: &str) -> Option<Decimal> {
        if k.is_empty() {
            None
        } else {
            self.scalars.get(k).copied()
        }
    }
    /// Whether the displayed `total` differs from the sum of the displayed `parts`.
    fn mismatch(&self, total: Decimal, parts: impl IntoIterator<Item = Decimal>) -> bool {
        self.shown(total) != parts.into_iter().map(|p| self.shown(p)).sum::<Decimal>()
    }
}

/// Builds the tables of `set`.
pub fn build_with(
    set: &TableSet,
    data: &ReportData,
    fig: &Figures,
    catalog: &Catalog,
    settings: &Settings,
) -> TablesView {
    let ctx = Ctx {
        data,
        fig,
        names: Names {
            functional: catalog.functional(data.unit.year),
            economic: &catalog.economic,
            custom: &data.code_names,
        },
        scale: match settings.table_unit {
            TableUnit::Yuan => Decimal::ONE,
            TableUnit::TenThousand => Decimal::from(10_000),
        },
        blank_zero: set.blank_zero,
        scalars: src::scalars(data, fig),
    };
    let money_unit = match settings.table_unit {
        TableUnit::Yuan => "金额单位：元",
        TableUnit::TenThousand => "金额单位：万元",
    };
    let year = data.unit.year.to_string();
    let items = set
        .tables
        .iter()
        .map(|spec| {
            let body = match spec.layout {
                LayoutKind::Grid => grid(&ctx, spec),
                LayoutKind::TwoSided => two_sided(&ctx, spec),
                LayoutKind::Panels => panels(&ctx, spec),
            };
            let extra = spec.checks.iter().any(|c| {
                ctx.mismatch(
                    ctx.scalar(&c.total).unwrap_or_default(),
                    c.parts.iter().map(|p| ctx.scalar(p).unwrap_or_default()),
                )
            });
            let empty = spec.empty_statement.is_some() && body.all_zero;
            let mut rows = body.rows;
            let aligns = mark_plain(&mut rows, body.widths.len());
            TableView {
                number: spec.number,
                numeral: numeral(spec.number),
                form: spec.form.clone(),
                title: spec.title.clone(),
                unit_line: format!("{}：{}", data.unit.kind.word(), data.unit.name),
                money_unit: money_unit.into(),
                // A no-data statement needs no wide page.
                landscape: spec.landscape && !empty,
                font_size: format!("{}", spec.font_size.unwrap_or(9.0)),
                widths: format!("({},)", body.widths.join(", ")),
                aligns: format!(
                    "({},)",
                    aligns
                        .iter()
                        .map(|a| format!("{a} + horizon"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                header: body.header,
                rows,
                empty,
                empty_statement: spec
                    .empty_statement
                    .clone()
                    .unwrap_or_default()
                    .replace("{year}", &year),
                footnote: spec.footnote.replace("{year}", &year),
                rounding_note: !empty && (body.rounding || extra),
                rounding_note_text: set.rounding_note.clone(),
            }
        })
        .collect();
    TablesView {
        items,
        error: String::new(),
    }
}

/// Takes each column's alignment from the last row without spans and marks the cells
/// that need no `table.cell` of their own.
fn mark_plain(rows: &mut [Vec<CellView>], columns: usize) -> Vec<&'static str> {
    let mut aligns = vec!["left"; columns];
    if let Some(full) = rows
        .iter()
        .rev()
        .find(|r| r.len() == columns && r.iter().all(|c| c.colspan == 1 && c.rowspan == 1))
    {
        for (a, c) in aligns.iter_mut().zip(full) {
            *a = c.align;
        }
    }
    for r in rows.iter_mut() {
        let mut col = 0;
        for c in r.iter_mut() {
            c.plain = c.colspan == 1 && c.rowspan == 1 && aligns.get(col) == Some(&c.align);
            col += c.colspan;
        }
    }
    aligns
}

/// A laid-out table body.
struct Body {
    widths: Vec<String>,
    header: Vec<Vec<CellView>>,
    rows: Vec<Vec<CellView>>,
    all_zero: bool,
    rounding: bool,
}

/// 1 → 一, 13 → 十三.
pub fn numeral(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

fn width_of(c: &ColumnSpec) -> String {
    let w = c.width.clone().unwrap_or_else(|| {
        match c.field.as_str() {
            "name" | "label" => "2.2fr",
            "code" | "class_code" | "kuan_code" | "xiang_code" | "line" => "auto",
            _ => "1fr",
        }
        .to_string()
    });
    // Typst code from a template file: accept only track sizes.
    let ok = w == "auto"
        || ["fr", "pt", "cm", "mm", "em", "%"].iter().any(|u| {
            w.strip_suffix(u)
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
        });
    if ok {
        w
    } else {
        "1fr".into()
    }
}

/// Header rows of `columns` (paths merged) plus the 栏次 row numbering value columns
/// from `first_number`.
fn header_rows(
    columns: &[&ColumnSpec],
    first_number: &mut usize,
) -> (Vec<Vec<CellView>>, Vec<CellView>) {
    let depth = columns
        .iter()
        .map(|c| c.header.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut rows = Vec::new();
    for level in 0..depth {
        let mut row = Vec::new();
        let mut i = 0;
        while i < columns.len() {
            let c = columns[i];
            if c.header.len() <= level {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < columns.len()
                && columns[j].header.len() > level
                && columns[j].header[..=level] == c.header[..=level]
                && !(c.header.len() == level + 1 || columns[j].header.len() == level + 1)
            {
                j += 1;
            }
            let rowspan = if c.header.len() == level + 1 {
                depth - level
            } else {
                1
            };
            let mut cell = CellView::new(c.header[level].clone(), "center").span(j - i, rowspan);
            cell.strong = true;
            row.push(cell);
            i = j;
        }
        rows.push(row);
    }
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < columns.len() {
        if columns[i].is_stub() {
            let mut j = i;
            while j < columns.len() && columns[j].is_stub() {
                j += 1;
            }
            numbers.push(CellView::new("栏次", "center").span(j - i, 1));
            i = j;
        } else {
            numbers.push(CellView::new(first_number.to_string(), "center"));
            *first_number += 1;
            i += 1;
        }
    }
    (rows, numbers)
}

fn stub_text(field: &str, r: &SrcRow) -> String {
    let cut = |n: usize| {
        if r.code.len() >= n {
            r.code[n - 2.min(n)..n].to_string()
        } else {
            String::new()
        }
    };
    match field {
        "code" => r.code.clone(),
        "name" | "label" => r.name.clone(),
        "class_code" => r.code.get(..3).unwrap_or("").to_string(),
        "kuan_code" => {
            if r.code.len() >= 5 {
                cut(5)
            } else {
                String::new()
            }
        }
        "xiang_code" => {
            if r.code.len() >= 7 {
                cut(7)
            } else {
                String::new()
            }
        }
        _ => String::new(),
    }
}

fn grid(ctx: &Ctx, spec: &TableSpec) -> Body {
    let rows: Vec<SrcRow> = match spec.source.unwrap_or(SourceKind::Functional) {
        SourceKind::Functional => {
            src::functional_source(ctx.data, ctx.fig, &ctx.names, &spec.funds.funds())
        }
        SourceKind::Economic => src::economic_source(ctx.data, ctx.fig, &ctx.names),
        SourceKind::ThreePublic => src::three_public_source(ctx.fig),
    };
    let total_label = spec.total_label.clone().unwrap_or_else(|| "合计".into());
    let rows: Vec<SrcRow> = rows
        .into_iter()
        .filter(|r| r.kind != RowKind::Total || !total_label.is_empty())
        .collect();
    let value = |r: &SrcRow, f: &str| r.get(f);
    let columns: Vec<&ColumnSpec> = spec
        .columns
        .iter()
        .filter(|c| {
            c.is_stub()
                || !c.hide_if_zero
                || rows
                    .iter()
                    .any(|r| !value(r, &c.field).unwrap_or_default().is_zero())
        })
        .collect();
    let values: Vec<&ColumnSpec> = columns.iter().copied().filter(|c| !c.is_stub()).collect();
    let shows = |r: &SrcRow| {
        values
            .iter()
            .any(|c| !value(r, &c.field).unwrap_or_default().is_zero())
    };
    let all_zero = !rows.iter().any(shows);

    // Rounding: the hierarchy (合计 = Σ 类 (+ items); 类 = Σ 款; 款 = Σ 项) and the
    // column sums the spec declares, over displayed values.
    let mut rounding = false;
    for c in &values {
        for (i, r) in rows.iter().enumerate() {
            let Some(total) = value(r, &c.field) else {
                continue;
            };
            let children: Vec<Decimal> = match r.kind {
                RowKind::Total => rows
                    .iter()
                    .filter(|x| matches!(x.kind, RowKind::Level(0) | RowKind::Item))
                    .filter_map(|x| value(x, &c.field))
                    .collect(),
                RowKind::Level(d) => rows[i + 1..]
                    .iter()
                    .take_while(|x| {
                        matches!(x.kind, RowKind::Level(e) if e > d) && x.code.starts_with(&r.code)
                    })
                    .filter(|x| x.kind == RowKind::Level(d + 1))
                    .filter_map(|x| value(x, &c.field))
                    .collect(),
                RowKind::Item => Vec::new(),
            };
            if !children.is_empty() && ctx.mismatch(total, children) {
                rounding = true;
            }
        }
        if !c.parts.is_empty() {
            for r in &rows {
                if let Some(total) = value(r, &c.field) {
                    if ctx.mismatch(
                        total,
                        c.parts.iter().map(|p| value(r, p).unwrap_or_default()),
                    ) {
                        rounding = true;
                    }
                }
            }
        }
    }

    let mut n = 1;
    let (mut header, numbers) = header_rows(&columns, &mut n);
    header.push(numbers);
    let stub_count = columns.iter().take_while(|c| c.is_stub()).count();
    let mut body = Vec::new();
    for r in rows.iter().filter(|r| r.kind == RowKind::Total || shows(r)) {
        let mut cells = Vec::new();
        let is_total = r.kind == RowKind::Total;
        let mut i = 0;
        while i < columns.len() {
            let c = columns[i];
            if is_total && i == 0 && stub_count > 0 {
                let mut cell = CellView::new(total_label.clone(), "center").span(stub_count, 1);
                cell.strong = true;
                cells.push(cell);
                i = stub_count;
                continue;
            }
            let cell = if c.is_stub() {
                let mut cell = CellView::new(stub_text(&c.field, r), "left");
                if matches!(c.field.as_str(), "name" | "label") {
                    if let RowKind::Level(d) = r.kind {
                        cell.indent = d as u32;
                    }
                }
                cell.strong =
                    r.kind == RowKind::Level(0) && r.kind != RowKind::Item && rows.len() > 2;
                cell
            } else {
                let mut cell = CellView::new(
                    ctx.money(value(r, &c.field), is_total || r.kind == RowKind::Item),
                    "right",
                );
                cell.strong = is_total;
                cell
            };
            cells.push(cell);
            i += 1;
        }
        body.push(cells);
    }
    Body {
        widths: columns.iter().map(|c| width_of(c)).collect(),
        header,
        rows: body,
        all_zero,
        rounding,
    }
}

fn two_sided(ctx: &Ctx, spec: &TableSpec) -> Body {
    let (Some(left), Some(right)) = (&spec.left, &spec.right) else {
        return Body {
            widths: vec!["1fr".into()],
            header: Vec::new(),
            rows: vec![vec![CellView::new("（附表配置缺少 left / right）", "left")]],
            all_zero: false,
            rounding: false,
        };
    };
    let classes = src::class_source(ctx.data, &ctx.names);
    let mut rounding = false;
    // Side rows: (label, values, total?, indent).
    type SideRow = (String, Vec<Option<Decimal>>, bool, u32);
    let side_rows = |side: &SideSpec, rounding: &mut bool| -> Vec<SideRow> {
        let value_cols: Vec<&ColumnSpec> = side.columns.iter().filter(|c| !c.is_stub()).collect();
        if side.classes {
            for (k, c) in value_cols.iter().enumerate() {
                if let Some(t) = side.classes_total.get(k).and_then(|t| ctx.scalar(t)) {
                    if ctx.mismatch(t, classes.iter().filter_map(|r| r.get(&c.field))) {
                        *rounding = true;
                    }
                }
            }
            classes
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    (
                        format!("{}、{}", numeral(i as u32 + 1), r.name),
                        value_cols.iter().map(|c| r.get(&c.field)).collect(),
                        false,
                        0,
                    )
                })
                .collect()
        } else {
            side.rows
                .iter()
                .map(|l| {
                    (
                        l.label.clone(),
                        l.fields.iter().map(|f| ctx.scalar(f)).collect(),
                        l.total,
                        l.indent,
                    )
                })
                .collect()
        }
    };
    let mut lrows = side_rows(left, &mut rounding);
    let mut rrows = side_rows(right, &mut rounding);
    let body_len = lrows.len().max(rrows.len());
    lrows.resize(body_len, (String::new(), Vec::new(), false, 0));
    rrows.resize(body_len, (String::new(), Vec::new(), false, 0));
    for b in &spec.bottom {
        lrows.push((
            b.left.label.clone(),
            b.left.fields.iter().map(|f| ctx.scalar(f)).collect(),
            b.left.total,
            b.left.indent,
        ));
        rrows.push((
            b.right.label.clone(),
            b.right.fields.iter().map(|f| ctx.scalar(f)).collect(),
            b.right.total,
            b.right.indent,
        ));
    }
    let all_zero = lrows
        .iter()
        .chain(&rrows)
        .all(|r| r.1.iter().all(|v| v.unwrap_or_default().is_zero()));

    let columns: Vec<&ColumnSpec> = left.columns.iter().chain(&right.columns).collect();
    let mut n = 1;
    let (mut header, numbers) = header_rows(&columns, &mut n);
    header.push(numbers);
    let mut body = Vec::new();
    let mut line = [0usize; 2];
    for (lr, rr) in lrows.iter().zip(&rrows) {
        let mut cells = Vec::new();
        for (side_no, (side, r)) in [(left, lr), (right, rr)].into_iter().enumerate() {
            let mut k = 0;
            let blank = r.0.is_empty();
            if !blank {
                line[side_no] += 1;
            }
            for c in &side.columns {
                let cell = match c.field.as_str() {
                    "label" | "name" => {
                        let mut cell =
                            CellView::new(r.0.clone(), if r.2 { "center" } else { "left" });
                        cell.indent = r.3;
                        cell.strong = r.2;
                        cell
                    }
                    "line" => CellView::new(
                        if blank {
                            String::new()
                        } else {
                            line[side_no].to_string()
                        },
                        "center",
                    ),
                    _ => {
                        let v = r.1.get(k).copied().flatten();
                        k += 1;
                        let mut cell = CellView::new(
                            if blank {
                                String::new()
                            } else {
                                ctx.money(v, r.2)
                            },
                            "right",
                        );
                        cell.strong = r.2;
                        cell
                    }
                };
                cells.push(cell);
            }
        }
        body.push(cells);
    }
    Body {
        widths: columns.iter().map(|c| width_of(c)).collect(),
        header,
        rows: body,
        all_zero,
        rounding,
    }
}

fn panels(ctx: &Ctx, spec: &TableSpec) -> Body {
    let cols = if spec.panel_columns.len() == 3 {
        spec.panel_columns.clone()
    } else {
        vec!["科目编码".into(), "科目名称".into(), "决算数".into()]
    };
    let lists: Vec<Vec<SrcRow>> = spec
        .panels
        .iter()
        .map(|p| src::basic_economic_source(ctx.data, &ctx.names, &p.groups, spec.all_items))
        .collect();
    let mut rounding = false;
    for list in &lists {
        for (i, r) in list.iter().enumerate() {
            if r.kind == RowKind::Level(0) {
                let kids = list[i + 1..]
                    .iter()
                    .take_while(|x| x.kind == RowKind::Level(1))
                    .filter_map(|x| x.get("amount"));
                if ctx.mismatch(r.get("amount").unwrap_or_default(), kids) {
                    rounding = true;
                }
            }
        }
    }
    let all_zero = lists
        .iter()
        .flatten()
        .all(|r| r.get("amount").unwrap_or_default().is_zero());
    let mut header = vec![Vec::new(), Vec::new()];
    for p in &spec.panels {
        let mut h = CellView::new(p.header.clone(), "center").span(3, 1);
        h.strong = true;
        header[0].push(h);
        for c in &cols {
            let mut h = CellView::new(c.clone(), "center");
            h.strong = true;
            header[1].push(h);
        }
    }
    let rows_n = lists.iter().map(Vec::len).max().unwrap_or(0);
    let mut body = Vec::new();
    for i in 0..rows_n {
        let mut cells = Vec::new();
        for list in &lists {
            match list.get(i) {
                Some(r) => {
                    let top = r.kind == RowKind::Level(0);
                    let mut code = CellView::new(r.code.clone(), "left");
                    code.strong = top;
                    let mut name = CellView::new(r.name.clone(), "left");
                    name.indent = if top { 0 } else { 1 };
                    name.strong = top;
                    let mut amount = CellView::new(ctx.money(r.get("amount"), top), "right");
                    amount.strong = top;
                    cells.extend([code, name, amount]);
                }
                None => cells.extend((0..3).map(|_| CellView::new("", "left"))),
            }
        }
        body.push(cells);
    }
    if !spec.footer.is_empty() {
        let cells = spec
            .footer
            .iter()
            .map(|f| {
                let mut c = match (&f.field, &f.text) {
                    (Some(field), _) => CellView::new(ctx.money(ctx.scalar(field), true), "right"),
                    (None, Some(t)) => CellView::new(t.clone(), "center"),
                    _ => CellView::new("", "center"),
                };
                c.colspan = f.span.max(1);
                c.strong = true;
                c
            })
            .collect();
        body.push(cells);
    }
    let mut widths = Vec::new();
    for _ in &spec.panels {
        widths.extend(["auto".to_string(), "2fr".into(), "1.2fr".into()]);
    }
    Body {
        widths,
        header,
        rows: body,
        all_zero,
        rounding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    fn example(extra: &str) -> (ReportData, Catalog) {
        let mut text = include_str!("../../data/example/dongqu-media-2023.yaml").to_string();
        text.push_str(extra);
        let loaded = load_str(std::path::Path::new("example.yaml"), text).expect("example loads");
        (loaded.data, Catalog::builtin())
    }

    fn tables(data: &ReportData, cat: &Catalog, settings: &Settings) -> TablesView {
        let fig = crate::compute::compute(data, cat, settings);
        build(data, &fig, cat, settings)
    }

    fn table(v: &TablesView, n: u32) -> &TableView {
        v.items.iter().find(|t| t.number == n).unwrap()
    }

    fn row_with<'a>(t: &'a TableView, text: &str) -> &'a Vec<CellView> {
        t.rows
            .iter()
            .find(|r| r.iter().any(|c| c.text == text))
            .unwrap_or_else(|| panic!("no row with {text}"))
    }

    #[test]
    fn builtin_set_has_the_13_sichuan_tables() {
        let set = TableSet::builtin("sichuan").unwrap().unwrap();
        assert_eq!(set.tables.len(), 13);
        for (i, t) in set.tables.iter().enumerate() {
            assert_eq!(t.number as usize, i + 1);
            assert_eq!(t.form, format!("公开{:02}表", i + 1));
        }
        assert_eq!(numeral(13), "十三");
        // Another province's set is a template file only: the national 9 tables.
        let national = TableSet::builtin("national").unwrap().unwrap();
        assert_eq!(national.tables.len(), 9);
        let (data, cat) = example("");
        let s = Settings {
            template_set: "national".into(),
            ..Settings::default()
        };
        let v = tables(&data, &cat, &s);
        assert_eq!(v.items.len(), 9);
        assert_eq!(v.items[8].form, "公开09表");
        assert_eq!(v.items[8].title, "国有资本经营预算财政拨款支出决算表");
        assert_eq!(numeral(10), "十");
    }

    #[test]
    fn functional_rows_are_indented_by_level_and_total_comes_first() {
        let (data, cat) = example("");
        let v = tables(&data, &cat, &Settings::default());
        let t3 = table(&v, 3);
        assert_eq!(t3.rows[0][0].text, "合计");
        assert_eq!(t3.rows[0][1].text, "3,464,745.78");
        let class = row_with(t3, "201");
        assert_eq!(class[1].indent, 0);
        let kuan = row_with(t3, "20133");
        assert_eq!((kuan[1].text.as_str(), kuan[1].indent), ("宣传事务", 1));
        let xiang = row_with(t3, "2013350");
        assert_eq!((xiang[1].text.as_str(), xiang[1].indent), ("事业运行", 2));
        assert_eq!(t3.money_unit, "金额单位：元");
        assert_eq!(t3.unit_line, "部门：攀枝花市东区融媒体中心");
        // In 元 every figure is exact: no rounding note anywhere.
        assert!(v.items.iter().all(|t| !t.rounding_note));
        // Empty tables carry their statement.
        let t10 = table(&v, 10);
        assert!(t10.empty);
        assert!(t10
            .empty_statement
            .contains("本单位2023年度没有政府性基金预算财政拨款收入"));
        assert!(!table(&v, 6).empty);
    }

    #[test]
    fn ten_thousand_unit_rounds_and_notes_only_where_totals_differ() {
        let (data, cat) = example("");
        let s = Settings {
            table_unit: TableUnit::TenThousand,
            ..Settings::default()
        };
        let v = tables(&data, &cat, &s);
        let t1 = table(&v, 1);
        assert_eq!(t1.money_unit, "金额单位：万元");
        assert!(t1.rows.iter().flatten().any(|c| c.text == "346.47"));
        // 08: 人员经费 97.79 but its items in 万元 (20.09 + 2.92 + …) add to 97.78.
        let t8 = table(&v, 8);
        assert!(t8.rounding_note, "08 in 万元 has a rounding difference");
        // 13 is empty: no note.
        assert!(!table(&v, 13).rounding_note);
    }

    #[test]
    fn header_paths_merge_into_spanning_cells() {
        let (mut data, cat) = example("");
        data.three_public.vehicle_operation = crate::model::Money(Decimal::from(1000));
        let v = tables(&data, &cat, &Settings::default());
        let t13 = table(&v, 13);
        assert!(!t13.empty);
        // 预算数 | 决算数 over six columns each; 合计 spans down to the last header row.
        let top: Vec<(&str, usize)> = t13.header[0]
            .iter()
            .map(|c| (c.text.as_str(), c.colspan))
            .collect();
        assert_eq!(top, vec![("预算数", 6), ("决算数", 6)]);
        assert_eq!(
            (t13.header[1][0].text.as_str(), t13.header[1][0].rowspan),
            ("合计", 2)
        );
        assert_eq!(t13.header[1][2].text, "公务用车购置及运行费");
        assert_eq!(t13.header[1][2].colspan, 3);
        assert_eq!(t13.header[2].len(), 6);
        // The 栏次 row numbers all 12 value columns.
        assert_eq!(t13.header[3].last().unwrap().text, "12");
        assert_eq!(t13.rows.len(), 1);
    }

    #[test]
    fn ten_thousand_unit_without_differences_prints_no_note() {
        // Round figures: every displayed total equals its displayed parts.
        let (mut data, cat) = example("");
        for (_, m) in data.basic_economic.iter_mut() {
            m.0 = round_half_up(m.0 / Decimal::from(10_000), 0) * Decimal::from(10_000);
        }
        let s = Settings {
            table_unit: TableUnit::TenThousand,
            ..Settings::default()
        };
        let v = tables(&data, &cat, &s);
        assert!(!table(&v, 8).rounding_note);
    }
}
