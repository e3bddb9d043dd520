//! 勾稽 of the itemised parts a reviewer reads closely: 政府采购 with nothing awarded to
//! 中小企业, persons per reception batch far above normal, the list of receptions against
//! their amount, the 政府性基金 part of the 三公 amounts against the whole, the staff by
//! post against 实有人员 — and (形式) a `code_names` entry that renames a code the year's
//! catalogue already has.

use rust_decimal::Decimal;

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::format::yuan;
use crate::model::ThreePublicAmounts;

/// Persons per reception batch above which a reviewer asks (800 persons in 16 batches is
/// 50; a working visit is a handful of people).
pub const MAX_PERSONS_PER_BATCH: u32 = 30;

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
            "C006",
            Severity::Warning,
            Group::Form,
            "code_names 不改变科目表中已有科目的名称（改了则正文与附表都用新名称，并提示）",
            renamed_codes,
        ),
        r(
            "X010",
            Severity::Warning,
            Group::Cross,
            "有政府采购支出的，授予中小企业合同金额不为0（否则请核对）",
            procurement_sme,
        ),
        r(
            "X011",
            Severity::Warning,
            Group::Cross,
            "公务接待每批次人次不过多（超过30人次/批次请核对）",
            persons_per_batch,
        ),
        r(
            "X012",
            Severity::Error,
            Group::Cross,
            "公务接待清单（items）金额合计不超过该类接待费",
            reception_items,
        ),
        r(
            "X013",
            Severity::Error,
            Group::Cross,
            "“三公”经费中政府性基金部分（three_public.government_fund）逐项不超过总数",
            fund_part,
        ),
        r(
            "X014",
            Severity::Warning,
            Group::Cross,
            "实有人员按岗位（专业技术、管理、工勤）合计等于年末实有人员",
            staff_by_post,
        ),
    ]
}

fn renamed_codes(c: &Ctx) -> Outcome {
    let functional = c.catalog.functional(c.data.unit.year);
    let mut out = Vec::new();
    let mut applicable = false;
    for (code, name) in &c.data.code_names {
        let known = functional
            .get(code)
            .or_else(|| c.catalog.economic.get(code));
        let Some(entry) = known else { continue };
        applicable = true;
        if entry.name.trim() == name.trim() {
            continue;
        }
        let path = format!("code_names.{code}");
        out.push(
            Finding::warning(
                "C006",
                &path,
                format!(
                    "code_names 把{}年科目表中已有的科目 {code}“{}”改名为“{}”：正文与附表都将印新名称",
                    c.catalog.year, entry.name, name
                ),
            )
            .expected(&entry.name, name)
            .at(c.at(&path))
            .help("科目名称以当年科目表为准；若确需改名（如科目表有误），保留此项并请核对；否则删去这一项"),
        );
    }
    if !applicable {
        return Outcome::NotApplicable;
    }
    Outcome::of(out)
}

fn procurement_sme(c: &Ctx) -> Outcome {
    let p = &c.fig.procurement;
    if p.total.is_zero() {
        return Outcome::NotApplicable;
    }
    if !p.sme.is_zero() {
        return Outcome::of(Vec::new());
    }
    const PATH: &str = "procurement.sme";
    let at = if c.loaded.source.has(PATH) {
        c.at(PATH)
    } else {
        c.key("procurement")
    };
    Outcome::of(vec![Finding::warning(
        "X010",
        PATH,
        format!(
            "政府采购支出 {} 元，但授予中小企业合同金额为 0（{PATH}）",
            yuan(p.total)
        ),
    )
    .at(at)
    .help(
        "多数政府采购合同授予中小企业：请核对 procurement.sme（确为 0 的，可在正文说明原因）",
    )])
}

