//! The district overview `summary.pdf`: every unit with its main totals and the change
//! against last year, the failing units with their first findings, and a bar chart —
//! the Tera template `summary.typ` through the same typst pipeline as the reports.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use super::chart::{self, Bar};
use super::summary::{Row, Status};
use crate::compute::Change;
use crate::format::Fmt;
use crate::model::Settings;
use crate::pdf;
use crate::pipeline::{BuildError, Toolkit};

/// The template of the overview.
pub const TEMPLATE: &str = "summary.typ";
/// The chart's file name inside the Typst world.
const CHART_FILE: &str = "units.svg";
/// Bars in the chart (the largest units).
const CHART_MAX: usize = 30;
/// Findings listed per failing unit.
const FINDINGS_MAX: usize = 3;

#[derive(Debug, Serialize)]
struct UnitLine {
    n: usize,
    unit: String,
    file: String,
    status: &'static str,
    has_report: bool,
    income: String,
    expenditure: String,
    /// 收支总计 change: "增长12.3%", "下降4.5%", "持平", "新增", or empty.
    change: String,
}

#[derive(Debug, Serialize)]
struct Failure {
    unit: String,
    file: String,
    findings: Vec<String>,
}

#[derive(Debug, Serialize)]
struct DocDate {
    year: i32,
    month: u32,
    day: u32,
}

#[derive(Debug, Serialize)]
struct OverviewView {
    title: String,
    name: String,
    year: Option<i32>,
    total: usize,
    /// Rows of 部门 summed from member files.
    departments: usize,
    ok: usize,
    warning: usize,
    error: usize,
    unchanged: usize,
    income_sum: String,
    expenditure_sum: String,
    units: Vec<UnitLine>,
    failures: Vec<Failure>,
    chart: Option<String>,
    chart_note: String,
    document: Option<DocDate>,
}

/// What the overview needs besides the rows.
pub struct Meta<'a> {
    /// District name.
    pub name: &'a str,
    pub year: Option<i32>,
    pub settings: &'a Settings,
}

