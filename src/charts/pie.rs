//! Pie charts of a breakdown (图2、图3、图6、图7). Sectors are drawn as polygons; every
//! non-zero part is listed in a legend (colour, name, 万元, share) so no label can collide,
//! and a slice wide enough to hold its share also shows it inside.
//!
//! Every pie of every report has the same canvas width and the same radius, so all pies
//! print at one size; the legend adapts instead (beside the pie, in a smaller font if
//! need be, else below it). Legend amounts have two decimals, their decimal points on
//! one vertical line.

use std::f64::consts::PI;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::labels::{share_label, wan_label_2dp};
use super::style::{color_or, is_light, ChartStyle};
use crate::compute::Breakdown;
use crate::format::Fmt;

/// One drawn slice.
struct Slice {
    name: String,
    /// The legend amount in two parts, split at the decimal point: "346", ".47万元".
    amount: (String, String),
    share: String,
    /// Fraction of the circle (exact amount / total, for geometry only).
    fraction: f64,
    color: RGBColor,
}

/// Draws `b` as a pie. `None` when there is nothing to draw: all parts zero, or a
/// negative part (a pie cannot show it).
pub fn breakdown_chart(
    b: &Breakdown,
    f: &Fmt,
    style: &ChartStyle,
) -> Option<Result<String, String>> {
    if b.total <= rust_decimal::Decimal::ZERO
        || b.parts
            .iter()
            .any(|p| p.amount.is_sign_negative() && !p.amount.is_zero())
    {
        return None;
    }
    let total = super::labels::wan_f64(b.total);
    let slices: Vec<Slice> = b
        .parts
        .iter()
        .filter(|p| !p.amount.is_zero())
        .enumerate()
        .map(|(i, p)| Slice {
            name: p.label.clone(),
            amount: split_at_point(&wan_label_2dp(p.amount)),
            share: share_label(f, p.share),
            fraction: super::labels::wan_f64(p.amount) / total,
            color: style.slice_color(i),
        })
        .collect();
    if slices.is_empty() || !total.is_finite() || total <= 0.0 {
        return None;
    }
    Some(draw(&slices, style))
}

/// "346.47万元" → ("346", ".47万元").
fn split_at_point(label: &str) -> (String, String) {
    match label.find('.') {
        Some(i) => (label[..i].to_string(), label[i..].to_string()),
        None => (label.to_string(), String::new()),
    }
}

/// Pixel layout of the legend, measured with the chart font at `font_size`.
struct Legend {
    font_size: f64,
    row_h: i32,
    swatch: i32,
    name_w: i32,
    /// Widths of the integer parts and of the decimal parts of the amounts.
    int_w: i32,
    frac_w: i32,
    share_w: i32,
}

impl Legend {
    const GAP: i32 = 14;
    const COL_GAP: i32 = 26;

    /// The legend of `slices` at `font_size`.
    fn measure(slices: &[Slice], style: &ChartStyle, font_size: f64) -> Legend {
        let max_w = |f: &dyn Fn(&Slice) -> &str| {
            slices
                .iter()
                .map(|s| measure(style, f(s), font_size))
                .max()
                .unwrap_or(0)
        };
        Legend {
            font_size,
            row_h: (font_size * 1.7) as i32,
            swatch: (font_size * 0.9) as i32,
            name_w: max_w(&|s| &s.name),
            int_w: max_w(&|s| &s.amount.0),
            frac_w: max_w(&|s| &s.amount.1),
            share_w: max_w(&|s| &s.share),
        }
    }

    fn width(&self) -> i32 {
        self.swatch
            + Self::GAP
            + self.name_w
            + Self::COL_GAP
            + self.int_w
            + self.frac_w
            + Self::COL_GAP
            + self.share_w
    }
    fn height(&self, rows: usize) -> i32 {
        self.row_h * rows as i32
    }

