//! Findings: what `check` and `build` report about a data file, located in its text.
//!
//! Every stage that judges input (loading, audit) produces `Finding`s; the CLI renders
//! them rustc-style with codespan-reporting, or as JSON.

use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use serde::Serialize;

use crate::model::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// One problem found in a data file.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Rule code, e.g. `B001` (stable, documented in docs/audit-rules.md).
    pub code: String,
    /// The field, as a path in the data file (`income.general_budget`).
    pub path: String,
    /// Chinese message naming the field.
    pub message: String,
    /// Expected value, where the rule derives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Actual value found in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// Position of the value in the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pos: Option<Pos>,
    /// A hint on how to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Finding {
    pub fn error(code: &str, path: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Error,
            code: code.into(),
            path: path.into(),
            message: message.into(),
            expected: None,
            actual: None,
            pos: None,
            help: None,
        }
    }

    pub fn warning(code: &str, path: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(code, path, message)
        }
    }

    pub fn expected(mut self, expected: impl ToString, actual: impl ToString) -> Finding {
        self.expected = Some(expected.to_string());
        self.actual = Some(actual.to_string());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn at(mut self, pos: Option<Pos>) -> Finding {
        self.pos = pos;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Renders findings as text with the source line shown (no colour).
pub fn render_text(file: &Path, source: &str, findings: &[Finding]) -> String {
    let name = file.display().to_string();
    let files = SimpleFile::new(name.clone(), source);
    let config = term::Config::default();
    let mut out = String::new();
    for f in findings {
        let mut d = match f.severity {
            Severity::Error => Diagnostic::error(),
            Severity::Warning => Diagnostic::warning(),
        }
        .with_code(f.code.clone())
        .with_message(f.message.clone());
        if let Some(p) = f.pos {
            let end = (p.offset + p.len.max(1)).min(source.len());
            let start = p.offset.min(end);
            let label = match (&f.expected, &f.actual) {
                (Some(e), Some(a)) => format!("应为 {e}，实为 {a}"),
                _ => f.path.clone(),
            };
            d = d.with_labels(vec![Label::primary((), start..end).with_message(label)]);
        } else {
            let mut note = if f.path.is_empty() {
                format!("位置：{name}")
            } else {
                format!("位置：{name}（字段 {}）", f.path)
            };
            if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                note.push_str(&format!("；应为 {e}，实为 {a}"));
            }
            d = d.with_notes(vec![note]);
        }
        if let Some(h) = &f.help {
            d.notes.push(format!("提示：{h}"));
        }
        let _ = term::emit_to_string(&mut out, &config, &files, &d);
    }
    out
}

/// `file:line:col` for one-line messages.
pub fn location(file: &Path, f: &Finding) -> String {
    match f.pos {
        Some(p) => format!("{}:{}:{}", file.display(), p.line, p.col),
        None => file.display().to_string(),
    }
}
