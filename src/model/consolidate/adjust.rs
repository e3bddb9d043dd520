//! The 调整表 applied: each row eliminates an internal transfer on both sides by the same
//! amount — 上级补助收入 of a unit against 对附属单位补助支出 of its parent, 附属单位上缴收入
//! of the parent against 上缴上级支出 of the unit — so income and expenditure fall alike
//! and the balance identity holds. Both transfers are non-fiscal money: the expenditure
//! side is a line of the fund 其他; 财政拨款 is never eliminated. A row that cannot be
//! applied in full (an unknown member, a side holding less than the amount) is applied
//! as far as both sides allow and says why (rule H002).

use rust_decimal::Decimal;

use super::{Adjustment, Consolidated, Transfer};
use crate::model::{ExpenditureItem, Fund, Loaded, Money, ReportData};

/// A side of an internal transfer: 本级 or a member unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The 部门 file itself (本级 when no member is named `own`).
    Department,
    /// A member, by index.
    Member(usize),
}

/// One row of the 调整表 as applied.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The row (`consolidation.adjustments[index]`).
    pub index: usize,
    pub kind: Transfer,
    pub parent: Option<Party>,
    pub unit: Option<usize>,
    /// 功能分类 项 of the expenditure line it was taken from.
    pub code: Option<String>,
    /// The expenditure line in its party's file (`expenditure[line]`).
    pub line: Option<usize>,
    pub requested: Money,
    /// What was eliminated from each side.
    pub applied: Money,
    /// Why the row was not applied in full.
    pub problem: Option<String>,
}

impl Consolidated {
    /// 本级: the `own` member, or the 部门 file.
    pub fn own_party(&self) -> Party {
        self.members
            .iter()
            .position(|m| m.is_own)
            .map(Party::Member)
            .unwrap_or(Party::Department)
    }

    /// The file of a party.
    pub fn party(&self, p: Party) -> &Loaded {
        match p {
            Party::Department => &self.parent,
            Party::Member(i) => &self.members[i].loaded,
        }
    }

    /// The unit's name and file for messages: `东区第一小学（学校/一小.yaml）`.
    pub fn party_name(&self, p: Party) -> String {
        let l = self.party(p);
        format!("{}（{}）", l.data.unit.name, l.path.display())
    }

    /// Where the party's value at `path` is, as seen from the 部门 file.
    pub fn party_at(&self, p: Party, path: &str) -> Option<crate::diag::Location> {
        match p {
            Party::Department => self.parent.source.find(path),
            Party::Member(i) => self.members[i].at(path),
        }
    }

    /// `file:line:col` of the party's value at `path`.
    pub fn party_describe(&self, p: Party, path: &str) -> String {
        let l = self.party(p);
        self.party_at(p, path)
            .map(|at| at.describe(&l.path))
            .unwrap_or_else(|| l.path.display().to_string())
    }

    /// The member a row names: its path as listed or found (relative to the 部门 file),
    /// or its unit name.
    pub fn find_member(&self, name: &str) -> Option<usize> {
        let norm = |s: &str| s.trim().trim_start_matches("./").replace('\\', "/");
        let want = norm(name);
        let by_path = super::refs::canonical(&super::refs::resolve(&self.parent.path, name));
        self.members
            .iter()
            .position(|m| norm(&m.label) == want)
            .or_else(|| {
                self.members
                    .iter()
                    .position(|m| super::refs::canonical(&m.loaded.path) == by_path)
            })
            .or_else(|| {
                let named: Vec<usize> = (0..self.members.len())
                    .filter(|i| self.members[*i].loaded.data.unit.name == name.trim())
                    .collect();
                (named.len() == 1).then(|| named[0])
            })
    }

    /// The parent of a member unit: the one its 调整表 rows name, else 本级.
    pub fn parent_of(&self, unit: usize) -> Party {
        self.adjustments
            .iter()
            .find(|a| a.unit == Some(unit) && a.parent.is_some())
            .and_then(|a| a.parent)
            .unwrap_or_else(|| self.own_party())
    }
}

