//! Chart style: sizes, palette, fonts and font sizes in one place. Deserializable so a
//! template set or settings file can change it; every field has a default.

use plotters::style::{FontDesc, IntoFont, RGBColor};
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
            pie_height: 420,
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

impl ChartStyle {
    /// The font family to draw with: the configured one when typst and plotters both know
    /// it, FandolHei otherwise (an unknown family would make the chart text vanish).
    pub fn family(&self) -> &str {
        match self.font_family.as_str() {
            f @ (family::HEI | family::SONG | family::FANG | family::KAI) => f,
            _ => family::HEI,
        }
    }

    /// The chart font at `px` SVG pixels. plotters' SVG backend writes `size / 1.24` as
    /// the font-size (and measures at `size`), so the size is scaled up to match.
    pub fn font(&self, px: f64) -> FontDesc<'_> {
        (self.family(), px * 1.24).into_font()
    }

    /// Colour of slice `i` (palette repeats; a bad entry falls back to grey).
    pub fn slice_color(&self, i: usize) -> RGBColor {
        if self.palette.is_empty() {
            return RGBColor(0x7F, 0x7F, 0x7F);
        }
        parse_color(&self.palette[i % self.palette.len()]).unwrap_or(RGBColor(0x7F, 0x7F, 0x7F))
    }
}

/// `#RRGGBB` (or `RRGGBB`) → colour.
pub fn parse_color(s: &str) -> Option<RGBColor> {
    let h = s.trim().trim_start_matches('#');
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some(RGBColor(c(0)?, c(2)?, c(4)?))
}

/// A colour field, or `fallback` when it does not parse.
pub fn color_or(s: &str, fallback: RGBColor) -> RGBColor {
    parse_color(s).unwrap_or(fallback)
}

/// Whether dark text reads better than white on `c` (relative luminance).
pub fn is_light(c: RGBColor) -> bool {
    let l = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    l > 150.0
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

    #[test]
    fn colors_parse_and_unknown_family_falls_back() {
        assert_eq!(parse_color("#1F4E79"), Some(RGBColor(0x1F, 0x4E, 0x79)));
        assert_eq!(parse_color("#12345"), None);
        let s = ChartStyle {
            font_family: "Arial".into(),
            ..ChartStyle::default()
        };
        assert_eq!(s.family(), "FandolHei");
        assert!(is_light(RGBColor(0xD9, 0xD9, 0xD9)));
        assert!(!is_light(RGBColor(0x1F, 0x4E, 0x79)));
    }
}
