//! Rules of the performance reports' figures (第四部分 附件): every indicator has its
//! actual value (P006); 附件1's 年初预算 balance (P007); the 项目支出绩效自评表 — 分值
//! complete and adding up to 100 with the budget execution's 10 (P008), 得分 within 分值
//! (P009), the total equal to the stated score (P010), a reason for an execution rate
//! under 90% (P011) — and which evaluations cannot be printed as that form (P012).

use rust_decimal::Decimal;

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::format::yuan;
use crate::model::{Money, Project, ProjectEvaluation};

/// The 分值 of the budget execution line of the 自评表 (fixed by the form).
pub const EXECUTION_WEIGHT: Decimal = Decimal::TEN;

pub fn rules() -> Vec<Rule> {
    let r = |code, severity, group, title, check: fn(&Ctx) -> Outcome| Rule {
        code,
        severity,
        group,
        title,
        check: Some(check),
    };
    vec![
        r(
            "P006",
            Severity::Error,
            Group::Form,
            "每个绩效指标都填写了实际完成值（actual）",
            actuals,
        ),
        r(
            "P007",
            Severity::Error,
            Group::Cross,
            "附件1 一般公共预算财政拨款收入年初预算等于人员经费、日常公用经费、项目支出年初预算之和",
            unit_budget,
        ),
        r(
            "P008",
            Severity::Error,
            Group::Form,
            "项目支出绩效自评表分值齐全，合计100分（预算执行10分＋各指标分值90分）",
            weights,
        ),
        r(
            "P009",
            Severity::Error,
            Group::Form,
            "自评表每项得分不小于0且不超过其分值（预算执行得分不超过10分）",
            scores_within,
        ),
        r(
            "P010",
            Severity::Error,
            Group::Cross,
            "自评表总分（预算执行得分＋各指标得分）等于填写的自评得分（score）",
            total_score,
        ),
        r(
            "P011",
            Severity::Warning,
            Group::Cross,
            "预算执行率低于90%的项目说明原因（execution_note）",
            execution_note,
        ),
        r(
            "P012",
            Severity::Warning,
            Group::Cross,
            "有绩效评价报告的项目填写了自评表的分值和得分（否则附表不印该项目的自评表）",
            unscored,
        ),
    ]
}

/// The projects with an evaluation: (index, project, evaluation).
fn evaluated<'a>(c: &Ctx<'a>) -> Vec<(usize, &'a Project, &'a ProjectEvaluation)> {
    c.data
        .projects
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.evaluation.as_ref().map(|e| (i, p, e)))
        .collect()
}

/// Outcome of a rule over some projects: not applicable when there are none.
fn over<T>(items: &[T], f: impl Fn(&T, &mut Vec<Finding>)) -> Outcome {
    if items.is_empty() {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for i in items {
        f(i, &mut out);
    }
    Outcome::of(out)
}

fn actuals(c: &Ctx) -> Outcome {
    let with: Vec<_> = evaluated(c)
        .into_iter()
        .filter(|(_, _, e)| !e.indicators.is_empty())
        .collect();
    over(&with, |(i, p, e), out| {
        for (j, ind) in e.indicators.iter().enumerate() {
            if ind.actual.is_some() {
                continue;
            }
            let path = format!("projects[{i}].evaluation.indicators[{j}]");
            out.push(
                Finding::error(
                    "P006",
                    format!("{path}.actual"),
                    format!(
                        "项目“{}”的绩效指标“{}”没有实际完成值（{path}.actual），报告不能印“未填报”",
                        p.name.trim(),
                        ind.name.trim()
                    ),
                )
                .expected("实际完成值（数字）", "未填写")
                .at(c.key(&format!("{path}.name")).or_else(|| c.at(&path)))
                .help(
                    "填写 actual（如 actual: 24）；需要文字说法时另加 actual_text（如“超过1万条”）",
                ),
            );
        }
    })
}

fn unit_budget(c: &Ctx) -> Outcome {
    let Some(u) = &c.data.performance.unit_evaluation else {
        return Outcome::NotApplicable;
    };
    let parts = [
        (
            "personnel_budget_initial",
            "人员经费",
            u.personnel_budget_initial,
        ),
        (
            "public_budget_initial",
            "日常公用经费",
            u.public_budget_initial,
        ),
        (
            "project_budget_initial",
            "项目支出",
            u.project_budget_initial,
        ),
    ];
    let (Some(income), true) = (u.income_budget_initial, parts.iter().any(|p| p.2.is_some()))
    else {
        // Without a stated income the table prints the sum: nothing can disagree.
        return Outcome::NotApplicable;
    };
    let sum: Money = parts.iter().filter_map(|p| p.2).sum();
    if sum == income {
        return Outcome::of(vec![]);
    }
    let missing: Vec<&str> = parts
        .iter()
        .filter(|p| p.2.is_none())
        .map(|p| p.1)
        .collect();
    let path = "performance.unit_evaluation.income_budget_initial";
    let mut help = format!(
        "收入年初预算 {} 元，支出年初预算合计 {} 元，差额 {} 元；两表都是年初批复数，应当相等",
        yuan(income.0),
        yuan(sum.0),
        yuan(income.0 - sum.0)
    );
    if !missing.is_empty() {
        help.push_str(&format!("（未填：{}）", missing.join("、")));
    }
    Outcome::of(vec![Finding::error(
        "P007",
        path,
        "附件1 一般公共预算财政拨款收入年初预算与人员经费、日常公用经费、项目支出年初预算之和不符",
    )
    .expected(
        format!("{}（三项支出年初预算之和）", yuan(sum.0)),
        yuan(income.0),
    )
    .at(c.at(path))
    .help(help)])
}

fn scored<'a>(c: &Ctx<'a>) -> Vec<(usize, &'a Project, &'a ProjectEvaluation)> {
    evaluated(c)
        .into_iter()
        .filter(|(_, _, e)| e.scored())
        .collect()
}

