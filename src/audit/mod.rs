//! The audit (审核): a versioned table of rules that check a loaded data file and its
//! figures, each with a stable code, a severity and a Chinese title. Every rule runs; all
//! findings are reported, not the first. A rule says whether it applied at all, so the
//! coverage line can tell "passed" from "not applicable".
//!
//! One file per group: `form` (形式), `balance` (平衡), `cross` (勾稽), `comparison`
//! (对比), `text` (文字), `consolidation` (汇总, a 部门 of member files).
//! docs/audit-rules.md lists every rule.

mod balance;
mod comparison;
mod consolidation;
mod cross;
mod detail;
mod fields;
mod form;
#[cfg(test)]
mod init;
mod performance;
mod scoring;
mod text;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::compute::Figures;
use crate::config::TableSet;
use crate::diag::{Finding, Location, Severity};
use crate::model::{Loaded, ReportData, Settings};

/// Version of the rule set; bump it whenever a rule is added, removed or changed.
pub const RULESET_VERSION: &str = "1.3.0";

/// The group a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Form,
    Balance,
    Cross,
    Comparison,
    Text,
    Consolidation,
}

impl Group {
    pub fn word(self) -> &'static str {
        match self {
            Group::Form => "形式",
            Group::Balance => "平衡",
            Group::Cross => "勾稽",
            Group::Comparison => "对比",
            Group::Text => "文字",
            Group::Consolidation => "汇总",
        }
    }
}

/// What a rule found.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The rule has nothing to judge in this file (e.g. no projects).
    NotApplicable,
    /// The rule judged the file; no findings means it passed.
    Checked(Vec<Finding>),
}

impl Outcome {
    /// A checked outcome from findings.
    pub fn of(findings: Vec<Finding>) -> Outcome {
        Outcome::Checked(findings)
    }
    fn pass() -> Outcome {
        Outcome::Checked(Vec::new())
    }
}

/// What every rule reads.
pub struct Ctx<'a> {
    pub loaded: &'a Loaded,
    pub data: &'a ReportData,
    pub fig: &'a Figures,
    pub catalog: &'a Catalog,
    pub settings: &'a Settings,
    /// The report's table set (what the 附表 need from the data); `None` when the
    /// settings name no set (S001 says so).
    pub tables: Option<&'a TableSet>,
}

impl Ctx<'_> {
    /// Where the value at `path` is (or its nearest stated ancestor).
    pub fn at(&self, path: &str) -> Option<Location> {
        self.loaded.source.find(path)
    }
    /// Where the key of `path` is.
    pub fn key(&self, path: &str) -> Option<Location> {
        self.loaded.source.key(path)
    }
}

/// One rule of the table.
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub group: Group,
    /// Chinese title (docs and coverage).
    pub title: &'static str,
    /// `None` for rules the loader applies (syntax, types): they passed once a file loads.
    pub check: Option<fn(&Ctx) -> Outcome>,
}

/// Every rule, in report order.
pub fn rules() -> Vec<Rule> {
    let mut v = form::rules();
    v.extend(fields::rules());
    v.extend(balance::rules());
    v.extend(cross::rules());
    v.extend(comparison::rules());
    v.extend(detail::rules());
    v.extend(performance::rules());
    v.extend(scoring::rules());
    v.extend(text::rules());
    v.extend(consolidation::rules());
    v
}

/// How one rule ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Found,
    NotApplicable,
}

/// Counts of rule outcomes for the coverage line.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    pub ruleset: &'static str,
    pub rules: usize,
    pub passed: usize,
    pub found: usize,
    pub not_applicable: usize,
    /// Codes of the rules that did not apply.
    pub not_applicable_codes: Vec<&'static str>,
}

impl Coverage {
    /// The Chinese coverage line printed at the end of `check`.
    pub fn line(&self) -> String {
        format!(
            "审核规则集 v{}：共运行 {} 条规则，通过 {} 条，发现问题 {} 条，不适用 {} 条",
            self.ruleset, self.rules, self.passed, self.found, self.not_applicable
        )
    }

    /// Coverage when the file did not load: no audit rule could run.
    pub fn not_loaded() -> Coverage {
        Coverage {
            ruleset: RULESET_VERSION,
            ..Coverage::default()
        }
    }
}

