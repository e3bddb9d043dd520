//! The rules, one file per group: `narrative` (arithmetic inside the sentences of
//! 第二部分), `tables` (the 附表: 合计 rows, hierarchy, row identities), `cross` (the same
//! figure in two places: 正文, 附表, 附件, 图), `residue` (template words never chosen,
//! missing numbers and units, wrong years) and `names` (功能分类 names against the year's
//! catalogue). Each finding has a stable code (docs/lint-rules.md).
//!
//! Rules read the flat text through the `Linter`, mark every figure they judge as checked
//! and push findings located by flat offset.

mod attachment;
mod charts;
mod cross;
mod names;
mod narrative;
mod narrative_more;
mod residue;
mod tables;

use std::sync::LazyLock;

use regex::Regex;

use super::number::Num;
use super::report::Finding;
use super::structure::Outline;
use super::text::{Doc, Kind, Status};
use crate::catalog::Catalog;
use crate::diag::Severity;

pub use narrative::Stated;
pub use tables::Tables;

/// Printing precision inferred from the document.
#[derive(Debug, Clone, Copy)]
pub struct Precision {
    /// Decimals of 万元 amounts in the narrative.
    pub amount: u32,
    /// Decimals of shares (占…%).
    pub share: u32,
    /// Decimals of growth and completion rates.
    pub rate: u32,
}

/// The state every rule works on.
pub struct Linter<'a> {
    pub doc: Doc,
    pub outline: Outline,
    pub catalog: &'a Catalog,
    pub prec: Precision,
    pub findings: Vec<Finding>,
}

/// A number in the flat text: `{N}` in patterns.
pub const NUM: &str = r"(\d[\d,]*(?:\.\d+)?)";

/// Compiles a pattern with `{N}` standing for a number.
pub fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("{N}", NUM)).expect("valid lint pattern")
}

static SHARE: LazyLock<Regex> = LazyLock::new(|| re(r"占(?:[^%，。；]{0,12}的)?{N}%"));
static RATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:增长|下降|完成(?:全年|年初|调整)?预算的?|执行率为?){N}%"));