/// The income field of a transfer's receiving side.
pub fn income_field(kind: Transfer) -> &'static str {
    match kind {
        Transfer::Subsidy => "superior_subsidy",
        Transfer::Remit => "subordinate_remit",
    }
}

/// The expenditure column of a transfer's paying side.
pub fn expenditure_field(kind: Transfer) -> &'static str {
    match kind {
        Transfer::Subsidy => "subsidy_subordinate",
        Transfer::Remit => "remit_superior",
    }
}

pub fn income_value(d: &ReportData, kind: Transfer) -> Money {
    match kind {
        Transfer::Subsidy => d.income.superior_subsidy,
        Transfer::Remit => d.income.subordinate_remit,
    }
}

fn income_mut(d: &mut ReportData, kind: Transfer) -> &mut Money {
    match kind {
        Transfer::Subsidy => &mut d.income.superior_subsidy,
        Transfer::Remit => &mut d.income.subordinate_remit,
    }
}

pub fn line_value(e: &ExpenditureItem, kind: Transfer) -> Money {
    match kind {
        Transfer::Subsidy => e.subsidy_subordinate,
        Transfer::Remit => e.remit_superior,
    }
}

fn line_mut(e: &mut ExpenditureItem, kind: Transfer) -> &mut Money {
    match kind {
        Transfer::Subsidy => &mut e.subsidy_subordinate,
        Transfer::Remit => &mut e.remit_superior,
    }
}

/// Applies the rows to the consolidated `data`, in order; later rows see what earlier
/// ones took from the same side.
pub fn apply(c: &Consolidated, rows: &[Adjustment], data: &mut ReportData) -> Vec<Applied> {
    let mut out: Vec<Applied> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let mut a = resolve(c, index, row);
        if a.problem.is_none() {
            take(c, row, &mut a, &out, data);
        }
        out.push(a);
    }
    out
}

/// The row's parties; a problem when they are not members.
fn resolve(c: &Consolidated, index: usize, row: &Adjustment) -> Applied {
    let unit = c.find_member(&row.unit);
    let parent = match row.parent.as_deref().map(str::trim) {
        None | Some("本级") | Some("") => Some(c.own_party()),
        Some(name) => c.find_member(name).map(Party::Member),
    };
    let problem = if unit.is_none() {
        Some(format!(
            "单位“{}”不是本部门的成员文件或成员单位名称",
            row.unit
        ))
    } else if parent.is_none() {
        Some(format!(
            "上级“{}”不是本级或本部门的成员",
            row.parent.as_deref().unwrap_or_default()
        ))
    } else if parent == unit.map(Party::Member) || unit.is_some_and(|u| c.members[u].is_own) {
        Some("调整的双方是同一单位（本级不能作为所属单位）".to_string())
    } else if row.amount.0 <= Decimal::ZERO {
        Some(format!("调整金额 {} 应为正数", row.amount))
    } else {
        None
    };
    Applied {
        index,
        kind: row.kind,
        parent,
        unit,
        code: None,
        line: None,
        requested: row.amount,
        applied: Money::ZERO,
        problem,
    }
}

/// The column's Chinese name on the paying side.
fn column_word(kind: Transfer) -> &'static str {
    match kind {
        Transfer::Subsidy => "对附属单位补助支出",
        Transfer::Remit => "上缴上级支出",
    }
}

/// The payer's line of the fund 其他 carrying the transfer (the one `row.code` names,
/// or its only one); why there is none to take from.
fn payer_line(c: &Consolidated, row: &Adjustment, payer: Party) -> Result<usize, String> {
    let kind = row.kind;
    let lines = &c.party(payer).data.expenditure;
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|i| {
            let l = &lines[*i];
            l.fund == Fund::Other
                && !line_value(l, kind).is_zero()
                && row.code.as_deref().is_none_or(|code| l.code == code.trim())
        })
        .collect();
    let codes: std::collections::BTreeSet<&str> =
        candidates.iter().map(|i| lines[*i].code.as_str()).collect();
    let column = column_word(kind);
    let payer_name = c.party_name(payer);
    if codes.len() > 1 {
        return Err(format!(
            "{payer_name}在多个功能分类科目（{}）有{column}，请用 code 写明本行抵销哪一个",
            codes.into_iter().collect::<Vec<_>>().join("、")
        ));
    }
    candidates.first().copied().ok_or_else(|| {
        let fiscal = lines
            .iter()
            .any(|l| l.fund.is_fiscal() && !line_value(l, kind).is_zero());
        format!(
            "{payer_name}没有{}“其他”资金的{column}可以抵销{}",
            row.code
                .as_deref()
                .map(|c| format!("科目 {c} 中"))
                .unwrap_or_default(),
            if fiscal {
                "（财政拨款不抵销：内部往来应列在“其他”资金的支出明细中）"
            } else {
                ""
            }
        )
    })
}

