//! `juesuan templates …`: `export DIR [--force]` writes the built-in template set for
//! editing.

use std::path::PathBuf;

use clap::Subcommand;

use super::{EXIT_OK, EXIT_USAGE};

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// 把内置模板写到目录中，供修改
    Export {
        /// 目标目录
        #[arg(value_name = "目录")]
        dir: PathBuf,
        /// 覆盖已有文件
        #[arg(long)]
        force: bool,
    },
}

/// `juesuan templates …`.
pub fn run(cmd: TemplatesCommand) -> i32 {
    match cmd {
        TemplatesCommand::Export { dir, force } => {
            match crate::config::templates::export(&dir, force) {
                Ok(written) => {
                    eprintln!(
                        "已把 {} 个内置模板写入 {}；用 --templates {} 使用修改后的模板",
                        written.len(),
                        dir.display(),
                        dir.display()
                    );
                    EXIT_OK
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    EXIT_USAGE
                }
            }
        }
    }
}
