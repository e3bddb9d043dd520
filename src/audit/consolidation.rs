//! 汇总 (consolidation): a 部门 summed from member files — every member there once and of
//! the same year, the 调整表 applicable on both sides, every internal transfer between a
//! parent and its units eliminated, 本级 counted once, 机关运行经费 of 行政/参公 units
//! only, a change of scope reported. Findings point at the value in the file holding it
//! (the 部门 file or a member's) and name the other side's file with its line and column.
//! Rules of files that are no 部门 of members do not apply.

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::format::yuan;
use crate::model::consolidate::adjust::{column_total, first_line, income_value};
use crate::model::consolidate::{Party, Transfer};
use crate::model::refs;
use crate::model::{Consolidated, Money};

pub fn rules() -> Vec<Rule> {
    let r = |code, severity, title, check: fn(&Ctx) -> Outcome| Rule {
        code,
        severity,
        group: Group::Consolidation,
        title,
        check: Some(check),
    };
    vec![
        r(
            refs::UNREADABLE,
            Severity::Error,
            "成员文件存在、可读取并能载入（成员文件自身的问题标在该文件中）",
            unreadable,
        ),
        r(refs::CYCLE, Severity::Error, "成员文件不引用回正在载入的文件", cycle),
        r(
            refs::WRONG_YEAR,
            Severity::Error,
            "成员文件与部门文件为同一决算年度",
            wrong_year,
        ),
        r(
            "H001",
            Severity::Error,
            "每个成员只列一次（直接列出、目录中、成员部门中）",
            duplicates,
        ),
        r(
            "H002",
            Severity::Error,
            "调整表各行能在双方同减同一金额（双方是本级或成员，内部往来列在“其他”资金中且足够）",
            adjustments,
        ),
        r(
            "H003",
            Severity::Error,
            "上下级之间的内部往来全部由调整表抵销（上级补助收入/对附属单位补助支出，附属单位上缴收入/上缴上级支出）",
            uncovered,
        ),
        r(
            "H004",
            Severity::Error,
            "本级只计一次：consolidation.own 指定本级文件时，部门文件本身不填金额",
            own_twice,
        ),
        r(
            "H005",
            Severity::Warning,
            "机关运行经费只汇总行政单位和参公事业单位的",
            operating,
        ),
        r(
            "H006",
            Severity::Warning,
            "汇总范围与上年不同时报告（consolidation.last_year_members）",
            scope_change,
        ),
        r(
            "H007",
            Severity::Warning,
            "部门文件所列纳入编制范围的单位与成员一致（overview.included_units）",
            included_units,
        ),
    ]
}

fn with(ctx: &Ctx, f: impl FnOnce(&Consolidated) -> Vec<Finding>) -> Outcome {
    match &ctx.loaded.consolidation {
        Some(c) => Outcome::of(f(c)),
        None => Outcome::NotApplicable,
    }
}

fn unreadable(ctx: &Ctx) -> Outcome {
    with(ctx, |c| {
        c.load_findings
            .iter()
            .filter(|f| f.code != refs::CYCLE && f.code != refs::WRONG_YEAR)
            .cloned()
            .collect()
    })
}

fn coded(ctx: &Ctx, code: &str) -> Outcome {
    with(ctx, |c| {
        c.load_findings
            .iter()
            .filter(|f| f.code == code)
            .cloned()
            .collect()
    })
}

fn cycle(ctx: &Ctx) -> Outcome {
    coded(ctx, refs::CYCLE)
}

fn wrong_year(ctx: &Ctx) -> Outcome {
    coded(ctx, refs::WRONG_YEAR)
}

fn duplicates(ctx: &Ctx) -> Outcome {
    with(ctx, |c| {
        c.duplicates
            .iter()
            .map(|d| {
                let field = d
                    .entry
                    .map(|i| format!("consolidation.members[{i}]"))
                    .unwrap_or_else(|| "consolidation.own".into());
                Finding::error(
                    "H001",
                    &field,
                    format!(
                        "成员“{}”重复列出（已作为“{}”列入），只汇总一次",
                        d.label, d.first
                    ),
                )
                .at(c.parent.source.find(&field))
                .help("删去重复的一项；目录成员包括其中全部数据文件，成员部门包括其成员")
            })
            .collect()
    })
}

