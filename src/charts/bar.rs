//! Bar charts of a change against last year (图1、图4、图5): one bar per year, the
//! amount in 万元 above each bar, a y axis in 万元 with round, grouped ticks.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::labels::{axis_label, nice_ticks, wan_f64, wan_label};
use super::style::{color_or, ChartStyle};
use crate::compute::Change;
use crate::format::Fmt;

/// One bar: its axis label, value label and height in 万元.
struct Bar {
    label: String,
    value_label: String,
    value: f64,
    color: RGBColor,
}

/// Draws the change of `c` between `year - 1` and `year` as SVG. Last year is left out
/// when the data has no figure for it; a zero stays as a zero bar.
pub fn change_chart(c: &Change, year: i32, f: &Fmt, style: &ChartStyle) -> Result<String, String> {
    let mut bars = Vec::new();
    if let Some(prev) = c.previous {
        bars.push(Bar {
            label: format!("{}年", year - 1),
            value_label: wan_label(f, prev),
            value: wan_f64(prev),
            color: color_or(&style.bar_previous, RGBColor(0x9D, 0xC3, 0xE6)),
        });
    }
    bars.push(Bar {
        label: format!("{year}年"),
        value_label: wan_label(f, c.current),
        value: wan_f64(c.current),
        color: color_or(&style.bar_current, RGBColor(0x1F, 0x4E, 0x79)),
    });
    draw(&bars, style)
}

fn draw(bars: &[Bar], style: &ChartStyle) -> Result<String, String> {
    let text = color_or(&style.text_color, BLACK);
    let axis = color_or(&style.axis_color, RGBColor(0x59, 0x59, 0x59));
    let grid = color_or(&style.grid_color, RGBColor(0xD9, 0xD9, 0xD9));

    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let min = bars.iter().map(|b| b.value).fold(0.0, f64::min);
    // Head room for the value labels above the tallest bar.
    let (ticks, dp) = nice_ticks(min * 1.15, max * 1.15);
    let lo = ticks.first().copied().unwrap_or(0.0);
    let hi = ticks.last().copied().unwrap_or(1.0);
    let tick_labels: Vec<String> = ticks.iter().map(|t| axis_label(*t, dp)).collect();

    let axis_font = style.font(style.axis_font_size).color(&text);
    let value_font = style.font(style.font_size).color(&text);
    let widest = tick_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1);
    let y_area = (style.axis_font_size * (0.62 * widest as f64 + 1.2)) as u32;

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (style.width, style.bar_height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let n = bars.len() as f64;
        let mut chart = ChartBuilder::on(&root)
            .margin_top((style.axis_font_size * 2.6) as u32)
            .margin_right(30)
            .margin_left(10)
            .margin_bottom(10)
            .x_label_area_size((style.axis_font_size * 2.4) as u32)
            .y_label_area_size(y_area)
            .build_cartesian_2d(0.0..n, lo..hi)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_mesh()
            .y_labels(0)
            .axis_style(axis.stroke_width(1))
            .x_labels(0)
            .draw()
            .map_err(|e| e.to_string())?;

        // The y axis is drawn by hand so its ticks are exactly the round `ticks`.
        let left = chart.backend_coord(&(0.0, 0.0)).0;
        let right = chart.backend_coord(&(n, 0.0)).0;
        for (t, label) in ticks.iter().zip(&tick_labels) {
            let y = chart.backend_coord(&(0.0, *t)).1;
            if *t != 0.0 {
                root.draw(&PathElement::new(
                    vec![(left + 1, y), (right, y)],
                    grid.stroke_width(1),
                ))
                .map_err(|e| e.to_string())?;
            }
            root.draw(&PathElement::new(
                vec![(left - 6, y), (left, y)],
                axis.stroke_width(1),
            ))
            .map_err(|e| e.to_string())?;
            root.draw(&Text::new(
                label.clone(),
                (left - 10, y),
                axis_font.clone().pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(|e| e.to_string())?;
        }

        // Bars a third of a slot wide, but never wider than 140 px; the year below each.
        let (w, _) = chart.plotting_area().dim_in_pixel();
        let half = ((w as f64 / n) * 0.34).min(140.0) / 2.0 / (w as f64 / n);
        let bottom = chart.backend_coord(&(0.0, lo)).1;
        for (i, b) in bars.iter().enumerate() {
            let mid = i as f64 + 0.5;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(mid - half, 0.0), (mid + half, b.value)],
                    b.color.filled(),
                )))
                .map_err(|e| e.to_string())?;
            let (dy, v) = if b.value < 0.0 {
                (8, VPos::Top)
            } else {
                (-8, VPos::Bottom)
            };
            let (x, y) = chart.backend_coord(&(mid, b.value));
            root.draw(&Text::new(
                b.value_label.clone(),
                (x, y + dy),
                value_font.clone().pos(Pos::new(HPos::Center, v)),
            ))
            .map_err(|e| e.to_string())?;
            root.draw(&Text::new(
                b.label.clone(),
                (x, bottom + 12),
                axis_font.clone().pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(|e| e.to_string())?;
        }
        // The unit of the y axis, above its top tick.
        root.draw(&Text::new(
            "单位：万元",
            (10, 4),
            axis_font.pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}
