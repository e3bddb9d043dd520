//! Charts 图1–图7, drawn by plotters as SVG from the computed figures. typst draws the
//! SVG text with the bundled fonts, so chart text stays real, extractable text.
//!
//! Bars (`bar`) compare last year with this year; pies (`pie`) show a breakdown with a
//! legend. Every amount and share is formatted by the report's `Fmt` (`labels`), so the
//! charts print the same strings as the text. Each chart also comes in words
//! (`describe`): its alternative text, or the sentence printed instead of a pie that has
//! nothing to show. Looks live in `ChartStyle` (`style`).

mod bar;
mod describe;
mod fonts;
mod labels;
mod pie;
mod style;

pub use style::ChartStyle;

use crate::compute::{Breakdown, Change, Figures};
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
    /// The chart in words (figure number, title, every figure shown): the PDF's /Alt.
    pub alt: String,
}

/// A chart that is not drawn, and the sentence printed where it would stand.
#[derive(Debug, Clone)]
pub struct Note {
    /// One of `NAMES`.
    pub name: &'static str,
    /// e.g. 各项均为0，未绘制此图。
    pub text: String,
}

/// The charts of a report, the charts not drawn (with the reason), and the charts that
/// failed to draw (their message).
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    pub charts: Vec<Chart>,
    /// Pies with nothing to show (all parts zero, or a negative part).
    pub notes: Vec<Note>,
    /// Drawing into a string only fails on a plotters bug; the template then prints the
    /// caption without the picture rather than stopping the report, and the command
    /// prints these.
    pub problems: Vec<String>,
}

/// A chart of the report: how it is numbered and titled (as the templates' captions),
/// and what it draws.
struct Spec<'a> {
    name: &'static str,
    label: &'static str,
    title: &'static str,
    kind: Kind<'a>,
}

enum Kind<'a> {
    /// Last year against this year.
    Bars(&'a Change),
    /// A breakdown.
    Pie(&'a Breakdown),
}

/// Draws the charts for a report with the default settings and style.
pub fn draw_default(fig: &Figures) -> Drawn {
    draw(fig, &Settings::default(), &ChartStyle::default())
}

/// Draws the charts for a report. `settings` decide how amounts and shares print (the
/// same as the text). A pie with nothing to show (all parts zero) yields no chart but a
/// note, which the templates print where the chart would stand.
pub fn draw(fig: &Figures, settings: &Settings, style: &ChartStyle) -> Drawn {
    fonts::register();
    let f = settings.fmt();
    let year = fig.year;
    let specs = [
        Spec {
            name: "total_change",
            label: "图1",
            title: "收、支决算总计变动情况",
            kind: Kind::Bars(&fig.total_change),
        },
        Spec {
            name: "income_structure",
            label: "图2",
            title: "收入决算结构",
            kind: Kind::Pie(&fig.income),
        },
        Spec {
            name: "expenditure_structure",
            label: "图3",
            title: "支出决算结构",
            kind: Kind::Pie(&fig.expenditure),
        },
        Spec {
            name: "fiscal_change",
            label: "图4",
            title: "财政拨款收、支决算总计变动情况",
            kind: Kind::Bars(&fig.fiscal.change),
        },
        Spec {
            name: "general_budget_change",
            label: "图5",
            title: "一般公共预算财政拨款支出决算变动情况",
            kind: Kind::Bars(&fig.general_budget.change),
        },
        Spec {
            name: "general_budget_structure",
            label: "图6",
            title: "一般公共预算财政拨款支出决算结构",
            kind: Kind::Pie(&fig.general_budget.by_class),
        },
        Spec {
            name: "three_public_structure",
            label: "图7",
            title: "“三公”经费财政拨款支出结构",
            kind: Kind::Pie(&fig.three_public.split),
        },
    ];
    let mut out = Drawn::default();
    for s in specs {
        let (svg, alt) = match s.kind {
            Kind::Bars(c) => (
                bar::change_chart(c, year, &f, style),
                describe::bar_alt(s.label, s.title, c, year, &f),
            ),
            Kind::Pie(b) => match pie::breakdown_chart(b, &f, style) {
                Some(svg) => (svg, describe::pie_alt(s.label, s.title, b, &f)),
                None => {
                    out.notes.push(Note {
                        name: s.name,
                        text: describe::pie_note(b),
                    });
                    continue;
                }
            },
        };
        match svg {
            Ok(svg) => out.charts.push(Chart {
                name: s.name,
                file: format!("{}.svg", s.name),
                svg: svg.into_bytes(),
                alt,
            }),
            Err(e) => out
                .problems
                .push(format!("{}（{}）绘制失败：{e}", s.label, s.name)),
        }
    }
    out
}

#[cfg(test)]
mod tests;