fn persons_per_batch(c: &Ctx) -> Outcome {
    let r = &c.data.three_public.reception;
    let parts = [
        ("domestic", "国内公务接待", &r.domestic),
        ("foreign", "外事接待", &r.foreign),
    ];
    if parts.iter().all(|p| p.2.batches == 0) {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (key, what, part) in parts {
        if part.batches == 0 || part.persons <= MAX_PERSONS_PER_BATCH * part.batches {
            continue;
        }
        let path = format!("three_public.reception.{key}.persons");
        let per = Decimal::from(part.persons) / Decimal::from(part.batches);
        out.push(
            Finding::warning(
                "X011",
                &path,
                format!(
                    "{what}{}批次{}人次，平均每批次{}人次，远多于通常",
                    part.batches,
                    part.persons,
                    per.round_dp(1).normalize()
                ),
            )
            .expected(
                format!("不超过 {} 人次", MAX_PERSONS_PER_BATCH * part.batches),
                part.persons,
            )
            .at(c.at(&path))
            .help("人次不包括陪同人员：请核对是否把陪同人员或会议人数计入，或批次是否漏填"),
        );
    }
    Outcome::of(out)
}

fn reception_items(c: &Ctx) -> Outcome {
    let r = &c.data.three_public.reception;
    let parts = [
        ("domestic", "国内公务接待", &r.domestic),
        ("foreign", "外事接待", &r.foreign),
    ];
    if parts.iter().all(|p| p.2.items.is_empty()) {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (key, what, part) in parts {
        let listed: Decimal = part.items.iter().map(|i| i.amount.0).sum();
        if listed > part.amount.0 {
            let path = format!("three_public.reception.{key}.items");
            out.push(
                Finding::error(
                    "X012",
                    &path,
                    format!(
                        "{what}清单合计 {} 元，多于{what}费 {} 元（three_public.reception.{key}.amount）",
                        yuan(listed),
                        yuan(part.amount.0)
                    ),
                )
                .expected(format!("不超过 {}", yuan(part.amount.0)), yuan(listed))
                .at(c.key(&path)),
            );
        }
    }
    Outcome::of(out)
}

/// The four items of a 三公 amount block with their keys.
fn items(a: &ThreePublicAmounts) -> [(&'static str, Decimal); 4] {
    [
        ("abroad", a.abroad.0),
        ("vehicle_purchase", a.vehicle_purchase.0),
        ("vehicle_operation", a.vehicle_operation.0),
        ("reception", a.reception.0),
    ]
}

fn fund_part(c: &Ctx) -> Outcome {
    let tp = &c.data.three_public;
    let gf = &tp.government_fund;
    if !c.loaded.source.has("three_public.government_fund") {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (which, word, part, whole) in [
        ("budget", "预算数", &gf.budget, tp.budget.clone()),
        ("actual", "决算数", &gf.actual, tp.actual()),
    ] {
        for ((key, p), (_, w)) in items(part).into_iter().zip(items(&whole)) {
            if p > w {
                let path = format!("three_public.government_fund.{which}.{key}");
                out.push(
                    Finding::error(
                        "X013",
                        &path,
                        format!(
                            "“三公”经费{word}中政府性基金部分 {} 元多于该项{word} {} 元",
                            yuan(p),
                            yuan(w)
                        ),
                    )
                    .expected(format!("不超过 {}", yuan(w)), yuan(p))
                    .at(c.at(&path))
                    .help("government_fund 只写其中由政府性基金预算财政拨款安排的部分（其余为一般公共预算）"),
                );
            }
        }
    }
    Outcome::of(out)
}

fn staff_by_post(c: &Ctx) -> Outcome {
    let Some(s) = &c.data.overview.staffing else {
        return Outcome::NotApplicable;
    };
    if s.by_post() == 0 {
        return Outcome::NotApplicable;
    }
    if s.by_post() == s.actual {
        return Outcome::of(Vec::new());
    }
    const PATH: &str = "overview.staffing.actual";
    Outcome::of(vec![Finding::warning(
        "X014",
        PATH,
        format!(
            "专业技术人员、管理人员、工勤技能人员合计 {} 人，与年末实有人员 {} 人不等",
            s.by_post(),
            s.actual
        ),
    )
    .expected(s.by_post(), s.actual)
    .at(c.at(PATH))
    .help("岗位分类是实有人员的细分：请核对两处人数")])
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Status;

    /// The example (no 三公 spending) with its `three_public` block replaced.
    fn with(block: &str) -> String {
        example_with("three_public:\n  budget: {}\n  fleet: {}\n", block)
    }

    #[test]
    fn code_names_renaming_a_catalogue_code_is_named() {
        assert_eq!(status(EXAMPLE, "C006"), Status::NotApplicable);
        let same = EXAMPLE.to_string() + "code_names:\n  \"207\": 文化旅游体育与传媒支出\n";
        assert_eq!(status(&same, "C006"), Status::Passed);
        let renamed = EXAMPLE.to_string() + "code_names:\n  \"207\": 文化体育与传媒支出\n";
        let f = codes(&renamed, "C006");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("文化旅游体育与传媒支出"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].text_pos().unwrap().line, renamed.lines().count());
    }

    #[test]
    fn procurement_without_sme_is_questioned() {
        assert_eq!(status(EXAMPLE, "X010"), Status::NotApplicable);
        let ok = example_with(
            "procurement: {}\n",
            "procurement: {goods: 1000, sme: 1000}\n",
        );
        assert_eq!(status(&ok, "X010"), Status::Passed);
        let bad = example_with("procurement: {}\n", "procurement: {goods: 1000}\n");
        let f = codes(&bad, "X010");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("1,000.00"), "{}", f[0].message);
    }

    #[test]
    fn persons_per_batch_far_above_normal() {
        let tp = |persons: u32| {
            with(&format!(
                "three_public:\n  reception:\n    domestic: {{amount: 8000, batches: 16, persons: {persons}}}\n"
            ))
        };
        assert_eq!(status(&tp(120), "X011"), Status::Passed);
        let f = codes(&tp(800), "X011");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("每批次50人次"), "{}", f[0].message);
    }

    #[test]
    fn reception_list_within_its_amount() {
        let list = |a: &str| {
            with(&format!(
                "three_public:\n  reception:\n    domestic:\n      amount: 8000\n      batches: 4\n      persons: 20\n      items:\n        - {{what: 接待调研组, amount: {a}}}\n"
            ))
        };
        assert_eq!(status(EXAMPLE, "X012"), Status::NotApplicable);
        assert_eq!(status(&list("5000"), "X012"), Status::Passed);
        let f = codes(&list("9000"), "X012");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("9,000.00"), "{}", f[0].message);
    }

    #[test]
    fn government_fund_part_within_the_whole() {
        let part = |a: &str| {
            with(&format!(
                "three_public:\n  budget: {{reception: 8000}}\n  reception:\n    domestic: {{amount: 8000, batches: 4, persons: 20}}\n  government_fund:\n    budget: {{reception: 2000}}\n    actual: {{reception: {a}}}\n"
            ))
        };
        assert_eq!(status(EXAMPLE, "X013"), Status::NotApplicable);
        assert_eq!(status(&part("2000"), "X013"), Status::Passed);
        let f = codes(&part("9000"), "X013");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "three_public.government_fund.actual.reception");
    }

    #[test]
    fn staff_by_post_adds_up_to_the_actual_staff() {
        let staff = |m: u32| {
            example_with(
                "    contracted: 12\n",
                &format!("    contracted: 12\n    professional: 2\n    management: {m}\n    service: 1\n"),
            )
        };
        assert_eq!(status(EXAMPLE, "X014"), Status::NotApplicable);
        assert_eq!(status(&staff(2), "X014"), Status::Passed);
        let f = codes(&staff(3), "X014");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "overview.staffing.actual");
    }
}
