//! The clap surface shared by the commands: the top-level parser with Chinese headings,
//! and the arguments several commands take. Each command's own arguments live in its
//! file.

use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, Parser, ValueEnum};

use super::Command;
use crate::config::{self, Layers};
use crate::model::settings::SettingsOverride;
use crate::model::TableUnit;

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

impl RenderArgs {
    /// The command-line settings layer (only what was given).
    pub fn flags(&self) -> SettingsOverride {
        SettingsOverride {
            table_unit: self.table_unit.map(|u| match u {
                TableUnitArg::Yuan => TableUnit::Yuan,
                TableUnitArg::Wan => TableUnit::TenThousand,
            }),
            pdf_a: self.no_pdfa.then_some(false),
            ..SettingsOverride::default()
        }
    }

    /// The plain configuration these arguments ask for.
    pub fn options(&self) -> config::Options {
        config::Options {
            templates: self.templates.clone(),
            font_dir: self.font_dir.clone(),
            layers: Layers {
                district: None,
                flags: self.flags(),
            },
        }
    }
}
