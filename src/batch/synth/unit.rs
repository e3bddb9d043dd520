//! One synthetic unit: its staff and spending drawn from a profile, then written as a
//! data file. The stages draw from the random generator in a fixed order, so a seed
//! always gives the same files.

use std::fmt::Write as _;

use super::{y, Profile, Rng, DISTRICT, PROFILES, REGION, YEAR};

/// `share`‰ of `total`, in 分.
fn part(total: i64, permille: i64) -> i64 {
    total * permille / 1000
}

/// One line of the expenditure table.
struct Line {
    code: &'static str,
    fund: &'static str,
    personnel: i64,
    public: i64,
    project: i64,
    budget: Option<i64>,
    reason: Option<&'static str>,
}

/// Who the unit is.
struct Identity {
    p: &'static Profile,
    name: String,
    short: String,
    staff: i64,
    unit_type: &'static str,
    administrative: bool,
}

fn identity(rng: &mut Rng, n: usize) -> Identity {
    let p = rng.pick(PROFILES);
    let base_name = *rng.pick(p.names);
    let name = format!(
        "{DISTRICT}{base_name}{}",
        if n == 0 {
            String::new()
        } else {
            format!("（{n}）")
        }
    );
    let short = format!("东区{base_name}");
    let staff = rng.range(4, 90);
    let unit_type = if p.administrative {
        "行政单位"
    } else if rng.chance(20) {
        "参公事业单位"
    } else {
        "事业单位"
    };
    let administrative = unit_type != "事业单位";

    Identity {
        p,
        name,
        short,
        staff,
        unit_type,
        administrative,
    }
}

