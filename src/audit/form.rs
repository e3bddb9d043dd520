//! 形式 (form): what the loader enforces (syntax, types, required and unknown fields —
//! serde_yaml stops at the first such error, so they come one at a time), then amounts,
//! the year and the classification codes.

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::model::money_fields;

/// Codes the loader reports (see model/load.rs); they passed once a file loads.
const LOADER: [(&str, &str); 8] = [
    ("F000", "YAML 语法正确"),
    ("F001", "文件不为空"),
    ("F002", "数据格式版本（schema）为本程序所读版本"),
    ("F003", "没有未知字段（给出“是否想写”建议）"),
    ("F004", "必填字段齐全"),
    ("F005", "字段类型与取值正确"),
    ("F006", "金额写法正确、大小合理"),
    ("F008", "文件为 UTF-8 编码"),
];

pub fn rules() -> Vec<Rule> {
    let mut v: Vec<Rule> = LOADER
        .iter()
        .map(|(code, title)| Rule {
            code,
            severity: Severity::Error,
            group: Group::Form,
            title,
            check: None,
        })
        .collect();
    let r = |code, severity, title, check: fn(&Ctx) -> Outcome| Rule {
        code,
        severity,
        group: Group::Form,
        title,
        check: Some(check),
    };
    v.extend([
        r("F010", Severity::Error, "金额不得为负数", negative),
        r(
            "F011",
            Severity::Error,
            "金额最多保留两位小数（到分）",
            precision,
        ),
        r(
            "F012",
            Severity::Error,
            "决算年度合理（2000年至明年）",
            year,
        ),
        r(
            "F017",
            Severity::Error,
            "公开日期为实际存在的日期（YYYY-MM-DD 或 YYYY-MM），且在决算年度之后",
            publish_date,
        ),
        r(
            "C001",
            Severity::Error,
            "功能分类科目编码为7位数字（项级）",
            functional_format,
        ),
        r(
            "C002",
            Severity::Error,
            "功能分类科目编码在科目表中（或在 code_names 中命名）",
            functional_known,
        ),
        r(
            "C003",
            Severity::Error,
            "经济分类科目编码在科目表中（或在 code_names 中命名）",
            economic_known,
        ),
        r(
            "C004",
            Severity::Error,
            "功能分类项所属的类、款存在",
            functional_parents,
        ),
        r(
            "C005",
            Severity::Error,
            "经济分类科目编码为5位数字（款级）",
            economic_format,
        ),
    ]);
    v
}

fn negative(c: &Ctx) -> Outcome {
    let out = money_fields(c.data)
        .into_iter()
        // A stated 年末结转和结余 may be negative: stating it declares it (B011).
        .filter(|(p, _)| !p.starts_with("balances.closing."))
        .filter(|(_, m)| m.0.is_sign_negative() && !m.0.is_zero())
        .map(|(p, m)| {
            Finding::error("F010", &p, format!("字段 {p} 的金额为负数"))
                .expected("不小于 0 的金额", m)
                .at(c.at(&p))
                .help("决算数据中的金额都不能为负；冲减请在对应科目中直接减少")
        })
        .collect();
    Outcome::of(out)
}

fn precision(c: &Ctx) -> Outcome {
    let out = money_fields(c.data)
        .into_iter()
        .filter(|(_, m)| m.0.normalize().scale() > 2)
        .map(|(p, m)| {
            Finding::error("F011", &p, format!("字段 {p} 的金额超过两位小数"))
                .expected(format!("{}", m.0.round_dp(2)), m)
                .at(c.at(&p))
                .help("金额以元为单位，精确到分（两位小数）")
        })
        .collect();
    Outcome::of(out)
}

/// The current calendar year (UTC).
fn this_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // 365.2425 days per year on average: exact enough away from New Year's Eve.
    1970 + (secs / 31_556_952) as i32
}

fn year(c: &Ctx) -> Outcome {
    let y = c.data.unit.year;
    let max = this_year() + 1;
    if (2000..=max).contains(&y) {
        return Outcome::pass();
    }
    Outcome::of(vec![Finding::error(
        "F012",
        "unit.year",
        format!("决算年度 unit.year 为 {y}，不合理"),
    )
    .expected(format!("2000 至 {max} 之间的年份"), y)
    .at(c.at("unit.year"))])
}

