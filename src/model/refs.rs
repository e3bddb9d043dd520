//! Referenced data files: a data file that names another — a 部门's member files
//! (`consolidation.members`), last year's file (`last_year.file`). One way to follow such
//! a reference: the path is relative to the referring file; the file is read with the
//! loader of its format (and consolidated, when it is itself a 部门 of members); a file
//! already on the chain of references is a cycle; the year is checked against the
//! referring file's (the same year, or the year before). Findings about the reference
//! point at the field holding it in the referring file; findings about the referenced
//! file are located in that file (`diag::Location::File`) and name it.
//!
//! Codes: Y001 the file cannot be read or loaded, Y002 a cycle, Y003 the wrong year.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{format_of, LoadError, Loaded};
use crate::diag::{Finding, Location};

/// Y001: the referenced file cannot be read or loaded.
pub const UNREADABLE: &str = "Y001";
/// Y002: the reference leads back to a file on the chain.
pub const CYCLE: &str = "Y002";
/// Y003: the referenced file is of another year than expected.
pub const WRONG_YEAR: &str = "Y003";

/// The files being loaded, from the file given on the command line down to the one
/// being read now (canonical paths), for cycle detection.
#[derive(Debug, Clone, Default)]
pub struct Chain {
    files: Vec<PathBuf>,
}

impl Chain {
    /// The chain of a file loaded directly.
    pub fn root(path: &Path) -> Chain {
        Chain {
            files: vec![canonical(path)],
        }
    }

    /// The chain one reference further down.
    pub fn then(&self, path: &Path) -> Chain {
        let mut files = self.files.clone();
        files.push(canonical(path));
        Chain { files }
    }

    /// Whether `path` is on the chain.
    pub fn contains(&self, path: &Path) -> bool {
        let c = canonical(path);
        self.files.contains(&c)
    }

    /// `a.yaml → b.yaml → a.yaml`, file names only.
    fn describe(&self, last: &Path) -> String {
        self.files
            .iter()
            .map(|p| p.as_path())
            .chain([last])
            .map(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.display().to_string())
            })
            .collect::<Vec<_>>()
            .join(" → ")
    }
}

/// A path as the file system resolves it (the path itself when it does not exist).
pub fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The path a reference written in `from` names: relative to `from`'s folder, with
/// `.` and `folder/..` taken out where `folder` is no symlink (the path is shown in
/// messages; through a symlink `..` leads elsewhere, so it stays).
pub fn resolve(from: &Path, target: &str) -> PathBuf {
    let dir = from.parent().unwrap_or(Path::new(""));
    let target = Path::new(target.trim());
    let joined = if target.is_absolute() {
        target.to_path_buf()
    } else {
        dir.join(target)
    };
    tidy(&joined)
}

fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    let mut normal = 0usize;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if normal > 0
                    && !std::fs::symlink_metadata(&out)
                        .is_ok_and(|m| m.file_type().is_symlink()) =>
            {
                out.pop();
                normal -= 1;
            }
            Component::Normal(_) => {
                out.push(c);
                normal += 1;
            }
            other => {
                out.push(other);
                normal = 0;
            }
        }
    }
    out
}

/// A reference as written: the referring file and the field holding the path.
pub struct Ref<'a> {
    pub from: &'a Loaded,
    /// The field's path in the referring file (`consolidation.members[2]`).
    pub field: String,
    /// What the reference means, for messages (成员文件, 上年数据文件).
    pub what: &'static str,
}

impl Ref<'_> {
    /// Where the reference is written in the referring file.
    pub fn at(&self) -> Option<Location> {
        self.from.source.find(&self.field)
    }
}

/// A referenced file as loaded.
#[derive(Debug, Clone)]
pub struct Referenced {
    pub loaded: Loaded,
    /// SHA-256 of the file's bytes (hex): what batch's up-to-date key hashes.
    pub digest: String,
}

/// Why a reference could not be followed: findings at the reference and, when the file
/// was read but does not load, the file's own findings (located in it) and its text.
#[derive(Debug)]
pub struct Failed {
    pub findings: Vec<Finding>,
    /// The referenced file's text as far as it was read, to show its findings in.
    pub input: Option<(PathBuf, std::sync::Arc<dyn super::Source>)>,
}

