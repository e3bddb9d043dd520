//! Live preview and visual diff for template maintainers.

use crate::cli::{DiffArgs, PreviewArgs};

/// `juesuan preview`.
pub fn command(_args: &PreviewArgs) -> i32 {
    eprintln!("preview 命令尚未实现");
    crate::commands::EXIT_USAGE
}

/// `juesuan diff`.
pub fn diff_command(_args: &DiffArgs) -> i32 {
    eprintln!("diff 命令尚未实现");
    crate::commands::EXIT_USAGE
}
