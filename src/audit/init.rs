//! `juesuan init [PATH]`: writes a complete, commented, zero-filled data file that
//! passes `check`. Never overwrites an existing file.

use std::path::PathBuf;

use crate::cli::InitArgs;
use crate::commands::{EXIT_OK, EXIT_USAGE};

/// The template (data/init-template.yaml).
pub const TEMPLATE: &str = include_str!("../../data/init-template.yaml");

/// Default file name when no path is given.
pub const DEFAULT_PATH: &str = "juesuan-data.yaml";

pub fn init_command(args: &InitArgs) -> i32 {
    if let Some(x) = &args.xlsx {
        return crate::import::fillin::init_xlsx(x);
    }
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_PATH));
    match crate::pipeline::write_new(&path, TEMPLATE.as_bytes()) {
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
            xlsx: None,
        });
        assert_eq!(code, EXIT_USAGE);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "keep");
        let q = dir.path().join("sub/b.yaml");
        assert_eq!(
            init_command(&InitArgs {
                path: Some(q.clone()),
                xlsx: None,
            }),
            EXIT_OK
        );
        assert_eq!(std::fs::read_to_string(&q).unwrap(), TEMPLATE);
    }
}
