//! 明细 (detail): what the report prints needs the data to say it — project spending by
//! 经济分类 wherever a 附表 shows it (B010; no table ever prints an invented
//! “未细化” line instead), and balances stated when a fund's 年末结转和结余 would come
//! out negative (B011: a negative closing nobody entered is a missing figure, not a fact).

use rust_decimal::Decimal;

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::format::yuan;
use crate::model::{Fund, Money};

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            code: "B010",
            severity: Severity::Error,
            group: Group::Balance,
            title: "附表按经济分类列示项目支出时，每个一般公共预算项目都有经济分类明细",
            check: Some(project_economic),
        },
        Rule {
            code: "B011",
            severity: Severity::Error,
            group: Group::Balance,
            title:
                "未填写结转结余时，其他资金年末结转和结余不为负（填写 balances.closing 即为声明）",
            check: Some(undeclared_negative_closing),
        },
    ]
}

/// B010: every 一般公共预算 project with money has its 经济分类 breakdown when the table
/// set prints project spending by 经济分类; without any project, the 项目支出 itself is
/// the missing detail.
fn project_economic(c: &Ctx) -> Outcome {
    let forms = c
        .tables
        .map(|t| t.project_economic_forms())
        .unwrap_or_default();
    let spent = c.fig.general_budget.project;
    if forms.is_empty() || spent.is_zero() {
        return Outcome::NotApplicable;
    }
    let forms = forms.join("、");
    let gb: Vec<usize> = (0..c.data.projects.len())
        .filter(|&i| c.data.projects[i].fund == Fund::GeneralBudget)
        .collect();
    let mut out = Vec::new();
    if gb.is_empty() {
        let line = c
            .data
            .expenditure
            .iter()
            .position(|e| e.fund == Fund::GeneralBudget && !e.project.is_zero())
            .unwrap_or(0);
        let path = format!("expenditure[{line}].project");
        out.push(
            Finding::error(
                "B010",
                &path,
                format!(
                    "一般公共预算财政拨款项目支出 {} 元没有按经济分类列明：{forms}按经济分类列示项目支出",
                    yuan(spent)
                ),
            )
            .expected(format!("经济分类明细合计 {}", yuan(spent)), "未填写")
            .at(c.at(&path))
            .help("请在 projects 中列出各项目（name、code、amount）及其经济分类明细 economic（款级编码: 金额，如 \"30227\": 100000.00），各项目明细合计等于项目支出"),
        );
    }
    for i in gb {
        let p = &c.data.projects[i];
        if p.amount.is_zero() || !p.economic.is_empty() {
            continue;
        }
        let path = format!("projects[{i}].economic");
        out.push(
            Finding::error(
                "B010",
                &path,
                format!(
                    "项目“{}”缺少经济分类明细（{path}）：{forms}按经济分类列示项目支出，明细合计应为 {} 元",
                    p.name.trim(),
                    yuan(p.amount.0)
                ),
            )
            .expected(format!("经济分类明细合计 {}", yuan(p.amount.0)), "未填写")
            .at(c.key(&format!("projects[{i}].name")))
            .help("在该项目下加 economic: {\"30227\": 金额, …}（款级经济分类编码，取自决算报表财决08-2），合计等于 amount"),
        );
    }
    Outcome::of(out)
}

/// Whether the file states any balance: an opening, 使用非财政拨款结余, 结余分配 or
/// a declared closing.
pub(super) fn balances_entered(d: &crate::model::ReportData) -> bool {
    let b = &d.balances;
    b.closing.is_some()
        || b.opening.total() != Money::default()
        || !b.use_nonfiscal.is_zero()
        || !b.distribution.is_zero()
}

/// B011: other money (非财政拨款) ends the year negative while the file states no
/// balances at all: an error unless `balances.closing` declares it (B005 then warns).
fn undeclared_negative_closing(c: &Ctx) -> Outcome {
    if balances_entered(c.data) {
        return Outcome::NotApplicable;
    }
    let closing = c.fig.closing.other;
    if closing >= Decimal::ZERO {
        return Outcome::of(vec![]);
    }
    let path = "income.other";
    Outcome::of(vec![Finding::error(
        "B011",
        path,
        format!(
            "其他资金本年支出大于本年收入，年末结转和结余为负（{} 元），而数据中没有填写任何结转结余",
            yuan(closing)
        ),
    )
    .expected("不小于 0，或在 balances 中填写", yuan(closing))
    .at(c.at("income").or_else(|| c.key("expenditure")))
    .help("请填写年初结转和结余（balances.opening.other）或使用非财政拨款结余（balances.use_nonfiscal）；确为负数时在 balances.closing.other 中写明，即为声明")])
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Status;

    #[test]
    fn projects_need_their_economic_breakdown() {
        assert_eq!(status(EXAMPLE, "B010"), Status::Passed);
        let t = example_with("    economic: {\"30226\"", "    #economic: {\"30226\"");
        let f = codes(&t, "B010");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].path, "projects[0].economic");
        assert!(f[0].message.contains("1,872,000.00"), "{}", f[0].message);
        assert!(
            f[0].message.contains("公开07表、公开09表"),
            "{}",
            f[0].message
        );
        let at = f[0].text_pos().unwrap();
        assert!(t
            .lines()
            .nth(at.line - 1)
            .unwrap()
            .contains("name: 融媒体中心运维费用"));
    }

    #[test]
    fn project_spending_without_projects_is_located_at_the_line() {
        let t = "schema: 1\nunit: {name: 测试单位, year: 2023}\nincome: {general_budget: 300}\nexpenditure:\n  - {code: \"2013350\", personnel: 100}\n  - {code: \"2013399\", project: 200}\nbasic_economic: {\"30101\": 100}\n";
        let f = codes(t, "B010");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "expenditure[1].project");
        assert_eq!(f[0].text_pos().unwrap().line, 6);
        // The national set prints no project spending by 经济分类.
        let national = format!("{t}settings: {{template_set: national}}\n");
        assert_eq!(status(&national, "B010"), Status::NotApplicable);
    }

    #[test]
    fn undeclared_negative_other_closing_is_an_error() {
        let base = "schema: 1\nunit: {name: 测试单位, year: 2023}\nincome: {general_budget: 100}\nexpenditure:\n  - {code: \"2013350\", personnel: 100}\n  - {code: \"2013350\", fund: 其他, personnel: 50}\nbasic_economic: {\"30101\": 100}\n";
        let f = codes(base, "B011");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            f[0].expected.as_deref(),
            Some("不小于 0，或在 balances 中填写")
        );
        assert!(codes(base, "B005").is_empty(), "one finding, not two");
        // Declared: B011 does not apply, B005 still warns.
        let declared = format!("{base}balances: {{closing: {{other: -50}}}}\n");
        assert_eq!(status(&declared, "B011"), Status::NotApplicable);
        assert_eq!(codes(&declared, "B005").len(), 1);
        assert_eq!(status(EXAMPLE, "B011"), Status::Passed);
    }
}
