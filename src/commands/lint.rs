//! `juesuan lint`: check published reports (PDF, Word, web page, text) however they
//! were made; prints the findings and writes summary.csv when asked.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::check::OutputFormat;
use crate::lint::{run as lint_run, DocReport, LintConfig, PdfEngine};

/// How PDF text is extracted.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PdfEngineArg {
    /// 有 poppler 的 pdftotext 时用它，否则用内置提取
    Auto,
    /// poppler 的 pdftotext -layout
    Poppler,
    /// 内置提取（hayro）
    Builtin,
}

/// `juesuan lint` arguments.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// 报告文件或目录（.pdf .docx .html .txt；目录递归查找）
    #[arg(value_name = "文件或目录", required = true)]
    pub inputs: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// 写出汇总表（每份报告一行：错误、警告、覆盖率）
    #[arg(short, long, value_name = "CSV")]
    pub output: Option<PathBuf>,
    /// PDF 文字提取方式
    #[arg(long, value_enum, default_value = "auto")]
    pub pdf: PdfEngineArg,
}

/// `juesuan lint`: prints the findings (text or JSON), writes summary.csv when asked;
/// returns the exit code (0 no errors, 1 a report has errors, 2 nothing to read / I/O).
pub fn run(args: LintArgs) -> i32 {
    let config = LintConfig {
        inputs: args.inputs.clone(),
        pdf_engine: match args.pdf {
            PdfEngineArg::Auto => PdfEngine::Auto,
            PdfEngineArg::Poppler => PdfEngine::Poppler,
            PdfEngineArg::Builtin => PdfEngine::Builtin,
        },
    };
    for i in &args.inputs {
        if !i.exists() {
            eprintln!("错误：{} 不存在", i.display());
            return 2;
        }
    }
    let report = lint_run(&config);
    if report.documents.is_empty() {
        eprintln!("错误：没有找到可检查的报告（.pdf .docx .html .txt）");
        return 2;
    }
    let out = match args.format {
        OutputFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        OutputFormat::Text => {
            let mut s: String = report.documents.iter().map(DocReport::text).collect();
            let (e, n) = (report.errors(), report.documents.len());
            s.push_str(&format!("共检查 {n} 份报告，{e} 个错误\n"));
            s
        }
    };
    {
        use std::io::Write;
        let _ = std::io::stdout().lock().write_all(out.as_bytes());
    }
    if let Some(csv) = &args.output {
        let bytes = match report.summary_csv() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("错误：无法生成汇总表：{e}");
                return 2;
            }
        };
        if let Err(e) = crate::atomic::write_atomic(csv, &bytes) {
            eprintln!("错误：无法写入 {}：{e}", csv.display());
            return 2;
        }
    }
    if report.documents.iter().all(|d| d.unreadable.is_some()) {
        return 2;
    }
    if report.errors() > 0 {
        1
    } else {
        0
    }
}
