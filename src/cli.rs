//! The command line (clap derive only). Help texts are Chinese.

use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};

/// 决算公开报告生成器：从一个 YAML 数据文件生成部门（单位）决算公开报告 PDF。
#[derive(Debug, Parser)]
#[command(
    name = "juesuan",
    version,
    about,
    long_about = None,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// 显示帮助
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

const HELP_TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The clap command with Chinese headings (clap's own are English).
pub fn command() -> clap::Command {
    localize(Cli::command())
}

fn localize(cmd: clap::Command) -> clap::Command {
    let mut cmd = cmd
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true);
    let ids: Vec<(clap::Id, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().clone(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        cmd = cmd.mut_arg(id, |a| {
            if a.get_help_heading().is_some() {
                a
            } else if positional {
                a.help_heading("参数")
            } else {
                a.help_heading("选项")
            }
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for n in names {
        cmd = cmd.mut_subcommand(n, localize);
    }
    cmd
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成一个单位的决算公开报告（PDF）
    Build(BuildArgs),
    /// 审核数据文件，列出全部问题（不生成报告）
    Check(CheckArgs),
    /// 生成一份带中文注释、全部为零的数据文件模板（或 --xlsx 填报工作簿）
    Init(InitArgs),
    /// 从决算软件导出的工作簿（.xls/.xlsx）、决算公开表或填报工作簿导入数据文件
    Import(ImportArgs),
    /// 批量生成一个区（目录）下所有单位的报告
    Batch(BatchArgs),
    /// 实时预览：修改数据或模板后，浏览器中的页面自动刷新
    Preview(PreviewArgs),
    /// 比较两套模板生成的报告，逐页输出差异图
    Diff(DiffArgs),
    /// 模板管理
    #[command(subcommand)]
    Templates(TemplatesCommand),
}

/// Arguments shared by commands that render reports.
#[derive(Debug, Clone, Args, Default)]
pub struct RenderArgs {
    /// 模板目录：其中的文件逐个覆盖内置模板
    #[arg(long, value_name = "目录")]
    pub templates: Option<PathBuf>,
    /// 额外字体目录（内置字体缺字时使用）
    #[arg(long, value_name = "目录")]
    pub font_dir: Option<PathBuf>,
    /// 附表金额单位
    #[arg(long, value_enum, value_name = "单位")]
    pub table_unit: Option<TableUnitArg>,
    /// 不生成 PDF/A（默认生成 PDF/A-2b）
    #[arg(long)]
    pub no_pdfa: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TableUnitArg {
    /// 元
    Yuan,
    /// 万元
    Wan,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// 数据文件（YAML）
    #[arg(value_name = "数据文件")]
    pub file: PathBuf,
    /// 输出 PDF 路径（默认 out/<文件名>.pdf）
    #[arg(short, long, value_name = "PDF")]
    pub output: Option<PathBuf>,
    /// 同时把图1–图7 写入此目录（fig1.svg …）
    #[arg(long, value_name = "目录")]
    pub charts_dir: Option<PathBuf>,
    /// 同时写出生成的 Typst 源文件（调试模板用）
    #[arg(long, value_name = "文件")]
    pub typst_out: Option<PathBuf>,
    /// 打印各阶段耗时
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub render: RenderArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// 文字（带源文件行）
    Text,
    /// JSON（供其他程序读取）
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 数据文件（YAML）
    #[arg(value_name = "数据文件")]
    pub file: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 要写入的数据文件路径（默认 juesuan-data.yaml；不会覆盖已有文件）
    #[arg(value_name = "路径")]
    pub path: Option<PathBuf>,
    /// 改为生成 Excel 填报工作簿（.xlsx），填好后用 juesuan import 导入
    #[arg(long, value_name = "文件")]
    pub xlsx: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 工作簿：决算软件导出的 .xls/.xlsx、决算公开表或 init --xlsx 的填报工作簿
    #[arg(value_name = "工作簿")]
    pub workbook: PathBuf,
    /// 要写入的数据文件（YAML）
    #[arg(short, long, value_name = "数据文件")]
    pub output: PathBuf,
    /// 从已有数据文件（上年的或本年的草稿）带入文字：概况、变动原因、绩效等
    #[arg(long, value_name = "数据文件")]
    pub texts: Option<PathBuf>,
    /// 映射文件（默认按工作簿自动选用内置映射，见 data/import/）
    #[arg(long, value_name = "文件")]
    pub mapping: Option<PathBuf>,
    /// 覆盖已有的输出文件
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// 数据目录（递归查找 *.yaml）
    #[arg(value_name = "目录")]
    pub dir: Option<PathBuf>,
    /// 输出目录（默认 out/）
    #[arg(short, long, value_name = "目录")]
    pub output: Option<PathBuf>,
    /// 并行数（默认为 CPU 核数）
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// 忽略“已是最新”判断，全部重新生成
    #[arg(long)]
    pub force: bool,
    /// 只处理第 K 片（共 N 片），如 --shard 2/4
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// 合并各分片的 summary.csv，写到 --output 目录
    #[arg(long, value_name = "CSV", num_args = 1..)]
    pub merge_summaries: Vec<PathBuf>,
    #[command(flatten)]
    pub render: RenderArgs,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// 数据文件（YAML）
    #[arg(value_name = "数据文件")]
    pub file: PathBuf,
    /// 监听地址（默认 127.0.0.1:0，即任选空闲端口）
    #[arg(long, value_name = "地址", default_value = "127.0.0.1:0")]
    pub serve: String,
    #[command(flatten)]
    pub render: RenderArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// 数据文件（YAML）
    #[arg(value_name = "数据文件")]
    pub file: PathBuf,
    /// 新模板目录
    #[arg(long, value_name = "目录")]
    pub templates: PathBuf,
    /// 对照模板目录（省略则与内置模板比较）
    #[arg(long, value_name = "目录")]
    pub against: Option<PathBuf>,
    /// 输出目录
    #[arg(short, long, value_name = "目录")]
    pub output: PathBuf,
}

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
