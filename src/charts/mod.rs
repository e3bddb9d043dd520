//! Charts 图1–图7, drawn by plotters as SVG from the computed figures. typst draws the
//! SVG text with the bundled fonts, so chart text stays real, extractable text.
//!
//! Bars (`bar`) compare last year with this year; pies (`pie`) show a breakdown with a
//! legend. Every amount and share is formatted by the report's `Fmt` (`labels`), so the
//! charts print the same strings as the text. Looks live in `ChartStyle` (`style`).

mod bar;
mod fonts;
mod labels;
mod pie;
mod style;

pub use style::ChartStyle;

use crate::compute::Figures;
use crate::model::Settings;

/// The charts of a report by name, in report order; the templates refer to them by
/// these names (`charts.income_structure`, `#chart("income_structure.svg", …)`).
pub const NAMES: [&str; 7] = [
    "total_change",
    "income_structure",
    "expenditure_structure",
    "fiscal_change",
    "general_budget_change",
    "general_budget_structure",
    "three_public_structure",
];

/// One drawn chart, as an in-memory file the Typst source refers to.
#[derive(Debug, Clone)]
pub struct Chart {
    /// One of `NAMES`.
    pub name: &'static str,
    /// File name used in the Typst source: `<name>.svg`.
    pub file: String,
    pub svg: Vec<u8>,
}

/// The charts of a report, and the charts that failed to draw (their message).
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    pub charts: Vec<Chart>,
    /// Drawing into a string only fails on a plotters bug; the template then prints the
    /// caption without the picture rather than stopping the report, and the command
    /// prints these.
    pub problems: Vec<String>,
}

/// A chart's SVG, its drawing error, or `None` when there is nothing to show.
type Drawing = Option<Result<String, String>>;

/// Draws the charts for a report with the default settings and style.
pub fn draw_default(fig: &Figures) -> Drawn {
    draw(fig, &Settings::default(), &ChartStyle::default())
}

/// Draws the charts for a report. `settings` decide how amounts and shares print (the
/// same as the text). A pie with nothing to show (all parts zero) yields no chart; the
/// templates then print a plain statement or the caption alone.
pub fn draw(fig: &Figures, settings: &Settings, style: &ChartStyle) -> Drawn {
    fonts::register();
    let f = settings.fmt();
    let year = fig.year;
    let drawn: [(&'static str, &str, Drawing); 7] = [
        (
            "total_change",
            "图1",
            Some(bar::change_chart(&fig.total_change, year, &f, style)),
        ),
        (
            "income_structure",
            "图2",
            pie::breakdown_chart(&fig.income, &f, style),
        ),
        (
            "expenditure_structure",
            "图3",
            pie::breakdown_chart(&fig.expenditure, &f, style),
        ),
        (
            "fiscal_change",
            "图4",
            Some(bar::change_chart(&fig.fiscal.change, year, &f, style)),
        ),
        (
            "general_budget_change",
            "图5",
            Some(bar::change_chart(
                &fig.general_budget.change,
                year,
                &f,
                style,
            )),
        ),
        (
            "general_budget_structure",
            "图6",
            pie::breakdown_chart(&fig.general_budget.by_class, &f, style),
        ),
        (
            "three_public_structure",
            "图7",
            pie::breakdown_chart(&fig.three_public.split, &f, style),
        ),
    ];
    let mut out = Drawn::default();
    for (name, label, svg) in drawn {
        match svg {
            None => {}
            Some(Ok(svg)) => out.charts.push(Chart {
                name,
                file: format!("{name}.svg"),
                svg: svg.into_bytes(),
            }),
            Some(Err(e)) => out.problems.push(format!("{label}（{name}）绘制失败：{e}")),
        }
    }
    out
}

#[cfg(test)]
mod tests;
