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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Cell {
    pub sheet: String,
    /// 0-based row (row 1 in Excel is 0).
    pub row: u32,
    /// 0-based column (column A is 0).
    pub col: u32,
}

impl Cell {
    pub fn new(sheet: &str, row: u32, col: u32) -> Cell {
        Cell {
            sheet: sheet.to_string(),
            row,
            col,
        }
    }

    /// The A1 address of the cell (`E12`).
    pub fn a1(&self) -> String {
        format!("{}{}", column_letters(self.col), self.row + 1)
    }

    /// `收入!B7`.
    pub fn reference(&self) -> String {
        format!("{}!{}", self.sheet, self.a1())
    }

    /// A short form for comments: the sheet's leading code (`Z04`, `F01`, `公开03表`)
    /// when its name starts with one, else the whole name; then `!E12`.
    pub fn short(&self) -> String {
        format!("{}!{}", short_sheet(&self.sheet), self.a1())
    }
}

impl std::fmt::Display for Cell {
    /// `sheet!E12`.
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.reference())
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The leading code of a sheet name (`Z04 支出决算表…` → `Z04`), or the whole name.
pub fn short_sheet(name: &str) -> &str {
    let first = name.split([' ', '\u{3000}']).next().unwrap_or(name);
    let is_code = !first.is_empty()
        && first.len() < name.len()
        && first.chars().count() <= 8
        && first.chars().any(|c| c.is_ascii_digit());
    if is_code {
        first
    } else {
        name
    }
}

/// The workbook cell a value of a text source was imported from (the `# Z04!E12`
/// comment `juesuan import` writes after it): findings name it beside the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The workbook's file name as the data file's header names it.
    pub file: String,
    pub cell: Cell,
}

impl Origin {
    /// `决算.xls:Z04!E12`.
    pub fn describe(&self) -> String {
        if self.file.is_empty() {
            self.cell.reference()
        } else {
            format!("{}:{}", self.file, self.cell.reference())
        }
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
    /// Where the value was imported from, when the data file says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
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
            origin: None,
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

    /// Locates the finding at a workbook cell.
    pub fn at_cell(mut self, cell: Cell) -> Finding {
        self.pos = Some(Location::Cell(cell));
        self
    }

    /// The cell, when the finding points into a workbook.
    pub fn cell(&self) -> Option<&Cell> {
        match &self.pos {
            Some(Location::Cell(c)) => Some(c),
            _ => None,
        }
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
        if let Some(o) = &f.origin {
            d.notes
                .push(format!("来源：{}（导入时的单元格）", o.describe()));
        }
        if let Some(h) = &f.help {
            d.notes.push(format!("提示：{h}"));
        }
        let _ = term::emit_to_string(&mut out, &config, &files, &d);
    }
    out
}

/// What a finding's cell shows: its column header, its row's label and its value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellContext {
    /// The column header (`填写`, `人员经费`, `决算数`).
    pub header: String,
    /// The row's label (`一般公共预算财政拨款收入`, a code).
    pub label: String,
    /// The value as the cell shows it (`""` when empty).
    pub value: String,
}

/// Renders findings about a workbook rustc-style: the file and sheet!cell, then the
/// cell's sheet, column header, row label and value, marked, with the expected value.
pub fn render_cells(
    file: &Path,
    findings: &[Finding],
    context: &dyn Fn(&Cell) -> Option<CellContext>,
) -> String {
    let mut out = String::new();
    for f in findings {
        let word = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{word}[{}]: {}\n", f.code, f.message));
        let label = match (&f.expected, &f.actual) {
            (Some(e), Some(a)) => format!("应为 {e}，实为 {a}"),
            _ => f.path.clone(),
        };
        let mut notes = Vec::new();
        match f.cell() {
            Some(c) => {
                out.push_str(&format!("  ┌─ {}:{}\n", file.display(), c.reference()));
                if let Some(ctx) = context(c) {
                    out.push_str("  │\n");
                    out.push_str(&format!("  │ {}\n", context_line(c, &ctx)));
                    let shown = if ctx.value.is_empty() {
                        "（空）".to_string()
                    } else {
                        ctx.value.replace('\n', " ")
                    };
                    let shown: String = shown.chars().take(60).collect();
                    out.push_str(&format!("  │ {shown}\n"));
                    let marks = "^".repeat(display_width(&shown).max(1));
                    out.push_str(&format!("  │ {marks} {label}\n"));
                    out.push_str("  │\n");
                } else if !label.is_empty() {
                    notes.push(label);
                }
            }
            None => {
                let at = location(file, f);
                notes.push(if f.path.is_empty() {
                    format!("位置：{at}")
                } else {
                    format!("位置：{at}（字段 {}）", f.path)
                });
                if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                    notes.push(format!("应为 {e}，实为 {a}"));
                }
            }
        }
        if let Some(h) = &f.help {
            notes.push(format!("提示：{h}"));
        }
        for n in notes {
            out.push_str(&format!("  = {n}\n"));
        }
        out.push('\n');
    }
    out
}

/// `工作表“收入与结转” B2 · 列“填写” · 行“一般公共预算财政拨款收入”`.
fn context_line(c: &Cell, ctx: &CellContext) -> String {
    let mut s = format!("工作表“{}” {}", c.sheet, c.a1());
    if !ctx.header.is_empty() {
        s.push_str(&format!(" · 列“{}”", ctx.header.replace('\n', "")));
    }
    if !ctx.label.is_empty() {
        s.push_str(&format!(" · 行“{}”", ctx.label.replace('\n', "")));
    }
    s
}

/// Columns a text takes in a terminal (East Asian wide characters take two).
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if (c as u32) >= 0x1100 && !c.is_ascii() {
                2
            } else {
                1
            }
        })
        .sum()
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

    #[test]
    fn a1_addresses_and_short_sheet_names() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        let c = Cell::new("Z04 支出决算表(财决04表)", 11, 4);
        assert_eq!(c.a1(), "E12");
        assert_eq!(c.short(), "Z04!E12");
        assert_eq!(c.to_string(), "Z04 支出决算表(财决04表)!E12");
        assert_eq!(Cell::new("收入", 0, 1).short(), "收入!B1");
    }

    #[test]
    fn cell_findings_show_sheet_cell_header_label_and_value() {
        let f = Finding::error(
            "B001",
            "declared.income_total",
            "本年收入合计与明细合计不符",
        )
        .expected("3,464,745.78", "3,464,700.00")
        .help("差额 -45.78 元")
        .at_cell(Cell::new("报表合计数", 1, 1));
        let text = render_cells(Path::new("填报.xlsx"), &[f], &|c| {
            (c.a1() == "B2").then(|| CellContext {
                header: "填写".into(),
                label: "本年收入合计".into(),
                value: "3464700".into(),
            })
        });
        assert!(
            text.contains("error[B001]: 本年收入合计与明细合计不符"),
            "{text}"
        );
        assert!(text.contains("┌─ 填报.xlsx:报表合计数!B2"), "{text}");
        assert!(
            text.contains("工作表“报表合计数” B2 · 列“填写” · 行“本年收入合计”"),
            "{text}"
        );
        assert!(
            text.contains("│ 3464700\n  │ ^^^^^^^ 应为 3,464,745.78，实为 3,464,700.00"),
            "{text}"
        );
        assert!(text.contains("= 提示：差额 -45.78 元"), "{text}");
    }
}
