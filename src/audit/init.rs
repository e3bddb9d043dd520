//! `juesuan init [PATH]`: writes a complete, commented, zero-filled data file that
//! passes `check`. Never overwrites an existing file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::InitArgs;
use crate::commands::{EXIT_OK, EXIT_USAGE};

/// The template (data/init-template.yaml).
pub const TEMPLATE: &str = include_str!("../../data/init-template.yaml");

/// Default file name when no path is given.
pub const DEFAULT_PATH: &str = "juesuan-data.yaml";

pub fn init_command(args: &InitArgs) -> i32 {
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_PATH));
    match write_new(&path, TEMPLATE.as_bytes()) {
        Ok(()) => {
            eprintln!(
                "已生成数据文件模板 {}；填写后运行 juesuan check {} 检查",
                path.display(),
                path.display()
            );
            EXIT_OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "错误：文件 {} 已存在，未覆盖。请换一个文件名，或先移走原文件。",
                path.display()
            );
            EXIT_USAGE
        }
        Err(e) => {
            eprintln!("错误：无法写入 {}：{e}", path.display());
            EXIT_USAGE
        }
    }
}

/// Writes `bytes` to a new file at `path` atomically; fails if `path` exists.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "exists",
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".juesuan-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::audit_text;
    use super::*;

    #[test]
    fn template_loads_and_checks_clean() {
        let a = audit_text(TEMPLATE);
        assert!(a.findings.is_empty(), "{:#?}", a.findings);
    }

    #[test]
    fn every_field_line_has_a_chinese_comment() {
        for line in TEMPLATE.lines() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let comment = t.split_once(" # ").map(|(_, c)| c).unwrap_or("");
            assert!(
                comment
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "no Chinese comment: {line}"
            );
        }
    }

    #[test]
    fn refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "keep").unwrap();
        let code = init_command(&InitArgs {
            path: Some(p.clone()),
        });
        assert_eq!(code, EXIT_USAGE);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "keep");
        let q = dir.path().join("sub/b.yaml");
        assert_eq!(
            init_command(&InitArgs {
                path: Some(q.clone())
            }),
            EXIT_OK
        );
        assert_eq!(std::fs::read_to_string(&q).unwrap(), TEMPLATE);
    }
}
