//! Last year's figures taken from last year's data file (computed by `compute` like any
//! data file): every 上年 figure the text compares with, and what the audit needs to tell
//! a scope change (unit name, kind, the 功能分类 项 used and their names).

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Figures, TpAmounts};
use crate::catalog::{Catalog, Names};
use crate::model::{LastYear, Money, ReportData, ReportKind, ThreePublicAmounts};

/// Last year's figures from its data file.
#[derive(Debug, Clone, Serialize)]
pub struct Previous {
    /// The file as the data file names it (`../2022/unit.yaml`).
    pub file: String,
    pub year: i32,
    pub unit_name: String,
    pub kind: ReportKind,
    /// 收、支总计.
    pub total: Decimal,
    /// 财政拨款收、支总计.
    pub fiscal_total: Decimal,
    /// 一般公共预算财政拨款支出.
    pub general_budget_expenditure: Decimal,
    /// 财政拨款“三公”经费 决算 by item.
    pub three_public: TpAmounts,
    /// 机关运行经费.
    pub operating_expenses: Decimal,
    /// 功能分类 项 with spending last year and their names in last year's catalogue
    /// (or the file's `code_names`).
    pub xiang: Vec<(String, String)>,
}

impl Previous {
    /// Last year's figures of `data` (computed as `fig` with `catalog`, its year's).
    pub fn new(file: &str, data: &ReportData, fig: &Figures, catalog: &Catalog) -> Previous {
        let names = Names {
            functional: catalog.functional(data.unit.year),
            economic: &catalog.economic,
            custom: &data.code_names,
        };
        Previous {
            file: file.to_string(),
            year: data.unit.year,
            unit_name: data.unit.name.clone(),
            kind: data.unit.kind,
            total: fig.grand_total,
            fiscal_total: fig.fiscal.grand_total,
            general_budget_expenditure: fig.general_budget.total,
            three_public: fig.three_public.actual.clone(),
            operating_expenses: fig.operating_expenses.current,
            xiang: fig
                .used_xiang
                .iter()
                .map(|c| (c.clone(), names.functional_name(c).unwrap_or_default()))
                .collect(),
        }
    }

    /// The `last_year` block these figures stand for (the typed one is kept for the
    /// audit, which compares the two).
    pub fn last_year(&self) -> LastYear {
        let t = &self.three_public;
        LastYear {
            file: Some(self.file.clone()),
            total: Some(Money(self.total)),
            fiscal_total: Some(Money(self.fiscal_total)),
            general_budget_expenditure: Some(Money(self.general_budget_expenditure)),
            three_public: Some(ThreePublicAmounts {
                abroad: Money(t.abroad),
                vehicle_purchase: Money(t.vehicle_purchase),
                vehicle_operation: Money(t.vehicle_operation),
                reception: Money(t.reception),
            }),
            operating_expenses: Some(Money(self.operating_expenses)),
        }
    }
}
