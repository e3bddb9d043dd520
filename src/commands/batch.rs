//! `juesuan batch`: every data file of a district (`batch::run`), with a progress bar on
//! a terminal or one line per unit otherwise, and the summary; `--merge-summaries`
//! joins the shards' summaries.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::cli::RenderArgs;
use super::{EXIT_DATA, EXIT_OK, EXIT_USAGE};
use crate::batch::shard::Shard;
use crate::batch::summary::{self, Row, Status};
use crate::batch::{self, Outcome, SUMMARY_PDF};

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// 数据目录（递归查找 *.yaml、*.yml 和 init --xlsx 的填报工作簿）
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
    /// 每个单位的时限（秒，默认 600，0 为不限）：超时的单位记为出错并跳过，其余照常生成
    #[arg(long, value_name = "秒", default_value = "600", value_parser = batch::limit::parse_limit)]
    pub timeout: batch::limit::Limit,
    /// 只处理第 K 片（共 N 片），如 --shard 2/4
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// 合并各分片的 summary.csv，写到 --output 目录
    #[arg(long, value_name = "CSV", num_args = 1..)]
    pub merge_summaries: Vec<PathBuf>,
    #[command(flatten)]
    pub render: RenderArgs,
}

/// `juesuan batch`: exit 0 when every unit has a report, 1 when one failed, 2 on usage
/// or configuration errors.
pub fn run(args: BatchArgs) -> i32 {
    if !args.merge_summaries.is_empty() {
        return merge(&args);
    }
    let Some(dir) = args.dir.clone() else {
        eprintln!("错误：请给出数据目录，如 juesuan batch 数据目录/ -o out/");
        return EXIT_USAGE;
    };
    let shard = match args.shard.as_deref().map(Shard::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let (jobs, capped) = batch::jobs::effective(args.jobs);
    if let Some(why) = capped {
        eprintln!("提示：{why}");
    }
    let opts = batch::Options {
        dir,
        out: args.output.clone().unwrap_or_else(|| PathBuf::from("out")),
        jobs,
        force: args.force,
        shard,
        templates: args.render.templates.clone(),
        font_dir: args.render.font_dir.clone(),
        flags: args.render.flags(),
        unit_timeout: args.timeout.0,
    };
    let mut shown = Shown {
        terminal: std::io::stderr().is_terminal(),
        bar: None,
    };
    let result = batch::run(&opts, &mut shown);
    if let Some(b) = shown.bar {
        b.finish_and_clear();
    }
    match result {
        Ok(o) => {
            for n in &o.notes {
                eprintln!("{n}");
            }
            print_summary(&o);
            if o.failed() > 0 {
                EXIT_DATA
            } else {
                EXIT_OK
            }
        }
        Err(e) => {
            eprintln!("错误：{e}");
            EXIT_USAGE
        }
    }
}

/// A progress bar on a terminal, else one line per unit.
struct Shown {
    terminal: bool,
    bar: Option<indicatif::ProgressBar>,
}

impl batch::Progress for Shown {
    fn start(&mut self, units: usize) {
        if self.terminal {
            self.bar = Some(progress_bar(units));
        }
    }

    fn done(&mut self, row: &Row, pos: usize, len: usize) {
        match &self.bar {
            Some(b) => report_on_bar(b, row),
            None => report_line(row, pos, len),
        }
    }

    fn note(&mut self, message: &str) {
        eprintln!("{message}");
    }
}

fn progress_bar(n: usize) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:32.cyan/blue} {pos}/{len} 已用{elapsed} 剩余约{eta} {msg}",
    ) {
        b.set_style(style.progress_chars("█▌ "));
    }
    b
}

fn report_on_bar(b: &indicatif::ProgressBar, row: &Row) {
    if row.status == Status::Error {
        let first = row.findings.split('；').next().unwrap_or_default();
        b.println(format!("失败 {}：{first}", row.file));
    }
    b.set_message(row.file.clone());
    b.inc(1);
}

/// `[3/100] 成功 jiaoyu/004-jiaoyu.yaml（402 毫秒）` (logs, CI, Slurm).
fn report_line(row: &Row, pos: usize, len: usize) {
    let first = row.findings.split('；').next().unwrap_or_default();
    let tail = match row.status {
        Status::Error | Status::Warning => format!("：{first}"),
        _ => String::new(),
    };
    eprintln!(
        "[{pos}/{len}] {} {}（{} 毫秒）{tail}",
        row.status.word(),
        row.file,
        row.ms
    );
}

fn print_summary(o: &Outcome) {
    let (ok, warning, error, unchanged) = summary::counts(&o.rows);
    for r in o
        .rows
        .iter()
        .filter(|r| r.status == Status::Error || r.status == Status::Warning)
    {
        println!(
            "{} {}（{}）",
            r.status.word(),
            r.file,
            if r.unit.is_empty() { "—" } else { &r.unit }
        );
        for f in r.findings.split('；').filter(|s| !s.is_empty()) {
            println!("    {f}");
        }
    }
    let secs = o.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        o.built as f64 / secs
    } else {
        0.0
    };
    println!(
        "共 {} 个单位：成功 {ok}，警告 {warning}，失败 {error}，未变（跳过）{unchanged}；生成 {} 份，用时 {secs:.1} 秒（{rate:.1} 份/秒）",
        o.rows.len(),
        o.built
    );
    let t = &o.timings;
    eprintln!(
        "各阶段耗时合计：审核 {:.2}s，图表 {:.2}s，模板 {:.2}s，排版 {:.2}s，导出 {:.2}s",
        t.check.as_secs_f64(),
        t.charts.as_secs_f64(),
        t.render.as_secs_f64(),
        t.compile.as_secs_f64(),
        t.export.as_secs_f64()
    );
}

/// `juesuan batch --merge-summaries a.csv b.csv -o OUT [DIR]`: exit 1 if any unit failed.
fn merge(args: &BatchArgs) -> i32 {
    let out = args.output.clone().unwrap_or_else(|| PathBuf::from("out"));
    let rows = match batch::merge(
        &args.merge_summaries,
        &out,
        args.dir.as_deref(),
        args.render.templates.clone(),
        args.render.font_dir.clone(),
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let (ok, warning, error, unchanged) = summary::counts(&rows);
    println!(
        "已合并 {} 份汇总，共 {} 个单位：成功 {ok}，警告 {warning}，失败 {error}，未变 {unchanged}；写入 {} 和 {}",
        args.merge_summaries.len(),
        rows.len(),
        out.join(batch::SUMMARY_CSV).display(),
        out.join(SUMMARY_PDF).display()
    );
    if error > 0 {
        EXIT_DATA
    } else {
        EXIT_OK
    }
}
