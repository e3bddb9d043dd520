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
use extract::Format;
pub use extract::PdfEngine;
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
