//! 对比 (comparison): what the text compares must be in the data — last year's figures,
//! a reason for every change and every 预算/决算 difference, and completion rates that
//! name their budget and are left out when that budget is 0.

use rust_decimal::Decimal;

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::format::yuan;
use crate::model::{CompletionBasis, Fund};

pub fn rules() -> Vec<Rule> {
    let r = |code, severity, title, check: fn(&Ctx) -> Outcome| Rule {
        code,
        severity,
        group: Group::Comparison,
        title,
        check: Some(check),
    };
    vec![
        r(
            "K001",
            Severity::Warning,
            "正文与上年对比之处都有上年数（last_year）",
            last_year_present,
        ),
        r(
            "K002",
            Severity::Warning,
            "与上年相比有增减的，说明原因（reasons）",
            change_reasons,
        ),
        r(
            "K003",
            Severity::Warning,
            "完成预算%所用的预算数为 settings.completion_basis 所指的那一个",
            completion_basis,
        ),
        r(
            "K004",
            Severity::Warning,
            "预算数为0时不计算完成预算%（提示）",
            zero_budget,
        ),
        r(
            "K005",
            Severity::Warning,
            "各项（功能分类项级）决算数与预算数不同的，说明原因（expenditure[i].reason）",
            item_reasons,
        ),
        r(
            "K006",
            Severity::Warning,
            "一般公共预算、“三公”经费决算与预算不同的，说明原因",
            overall_reasons,
        ),
    ]
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|t| t.trim().is_empty())
}

fn last_year_present(c: &Ctx) -> Outcome {
    let ly = &c.data.last_year;
    let checks = [
        ("last_year.total", "收、支总计", ly.total.is_some()),
        (
            "last_year.fiscal_total",
            "财政拨款收、支总计",
            ly.fiscal_total.is_some(),
        ),
        (
            "last_year.general_budget_expenditure",
            "一般公共预算财政拨款支出",
            ly.general_budget_expenditure.is_some(),
        ),
        (
            "last_year.three_public",
            "财政拨款“三公”经费",
            ly.three_public.is_some(),
        ),
        (
            "last_year.operating_expenses",
            "机关运行经费",
            ly.operating_expenses.is_some(),
        ),
    ];
    let out = checks
        .into_iter()
        .filter(|(_, _, present)| !present)
        .map(|(path, label, _)| {
            Finding::warning(
                "K001",
                path,
                format!("缺少上年{label}（{path}）：正文中与上年的比较无法写出"),
            )
            .at(c.key(path))
            .help(format!("请填写 {path}；上年为0也请填 0"))
        })
        .collect();
    Outcome::of(out)
}

