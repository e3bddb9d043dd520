//! `juesuan import WORKBOOK -o unit.yaml [--texts FILE] [--mapping FILE] [--force]`:
//! reads the workbook, carries the texts over, writes the data file atomically (never
//! over an existing file without `--force`), then runs `check` on what it wrote.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{print_findings, report_load_error, EXIT_DATA, EXIT_OK, EXIT_USAGE};
use crate::diag::{self, Finding};
use crate::import::{self as import, read_workbook, texts, yaml, Imported, Mapping};
use crate::model;
use crate::pipeline::{self, Toolkit};

/// `juesuan import` arguments.
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

/// Runs the import; returns the exit code (0 written and clean, 1 import errors or the
/// written file has errors, 2 unreadable input or usage).
pub fn run(args: ImportArgs) -> i32 {
    let a = &args;
    if a.output.exists() && !a.force {
        eprintln!(
            "错误：{} 已存在，未覆盖。加 --force 覆盖，或换一个输出文件名。",
            a.output.display()
        );
        return EXIT_USAGE;
    }
    let mapping = match &a.mapping {
        Some(p) => match Mapping::from_file(p) {
            Ok(m) => Some(m),
            Err(e) => {
                eprint!("{}", diag::render_cells(p, &[e], &|_| None));
                return EXIT_USAGE;
            }
        },
        None => None,
    };
    let texts_file = match &a.texts {
        Some(p) => match model::load_file(p) {
            Ok(l) => Some(l),
            Err(e) => {
                eprintln!("错误：--texts 文件无法读取：");
                return report_load_error(&e).max(EXIT_USAGE);
            }
        },
        None => None,
    };
    let mut imp = match read_workbook(&a.workbook, mapping.as_ref()) {
        Ok(i) => i,
        Err(findings) => return report_failure(&a.workbook, &findings),
    };
    let label = texts_file.as_ref().map(|l| file_label(&l.path));
    if let (Some(t), Some(label)) = (&texts_file, &label) {
        texts::carry_over(&mut imp, &t.data, label);
    }
    texts::list_gaps(&mut imp, texts_file.is_some());
    let fallback = label.as_ref().map(|l| format!("取自 {l}"));
    let text = yaml::render(
        &imp.data,
        &imp.sources,
        &header(a, &imp),
        fallback.as_deref(),
    );
    let written = if a.force {
        crate::atomic::write_atomic(&a.output, text.as_bytes())
    } else {
        crate::atomic::write_new(&a.output, text.as_bytes())
    };
    if let Err(e) = written {
        eprintln!("错误：无法写入 {}：{e}", a.output.display());
        return EXIT_USAGE;
    }
    report(a, &imp, &text)
}

/// `last.yaml` for comments.
fn file_label(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn header(a: &ImportArgs, imp: &Imported) -> Vec<String> {
    let mut h = vec![
        format!(
            "由 juesuan import 从 {} 导入（{}）。",
            file_label(&a.workbook),
            imp.mapping
        ),
        "每个数字后的注释是它在工作簿中的位置（工作表!单元格）；“−”“+”表示由几格相减、相加得出。"
            .into(),
        "declared 中是工作簿印出的合计数，juesuan check 会用明细重新核对。".into(),
    ];
    if !imp.missing.is_empty() {
        h.push(String::new());
        h.push("工作簿中没有、须补充或核对的内容：".into());
        for m in &imp.missing {
            h.push(format!("- {}：{}", m.path, m.what));
        }
    }
    h.push(String::new());
    h
}

/// Findings at the workbook's cells, rustc-style, each with what its cell shows.
fn print_cells(workbook: &Path, findings: &[Finding]) {
    let contexts = import::contexts(workbook, findings);
    eprint!(
        "{}",
        diag::render_cells(workbook, findings, &|c| contexts.get(c).cloned())
    );
}

fn report_failure(workbook: &Path, findings: &[Finding]) -> i32 {
    print_cells(workbook, findings);
    let unreadable = findings
        .iter()
        .any(|f| matches!(f.code.as_str(), "I001" | "I002" | "I016" | "I020"));
    eprintln!(
        "错误：{} 有{}处问题，未写入任何文件。",
        workbook.display(),
        findings.len()
    );
    if unreadable {
        EXIT_USAGE
    } else {
        EXIT_DATA
    }
}

/// Prints warnings, the sheets read, what is missing, and `check`'s verdict on the file.
fn report(a: &ImportArgs, imp: &Imported, text: &str) -> i32 {
    print_cells(&a.workbook, &imp.warnings);
    eprintln!("按“{}”读取了：", imp.mapping);
    for (id, name) in &imp.sheets {
        eprintln!("  {id}：{name}");
    }
    if !imp.missing.is_empty() {
        eprintln!("工作簿中没有、须补充或核对的内容（也写在数据文件开头）：");
        for m in &imp.missing {
            eprintln!("  - {}：{}", m.path, m.what);
        }
    }
    let loaded = match model::load_str(&a.output, text.to_string()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "已写入 {}，但它无法载入（程序错误，请报告）：",
                a.output.display()
            );
            return report_load_error(&e);
        }
    };
    let errors = match Toolkit::new(&crate::config::Options::default())
        .and_then(|kit| pipeline::check(&kit, &loaded))
    {
        Ok(checked) => {
            print_findings(&loaded, &checked.findings);
            checked.findings.iter().filter(|f| f.is_error()).count()
        }
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    if errors > 0 {
        eprintln!(
            "已写入 {}；审核发现{errors}处错误（多为上面列出的缺少内容），补全后运行 juesuan check {}。",
            a.output.display(),
            a.output.display()
        );
        EXIT_DATA
    } else {
        eprintln!(
            "已写入 {}，审核通过；运行 juesuan build {} 生成报告。",
            a.output.display(),
            a.output.display()
        );
        EXIT_OK
    }
}
