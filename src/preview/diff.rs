//! The visual diff of two renders (`juesuan diff`): pages compared as pixels; every page
//! written as PNG, a highlighted difference image for each page that changed, and the
//! list of changed pages.

use std::fmt::Write as _;
use std::path::Path;

use image::{Rgba, RgbaImage};
use typst_layout::PagedDocument;

use crate::atomic::write_atomic;

/// Pixels per typographic point of the PNGs (108 dpi: readable, quick).
const PIXEL_PER_PT: f32 = 1.5;

/// One compared page that differs.
#[derive(Debug, Clone)]
pub struct PageDiff {
    /// 1-based page number.
    pub number: usize,
    /// Differing pixels; `None` when the page exists on one side only.
    pub pixels: Option<u64>,
    pub new_only: bool,
}

/// The `changes.txt` list: one line per page that differs.
pub fn changes(diffs: &[PageDiff]) -> String {
    let mut text = String::new();
    for d in diffs {
        let _ = match d.pixels {
            Some(px) => writeln!(
                text,
                "第{}页：{px}个像素不同（diff-{:03}.png）",
                d.number, d.number
            ),
            None if d.new_only => writeln!(text, "第{}页：仅新模板有此页", d.number),
            None => writeln!(text, "第{}页：仅对照模板有此页", d.number),
        };
    }
    text
}

/// Writes `new/page-NNN.png`, `old/page-NNN.png` and `diff-NNN.png` under `out`.
pub fn compare(
    new: &PagedDocument,
    old: &PagedDocument,
    out: &Path,
) -> Result<Vec<PageDiff>, String> {
    let opts = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(PIXEL_PER_PT as f64),
        ..Default::default()
    };
    let raster = |doc: &PagedDocument, i: usize| -> Option<RgbaImage> {
        let pix = typst_render::render(doc.pages().get(i)?, &opts);
        // Pages are opaque (white fill), so premultiplied RGBA equals straight RGBA.
        RgbaImage::from_raw(pix.width(), pix.height(), pix.data().to_vec())
    };
    let save = |img: &RgbaImage, path: &Path| -> Result<(), String> {
        let mut bytes = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .map_err(|e| format!("无法编码 {}：{e}", path.display()))?;
        write_atomic(path, &bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))
    };
    let mut diffs = Vec::new();
    for i in 0..new.pages().len().max(old.pages().len()) {
        let number = i + 1;
        let a = raster(new, i);
        let b = raster(old, i);
        if let Some(a) = &a {
            save(a, &out.join("new").join(format!("page-{number:03}.png")))?;
        }
        if let Some(b) = &b {
            save(b, &out.join("old").join(format!("page-{number:03}.png")))?;
        }
        match (a, b) {
            (Some(a), Some(b)) => {
                let (img, pixels) = highlight(&a, &b);
                if pixels > 0 {
                    save(&img, &out.join(format!("diff-{number:03}.png")))?;
                    diffs.push(PageDiff {
                        number,
                        pixels: Some(pixels),
                        new_only: false,
                    });
                }
            }
            (a, _) => diffs.push(PageDiff {
                number,
                pixels: None,
                new_only: a.is_some(),
            }),
        }
    }
    Ok(diffs)
}

/// The new page faded, with every pixel that differs from the old one in red. Pages of
/// different sizes are compared over the larger size (outside a page counts as white).
fn highlight(new: &RgbaImage, old: &RgbaImage) -> (RgbaImage, u64) {
    let (w, h) = (new.width().max(old.width()), new.height().max(old.height()));
    let white = Rgba([255, 255, 255, 255]);
    let at = |img: &RgbaImage, x: u32, y: u32| {
        if x < img.width() && y < img.height() {
            *img.get_pixel(x, y)
        } else {
            white
        }
    };
    let mut out = RgbaImage::new(w, h);
    let mut count = 0;
    for y in 0..h {
        for x in 0..w {
            let (p, q) = (at(new, x, y), at(old, x, y));
            let px = if p != q {
                count += 1;
                Rgba([230, 0, 0, 255])
            } else {
                let fade = |c: u8| 255 - (255 - c) / 4;
                Rgba([fade(p[0]), fade(p[1]), fade(p[2]), 255])
            };
            out.put_pixel(x, y, px);
        }
    }
    (out, count)
}
