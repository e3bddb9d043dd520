//! `juesuan init [PATH]`: writes a complete, commented, zero-filled data file
//! (`model::INIT_TEMPLATE`; `check` asks only for the unit's name), or with `--xlsx` the
//! Excel fill-in workbook that `juesuan import` reads. Never overwrites an existing file.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};
use crate::model::INIT_TEMPLATE;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 要写入的数据文件路径（默认 juesuan-data.yaml；不会覆盖已有文件）
    #[arg(value_name = "路径")]
    pub path: Option<PathBuf>,
    /// 改为生成 Excel 填报工作簿（.xlsx），填好后用 juesuan import 导入
    #[arg(long, value_name = "文件")]
    pub xlsx: Option<PathBuf>,
}

/// Default file name when no path is given.
pub const DEFAULT_PATH: &str = "juesuan-data.yaml";

/// `juesuan init`: exit 0 when written, 2 when the file exists or cannot be written.
pub fn run(args: InitArgs) -> i32 {
    if let Some(path) = args.xlsx {
        let bytes = match crate::import::fillin::blank() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("错误：{e}");
                return EXIT_USAGE;
            }
        };
        let done = format!(
            "已生成填报工作簿 {}；填好后运行 juesuan import {} -o 数据.yaml",
            path.display(),
            path.display()
        );
        return write_new(&path, &bytes, &done);
    }
    let path = args.path.unwrap_or_else(|| PathBuf::from(DEFAULT_PATH));
    let done = format!(
        "已生成数据文件模板 {}；填写后运行 juesuan check {} 检查",
        path.display(),
        path.display()
    );
    write_new(&path, INIT_TEMPLATE.as_bytes(), &done)
}

/// Writes a new file (never over an existing one); the exit code.
fn write_new(path: &std::path::Path, bytes: &[u8], done: &str) -> i32 {
    match crate::atomic::write_new(path, bytes) {
        Ok(()) => {
            eprintln!("{done}");
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
    use super::*;

    #[test]
    fn refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "keep").unwrap();
        let code = run(InitArgs {
            path: Some(p.clone()),
            xlsx: None,
        });
        assert_eq!(code, EXIT_USAGE);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "keep");
        let q = dir.path().join("sub/b.yaml");
        assert_eq!(
            run(InitArgs {
                path: Some(q.clone()),
                xlsx: None,
            }),
            EXIT_OK
        );
        assert_eq!(std::fs::read_to_string(&q).unwrap(), INIT_TEMPLATE);
    }
}
