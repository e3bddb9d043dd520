//! The chart style: sizes, palette, fonts and font sizes of 图1–图7 in one place. Data of
//! the template set (`charts.yaml` in a template folder, any subset of the fields; see
//! docs/charts.md); `charts` turns it into plotters fonts and colours.

use serde::{Deserialize, Serialize};

use crate::fonts::family;

/// Everything that decides how the charts look. Sizes are SVG pixels; typst scales the
/// whole picture to the text width, so only proportions matter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChartStyle {
    /// Width of every chart.
    pub width: u32,
    /// Height of the bar charts (图1、图4、图5).
    pub bar_height: u32,
    /// Largest pie diameter plus margins; a pie chart is as tall as its pie or legend.
    pub pie_height: u32,
    /// Font family of all chart text; must be a family typst knows (FandolHei,
    /// FandolSong, "FandolFang R", FandolKai). Unknown names fall back to FandolHei.
    pub font_family: String,
    /// Legend and value labels.
    pub font_size: f64,
    /// Axis tick labels and the unit of the y axis.
    pub axis_font_size: f64,
    /// Percentages inside pie slices.
    pub slice_font_size: f64,
    /// Slice colours, used in order (then repeated), as `#RRGGBB`.
    pub palette: Vec<String>,
    /// Bar of last year.
    pub bar_previous: String,
    /// Bar of this year.
    pub bar_current: String,
    pub text_color: String,
    pub axis_color: String,
    pub grid_color: String,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle {
            width: 860,
            bar_height: 440,
            pie_height: 340,
            font_family: family::HEI.into(),
            font_size: 24.0,
            axis_font_size: 22.0,
            slice_font_size: 22.0,
            palette: [
                "#1F4E79", "#2E75B6", "#C55A11", "#7F7F7F", "#BF9000", "#548235", "#9DC3E6",
                "#843C0C", "#A9D18E", "#D9D9D9", "#F4B183", "#404040",
            ]
            .map(String::from)
            .to_vec(),
            bar_previous: "#9DC3E6".into(),
            bar_current: "#1F4E79".into(),
            text_color: "#262626".into(),
            axis_color: "#595959".into(),
            grid_color: "#D9D9D9".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_deserializes_partially_and_rejects_unknown_fields() {
        let s: ChartStyle = serde_yaml::from_str("width: 640\npalette: ['#000000']\n").unwrap();
        assert_eq!(s.width, 640);
        assert_eq!(s.palette, vec!["#000000".to_string()]);
        assert_eq!(s.bar_height, ChartStyle::default().bar_height);
        assert!(serde_yaml::from_str::<ChartStyle>("colour: red\n").is_err());
    }
}