/// Renders the overview PDF.
pub fn pdf(kit: &Toolkit, rows: &[Row], meta: &Meta) -> Result<Vec<u8>, BuildError> {
    let fmt = meta.settings.fmt();
    let wan = |s: &str| Row::amount(s).map(|d| fmt.wan(d)).unwrap_or_default();
    let units: Vec<UnitLine> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| UnitLine {
            n: i + 1,
            unit: display_name(r),
            file: r.file.clone(),
            status: r.status.word(),
            has_report: r.status.has_report(),
            income: wan(&r.income_total),
            expenditure: wan(&r.expenditure_total),
            change: change_text(&fmt, r),
        })
        .collect();
    let failures = rows
        .iter()
        .filter(|r| r.status == Status::Error)
        .map(|r| Failure {
            unit: display_name(r),
            file: r.file.clone(),
            findings: r
                .findings
                .split('；')
                .filter(|s| !s.trim().is_empty())
                .take(FINDINGS_MAX)
                .map(str::to_string)
                .collect(),
        })
        .collect();
    // A 部门 summed from member files repeats its members' money: sums and the chart
    // count units only.
    let sum = |f: fn(&Row) -> &str| -> Decimal {
        rows.iter()
            .filter(|r| r.status.has_report() && !r.is_consolidated())
            .filter_map(|r| Row::amount(f(r)))
            .sum()
    };
    let mut made: Vec<&Row> = rows
        .iter()
        .filter(|r| {
            r.status.has_report()
                && !r.is_consolidated()
                && Row::amount(&r.expenditure_total).is_some()
        })
        .collect();
    made.sort_by(|a, b| {
        let (x, y) = (
            Row::amount(&a.expenditure_total),
            Row::amount(&b.expenditure_total),
        );
        y.cmp(&x).then_with(|| a.file.cmp(&b.file))
    });
    let chart_note = if made.len() > CHART_MAX {
        format!(
            "支出合计最大的{CHART_MAX}个单位，共{}个单位生成了报告",
            made.len()
        )
    } else {
        "各单位支出合计".to_string()
    };
    let shown: Vec<&Row> = made.iter().take(CHART_MAX).copied().collect();
    // Units of one district share a prefix (攀枝花市东区…): the bars show the rest.
    let prefix = common_prefix(shown.iter().map(|r| r.unit.as_str()));
    let bars: Vec<Bar> = shown
        .iter()
        .map(|r| {
            let d = Row::amount(&r.expenditure_total).unwrap_or_default();
            let rest: String = r.unit.chars().skip(prefix).collect();
            Bar {
                label: short(if rest.is_empty() { &r.unit } else { &rest }, 18),
                value: (d / Decimal::from(10_000)).to_f64().unwrap_or(0.0),
                text: format!("{}万元", fmt.wan(d)),
            }
        })
        .collect();
    let mut files = Vec::new();
    let chart = if bars.is_empty() {
        None
    } else {
        files.push((CHART_FILE.to_string(), chart::bars(&bars)));
        Some(CHART_FILE.to_string())
    };
    let (ok, warning, error, unchanged) = super::summary::counts(rows);
    let document = document_date(meta.settings, meta.year);
    let year_word = meta.year.map(|y| format!("{y}年度")).unwrap_or_default();
    let view = OverviewView {
        title: format!("{}{year_word}部门决算公开汇总", meta.name),
        name: meta.name.to_string(),
        year: meta.year,
        total: rows.len(),
        departments: rows.iter().filter(|r| r.is_consolidated()).count(),
        ok,
        warning,
        error,
        unchanged,
        income_sum: fmt.wan(sum(|r| &r.income_total)),
        expenditure_sum: fmt.wan(sum(|r| &r.expenditure_total)),
        units,
        failures,
        chart,
        chart_note,
        document,
    };
    let source = kit
        .renderer
        .render_template(TEMPLATE, &view, meta.settings)?;
    let opts = pdf::Options {
        // PDF/A needs a document date; without a year there is none to give.
        pdf_a: meta.settings.pdf_a && view.document.is_some(),
        ..pdf::Options::default()
    };
    let (bytes, _warnings) = pdf::render_pdf(&kit.fonts, &pdf::Document { source, files }, &opts)?;
    Ok(bytes)
}

/// The unit's name (a 部门 of member files marked with its member count), or its file
/// when the file could not be read.
fn display_name(r: &Row) -> String {
    let name = if r.unit.is_empty() {
        r.file.clone()
    } else {
        r.unit.clone()
    };
    if r.is_consolidated() {
        format!("{name}（部门汇总，{}个成员）", r.members)
    } else {
        name
    }
}

fn change_text(fmt: &Fmt, r: &Row) -> String {
    let (Some(cur), Some(prev)) = (Row::amount(&r.grand_total), Row::amount(&r.last_year_total))
    else {
        return String::new();
    };
    let c = fmt.change(&Change::new(cur, Some(prev)));
    match c.dir {
        "up" | "down" if c.has_rate => format!("{}{}%", c.rate_word, c.rate),
        "up" | "down" => c.word.to_string(),
        "flat" => "持平".into(),
        "new" => "上年为零".into(),
        _ => String::new(),
    }
}

/// The number of leading characters all names share (0 for fewer than two names).
fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> usize {
    let Some(first) = names.next() else { return 0 };
    let first: Vec<char> = first.chars().collect();
    let mut n = first.len();
    let mut count = 1;
    for name in names {
        count += 1;
        n = name
            .chars()
            .zip(&first)
            .take(n)
            .take_while(|(a, b)| a == *b)
            .count();
    }
    if count < 2 {
        0
    } else {
        n
    }
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The settings' date, else 12月31日 of the year after (fixed: reproducible output).
fn document_date(settings: &Settings, year: Option<i32>) -> Option<DocDate> {
    if let Some(s) = &settings.document_date {
        let p: Vec<&str> = s.split('-').collect();
        if let [y, m, d] = p[..] {
            if let (Ok(year), Ok(month), Ok(day)) = (y.parse(), m.parse(), d.parse()) {
                return Some(DocDate { year, month, day });
            }
        }
    }
    year.map(|y| DocDate {
        year: y + 1,
        month: 12,
        day: 31,
    })
}
