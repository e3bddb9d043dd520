//! `lint`: check any published 决算公开 report, however it was made (Word, WPS, typst; PDF,
//! .docx, a saved portal page or plain text) — the reviewer's tool.
//!
//! Stages, one module each: `extract` (text per input format, in reading order, table
//! rows on one line) → `text` (a flat view without whitespace mapped back to pages and
//! lines; the registry of figures) → `structure` (parts, sections, 附表 from headings) →
//! `rules` (arithmetic, tables, cross-references, residue, names; `number` does the
//! interval arithmetic of printed figures in exact decimals) → `report` (findings,
//! coverage, text/JSON, summary.csv). `run` is the typed entry (no printing);
//! `command` is the CLI glue.

pub mod extract;
pub mod number;
pub mod report;
pub mod rules;
pub mod structure;
pub mod text;

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use extract::{Format, PdfEngine};
pub use report::{Coverage, DocReport, Finding, LintReport};

/// What to lint and how.
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    /// Files or folders (searched recursively for .pdf .docx .html .txt).
    pub inputs: Vec<PathBuf>,
    pub pdf_engine: PdfEngine,
}

/// Lints every report found under the inputs, in path order.
pub fn run(config: &LintConfig) -> LintReport {
    let catalog = Catalog::builtin();
    let mut files = Vec::new();
    for input in &config.inputs {
        collect(input, &mut files);
    }
    files.sort();
    files.dedup();
    LintReport {
        documents: files
            .iter()
            .map(|f| lint_file(f, config.pdf_engine, &catalog))
            .collect(),
    }
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            out.push(path.to_path_buf());
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() || Format::of(&p).is_some() {
                collect(&p, out);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
}

/// Lints one file.
pub fn lint_file(path: &Path, engine: PdfEngine, catalog: &Catalog) -> DocReport {
    match extract::extract(path, engine) {
        Ok(x) => {
            let mut r = lint_text(&x.pages, x.paged, catalog);
            r.file = path.to_path_buf();
            r.extractor = x.method;
            r
        }
        Err(e) => DocReport {
            file: path.to_path_buf(),
            extractor: String::new(),
            year: None,
            unit: None,
            unreadable: Some(e.to_string()),
            findings: Vec::new(),
            coverage: Coverage::default(),
            unchecked: Vec::new(),
            sections_found: 0,
            tables_found: 0,
        },
    }
}

/// Lints extracted text (pages).
pub fn lint_text(pages: &[String], paged: bool, catalog: &Catalog) -> DocReport {
    let doc = text::Doc::new(pages, paged);
    let outline = structure::outline(&doc);
    let mut linter = rules::Linter::new(doc, outline, catalog);
    let (_, tables) = linter.run();
    let doc = &linter.doc;
    let unchecked = doc
        .figures
        .iter()
        .filter(|(_, f)| f.status == text::Status::NotChecked)
        .map(|(at, f)| report::Unchecked {
            text: f.num.value.normalize().to_string(),
            page: doc.page(*at),
            line: doc.line(*at),
            quote: doc.quote(*at, *at + 1),
        })
        .collect();
    DocReport {
        file: PathBuf::new(),
        extractor: "文本".into(),
        year: linter.outline.year,
        unit: linter.outline.unit.clone(),
        unreadable: None,
        coverage: Coverage::of(doc),
        unchecked,
        sections_found: linter.outline.sections.iter().flatten().count(),
        tables_found: tables.tables.iter().filter(|t| !t.rows.is_empty()).count(),
        findings: linter.findings,
    }
}

/// `juesuan lint`: prints the findings (text or JSON), writes summary.csv when asked;
/// returns the exit code (0 no errors, 1 a report has errors, 2 nothing to read / I/O).
pub fn command(args: &crate::cli::LintArgs) -> i32 {
    use crate::cli::OutputFormat;
    let config = LintConfig {
        inputs: args.inputs.clone(),
        pdf_engine: match args.pdf {
            crate::cli::PdfEngineArg::Auto => PdfEngine::Auto,
            crate::cli::PdfEngineArg::Poppler => PdfEngine::Poppler,
            crate::cli::PdfEngineArg::Builtin => PdfEngine::Builtin,
        },
    };
    for i in &args.inputs {
        if !i.exists() {
            eprintln!("错误：{} 不存在", i.display());
            return 2;
        }
    }
    let report = run(&config);
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
        if let Err(e) = crate::pipeline::write_atomic(csv, &bytes) {
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
