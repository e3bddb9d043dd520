//! The audit (审核): rules that check a loaded data file and its figures, each with a
//! stable code. Every rule runs; all findings are reported, not the first.

mod performance;

use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::compute::Figures;
use crate::diag::Finding;
use crate::model::{Loaded, Money};
use crate::render::format::yuan;

/// Runs every rule over a loaded file and its figures.
pub fn run(loaded: &Loaded, fig: &Figures, catalog: &Catalog) -> Vec<Finding> {
    let mut out = Vec::new();
    codes(loaded, catalog, &mut out);
    declared_totals(loaded, fig, &mut out);
    performance::run(loaded, fig, catalog, &mut out);
    out
}

/// Every 功能分类 and 经济分类 code must exist in the catalogue or be named in the file.
fn codes(l: &Loaded, catalog: &Catalog, out: &mut Vec<Finding>) {
    let d = &l.data;
    let functional = catalog.functional(d.unit.year);
    for (i, item) in d.expenditure.iter().enumerate() {
        let path = format!("expenditure[{i}].code");
        let code = item.code.trim();
        if code.len() != 7 || !code.chars().all(|c| c.is_ascii_digit()) {
            out.push(
                Finding::error(
                    "C001",
                    &path,
                    format!("功能分类科目编码“{code}”应为7位数字（项级科目）"),
                )
                .at(l.locator.find(&path)),
            );
        } else if !functional.contains(code) && !d.code_names.contains_key(code) {
            out.push(
                Finding::error("C002", &path, format!("功能分类科目编码 {code} 不在{}年科目表中", d.unit.year))
                    .at(l.locator.find(&path))
                    .help(format!("如确为新增科目，请在 code_names 中给出名称，如 code_names: {{\"{code}\": 科目名称}}")),
            );
        }
    }
    for code in d.basic_economic.keys() {
        let path = format!("basic_economic.{code}");
        if !catalog.economic.contains(code) && !d.code_names.contains_key(code) {
            out.push(
                Finding::error(
                    "C003",
                    &path,
                    format!("经济分类科目编码 {code} 不在部门预算支出经济分类科目表中"),
                )
                .at(l.locator.key(&path))
                .help("请核对编码（如 30101 基本工资），或在 code_names 中给出名称"),
            );
        }
    }
}

/// A total stated in the file must equal its derivation.
fn declared_totals(l: &Loaded, fig: &Figures, out: &mut Vec<Finding>) {
    let d = &l.data.declared;
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
    for (path, label, stated, derived) in checks {
        if let Some(s) = stated {
            if s.0 != derived {
                out.push(
                    Finding::error("B001", path, format!("{label}与明细合计不符"))
                        .expected(yuan(derived), yuan(s.0))
                        .at(l.locator.find(path))
                        .help(format!(
                            "{label}由明细计算得出，差额 {} 元",
                            yuan(s.0 - derived)
                        )),
                );
            }
        }
    }
    // The two sides of the 收入支出决算总表 must balance.
    if fig.grand_total != fig.grand_total_expenditure_side {
        out.push(
            Finding::error("B002", "balances", "收入总计与支出总计不平衡")
                .expected(
                    yuan(fig.grand_total),
                    yuan(fig.grand_total_expenditure_side),
                )
                .at(l.locator.find("balances")),
        );
    }
}

/// `juesuan init`: writes a commented, zero-filled data file (see issue "Audit").
pub fn init_command(_args: &crate::cli::InitArgs) -> i32 {
    eprintln!("init 命令尚未实现");
    crate::commands::EXIT_USAGE
}
