//! What `lint` reports: findings (code, severity, Chinese message quoting the text, page),
//! coverage of the figures, one report per document, the text and JSON renderings and the
//! folder's summary.csv.

use std::path::PathBuf;

use serde::Serialize;

use super::text::{Doc, Status};
use crate::diag::Severity;

/// One inconsistency found in a report.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable rule code (docs/lint-rules.md).
    pub code: &'static str,
    /// Chinese message, with the figures involved.
    pub message: String,
    /// The text where it was found (whitespace removed).
    pub quote: String,
    /// 1-based page, where the format has pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// 1-based line of the extracted text.
    pub line: usize,
    /// Part, section or table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Offset in the flat text (ordering only).
    #[serde(skip)]
    pub offset: usize,
}

impl Finding {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// One line: `第5页 A001 错误：…（“…”）`.
    pub fn line_text(&self) -> String {
        let place = match self.page {
            Some(p) => format!("第{p}页"),
            None => format!("第{}行", self.line),
        };
        let section = self
            .section
            .as_ref()
            .map(|s| format!(" [{s}]"))
            .unwrap_or_default();
        format!(
            "{place} {} {}：{}{section}\n    原文：“{}”",
            self.code,
            self.severity.word(),
            self.message,
            self.quote
        )
    }
}

/// How many of the figures the document shows were checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub checked: usize,
    pub not_checked: usize,
    pub not_applicable: usize,
}

impl Coverage {
    pub fn of(doc: &Doc) -> Coverage {
        let mut c = Coverage::default();
        for f in doc.figures.values() {
            match f.status {
                Status::Checked => c.checked += 1,
                Status::NotChecked => c.not_checked += 1,
                Status::NotApplicable => c.not_applicable += 1,
            }
        }
        c
    }

    /// Checked / (checked + not checked), in percent.
    pub fn percent(&self) -> f64 {
        let judged = self.checked + self.not_checked;
        if judged == 0 {
            return 100.0;
        }
        self.checked as f64 * 100.0 / judged as f64
    }

    pub fn line(&self) -> String {
        format!(
            "数字覆盖：已核对 {}，未核对 {}，不适用 {}（已核对 {:.1}%）",
            self.checked,
            self.not_checked,
            self.not_applicable,
            self.percent()
        )
    }
}

/// A figure no rule could judge, listed so it is not taken as passed.
#[derive(Debug, Clone, Serialize)]
pub struct Unchecked {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    pub line: usize,
    pub quote: String,
}

/// The result for one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocReport {
    pub file: PathBuf,
    /// How the text was read (“poppler pdftotext -layout”, “.docx”…).
    pub extractor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The file could not be read (then there are no findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
    pub findings: Vec<Finding>,
    pub coverage: Coverage,
    pub unchecked: Vec<Unchecked>,
    /// Sections of 第二部分 and 附表 found.
    pub sections_found: usize,
    pub tables_found: usize,
}

impl DocReport {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
            + usize::from(self.unreadable.is_some())
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.findings.iter().filter(|f| f.is_error()).count()
    }

    /// The text rendering.
    pub fn text(&self) -> String {
        let mut s = format!("{}\n", self.file.display());
        if let Some(e) = &self.unreadable {
            s.push_str(&format!("  错误：{e}\n"));
            return s;
        }
        s.push_str(&format!(
            "  文字提取：{}；年度：{}；单位：{}；第二部分找到 {}/10 节，附表 {} 张\n",
            self.extractor,
            self.year.map_or("未识别".into(), |y| y.to_string()),
            self.unit.as_deref().unwrap_or("未识别"),
            self.sections_found,
            self.tables_found
        ));
        for f in &self.findings {
            for l in f.line_text().lines() {
                s.push_str(&format!("  {l}\n"));
            }
        }
        s.push_str(&format!(
            "  {}个错误，{}个警告；{}\n",
            self.errors(),
            self.warnings(),
            self.coverage.line()
        ));
        for u in self.unchecked.iter().take(20) {
            let place = u
                .page
                .map_or(format!("第{}行", u.line), |p| format!("第{p}页"));
            s.push_str(&format!("  未核对：{place} {}（“{}”）\n", u.text, u.quote));
        }
        if self.unchecked.len() > 20 {
            s.push_str(&format!(
                "  ……另有 {} 个未核对的数字\n",
                self.unchecked.len() - 20
            ));
        }
        s
    }
}

/// The result for all documents.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LintReport {
    pub documents: Vec<DocReport>,
}

impl LintReport {
    pub fn errors(&self) -> usize {
        self.documents.iter().map(DocReport::errors).sum()
    }

    /// summary.csv: one line per report.
    pub fn summary_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "文件",
            "单位",
            "年度",
            "错误",
            "警告",
            "已核对",
            "未核对",
            "不适用",
            "覆盖率",
            "文字提取",
            "问题",
        ])?;
        for d in &self.documents {
            let problems: Vec<String> = d
                .unreadable
                .iter()
                .cloned()
                .chain(d.findings.iter().map(|f| {
                    let place = f
                        .page
                        .map_or(format!("第{}行", f.line), |p| format!("第{p}页"));
                    format!("{place} {} {}", f.code, f.message)
                }))
                .collect();
            w.write_record([
                d.file.display().to_string(),
                d.unit.clone().unwrap_or_default(),
                d.year.map(|y| y.to_string()).unwrap_or_default(),
                d.errors().to_string(),
                d.warnings().to_string(),
                d.coverage.checked.to_string(),
                d.coverage.not_checked.to_string(),
                d.coverage.not_applicable.to_string(),
                format!("{:.1}%", d.coverage.percent()),
                d.extractor.clone(),
                problems.join("；"),
            ])?;
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }
}