impl<'a> Linter<'a> {
    pub fn new(doc: Doc, outline: Outline, catalog: &'a Catalog) -> Linter<'a> {
        let mut l = Linter {
            doc,
            outline,
            catalog,
            prec: Precision {
                amount: 2,
                share: 1,
                rate: 2,
            },
            findings: Vec::new(),
        };
        l.register_figures();
        l.prec = l.infer_precision();
        l
    }

    /// Runs every rule group.
    pub fn run(&mut self) -> (Stated, Tables) {
        residue::check(self);
        let stated = narrative::check(self);
        let tables = tables::check(self);
        cross::check(self, &stated, &tables);
        attachment::check(self, &stated);
        names::check(self, &tables);
        self.findings.sort_by_key(|f| (f.offset, f.code));
        self.findings
            .dedup_by(|a, b| a.code == b.code && a.offset == b.offset && a.message == b.message);
        (stated, tables)
    }

    /// The body figures: amounts (万元, 元, and bare amounts with two decimals as table
    /// cells print them), percentages and vehicle counts, read as whole tokens from the raw
    /// text (the flat text glues a chart's axis ticks to its labels). Those outside the
    /// judged parts are not applicable.
    fn register_figures(&mut self) {
        static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(\d[\d,]*(?:\.\d+)?)[ \t]*(万[ \t]*\n?[ \t]*元|元|%|辆)?").unwrap()
        });
        let body_raw = self.doc.raw_at(self.outline.body_start);
        let raw = self.doc.raw.clone();
        for c in TOKEN.captures_iter(&raw[body_raw..]) {
            let m = c.get(1).unwrap();
            let start = body_raw + m.start();
            let prev = raw[..start].chars().next_back();
            let next = raw[body_raw + m.end()..].chars().next();
            if prev.is_some_and(|p| p.is_ascii_digit() || p == '.' || p == ',')
                || next.is_some_and(|n| n == '.')
            {
                continue;
            }
            let kind = match c.get(2).map(|u| u.as_str()) {
                Some("%") => Kind::Percent,
                Some("辆") => Kind::Count,
                Some(_) => Kind::Amount,
                // A bare number counts as an amount when it has two decimals (a table cell).
                None if m
                    .as_str()
                    .split_once('.')
                    .is_some_and(|(_, d)| d.len() == 2) =>
                {
                    Kind::Amount
                }
                None => continue,
            };
            if let Some(n) = Num::parse(m.as_str()) {
                let at = self.doc.flat_at(start);
                self.doc.add_figure(at, kind, n, Status::NotChecked);
            }
        }
        let flat = self.doc.flat.clone();
        let body = self.outline.body_start;
        // 第一部分 (before 第二部分) and 名词解释 state no figures to check.
        let p2 = self.outline.part2.map_or(body, |p| p.start);
        self.doc.not_applicable(0, p2);
        if let Some(p3) = self.outline.part3 {
            self.doc.not_applicable(p3.start, p3.end);
        }
        // Thresholds of the template ("单价100万元以上设备").
        for m in re(r"单价{N}万元以上").captures_iter(&flat) {
            let at = m.get(1).unwrap().start();
            self.doc.not_applicable(at, at + 1);
        }
    }

    fn infer_precision(&self) -> Precision {
        let part2 = self
            .outline
            .part2
            .map_or(&self.doc.flat[self.outline.body_start..], |p| {
                &self.doc.flat[p.start..p.end]
            });
        let decimals = |re: &Regex| -> (u32, bool) {
            let mut max = 0;
            let mut informative = false;
            for c in re.captures_iter(part2) {
                if let Some(n) = Num::parse(&c[1]) {
                    max = max.max(n.decimals);
                    let v = n.value;
                    informative |=
                        v != rust_decimal::Decimal::ZERO && v != rust_decimal::Decimal::ONE_HUNDRED;
                }
            }
            (max.min(4), informative)
        };
        let amount = decimals(&re(r"{N}万元")).0;
        // Zeros may be stripped ("占8%" for 8.0%): integers alone prove nothing unless a
        // share other than 0 and 100 is printed.
        let (share, share_info) = decimals(&SHARE);
        let (rate, rate_info) = decimals(&RATE);
        Precision {
            // Amounts are printed to the fen (trailing zeros stripped) unless none has decimals.
            amount: if amount == 0 { 0 } else { amount.max(2) },
            share: if share == 0 && share_info {
                0
            } else {
                share.max(1)
            },
            rate: if rate == 0 && rate_info {
                0
            } else {
                rate.max(1)
            },
        }
    }

    /// A 万元 amount of the narrative at flat offset `at`.
    pub fn wan(&self, s: &str) -> Option<Num> {
        Num::parse(s).map(|n| n.at_precision(self.prec.amount))
    }

    pub fn share(&self, s: &str) -> Option<Num> {
        Num::parse(s).map(|n| n.at_precision(self.prec.share))
    }

    pub fn rate(&self, s: &str) -> Option<Num> {
        Num::parse(s).map(|n| n.at_precision(self.prec.rate))
    }

    /// Marks figures as checked.
    pub fn mark(&mut self, offsets: &[usize]) {
        for o in offsets {
            self.doc.checked(*o);
        }
    }

    /// Adds a finding located at flat span `start..end`.
    pub fn report(
        &mut self,
        severity: Severity,
        code: &'static str,
        (start, end): (usize, usize),
        message: String,
    ) {
        let section = self.section_of(start);
        self.findings.push(Finding {
            severity,
            code,
            message,
            quote: self.doc.quote(start, end),
            page: self.doc.page(start),
            line: self.doc.line(start),
            section,
            offset: start,
        });
    }

    pub fn error(&mut self, code: &'static str, span: (usize, usize), message: String) {
        self.report(Severity::Error, code, span, message);
    }

    pub fn warning(&mut self, code: &'static str, span: (usize, usize), message: String) {
        self.report(Severity::Warning, code, span, message);
    }

    /// Where a flat offset lies, in words ("第二部分 五", "附表 公开06表"…).
    fn section_of(&self, at: usize) -> Option<String> {
        let o = &self.outline;
        if let Some(t) = o
            .tables
            .iter()
            .rev()
            .find(|t| self.doc.flat_at(t.raw_start) <= at)
        {
            return Some(format!("附表“{}”", t.title));
        }
        if o.part4.is_some_and(|p| p.start <= at && at < p.end) {
            return Some("第四部分 附件".into());
        }
        if o.part3.is_some_and(|p| p.start <= at && at < p.end) {
            return Some("第三部分 名词解释".into());
        }
        for i in (0..10).rev() {
            if let Some(h) = o.headings[i] {
                if h.start <= at && o.sections[i].is_some_and(|s| at < s.end.max(h.end)) {
                    return Some(format!("第二部分 {}", super::structure::SECTION_TITLES[i]));
                }
            }
        }
        None
    }
}