fn adjustments(ctx: &Ctx) -> Outcome {
    with(ctx, |c| {
        c.adjustments
            .iter()
            .filter_map(|a| {
                let problem = a.problem.as_ref()?;
                let field = format!("consolidation.adjustments[{}]", a.index);
                let mut sides = Vec::new();
                if let (Some(u), Some(p)) = (a.unit, a.parent) {
                    let unit = Party::Member(u);
                    let (receiver, payer) = match a.kind {
                        Transfer::Subsidy => (unit, p),
                        Transfer::Remit => (p, unit),
                    };
                    sides.push(format!(
                        "收入方 {}",
                        c.party_describe(receiver, &income_path(a.kind))
                    ));
                    let line = a.line.or_else(|| first_line(&c.party(payer).data, a.kind));
                    if let Some(l) = line {
                        sides.push(format!(
                            "支出方 {}",
                            c.party_describe(payer, &line_path(l, a.kind))
                        ));
                    }
                }
                let at_sides = if sides.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", sides.join("；"))
                };
                Some(
                    Finding::error(
                        "H002",
                        &field,
                        format!(
                            "调整表第{}行（{}）：{problem}{at_sides}",
                            a.index + 1,
                            a.kind.word()
                        ),
                    )
                    .expected(yuan(a.requested.0), yuan(a.applied.0))
                    .at(c.parent.source.find(&field))
                    .help(
                        "调整表每一行在收入方和支出方同减同一金额；请核对单位、上级、金额与 code",
                    ),
                )
            })
            .collect()
    })
}

fn income_path(kind: Transfer) -> String {
    format!(
        "income.{}",
        crate::model::consolidate::adjust::income_field(kind)
    )
}

fn line_path(line: usize, kind: Transfer) -> String {
    format!(
        "expenditure[{line}].{}",
        crate::model::consolidate::adjust::expenditure_field(kind)
    )
}

/// Where a party's side of a transfer is: its income field, or its first line with the
/// column.
fn side_path(c: &Consolidated, p: Party, kind: Transfer, receiving: bool) -> String {
    if receiving {
        income_path(kind)
    } else {
        first_line(&c.party(p).data, kind)
            .map(|l| line_path(l, kind))
            .unwrap_or_else(|| "expenditure".into())
    }
}

/// A party's side of a transfer: received (income) or paid (expenditure column).
fn side_value(c: &Consolidated, p: Party, kind: Transfer, receiving: bool) -> Money {
    let d = &c.party(p).data;
    if receiving {
        income_value(d, kind)
    } else {
        column_total(d, kind)
    }
}

fn words(kind: Transfer) -> (&'static str, &'static str) {
    match kind {
        Transfer::Subsidy => ("上级补助收入", "对附属单位补助支出"),
        Transfer::Remit => ("上缴上级支出", "附属单位上缴收入"),
    }
}

fn uncovered(ctx: &Ctx) -> Outcome {
    with(ctx, |c| {
        let mut out = Vec::new();
        for kind in [Transfer::Subsidy, Transfer::Remit] {
            out.extend(uncovered_units(c, kind));
            out.extend(uncovered_parents(c, kind));
        }
        out
    })
}

