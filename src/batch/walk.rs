//! Finding the data files of a district and placing their outputs safely.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::config::district::FILE_NAME;

/// Every data file (the extensions of `model::FORMATS`: `*.yaml`, `*.yml`, and fill-in
/// workbooks — other workbooks, such as exports kept beside the data, are skipped) under `dir`,
/// relative, sorted. Hidden entries, symlinked
/// folders (no loops), the output folder and `juesuan.yaml` files are skipped.
pub fn data_files(dir: &Path, out_root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let abs = dir.join(&rel);
        for e in std::fs::read_dir(&abs)? {
            let e = e?;
            let name = e.file_name();
            let name_s = name.to_string_lossy();
            if name_s.starts_with('.') {
                continue;
            }
            let ty = e.file_type()?;
            let child = rel.join(&name);
            if ty.is_dir() {
                if e.path()
                    .canonicalize()
                    .map(|c| c == out_root)
                    .unwrap_or(false)
                {
                    continue;
                }
                stack.push(child);
            } else if ty.is_file() || (ty.is_symlink() && e.path().is_file()) {
                // Any input format's files (`model::FORMATS`), but not the district file.
                if name_s != FILE_NAME && crate::model::reads(&e.path()) {
                    out.push(child);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `a/b.yaml` with `/` on every platform.
pub fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The absolute output path for `rel` under `root` (canonical), creating folders. Refuses
/// any path that would leave `root`: components other than plain names (`..`, `/`), and
/// existing symlinked folders that resolve outside it.
pub fn safe_output(root: &Path, rel: &Path) -> Result<PathBuf, String> {
    let refuse = || format!("输出路径 {} 会落到输出目录之外，已拒绝", rel.display());
    if rel.as_os_str().is_empty() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(refuse());
    }
    let mut cur = root.to_path_buf();
    if let Some(parent) = rel.parent() {
        for c in parent.components() {
            cur.push(c);
            match std::fs::symlink_metadata(&cur) {
                Ok(m) if m.file_type().is_symlink() => {
                    let target = cur.canonicalize().map_err(|_| refuse())?;
                    if !target.starts_with(root) || !target.is_dir() {
                        return Err(refuse());
                    }
                }
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(format!("{} 不是目录", cur.display())),
                Err(e) if e.kind() == io::ErrorKind::NotFound => match std::fs::create_dir(&cur) {
                    Ok(()) => {}
                    // Another worker created it between our look and our create: fine if
                    // it is a real folder (a symlink planted in between is refused).
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                        let m = std::fs::symlink_metadata(&cur)
                            .map_err(|e| format!("无法访问 {}：{e}", cur.display()))?;
                        if !m.is_dir() {
                            return Err(refuse());
                        }
                    }
                    Err(e) => return Err(format!("无法创建目录 {}：{e}", cur.display())),
                },
                Err(e) => return Err(format!("无法访问 {}：{e}", cur.display())),
            }
        }
    }
    let path = root.join(rel);
    if let Ok(m) = std::fs::symlink_metadata(&path) {
        // Renaming over a symlink replaces the link, never its target; a folder is refused.
        if m.is_dir() {
            return Err(format!("{} 是目录", path.display()));
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_workers_creating_one_folder_all_succeed() {
        for _ in 0..20 {
            let d = tempfile::tempdir().unwrap();
            let root = d.path().canonicalize().unwrap();
            let ok = std::thread::scope(|s| {
                let hs: Vec<_> = (0..8)
                    .map(|i| {
                        let root = &root;
                        s.spawn(move || {
                            safe_output(root, Path::new(&format!("a/b/c/{i}.pdf"))).is_ok()
                        })
                    })
                    .collect();
                hs.into_iter().all(|h| h.join().unwrap())
            });
            assert!(ok, "a worker lost the create_dir race");
        }
    }

    #[test]
    fn refuses_paths_leaving_the_root() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        assert!(safe_output(&root, Path::new("../x.pdf")).is_err());
        assert!(safe_output(&root, Path::new("/etc/x.pdf")).is_err());
        assert!(safe_output(&root, Path::new("a/../../x.pdf")).is_err());
        assert_eq!(
            safe_output(&root, Path::new("a/b/x.pdf")).unwrap(),
            root.join("a/b/x.pdf")
        );
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), root.join("link")).unwrap();
            assert!(safe_output(&root, Path::new("link/x.pdf")).is_err());
        }
    }
}
