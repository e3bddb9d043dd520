//! Writing one synthetic unit as a data file: the sections in file order, from the
//! figures `unit` drew.

use std::fmt::Write as _;

use super::unit::{part, Basic, DraftProject, Identity, Line, NonFiscal, Totals};
use super::{y, Rng, REGION, YEAR};

/// `unit`, `overview`, `income`, `balances`, `expenditure`.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_unit(
    s: &mut String,
    rng: &mut Rng,
    id: &Identity,
    lines: &[Line],
    income_gb: i64,
    nf: NonFiscal,
    opening: i64,
    kind: Option<&'static str>,
) {
    let (p, name, short, staff, unit_type) = (id.p, &id.name, &id.short, id.staff, id.unit_type);
    let w = s;
    let _ = writeln!(
        w,
        "# 合成数据（juesuan synth），仅供测试与基准，非真实单位。\nschema: 1\n"
    );
    let kind = kind.unwrap_or_else(|| if rng.chance(70) { "部门" } else { "单位" });
    let _ = writeln!(w, "unit:\n  name: {name}\n  short_name: {short}\n  kind: {kind}\n  type: {unit_type}\n  region: {REGION}\n  year: {YEAR}\n");
    let authorized = staff + rng.range(0, 5);
    let _ = writeln!(
        w,
        "overview:\n  duties: {}\n  staffing:\n    authorized: {authorized}\n    actual: {staff}\n    contracted: {}\n",
        p.duties,
        rng.range(0, 20)
    );
    let _ = writeln!(w, "income:\n  general_budget: {}", y(income_gb));
    for (k, v) in [
        ("superior_subsidy", nf.superior_subsidy),
        ("business", nf.business),
        ("subordinate_remit", nf.subordinate_remit),
        ("other", nf.other),
    ] {
        if v > 0 {
            let _ = writeln!(w, "  {k}: {}", y(v));
        }
    }
    let _ = writeln!(
        w,
        "\nbalances:\n  opening:\n    general_budget: {}\n",
        y(opening)
    );
    let _ = writeln!(w, "expenditure:");
    for l in lines {
        let _ = writeln!(w, "  - code: \"{}\"\n    fund: {}", l.code, l.fund);
        for (k, v) in [
            ("personnel", l.personnel),
            ("public", l.public),
            ("project", l.project),
            ("remit_superior", l.remit_superior),
            ("subsidy_subordinate", l.subsidy_subordinate),
        ] {
            if v != 0 {
                let _ = writeln!(w, "    {k}: {}", y(v));
            }
        }
        if l.fund == "一般公共预算" {
            if let Some(b) = l.budget {
                let _ = writeln!(w, "    budget: {}", y(b));
            }
            if let Some(r) = l.reason {
                let _ = writeln!(w, "    reason: {r}");
            }
        }
    }
}

/// `basic_economic`, `projects`, `three_public`, `operating_expenses`, `procurement`.
pub(super) fn write_spending(
    w: &mut String,
    rng: &mut Rng,
    id: &Identity,
    b: &Basic,
    lines: &[Line],
    projects: &[DraftProject],
) {
    let _ = lines;
    let (econ, public_items) = (&b.econ, &b.public_items);
    let _ = writeln!(w, "\nbasic_economic:");
    for (code, v) in econ.iter().chain(public_items.iter()) {
        if *v > 0 {
            let _ = writeln!(w, "  \"{code}\": {}", y(*v));
        }
    }
    if projects.is_empty() {
        let _ = writeln!(w, "\nprojects: []");
    } else {
        let _ = writeln!(w, "\nprojects:");
        for (pname, code, amount, budget, managed) in projects {
            let _ = writeln!(
                w,
                "  - name: {pname}\n    code: \"{code}\"\n    amount: {}\n    budget: {}\n    kind: {}\n    economic: {}\n    pre_assessment: {managed}\n    goals: true\n    monitoring: {managed}\n    self_evaluation: true",
                y(*amount),
                y(*budget),
                if rng.chance(60) { "常年" } else { "一次性" },
                super::project_economic(*amount)
            );
        }
    }
    write_three_public(w, rng, id, b);
}