/// Each unit's side (上级补助收入, 上缴上级支出) against what the 调整表 took from it.
fn uncovered_units(c: &Consolidated, kind: Transfer) -> Vec<Finding> {
    let (unit_word, parent_word) = words(kind);
    let unit_receives = kind == Transfer::Subsidy;
    let mut out = Vec::new();
    for (i, m) in c.members.iter().enumerate() {
        if m.is_own {
            continue;
        }
        let me = Party::Member(i);
        let have = side_value(c, me, kind, unit_receives);
        let taken: Money = c
            .adjustments
            .iter()
            .filter(|a| a.kind == kind && a.unit == Some(i))
            .map(|a| a.applied)
            .sum();
        if have == taken {
            continue;
        }
        let parent = c.parent_of(i);
        let path = side_path(c, me, kind, unit_receives);
        out.push(
            Finding::error(
                "H003",
                &path,
                format!(
                    "{}的{unit_word} {} 元，调整表抵销 {} 元，未抵销 {} 元；对方：上级{}的{parent_word} {} 元（{}）",
                    c.party_name(me),
                    yuan(have.0),
                    yuan(taken.0),
                    yuan((have - taken).0),
                    c.party_name(parent),
                    yuan(side_value(c, parent, kind, !unit_receives).0),
                    c.party_describe(parent, &side_path(c, parent, kind, !unit_receives)),
                ),
            )
            .expected(yuan(have.0), yuan(taken.0))
            .at(c.party_at(me, &path))
            .help("本部门内上下级之间的补助、上缴应在调整表（consolidation.adjustments）中逐项抵销；不一致时请核对双方的数"),
        );
    }
    out
}