/// The findings of every rule and the coverage.
#[derive(Debug, Clone)]
pub struct Audit {
    pub findings: Vec<Finding>,
    pub statuses: Vec<(&'static str, Status)>,
    pub coverage: Coverage,
}

/// Runs every rule and reports their outcomes. `settings` and `tables` are the report's
/// resolved configuration (`config`): the settings the figures were computed with and
/// the table set the report prints.
pub fn audit(
    loaded: &Loaded,
    fig: &Figures,
    catalog: &Catalog,
    settings: &Settings,
    tables: Option<&TableSet>,
) -> Audit {
    let ctx = Ctx {
        loaded,
        data: &loaded.data,
        fig,
        catalog,
        settings,
        tables,
    };
    let mut findings = Vec::new();
    let mut statuses = Vec::new();
    let mut cov = Coverage {
        ruleset: RULESET_VERSION,
        ..Coverage::default()
    };
    for rule in rules() {
        let outcome = match rule.check {
            Some(f) => f(&ctx),
            None => Outcome::pass(),
        };
        cov.rules += 1;
        let status = match outcome {
            Outcome::NotApplicable => {
                cov.not_applicable += 1;
                cov.not_applicable_codes.push(rule.code);
                Status::NotApplicable
            }
            Outcome::Checked(f) if f.is_empty() => {
                cov.passed += 1;
                Status::Passed
            }
            Outcome::Checked(f) => {
                cov.found += 1;
                findings.extend(f);
                Status::Found
            }
        };
        statuses.push((rule.code, status));
    }
    Audit {
        findings,
        statuses,
        coverage: cov,
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the rule tests: load YAML text, run the audit, filter by code.
    use std::path::Path;

    use super::*;

    /// The example data file's text.
    pub const EXAMPLE: &str = include_str!("../../data/example/dongqu-media-2023.yaml");

    pub fn audit_text(text: &str) -> Audit {
        let loaded = crate::model::load_str(Path::new("t.yaml"), text.to_string())
            .unwrap_or_else(|e| panic!("test data must load: {e:?}"));
        let catalog = Catalog::builtin();
        let settings = crate::config::Layers::default().settings(loaded.data.settings.as_ref());
        let fig = crate::compute::compute(&loaded.data, &catalog, &settings);
        let set = crate::config::TemplateSet::builtin()
            .table_set(&settings.template_set)
            .ok();
        audit(&loaded, &fig, &catalog, &settings, set.as_deref())
    }

    /// Findings of one rule code.
    pub fn codes(text: &str, code: &str) -> Vec<Finding> {
        audit_text(text)
            .findings
            .into_iter()
            .filter(|f| f.code == code)
            .collect()
    }

    /// The status of one rule.
    pub fn status(text: &str, code: &str) -> Status {
        audit_text(text)
            .statuses
            .into_iter()
            .find(|(c, _)| *c == code)
            .map(|(_, s)| s)
            .unwrap_or_else(|| panic!("no rule {code}"))
    }

    /// The example with `from` replaced by `to` (which must occur).
    pub fn example_with(from: &str, to: &str) -> String {
        assert!(EXAMPLE.contains(from), "example lacks {from:?}");
        EXAMPLE.replacen(from, to, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn codes_are_unique_and_findings_match_the_table() {
        let rules = rules();
        let mut seen = std::collections::HashSet::new();
        for r in &rules {
            assert!(seen.insert(r.code), "duplicate rule {}", r.code);
        }
        // Every finding's code and severity is the one the table declares.
        let bad = example_with(
            "  general_budget: 3464745.78\n",
            "  general_budget: -3464745.781\n",
        );
        for f in audit_text(&bad).findings {
            let r = rules
                .iter()
                .find(|r| r.code == f.code)
                .expect("finding code in table");
            assert_eq!(r.severity, f.severity, "{}", f.code);
        }
    }

    #[test]
    fn example_is_clean_and_coverage_adds_up() {
        let a = audit_text(EXAMPLE);
        assert!(a.findings.is_empty(), "{:#?}", a.findings);
        let c = &a.coverage;
        assert_eq!(c.rules, rules().len());
        assert_eq!(c.passed + c.found + c.not_applicable, c.rules);
        assert_eq!(c.found, 0);
        assert!(
            c.not_applicable > 0,
            "the example has no 三公 spending: some rules do not apply"
        );
    }

    #[test]
    fn docs_list_every_rule() {
        let doc = include_str!("../../docs/audit-rules.md");
        for r in rules() {
            assert!(
                doc.contains(&format!("| {} |", r.code)),
                "docs/audit-rules.md lacks {}",
                r.code
            );
        }
    }
}