/// `three_public`, `operating_expenses`, `procurement`, `assets`, `performance`.
fn write_three_public(w: &mut String, rng: &mut Rng, id: &Identity, b: &Basic) {
    let (administrative, reception, vehicle_op, vehicles, public) = (
        id.administrative,
        b.reception,
        b.vehicle_op,
        b.vehicles,
        b.public,
    );
    let tp_total = reception + vehicle_op;
    let _ = writeln!(w, "\nthree_public:");
    let _ = writeln!(
        w,
        "  budget:\n    vehicle_operation: {}\n    reception: {}",
        y(vehicle_op
            + if vehicle_op > 0 {
                rng.range(0, 5_000) * 100
            } else {
                0
            }),
        y(reception
            + if reception > 0 {
                rng.range(0, 5_000) * 100
            } else {
                0
            })
    );
    if vehicle_op > 0 {
        let _ = writeln!(
            w,
            "  vehicle_operation: {}\n  fleet:\n    sedan: {vehicles}",
            y(vehicle_op)
        );
    }
    if reception > 0 {
        let batches = rng.range(2, 60);
        let _ = writeln!(
            w,
            "  reception:\n    domestic:\n      amount: {}\n      batches: {batches}\n      persons: {}",
            y(reception),
            batches * rng.range(2, 8)
        );
    }
    if tp_total > 0 {
        let _ = writeln!(w, "  reason_budget: 厉行节约，严格控制“三公”经费支出\n  reason_change: 严格执行公务接待和公务用车管理规定");
    }
    let op_exp = if administrative { public } else { 0 };
    let _ = writeln!(w, "\noperating_expenses: {}\n", y(op_exp));
    if rng.chance(50) {
        let goods = rng.range(0, 300_000) * 100;
        let services = rng.range(0, 500_000) * 100;
        let sme = part(goods + services, rng.range(500, 1000));
        let _ = writeln!(
            w,
            "procurement:\n  goods: {}\n  services: {}\n  sme: {}\n  small_micro: {}\n",
            y(goods),
            y(services),
            y(sme),
            y(part(sme, rng.range(300, 1000)))
        );
    }
    let _ = writeln!(
        w,
        "assets:\n  vehicles:\n    other: {vehicles}\n  equipment_over_1m: {}\n",
        if rng.chance(10) { 1 } else { 0 }
    );
    let _ = writeln!(
        w,
        "performance:\n  overall_score: {}\n  overall_summary: 我单位较好地完成了年度绩效目标，预算执行规范，资金使用效益良好。\n",
        rng.range(80, 98)
    );
}

/// `last_year`, `reasons`, `declared`.
pub(super) fn write_last_year(
    w: &mut String,
    rng: &mut Rng,
    id: &Identity,
    b: &Basic,
    t: &Totals,
    business: i64,
) {
    let _ = business;
    let administrative = id.administrative;
    let (reception, vehicle_op, personnel, public) =
        (b.reception, b.vehicle_op, b.personnel, b.public);
    let op_exp = if administrative { public } else { 0 };
    let tp_total = reception + vehicle_op;
    let (grand_total, income_gb, opening, gb_exp) =
        (t.grand_total, t.income_gb, t.opening, t.gb_exp);
    let (income_total, exp_total, basic_total, gb_project) =
        (t.income_total, t.exp_total, t.basic_total, t.gb_project);
    let ly = |rng: &mut Rng, v: i64| part(v, rng.range(750, 1250));
    let _ = writeln!(
        w,
        "last_year:\n  total: {}\n  fiscal_total: {}\n  general_budget_expenditure: {}",
        y(ly(rng, grand_total)),
        y(ly(rng, income_gb + opening)),
        y(ly(rng, gb_exp))
    );
    if tp_total > 0 {
        let _ = writeln!(
            w,
            "  three_public:\n    vehicle_operation: {}\n    reception: {}",
            y(ly(rng, vehicle_op)),
            y(ly(rng, reception))
        );
    } else {
        // No 三公 spending this year or last: the text says 持平.
        let _ = writeln!(w, "  three_public: {{}}");
    }
    if administrative {
        let _ = writeln!(w, "  operating_expenses: {}", y(ly(rng, op_exp)));
    } else {
        let _ = writeln!(w, "  operating_expenses: {}", y(op_exp));
    }
    let _ = writeln!(
        w,
        "\nreasons:\n  total_change: 人员变动及项目支出调整\n  fiscal_change: 人员变动及项目支出调整\n  general_budget_change: 人员变动及项目支出调整\n  general_budget_vs_budget: 部分项目按进度结转下年实施"
    );
    if administrative {
        let _ = writeln!(
            w,
            "  operating_expenses_change: 严格落实过紧日子要求，压减一般性支出"
        );
    }
    if rng.chance(70) {
        let _ = writeln!(
            w,
            "\ndeclared:\n  income_total: {}\n  expenditure_total: {}\n  grand_total: {}\n  basic: {}\n  personnel: {}\n  public: {}\n  project: {}\n  three_public: {}",
            y(income_total),
            y(exp_total),
            y(grand_total),
            y(basic_total),
            y(personnel),
            y(public),
            y(gb_project),
            y(tp_total)
        );
    }
}
