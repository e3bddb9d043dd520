//! File watching for the preview: the data file, the template folder and the font
//! folder, debounced so that one save (often several file-system events) is one render.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

/// How long the file system must be quiet before a render starts.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// What to watch.
pub struct Targets {
    pub data: PathBuf,
    pub templates: Option<PathBuf>,
    pub fonts: Option<PathBuf>,
}

/// A running watcher; dropping it stops watching.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher>,
    rx: Receiver<DebounceEventResult>,
    targets: Targets,
    /// Modification time and length of every file seen: inotify also reports reads
    /// (our own renders open the files), which must not trigger a render.
    seen: RefCell<HashMap<PathBuf, Option<(SystemTime, u64)>>>,
}

impl Watch {
    /// Starts watching. The data file's folder is watched (not the file) so that editors
    /// that save by renaming a new file over the old one are seen too.
    pub fn start(targets: Targets) -> Result<Watch, String> {
        let targets = Targets {
            data: absolute(&targets.data),
            templates: targets.templates.as_deref().map(absolute),
            fonts: targets.fonts.as_deref().map(absolute),
        };
        let (tx, rx) = channel();
        let mut debouncer =
            new_debouncer(DEBOUNCE, tx).map_err(|e| format!("无法监视文件：{e}"))?;
        let w = debouncer.watcher();
        let data_dir = targets
            .data
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        w.watch(&data_dir, RecursiveMode::NonRecursive)
            .map_err(|e| format!("无法监视 {}：{e}", data_dir.display()))?;
        for dir in [&targets.templates, &targets.fonts].into_iter().flatten() {
            w.watch(dir, RecursiveMode::Recursive)
                .map_err(|e| format!("无法监视 {}：{e}", dir.display()))?;
        }
        let mut seen = HashMap::new();
        let mut files = vec![targets.data.clone()];
        for dir in [&targets.templates, &targets.fonts].into_iter().flatten() {
            walk(dir, &mut files);
        }
        for f in files {
            let fp = fingerprint(&f);
            seen.insert(f, fp);
        }
        Ok(Watch {
            _debouncer: debouncer,
            rx,
            targets,
            seen: RefCell::new(seen),
        })
    }

    /// Blocks until a relevant file changed; returns the changed paths. `None` when the
    /// watcher has stopped.
    pub fn next(&self) -> Option<Vec<PathBuf>> {
        loop {
            let first = self.rx.recv().ok()?;
            let mut changed = Vec::new();
            for batch in std::iter::once(first).chain(self.rx.try_iter()) {
                match batch {
                    Ok(events) => changed.extend(
                        events
                            .into_iter()
                            .map(|e| e.path)
                            .filter(|p| self.relevant(p) && self.modified(p)),
                    ),
                    Err(e) => eprintln!("监视文件出错：{e}"),
                }
            }
            changed.sort();
            changed.dedup();
            if !changed.is_empty() {
                return Some(changed);
            }
        }
    }

    /// Whether `p` is in the font folder (fonts are loaded again, not only the report).
    pub fn is_font(&self, p: &Path) -> bool {
        self.targets
            .fonts
            .as_ref()
            .is_some_and(|d| p.starts_with(d))
    }

    /// Whether the file differs from when it was last seen (and remembers it).
    fn modified(&self, p: &Path) -> bool {
        let now = fingerprint(p);
        let before = self.seen.borrow_mut().insert(p.to_path_buf(), now);
        before != Some(now)
    }

    fn relevant(&self, p: &Path) -> bool {
        if p == self.targets.data {
            return true;
        }
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') || n.ends_with('~'));
        if hidden {
            return false;
        }
        let under = |d: &Option<PathBuf>| d.as_ref().is_some_and(|d| p.starts_with(d));
        (under(&self.targets.templates) && matches!(ext.as_str(), "typ" | "yaml" | "tera"))
            || (under(&self.targets.fonts) && matches!(ext.as_str(), "otf" | "ttf" | "ttc" | "otc"))
    }
}

fn fingerprint(p: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(p).ok()?;
    Some((m.modified().ok()?, m.len()))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
}