/// Each parent's side (对附属单位补助支出, 附属单位上缴收入) against what the 调整表 took
/// from it, naming its units' files.
fn uncovered_parents(c: &Consolidated, kind: Transfer) -> Vec<Finding> {
    let (unit_word, parent_word) = words(kind);
    let parent_receives = kind == Transfer::Remit;
    let mut parents = vec![c.own_party()];
    for a in &c.adjustments {
        if let Some(p) = a.parent {
            if !parents.contains(&p) {
                parents.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for p in parents {
        let have = side_value(c, p, kind, parent_receives);
        let taken: Money = c
            .adjustments
            .iter()
            .filter(|a| a.kind == kind && a.parent == Some(p))
            .map(|a| a.applied)
            .sum();
        if have == taken {
            continue;
        }
        let units: Vec<String> = (0..c.members.len())
            .filter(|i| !c.members[*i].is_own && c.parent_of(*i) == p)
            .map(Party::Member)
            .filter(|u| !side_value(c, *u, kind, !parent_receives).is_zero())
            .map(|u| {
                format!(
                    "{} {} 元（{}）",
                    c.party(u).data.unit.name,
                    yuan(side_value(c, u, kind, !parent_receives).0),
                    c.party_describe(u, &side_path(c, u, kind, !parent_receives))
                )
            })
            .collect();
        let path = side_path(c, p, kind, parent_receives);
        let units = if units.is_empty() {
            "所属成员单位都没有".to_string() + unit_word
        } else {
            format!("所属单位的{unit_word}：{}", units.join("、"))
        };
        out.push(
            Finding::error(
                "H003",
                &path,
                format!(
                    "{}的{parent_word} {} 元，调整表抵销 {} 元，未抵销 {} 元；{units}",
                    c.party_name(p),
                    yuan(have.0),
                    yuan(taken.0),
                    yuan((have - taken).0),
                ),
            )
            .expected(yuan(have.0), yuan(taken.0))
            .at(c.party_at(p, &path))
            .help("上级与所属单位的内部往来两边应相等，并在调整表中全部抵销"),
        );
    }
    out
}

fn own_twice(ctx: &Ctx) -> Outcome {
    with(ctx, |c| {
        let Some(own) = c.own() else {
            return Vec::new();
        };
        let mut stated = c
            .provenance
            .leaves
            .values()
            .flatten()
            .filter(|p| p.file.is_none() && !p.value.is_zero() && c.parent.source.has(&p.path));
        let Some(first) = stated.next() else {
            return Vec::new();
        };
        let more = stated.count();
        vec![Finding::error(
            "H004",
            &first.path,
            format!(
                "本级由成员文件“{}”提供，部门文件本身不应再填金额：{} 为 {}{}",
                own.label,
                first.path,
                first.value,
                if more > 0 {
                    format!("（另有{more}处）")
                } else {
                    String::new()
                }
            ),
        )
        .at(c.parent.source.find(&first.path))
        .help("部门文件只写部门层面的文字（概况、原因说明、绩效自评）与上年汇总数；本级的金额写在本级文件中")]
    })
}

fn operating(ctx: &Ctx) -> Outcome {
    with(ctx, |c| {
        let mut out = Vec::new();
        let p = &c.parent.data;
        if c.own().is_none()
            && !p.unit.unit_type.is_administrative()
            && !p.operating_expenses.is_zero()
        {
            out.push(operating_finding(
                &p.unit.name,
                p.unit.unit_type.word(),
                p.operating_expenses,
                c.parent.source.find("operating_expenses"),
            ));
        }
        for m in c.members.iter().filter(|m| m.operating_excluded) {
            let d = &m.loaded.data;
            out.push(operating_finding(
                &d.unit.name,
                d.unit.unit_type.word(),
                d.operating_expenses,
                m.at("operating_expenses"),
            ));
        }
        out
    })
}

fn operating_finding(
    name: &str,
    ty: &str,
    amount: Money,
    at: Option<crate::diag::Location>,
) -> Finding {
    Finding::warning(
        "H005",
        "operating_expenses",
        format!(
            "{name}是{ty}，其机关运行经费 {} 元不计入部门汇总（只汇总行政单位和参公事业单位的）",
            yuan(amount.0)
        ),
    )
    .at(at)
    .help("核对该单位的单位类型（unit.type）或机关运行经费")
}

fn scope_change(ctx: &Ctx) -> Outcome {
    let Some(c) = &ctx.loaded.consolidation else {
        return Outcome::NotApplicable;
    };
    let Some(last) = c
        .parent
        .data
        .consolidation
        .as_ref()
        .and_then(|s| s.last_year_members.as_ref())
    else {
        return Outcome::NotApplicable;
    };
    let now: Vec<&str> = c
        .units()
        .map(|m| m.loaded.data.unit.name.as_str())
        .collect();
    let last: Vec<&str> = last.iter().map(|s| s.trim()).collect();
    let added: Vec<&str> = now.iter().filter(|n| !last.contains(n)).copied().collect();
    let gone: Vec<&str> = last.iter().filter(|n| !now.contains(n)).copied().collect();
    if added.is_empty() && gone.is_empty() {
        return Outcome::of(Vec::new());
    }
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("新纳入 {}", added.join("、")));
    }
    if !gone.is_empty() {
        parts.push(format!("不再纳入 {}", gone.join("、")));
    }
    const FIELD: &str = "consolidation.last_year_members";
    Outcome::of(vec![Finding::warning(
        "H006",
        FIELD,
        format!(
            "汇总范围与上年不同：{}；上年数是上年的汇总数，与上年相比的增减含范围变化的影响",
            parts.join("；")
        ),
    )
    .at(c.parent.source.find(FIELD))
    .help("在 reasons 的增减原因中写明编制范围的变化")])
}

fn included_units(ctx: &Ctx) -> Outcome {
    with(ctx, |c| {
        let stated = &c.parent.data.overview.included_units;
        if stated.is_empty() {
            return Vec::new();
        }
        let mut a: Vec<&str> = stated.iter().map(|s| s.trim()).collect();
        let mut b: Vec<&str> = c
            .units()
            .map(|m| m.loaded.data.unit.name.as_str())
            .collect();
        a.sort_unstable();
        b.sort_unstable();
        if a == b {
            return Vec::new();
        }
        const FIELD: &str = "overview.included_units";
        vec![Finding::warning(
            "H007",
            FIELD,
            format!(
                "部门文件所列纳入编制范围的单位（{}）与成员单位（{}）不一致；报告按成员列出",
                a.join("、"),
                b.join("、")
            ),
        )
        .at(c.parent.source.find(FIELD))
        .help("部门的 included_units 由成员生成，可以不写")]
    })
}