fn change_reasons(c: &Ctx) -> Outcome {
    let fig = c.fig;
    let d = c.data;
    let checks = [
        (
            "收、支总计",
            &fig.total_change,
            "reasons.total_change",
            &d.reasons.total_change,
        ),
        (
            "财政拨款收、支总计",
            &fig.fiscal.change,
            "reasons.fiscal_change",
            &d.reasons.fiscal_change,
        ),
        (
            "一般公共预算财政拨款支出",
            &fig.general_budget.change,
            "reasons.general_budget_change",
            &d.reasons.general_budget_change,
        ),
        (
            "财政拨款“三公”经费",
            &fig.three_public.change,
            "three_public.reason_change",
            &d.three_public.reason_change,
        ),
        (
            "机关运行经费",
            &fig.operating_expenses,
            "reasons.operating_expenses_change",
            &d.reasons.operating_expenses_change,
        ),
    ];
    if checks.iter().all(|c| c.1.previous.is_none()) {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (label, change, path, reason) in checks {
        let Some(delta) = change.delta else { continue };
        if !delta.is_zero() && blank(reason) {
            let word = if delta > Decimal::ZERO {
                "增加"
            } else {
                "减少"
            };
            out.push(
                Finding::warning(
                    "K002",
                    path,
                    format!(
                        "{label}比上年{word} {} 元，但没有说明原因（{path}）",
                        yuan(delta.abs())
                    ),
                )
                .at(c.key(path))
                .help(format!("在 {path} 中写明主要原因")),
            );
        }
    }
    Outcome::of(out)
}

fn completion_basis(c: &Ctx) -> Outcome {
    let basis = c.settings.completion_basis;
    let (want, field, other) = match basis {
        CompletionBasis::Adjusted => ("全年预算数", "budget", "budget_initial"),
        CompletionBasis::Initial => ("年初预算数", "budget_initial", "budget"),
    };
    let mut applicable = false;
    let mut out = Vec::new();
    let items = c
        .data
        .expenditure
        .iter()
        .map(|e| (e.budget, e.budget_initial));
    let projects = c.data.projects.iter().map(|p| (p.budget, p.budget_initial));
    for (i, (b, bi)) in items.chain(projects).enumerate() {
        if b.is_none() && bi.is_none() {
            continue;
        }
        applicable = true;
        let (has_wanted, has_other) = match basis {
            CompletionBasis::Adjusted => (b.is_some(), bi.is_some()),
            CompletionBasis::Initial => (bi.is_some(), b.is_some()),
        };
        if !has_wanted && has_other {
            let n = c.data.expenditure.len();
            let path = if i < n {
                format!("expenditure[{i}].{other}")
            } else {
                format!("projects[{}].{other}", i - n)
            };
            out.push(
                Finding::warning(
                    "K003",
                    &path,
                    format!(
                        "完成预算%按{want}计算（settings.completion_basis），但此处只填了 {other}"
                    ),
                )
                .at(c.key(&path))
                .help(format!(
                    "填写 {field}，或在 settings.completion_basis 中改用另一种预算数"
                )),
            );
        }
    }
    if !applicable {
        return Outcome::NotApplicable;
    }
    Outcome::of(out)
}

/// Index of the first 一般公共预算 expenditure line of a 项 code (where findings point).
fn gb_line_index(c: &Ctx, code: &str) -> usize {
    c.data
        .expenditure
        .iter()
        .position(|e| e.fund == Fund::GeneralBudget && e.code.trim() == code)
        .unwrap_or(0)
}

fn zero_budget(c: &Ctx) -> Outcome {
    let mut applicable = false;
    let mut out = Vec::new();
    for line in &c.fig.general_budget.lines {
        let Some(b) = line.budget else { continue };
        applicable = true;
        if b.is_zero() && !line.amount.is_zero() {
            let i = gb_line_index(c, &line.code);
            let path = format!("expenditure[{i}].budget");
            out.push(
                Finding::warning(
                    "K004",
                    &path,
                    format!(
                        "{} {}的预算数为0而决算数为 {} 元：报告中不计算完成预算%",
                        line.code,
                        line.name,
                        yuan(line.amount)
                    ),
                )
                .at(c.at(&path))
                .help("如为年中追加的预算，请填写调整后的全年预算数"),
            );
        }
    }
    let tp = &c.fig.three_public;
    if !tp.actual.total.is_zero() || !tp.budget.total.is_zero() {
        applicable = true;
        if tp.budget.total.is_zero() {
            out.push(
                Finding::warning(
                    "K004",
                    "three_public.budget",
                    format!(
                        "“三公”经费预算数为0而决算数为 {} 元：报告中不计算完成预算%",
                        yuan(tp.actual.total)
                    ),
                )
                .at(c.key("three_public.budget")),
            );
        }
    }
    if !applicable {
        return Outcome::NotApplicable;
    }
    Outcome::of(out)
}

fn item_reasons(c: &Ctx) -> Outcome {
    let lines = &c.fig.general_budget.lines;
    if lines.iter().all(|l| l.budget.is_none()) {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for line in lines {
        let Some(b) = line.budget else { continue };
        let reason_given = c
            .data
            .expenditure
            .iter()
            .filter(|e| e.fund == Fund::GeneralBudget && e.code.trim() == line.code)
            .any(|e| !blank(&e.reason));
        if b != line.amount && !reason_given {
            let i = gb_line_index(c, &line.code);
            let path = format!("expenditure[{i}]");
            out.push(
                Finding::warning(
                    "K005",
                    format!("{path}.reason"),
                    format!(
                        "{} {}决算数与预算数不同，但没有说明原因（{path}.reason）",
                        line.code, line.name
                    ),
                )
                .expected(yuan(b), yuan(line.amount))
                .at(c.at(&format!("{path}.code")))
                .help("在该项的 reason 中写明决算数与预算数存在差异的主要原因"),
            );
        }
    }
    Outcome::of(out)
}

fn overall_reasons(c: &Ctx) -> Outcome {
    let gb = &c.fig.general_budget;
    let tp = &c.fig.three_public;
    let d = c.data;
    let mut applicable = false;
    let mut out = Vec::new();
    if let Some(b) = gb.budget_total {
        applicable = true;
        if b != gb.total && blank(&d.reasons.general_budget_vs_budget) {
            out.push(
                Finding::warning("K006", "reasons.general_budget_vs_budget", "一般公共预算财政拨款支出决算数与预算数不同，但没有说明原因（reasons.general_budget_vs_budget）")
                    .expected(yuan(b), yuan(gb.total))
                    .at(c.key("reasons")),
            );
        }
    }
    if !tp.actual.total.is_zero() || !tp.budget.total.is_zero() {
        applicable = true;
        if tp.actual.total != tp.budget.total && blank(&d.three_public.reason_budget) {
            out.push(
                Finding::warning(
                    "K006",
                    "three_public.reason_budget",
                    "“三公”经费决算数与预算数不同，但没有说明原因（three_public.reason_budget）",
                )
                .expected(yuan(tp.budget.total), yuan(tp.actual.total))
                .at(c.key("three_public")),
            );
        }
    }
    if !applicable {
        return Outcome::NotApplicable;
    }
    Outcome::of(out)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Status;

    #[test]
    fn last_year_missing() {
        assert_eq!(status(EXAMPLE, "K001"), Status::Passed);
        let t = example_with("  operating_expenses: 0\n\nreasons", "\nreasons");
        let f = codes(&t, "K001");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "last_year.operating_expenses");
    }

    #[test]
    fn change_needs_reason() {
        assert_eq!(status(EXAMPLE, "K002"), Status::Passed);
        let t = example_with("  total_change: ", "  general_budget_vs_budget: ");
        let f = codes(&t, "K002");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].message.contains("增加 1,692,145.78 元"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn completion_basis_names_the_budget() {
        assert_eq!(status(EXAMPLE, "K003"), Status::Passed);
        let t = EXAMPLE.to_string() + "settings:\n  completion_basis: 年初预算\n";
        assert_eq!(status(&t, "K003"), Status::Passed, "the example gives both");
        // A line and a project that give only the 全年预算.
        let t = t
            .replacen("    budget_initial: 43980.00\n", "", 1)
            .replacen("    budget_initial: 563646.52\n", "", 1);
        let f = codes(&t, "K003");
        assert_eq!(f.len(), 2, "{f:#?}");
    }

    #[test]
    fn zero_budget_is_flagged() {
        assert_eq!(status(EXAMPLE, "K004"), Status::Passed);
        let t = example_with(
            "    budget: 43980.00\n",
            "    budget: 0\n    reason: 年中追加\n",
        );
        let f = codes(&t, "K004");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "expenditure[3].budget");
    }

    #[test]
    fn budget_difference_needs_reason() {
        assert_eq!(status(EXAMPLE, "K005"), Status::Passed);
        let t = example_with("    budget: 43980.00\n", "    budget: 50000.00\n");
        let f = codes(&t, "K005");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].expected.as_deref(), Some("50,000.00"));
        let ok = example_with(
            "    budget: 43980.00\n",
            "    budget: 50000.00\n    reason: 人员减少\n",
        );
        assert!(codes(&ok, "K005").is_empty());
    }

    #[test]
    fn overall_difference_needs_reason() {
        assert_eq!(status(EXAMPLE, "K006"), Status::Passed);
        let t = example_with("    budget: 43980.00\n", "    budget: 50000.00\n");
        assert_eq!(codes(&t, "K006").len(), 1);
    }
}