fn weights(c: &Ctx) -> Outcome {
    over(&scored(c), |(i, p, e), out| {
        let base = format!("projects[{i}].evaluation");
        for (j, ind) in e.indicators.iter().enumerate() {
            if ind.weight.is_none() {
                let path = format!("{base}.indicators[{j}]");
                out.push(
                    Finding::error(
                        "P008",
                        format!("{path}.weight"),
                        format!(
                            "项目“{}”的绩效指标“{}”没有分值（weight），自评表不完整",
                            p.name.trim(),
                            ind.name.trim()
                        ),
                    )
                    .at(c.key(&format!("{path}.name")))
                    .help("各指标分值合计90分，加预算执行10分共100分"),
                );
            }
        }
        let sum: Decimal = e.indicators.iter().filter_map(|i| i.weight).sum();
        let want = Decimal::ONE_HUNDRED - EXECUTION_WEIGHT;
        if sum != want {
            let path = format!("{base}.indicators");
            out.push(
                Finding::error(
                    "P008",
                    &path,
                    format!(
                        "项目“{}”自评表各指标分值合计 {}，加预算执行 {} 分不等于100分",
                        p.name.trim(),
                        sum.normalize(),
                        EXECUTION_WEIGHT
                    ),
                )
                .expected(want.to_string(), sum.normalize().to_string())
                .at(c.key(&path)),
            );
        }
        if e.execution_score.is_none() {
            let path = format!("{base}.execution_score");
            out.push(
                Finding::error(
                    "P008",
                    &path,
                    format!(
                        "项目“{}”自评表没有预算执行得分（execution_score，分值10分）",
                        p.name.trim()
                    ),
                )
                .at(c.key(&base)),
            );
        }
    })
}

fn scores_within(c: &Ctx) -> Outcome {
    over(&scored(c), |(i, p, e), out| {
        let base = format!("projects[{i}].evaluation");
        let mut check = |path: String, label: &str, score: Option<Decimal>, weight: Decimal| {
            let Some(s) = score else {
                out.push(
                    Finding::error(
                        "P009",
                        &path,
                        format!("项目“{}”自评表“{label}”没有得分", p.name.trim()),
                    )
                    .at(c.key(&path).or_else(|| c.key(&base))),
                );
                return;
            };
            if s < Decimal::ZERO || s > weight {
                out.push(
                    Finding::error(
                        "P009",
                        &path,
                        format!(
                            "项目“{}”自评表“{label}”得分 {} 超出分值 {}",
                            p.name.trim(),
                            s.normalize(),
                            weight.normalize()
                        ),
                    )
                    .expected(
                        format!("0～{}", weight.normalize()),
                        s.normalize().to_string(),
                    )
                    .at(c.at(&path)),
                );
            }
        };
        check(
            format!("{base}.execution_score"),
            "预算执行",
            e.execution_score,
            EXECUTION_WEIGHT,
        );
        for (j, ind) in e.indicators.iter().enumerate() {
            if let Some(w) = ind.weight {
                check(
                    format!("{base}.indicators[{j}].score"),
                    ind.name.trim(),
                    ind.score,
                    w,
                );
            }
        }
    })
}

