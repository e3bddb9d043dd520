//! Batch: every data file of a district in one run (see issue "District batch").

use crate::cli::BatchArgs;

/// `juesuan batch`.
pub fn command(_args: &BatchArgs) -> i32 {
    eprintln!("batch 命令尚未实现");
    crate::commands::EXIT_USAGE
}
