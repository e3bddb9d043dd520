//! The 附表 view: a table set (`templates/tables/<set>.yaml`, data of the template set)
//! applied to the row sources of `compute::tables`, giving every table as ready cells
//! (header rows with spans, 栏次 row, body rows with indentation), amounts formatted in
//! 元 or 万元, and the rounding note where a displayed total differs from the sum of its
//! displayed parts. `templates/tables/table.typ` lays a `TableView` out; it computes nothing.
//!
//! Layouts: `grid` (rows from a source, columns picked by field), `two_sided` (收入 | 支出
//! side by side, 01 and 04), `panels` (several 科目编码 | 科目名称 | 决算数 panels side by
//! side, 08). docs/tables.md describes the file format.
//!
//! Each table is then typeset here (`typeset`, `pages`): widths, wraps, page breaks and
//! positions are decided in Rust from the font's metrics, and the template places text
//! and rules where it is told — far cheaper for typst than a `table` of the same cells.

mod breaks;
mod layout;
pub mod measure;
mod pages;
pub mod typeset;
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
use layout::{column_aligns, grid, panels, two_sided};
pub use pages::{LineView, PageView, RuleView, RunView};
pub use spec::{
    BottomRow, Check, ColumnSpec, FooterCell, FundSel, LayoutKind, LineNumbers, LineSpec, Margins,
    PageSpec, PanelSpec, SideSpec, SourceKind, TableSet, TableSpec, ZeroCells,
};
use typeset::{Frame, Style};

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
    /// May wrap onto several lines (names; the no-data statement).
    pub wrap: bool,
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
            wrap: false,
            value: None,
        }
    }
    fn span(mut self, c: usize, r: usize) -> CellView {
        self.colspan = c;
        self.rowspan = r;
        self
    }
}

/// What the typesetting needs to know of a column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnView {
    /// Alignment of the column's body cells: `left`, `center`, `right`.
    pub align: &'static str,
    /// Names: may wrap when the page is too narrow for them.
    pub wrap: bool,
    /// Least width in pt (`width` of the table set, when it gives a length).
    pub min_width: Option<f64>,
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
    /// The columns, for the typesetting.
    #[serde(skip)]
    pub columns: Vec<ColumnView>,
    /// Header rows; a header text may carry `/` marks where it may break. Not handed
    /// to templates: they get the typeset `pages`.
    #[serde(skip)]
    pub header: Vec<Vec<CellView>>,
    #[serde(skip)]
    pub rows: Vec<Vec<CellView>>,
    pub empty: bool,
    pub empty_statement: String,
    pub footnote: String,
    pub rounding_note: bool,
    pub rounding_note_text: String,
    /// Page margins (Typst lengths) of the table's pages.
    pub margin: MarginView,
    /// The pages as typeset: positions of every line and rule.
    pub pages: Vec<PageView>,
    /// Printed after the title on continuation pages: （续表）.
    pub continued: String,
    /// The first table: the part title goes on its first page.
    pub opens_part: bool,
    /// Starts a new page run (`#page(...)[`); false when an empty table follows an
    /// empty table of the same orientation and shares its page.
    pub page_open: bool,
    /// Ends the page run.
    pub page_close: bool,
}

/// Page margins in pt, as printed in the markup.
#[derive(Debug, Clone, Serialize, Default)]
pub struct MarginView {
    pub top: String,
    pub bottom: String,
    pub left: String,
    pub right: String,
}

/// All tables of part 5.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TablesView {
    pub items: Vec<TableView>,
}

/// Everything a table reads besides its spec: the computed row sources (every cell's
/// value comes from `compute::tables`) and how amounts print.
struct Ctx<'a> {
    sources: &'a TableFigures,
    scale: Decimal,
    zeros: ZeroCells,
    line_numbers: LineNumbers,
    scalars: &'a Values,
}