/// The 自评表's total: execution score + Σ indicator scores.
pub fn form_total(e: &ProjectEvaluation) -> Decimal {
    e.execution_score.unwrap_or_default()
        + e.indicators.iter().filter_map(|i| i.score).sum::<Decimal>()
}

fn total_score(c: &Ctx) -> Outcome {
    let stated: Vec<_> = scored(c)
        .into_iter()
        .filter(|(_, _, e)| e.score.is_some())
        .collect();
    over(&stated, |(i, p, e), out| {
        let total = form_total(e);
        let s = e.score.unwrap_or_default();
        if s != total {
            let path = format!("projects[{i}].evaluation.score");
            out.push(
                Finding::error(
                    "P010",
                    &path,
                    format!("项目“{}”填写的自评得分与自评表合计不符", p.name.trim()),
                )
                .expected(
                    format!("{}（预算执行得分＋各指标得分）", total.normalize()),
                    s.normalize().to_string(),
                )
                .at(c.at(&path))
                .help("自评得分由自评表各项得分合计得出；请核对各项得分或删去 score"),
            );
        }
    })
}

fn execution_note(c: &Ctx) -> Outcome {
    let low: Vec<_> = scored(c)
        .into_iter()
        .filter(|(_, p, _)| p.budget.or(p.budget_initial).is_some())
        .collect();
    over(&low, |(i, p, e), out| {
        let budget = p.budget.or(p.budget_initial).unwrap_or_default().0;
        let Some(rate) = crate::compute::percent(p.amount.0, budget) else {
            return;
        };
        if rate < Decimal::from(90) && e.execution_note.trim().is_empty() {
            let path = format!("projects[{i}].evaluation.execution_note");
            out.push(
                Finding::warning(
                    "P011",
                    &path,
                    format!(
                        "项目“{}”预算执行率 {}% 未达到90%，自评表应说明原因",
                        p.name.trim(),
                        crate::format::round_half_up(rate, 2).normalize()
                    ),
                )
                .at(c.key(&format!("projects[{i}].evaluation"))),
            );
        }
    })
}

fn unscored(c: &Ctx) -> Outcome {
    over(&evaluated(c), |(i, p, e), out| {
        if !e.scored() {
            let path = format!("projects[{i}].evaluation");
            out.push(
                Finding::warning(
                    "P012",
                    &path,
                    format!(
                        "项目“{}”有绩效评价报告，但没有自评表的分值和得分（execution_score、indicators 的 weight/score），附件1的附表不印该项目的项目支出绩效自评表",
                        p.name.trim()
                    ),
                )
                .at(c.key(&path)),
            );
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Status;

    #[test]
    fn the_example_passes_every_scoring_rule() {
        for code in ["P006", "P007", "P008", "P009", "P010", "P012"] {
            assert_eq!(status(EXAMPLE, code), Status::Passed, "{code}");
        }
    }

    #[test]
    fn an_indicator_without_actual_is_located() {
        let t = example_with(", unit: 次, actual: 10, weight:", ", unit: 次, weight:");
        let f = codes(&t, "P006");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].path, "projects[0].evaluation.indicators[1].actual");
        let at = f[0].text_pos().unwrap();
        assert!(t.lines().nth(at.line - 1).unwrap().contains("培训学习"));
    }

    #[test]
    fn unit_budget_must_balance() {
        let t = example_with(
            "    income_budget_initial: 3485905.52\n",
            "    income_budget_initial: 3485905.00\n",
        );
        let f = codes(&t, "P007");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].expected.as_deref(),
            Some("3,485,905.52（三项支出年初预算之和）")
        );
        let at = f[0].text_pos().unwrap();
        assert!(t.lines().nth(at.line - 1).unwrap().contains("3485905.00"));
    }

    #[test]
    fn weights_scores_and_total() {
        // A weight off: Σ ≠ 90.
        let t = example_with("weight: 30, score: 30}", "weight: 35, score: 30}");
        assert_eq!(codes(&t, "P008").len(), 1);
        // A score above its weight.
        let t = example_with("weight: 30, score: 30}", "weight: 30, score: 31}");
        let f = codes(&t, "P009");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].expected.as_deref(), Some("0～30"));
        // The total against the stated score.
        let t = example_with("      score: 98\n", "      score: 97\n");
        let f = codes(&t, "P010");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].actual.as_deref(), Some("97"));
    }
}
