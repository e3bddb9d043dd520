//! The district overview's bar chart: 支出合计 of the units, largest first, drawn by
//! plotters as SVG (text stays text: typst renders it with the bundled fonts).

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::fonts::{family, BUNDLED};

/// One bar: a label and its value in 万元 with the printed text.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// plotters measures text with ab_glyph, so the fonts must be registered even for SVG;
/// "sans-serif" is plotters' default family.
fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let hei = BUNDLED
            .iter()
            .find(|(n, _)| *n == "FandolHei-Regular.otf")
            .map(|(_, b)| *b)
            .expect("bundled FandolHei");
        for name in [family::HEI, "sans-serif"] {
            let _ = plotters::style::register_font(name, FontStyle::Normal, hei);
        }
    });
}

const WIDTH: u32 = 900;
const ROW: u32 = 28;
const TOP: u32 = 16;
const LABEL_W: i32 = 300;
const VALUE_W: i32 = 110;

/// A horizontal bar chart, one row per bar. `value` is only used for lengths (a
/// drawing measure, never a printed figure: printed texts come ready in `text`).
pub fn bars(bars: &[Bar]) -> Vec<u8> {
    register_fonts();
    let height = TOP * 2 + ROW * bars.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
        let span = (WIDTH as i32 - LABEL_W - VALUE_W - 10) as f64;
        let label_style = TextStyle::from((family::HEI, 18).into_font())
            .color(&BLACK)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Right,
                plotters::style::text_anchor::VPos::Center,
            ));
        let value_style = TextStyle::from((family::HEI, 16).into_font())
            .color(&RGBColor(60, 60, 60))
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            ));
        let bar_color = RGBColor(192, 57, 43);
        for (i, b) in bars.iter().enumerate() {
            let y0 = (TOP + ROW * i as u32) as i32;
            let mid = y0 + ROW as i32 / 2;
            let len = if max > 0.0 {
                (b.value.max(0.0) / max * span).round() as i32
            } else {
                0
            };
            let x0 = LABEL_W + 8;
            let _ = root.draw(&Text::new(
                b.label.clone(),
                (LABEL_W, mid),
                label_style.clone(),
            ));
            if len > 0 {
                let _ = root.draw(&Rectangle::new(
                    [(x0, y0 + 5), (x0 + len, y0 + ROW as i32 - 5)],
                    bar_color.filled(),
                ));
            }
            let _ = root.draw(&Text::new(
                b.text.clone(),
                (x0 + len + 6, mid),
                value_style.clone(),
            ));
        }
        let _ = root.draw(&PathElement::new(
            vec![
                (LABEL_W + 8, TOP as i32 - 4),
                (LABEL_W + 8, (height - TOP + 4) as i32),
            ],
            BLACK.stroke_width(1),
        ));
        let _ = root.present();
    }
    svg.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_labels_and_values_as_text() {
        let svg = String::from_utf8(bars(&[
            Bar {
                label: "东区教育局".into(),
                value: 120.0,
                text: "120万元".into(),
            },
            Bar {
                label: "东区卫健局".into(),
                value: 0.0,
                text: "0万元".into(),
            },
        ]))
        .unwrap();
        assert!(
            svg.contains("东区教育局") && svg.contains("120万元"),
            "{svg}"
        );
        assert!(svg.contains("FandolHei"));
        assert!(!svg.contains("NaN"));
    }
}
