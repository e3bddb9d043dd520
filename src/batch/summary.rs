//! `summary.csv`: one row per unit (status, main totals, findings, output, time, and
//! for a 部门 consolidated from member files its mark and member count), and the merge
//! of per-shard summaries.

use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format::round_half_up;

/// The outcome of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Report made, no findings.
    #[serde(rename = "成功")]
    Ok,
    /// Report made, with warnings.
    #[serde(rename = "警告")]
    Warning,
    /// No report: the data has errors or the report could not be made.
    #[serde(rename = "失败")]
    Error,
    /// Up to date: data, settings, templates and tool unchanged since the last run.
    #[serde(rename = "未变")]
    Unchanged,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Ok => "成功",
            Status::Warning => "警告",
            Status::Error => "失败",
            Status::Unchanged => "未变",
        }
    }

    /// A report exists for the unit.
    pub fn has_report(self) -> bool {
        self != Status::Error
    }
}

/// One row of `summary.csv`. Amounts are 元 with two decimals, empty when unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    #[serde(rename = "单位")]
    pub unit: String,
    /// The data file, relative to the batch folder, `/`-separated.
    #[serde(rename = "数据文件")]
    pub file: String,
    #[serde(rename = "状态")]
    pub status: Status,
    #[serde(rename = "收入合计")]
    pub income_total: String,
    #[serde(rename = "支出合计")]
    pub expenditure_total: String,
    /// Findings, `；`-separated: `文件:行:列 代码 说明`.
    #[serde(rename = "问题")]
    pub findings: String,
    /// The PDF, relative to the output folder (empty when none was made).
    #[serde(rename = "输出文件")]
    pub output: String,
    #[serde(rename = "毫秒")]
    pub ms: u64,
    /// 收入总计 (= 支出总计), for the year-on-year change.
    #[serde(rename = "收支总计")]
    pub grand_total: String,
    #[serde(rename = "上年收支总计")]
    pub last_year_total: String,
    /// 部门汇总 for a 部门 consolidated from member files, else the report's kind
    /// (部门 / 单位); empty when the file could not be read. (Summaries written before
    /// the column existed read as empty.)
    #[serde(rename = "类型", default)]
    pub kind: String,
    /// Member files of a consolidated 部门 (empty for others).
    #[serde(rename = "成员数", default)]
    pub members: String,
}

/// `Row::kind` of a 部门 consolidated from member files.
pub const CONSOLIDATED: &str = "部门汇总";

impl Row {
    /// A consolidated 部门's row (its totals contain its members').
    pub fn is_consolidated(&self) -> bool {
        self.kind == CONSOLIDATED
    }

    pub fn amount(s: &str) -> Option<Decimal> {
        s.trim().parse().ok()
    }

    /// The row with `f` applied to its text cells (unit, file, findings, output).
    fn texts(&self, f: fn(&str) -> String) -> Row {
        Row {
            unit: f(&self.unit),
            file: f(&self.file),
            findings: f(&self.findings),
            output: f(&self.output),
            ..self.clone()
        }
    }
}

/// A text cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, CR
/// first: a unit named `=HYPERLINK(…)`) gets a leading `'`, which makes it text. A cell
/// that already starts with `'` gets one more, so that `restore` undoes exactly this.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Undoes `neutralise` (when merging shard summaries).
pub fn restore(cell: &str) -> String {
    cell.strip_prefix('\'').unwrap_or(cell).to_string()
}

/// An amount for the CSV: 元, two decimals, no separators (3464745.78).
pub fn plain(d: Decimal) -> String {
    let mut r = round_half_up(d, 2);
    if r.is_zero() {
        r = Decimal::ZERO;
    }
    r.rescale(2);
    r.to_string()
}

/// The CSV bytes (with a UTF-8 BOM so that spreadsheet programs read the hanzi). Text
/// cells are neutralised (`neutralise`); amounts are written as they are, so that a
/// negative amount stays a number.
pub fn to_csv(rows: &[Row]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for r in rows {
        w.serialize(r.texts(neutralise))
            .map_err(|e| format!("无法生成 summary.csv：{e}"))?;
    }
    w.into_inner()
        .map_err(|e| format!("无法生成 summary.csv：{e}"))
}

