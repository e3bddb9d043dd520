//! The workbook cell behind a value of a data file written by `juesuan import`: the
//! comment after the value names it (`# Z04!E12`, `# Z04!F12 − Z07!G12` — the first
//! cell), and the file's header names the workbook (`# 由 juesuan import 从 决算.xls
//! 导入…`). Findings on such a file then name the cell beside the line.

use crate::diag::{Cell, Origin, Pos};

/// The origin of the value at `p` in `text`, when its line carries a cell comment.
pub fn origin(text: &str, p: Pos) -> Option<Origin> {
    let start = p.offset.min(text.len());
    let line_end = text[start..]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(text.len());
    let after = (p.offset + p.len).clamp(start, line_end);
    let rest = text.get(after..line_end)?;
    let comment = rest.split_once('#')?.1.trim();
    let token = comment.split_whitespace().next()?;
    Some(Origin {
        file: workbook_name(text).unwrap_or_default(),
        cell: parse_reference(token)?,
    })
}

/// `Z04!E12` → the cell (sheet `Z04`, row 11, column 4).
pub fn parse_reference(token: &str) -> Option<Cell> {
    let (sheet, a1) = token.rsplit_once('!')?;
    let letters: String = a1.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let digits = &a1[letters.len()..];
    if sheet.is_empty() || letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let row: u32 = digits.parse().ok().filter(|r| *r > 0)?;
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    Some(Cell::new(sheet, row - 1, col - 1))
}

/// The workbook named by the header comment `# 由 juesuan import 从 FILE 导入`.
fn workbook_name(text: &str) -> Option<String> {
    text.lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .find_map(|l| {
            let rest = l.split_once("juesuan import 从 ")?.1;
            Some(rest.split_once(" 导入")?.0.trim().to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comment_after_a_value_names_its_cell() {
        let text = "# 由 juesuan import 从 决算.xls 导入（2023 年决算报表）。\nincome:\n  general_budget: 3464745.78   # Z01!E7\n  business: 1.00   # Z04!F12 − Z07!G12\n  other: 0\n";
        let at = |needle: &str, len: usize| {
            let offset = text.find(needle).unwrap();
            Pos {
                line: 0,
                col: 0,
                offset,
                len,
            }
        };
        let o = origin(text, at("3464745.78", 10)).unwrap();
        assert_eq!(o.file, "决算.xls");
        assert_eq!(o.cell, Cell::new("Z01", 6, 4));
        assert_eq!(o.describe(), "决算.xls:Z01!E7");
        let o = origin(text, at("1.00", 4)).unwrap();
        assert_eq!(o.cell.reference(), "Z04!F12");
        assert!(origin(text, at("0\n", 1)).is_none());
        assert_eq!(parse_reference("收入与结转!AA10").unwrap().col, 26);
        assert!(parse_reference("取自").is_none());
    }
}
