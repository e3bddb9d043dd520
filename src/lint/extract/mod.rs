//! Text extraction, one file per input format: the report's text in reading order, page by
//! page where the format has pages, table cells separated by tabs or runs of spaces so
//! that table rows stay on one line.

mod docx;
mod html;
mod pdf;

use std::path::Path;

use serde::Serialize;

/// The input formats `lint` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Html,
    Txt,
}

impl Format {
    /// The format of a file by its extension; `None` for files `lint` does not read.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            "html" | "htm" | "shtml" => Some(Format::Html),
            "txt" | "text" => Some(Format::Txt),
            _ => None,
        }
    }
}

/// Which PDF text extractor to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfEngine {
    /// poppler's `pdftotext -layout` when installed, else the built-in one.
    #[default]
    Auto,
    /// poppler's `pdftotext -layout` only.
    Poppler,
    /// The built-in extractor (hayro-interpret glyphs laid out in lines).
    Builtin,
}

/// A document's text.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The text of each page; one element when the format has no pages.
    pub pages: Vec<String>,
    /// Page numbers are real (PDF, or a .docx with page breaks).
    pub paged: bool,
    /// How the text was obtained, for the output (“poppler pdftotext -layout”).
    pub method: String,
}

impl Extracted {
    fn single(text: String, method: &str) -> Extracted {
        // Form feeds in a text file are page breaks (pdftotext's own output).
        let pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
        Extracted {
            paged: pages.len() > 1,
            pages,
            method: method.to_string(),
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("无法读取：{0}")]
    Io(#[from] std::io::Error),
    #[error("不支持的文件类型（只读 .pdf .docx .html .txt）")]
    Unsupported,
    #[error("{0}")]
    Invalid(String),
}

/// Extracts the text of `path`.
pub fn extract(path: &Path, engine: PdfEngine) -> Result<Extracted, ExtractError> {
    match Format::of(path).ok_or(ExtractError::Unsupported)? {
        Format::Pdf => pdf::extract(path, engine),
        Format::Docx => docx::extract(&std::fs::read(path)?),
        Format::Html => Ok(html::extract(&std::fs::read(path)?)),
        Format::Txt => Ok(Extracted::single(
            decode(&std::fs::read(path)?).0,
            "文本文件",
        )),
    }
}

/// Bytes as text: UTF-8 (with or without BOM), else GB18030 (GBK), the other encoding
/// Chinese government files come in. The second value names the encoding used.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), "GB18030")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of(Path::new("a/报告.PDF")), Some(Format::Pdf));
        assert_eq!(Format::of(Path::new("x.htm")), Some(Format::Html));
        assert_eq!(Format::of(Path::new("x.doc")), None);
    }

    #[test]
    fn gbk_text_is_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("决算");
        assert_eq!(decode(&gbk), ("决算".to_string(), "GB18030"));
        assert_eq!(decode("\u{feff}决算".as_bytes()).0, "决算");
    }
}
