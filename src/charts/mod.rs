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
use crate::model::{ReportData, Settings};

/// One drawn chart, as an in-memory file the Typst source refers to.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Figure number 1–7.
    pub number: u8,
    /// File name used in the Typst source, e.g. `fig1.svg`.
    pub file: String,
    pub svg: Vec<u8>,
}

/// Draws the charts for a report with the default settings and style.
pub fn draw(data: &ReportData, fig: &Figures) -> Vec<Chart> {
    draw_with(data, fig, &Settings::default(), &ChartStyle::default())
}

/// Draws the charts for a report. `settings` decide how amounts and shares print (the
/// same as the text). A pie with nothing to show (all parts zero) yields no chart; the
/// templates then print a plain statement or the caption alone.
pub fn draw_with(
    _data: &ReportData,
    fig: &Figures,
    settings: &Settings,
    style: &ChartStyle,
) -> Vec<Chart> {
    fonts::register();
    let f = settings.fmt();
    let year = fig.year;
    let drawn: [(u8, Option<Result<String, String>>); 7] = [
        (
            1,
            Some(bar::change_chart(&fig.total_change, year, &f, style)),
        ),
        (2, pie::breakdown_chart(&fig.income, &f, style)),
        (3, pie::breakdown_chart(&fig.expenditure, &f, style)),
        (
            4,
            Some(bar::change_chart(&fig.fiscal.change, year, &f, style)),
        ),
        (
            5,
            Some(bar::change_chart(
                &fig.general_budget.change,
                year,
                &f,
                style,
            )),
        ),
        (
            6,
            pie::breakdown_chart(&fig.general_budget.by_class, &f, style),
        ),
        (7, pie::breakdown_chart(&fig.three_public.split, &f, style)),
    ];
    drawn
        .into_iter()
        .filter_map(|(number, svg)| match svg? {
            Ok(svg) => Some(Chart {
                number,
                file: format!("fig{number}.svg"),
                svg: svg.into_bytes(),
            }),
            // Drawing into a string only fails on a plotters bug; the template then
            // prints the caption without the picture rather than stopping the report.
            Err(e) => {
                eprintln!("警告：图{number}绘制失败：{e}");
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
