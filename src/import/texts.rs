//! `--texts FILE`: what a workbook never holds (概况, reasons, 绩效, projects, last year's
//! figures) carried over from an existing data file — this year's draft or last year's
//! file — and the list of what is still missing. Nothing is invented: what neither the
//! workbook nor the texts file gives is listed.

use super::facts::{Missing, Source};
use super::Imported;
use crate::catalog::Catalog;
use crate::model::{LastYear, Money, ReportData, Settings};

/// Carries the texts of `from` (a data file named `label`) into `imp`.
pub fn carry_over(imp: &mut Imported, from: &ReportData, label: &str) {
    let src = || Source::Texts(label.to_string());
    let year = imp.data.unit.year;
    let d = &mut imp.data;
    let u = &from.unit;
    d.unit.short_name = u.short_name.clone();
    d.unit.kind = u.kind;
    d.unit.unit_type = u.unit_type;
    d.unit.region = u.region.clone();
    if !d.unit.name.trim().is_empty() && norm_name(&d.unit.name) != norm_name(&u.name) {
        let msg = format!(
            "工作簿的单位是“{}”，{label} 的单位是“{}”：请确认带入的是同一单位的文字",
            d.unit.name, u.name
        );
        imp.missing.push(Missing {
            path: "unit.name".into(),
            what: msg,
        });
    }
    let d = &mut imp.data;
    if d.unit.name.trim().is_empty() {
        d.unit.name = u.name.clone();
        imp.sources.insert("unit.name".into(), src());
        imp.missing.retain(|m| m.path != "unit.name");
    }
    let staffing_from_workbook = imp
        .sources
        .keys()
        .any(|k| k.starts_with("overview.staffing"));
    let staffing = d.overview.staffing.take();
    d.overview = from.overview.clone();
    if staffing_from_workbook {
        d.overview.staffing = staffing;
    }
    d.reasons = from.reasons.clone();
    d.three_public.reason_budget = from.three_public.reason_budget.clone();
    d.three_public.reason_change = from.three_public.reason_change.clone();
    for line in d.expenditure.iter_mut() {
        line.reason = from
            .expenditure
            .iter()
            .find(|l| l.code == line.code && l.fund == line.fund)
            .and_then(|l| l.reason.clone());
    }
    d.performance = from.performance.clone();
    d.settings = from.settings.clone();
    for (k, v) in &from.code_names {
        d.code_names.entry(k.clone()).or_insert_with(|| v.clone());
    }
    if from.unit.year == year {
        d.projects = from.projects.clone();
        d.last_year = from.last_year.clone();
        d.unit.publish_date = from.unit.publish_date.clone();
        // The export has no 年初预算 column: this year's draft gives it, line by line.
        for (i, line) in d.expenditure.iter_mut().enumerate() {
            line.budget_initial = from
                .expenditure
                .iter()
                .find(|l| l.code == line.code && l.fund == line.fund)
                .and_then(|l| l.budget_initial);
            if line.budget_initial.is_some() {
                imp.sources.insert(
                    format!("expenditure[{i}].budget_initial"),
                    Source::Texts(label.to_string()),
                );
            }
        }
        mark_carried(imp, label);
    } else {
        if !from.projects.is_empty() {
            let names: Vec<&str> = from.projects.iter().map(|p| p.name.as_str()).collect();
            imp.missing.push(Missing {
                path: "projects".into(),
                what: format!(
                    "项目清单：{label} 是 {} 年度的文件，项目金额不能沿用；上年的项目有：{}",
                    from.unit.year,
                    names.join("、")
                ),
            });
        }
        if from.unit.year == year - 1 {
            imp.data.last_year = last_year_of(from);
            mark_carried(imp, label);
        }
        imp.missing.push(Missing {
            path: "reasons".into(),
            what: format!(
                "变动原因、概况、绩效等文字取自 {} 年度的 {label}，请按本年度情况改写",
                from.unit.year
            ),
        });
    }
}

/// Numbers carried over (zeros included: a stated 0 of last year is not an absent one)
/// are sourced as the texts file.
fn mark_carried(imp: &mut Imported, label: &str) {
    let carried = ["last_year.", "projects[", "overview.secondary_units."];
    let d = &imp.data;
    let mut paths: Vec<String> = crate::model::money_fields(d)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    paths.extend(crate::model::count_fields(d).into_iter().map(|(p, _)| p));
    for p in paths {
        if carried.iter().any(|c| p.starts_with(c)) && !imp.sources.contains_key(&p) {
            imp.sources.insert(p, Source::Texts(label.to_string()));
        }
    }
}

fn norm_name(s: &str) -> String {
    crate::model::workbook::norm(s)
}

/// Last year's totals, computed from last year's data file (with its year's catalogue)
/// the way `last_year.file` computes them; typed, so the imported file stands alone.
fn last_year_of(prev: &ReportData) -> LastYear {
    let (catalog, _) = Catalog::for_year(prev.unit.year);
    let fig = crate::compute::compute(prev, catalog, &Settings::default());
    let mut ly = crate::compute::Previous::new("", prev, &fig, catalog).last_year();
    ly.file = None;
    ly
}

/// What a report needs that neither the workbook nor the texts file gave.
pub fn list_gaps(imp: &mut Imported, texts_given: bool) {
    let d = &imp.data;
    let how = if texts_given {
        "texts 文件中也没有，请填写"
    } else {
        "工作簿中没有，请填写，或用 --texts 从已有数据文件带入"
    };
    let mut gaps: Vec<(&str, &str)> = Vec::new();
    if d.overview.duties.trim().is_empty() {
        gaps.push(("overview.duties", "第一部分 部门职责"));
    }
    let ly = &d.last_year;
    if ly.total.is_none() && ly.fiscal_total.is_none() && ly.general_budget_expenditure.is_none() {
        gaps.push(("last_year", "上年数（正文中每一处“与上年相比”）"));
    }
    let r = &d.reasons;
    if r.total_change.is_none() && r.fiscal_change.is_none() && r.general_budget_change.is_none() {
        gaps.push(("reasons", "变动原因（主要变动原因）"));
    }
    let gb_project: Money = d
        .expenditure
        .iter()
        .filter(|e| e.fund == crate::model::Fund::GeneralBudget)
        .map(|e| e.project)
        .sum();
    if d.projects.is_empty() && !gb_project.is_zero() {
        gaps.push((
            "projects",
            "项目清单（名称、金额、绩效），一般公共预算项目支出须等于各项目之和",
        ));
    }
    if !d.expenditure.is_empty() && d.expenditure.iter().all(|e| e.budget.is_none()) {
        gaps.push((
            "expenditure[].budget",
            "各项支出的全年预算数（正文五（三）的“完成预算%”）",
        ));
    }
    if d.performance.overall_score.is_none() && d.performance.overall_summary.trim().is_empty() {
        gaps.push(("performance", "预算绩效管理情况与整体绩效自评"));
    }
    if !texts_given {
        gaps.push((
            "unit.type",
            "单位性质与报告类型（unit.type、unit.kind），现按默认值 事业单位、部门",
        ));
    }
    for (path, what) in gaps {
        if !imp.missing.iter().any(|m| m.path == path) {
            imp.missing.push(Missing {
                path: path.into(),
                what: format!("{what}：{how}"),
            });
        }
    }
}
