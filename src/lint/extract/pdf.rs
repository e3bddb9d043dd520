//! PDF text: poppler's `pdftotext -layout` where installed (it keeps reading order, CJK
//! and table rows of typst-, Word- and WPS-made files), else a built-in extractor on
//! hayro-interpret, which typst already builds: every glyph with its Unicode text and
//! position, laid out in lines the way `-layout` does (columns from x positions).

use std::path::Path;
use std::process::Command;

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache,
    InterpreterSettings, Paint, PathDrawMode, SoftMask,
};
use kurbo::{Affine, BezPath, Point, Rect};

use super::{ExtractError, Extracted, PdfEngine};

pub fn extract(path: &Path, engine: PdfEngine) -> Result<Extracted, ExtractError> {
    if engine != PdfEngine::Builtin {
        match poppler(path) {
            Ok(x) => return Ok(x),
            Err(e) if engine == PdfEngine::Poppler => return Err(e),
            Err(_) => {}
        }
    }
    builtin(&std::fs::read(path)?)
}

/// `pdftotext -layout`: pages separated by form feeds.
fn poppler(path: &Path) -> Result<Extracted, ExtractError> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| ExtractError::Invalid(format!("无法运行 pdftotext（poppler-utils）：{e}")))?;
    if !out.status.success() {
        return Err(ExtractError::Invalid(format!(
            "pdftotext 无法读取此 PDF：{}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Ok(Extracted {
        paged: true,
        pages,
        method: "poppler pdftotext -layout".into(),
    })
}

/// The built-in extractor.
pub fn builtin(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let pdf = Pdf::new(bytes.to_vec())
        .map_err(|e| ExtractError::Invalid(format!("不是可读的 PDF 文件：{e:?}")))?;
    let cache = InterpreterCache::new();
    let settings = InterpreterSettings::default();
    let mut pages = Vec::new();
    for page in pdf.pages().iter() {
        let (w, h) = page.render_dimensions();
        let mut ctx = Context::new(
            to_affine(page.initial_transform(true)),
            Rect::new(0.0, 0.0, w as f64, h as f64),
            &cache,
            page.xref(),
            settings.clone(),
        );
        let mut device = Glyphs::default();
        interpret_page(page, &mut ctx, &mut device);
        pages.push(lay_out(device.0));
    }
    Ok(Extracted {
        paged: true,
        pages,
        method: "内置 PDF 文字提取（hayro-interpret）".into(),
    })
}

fn to_affine(t: impl hayro_interpret::TransformExt) -> Affine {
    t.to_kurbo()
}

/// One glyph on the page (top-down coordinates, points).
#[derive(Debug, Clone)]
struct Placed {
    x: f64,
    y: f64,
    size: f64,
    width: f64,
    text: String,
}

#[derive(Default)]
struct Glyphs(Vec<Placed>);

impl<'a> Device<'a> for Glyphs {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph(
        &mut self,
        glyph: &Glyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        let Some(text) = glyph.as_unicode() else {
            return;
        };
        let text = match text {
            hayro_interpret::hayro_cmap::BfString::Char(c) => c.to_string(),
            hayro_interpret::hayro_cmap::BfString::String(s) => s,
        };
        // Glyph space is 1000 units per em.
        let m = transform * glyph_transform;
        let origin = m * Point::ZERO;
        let size = (m * Point::new(0.0, 1000.0) - origin).hypot();
        let advance = match glyph {
            Glyph::Outline(o) => o.advance_width().map(f64::from),
            Glyph::Type3(_) => None,
        }
        .filter(|a| *a > 0.0)
        .map(|a| (m * Point::new(a, 0.0) - origin).hypot())
        .unwrap_or(size * if text.is_ascii() { 0.5 } else { 1.0 });
        if size > 0.5 {
            self.0.push(Placed {
                x: origin.x,
                y: origin.y,
                size,
                width: advance,
                text,
            });
        }
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// Glyphs → lines of text: glyphs on one baseline form a line, ordered by x; gaps become
/// spaces at a fixed column width, so table cells keep apart as in `pdftotext -layout`.
fn lay_out(mut glyphs: Vec<Placed>) -> String {
    glyphs.retain(|g| !g.text.trim().is_empty());
    if glyphs.is_empty() {
        return String::new();
    }
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Placed>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if (line[0].y - g.y).abs() < 0.4 * line[0].size.min(g.size) => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    // One column: half the smallest common glyph size (an ASCII character).
    let mut sizes: Vec<f64> = lines.iter().flatten().map(|g| g.size).collect();
    sizes.sort_by(f64::total_cmp);
    let column = (sizes[sizes.len() / 4] / 2.0).max(1.0);
    let mut out = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut col = 0usize;
        let mut end_x = f64::NEG_INFINITY;
        let mut s = String::new();
        for g in line {
            let want = (g.x / column).round().max(0.0) as usize;
            if s.is_empty() {
                // The line's first glyph: its column, without leading spaces.
                col = want;
            } else if g.x - end_x > 0.25 * g.size {
                let pad = want.saturating_sub(col).max(1);
                s.extend(std::iter::repeat_n(' ', pad));
                col += pad;
            }
            s.push_str(&g.text);
            col += g
                .text
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>();
            end_x = g.x + g.width;
        }
        out.push_str(s.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f64, y: f64, t: &str) -> Placed {
        Placed {
            x,
            y,
            size: 10.0,
            width: if t.is_ascii() { 5.0 } else { 10.0 },
            text: t.into(),
        }
    }

    #[test]
    fn glyphs_form_lines_in_reading_order_with_cell_gaps() {
        let text = lay_out(vec![
            g(20.0, 100.0, "合"),
            g(0.0, 100.0, "二"),
            g(10.0, 100.0, "、"),
            g(0.0, 120.0, "2"),
            g(200.0, 100.4, "1"),
            g(5.0, 120.0, "0"),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("二、合"), "{text:?}");
        assert!(
            lines[0].ends_with(" 1") && lines[0].contains("合   "),
            "{text:?}"
        );
        assert_eq!(lines[1], "20");
    }
}