fn publish_date(c: &Ctx) -> Outcome {
    let stated = [
        ("unit.publish_date", c.data.unit.publish_date.as_deref()),
        (
            "settings.publish_date",
            c.data
                .settings
                .as_ref()
                .and_then(|s| s.publish_date.as_deref()),
        ),
    ];
    if stated.iter().all(|(_, v)| v.is_none()) {
        return Outcome::NotApplicable;
    }
    let y = c.data.unit.year;
    let out = stated
        .into_iter()
        .filter_map(|(path, v)| Some((path, v?)))
        .filter_map(|(path, v)| {
            let problem = match crate::model::date::parse_publish(v) {
                Err(e) => e,
                Ok((py, ..)) if py <= y => format!("公开日期在决算年度{y}年之内或之前"),
                Ok(_) => return None,
            };
            Some(
                Finding::error("F017", path, format!("公开日期 {path} 有误：{problem}"))
                    .expected(
                        format!(
                            "{} 年及以后的日期，如 {}-09-20 或 {}-09",
                            y + 1,
                            y + 1,
                            y + 1
                        ),
                        v,
                    )
                    .at(c.at(path))
                    .help("公开日期印在封面或目录下的“公开时间”行"),
            )
        })
        .collect();
    Outcome::of(out)
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// 功能分类 codes of the file: (path, code).
fn functional_codes(c: &Ctx) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = c
        .data
        .expenditure
        .iter()
        .enumerate()
        .map(|(i, e)| (format!("expenditure[{i}].code"), e.code.trim().to_string()))
        .collect();
    v.extend(
        c.data
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("projects[{i}].code"), p.code.trim().to_string())),
    );
    v
}

/// 经济分类 codes of the file: (path of the key, code).
fn economic_codes(c: &Ctx) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = c
        .data
        .basic_economic
        .keys()
        .map(|k| (format!("basic_economic.{k}"), k.clone()))
        .collect();
    for (i, p) in c.data.projects.iter().enumerate() {
        v.extend(
            p.economic
                .keys()
                .map(|k| (format!("projects[{i}].economic.{k}"), k.clone())),
        );
    }
    v
}

fn functional_format(c: &Ctx) -> Outcome {
    let codes = functional_codes(c);
    if codes.is_empty() {
        return Outcome::NotApplicable;
    }
    let out = codes
        .into_iter()
        .filter(|(_, code)| !is_digits(code, 7))
        .map(|(p, code)| {
            Finding::error(
                "C001",
                &p,
                format!("功能分类科目编码 {p} 应为7位数字（项级科目）"),
            )
            .expected("7位数字，如 2013350", format!("“{code}”"))
            .at(c.at(&p))
        })
        .collect();
    Outcome::of(out)
}

fn functional_known(c: &Ctx) -> Outcome {
    let codes = functional_codes(c);
    if codes.is_empty() {
        return Outcome::NotApplicable;
    }
    let year = c.data.unit.year;
    let list = c.catalog.functional(year);
    let out = codes
        .into_iter()
        .filter(|(_, code)| is_digits(code, 7) && !list.contains(code) && !c.data.code_names.contains_key(code))
        .map(|(p, code)| {
            Finding::error("C002", &p, format!("功能分类科目编码 {code}（{p}）不在{year}年科目表中"))
                .at(c.at(&p))
                .help(format!("请核对编码；如确为新增科目，请在 code_names 中给出名称，如 code_names: {{\"{code}\": 科目名称}}"))
        })
        .collect();
    Outcome::of(out)
}

fn functional_parents(c: &Ctx) -> Outcome {
    let codes = functional_codes(c);
    if codes.is_empty() {
        return Outcome::NotApplicable;
    }
    let list = c.catalog.functional(c.data.unit.year);
    let known = |k: &str| list.contains(k) || c.data.code_names.contains_key(k);
    let mut out = Vec::new();
    for (p, code) in codes.into_iter().filter(|(_, code)| is_digits(code, 7)) {
        for (level, parent) in [("类", &code[..3]), ("款", &code[..5])] {
            if !known(parent) {
                out.push(
                    Finding::error("C004", &p, format!("功能分类科目 {code}（{p}）所属的{level} {parent} 不存在"))
                        .at(c.at(&p))
                        .help(format!("项级科目的前3位是类、前5位是款；请核对编码，或在 code_names 中为 {parent} 命名")),
                );
            }
        }
    }
    Outcome::of(out)
}