    /// The legend at the largest font size, at most `style.font_size` and at least
    /// `min_scale` of it, that is at most `room` wide; `None` when even the smallest is
    /// wider.
    fn fitting(slices: &[Slice], style: &ChartStyle, room: i32, min_scale: f64) -> Option<Legend> {
        let full = Legend::measure(slices, style, style.font_size);
        if full.width() <= room {
            return Some(full);
        }
        // Widths scale with the font, bar the fixed gaps: start from the proportional
        // size and step down until it fits.
        let mut size = style.font_size * f64::from(room) / f64::from(full.width().max(1));
        while size >= style.font_size * min_scale {
            let l = Legend::measure(slices, style, size);
            if l.width() <= room {
                return Some(l);
            }
            size -= 0.5;
        }
        None
    }
}

/// The drawing area of a chart.
type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Width of `s` at `size` as drawn (plotters measures at `font()`'s size, 1.24 × the
/// drawn size, see there; the estimate only fails for an unregistered family, which
/// `family()` rules out).
fn measure(style: &ChartStyle, s: &str, size: f64) -> i32 {
    style
        .font(size)
        .box_size(s)
        .map(|(w, _)| (f64::from(w) / 1.24).ceil() as i32)
        .unwrap_or((s.chars().count() as f64 * size) as i32)
}

/// Where things go: canvas size, pie radius and centre, legend origin.
struct Placement {
    width: i32,
    height: i32,
    radius: i32,
    centre: (i32, i32),
    legend_origin: (i32, i32),
}

/// The same canvas width and pie radius for every pie; the legend goes beside the pie
/// (its font reduced to at most 80 % if need be) or, failing that, below it, in a font
/// small enough for the canvas width.
fn place(slices: &[Slice], style: &ChartStyle) -> (Placement, Legend) {
    let margin = 20;
    let gap = 2 * margin;
    let width = (style.width as i32).max(200);
    let radius = ((style.pie_height as i32 - 2 * margin) / 2)
        .min((width - 2 * margin) / 2)
        .max(40);
    let rows = slices.len();
    let side_room = width - 2 * radius - 2 * margin - gap;
    if let Some(legend) = Legend::fitting(slices, style, side_room, 0.8) {
        let height = (2 * radius).max(legend.height(rows)) + 2 * margin;
        let x0 = (width - (2 * radius + gap + legend.width())) / 2;
        let ly = (height - legend.height(rows)) / 2;
        let at = Placement {
            width,
            height,
            radius,
            centre: (x0 + radius, height / 2),
            legend_origin: (x0 + 2 * radius + gap, ly),
        };
        return (at, legend);
    }
    let legend = Legend::fitting(slices, style, width - 2 * margin, 0.0)
        .unwrap_or_else(|| Legend::measure(slices, style, style.font_size * 0.3));
    let height = 2 * radius + 3 * margin + legend.height(rows);
    let lx = ((width - legend.width()) / 2).max(margin);
    let at = Placement {
        width,
        height,
        radius,
        centre: (width / 2, margin + radius),
        legend_origin: (lx, 2 * margin + 2 * radius),
    };
    (at, legend)
}

fn draw(slices: &[Slice], style: &ChartStyle) -> Result<String, String> {
    let (at, legend) = place(slices, style);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (at.width as u32, at.height as u32))
            .into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw_pie(&root, slices, style, &at)?;
        draw_legend(&root, slices, style, &legend, at.legend_origin)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// The sectors and the shares inside those that can hold them.
fn draw_pie(
    root: &Area,
    slices: &[Slice],
    style: &ChartStyle,
    at: &Placement,
) -> Result<(), String> {
    let text = color_or(&style.text_color, BLACK);
    let (cx, cy) = at.centre;
    let radius = at.radius;
    let r = f64::from(radius);
    let point = |a: f64, rr: f64| -> (i32, i32) {
        (
            cx + (rr * a.cos()).round() as i32,
            cy + (rr * a.sin()).round() as i32,
        )
    };

    // Sectors clockwise from twelve o'clock, each separated by a white edge.
    let mut start = -PI / 2.0;
    let mut mids = Vec::new();
    for s in slices {
        let sweep = s.fraction * 2.0 * PI;
        if slices.len() == 1 {
            root.draw(&Circle::new((cx, cy), radius, s.color.filled()))
                .map_err(|e| e.to_string())?;
        } else {
            let steps = ((sweep / (PI / 180.0)).ceil() as usize).max(1);
            let mut poly = vec![(cx, cy)];
            poly.extend((0..=steps).map(|k| point(start + sweep * k as f64 / steps as f64, r)));
            root.draw(&Polygon::new(poly, s.color.filled()))
                .map_err(|e| e.to_string())?;
        }
        mids.push((start + sweep / 2.0, sweep));
        start += sweep;
    }
    if slices.len() > 1 {
        let mut a = -PI / 2.0;
        for s in slices {
            root.draw(&PathElement::new(
                vec![(cx, cy), point(a, r)],
                WHITE.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?;
            a += s.fraction * 2.0 * PI;
        }
    }

    // Shares inside the slices that can hold them: the label's width must fit the
    // chord at the label radius, with a margin.
    let slice_font_size = style.slice_font_size;
    for (s, (mid, sweep)) in slices.iter().zip(&mids) {
        let w = f64::from(measure(style, &s.share, slice_font_size));
        let (pos, fits) = if slices.len() == 1 {
            ((cx, cy), true)
        } else {
            let lr = r * 0.64;
            let chord = 2.0 * lr * (sweep.min(PI) / 2.0).sin();
            (point(*mid, lr), chord >= w + 12.0 && *sweep >= 0.35)
        };
        if fits {
            let c = if is_light(s.color) { text } else { WHITE };
            root.draw(&Text::new(
                s.share.clone(),
                pos,
                style
                    .font(slice_font_size)
                    .color(&c)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Legend: swatch, name, amount (integer part right-aligned and decimals left-aligned at
/// one x, so the decimal points line up), share (right-aligned).
fn draw_legend(
    root: &Area,
    slices: &[Slice],
    style: &ChartStyle,
    legend: &Legend,
    (lx, ly): (i32, i32),
) -> Result<(), String> {
    let text = color_or(&style.text_color, BLACK);
    let font = style.font(legend.font_size).color(&text);
    let left = font.clone().pos(Pos::new(HPos::Left, VPos::Center));
    let right = font.clone().pos(Pos::new(HPos::Right, VPos::Center));
    let x_name = lx + legend.swatch + Legend::GAP;
    let x_point = x_name + legend.name_w + Legend::COL_GAP + legend.int_w;
    let x_share = x_point + legend.frac_w + Legend::COL_GAP + legend.share_w;
    for (i, s) in slices.iter().enumerate() {
        let y = ly + legend.row_h * i as i32 + legend.row_h / 2;
        let half = legend.swatch / 2;
        root.draw(&Rectangle::new(
            [(lx, y - half), (lx + legend.swatch, y + half)],
            s.color.filled(),
        ))
        .map_err(|e| e.to_string())?;
        if is_light(s.color) {
            root.draw(&Rectangle::new(
                [(lx, y - half), (lx + legend.swatch, y + half)],
                RGBColor(0xA6, 0xA6, 0xA6).stroke_width(1),
            ))
            .map_err(|e| e.to_string())?;
        }
        root.draw(&Text::new(s.name.clone(), (x_name, y), left.clone()))
            .map_err(|e| e.to_string())?;
        root.draw(&Text::new(s.amount.0.clone(), (x_point, y), right.clone()))
            .map_err(|e| e.to_string())?;
        if !s.amount.1.is_empty() {
            root.draw(&Text::new(s.amount.1.clone(), (x_point, y), left.clone()))
                .map_err(|e| e.to_string())?;
        }
        root.draw(&Text::new(s.share.clone(), (x_share, y), right.clone()))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
