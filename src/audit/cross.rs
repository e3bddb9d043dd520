//! 勾稽 (cross-part): parts of the report that describe the same money or things must
//! agree — projects with 项目支出, the 三公 details with each other and with the 经济分类
//! items, 机关运行经费 with 公用经费, 政府采购 with its 中小企业 parts. (The performance
//! appendix has its own P-rules in performance.rs.)

use rust_decimal::Decimal;

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::format::yuan;
use crate::model::{Fund, Money};

pub fn rules() -> Vec<Rule> {
    let r = |code, severity, title, check: fn(&Ctx) -> Outcome| Rule {
        code,
        severity,
        group: Group::Cross,
        title,
        check: Some(check),
    };
    vec![
        r(
            "X001",
            Severity::Error,
            "各资金的项目（projects）合计等于支出明细中的项目支出",
            projects_total,
        ),
        r(
            "X002",
            Severity::Error,
            "项目所列功能分类科目在支出明细中有同一资金的项目支出",
            project_codes,
        ),
        r(
            "X003",
            Severity::Warning,
            "本年购置车辆数不超过年末公务用车保有量（分车型）",
            vehicles_bought,
        ),
        r(
            "X004",
            Severity::Error,
            "出国人数不少于团组数，接待人次不少于批次",
            persons_vs_batches,
        ),
        r(
            "X005",
            Severity::Warning,
            "“三公”数量为0则金额为0，金额不为0则数量不为0",
            counts_vs_amounts,
        ),
        r(
            "X006",
            Severity::Error,
            "经济分类30212、30217、30231、31013不超过对应的“三公”经费决算数",
            economic_vs_three_public,
        ),
        r(
            "X007",
            Severity::Error,
            "行政单位、参公事业单位的机关运行经费不超过公用经费",
            operating_vs_public,
        ),
        r(
            "X008",
            Severity::Error,
            "政府采购授予中小企业合同金额不超过采购总额",
            sme_total,
        ),
        r(
            "X009",
            Severity::Error,
            "授予小微企业合同金额不超过授予中小企业合同金额",
            small_micro,
        ),
    ]
}

fn fund_word(f: Fund) -> &'static str {
    match f {
        Fund::GeneralBudget => "一般公共预算财政拨款",
        Fund::GovernmentFund => "政府性基金预算财政拨款",
        Fund::StateCapital => "国有资本经营预算财政拨款",
        Fund::Other => "其他资金",
    }
}

