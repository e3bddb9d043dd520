//! 平衡 (balance): declared totals against their derivation, the two sides of the
//! 收入支出决算总表, 结转结余 by fund, and 基本支出 = 人员经费 + 公用经费 against the
//! 经济分类 detail.

use rust_decimal::Decimal;

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::format::yuan;
use crate::model::{Fund, Money};

pub fn rules() -> Vec<Rule> {
    let r = |code, severity, title, check: fn(&Ctx) -> Outcome| Rule {
        code,
        severity,
        group: Group::Balance,
        title,
        check: Some(check),
    };
    vec![
        r(
            "B001",
            Severity::Error,
            "抄录的合计数（declared）等于明细合计",
            declared_totals,
        ),
        r(
            "B002",
            Severity::Error,
            "收入总计等于支出总计",
            grand_totals,
        ),
        r(
            "B003",
            Severity::Error,
            "填写的年末结转和结余（balances.closing）等于推算数",
            closing_stated,
        ),
        r(
            "B004",
            Severity::Error,
            "财政拨款各资金（一般公共预算、政府性基金、国有资本经营）年末结转和结余不为负",
            fiscal_closing,
        ),
        r(
            "B005",
            Severity::Warning,
            "非财政拨款资金年末结转和结余不为负",
            other_closing,
        ),
        r(
            "B006",
            Severity::Error,
            "一般公共预算基本支出人员经费等于经济分类301、303合计",
            personnel,
        ),
        r(
            "B007",
            Severity::Error,
            "一般公共预算基本支出公用经费等于经济分类302、307、310、399合计",
            public,
        ),
        r(
            "B008",
            Severity::Error,
            "基本支出经济分类只用301、302、303、307、310、399类",
            basic_groups,
        ),
        r(
            "B009",
            Severity::Error,
            "项目的经济分类明细合计等于项目决算数",
            project_economic,
        ),
    ]
}

