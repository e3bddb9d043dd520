//! "Up to date": a rerun skips a unit whose data, district settings, templates, fonts,
//! command-line settings and tool (version and executable) are unchanged and whose PDF
//! is still there.
//! The keys (SHA-256) live in `OUTDIR/.juesuan-cache.json`, written atomically at the
//! end of a run (an interrupted run leaves the old cache: the next run redoes more,
//! never less).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::summary::Row;
use crate::model::Loaded;

/// The cache file name (per shard: `.juesuan-cache-2-of-4.json`).
pub const FILE_STEM: &str = ".juesuan-cache";

/// One unit's last good run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub key: String,
    pub row: Row,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cache {
    /// By data file (relative, `/`-separated).
    pub units: BTreeMap<String, Entry>,
}

impl Cache {
    /// Reads the cache; a missing or unreadable cache is empty (everything rebuilt).
    pub fn load(path: &Path) -> Cache {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::atomic::write_atomic(path, &bytes)
    }

    /// The cached row if the key matches.
    pub fn fresh(&self, file: &str, key: &str) -> Option<&Row> {
        self.units
            .get(file)
            .filter(|e| e.key == key)
            .map(|e| &e.row)
    }
}

/// What every unit of a run shares, hashed once.
#[derive(Clone)]
pub struct Fingerprint(Sha256);

impl Fingerprint {
    /// Tool version and executable, the template set (built-in texts and overrides), the district
    /// settings text, the merged command-line settings and the extra fonts.
    pub fn new(parts: &[&[u8]]) -> Fingerprint {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        // The executable's size and time: a rebuilt tool (new catalogue, new code)
        // redoes everything even when the version number did not move.
        if let Some(m) = std::env::current_exe()
            .ok()
            .and_then(|p| std::fs::metadata(p).ok())
        {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            field(&mut h, format!("{}\t{mtime}", m.len()).as_bytes());
        }
        for (name, text) in crate::config::templates::builtin() {
            field(&mut h, name.as_bytes());
            field(&mut h, text.as_bytes());
        }
        for p in parts {
            field(&mut h, p);
        }
        Fingerprint(h)
    }

    /// The key of one unit: the shared part, its relative path and its bytes.
    pub fn key(&self, file: &str, data: &[u8]) -> String {
        self.key_with(file, data, &[])
    }

    /// The key of a unit's data file `bytes` (read from `src`). A file that names other
    /// files (last year's) is loaded here, so that their bytes go into its key (a change
    /// there rebuilds the unit), and returned; the others keep the quick path.
    pub fn unit_key(&self, file: &str, src: &Path, bytes: &[u8]) -> (String, Option<Loaded>) {
        if bytes.windows(4).any(|w| w == b"file") {
            if let Ok(l) = (crate::model::format_of(src).load)(src, bytes) {
                let named: Vec<Vec<u8>> = crate::model::reference::named_files(&l)
                    .iter()
                    .map(|p| std::fs::read(p).unwrap_or_default())
                    .collect();
                return (self.key_with(file, bytes, &named), Some(l));
            }
        }
        (self.key(file, bytes), None)
    }

    /// `key`, also over the bytes of the files the unit's data file names (last year's
    /// file): a change there rebuilds the unit.
    pub fn key_with(&self, file: &str, data: &[u8], named: &[Vec<u8>]) -> String {
        let mut h = self.0.clone();
        field(&mut h, file.as_bytes());
        field(&mut h, data);
        for n in named {
            field(&mut h, n);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Length-prefixed, so that ("ab","c") and ("a","bc") differ.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// A listing of a font folder (names, sizes, modification times) for the fingerprint.
pub fn dir_listing(dir: &Path) -> Vec<u8> {
    let mut items: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    let m = e.metadata().ok();
                    let len = m.as_ref().map(|m| m.len()).unwrap_or(0);
                    let mtime = m
                        .and_then(|m| m.modified().ok())
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map(|d| d.as_nanos())
                        .unwrap_or(0);
                    format!("{}\t{len}\t{mtime}", e.file_name().to_string_lossy())
                })
                .collect()
        })
        .unwrap_or_default();
    items.sort();
    items.join("\n").into_bytes()
}
