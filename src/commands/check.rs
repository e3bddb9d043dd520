//! `juesuan check`: every finding about a data file (configuration, audit rules, glyphs)
//! with its location, as text or JSON, and the coverage line. The audit runs once.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{out, EXIT_DATA, EXIT_OK, EXIT_USAGE};
use crate::audit::Coverage;
use crate::config::Options;
use crate::diag::{self, Finding};
use crate::model::LoadError;
use crate::pipeline::{self, Toolkit};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 数据文件（YAML，或 init --xlsx 的填报工作簿 .xlsx）
    #[arg(value_name = "数据文件")]
    pub file: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// 模板目录（其中 tables/ 的附表套可由设置 template_set 选用）
    #[arg(long, value_name = "目录")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// 文字（带源文件行）
    Text,
    /// JSON（供其他程序读取）
    Json,
}

/// `juesuan check`: exit 0 without errors (warnings allowed), 1 with errors, 2 when the
/// file cannot be read.
pub fn run(a: CheckArgs) -> i32 {
    let json = a.format == OutputFormat::Json;
    let loaded = match crate::model::open(&a.file) {
        Ok(l) => l,
        Err(e) => return not_loaded(&a.file, &e, json),
    };
    let opts = Options {
        templates: a.templates.clone(),
        ..Options::default()
    };
    let kit = match Toolkit::new(&opts) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let mut checked = match pipeline::check(&kit, &loaded) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    // The generated text's placeholders (R001), as `build` would stop on them.
    let guard = pipeline::preflight(&kit, &loaded, &checked);
    checked.findings.extend(guard);
    let errors = checked.findings.iter().filter(|f| f.is_error()).count();
    let warnings = checked.findings.len() - errors;
    if json {
        let text = loaded.source.text();
        print_json(&a.file, text, &checked.findings, &checked.coverage, true);
    } else {
        out(&loaded.source.render(&checked.findings));
        out(&format!(
            "{}：{errors}个错误，{warnings}个警告\n",
            a.file.display()
        ));
        out(&format!("{}\n", checked.coverage.line()));
    }
    if errors > 0 {
        EXIT_DATA
    } else {
        EXIT_OK
    }
}

/// The file did not load: its finding (syntax, type, encoding, I/O); no rule ran.
fn not_loaded(file: &Path, e: &LoadError, json: bool) -> i32 {
    let coverage = Coverage::not_loaded();
    let (findings, code) = match e {
        LoadError::Invalid { findings, .. } => (findings.clone(), EXIT_DATA),
        LoadError::Encoding { message, .. } => (
            vec![Finding::error("F008", "", message.clone())],
            EXIT_USAGE,
        ),
        LoadError::Unreadable { findings, .. } => (findings.clone(), EXIT_USAGE),
        LoadError::Io { .. } => (vec![Finding::error("IO", "", e.to_string())], EXIT_USAGE),
    };
    if json {
        let text = match e {
            LoadError::Invalid { input, .. } => input.text(),
            _ => None,
        };
        print_json(file, text, &findings, &coverage, false);
    } else if let LoadError::Invalid { input, .. } = e {
        out(&input.render(&findings));
        let workbook = crate::model::format_of(file).name != crate::model::FORMATS[0].name;
        let how = if workbook || findings.iter().any(|f| f.cell().is_some()) {
            "改正工作簿中以上问题后请再次检查"
        } else {
            "YAML 解析在第一处错误处停止，改正后请再次检查"
        };
        out(&format!(
            "{}：文件未能载入，审核规则未运行（{how}）\n",
            file.display()
        ));
    } else if let LoadError::Unreadable { findings, .. } = e {
        eprint!("{}", diag::render_cells(file, findings, &|_| None));
    } else {
        eprintln!("错误：{e}");
    }
    code
}

/// `check --format json`: the findings (with file:line:col, or file:sheet!cell and the
/// cell as `cell`; a value imported from a workbook adds `origin` and its
/// `origin_location`), counts and coverage. A text position counts in characters
/// throughout (`col`, `offset`, `len`), like an editor; `byte_offset` and `byte_len`
/// give the same span in UTF-8 bytes.
fn print_json(
    file: &Path,
    text: Option<&str>,
    findings: &[Finding],
    coverage: &Coverage,
    loaded: bool,
) {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            v["location"] = diag::location(file, f).into();
            if let (Some(p), Some(text)) = (f.text_pos(), text) {
                let chars = |a: usize, b: usize| text.get(a..b).map(|s| s.chars().count());
                let end = (p.offset + p.len).min(text.len());
                if let (Some(offset), Some(len)) = (chars(0, p.offset), chars(p.offset, end)) {
                    v["pos"]["offset"] = offset.into();
                    v["pos"]["len"] = len.into();
                    v["pos"]["byte_offset"] = p.offset.into();
                    v["pos"]["byte_len"] = p.len.into();
                }
            }
            if let Some(c) = f.cell() {
                v["cell"] = c.reference().into();
            }
            if let Some(o) = &f.origin {
                v["origin_location"] = o.describe().into();
            }
            v
        })
        .collect();
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let doc = serde_json::json!({
        "file": file,
        "loaded": loaded,
        "errors": errors,
        "warnings": findings.len() - errors,
        "findings": items,
        "coverage": coverage,
    });
    out(&format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    ));
}