fn economic_format(c: &Ctx) -> Outcome {
    let codes = economic_codes(c);
    if codes.is_empty() {
        return Outcome::NotApplicable;
    }
    let out = codes
        .into_iter()
        .filter(|(_, code)| !is_digits(code, 5))
        .map(|(p, code)| {
            Finding::error(
                "C005",
                &p,
                format!("经济分类科目编码 {p} 应为5位数字（款级科目）"),
            )
            .expected("5位数字，如 30101", format!("“{code}”"))
            .at(c.key(&p))
        })
        .collect();
    Outcome::of(out)
}

fn economic_known(c: &Ctx) -> Outcome {
    let codes = economic_codes(c);
    if codes.is_empty() {
        return Outcome::NotApplicable;
    }
    let out = codes
        .into_iter()
        .filter(|(_, code)| {
            is_digits(code, 5)
                && !c.catalog.economic.contains(code)
                && !c.data.code_names.contains_key(code)
        })
        .map(|(p, code)| {
            Finding::error(
                "C003",
                &p,
                format!("经济分类科目编码 {code}（{p}）不在部门预算支出经济分类科目表中"),
            )
            .at(c.key(&p))
            .help("请核对编码（如 30101 基本工资），或在 code_names 中给出名称")
        })
        .collect();
    Outcome::of(out)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Status;

    #[test]
    fn negative_amount_is_found_at_its_value() {
        assert_eq!(status(EXAMPLE, "F010"), Status::Passed);
        let t = example_with("    personnel: 113980.00\n", "    personnel: -113980.00\n");
        let f = codes(&t, "F010");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].path, "expenditure[2].personnel");
        let p = f[0].text_pos().unwrap();
        assert_eq!(&t[p.offset..p.offset + p.len], "-113980.00");
    }

    #[test]
    fn three_decimals_are_found() {
        assert_eq!(status(EXAMPLE, "F011"), Status::Passed);
        // Trailing zeros do not count: 1.500 is 1.5.
        let ok = example_with("  \"30201\": 13600.00", "  \"30201\": 13600.000");
        assert!(codes(&ok, "F011").is_empty());
        let t = example_with("  \"30201\": 13600.00", "  \"30201\": 13600.005");
        let f = codes(&t, "F011");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "basic_economic.30201");
    }

    #[test]
    fn implausible_year() {
        assert_eq!(status(EXAMPLE, "F012"), Status::Passed);
        let f = codes(&example_with("  year: 2023", "  year: 1923"), "F012");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].text_pos().unwrap().line, 11);
    }

    #[test]
    fn functional_codes() {
        for code in ["C001", "C002", "C004"] {
            assert_eq!(status(EXAMPLE, code), Status::Passed, "{code}");
        }
        let f = codes(&example_with("\"2080505\"", "\"208050\""), "C001");
        assert_eq!(f.len(), 1);
        let f = codes(&example_with("\"2080505\"", "\"2080598\""), "C002");
        assert_eq!(f.len(), 1);
        assert!(f[0].help.as_deref().unwrap().contains("code_names"));
        // Named in code_names, but its 款 20888 is unknown.
        let t = example_with("\"2080505\"", "\"2088801\"") + "code_names:\n  \"2088801\": 某支出\n";
        assert!(codes(&t, "C002").is_empty());
        let f = codes(&t, "C004");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("款 20888"));
    }

    #[test]
    fn economic_codes() {
        assert_eq!(status(EXAMPLE, "C003"), Status::Passed);
        assert_eq!(status(EXAMPLE, "C005"), Status::Passed);
        let t = example_with("  \"30229\": 1000.00", "  \"30298\": 1000.00");
        let f = codes(&t, "C003");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].text_pos().unwrap().line,
            t.lines().position(|l| l.contains("30298")).unwrap() + 1
        );
        let f = codes(
            &example_with("  \"30229\": 1000.00", "  \"3022\": 1000.00"),
            "C005",
        );
        assert_eq!(f.len(), 1);
    }
}
