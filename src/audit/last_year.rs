//! 对比 with last year's data file (`last_year.file`): a 上年 figure typed as well must
//! equal the one computed from the file, and a change of scope between the two years —
//! another unit name or kind, a 功能分类 项 that last year's report used but this year's
//! catalogue has moved or renamed — is reported, since it makes the comparisons unequal.

use rust_decimal::Decimal;

use super::{Ctx, Group, Outcome, Rule};
use crate::compute::Previous;
use crate::diag::{Finding, Severity};
use crate::format::yuan;
use crate::model::Money;

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
            "K007",
            Severity::Error,
            "填写的上年数与上年数据文件（last_year.file）算出的相同",
            typed_vs_file,
        ),
        r(
            "K008",
            Severity::Warning,
            "上年数据文件与本年口径一致（单位名称、部门/单位、功能分类项级科目）",
            scope,
        ),
    ]
}

/// The typed 上年 figures with their paths and labels, beside the file's.
fn pairs(c: &Ctx, p: &Previous) -> Vec<(String, &'static str, Option<Money>, Decimal)> {
    let ly = &c.data.last_year;
    let mut v = vec![
        (
            "last_year.total".to_string(),
            "收、支总计",
            ly.total,
            p.total,
        ),
        (
            "last_year.fiscal_total".to_string(),
            "财政拨款收、支总计",
            ly.fiscal_total,
            p.fiscal_total,
        ),
        (
            "last_year.general_budget_expenditure".to_string(),
            "一般公共预算财政拨款支出",
            ly.general_budget_expenditure,
            p.general_budget_expenditure,
        ),
        (
            "last_year.operating_expenses".to_string(),
            "机关运行经费",
            ly.operating_expenses,
            p.operating_expenses,
        ),
    ];
    if let Some(t) = &ly.three_public {
        let f = &p.three_public;
        for (key, label, typed, file) in [
            ("abroad", "因公出国（境）费", t.abroad, f.abroad),
            (
                "vehicle_purchase",
                "公务用车购置费",
                t.vehicle_purchase,
                f.vehicle_purchase,
            ),
            (
                "vehicle_operation",
                "公务用车运行维护费",
                t.vehicle_operation,
                f.vehicle_operation,
            ),
            ("reception", "公务接待费", t.reception, f.reception),
        ] {
            v.push((
                format!("last_year.three_public.{key}"),
                label,
                Some(typed),
                file,
            ));
        }
    }
    v
}

fn typed_vs_file(c: &Ctx) -> Outcome {
    let Some(p) = &c.fig.previous else {
        return Outcome::NotApplicable;
    };
    let out = pairs(c, p)
        .into_iter()
        .filter_map(|(path, label, typed, file)| {
            let typed = typed?;
            (typed.0 != file).then(|| {
                Finding::error(
                    "K007",
                    &path,
                    format!(
                        "上年{label}：填写的 {} 元与上年数据文件 {} 算出的 {} 元不同",
                        yuan(typed.0),
                        p.file,
                        yuan(file)
                    ),
                )
                .expected(
                    format!("{}（上年数据文件）", yuan(file)),
                    format!("{}（填写）", yuan(typed.0)),
                )
                .at(c.at(&path))
                .help("上年数由上年数据文件算出：删去这一项，或核对哪一边有误")
            })
        })
        .collect();
    Outcome::of(out)
}