fn projects_total(c: &Ctx) -> Outcome {
    let d = c.data;
    if d.projects.is_empty() {
        // Without a project list there is nothing to compare (项目支出 may still exist).
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for fund in Fund::ALL {
        let listed: Decimal = d
            .projects
            .iter()
            .filter(|p| p.fund == fund)
            .map(|p| p.amount.0)
            .sum();
        let booked: Decimal = d
            .expenditure
            .iter()
            .filter(|i| i.fund == fund)
            .map(|i| i.project.0)
            .sum();
        if listed != booked {
            out.push(
                Finding::error(
                    "X001",
                    "projects",
                    format!(
                        "{}的项目（projects）决算数合计与支出明细的项目支出合计不符",
                        fund_word(fund)
                    ),
                )
                .expected(
                    format!("{}（expenditure 的 project 之和）", yuan(booked)),
                    yuan(listed),
                )
                .at(c.key("projects"))
                .help("每个项目支出的项目都应列入 projects，金额与支出明细一致"),
            );
        }
    }
    Outcome::of(out)
}

fn project_codes(c: &Ctx) -> Outcome {
    let d = c.data;
    if d.projects.is_empty() {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (i, p) in d.projects.iter().enumerate() {
        let booked: Decimal = d
            .expenditure
            .iter()
            .filter(|e| e.fund == p.fund && e.code.trim() == p.code.trim())
            .map(|e| e.project.0)
            .sum();
        if booked.is_zero() && !p.amount.is_zero() {
            let path = format!("projects[{i}].code");
            out.push(
                Finding::error(
                    "X002",
                    &path,
                    format!(
                        "项目“{}”列在科目 {}，但支出明细中该科目没有{}项目支出",
                        p.name,
                        p.code,
                        fund_word(p.fund)
                    ),
                )
                .at(c.at(&path)),
            );
        }
    }
    Outcome::of(out)
}

fn vehicles_bought(c: &Ctx) -> Outcome {
    let tp = &c.data.three_public;
    if tp.vehicle_purchase.count() == 0 {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (key, word, bought, held) in [
        (
            "sedan",
            "轿车",
            tp.vehicle_purchase.sedan.count,
            tp.fleet.sedan,
        ),
        ("suv", "越野车", tp.vehicle_purchase.suv.count, tp.fleet.suv),
        (
            "bus",
            "载客汽车",
            tp.vehicle_purchase.bus.count,
            tp.fleet.bus,
        ),
    ] {
        if bought > held {
            let path = format!("three_public.vehicle_purchase.{key}.count");
            out.push(
                Finding::warning("X003", &path, format!("本年购置{word}{bought}辆，多于年末保有量（three_public.fleet.{key}）{held}辆"))
                    .expected(format!("不超过 {held}"), bought)
                    .at(c.at(&path))
                    .help("购置的车辆应计入年末保有量；如年内已处置，请在文字中说明"),
            );
        }
    }
    Outcome::of(out)
}

fn persons_vs_batches(c: &Ctx) -> Outcome {
    let tp = &c.data.three_public;
    let checks = [
        (
            "three_public.abroad.persons",
            "因公出国（境）",
            "团组",
            "人数",
            tp.abroad.groups,
            tp.abroad.persons,
        ),
        (
            "three_public.reception.domestic.persons",
            "国内公务接待",
            "批次",
            "人次",
            tp.reception.domestic.batches,
            tp.reception.domestic.persons,
        ),
        (
            "three_public.reception.foreign.persons",
            "外事接待",
            "批次",
            "人次",
            tp.reception.foreign.batches,
            tp.reception.foreign.persons,
        ),
    ];
    if checks.iter().all(|c| c.4 == 0) {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (path, what, unit, people, batches, persons) in checks {
        if batches > 0 && persons < batches {
            out.push(
                Finding::error(
                    "X004",
                    path,
                    format!("{what}{people}（{path}）少于{unit}数：每个{unit}至少一人"),
                )
                .expected(format!("不少于 {batches}"), persons)
                .at(c.at(path)),
            );
        }
    }
    Outcome::of(out)
}

fn counts_vs_amounts(c: &Ctx) -> Outcome {
    let tp = &c.data.three_public;
    let vp = &tp.vehicle_purchase;
    // (path of the count, what, count, path of the amount, amount)
    let pairs: [(&str, &str, u32, &str, Money); 6] = [
        (
            "three_public.abroad.groups",
            "因公出国（境）团组数",
            tp.abroad.groups,
            "three_public.abroad.amount",
            tp.abroad.amount,
        ),
        (
            "three_public.vehicle_purchase.sedan.count",
            "购置轿车数",
            vp.sedan.count,
            "three_public.vehicle_purchase.sedan.amount",
            vp.sedan.amount,
        ),
        (
            "three_public.vehicle_purchase.suv.count",
            "购置越野车数",
            vp.suv.count,
            "three_public.vehicle_purchase.suv.amount",
            vp.suv.amount,
        ),
        (
            "three_public.vehicle_purchase.bus.count",
            "购置载客汽车数",
            vp.bus.count,
            "three_public.vehicle_purchase.bus.amount",
            vp.bus.amount,
        ),
        (
            "three_public.reception.domestic.batches",
            "国内公务接待批次",
            tp.reception.domestic.batches,
            "three_public.reception.domestic.amount",
            tp.reception.domestic.amount,
        ),
        (
            "three_public.reception.foreign.batches",
            "外事接待批次",
            tp.reception.foreign.batches,
            "three_public.reception.foreign.amount",
            tp.reception.foreign.amount,
        ),
    ];
    let fleet = tp.fleet.total();
    let applicable = pairs.iter().any(|p| p.2 != 0 || !p.4.is_zero())
        || fleet != 0
        || !tp.vehicle_operation.is_zero();
    if !applicable {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (count_path, what, count, amount_path, amount) in pairs {
        if count == 0 && !amount.is_zero() {
            out.push(
                Finding::warning(
                    "X005",
                    amount_path,
                    format!("{what}为0，但金额（{amount_path}）不为0"),
                )
                .expected("0.00", yuan(amount.0))
                .at(c.at(amount_path)),
            );
        } else if count != 0 && amount.is_zero() {
            out.push(
                Finding::warning(
                    "X005",
                    count_path,
                    format!("{what}为{count}，但金额（{amount_path}）为0"),
                )
                .expected("0", count)
                .at(c.at(count_path)),
            );
        }
    }
    if fleet == 0 && !tp.vehicle_operation.is_zero() {
        out.push(
            Finding::warning(
                "X005",
                "three_public.vehicle_operation",
                "年末公务用车保有量为0，但公务用车运行维护费不为0",
            )
            .at(c.at("three_public.vehicle_operation"))
            .help("如车辆在年内已处置，请在文字中说明"),
        );
    }
    Outcome::of(out)
}

fn economic_vs_three_public(c: &Ctx) -> Outcome {
    let d = c.data;
    let actual = d.three_public.actual();
    let checks = [
        (
            "30212",
            "因公出国（境）费用",
            "因公出国（境）费",
            actual.abroad,
        ),
        ("30217", "公务接待费", "公务接待费", actual.reception),
        (
            "30231",
            "公务用车运行维护费",
            "公务用车运行维护费",
            actual.vehicle_operation,
        ),
        (
            "31013",
            "公务用车购置",
            "公务用车购置费",
            actual.vehicle_purchase,
        ),
    ];
    let econ = |code: &str| -> (Decimal, Option<String>) {
        let mut sum = Decimal::ZERO;
        let mut first = None;
        if let Some(m) = d.basic_economic.get(code) {
            sum += m.0;
            first = Some(format!("basic_economic.{code}"));
        }
        for (i, p) in d.projects.iter().enumerate() {
            if let Some(m) = p.economic.get(code) {
                sum += m.0;
                first.get_or_insert_with(|| format!("projects[{i}].economic.{code}"));
            }
        }
        (sum, first)
    };
    let mut applicable = false;
    let mut out = Vec::new();
    for (code, econ_name, tp_name, tp_amount) in checks {
        let (sum, first) = econ(code);
        let Some(path) = first else { continue };
        applicable = true;
        if sum > tp_amount.0 {
            out.push(
                Finding::error(
                    "X006",
                    &path,
                    format!("经济分类 {code} {econ_name}合计大于“三公”经费中的{tp_name}决算数"),
                )
                .expected(format!("不超过 {}", yuan(tp_amount.0)), yuan(sum))
                .at(c.at(&path))
                .help("“三公”经费统计口径包含全部财政拨款的该项支出，不应少于经济分类中的同名科目"),
            );
        }
    }
    if !applicable {
        return Outcome::NotApplicable;
    }
    Outcome::of(out)
}

fn operating_vs_public(c: &Ctx) -> Outcome {
    if !c.data.unit.unit_type.is_administrative() {
        return Outcome::NotApplicable;
    }
    let op = c.data.operating_expenses.0;
    let public = c.fig.basic.public;
    if op <= public {
        return Outcome::of(vec![]);
    }
    Outcome::of(vec![Finding::error(
        "X007",
        "operating_expenses",
        "机关运行经费（operating_expenses）大于一般公共预算财政拨款基本支出中的公用经费",
    )
    .expected(format!("不超过 {}", yuan(public)), yuan(op))
    .at(c.at("operating_expenses"))
    .help("机关运行经费是公用经费的一部分")])
}

fn sme_total(c: &Ctx) -> Outcome {
    let p = &c.data.procurement;
    if p.sme.is_zero() && p.total().is_zero() {
        return Outcome::NotApplicable;
    }
    if p.sme <= p.total() {
        return Outcome::of(vec![]);
    }
    Outcome::of(vec![Finding::error(
        "X008",
        "procurement.sme",
        "授予中小企业合同金额（procurement.sme）大于政府采购支出总额",
    )
    .expected(format!("不超过 {}", yuan(p.total().0)), yuan(p.sme.0))
    .at(c.at("procurement.sme"))])
}

fn small_micro(c: &Ctx) -> Outcome {
    let p = &c.data.procurement;
    if p.small_micro.is_zero() && p.sme.is_zero() {
        return Outcome::NotApplicable;
    }
    if p.small_micro <= p.sme {
        return Outcome::of(vec![]);
    }
    Outcome::of(vec![Finding::error(
        "X009",
        "procurement.small_micro",
        "授予小微企业合同金额（procurement.small_micro）大于授予中小企业合同金额",
    )
    .expected(format!("不超过 {}", yuan(p.sme.0)), yuan(p.small_micro.0))
    .at(c.at("procurement.small_micro"))
    .help("小微企业是中小企业的一部分")])
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Status;

    #[test]
    fn projects_sum_to_project_expenditure() {
        assert_eq!(status(EXAMPLE, "X001"), Status::Passed);
        let t = example_with("    amount: 563646.52\n", "    amount: 563646.50\n");
        let f = codes(&t, "X001");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("一般公共预算"));
        assert_eq!(
            f[0].expected.as_deref(),
            Some("2,435,646.52（expenditure 的 project 之和）")
        );
    }

    #[test]
    fn project_code_has_project_expenditure() {
        assert_eq!(status(EXAMPLE, "X002"), Status::Passed);
        let t = example_with(
            "    code: \"2013399\"\n    amount: 563646.52",
            "    code: \"2013350\"\n    amount: 563646.52",
        );
        assert_eq!(codes(&t, "X002").len(), 1);
    }

    const TP: &str = "three_public:\n  budget: {}\n  fleet: {}\n";

    #[test]
    fn vehicles_bought_and_fleet() {
        assert_eq!(status(EXAMPLE, "X003"), Status::NotApplicable);
        let ok = example_with(TP, "three_public:\n  budget: {}\n  vehicle_purchase: {sedan: {count: 1, amount: 150000}}\n  fleet: {sedan: 2}\n");
        assert_eq!(status(&ok, "X003"), Status::Passed);
        let bad = example_with(TP, "three_public:\n  budget: {}\n  vehicle_purchase: {sedan: {count: 3, amount: 150000}}\n  fleet: {sedan: 2}\n");
        let f = codes(&bad, "X003");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, crate::diag::Severity::Warning);
    }

    #[test]
    fn persons_at_least_batches() {
        assert_eq!(status(EXAMPLE, "X004"), Status::NotApplicable);
        let ok = example_with(
            TP,
            "three_public:\n  reception: {domestic: {amount: 800, batches: 2, persons: 9}}\n",
        );
        assert_eq!(status(&ok, "X004"), Status::Passed);
        let bad = example_with(
            TP,
            "three_public:\n  reception: {domestic: {amount: 800, batches: 2, persons: 1}}\n",
        );
        let f = codes(&bad, "X004");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "three_public.reception.domestic.persons");
    }

    #[test]
    fn counts_and_amounts_agree() {
        assert_eq!(status(EXAMPLE, "X005"), Status::NotApplicable);
        let ok = example_with(
            TP,
            "three_public:\n  reception: {domestic: {amount: 800, batches: 2, persons: 9}}\n",
        );
        assert_eq!(status(&ok, "X005"), Status::Passed);
        let bad = example_with(TP, "three_public:\n  reception: {domestic: {amount: 800, batches: 0, persons: 0}}\n  vehicle_operation: 5000\n");
        let f = codes(&bad, "X005");
        assert_eq!(f.len(), 2, "{f:#?}");
    }

    #[test]
    fn economic_items_within_three_public() {
        assert_eq!(status(EXAMPLE, "X006"), Status::NotApplicable);
        let ok = example_with(
            "  \"30229\": 1000.00",
            "  \"30229\": 0\n  \"30217\": 1000.00",
        )
        .replace(
            TP,
            "three_public:\n  reception: {domestic: {amount: 1200, batches: 2, persons: 9}}\n",
        );
        assert_eq!(status(&ok, "X006"), Status::Passed);
        let bad = example_with(
            "  \"30229\": 1000.00",
            "  \"30229\": 0\n  \"30217\": 1000.00",
        );
        let f = codes(&bad, "X006");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "basic_economic.30217");
    }

    #[test]
    fn operating_expenses_within_public() {
        assert_eq!(status(EXAMPLE, "X007"), Status::NotApplicable);
        let admin = example_with("  type: 事业单位", "  type: 行政单位");
        assert_eq!(status(&admin, "X007"), Status::Passed);
        let bad = admin.replace(
            "operating_expenses: 0\n\nprocurement",
            "operating_expenses: 60000\n\nprocurement",
        );
        let f = codes(&bad, "X007");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].expected.as_deref(), Some("不超过 51,220.30"));
    }

    #[test]
    fn procurement_parts() {
        assert_eq!(status(EXAMPLE, "X008"), Status::NotApplicable);
        let ok = example_with(
            "procurement: {}",
            "procurement: {goods: 100, sme: 80, small_micro: 50}",
        );
        assert_eq!(status(&ok, "X008"), Status::Passed);
        assert_eq!(status(&ok, "X009"), Status::Passed);
        let bad = example_with(
            "procurement: {}",
            "procurement: {goods: 100, sme: 120, small_micro: 130}",
        );
        assert_eq!(codes(&bad, "X008").len(), 1);
        assert_eq!(codes(&bad, "X009").len(), 1);
    }
}
