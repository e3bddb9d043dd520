//! Where loaded data came from. A `Loaded` is the data (`ReportData`) plus its `Source`:
//! the map from a field path (`expenditure[2].project`) to a location in the input — a
//! line and column of a YAML text, a sheet!cell of a fill-in workbook. Nothing
//! after the loader knows which format the input was: stages ask the source.
//!
//! A new input format is one module with a loader `fn(&Path, &[u8]) -> Result<Loaded,
//! LoadError>` and a `Source` implementation, plus one entry in `FORMATS`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

use super::ReportData;
use crate::diag::{Finding, Location, Origin};

/// Locations of a loaded input's values, and how findings about it are shown.
pub trait Source: std::fmt::Debug + Send + Sync {
    /// Where the value at `path` is, or its nearest located ancestor.
    fn find(&self, path: &str) -> Option<Location>;
    /// Where the key of `path` is (missing and unknown fields are reported there).
    fn key(&self, path: &str) -> Option<Location>;
    /// Whether the input states a value at exactly `path`.
    fn has(&self, path: &str) -> bool;
    /// Where `snippet` is inside the text value at `path`, when the input shows it as
    /// written (a placeholder inside a paragraph).
    fn within(&self, path: &str, snippet: &str) -> Option<Location>;
    /// Findings about this input as people read them (rustc-style for a text source).
    fn render(&self, findings: &[Finding]) -> String;
    /// Where the input ends (a finding about something missing altogether points there).
    fn end(&self) -> Option<Location> {
        None
    }
    /// The input as text, when it is one (JSON output counts positions in its characters).
    fn text(&self) -> Option<&str> {
        None
    }
    /// The workbook cell the value at `at` was imported from, when the input says so
    /// (the `# Z04!E12` comments of a data file written by `juesuan import`).
    fn origin(&self, _at: &Location) -> Option<Origin> {
        None
    }
}

/// A loaded data file: the parsed data and where each value came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub data: ReportData,
    pub source: Arc<dyn Source>,
    /// Warnings of the loader itself (e.g. zero-width characters stripped, G003); the
    /// pipeline reports them with the audit's findings.
    pub notes: Vec<Finding>,
    /// For a 部门 summed from member files: the members and what the consolidation did
    /// (`data` is then the sum, `source` maps it back to the files).
    pub consolidation: Option<Arc<super::Consolidated>>,
}

/// Why a data file could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read at all (exit code 2).
    #[error("无法读取文件 {path}：{source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not UTF-8 text (exit code 2).
    #[error("{path}：{message}")]
    Encoding { path: PathBuf, message: String },
    /// The bytes are not in a form the format reads: no workbook, an encrypted one, a
    /// workbook that is no fill-in workbook (exit code 2). The findings say what the
    /// file is and how to go on.
    #[error("{}", unreadable_text(.findings))]
    Unreadable {
        path: PathBuf,
        findings: Vec<Finding>,
    },
    /// The input is not a valid data file (syntax, types, missing or unknown fields).
    #[error("{}", .findings.first().map(|f| f.message.as_str()).unwrap_or("数据文件有误"))]
    Invalid {
        path: PathBuf,
        findings: Vec<Finding>,
        /// The input as far as it was read, to show the findings in.
        input: Arc<dyn Source>,
    },
}

impl LoadError {
    /// The data is unreadable (I/O, encoding) rather than wrong.
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self,
            LoadError::Io { .. } | LoadError::Encoding { .. } | LoadError::Unreadable { .. }
        )
    }
}

fn unreadable_text(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| match &f.help {
            Some(h) => format!("{}（{}）\n提示：{h}", f.message, f.code),
            None => format!("{}（{}）", f.message, f.code),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An input format: its name, the file extensions it reads, and its loader.
pub struct Format {
    pub name: &'static str,
    /// Lower-case extensions without the dot.
    pub extensions: &'static [&'static str],
    pub load: fn(&Path, &[u8]) -> Result<Loaded, LoadError>,
    /// Whether a file with one of the extensions is one this format reads (when files
    /// are found by extension: batch skips an export workbook kept beside the data).
    pub probe: Option<fn(&Path) -> bool>,
}

/// The input formats, the first being the default for unknown extensions.
pub const FORMATS: &[Format] = &[
    Format {
        name: "YAML",
        extensions: &["yaml", "yml"],
        load: super::load::load_bytes,
        probe: None,
    },
    Format {
        name: "填报工作簿",
        extensions: &["xlsx", "xlsm", "xls", "ods"],
        load: super::fillin::load_bytes,
        probe: Some(super::fillin::probe),
    },
];

/// The format of a file by its extension (the default format for any other).
pub fn format_of(path: &Path) -> &'static Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    FORMATS
        .iter()
        .find(|f| f.extensions.contains(&ext.as_str()))
        .unwrap_or(&FORMATS[0])
}

/// Whether batch treats a file name as a data file (an extension some format reads).
pub fn is_data_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    ext.is_some_and(|e| FORMATS.iter().any(|f| f.extensions.contains(&e.as_str())))
}

/// Whether the file at `path` is a data file some format reads: its extension, and the
/// format's probe of its content (for files found by extension).
pub fn reads(path: &Path) -> bool {
    is_data_file(path) && format_of(path).probe.is_none_or(|p| p(path))
}

/// Reads and loads a data file with the loader of its format.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = super::guard::read_capped(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    (format_of(path).load)(path, &bytes)
}
