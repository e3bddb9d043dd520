//! The typst world (bundled fonts, in-memory files) and PDF export.

pub mod fonts;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Bytes;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

pub use fonts::FontSet;

/// The Typst source of a report and the binary files it refers to (charts).
#[derive(Debug, Clone)]
pub struct Document {
    pub source: String,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Options of PDF export.
#[derive(Debug, Clone)]
pub struct Options {
    /// Enforce PDF/A-2b.
    pub pdf_a: bool,
    /// Keep typst's memo cache between compiles (live preview) instead of evicting it.
    pub keep_cache: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pdf_a: true,
            keep_cache: false,
        }
    }
}

/// A typst compile or export failure, with typst's messages.
#[derive(Debug, thiserror::Error)]
#[error("排版失败：{}", .messages.join("；"))]
pub struct PdfError {
    pub messages: Vec<String>,
}

/// Compiles and lays out a document.
pub fn compile(
    fonts: &FontSet,
    doc: &Document,
    opts: &Options,
) -> Result<(PagedDocument, Vec<String>), PdfError> {
    let files: Vec<(&str, Bytes)> = doc
        .files
        .iter()
        .map(|(n, b)| (n.as_str(), Bytes::new(b.clone())))
        .collect();
    let engine = TypstEngine::builder()
        .main_file(doc.source.as_str())
        .fonts(fonts.fonts.iter().cloned())
        .with_static_file_resolver(files)
        .comemo_evict_max_age(if opts.keep_cache { None } else { Some(0) })
        .build();
    let warned = engine.compile::<PagedDocument>();
    let warnings: Vec<String> = warned
        .warnings
        .iter()
        .map(|w| diag_message(&doc.source, w))
        .collect();
    match warned.output {
        Ok(d) => Ok((d, warnings)),
        Err(e) => Err(PdfError {
            messages: match e {
                typst_as_lib::TypstAsLibError::TypstSource(diags) => {
                    diags.iter().map(|d| diag_message(&doc.source, d)).collect()
                }
                other => vec![other.to_string()],
            },
        }),
    }
}

/// Exports a laid-out document as PDF (PDF/A-2b unless disabled).
pub fn export(document: &PagedDocument, opts: &Options) -> Result<Vec<u8>, PdfError> {
    let standards = if opts.pdf_a {
        PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| PdfError {
            messages: vec![e.message().to_string()],
        })?
    } else {
        PdfStandards::default()
    };
    let options = PdfOptions {
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|diags| PdfError {
        messages: diags.iter().map(|d| d.message.to_string()).collect(),
    })
}

/// Compiles and exports in one go.
pub fn render_pdf(
    fonts: &FontSet,
    doc: &Document,
    opts: &Options,
) -> Result<(Vec<u8>, Vec<String>), PdfError> {
    let (d, warnings) = compile(fonts, doc, opts)?;
    Ok((export(&d, opts)?, warnings))
}

/// A typst diagnostic as one Chinese line, with typst's hints.
fn diag_message(_source: &str, d: &SourceDiagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    let mut msg = format!("{kind}：{}", d.message);
    for h in &d.hints {
        msg.push_str(&format!("（提示：{}）", h.v));
    }
    msg
}
