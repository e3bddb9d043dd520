//! Any bytes through the loader (encoding check, YAML, data model, locator) and, when
//! they load, through the check stage (configuration, compute, every audit rule) and the
//! rendering of the findings. Nothing may panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use juesuan::model;
use juesuan::pipeline::{self, Toolkit};

fn kit() -> &'static Toolkit {
    static K: OnceLock<Toolkit> = OnceLock::new();
    K.get_or_init(|| Toolkit::new(&juesuan::config::Options::default()).expect("toolkit"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = model::load_bytes(Path::new("fuzz.yaml"), data) {
        if let Ok(checked) = pipeline::check(kit(), &loaded) {
            let _ = loaded.source.render(&checked.findings);
        }
    }
});
