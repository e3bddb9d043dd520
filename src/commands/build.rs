//! `juesuan build`: one data file → its report (PDF), and on request the charts, the
//! 附表 as an Excel workbook (`--xlsx`) and the generated Typst source. Nothing is
//! written when the data has errors or an output would overwrite an input.

use std::path::{Path, PathBuf};

use clap::Args;

use super::cli::RenderArgs;
use super::{load, print_findings, EXIT_DATA, EXIT_OK, EXIT_USAGE};
use crate::atomic::write_atomic;
use crate::config::guard::Inputs;
use crate::pipeline::{self, BuildError, Report, Toolkit};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// 数据文件（YAML，或 init --xlsx 的填报工作簿 .xlsx）
    #[arg(value_name = "数据文件")]
    pub file: PathBuf,
    /// 输出 PDF 路径（默认 out/<文件名>.pdf）
    #[arg(short, long, value_name = "PDF")]
    pub output: Option<PathBuf>,
    /// 同时把图1–图7 写入此目录（total_change.svg …，按图名）
    #[arg(long, value_name = "目录")]
    pub charts_dir: Option<PathBuf>,
    /// 同时把附表写成一个 Excel 工作簿（.xlsx，每表一个工作表，版式同 PDF）
    #[arg(long, value_name = "文件")]
    pub xlsx: Option<PathBuf>,
    /// 同时写出生成的 Typst 源文件（调试模板用）
    #[arg(long, value_name = "文件")]
    pub typst_out: Option<PathBuf>,
    /// 打印各阶段耗时
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub render: RenderArgs,
}

fn default_output(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "report".into());
    let mut p = PathBuf::from("out").join(stem);
    p.set_extension("pdf");
    p
}

/// Every file the command would write.
fn outputs(a: &BuildArgs) -> Vec<PathBuf> {
    let mut v = vec![a.output.clone().unwrap_or_else(|| default_output(&a.file))];
    v.extend(a.typst_out.clone());
    v.extend(a.xlsx.clone());
    if let Some(dir) = &a.charts_dir {
        v.extend(
            crate::charts::NAMES
                .iter()
                .map(|n| dir.join(format!("{n}.svg"))),
        );
    }
    v
}

/// `juesuan build`: exit 0 with a report (warnings allowed), 1 when the data has
/// errors, 2 on usage, reading, configuration or writing errors.
pub fn run(a: BuildArgs) -> i32 {
    let inputs = Inputs::of(
        &[&a.file],
        a.render.templates.as_deref(),
        a.render.font_dir.as_deref(),
    );
    let outs = outputs(&a);
    if let Err(e) = inputs.refuse(&outs.iter().map(PathBuf::as_path).collect::<Vec<_>>()) {
        eprintln!("错误：{e}");
        return EXIT_USAGE;
    }
    // Stale temporary files of an interrupted run go; an unwritable or full output
    // folder is found now, before any work.
    if let Err(e) = crate::outdir::prepare_file(&outs[0]) {
        eprintln!("错误：{e}");
        return EXIT_USAGE;
    }
    let loaded = match load(&a.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    // A 部门's member files are inputs too.
    if let Some(c) = &loaded.consolidation {
        let members: Vec<PathBuf> = c.inputs().into_iter().map(|(p, _)| p).collect();
        let members: Vec<&Path> = members.iter().map(PathBuf::as_path).collect();
        let outs: Vec<&Path> = outs.iter().map(PathBuf::as_path).collect();
        if let Err(e) = Inputs::of(&members, None, None).refuse(&outs) {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    }
    let kit = match Toolkit::new(&a.render.options()) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let report = match pipeline::build_report(&kit, &loaded) {
        Ok(r) => r,
        Err(BuildError::Findings(f)) => {
            print_findings(&loaded, &f);
            let n = f.iter().filter(|x| x.is_error()).count();
            eprintln!("错误：{} 有{n}处错误，未生成报告。", a.file.display());
            return EXIT_DATA;
        }
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    print_findings(&loaded, &report.findings);
    for w in &report.typst_warnings {
        eprintln!("排版{w}");
    }
    for p in &report.chart_problems {
        eprintln!("警告：{p}");
    }
    if let Err(code) = write_outputs(&a, &report) {
        return code;
    }
    if a.timings {
        let t = &report.timings;
        eprintln!(
            "耗时：审核 {:?}，图表 {:?}，模板 {:?}，排版 {:?}，导出 {:?}",
            t.check, t.charts, t.render, t.compile, t.export
        );
    }
    let out = a.output.clone().unwrap_or_else(|| default_output(&a.file));
    let warnings = report.findings.len();
    if warnings > 0 {
        eprintln!("已生成 {}（{warnings}条警告）", out.display());
    } else {
        eprintln!("已生成 {}", out.display());
    }
    EXIT_OK
}

/// Charts and Typst source first, the PDF last, each atomically.
fn write_outputs(a: &BuildArgs, report: &Report) -> Result<(), i32> {
    let write = |p: &Path, bytes: &[u8], what: &str| {
        write_atomic(p, bytes).map_err(|e| {
            eprintln!("错误：无法写入{what} {}：{e}", p.display());
            EXIT_USAGE
        })
    };
    if let Some(dir) = &a.charts_dir {
        for c in &report.charts {
            write(&dir.join(&c.file), &c.svg, "图表")?;
        }
    }
    if let Some(t) = &a.typst_out {
        write(t, report.source.as_bytes(), "")?;
    }
    if let Some(x) = &a.xlsx {
        let bytes = crate::render::tables::xlsx::workbook(&report.tables, report.date).map_err(
            |e| {
                eprintln!("错误：无法生成附表工作簿 {}：{e}", x.display());
                EXIT_USAGE
            },
        )?;
        write(x, &bytes, "附表工作簿")?;
    }
    let out = a.output.clone().unwrap_or_else(|| default_output(&a.file));
    write(&out, &report.pdf, "")
}