/// Takes the row's amount from both sides as far as they hold it.
fn take(
    c: &Consolidated,
    row: &Adjustment,
    a: &mut Applied,
    done: &[Applied],
    data: &mut ReportData,
) {
    let (Some(parent), Some(unit)) = (a.parent, a.unit) else {
        return;
    };
    let unit = Party::Member(unit);
    let (receiver, payer) = match row.kind {
        Transfer::Subsidy => (unit, parent),
        Transfer::Remit => (parent, unit),
    };
    let kind = row.kind;
    let line = match payer_line(c, row, payer) {
        Ok(l) => l,
        Err(why) => {
            a.problem = Some(why);
            return;
        }
    };
    let lines = &c.party(payer).data.expenditure;
    let column = column_word(kind);
    let payer_name = c.party_name(payer);
    let same = |x: &Applied, side: Party, on_line: bool| {
        x.kind == kind
            && match kind {
                Transfer::Subsidy => {
                    (on_line && x.parent == Some(side) && x.line == Some(line))
                        || (!on_line && x.unit.map(Party::Member) == Some(side))
                }
                Transfer::Remit => {
                    (on_line && x.unit.map(Party::Member) == Some(side) && x.line == Some(line))
                        || (!on_line && x.parent == Some(side))
                }
            }
    };
    let taken_line: Money = done
        .iter()
        .filter(|x| same(x, payer, true))
        .map(|x| x.applied)
        .sum();
    let taken_income: Money = done
        .iter()
        .filter(|x| same(x, receiver, false))
        .map(|x| x.applied)
        .sum();
    let on_line = line_value(&lines[line], kind) - taken_line;
    let on_income = income_value(&c.party(receiver).data, kind) - taken_income;
    let applied = row
        .amount
        .0
        .min(on_line.0)
        .min(on_income.0)
        .max(Decimal::ZERO);
    let code = lines[line].code.clone();
    a.code = Some(code.clone());
    a.line = Some(line);
    a.applied = Money(applied);
    if applied < row.amount.0 {
        let side = if on_income.0 < on_line.0 {
            format!(
                "{}的{}（尚未抵销的）只有 {on_income} 元",
                c.party_name(receiver),
                if kind == Transfer::Subsidy {
                    "上级补助收入"
                } else {
                    "附属单位上缴收入"
                }
            )
        } else {
            format!("{payer_name}科目 {code} 的{column}（尚未抵销的）只有 {on_line} 元")
        };
        a.problem = Some(format!(
            "调整 {} 元，但{side}：两边不能同减同一金额，只抵销了 {applied} 元",
            row.amount
        ));
    }
    *income_mut(data, kind) = *income_mut(data, kind) - Money(applied);
    if let Some(l) = data
        .expenditure
        .iter_mut()
        .find(|l| l.code == code && l.fund == Fund::Other)
    {
        *line_mut(l, kind) = *line_mut(l, kind) - Money(applied);
    }
}

/// Σ of a member's expenditure column over its lines.
pub fn column_total(d: &ReportData, kind: Transfer) -> Money {
    d.expenditure.iter().map(|l| line_value(l, kind)).sum()
}

/// The first line with the column, for locating it.
pub fn first_line(d: &ReportData, kind: Transfer) -> Option<usize> {
    d.expenditure
        .iter()
        .position(|l| !line_value(l, kind).is_zero())
}
