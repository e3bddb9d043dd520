//! How a `ChartStyle` (data of the template set, `crate::config::ChartStyle`) turns into
//! plotters fonts and colours.

use plotters::style::{FontDesc, IntoFont, RGBColor};

pub use crate::config::ChartStyle;
use crate::fonts::family;

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
