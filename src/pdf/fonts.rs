//! The fonts typst lays out with: the bundled ones (`crate::fonts`), parsed once per
//! process, plus any from `--font-dir`. Never read from the system.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use typst::foundations::Bytes;
use typst::text::Font;

use crate::fonts::BUNDLED;

/// A set of parsed fonts: the bundled ones plus any from `--font-dir`.
#[derive(Clone)]
pub struct FontSet {
    pub fonts: Vec<Font>,
    /// Every code point some font covers, sorted: typst's `Coverage::contains` scans
    /// its runs linearly (thousands for a CJK font), too slow to ask per character.
    covered: Arc<Vec<u32>>,
}

fn covered(fonts: &[Font]) -> Vec<u32> {
    let mut all: Vec<u32> = fonts
        .iter()
        .flat_map(|f| f.info().coverage.iter())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

impl FontSet {
    /// The bundled fonts, parsed once per process.
    pub fn bundled() -> FontSet {
        static CELL: OnceLock<FontSet> = OnceLock::new();
        CELL.get_or_init(|| {
            let fonts: Vec<Font> = BUNDLED
                .iter()
                .flat_map(|(_, bytes)| Font::iter(Bytes::new(*bytes)))
                .collect();
            let covered = Arc::new(covered(&fonts));
            FontSet { fonts, covered }
        })
        .clone()
    }

    /// The bundled fonts plus every .otf/.ttf/.ttc/.otc file in `dir`.
    pub fn with_dir(dir: &Path) -> std::io::Result<FontSet> {
        let mut set = FontSet::bundled();
        let mut paths: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                matches!(
                    p.extension()
                        .and_then(|e| e.to_str())
                        .map(|e| e.to_ascii_lowercase())
                        .as_deref(),
                    Some("otf" | "ttf" | "ttc" | "otc")
                )
            })
            .collect();
        paths.sort();
        for p in paths {
            let bytes = std::fs::read(&p)?;
            set.fonts.extend(Font::iter(Bytes::new(bytes)));
        }
        set.covered = Arc::new(covered(&set.fonts));
        Ok(set)
    }

    /// Whether some font of the set has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.covered.binary_search(&(c as u32)).is_ok()
    }

    /// The characters of `text` that no font covers (whitespace and controls ignored).
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || out.contains(&c) {
                continue;
            }
            if !self.covers(c) {
                out.push(c);
            }
        }
        out
    }
}
