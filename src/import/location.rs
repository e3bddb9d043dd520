//! Where an imported value came from: a cell of a workbook (`sheet!cell`), and the
//! findings of an import located at such cells.
//!
//! Kept independent of `diag::Finding` (whose positions are YAML line:col) so that the
//! shared findings type can take it over as a second kind of location later.

use std::fmt;

use serde::Serialize;

use crate::diag::Severity;

/// One cell of a workbook: sheet name, 0-based row and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellRef {
    pub sheet: String,
    /// 0-based row (row 1 in Excel is 0).
    pub row: u32,
    /// 0-based column (column A is 0).
    pub col: u32,
}

impl CellRef {
    pub fn new(sheet: &str, row: u32, col: u32) -> CellRef {
        CellRef {
            sheet: sheet.to_string(),
            row,
            col,
        }
    }

    /// The A1 address of the cell (`E12`).
    pub fn a1(&self) -> String {
        format!("{}{}", column_letters(self.col), self.row + 1)
    }

    /// A short form for YAML comments: the sheet's leading code (`Z04`, `F01`, `公开03表`)
    /// when its name starts with one, else the whole name; then `!E12`.
    pub fn short(&self) -> String {
        format!("{}!{}", short_sheet(&self.sheet), self.a1())
    }
}

impl fmt::Display for CellRef {
    /// Excel's notation: `Z04!E12`, or `'Z04 支出决算表(财决04表)'!E12` when the name has
    /// spaces or punctuation.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
            write!(f, "{}!{}", self.sheet, self.a1())
        } else {
            write!(f, "'{}'!{}", self.sheet.replace('\'', "''"), self.a1())
        }
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
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

/// One problem found while importing a workbook.
#[derive(Debug, Clone, Serialize)]
pub struct ImportFinding {
    pub severity: Severity,
    /// Stable code (`I007`), listed in docs/import.md.
    pub code: &'static str,
    /// Chinese message.
    pub message: String,
    /// The cell the message is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<CellRef>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl ImportFinding {
    pub fn error(code: &'static str, message: impl Into<String>) -> ImportFinding {
        ImportFinding {
            severity: Severity::Error,
            code,
            message: message.into(),
            cell: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> ImportFinding {
        ImportFinding {
            severity: Severity::Warning,
            ..ImportFinding::error(code, message)
        }
    }

    pub fn at(mut self, cell: CellRef) -> ImportFinding {
        self.cell = Some(cell);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> ImportFinding {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for ImportFinding {
    /// `错误[I007] 'Z04 …'!E12：…（提示：…）`
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}[{}] ", self.severity.word(), self.code)?;
        if let Some(c) = &self.cell {
            write!(f, "{c}：")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  提示：{h}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_addresses() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(CellRef::new("Z04", 11, 4).to_string(), "Z04!E12");
        let c = CellRef::new("Z04 支出决算表(财决04表)", 11, 4);
        assert_eq!(c.to_string(), "'Z04 支出决算表(财决04表)'!E12");
        assert_eq!(c.short(), "Z04!E12");
        assert_eq!(CellRef::new("收入", 0, 1).short(), "收入!B1");
    }
}
