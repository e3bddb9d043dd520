//! Text widths of the table font (FandolSong regular and bold, the bundled faces), so
//! that column widths, name wraps and page breaks of the 附表 are decided here and typst
//! only draws glyphs where it is told.
//!
//! A width is the sum of the glyphs' advances. typst only ever makes a run narrower than
//! that (it compresses adjacent CJK punctuation; the table sets no CJK–Latin spacing), so
//! a text measured to fit always fits.

use std::sync::OnceLock;

use ttf_parser::Face;

use crate::fonts::BUNDLED;

/// The two table faces, parsed once.
struct Faces {
    regular: Face<'static>,
    bold: Face<'static>,
}

fn faces() -> &'static Faces {
    static CELL: OnceLock<Faces> = OnceLock::new();
    CELL.get_or_init(|| {
        let face = |file: &str| {
            let bytes = BUNDLED
                .iter()
                .find(|(f, _)| *f == file)
                .map(|(_, b)| *b)
                .expect("bundled table font");
            Face::parse(bytes, 0).expect("the bundled fonts parse")
        };
        Faces {
            regular: face("FandolSong-Regular.otf"),
            bold: face("FandolSong-Bold.otf"),
        }
    })
}

/// The advance of `c` in em; characters the face lacks (typst falls back to another
/// font) count as a full em, the widest a fallback CJK glyph is.
fn advance(face: &Face, c: char) -> f64 {
    face.glyph_index(c)
        .and_then(|g| face.glyph_hor_advance(g))
        .map(|a| f64::from(a) / f64::from(face.units_per_em()))
        .unwrap_or(1.0)
}

/// Width of `text` in pt at `size` pt.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let f = faces();
    let face = if bold { &f.bold } else { &f.regular };
    text.chars().map(|c| advance(face, c)).sum::<f64>() * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanzi_are_one_em_and_digits_narrower() {
        let w = width("科目名称", 10.0, false);
        assert!((w - 40.0).abs() < 0.5, "{w}");
        let d = width("3,464,745.78", 9.0, false);
        assert!(d > 20.0 && d < 9.0 * 12.0 * 0.75, "{d}");
        assert!(width("合计", 9.0, true) >= width("合计", 9.0, false) - 0.01);
        assert_eq!(width("", 9.0, false), 0.0);
    }
}
