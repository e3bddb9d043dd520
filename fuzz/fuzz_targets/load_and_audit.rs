//! Any bytes through the loader (encoding check, YAML, data model, locator) and, when
//! they load, through compute and every audit rule. Nothing may panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use juesuan::catalog::Catalog;
use juesuan::model::{self, Settings};

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(Catalog::builtin)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = model::load_bytes(Path::new("fuzz.yaml"), data) {
        let figures = juesuan::compute::compute(&loaded.data, catalog(), &Settings::default());
        let findings = juesuan::audit::run(&loaded, &figures, catalog());
        let _ = juesuan::diag::render_text(&loaded.path, &loaded.text, &findings);
    }
});
