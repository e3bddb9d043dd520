//! The output folder, made ready before any report is typeset: temporary files that a
//! killed run left behind are removed, and the folder is shown to take a report — a
//! read-only or full folder used to be found only after every unit was typeset.
//!
//! Reports are written atomically (`pipeline::write_atomic`): a temporary file
//! `.juesuan-XXXXXX.tmp` in the target folder, renamed when complete. `kill -9` between
//! the two leaves the temporary file. A later run removes such files when they are
//! ours by name and old: a run writing right now touches its file within a second
//! (the bytes are ready before the file is created), so a file untouched for
//! `STALE_AFTER` belongs to no live run.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A temporary file untouched this long belongs to no live run.
pub const STALE_AFTER: Duration = Duration::from_secs(15 * 60);

/// Bytes written to probe a folder: about one report.
const PROBE_BYTES: usize = 1 << 20;

/// Whether `name` is one of our temporary files: `.juesuan-` + six letters or digits
/// (tempfile's random part) + `.tmp`.
pub fn is_ours(name: &str) -> bool {
    name.strip_prefix(".juesuan-")
        .and_then(|r| r.strip_suffix(".tmp"))
        .is_some_and(|mid| mid.len() == 6 && mid.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Removes our temporary files in `dir` (and its subfolders when `deep`) that were last
/// written before `now - STALE_AFTER`. Symbolic links are never followed or removed.
/// Returns the files removed.
pub fn clean_stale(dir: &Path, deep: bool, now: SystemTime) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(ft) = e.file_type() else { continue };
            let path = e.path();
            if ft.is_dir() {
                if deep {
                    stack.push(path);
                }
                continue;
            }
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age >= STALE_AFTER);
            let ours = e.file_name().to_str().is_some_and(is_ours);
            if ft.is_file() && ours && old && std::fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
        }
    }
    removed
}

/// Shows that `dir` can take a report: writes `PROBE_BYTES` to a temporary file there,
/// syncs it to disk and removes it. A folder that does not exist yet is judged by its
/// nearest existing ancestor (where it would be created).
pub fn probe(dir: &Path) -> Result<(), String> {
    use std::io::Write;
    let mut at = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    while !at.exists() {
        match at.parent() {
            Some(p) if !p.as_os_str().is_empty() => at = p,
            _ => {
                at = Path::new(".");
                break;
            }
        }
    }
    let fail = |e: std::io::Error| {
        use std::io::ErrorKind as K;
        let why = match e.kind() {
            K::StorageFull | K::QuotaExceeded => "磁盘已满".to_string(),
            K::FileTooLarge => "超出文件大小限制".to_string(),
            K::ReadOnlyFilesystem => "文件系统只读".to_string(),
            K::PermissionDenied => "没有写入权限".to_string(),
            _ => e.to_string(),
        };
        format!(
            "输出目录 {} 无法写入（{why}），未开始生成报告",
            at.display()
        )
    };
    if !at.is_dir() {
        return Err(format!(
            "输出位置 {} 不是目录，未开始生成报告",
            at.display()
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".juesuan-")
        .suffix(".tmp")
        .tempfile_in(at)
        .map_err(fail)?;
    tmp.write_all(&vec![0u8; PROBE_BYTES]).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.close().map_err(fail)
}

/// For `build`: stale temporary files in the report's folder removed, the folder probed.
pub fn prepare_file(output: &Path) -> Result<(), String> {
    let dir = output.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    clean_stale(dir, false, SystemTime::now());
    probe(dir)
}

/// For `batch`: stale temporary files anywhere in the output tree removed (it mirrors
/// the data folder), the folder probed; how many stale files were removed.
pub fn prepare_tree(root: &Path) -> Result<usize, String> {
    let removed = clean_stale(root, true, SystemTime::now());
    probe(root)?;
    Ok(removed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_old_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("教育");
        std::fs::create_dir_all(&sub).unwrap();
        let names = [
            ".juesuan-a1B2c3.tmp",
            ".juesuan-zzzzzz.tmp",
            ".juesuan-abc.tmp",
            "juesuan-a1B2c3.tmp",
            ".juesuan-a1B2c3.pdf",
            "report.pdf",
        ];
        for n in names {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        std::fs::write(sub.join(".juesuan-Q9q9Q9.tmp"), b"x").unwrap();
        // Right now nothing is old enough: a concurrent run may be writing these.
        assert!(clean_stale(dir.path(), true, SystemTime::now()).is_empty());
        let later = SystemTime::now() + STALE_AFTER + Duration::from_secs(1);
        let mut shallow = clean_stale(dir.path(), false, later);
        shallow.sort();
        assert_eq!(
            shallow,
            [
                dir.path().join(".juesuan-a1B2c3.tmp"),
                dir.path().join(".juesuan-zzzzzz.tmp")
            ]
        );
        assert_eq!(
            clean_stale(dir.path(), true, later),
            [sub.join(".juesuan-Q9q9Q9.tmp")]
        );
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "教育")
            .collect();
        assert_eq!(left.len(), 4, "{left:?}");
    }

    #[test]
    fn probing_leaves_nothing_and_reports_an_unwritable_folder() {
        let dir = tempfile::tempdir().unwrap();
        probe(dir.path()).unwrap();
        probe(&dir.path().join("not/yet")).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // /proc/self takes no new files, for root neither.
        let e = probe(Path::new("/proc/self")).unwrap_err();
        assert!(e.contains("无法写入") && e.contains("/proc/self"), "{e}");
        let file = dir.path().join("f");
        std::fs::write(&file, b"").unwrap();
        assert!(probe(&file).unwrap_err().contains("不是目录"));
    }
}