/// Reads a summary written by `to_csv`.
pub fn read_csv(path: &Path) -> Result<Vec<Row>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut r = csv::Reader::from_reader(bytes);
    let mut rows = Vec::new();
    for (i, rec) in r.deserialize::<Row>().enumerate() {
        rows.push(
            rec.map_err(|e| format!("{} 第{}行不是 juesuan 的汇总行：{e}", path.display(), i + 2))?
                .texts(restore),
        );
    }
    Ok(rows)
}

/// Merges shard summaries: rows sorted by data file; a file listed twice keeps the row
/// of the later summary (a rerun shard given after the first attempt).
pub fn merge(parts: Vec<Vec<Row>>) -> Vec<Row> {
    let mut by_file = std::collections::BTreeMap::new();
    for rows in parts {
        for r in rows {
            by_file.insert(r.file.clone(), r);
        }
    }
    by_file.into_values().collect()
}

/// Counts by status: (ok, warnings, errors, unchanged).
pub fn counts(rows: &[Row]) -> (usize, usize, usize, usize) {
    let c = |s: Status| rows.iter().filter(|r| r.status == s).count();
    (
        c(Status::Ok),
        c(Status::Warning),
        c(Status::Error),
        c(Status::Unchanged),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(file: &str, status: Status) -> Row {
        Row {
            unit: format!("单位{file}"),
            file: file.into(),
            status,
            income_total: "1.50".into(),
            expenditure_total: "1.00".into(),
            findings: "a, \"b\"；c".into(),
            output: format!("{file}.pdf"),
            ms: 7,
            grand_total: "1.50".into(),
            last_year_total: String::new(),
            kind: "单位".into(),
            members: String::new(),
        }
    }

    #[test]
    fn csv_round_trips_and_merges() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![row("b", Status::Ok), row("a", Status::Error)];
        let p = dir.path().join("s.csv");
        std::fs::write(&p, to_csv(&rows).unwrap()).unwrap();
        assert_eq!(read_csv(&p).unwrap(), rows);
        let merged = merge(vec![rows.clone(), vec![row("a", Status::Warning)]]);
        assert_eq!(
            merged
                .iter()
                .map(|r| (r.file.as_str(), r.status))
                .collect::<Vec<_>>(),
            [("a", Status::Warning), ("b", Status::Ok)]
        );
    }

    #[test]
    fn summaries_written_before_the_kind_columns_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("old.csv");
        std::fs::write(
            &p,
            "\u{feff}单位,数据文件,状态,收入合计,支出合计,问题,输出文件,毫秒,收支总计,上年收支总计\n甲,a.yaml,成功,1.00,1.00,,a.pdf,3,1.00,\n",
        )
        .unwrap();
        let rows = read_csv(&p).unwrap();
        assert_eq!(rows[0].file, "a.yaml");
        assert_eq!((rows[0].kind.as_str(), rows[0].members.as_str()), ("", ""));
        assert!(!rows[0].is_consolidated());
    }

    #[test]
    fn formula_cells_are_neutralised_and_amounts_stay_numbers() {
        let mut r = row("a", Status::Error);
        r.unit = "=HYPERLINK(\"http://x\",\"点\")".into();
        r.file = "-1+2.yaml".into();
        r.findings = "@SUM(A1)".into();
        r.output = "+1".into();
        r.income_total = plain("-12.5".parse().unwrap());
        r.expenditure_total = "\t".into();
        let bytes = to_csv(std::slice::from_ref(&r)).unwrap();
        // The raw cells, as a spreadsheet program reads them.
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let cells = reader.records().next().unwrap().unwrap();
        assert!(cells[0].starts_with("'=HYPERLINK"), "{cells:?}");
        assert_eq!(&cells[1], "'-1+2.yaml");
        assert_eq!(&cells[3], "-12.50", "a negative amount stays a number");
        assert_eq!((&cells[5], &cells[6]), ("'@SUM(A1)", "'+1"));
        // Every text cell starts with something other than a formula character.
        for c in [&r.unit, &r.file, &r.findings, &r.output] {
            assert!(!neutralise(c).starts_with(['=', '+', '-', '@']));
        }
        // Merging reads the rows back as they were.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.csv");
        let mut quoted = r.clone();
        quoted.unit = "'已有引号".into();
        std::fs::write(&p, to_csv(&[r.clone(), quoted.clone()]).unwrap()).unwrap();
        assert_eq!(read_csv(&p).unwrap(), vec![r, quoted]);
    }

    #[test]
    fn plain_amounts() {
        assert_eq!(plain("3464745.775".parse().unwrap()), "3464745.78");
        assert_eq!(plain(Decimal::ZERO), "0.00");
    }
}