impl Ctx<'_> {
    /// The displayed value (rounded half-up to 2 decimals in the table unit).
    fn shown(&self, x: Decimal) -> Decimal {
        round_half_up(x / self.scale, 2)
    }
    /// An amount as printed; a zero prints as the set's one zero policy says.
    fn money(&self, x: Option<Decimal>) -> String {
        match x {
            None => String::new(),
            Some(x) if x.is_zero() => match self.zeros {
                ZeroCells::Blank => String::new(),
                ZeroCells::Zero => yuan(Decimal::ZERO),
                ZeroCells::Dash => "-".into(),
            },
            Some(x) => yuan(x / self.scale),
        }
    }
    /// A right-aligned amount cell: the printed text and the value it shows.
    fn amount(&self, x: Option<Decimal>) -> CellView {
        let text = self.money(x);
        // A zero printed blank or as a dash stays so in the spreadsheet.
        let value = x
            .filter(|x| !x.is_zero() || matches!(self.zeros, ZeroCells::Zero))
            .map(|x| self.shown(x));
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

/// Builds and typesets the tables of `set` (the configuration's table set).
pub fn build(set: &TableSet, data: &ReportData, fig: &Figures, settings: &Settings) -> TablesView {
    let ctx = Ctx {
        sources: &fig.tables,
        scale: match settings.table_unit {
            TableUnit::Yuan => Decimal::ONE,
            TableUnit::TenThousand => Decimal::from(10_000),
        },
        zeros: set.zeros(),
        line_numbers: set.line_numbers,
        scalars: &fig.tables.scalars,
    };
    let money_unit = match settings.table_unit {
        TableUnit::Yuan => "金额单位：元",
        TableUnit::TenThousand => "金额单位：万元",
    };
    let year = data.unit.year.to_string();
    let kind = data.unit.kind.word();
    // `{year}` and `{kind}` (部门 / 单位) in a table's notes.
    let fill = |s: &str| s.replace("{year}", &year).replace("{kind}", kind);
    let items: Vec<TableView> = set
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
            let aligns = column_aligns(&body.rows, body.columns.len());
            let columns = body
                .columns
                .into_iter()
                .zip(aligns)
                .map(|(c, align)| ColumnView { align, ..c })
                .collect();
            TableView {
                number: spec.number,
                numeral: numeral(spec.number),
                form: spec.form.clone(),
                title: spec.title.clone(),
                unit_line: format!("{}：{}", data.unit.kind.word(), data.unit.name),
                money_unit: money_unit.into(),
                landscape: spec.landscape,
                font_size: format!("{}", spec.font_size.or(set.font_size).unwrap_or(9.0)),
                columns,
                header: body.header,
                rows: body.rows,
                empty,
                empty_statement: fill(&spec.empty_statement.clone().unwrap_or_default()),
                footnote: fill(&spec.footnote),
                rounding_note: !empty && (body.rounding || extra),
                rounding_note_text: set.rounding_note.clone(),
                margin: MarginView::default(),
                pages: Vec::new(),
                continued: set.continued.clone(),
                opens_part: false,
                page_open: true,
                page_close: true,
            }
        })
        .collect();
    let mut items: Vec<TableView> = items;
    lay_out(&mut items, set);
    TablesView { items }
}

/// Height kept above table 1 for the part title (第五部分 附表), pt.
pub const PART_TITLE: f64 = 44.0;

/// Typesets every table and decides which share a page: consecutive tables without
/// data, of one orientation, follow each other on one page instead of a page each.
fn lay_out(items: &mut [TableView], set: &TableSet) {
    let a4 = (595.28, 841.89);
    let area = |m: &Margins, landscape: bool| {
        let (w, h) = if landscape { (a4.1, a4.0) } else { a4 };
        let len = |s: &str| spec::length_pt(s).unwrap_or(0.0);
        (
            w - len(&m.left) - len(&m.right),
            h - len(&m.top) - len(&m.bottom),
        )
    };
    let mut prev_empty: Option<bool> = None;
    let n = items.len();
    for i in 0..n {
        let t = &mut items[i];
        let st = Style::for_size(t.font_size.parse().unwrap_or(9.0));
        if t.empty {
            // A frame without data needs no wide page when it fits a narrow one.
            let (w, _) = area(&set.page.portrait, false);
            t.landscape = typeset::least_width(t, &st) > w;
        }
        let m = if t.landscape {
            &set.page.landscape
        } else {
            &set.page.portrait
        };
        let (width, height) = area(m, t.landscape);
        let len = |s: &str| spec::length_pt(s).map(pages::pt).unwrap_or_default();
        t.margin = MarginView {
            top: len(&m.top),
            bottom: len(&m.bottom),
            left: len(&m.left),
            right: len(&m.right),
        };
        t.opens_part = i == 0;
        let shares = t.empty && prev_empty == Some(t.landscape);
        t.page_open = !shares;
        if shares {
            items[i - 1].page_close = false;
        }
        let t = &mut items[i];
        let frame = Frame {
            width,
            height: height - 1.0,
            reserve: if t.opens_part { PART_TITLE } else { 0.0 },
        };
        t.pages = typeset::typeset(t, &st, frame);
        prev_empty = t.empty.then_some(t.landscape);
    }
}

#[cfg(test)]
mod tests;