/// 基本支出 by 经济分类 and the 三公 items it holds.
struct Basic {
    econ: Vec<(&'static str, i64)>,
    personnel: i64,
    reception: i64,
    vehicles: i64,
    vehicle_op: i64,
    public_items: Vec<(&'static str, i64)>,
    public: i64,
}

fn basic(rng: &mut Rng, staff: i64, administrative: bool) -> Basic {
    // 人员经费 by 经济分类 (‰ of the wage bill), public by item.
    let wage_bill = staff * rng.range(95_000, 160_000) * 100;
    let mut econ: Vec<(&str, i64)> = vec![
        ("30101", part(wage_bill, 260)),
        (
            "30102",
            part(wage_bill, if administrative { 120 } else { 40 }),
        ),
        ("30103", part(wage_bill, 90)),
        (
            "30107",
            part(wage_bill, if administrative { 0 } else { 200 }),
        ),
        ("30108", part(wage_bill, 110)),
        ("30109", part(wage_bill, 45)),
        ("30110", part(wage_bill, 55)),
        (
            "30111",
            if administrative {
                part(wage_bill, 15)
            } else {
                0
            },
        ),
        ("30112", part(wage_bill, 8)),
        ("30113", part(wage_bill, 70)),
    ];
    let named: i64 = econ.iter().map(|e| e.1).sum();
    econ.push(("30199", rng.range(0, part(wage_bill, 30)).max(0)));
    if rng.chance(30) {
        econ.push(("30302", rng.range(1, 40) * 100_000));
    }
    let _ = named;
    let personnel: i64 = econ.iter().map(|e| e.1).sum();
    let reception = if administrative && rng.chance(50) {
        rng.range(1_000, 40_000) * 100
    } else {
        0
    };
    let vehicles = if administrative && rng.chance(40) {
        rng.range(1, 3)
    } else {
        0
    };
    let vehicle_op = vehicles * rng.range(8_000, 25_000) * 100;
    let mut public_items: Vec<(&str, i64)> = vec![
        (
            "30201",
            staff * rng.range(800, 3_000) * 100 + rng.range(0, 99),
        ),
        ("30205", rng.range(0, 20_000) * 100),
        ("30206", rng.range(2_000, 60_000) * 100),
        ("30207", rng.range(500, 8_000) * 100),
        ("30211", staff * rng.range(200, 2_000) * 100),
        ("30228", part(wage_bill, 20)),
        ("30229", staff * rng.range(0, 1_500) * 100),
    ];
    if rng.chance(40) {
        public_items.push(("30213", rng.range(5_000, 80_000) * 100 + rng.range(0, 99)));
    }
    if reception > 0 {
        public_items.push(("30217", reception));
    }
    if vehicle_op > 0 {
        public_items.push(("30231", vehicle_op));
    }
    if rng.chance(30) {
        public_items.push(("30299", rng.range(1_000, 50_000) * 100));
    }
    public_items.retain(|e| e.1 > 0);
    let public: i64 = public_items.iter().map(|e| e.1).sum();

    Basic {
        econ,
        personnel,
        reception,
        vehicles,
        vehicle_op,
        public_items,
        public,
    }
}

/// A project: name, 项 code, amount, budget, whether it is under performance management.
type DraftProject = (String, &'static str, i64, i64, bool);

fn draw_projects(rng: &mut Rng, p: &Profile) -> Vec<DraftProject> {
    // Projects (none for about a fifth of the units).
    let mut projects: Vec<DraftProject> = Vec::new();
    if !rng.chance(20) {
        let count = rng.range(1, 6) as usize;
        for i in 0..count {
            let code = *rng.pick(p.project_codes);
            let amount = rng.range(20_000, 3_000_000) * 100 + rng.range(0, 99);
            let budget = if rng.chance(30) {
                amount + rng.range(1_000, 200_000) * 100
            } else {
                amount
            };
            let pname = format!(
                "{}{}",
                rng.pick(p.projects),
                if i == 0 {
                    String::new()
                } else {
                    format!("（{}期）", i + 1)
                }
            );
            projects.push((pname, code, amount, budget, rng.chance(70)));
        }
    }
    projects
}

/// The expenditure lines (basic spending by 项, projects, non-fiscal money).
fn expenditure(rng: &mut Rng, id: &Identity, b: &Basic) -> (Vec<Line>, Vec<DraftProject>, i64) {
    let (p, administrative, econ, personnel, public) =
        (id.p, id.administrative, &b.econ, b.personnel, b.public);
    // Personnel by 功能分类: pensions, medical and housing on their own 项.
    let get = |code: &str| econ.iter().find(|e| e.0 == code).map(|e| e.1).unwrap_or(0);
    let medical_code = if administrative { "2101101" } else { "2101102" };
    let special = [
        ("2080505", get("30108")),
        ("2080506", get("30109")),
        (medical_code, get("30110")),
        ("2101103", get("30111")),
        ("2210201", get("30113")),
    ];
    let run_personnel = personnel - special.iter().map(|s| s.1).sum::<i64>();
    let mut lines = vec![Line {
        code: p.run_code,
        fund: "一般公共预算",
        personnel: run_personnel,
        public,
        project: 0,
        budget: None,
        reason: None,
    }];
    for (code, amount) in special {
        if amount > 0 {
            lines.push(Line {
                code,
                fund: "一般公共预算",
                personnel: amount,
                public: 0,
                project: 0,
                budget: None,
                reason: None,
            });
        }
    }
    let projects = draw_projects(rng, p);
    let mut project_codes: Vec<&str> = projects.iter().map(|x| x.1).collect();
    project_codes.sort();
    project_codes.dedup();
    for code in project_codes {
        let amount: i64 = projects.iter().filter(|x| x.1 == code).map(|x| x.2).sum();
        let budget: i64 = projects.iter().filter(|x| x.1 == code).map(|x| x.3).sum();
        match lines
            .iter_mut()
            .find(|l| l.code == code && l.fund == "一般公共预算")
        {
            Some(l) => l.project += amount,
            None => lines.push(Line {
                code,
                fund: "一般公共预算",
                personnel: 0,
                public: 0,
                project: amount,
                budget: None,
                reason: None,
            }),
        }
        if let Some(l) = lines
            .iter_mut()
            .find(|l| l.code == code && l.fund == "一般公共预算")
        {
            l.budget = Some(l.budget.unwrap_or(l.personnel + l.public) + budget);
            if budget > amount {
                l.reason = Some("部分项目按进度结转下年实施");
            }
        }
    }
    for l in lines.iter_mut() {
        if l.budget.is_none() {
            l.budget = Some(l.personnel + l.public + l.project);
        }
    }
    // Non-fiscal money (事业收入) for some institutions.
    let business = if !administrative && rng.chance(35) {
        rng.range(10_000, 800_000) * 100
    } else {
        0
    };
    if business > 0 {
        let pers = part(business, rng.range(300, 900));
        lines.push(Line {
            code: p.run_code,
            fund: "其他",
            personnel: pers,
            public: business - pers,
            project: 0,
            budget: None,
            reason: None,
        });
    }

    (lines, projects, business)
}

/// Generates one unit's YAML; `n` numbers the unit (unique names).
pub fn unit_yaml(rng: &mut Rng, n: usize) -> (String, String) {
    let id = identity(rng, n);
    let b = basic(rng, id.staff, id.administrative);
    let (lines, projects, business) = expenditure(rng, &id, &b);
    let t = totals(rng, &lines, &b, business);
    let mut s = String::new();
    write_unit(&mut s, rng, &id, &lines, t.income_gb, business, t.opening);
    write_spending(&mut s, rng, &id, &b, &lines, &projects);
    write_last_year(&mut s, rng, &id, &b, &t, business);
    let file = format!("{}/{:03}-{}.yaml", id.p.folder, n, id.p.folder);
    (file, s)
}

/// The unit's totals.
struct Totals {
    gb_exp: i64,
    gb_project: i64,
    opening: i64,
    income_gb: i64,
    income_total: i64,
    exp_total: i64,
    grand_total: i64,
    basic_total: i64,
}

fn totals(rng: &mut Rng, lines: &[Line], b: &Basic, business: i64) -> Totals {
    let (personnel, public) = (b.personnel, b.public);
    let gb_exp: i64 = lines
        .iter()
        .filter(|l| l.fund == "一般公共预算")
        .map(|l| l.personnel + l.public + l.project)
        .sum();
    let gb_project: i64 = lines
        .iter()
        .filter(|l| l.fund == "一般公共预算")
        .map(|l| l.project)
        .sum();
    let opening = if rng.chance(30) {
        rng.range(1_000, 300_000) * 100
    } else {
        0
    };
    let income_gb = gb_exp
        + if rng.chance(25) {
            rng.range(100, 100_000) * 100
        } else {
            0
        }
        - opening.min(gb_exp / 10);
    let income_total = income_gb + business;
    let exp_total = gb_exp + business;
    let grand_total = income_total + opening;
    let basic_total = personnel + public;

    Totals {
        gb_exp,
        gb_project,
        opening,
        income_gb,
        income_total,
        exp_total,
        grand_total,
        basic_total,
    }
}

/// `unit`, `overview`, `income`, `balances`, `expenditure`.
fn write_unit(
    s: &mut String,
    rng: &mut Rng,
    id: &Identity,
    lines: &[Line],
    income_gb: i64,
    business: i64,
    opening: i64,
) {
    let (p, name, short, staff, unit_type) = (id.p, &id.name, &id.short, id.staff, id.unit_type);
    let w = s;
    let _ = writeln!(
        w,
        "# 合成数据（juesuan synth），仅供测试与基准，非真实单位。\nschema: 1\n"
    );
    let _ = writeln!(w, "unit:\n  name: {name}\n  short_name: {short}\n  kind: {}\n  type: {unit_type}\n  region: {REGION}\n  year: {YEAR}\n", if rng.chance(70) { "部门" } else { "单位" });
    let authorized = staff + rng.range(0, 5);
    let _ = writeln!(
        w,
        "overview:\n  duties: {}\n  staffing:\n    authorized: {authorized}\n    actual: {staff}\n    contracted: {}\n",
        p.duties,
        rng.range(0, 20)
    );
    let _ = writeln!(w, "income:\n  general_budget: {}", y(income_gb));
    if business > 0 {
        let _ = writeln!(w, "  business: {}", y(business));
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
fn write_spending(
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
fn write_last_year(
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
