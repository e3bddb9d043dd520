//! Fields that load but cannot make a report: an empty name (the title would read
//! “年度部门决算”) and a document date that does not exist (typst would fail later with a
//! message naming no field). Both are located where they are written.

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            code: "F013",
            severity: Severity::Error,
            group: Group::Form,
            title: "不使用 YAML 锚点（&）与别名（*）",
            check: None,
        },
        Rule {
            code: "F014",
            severity: Severity::Error,
            group: Group::Form,
            title: "文件大小与文字总量在上限内",
            check: None,
        },
        Rule {
            code: "F015",
            severity: Severity::Error,
            group: Group::Form,
            title: "文档日期 settings.document_date 为真实存在的日期（YYYY-MM-DD）",
            check: Some(document_date),
        },
        Rule {
            code: "F016",
            severity: Severity::Error,
            group: Group::Form,
            title: "单位名称与项目名称不为空",
            check: Some(names),
        },
    ]
}

fn document_date(c: &Ctx) -> Outcome {
    let Some(date) = c
        .data
        .settings
        .as_ref()
        .and_then(|s| s.document_date.as_ref())
    else {
        return Outcome::NotApplicable;
    };
    let path = "settings.document_date";
    match crate::model::date::parse(date) {
        Ok(_) => Outcome::of(Vec::new()),
        Err(e) => Outcome::of(vec![Finding::error(
            "F015",
            path,
            format!("文档日期 {path} 有误：{e}"),
        )
        .expected("实际存在的日期，如 2024-12-31", date)
        .at(c.at(path))
        .help("该日期写入 PDF 的创建日期；不填则为决算年度次年的12月31日")]),
    }
}

fn names(c: &Ctx) -> Outcome {
    let d = c.data;
    // (An empty short name means "use the full name".)
    let mut named: Vec<(String, &str)> = vec![("unit.name".into(), d.unit.name.as_str())];
    for (i, p) in d.projects.iter().enumerate() {
        named.push((format!("projects[{i}].name"), &p.name));
    }
    let out = named
        .into_iter()
        .filter(|(_, s)| s.trim().is_empty())
        .map(|(path, _)| {
            Finding::error(
                "F016",
                &path,
                format!("{path} 是空的：报告标题与正文都要用到它"),
            )
            .at(c.at(&path))
            .help("填写全称，如 攀枝花市东区融媒体中心")
        })
        .collect();
    Outcome::of(out)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Status;

    #[test]
    fn an_empty_unit_name_is_refused_where_it_stands() {
        for empty in ["\"\"", "\"   \"", "\"\u{3000}\""] {
            let t = example_with(
                "  name: 攀枝花市东区融媒体中心\n",
                &format!("  name: {empty}\n"),
            );
            let f = codes(&t, "F016");
            assert_eq!(f.len(), 1, "{empty}: {f:?}");
            assert_eq!(f[0].path, "unit.name");
            assert_eq!(f[0].pos.as_ref().unwrap().text().unwrap().line, 6);
        }
        assert_eq!(status(EXAMPLE, "F016"), Status::Passed);
    }

    #[test]
    fn a_date_that_does_not_exist_is_refused_where_it_stands() {
        assert_eq!(status(EXAMPLE, "F015"), Status::NotApplicable);
        for (date, ok) in [
            ("2024-02-30", false),
            ("2024-13-01", false),
            ("tomorrow", false),
            ("\"2024-2-3\"", false),
            ("2024-02-29", true),
        ] {
            let t = format!("{EXAMPLE}settings:\n  document_date: {date}\n");
            let f = codes(&t, "F015");
            assert_eq!(f.is_empty(), ok, "{date}: {f:?}");
            if !ok {
                let line = t.lines().count();
                assert_eq!(
                    f[0].pos.as_ref().unwrap().text().unwrap().line,
                    line,
                    "{date}"
                );
                assert_eq!(f[0].pos.as_ref().unwrap().text().unwrap().col, 18, "{date}");
            }
        }
    }
}
