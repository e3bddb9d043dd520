//! The typst world (bundled fonts, in-memory files) and PDF export.

pub mod catalog;
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
    /// Write a tagged (structured, accessible) PDF.
    pub tagged: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pdf_a: true,
            keep_cache: false,
            tagged: true,
        }
    }
}

/// A typst compile or export failure, with typst's messages.
#[derive(Debug, thiserror::Error)]
#[error("排版失败：{}", .messages.join("；"))]
pub struct PdfError {
    pub messages: Vec<String>,
}

/// The typst engine for one document: our fonts (never the system's), the main source
/// and the in-memory chart files. `keep_cache` leaves typst's memo cache to the caller.
pub fn engine(
    fonts: &FontSet,
    doc: &Document,
    keep_cache: bool,
) -> TypstEngine<typst_as_lib::TypstTemplateMainFile> {
    let files: Vec<(&str, Bytes)> = doc
        .files
        .iter()
        .map(|(n, b)| (n.as_str(), Bytes::new(b.clone())))
        .collect();
    TypstEngine::builder()
        .main_file(doc.source.as_str())
        .fonts(fonts.fonts.iter().cloned())
        .with_static_file_resolver(files)
        .comemo_evict_max_age(if keep_cache { None } else { Some(0) })
        .build()
}

/// Compiles and lays out a document.
pub fn compile(
    fonts: &FontSet,
    doc: &Document,
    opts: &Options,
) -> Result<(PagedDocument, Vec<String>), PdfError> {
    let engine = engine(fonts, doc, opts.keep_cache);
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

/// Exports a laid-out document as PDF (PDF/A-2b unless disabled). The page labels come
/// from the templates' page numbering; the catalogue gets `/PageMode /UseOutlines` so the
/// bookmarks pane opens with the document (`catalog`).
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
        tagged: opts.tagged,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options)
        .map(catalog::open_with_outlines)
        .map_err(|diags| PdfError {
            messages: diags.iter().map(|d| d.message.to_string()).collect(),
        })
}

/// The result of [`export_archival`].
#[derive(Debug, Clone)]
pub struct Exported {
    pub bytes: Vec<u8>,
    /// Characters that no font could display: PDF/A-2b refused them, so the PDF was
    /// exported without PDF/A (they print as empty boxes). Empty when all went well.
    pub missing_glyphs: Vec<char>,
}

/// Exports as PDF/A-2b when `opts.pdf_a`; if PDF/A fails *only* because some characters
/// have no glyph in any loaded font, exports again as plain PDF and names those
/// characters instead of failing (the caller turns them into a warning). Any other
/// PDF/A failure is an error.
pub fn export_archival(document: &PagedDocument, opts: &Options) -> Result<Exported, PdfError> {
    match export(document, opts) {
        Ok(bytes) => Ok(Exported {
            bytes,
            missing_glyphs: Vec::new(),
        }),
        Err(err) if opts.pdf_a => {
            let Some(missing) = missing_glyph_chars(&err.messages) else {
                return Err(err);
            };
            let plain = Options {
                pdf_a: false,
                ..opts.clone()
            };
            let bytes = export(document, &plain)?;
            Ok(Exported {
                bytes,
                missing_glyphs: missing,
            })
        }
        Err(err) => Err(err),
    }
}

/// When every message is typst's PDF/A "the text `\"X\"` could not be displayed with
/// font …", the distinct characters of those texts, in order; otherwise `None`.
pub fn missing_glyph_chars(messages: &[String]) -> Option<Vec<char>> {
    const MARK: &str = "could not be displayed with font";
    if messages.is_empty() || !messages.iter().all(|m| m.contains(MARK)) {
        return None;
    }
    let mut out: Vec<char> = Vec::new();
    for m in messages {
        let text = m
            .split_once("the text `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(quoted, _)| quoted.trim_matches('"'))
            .unwrap_or("");
        for c in text.chars() {
            if !c.is_whitespace() && !out.contains(&c) {
                out.push(c);
            }
        }
    }
    Some(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_failures_are_recognised_and_others_are_not() {
        let msgs = vec![
            "PDF/A-2b error: the text `\"䶮\"` could not be displayed with font `\"FandolSong\"`".to_string(),
            "PDF/A-2b error: the text `\"𠮷䶮\"` could not be displayed with font `\"FandolFang R\"`".to_string(),
        ];
        assert_eq!(missing_glyph_chars(&msgs), Some(vec!['䶮', '𠮷']));
        let mut mixed = msgs.clone();
        mixed.push("PDF/A-2b error: missing document date".to_string());
        assert_eq!(missing_glyph_chars(&mixed), None);
        assert_eq!(missing_glyph_chars(&[]), None);
    }
}