fn scope(c: &Ctx) -> Outcome {
    let Some(p) = &c.fig.previous else {
        return Outcome::NotApplicable;
    };
    const PATH: &str = "last_year.file";
    let at = c.at(PATH);
    let warn = |message: String, help: &str| {
        Finding::warning("K008", PATH, message)
            .at(at.clone())
            .help(help.to_string())
    };
    let mut out = Vec::new();
    let u = &c.data.unit;
    if p.unit_name.trim() != u.name.trim() {
        out.push(
            warn(
                format!(
                    "上年数据文件 {} 的单位名称是“{}”，本年是“{}”",
                    p.file, p.unit_name, u.name
                ),
                "单位更名或合并、划转时，上年数与本年数的口径可能不同：请在变动原因中说明",
            )
            .expected(&u.name, &p.unit_name),
        );
    }
    if p.kind != u.kind {
        out.push(warn(
            format!(
                "上年数据文件 {} 是{}决算，本年是{}决算",
                p.file,
                p.kind.word(),
                u.kind.word()
            ),
            "部门决算含下属单位、单位决算只含本单位：两年的数不可直接比较，请核对上年文件",
        ));
    }
    let this = c.catalog.functional(u.year);
    for (code, name) in &p.xiang {
        let now = c
            .data
            .code_names
            .get(code)
            .cloned()
            .or_else(|| this.get(code).map(|e| e.name.clone()));
        match now {
            None => out.push(warn(
                format!(
                    "上年使用的功能分类科目 {code} {name} 在{}年科目表中没有了（科目调整）",
                    u.year
                ),
                "上年该科目的支出在本年归入了其他科目：按类、款比较的数口径不同，请在变动原因中说明",
            )),
            Some(n) if n != *name => out.push(warn(
                format!(
                    "上年使用的功能分类科目 {code} 在{}年更名：“{name}”→“{n}”",
                    u.year
                ),
                "科目更名可能伴随口径调整：请核对上年与本年的支出是否可比",
            )),
            _ => {}
        }
    }
    Outcome::of(out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::testing::EXAMPLE;
    use super::super::{audit, Status};
    use crate::catalog::Catalog;
    use crate::compute::{compute, compute_with, Previous};
    use crate::diag::Finding;
    use crate::model::load_str;

    /// Audits `text` with last year's figures taken from `last` (both 2023 and 2022
    /// texts of the example), as the pipeline does for `last_year.file`.
    fn audit_with(text: &str, last: &str) -> (Vec<Finding>, Vec<(&'static str, Status)>) {
        let settings = crate::model::Settings::default();
        let ly = load_str(Path::new("2022.yaml"), last.to_string()).unwrap();
        let (c22, _) = Catalog::for_year(2022);
        let ly_fig = compute(&ly.data, c22, &settings);
        let previous = Previous::new("../2022/u.yaml", &ly.data, &ly_fig, c22);
        let loaded = load_str(Path::new("2023.yaml"), text.to_string()).unwrap();
        let (c23, _) = Catalog::for_year(2023);
        let fig = compute_with(&loaded.data, c23, &settings, Some(previous));
        let a = audit(&loaded, &fig, c23, &settings, None);
        (a.findings, a.statuses)
    }

    fn of(f: &[Finding], code: &str) -> Vec<Finding> {
        f.iter().filter(|x| x.code == code).cloned().collect()
    }

    /// The example as its own last year (2022), `extra` at its end.
    fn last(extra: &str) -> String {
        EXAMPLE.replace("  year: 2023\n", "  year: 2022\n") + extra
    }

    #[test]
    fn typed_figures_agree_with_the_file_or_are_located() {
        // The example types last year's figures; the 2022 file here is the example itself
        // (total 3,464,745.78), so the typed 1,772,554.00 disagrees.
        let (f, st) = audit_with(EXAMPLE, &last(""));
        let k = of(&f, "K007");
        assert!(st.contains(&("K007", Status::Found)));
        let total = k
            .iter()
            .find(|x| x.path == "last_year.total")
            .expect("total");
        assert!(total.message.contains("3,464,745.78"), "{}", total.message);
        assert_eq!(total.severity, crate::diag::Severity::Error);
        let line = EXAMPLE
            .lines()
            .position(|l| l.starts_with("  total: "))
            .unwrap()
            + 1;
        assert_eq!(total.text_pos().unwrap().line, line);
        // Without typed figures the file stands alone: K007 passes, K001 does not apply.
        let start = EXAMPLE.find("last_year:").unwrap();
        let end = EXAMPLE.find("reasons:").unwrap();
        let plain = format!(
            "{}last_year:\n  file: ../2022/u.yaml\n{}",
            &EXAMPLE[..start],
            &EXAMPLE[end..]
        );
        let (f, st) = audit_with(&plain, &last(""));
        assert!(of(&f, "K007").is_empty(), "{f:?}");
        assert!(st.contains(&("K007", Status::Passed)));
        assert!(st.contains(&("K001", Status::NotApplicable)));
    }

    #[test]
    fn scope_changes_are_reported() {
        let start = EXAMPLE.find("last_year:").unwrap();
        let end = EXAMPLE.find("reasons:").unwrap();
        let this = format!(
            "{}last_year:\n  file: ../2022/u.yaml\n{}",
            &EXAMPLE[..start],
            &EXAMPLE[end..]
        );
        let (f, st) = audit_with(&this, &last(""));
        assert!(st.contains(&("K008", Status::Passed)), "{f:?}");
        // Another name, and a 项 of 2022 whose 款 … 项 name changed in 2023 (2130599).
        let renamed = last("").replace("name: 攀枝花市东区融媒体中心", "name: 东区广播电视台");
        let moved = renamed.replacen("\"2013399\"", "\"2130599\"", 1).replacen(
            "code: \"2013399\"",
            "code: \"2130599\"",
            2,
        );
        let (f, _) = audit_with(&this, &moved);
        let k = of(&f, "K008");
        assert!(
            k.iter().any(|x| x.message.contains("东区广播电视台")),
            "{k:?}"
        );
        assert!(
            k.iter()
                .any(|x| x.message.contains("2130599") && x.message.contains("更名")),
            "{k:?}"
        );
        assert!(k.iter().all(|x| x.path == "last_year.file"));
    }
}
