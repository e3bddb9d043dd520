//! Findings: what `check` and `build` report about a data file, each located in the
//! source it points into — a line and column of a text (YAML) file today, a sheet!cell
//! of a spreadsheet tomorrow. Ground floor: every stage that judges input produces
//! `Finding`s as data; only the commands print them (rustc-style text or JSON).

use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use serde::Serialize;

/// A 1-based line and column (in characters) in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    /// Byte offset of the start, for snippet rendering.
    pub offset: usize,
    /// Byte length of the node's text (0 for collections).
    pub len: usize,
}

/// A cell of a spreadsheet source: sheet name, 0-based row and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
}

impl Cell {
    /// `收入!B7`.
    pub fn reference(&self) -> String {
        let mut col = String::new();
        let mut n = self.col + 1;
        while n > 0 {
            let r = (n - 1) % 26;
            col.insert(0, char::from(b'A' + r as u8));
            n = (n - 1) / 26;
        }
        format!("{}!{col}{}", self.sheet, self.row + 1)
    }
}

/// Where a finding points: which kind of source and where in it. Serialized without a
/// tag (a text position keeps the JSON shape `{line, col, offset, len}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Location {
    /// A line and column of a text source (YAML).
    Text(Pos),
    /// A cell of a spreadsheet source.
    Cell(Cell),
    /// A place in another file than the one the findings are shown for: a member file
    /// of a 部门 that is consolidated from several (`model::consolidate`).
    File { file: PathBuf, at: Box<Location> },
}

impl From<Pos> for Location {
    fn from(p: Pos) -> Location {
        Location::Text(p)
    }
}

impl Location {
    /// The text position, for a text source (not for a place in another file).
    pub fn text(&self) -> Option<Pos> {
        match self {
            Location::Text(p) => Some(*p),
            Location::Cell(_) | Location::File { .. } => None,
        }
    }

    /// Source order (findings are listed in it): the file's own places first, then
    /// those in other files by file name.
    pub fn order(&self) -> (&str, usize) {
        match self {
            Location::Text(p) => ("", p.offset),
            Location::Cell(c) => (c.sheet.as_str(), c.row as usize * 100_000 + c.col as usize),
            Location::File { file, at } => (file.to_str().unwrap_or("?"), at.order().1),
        }
    }

    /// `file:line:col` or `file:sheet!cell` (a place in another file names that file).
    pub fn describe(&self, file: &Path) -> String {
        match self {
            Location::Text(p) => format!("{}:{}:{}", file.display(), p.line, p.col),
            Location::Cell(c) => format!("{}:{}", file.display(), c.reference()),
            Location::File { file, at } => at.describe(file),
        }
    }

    /// This place as seen from another file: `in file`, unless it already names one.
    pub fn in_file(self, file: &Path) -> Location {
        match self {
            Location::File { .. } => self,
            at => Location::File {
                file: file.to_path_buf(),
                at: Box::new(at),
            },
        }
    }
}

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
    /// Where the value is in its source, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pos: Option<Location>,
    /// A hint on how to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The text shown under the source line (default: 应为…，实为…, else the path);
    /// a rule that cannot tell which side is right names both sides here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
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
            label: None,
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

    /// The text under the source line (instead of 应为…，实为…).
    pub fn label(mut self, label: impl Into<String>) -> Finding {
        self.label = Some(label.into());
        self
    }

    /// Locates the finding (a text `Pos` or any `Location`).
    pub fn at<L: Into<Location>>(mut self, pos: Option<L>) -> Finding {
        self.pos = pos.map(Into::into);
        self
    }

    /// The text position, when the finding points into a text source.
    pub fn text_pos(&self) -> Option<Pos> {
        self.pos.as_ref().and_then(Location::text)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Renders findings about a text source rustc-style, with the source line shown (no
/// colour). Findings located elsewhere (a cell) name their location in a note.
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
        if let Some(p) = f.text_pos() {
            let end = (p.offset + p.len.max(1)).min(source.len());
            let start = p.offset.min(end);
            let label = match (&f.label, &f.expected, &f.actual) {
                (Some(l), _, _) => l.clone(),
                (None, Some(e), Some(a)) => format!("应为 {e}，实为 {a}"),
                _ => f.path.clone(),
            };
            d = d.with_labels(vec![Label::primary((), start..end).with_message(label)]);
        } else {
            let at = match &f.pos {
                Some(l) => l.describe(file),
                None => name.clone(),
            };
            let mut note = if f.path.is_empty() {
                format!("位置：{at}")
            } else {
                format!("位置：{at}（字段 {}）", f.path)
            };
            if let Some(l) = &f.label {
                note.push_str(&format!("；{l}"));
            } else if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
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

/// `file:line:col` (or `file:sheet!cell`) for one-line messages.
pub fn location(file: &Path, f: &Finding) -> String {
    match &f.pos {
        Some(l) => l.describe(file),
        None => file.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_like_a_spreadsheet() {
        let c = |row, col| Cell {
            sheet: "收入".into(),
            row,
            col,
        };
        assert_eq!(c(6, 1).reference(), "收入!B7");
        assert_eq!(c(0, 25).reference(), "收入!Z1");
        assert_eq!(c(0, 26).reference(), "收入!AA1");
        let f = Finding::error("B001", "income", "x").at(Some(Location::Cell(c(6, 1))));
        assert_eq!(location(Path::new("a.xlsx"), &f), "a.xlsx:收入!B7");
        assert!(render_text(Path::new("a.xlsx"), "", &[f]).contains("a.xlsx:收入!B7"));
    }
}
