//! The edge: one file per command. The only code that sees clap types, prints, or
//! decides exit codes (0 ok — warnings allowed, 1 the data has errors, 2 usage error or
//! unreadable input: I/O, encoding, configuration). Each command turns its arguments
//! into a plain `config::Options` before any stage runs and calls `pipeline`.
//!
//! Adding a command: a file `src/commands/<name>.rs` with a clap `Args` struct and
//! `pub fn run(args) -> i32`, plus one line in `commands!` below.

pub mod cli;

use std::ffi::OsString;
use std::path::Path;

use crate::diag::Finding;
use crate::model::{LoadError, Loaded};

/// Exit code: done (warnings allowed).
pub const EXIT_OK: i32 = 0;
/// Exit code: the data has errors (or, for `diff`, pages differ).
pub const EXIT_DATA: i32 = 1;
/// Exit code: usage error, unreadable input, bad configuration, unwritable output.
pub const EXIT_USAGE: i32 = 2;

/// Declares the command modules, the `Command` enum clap parses (doc comments are the
/// Chinese help) and its dispatch to each module's `run`.
macro_rules! commands {
    ($( $(#[$meta:meta])* $variant:ident($module:ident :: $args:ident), )*) => {
        $( pub mod $module; )*

        /// The subcommands.
        #[derive(Debug, clap::Subcommand)]
        pub enum Command {
            $( $(#[$meta])* $variant($module::$args), )*
        }

        impl Command {
            fn run(self) -> i32 {
                match self {
                    $( Command::$variant(a) => $module::run(a), )*
                }
            }
        }
    };
}

commands! {
    /// 生成一个单位的决算公开报告（PDF）
    Build(build::BuildArgs),
    /// 审核数据文件，列出全部问题（不生成报告）
    Check(check::CheckArgs),
    /// 生成一份带中文注释、全部为零的数据文件模板（或 --xlsx 填报工作簿）
    Init(init::InitArgs),
    /// 从决算软件导出的工作簿（.xls/.xlsx）、决算公开表或填报工作簿导入数据文件
    Import(import::ImportArgs),
    /// 批量生成一个区（目录）下所有单位的报告
    Batch(batch::BatchArgs),
    /// 实时预览：修改数据或模板后，浏览器中的页面自动刷新
    Preview(preview::PreviewArgs),
    /// 比较两套模板生成的报告，逐页输出差异图
    Diff(diff::DiffArgs),
    /// 模板管理
    #[command(subcommand)]
    Templates(templates::TemplatesCommand),
    /// 检查已公开的决算报告（PDF、Word、网页、文本），列出全部不一致之处
    Lint(lint::LintArgs),
    /// 把部门文件及其成员文件汇总为一个数据文件（每个汇总数注明组成）
    Consolidate(consolidate::ConsolidateArgs),
}

/// Runs the command line; returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let parsed = cli::command()
        .try_get_matches_from(args)
        .and_then(|m| <cli::Cli as clap::FromArgMatches>::from_arg_matches(&m));
    match parsed {
        Ok(c) => c.command.run(),
        Err(e) => usage_error(&e),
    }
}

/// Prints clap's help, version or usage error (in Chinese); the exit code.
fn usage_error(e: &clap::Error) -> i32 {
    if !e.use_stderr() {
        let _ = e.print();
        return EXIT_OK;
    }
    if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return EXIT_USAGE;
    }
    eprintln!("错误：{}", usage_error_zh(e));
    eprintln!(
        "（{}）",
        e.render()
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
    );
    eprintln!("运行 `juesuan --help` 查看用法。");
    EXIT_USAGE
}

/// A Chinese sentence for clap's usage errors.
fn usage_error_zh(e: &clap::Error) -> &'static str {
    use clap::error::ErrorKind as K;
    match e.kind() {
        K::UnknownArgument => "未知的参数",
        K::InvalidSubcommand => "未知的命令",
        K::MissingRequiredArgument => "缺少必需的参数",
        K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => "缺少命令",
        K::InvalidValue | K::ValueValidation => "参数的取值无效",
        K::TooManyValues | K::WrongNumberOfValues | K::TooFewValues => "参数的个数不对",
        K::ArgumentConflict => "参数相互冲突",
        _ => "命令行用法有误",
    }
}

/// Loads a data file; a load error is printed and becomes the exit code.
fn load(file: &Path) -> Result<Loaded, i32> {
    crate::model::open(file).map_err(|e| report_load_error(&e))
}

/// Prints a load error; returns the exit code.
fn report_load_error(e: &LoadError) -> i32 {
    match e {
        LoadError::Invalid {
            findings, input, ..
        } => {
            eprint!("{}", input.render(findings));
            EXIT_DATA
        }
        LoadError::Unreadable { path, findings } => {
            eprint!("{}", crate::diag::render_cells(path, findings, &|_| None));
            EXIT_USAGE
        }
        other => {
            eprintln!("错误：{other}");
            EXIT_USAGE
        }
    }
}

/// Prints findings rustc-style to stderr.
fn print_findings(loaded: &Loaded, findings: &[Finding]) {
    if !findings.is_empty() {
        eprint!("{}", loaded.source.render(findings));
    }
}

/// Writes to stdout, ignoring a closed pipe (`juesuan check … | head`).
fn out(s: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(s.as_bytes());
}
