//! The 附表 view: a table set (`templates/tables/<set>.yaml`, data of the template set)
//! applied to the row sources of `compute::tables`, giving every table as ready cells
//! (header rows with spans, 栏次 row, body rows with indentation), amounts formatted in
//! 元 or 万元, and the rounding note where a displayed total differs from the sum of its
//! displayed parts. `templates/tables/table.typ` lays a `TableView` out; it computes nothing.
//!
//! Layouts: `grid` (rows from a source, columns picked by field), `two_sided` (收入 | 支出
//! side by side, 01 and 04), `panels` (several 科目编码 | 科目名称 | 决算数 panels side by
//! side, 08). docs/tables.md describes the file format.

mod layout;
pub mod xlsx;

/// The table-set file types (data of the template set, in `config`).
use crate::config::table_set as spec;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::compute::tables::{TableFigures, Values};
use crate::compute::Figures;
use crate::format::round_half_up;
use crate::model::{ReportData, Settings, TableUnit};

use crate::format::yuan;
pub use layout::numeral;
use layout::{grid, mark_plain, panels, two_sided};
pub use spec::{
    BottomRow, Check, ColumnSpec, FooterCell, FundSel, LayoutKind, LineSpec, PanelSpec, SideSpec,
    SourceKind, TableSet, TableSpec,
};

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
    /// The amount the text shows (in the table's unit, rounded as printed), for the
    /// spreadsheet (`build --xlsx`), which stores it as a number. None for text.
    #[serde(skip)]
    pub value: Option<Decimal>,
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
            value: None,
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
}

/// Everything a table reads besides its spec: the computed row sources and how amounts
/// print.
struct Ctx<'a> {
    sources: &'a TableFigures,
    scale: Decimal,
    blank_zero: bool,
    scalars: &'a Values,
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
    /// A right-aligned amount cell: the printed text and the value it shows.
    fn amount(&self, x: Option<Decimal>, total: bool) -> CellView {
        let text = self.money(x, total);
        let value = x.filter(|_| !text.is_empty()).map(|x| self.shown(x));
        CellView {
            value,
            ..CellView::new(text, "right")
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

/// Builds the tables of `set` (the configuration's table set).
pub fn build(set: &TableSet, data: &ReportData, fig: &Figures, settings: &Settings) -> TablesView {
    let ctx = Ctx {
        sources: &fig.tables,
        scale: match settings.table_unit {
            TableUnit::Yuan => Decimal::ONE,
            TableUnit::TenThousand => Decimal::from(10_000),
        },
        blank_zero: set.blank_zero,
        scalars: &fig.tables.scalars,
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
    TablesView { items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::load_str;

    fn example(extra: &str) -> (ReportData, Catalog) {
        let mut text = include_str!("../../../data/example/dongqu-media-2023.yaml").to_string();
        text.push_str(extra);
        let loaded = load_str(std::path::Path::new("example.yaml"), text).expect("example loads");
        (loaded.data, Catalog::builtin())
    }

    fn tables(data: &ReportData, cat: &Catalog, settings: &Settings) -> TablesView {
        let fig = crate::compute::compute(data, cat, settings);
        let set = crate::config::TemplateSet::builtin()
            .table_set(&settings.template_set)
            .unwrap();
        build(&set, data, &fig, settings)
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
        let set = crate::config::TemplateSet::builtin()
            .table_set("sichuan")
            .unwrap();
        assert_eq!(set.tables.len(), 13);
        for (i, t) in set.tables.iter().enumerate() {
            assert_eq!(t.number as usize, i + 1);
            assert_eq!(t.form, format!("公开{:02}表", i + 1));
        }
        assert_eq!(numeral(13), "十三");
        // Another province's set is a template file only: the national 9 tables.
        let national = crate::config::TemplateSet::builtin()
            .table_set("national")
            .unwrap();
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