fn declared_totals(c: &Ctx) -> Outcome {
    let d = &c.data.declared;
    let fig = c.fig;
    let gb = &fig.general_budget;
    let checks: [(&str, &str, Option<Money>, Decimal); 11] = [
        (
            "declared.income_total",
            "本年收入合计",
            d.income_total,
            fig.income.total,
        ),
        (
            "declared.expenditure_total",
            "本年支出合计",
            d.expenditure_total,
            fig.expenditure.total,
        ),
        (
            "declared.grand_total",
            "收入总计",
            d.grand_total,
            fig.grand_total,
        ),
        (
            "declared.fiscal_total",
            "财政拨款收、支总计",
            d.fiscal_total,
            fig.fiscal.grand_total,
        ),
        (
            "declared.general_budget_expenditure",
            "一般公共预算财政拨款支出",
            d.general_budget_expenditure,
            gb.total,
        ),
        (
            "declared.basic",
            "一般公共预算财政拨款基本支出",
            d.basic,
            gb.basic,
        ),
        (
            "declared.personnel",
            "人员经费",
            d.personnel,
            fig.basic.personnel,
        ),
        ("declared.public", "公用经费", d.public, fig.basic.public),
        (
            "declared.project",
            "一般公共预算财政拨款项目支出",
            d.project,
            gb.project,
        ),
        (
            "declared.three_public",
            "“三公”经费财政拨款支出",
            d.three_public,
            fig.three_public.actual.total,
        ),
        (
            "declared.procurement_total",
            "政府采购支出总额",
            d.procurement_total,
            fig.procurement.total,
        ),
    ];
    if checks.iter().all(|c| c.2.is_none()) {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (path, label, stated, derived) in checks {
        if let Some(s) = stated {
            if s.0 != derived {
                out.push(
                    Finding::error("B001", path, format!("{label}（{path}）与明细合计不符"))
                        .expected(yuan(derived), yuan(s.0))
                        .at(c.at(path))
                        .help(format!(
                            "{label}由明细计算得出，差额 {} 元",
                            yuan(s.0 - derived)
                        )),
                );
            }
        }
    }
    Outcome::of(out)
}

fn grand_totals(c: &Ctx) -> Outcome {
    let fig = c.fig;
    if fig.grand_total == fig.grand_total_expenditure_side {
        return Outcome::of(vec![]);
    }
    Outcome::of(vec![Finding::error(
        "B002",
        "balances",
        "收入总计与支出总计不平衡",
    )
    .expected(
        yuan(fig.grand_total),
        yuan(fig.grand_total_expenditure_side),
    )
    .at(c.at("balances"))])
}

const FUND_KEYS: [(Fund, &str, &str); 4] = [
    (
        Fund::GeneralBudget,
        "general_budget",
        "一般公共预算财政拨款",
    ),
    (
        Fund::GovernmentFund,
        "government_fund",
        "政府性基金预算财政拨款",
    ),
    (
        Fund::StateCapital,
        "state_capital",
        "国有资本经营预算财政拨款",
    ),
    (Fund::Other, "other", "其他资金"),
];

fn closing_stated(c: &Ctx) -> Outcome {
    let Some(stated) = &c.data.balances.closing else {
        return Outcome::NotApplicable;
    };
    let mut out = Vec::new();
    for (fund, key, label) in FUND_KEYS {
        let s = stated.get(fund).0;
        let derived = c.fig.closing.get(fund);
        if s != derived {
            let path = format!("balances.closing.{key}");
            out.push(
                Finding::error("B003", &path, format!("{label}年末结转和结余（{path}）与推算数不符"))
                    .expected(yuan(derived), yuan(s))
                    .at(c.at(&path))
                    .help("年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出（其他资金另加使用非财政拨款结余、减结余分配）"),
            );
        }
    }
    Outcome::of(out)
}

fn negative_closing(c: &Ctx, fiscal: bool) -> Outcome {
    let mut out = Vec::new();
    for (fund, key, label) in FUND_KEYS
        .into_iter()
        .filter(|(f, ..)| f.is_fiscal() == fiscal)
    {
        let closing = c.fig.closing.get(fund);
        if closing < Decimal::ZERO {
            let path = format!("income.{key}");
            let msg = format!(
                "{label}本年支出大于年初结转和结余与本年收入之和，年末结转和结余为负（{} 元）",
                yuan(closing)
            );
            let f = if fiscal {
                Finding::error("B004", &path, msg)
            } else {
                Finding::warning("B005", &path, msg)
            };
            out.push(
                f.expected("不小于 0", yuan(closing))
                    .at(c.at(&path))
                    .help("请核对本年收入（income）、年初结转和结余（balances.opening）与该资金的支出明细（expenditure 的 fund）"),
            );
        }
    }
    Outcome::of(out)
}

fn fiscal_closing(c: &Ctx) -> Outcome {
    negative_closing(c, true)
}

fn other_closing(c: &Ctx) -> Outcome {
    // With no balances entered at all, a negative closing is B011's error.
    if !super::detail::balances_entered(c.data) {
        return Outcome::NotApplicable;
    }
    negative_closing(c, false)
}

/// Σ of a nature over the 一般公共预算 expenditure lines.
fn gb_sum(c: &Ctx, f: fn(&crate::model::ExpenditureItem) -> Money) -> Decimal {
    c.data
        .expenditure
        .iter()
        .filter(|i| i.fund == Fund::GeneralBudget)
        .map(|i| f(i).0)
        .sum()
}

fn basic_part(
    c: &Ctx,
    code: &str,
    label: &str,
    groups: &str,
    lines: Decimal,
    econ: Decimal,
) -> Outcome {
    if lines.is_zero() && c.data.basic_economic.is_empty() {
        return Outcome::NotApplicable;
    }
    if lines == econ {
        return Outcome::of(vec![]);
    }
    let path = "basic_economic";
    Outcome::of(vec![Finding::error(
        code,
        path,
        format!("一般公共预算财政拨款基本支出中，支出明细的{label}合计与经济分类（basic_economic）{groups}合计不符"),
    )
    .expected(format!("{}（expenditure 中 {label}之和）", yuan(lines)), yuan(econ))
    .at(c.key(path))
    .help(format!("差额 {} 元；两处都来自决算报表，请核对", yuan(econ - lines)))])
}

fn personnel(c: &Ctx) -> Outcome {
    let lines = gb_sum(c, |i| i.personnel);
    basic_part(
        c,
        "B006",
        "人员经费",
        "301、303类",
        lines,
        c.fig.basic.personnel,
    )
}

fn public(c: &Ctx) -> Outcome {
    let lines = gb_sum(c, |i| i.public);
    basic_part(
        c,
        "B007",
        "公用经费",
        "302、307、310、399类",
        lines,
        c.fig.basic.public,
    )
}

fn basic_groups(c: &Ctx) -> Outcome {
    if c.data.basic_economic.is_empty() {
        return Outcome::NotApplicable;
    }
    const GROUPS: [&str; 6] = ["301", "302", "303", "307", "310", "399"];
    let out = c
        .data
        .basic_economic
        .keys()
        .filter(|k| !GROUPS.iter().any(|g| k.starts_with(g)))
        .map(|k| {
            let path = format!("basic_economic.{k}");
            Finding::error(
                "B008",
                &path,
                format!(
                    "经济分类 {k} 不属于基本支出（人员经费301、303，公用经费302、307、310、399）"
                ),
            )
            .at(c.key(&path))
            .help("该科目的支出应列入项目支出（projects 的 economic）")
        })
        .collect();
    Outcome::of(out)
}

fn project_economic(c: &Ctx) -> Outcome {
    let with: Vec<_> = c
        .data
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.economic.is_empty())
        .collect();
    if with.is_empty() {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (i, p) in with {
        let sum: Money = p.economic.values().sum();
        if sum != p.amount {
            let path = format!("projects[{i}].economic");
            out.push(
                Finding::error(
                    "B009",
                    &path,
                    format!(
                        "项目“{}”的经济分类明细合计与项目决算数（projects[{i}].amount）不符",
                        p.name
                    ),
                )
                .expected(yuan(p.amount.0), yuan(sum.0))
                .at(c.key(&path)),
            );
        }
    }
    Outcome::of(out)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Status;

    #[test]
    fn declared_total_wrong() {
        assert_eq!(status(EXAMPLE, "B001"), Status::Passed);
        let t = example_with("\n  project: 2435646.52\n", "\n  project: 2435646.50\n");
        let f = codes(&t, "B001");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].expected.as_deref(), Some("2,435,646.52"));
        let line = t
            .lines()
            .position(|l| l == "  project: 2435646.50")
            .unwrap()
            + 1;
        assert_eq!(f[0].text_pos().unwrap().line, line);
    }

    #[test]
    fn stated_closing_balance() {
        assert_eq!(status(EXAMPLE, "B003"), Status::NotApplicable);
        let ok = example_with(
            "  opening: {}\n",
            "  opening: {}\n  closing: {general_budget: 0}\n",
        );
        assert_eq!(status(&ok, "B003"), Status::Passed);
        let bad = example_with(
            "  opening: {}\n",
            "  opening: {}\n  closing: {general_budget: 100}\n",
        );
        let f = codes(&bad, "B003");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "balances.closing.general_budget");
        assert_eq!(f[0].expected.as_deref(), Some("0.00"));
    }

    #[test]
    fn overspent_fund() {
        assert_eq!(status(EXAMPLE, "B004"), Status::Passed);
        let t = example_with(
            "  general_budget: 3464745.78\n",
            "  general_budget: 3464745.00\n",
        );
        let f = codes(&t, "B004");
        assert_eq!(f.len(), 1);
        let line = t
            .lines()
            .position(|l| l == "  general_budget: 3464745.00")
            .unwrap()
            + 1;
        assert_eq!(f[0].text_pos().unwrap().line, line);
        // The example enters no balances: B011, not B005, judges other money.
        assert_eq!(status(EXAMPLE, "B005"), Status::NotApplicable);
        // Other money overspent where balances were entered: a warning (B011 when none).
        let t = example_with(
            "    budget_initial: 74080.00\n",
            "    budget_initial: 74080.00\n  - code: \"2210201\"\n    fund: 其他\n    personnel: 5\n",
        )
        .replacen("  opening: {}\n", "  opening: {other: 1}\n", 1);
        assert_eq!(codes(&t, "B005").len(), 1);
    }

    #[test]
    fn personnel_and_public_match_economic() {
        assert_eq!(status(EXAMPLE, "B006"), Status::Passed);
        assert_eq!(status(EXAMPLE, "B007"), Status::Passed);
        let t = example_with("  \"30101\": 200900.00", "  \"30101\": 200000.00");
        assert_eq!(codes(&t, "B006").len(), 1);
        assert!(codes(&t, "B007").is_empty());
        let t = example_with("  \"30229\": 1000.00", "  \"30229\": 1001.00");
        let f = codes(&t, "B007");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].expected.as_deref(),
            Some("51,220.30（expenditure 中 公用经费之和）")
        );
    }

    #[test]
    fn basic_economic_groups() {
        assert_eq!(status(EXAMPLE, "B008"), Status::Passed);
        let t = example_with(
            "  \"30229\": 1000.00",
            "  \"30229\": 0\n  \"30901\": 1000.00",
        );
        assert_eq!(codes(&t, "B008").len(), 1);
    }

    #[test]
    fn project_economic_detail() {
        assert_eq!(status(EXAMPLE, "B009"), Status::Passed);
        let bad = example_with("{\"30226\": 1020000.00", "{\"30226\": 1018000.00");
        let f = codes(&bad, "B009");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].expected.as_deref(), Some("1,872,000.00"));
    }
}
