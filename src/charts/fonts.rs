//! Registers the bundled fonts with plotters once per process. plotters measures text
//! with them (ab_glyph); the SVG names the same families, which typst then draws.

use std::sync::Once;

use plotters::style::{register_font, FontStyle};

use crate::fonts::{family, BUNDLED};

/// (typst family, style, bundled file) registered with plotters; "sans-serif" and
/// "serif" cover plotters' defaults.
const FACES: &[(&str, FontStyle, &str)] = &[
    (family::HEI, FontStyle::Normal, "FandolHei-Regular.otf"),
    (family::HEI, FontStyle::Bold, "FandolHei-Bold.otf"),
    (family::SONG, FontStyle::Normal, "FandolSong-Regular.otf"),
    (family::SONG, FontStyle::Bold, "FandolSong-Bold.otf"),
    (family::FANG, FontStyle::Normal, "FandolFang-Regular.otf"),
    (family::KAI, FontStyle::Normal, "FandolKai-Regular.otf"),
    ("sans-serif", FontStyle::Normal, "FandolHei-Regular.otf"),
    ("serif", FontStyle::Normal, "FandolSong-Regular.otf"),
];

/// Registers the faces (idempotent; the first call does the work).
pub fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (name, style, file) in FACES {
            let bytes = BUNDLED
                .iter()
                .find(|(f, _)| f == file)
                .map(|(_, b)| *b)
                .expect("bundled font file listed in FACES");
            // The bundled fonts are known-good OpenType files: failing here is a build bug.
            assert!(
                register_font(name, *style, bytes).is_ok(),
                "bundled font {file} parses"
            );
        }
    });
}