/// Reads and loads the file at `path`, which `r` names. A 部门 file of members is
/// consolidated (its members follow the chain further down).
pub fn follow(r: &Ref, path: &Path, chain: &Chain) -> Result<Referenced, Failed> {
    let at_ref = |code: &str, message: String| Failed {
        findings: vec![Finding::error(code, &r.field, message).at(r.at())],
        input: None,
    };
    if chain.contains(path) {
        return Err(at_ref(
            CYCLE,
            format!(
                "{}“{}”引用回到了正在载入的文件：{}",
                r.what,
                path.display(),
                chain.describe(path)
            ),
        ));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "不存在".to_string()
            } else {
                format!("无法读取：{e}")
            };
            return Err(at_ref(
                UNREADABLE,
                format!("{}“{}”{why}", r.what, path.display()),
            ));
        }
    };
    let digest = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let loaded = match (format_of(path).load)(path, &bytes) {
        Ok(l) => l,
        Err(e) => return Err(load_failed(r, path, e)),
    };
    let loaded = super::consolidate::resolve(loaded, &chain.then(path));
    Ok(Referenced { loaded, digest })
}

/// The referenced file did not load: Y001 at the reference, then the file's own
/// findings located in it.
fn load_failed(r: &Ref, path: &Path, e: LoadError) -> Failed {
    let head = Finding::error(
        UNREADABLE,
        &r.field,
        format!("{}“{}”未能载入：{e}", r.what, path.display()),
    )
    .at(r.at());
    match e {
        LoadError::Invalid {
            findings, input, ..
        } => {
            let own = findings.into_iter().map(|f| in_file(f, path));
            Failed {
                findings: std::iter::once(head).chain(own).collect(),
                input: Some((path.to_path_buf(), input)),
            }
        }
        _ => Failed {
            findings: vec![head],
            input: None,
        },
    }
}

/// A finding about `path` as seen from the referring file: its place names `path`.
pub fn in_file(mut f: Finding, path: &Path) -> Finding {
    f.pos = Some(match f.pos.take() {
        Some(l) => l.in_file(path),
        // No place in the file: its beginning.
        None => Location::Text(crate::diag::Pos {
            line: 1,
            col: 1,
            offset: 0,
            len: 0,
        })
        .in_file(path),
    });
    f
}

/// Which year the referenced file must be of, relative to the referring file's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Year {
    /// The same 决算年度 (a 部门's members).
    Same,
    /// The year before (last year's file).
    Previous,
}

/// Y003 when the referenced file's `unit.year` is not the one expected: located at
/// the referenced file's year, naming the referring file's year and where it is.
pub fn year_finding(r: &Ref, referenced: &Loaded, want: Year) -> Option<Finding> {
    let own = r.from.data.unit.year;
    let expected = match want {
        Year::Same => own,
        Year::Previous => own - 1,
    };
    let got = referenced.data.unit.year;
    if got == expected {
        return None;
    }
    let own_at = r
        .from
        .source
        .find("unit.year")
        .map(|l| l.describe(&r.from.path))
        .unwrap_or_else(|| r.from.path.display().to_string());
    let rel = match want {
        Year::Same => "同一年度",
        Year::Previous => "上一年度",
    };
    Some(
        Finding::error(
            WRONG_YEAR,
            "unit.year",
            format!(
                "{}“{}”的决算年度为 {got}，应为{rel} {expected}（{own_at} 年度 {own}）",
                r.what,
                referenced.path.display()
            ),
        )
        .expected(expected, got)
        .at(referenced
            .source
            .find("unit.year")
            .map(|l| l.in_file(&referenced.path)))
        .help(format!(
            "{}应为{rel}的数据文件；请核对 {} 中的引用或该文件的 unit.year",
            r.what,
            r.from.path.display()
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_relative_to_the_referring_file() {
        assert_eq!(
            resolve(Path::new("d/部门.yaml"), "学校/一小.yaml"),
            Path::new("d/学校/一小.yaml")
        );
        assert_eq!(
            resolve(Path::new("部门.yaml"), "一小.yaml"),
            Path::new("一小.yaml")
        );
        assert_eq!(
            resolve(Path::new("d/a.yaml"), "/x/b.yaml"),
            Path::new("/x/b.yaml")
        );
    }

    #[test]
    fn a_chain_knows_its_files_by_their_canonical_paths() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.yaml"), "").unwrap();
        let chain = Chain::root(&d.path().join("a.yaml"));
        assert!(chain.contains(&d.path().join(".").join("a.yaml")));
        assert!(!chain.contains(&d.path().join("b.yaml")));
        let c2 = chain.then(&d.path().join("b.yaml"));
        assert!(c2.contains(&d.path().join("b.yaml")));
        assert_eq!(
            c2.describe(&d.path().join("a.yaml")),
            "a.yaml → b.yaml → a.yaml"
        );
    }
}
