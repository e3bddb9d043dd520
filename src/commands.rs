//! Commands: the CLI surface mapped onto the pipeline, with Chinese messages and exit
//! codes (0 ok — warnings allowed, 1 the data has errors, 2 usage error or unreadable
//! input: I/O, encoding).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::cli::{BuildArgs, CheckArgs, Cli, Command, OutputFormat, RenderArgs, TableUnitArg};
use crate::diag::{self, Finding};
use crate::model::{self, LoadError, Settings, TableUnit};
use crate::pipeline::{self, BuildError, Toolkit, ToolkitOptions};

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_DATA: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Runs the command line; returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let parsed = crate::cli::command()
        .try_get_matches_from(args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                let _ = e.print();
                return EXIT_OK;
            }
            if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = e.print();
                return EXIT_USAGE;
            }
            eprintln!("错误：{}", usage_error_zh(&e));
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
            return EXIT_USAGE;
        }
    };
    match cli.command {
        Command::Build(a) => build(&a),
        Command::Check(a) => check(&a),
        Command::Init(a) => crate::audit::init_command(&a),
        Command::Import(a) => crate::import::command::import_command(&a),
        Command::Batch(a) => crate::batch::command(&a),
        Command::Preview(a) => crate::preview::command(&a),
        Command::Diff(a) => crate::preview::diff_command(&a),
        Command::Templates(t) => crate::render::templates::command(&t),
    }
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

/// Settings from the command line over the built-in defaults.
pub fn settings_from(args: &RenderArgs) -> Settings {
    let mut s = Settings::default();
    if let Some(u) = args.table_unit {
        s.table_unit = match u {
            TableUnitArg::Yuan => TableUnit::Yuan,
            TableUnitArg::Wan => TableUnit::TenThousand,
        };
    }
    if args.no_pdfa {
        s.pdf_a = false;
    }
    s
}

pub fn toolkit_options(args: &RenderArgs) -> ToolkitOptions {
    ToolkitOptions {
        templates: args.templates.clone(),
        font_dir: args.font_dir.clone(),
    }
}

/// Prints a load error; returns the exit code.
pub fn report_load_error(e: &LoadError) -> i32 {
    match e {
        LoadError::Invalid {
            path,
            text,
            findings,
        } => {
            eprint!("{}", diag::render_text(path, text, findings));
            EXIT_DATA
        }
        other => {
            eprintln!("错误：{other}");
            EXIT_USAGE
        }
    }
}

/// Prints findings rustc-style to stderr.
pub fn print_findings(path: &Path, text: &str, findings: &[Finding]) {
    if !findings.is_empty() {
        eprint!("{}", diag::render_text(path, text, findings));
    }
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

fn build(a: &BuildArgs) -> i32 {
    let loaded = match model::load_file(&a.file) {
        Ok(l) => l,
        Err(e) => return report_load_error(&e),
    };
    let kit = match Toolkit::new(&toolkit_options(&a.render)) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let settings = settings_from(&a.render);
    let report = match pipeline::build_report(&kit, &loaded, &settings) {
        Ok(r) => r,
        Err(BuildError::Findings(f)) => {
            print_findings(&a.file, &loaded.text, &f);
            let n = f.iter().filter(|x| x.is_error()).count();
            eprintln!("错误：{} 有{n}处错误，未生成报告。", a.file.display());
            return EXIT_DATA;
        }
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    print_findings(&a.file, &loaded.text, &report.findings);
    for w in &report.typst_warnings {
        eprintln!("排版{w}");
    }
    let out = a.output.clone().unwrap_or_else(|| default_output(&a.file));
    if let Some(dir) = &a.charts_dir {
        for c in &report.charts {
            if let Err(e) = pipeline::write_atomic(&dir.join(&c.file), &c.svg) {
                eprintln!("错误：无法写入图表 {}：{e}", dir.join(&c.file).display());
                return EXIT_USAGE;
            }
        }
    }
    if let Some(t) = &a.typst_out {
        if let Err(e) = pipeline::write_atomic(t, report.source.as_bytes()) {
            eprintln!("错误：无法写入 {}：{e}", t.display());
            return EXIT_USAGE;
        }
    }
    if let Err(e) = pipeline::write_atomic(&out, &report.pdf) {
        eprintln!("错误：无法写入 {}：{e}", out.display());
        return EXIT_USAGE;
    }
    if a.timings {
        let t = &report.timings;
        eprintln!(
            "耗时：审核 {:?}，图表 {:?}，模板 {:?}，排版 {:?}，导出 {:?}",
            t.check, t.charts, t.render, t.compile, t.export
        );
    }
    let warnings = report.findings.len();
    if warnings > 0 {
        eprintln!("已生成 {}（{warnings}条警告）", out.display());
    } else {
        eprintln!("已生成 {}", out.display());
    }
    EXIT_OK
}

fn check(a: &CheckArgs) -> i32 {
    let json = a.format == OutputFormat::Json;
    let loaded = match model::load_file(&a.file) {
        Ok(l) => l,
        Err(e) => {
            let coverage = crate::audit::Coverage::not_loaded();
            let (findings, text, code) = match &e {
                LoadError::Invalid { findings, text, .. } => {
                    (findings.clone(), text.as_str(), EXIT_DATA)
                }
                LoadError::Encoding { message, .. } => (
                    vec![Finding::error("F008", "", message.clone())],
                    "",
                    EXIT_USAGE,
                ),
                LoadError::Io { .. } => (
                    vec![Finding::error("IO", "", e.to_string())],
                    "",
                    EXIT_USAGE,
                ),
            };
            if json {
                print_json(&a.file, &findings, &coverage, false);
            } else {
                if code == EXIT_DATA {
                    out(&diag::render_text(&a.file, text, &findings));
                    out(&format!(
                        "{}：文件未能载入，审核规则未运行（YAML 解析在第一处错误处停止，改正后请再次检查）\n",
                        a.file.display()
                    ));
                } else {
                    eprintln!("错误：{e}");
                }
            }
            return code;
        }
    };
    let kit = match Toolkit::new(&ToolkitOptions::default()) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let checked = pipeline::check(&kit, &loaded, &Settings::default());
    let coverage =
        crate::audit::audit(&loaded, &checked.figures, &kit.catalog, &checked.settings).coverage;
    let errors = checked.findings.iter().filter(|f| f.is_error()).count();
    let warnings = checked.findings.len() - errors;
    match a.format {
        OutputFormat::Json => print_json(&a.file, &checked.findings, &coverage, true),
        OutputFormat::Text => {
            out(&diag::render_text(&a.file, &loaded.text, &checked.findings));
            out(&format!(
                "{}：{errors}个错误，{warnings}个警告\n",
                a.file.display()
            ));
            out(&format!("{}\n", coverage.line()));
        }
    }
    if errors > 0 {
        EXIT_DATA
    } else {
        EXIT_OK
    }
}

/// `check --format json`: the findings (with file:line:col), counts and coverage.
fn print_json(file: &Path, findings: &[Finding], coverage: &crate::audit::Coverage, loaded: bool) {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            v["location"] = diag::location(file, f).into();
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

/// Writes to stdout, ignoring a closed pipe (`juesuan check … | head`).
fn out(s: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(s.as_bytes());
}
