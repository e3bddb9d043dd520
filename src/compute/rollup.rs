//! Roll-ups of line items into the 类 / 款 / 项 hierarchy, as the 决算 tables print them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::Names;
use crate::model::{ExpenditureItem, Money};

/// Level of a classification row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum Level {
    /// 类 (3 digits).
    #[default]
    Class,
    /// 款 (5 digits).
    Kuan,
    /// 项 (7 digits).
    Xiang,
}

impl Level {
    pub fn of(code: &str) -> Level {
        match code.len() {
            0..=3 => Level::Class,
            4 | 5 => Level::Kuan,
            _ => Level::Xiang,
        }
    }
    pub fn depth(self) -> usize {
        match self {
            Level::Class => 0,
            Level::Kuan => 1,
            Level::Xiang => 2,
        }
    }
}

/// A 功能分类 row with amounts by nature (元, exact).
#[derive(Debug, Clone, Serialize, Default)]
pub struct FuncRow {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub personnel: Decimal,
    pub public: Decimal,
    pub basic: Decimal,
    pub project: Decimal,
    pub remit_superior: Decimal,
    pub operating: Decimal,
    pub subsidy_subordinate: Decimal,
    pub total: Decimal,
    /// Σ 全年预算数 of the lines that state one.
    pub budget: Option<Decimal>,
}

impl FuncRow {
    fn add(&mut self, i: &ExpenditureItem) {
        self.personnel += i.personnel.0;
        self.public += i.public.0;
        self.basic += i.basic().0;
        self.project += i.project.0;
        self.remit_superior += i.remit_superior.0;
        self.operating += i.operating.0;
        self.subsidy_subordinate += i.subsidy_subordinate.0;
        self.total += i.total().0;
        if let Some(b) = i.budget {
            self.budget = Some(self.budget.unwrap_or_default() + b.0);
        }
    }
}

/// 类, 款 and 项 rows of the items that pass `keep`, in catalogue order, each 类
/// followed by its 款 and each 款 by its 项. Names come from the catalogue or the
/// data file's `code_names` (an unknown code prints its code).
pub fn functional_rows(
    items: &[ExpenditureItem],
    names: &Names,
    keep: impl Fn(&ExpenditureItem) -> bool,
) -> Vec<FuncRow> {
    let mut rows: BTreeMap<(usize, String), FuncRow> = BTreeMap::new();
    for i in items.iter().filter(|i| keep(i)) {
        let code = i.code.trim();
        for cut in [3, 5, 7] {
            if code.len() < cut {
                continue;
            }
            let c = &code[..cut];
            let key = (sort_key(names, c), c.to_string());
            let row = rows.entry(key).or_insert_with(|| FuncRow {
                code: c.to_string(),
                name: names.functional_name(c).unwrap_or_else(|| c.to_string()),
                level: Level::of(c),
                ..FuncRow::default()
            });
            row.add(i);
        }
    }
    rows.into_values().collect()
}

/// Catalogue order, but a child always sorts right after its parent even when the
/// child is unknown to the catalogue.
fn sort_key(names: &Names, code: &str) -> usize {
    let own = names.functional.order(code);
    if own < usize::MAX / 2 {
        return own * 4;
    }
    // Unknown: place after the parent's known position.
    let parent = if code.len() > 3 {
        &code[..code.len() - 2]
    } else {
        ""
    };
    if parent.is_empty() {
        usize::MAX / 2
    } else {
        sort_key(names, parent) + 1
    }
}

/// An 经济分类 row (类 or 款).
#[derive(Debug, Clone, Serialize)]
pub struct EconRow {
    pub code: String,
    pub name: String,
    pub amount: Decimal,
}

/// 类 and 款 rows of an amount-by-款 map, in code order.
pub fn economic_rows(map: &BTreeMap<String, Money>, names: &Names) -> Vec<EconRow> {
    let mut rows: BTreeMap<String, EconRow> = BTreeMap::new();
    for (code, amount) in map {
        let code = code.trim();
        for cut in [3, 5] {
            if code.len() < cut {
                continue;
            }
            let c = &code[..cut];
            let row = rows.entry(c.to_string()).or_insert_with(|| EconRow {
                code: c.to_string(),
                name: names.economic_name(c).unwrap_or_else(|| c.to_string()),
                amount: Decimal::ZERO,
            });
            row.amount += amount.0;
        }
    }
    rows.into_values().collect()
}
