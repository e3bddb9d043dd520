//! One synthetic unit: its staff and spending drawn from a profile, then written as a
//! data file. The stages draw from the random generator in a fixed order, so a seed
//! always gives the same files.

use super::write::{write_last_year, write_spending, write_unit};
use super::{Profile, Rng, DISTRICT, PROFILES};

/// `share`‰ of `total`, in 分.
pub(super) fn part(total: i64, permille: i64) -> i64 {
    total * permille / 1000
}

/// One line of the expenditure table.
pub(super) struct Line {
    pub(super) code: &'static str,
    pub(super) fund: &'static str,
    pub(super) personnel: i64,
    pub(super) public: i64,
    pub(super) project: i64,
    pub(super) remit_superior: i64,
    pub(super) subsidy_subordinate: i64,
    pub(super) budget: Option<i64>,
    pub(super) reason: Option<&'static str>,
}

/// Who the unit is.
pub(super) struct Identity {
    pub(super) p: &'static Profile,
    pub(super) name: String,
    pub(super) short: String,
    pub(super) staff: i64,
    pub(super) unit_type: &'static str,
    pub(super) administrative: bool,
}

fn identity(rng: &mut Rng, n: usize, extra: &Extra) -> Identity {
    let p = match extra.profile {
        Some(i) => &PROFILES[i],
        None => rng.pick(PROFILES),
    };
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
    let (name, short) = match &extra.name {
        Some(own) => (format!("{DISTRICT}{own}"), format!("东区{own}")),
        None => (name, short),
    };
    let staff = rng.range(4, 90);
    let unit_type = if let Some(admin) = extra.administrative {
        if admin {
            "行政单位"
        } else {
            "事业单位"
        }
    } else if p.administrative {
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
pub(super) struct Basic {
    pub(super) econ: Vec<(&'static str, i64)>,
    pub(super) personnel: i64,
    pub(super) reception: i64,
    pub(super) vehicles: i64,
    pub(super) vehicle_op: i64,
    pub(super) public_items: Vec<(&'static str, i64)>,
    pub(super) public: i64,
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
pub(super) type DraftProject = (String, &'static str, i64, i64, bool);

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
fn expenditure(
    rng: &mut Rng,
    id: &Identity,
    b: &Basic,
    extra: &Extra,
) -> (Vec<Line>, Vec<DraftProject>, NonFiscal) {
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
        remit_superior: 0,
        subsidy_subordinate: 0,
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
                remit_superior: 0,
                subsidy_subordinate: 0,
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
                remit_superior: 0,
                subsidy_subordinate: 0,
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
            remit_superior: 0,
            subsidy_subordinate: 0,
            budget: None,
            reason: None,
        });
    }

    let nonfiscal = transfers(&mut lines, id, business, extra);
    (lines, projects, nonfiscal)
}

/// Non-fiscal income (元 in 分) by source.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct NonFiscal {
    pub(super) business: i64,
    pub(super) superior_subsidy: i64,
    pub(super) subordinate_remit: i64,
    pub(super) other: i64,
}

impl NonFiscal {
    pub(super) fn total(&self) -> i64 {
        self.business + self.superior_subsidy + self.subordinate_remit + self.other
    }
}

/// The internal transfers of a 部门's member (`extra`), all on one line of the fund
/// 其他 under the unit's running 项, every yuan received spent: a unit spends its
/// 上级补助收入 and pays its 上缴上级支出 from 事业收入 (institutions only); 本级 pays its
/// 对附属单位补助支出 from 附属单位上缴收入 and 其他收入.
fn transfers(lines: &mut Vec<Line>, id: &Identity, business: i64, extra: &Extra) -> NonFiscal {
    let remit_out = if id.administrative {
        0
    } else {
        extra.remit_out
    };
    let nf = NonFiscal {
        business: business + remit_out,
        superior_subsidy: extra.subsidy_in,
        subordinate_remit: extra.remit_in,
        other: (extra.subsidy_out - extra.remit_in).max(0),
    };
    let public = extra.subsidy_in + (extra.remit_in - extra.subsidy_out).max(0);
    if public + remit_out + extra.subsidy_out == 0 {
        return nf;
    }
    let code = id.p.run_code;
    let at = match lines
        .iter()
        .position(|l| l.code == code && l.fund == "其他")
    {
        Some(i) => i,
        None => {
            lines.push(Line {
                code,
                fund: "其他",
                personnel: 0,
                public: 0,
                project: 0,
                remit_superior: 0,
                subsidy_subordinate: 0,
                budget: None,
                reason: None,
            });
            lines.len() - 1
        }
    };
    let l = &mut lines[at];
    l.public += public;
    l.remit_superior += remit_out;
    l.subsidy_subordinate += extra.subsidy_out;
    nf
}

/// Generates one unit's YAML; `n` numbers the unit (unique names).
pub fn unit_yaml(rng: &mut Rng, n: usize) -> (String, String) {
    let (file, text, _) = unit_with(rng, n, &Extra::default());
    (file, text)
}

/// What a 部门 asks of one of its member units (all amounts in 分; zero: none).
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// Index into the profiles (the 部门's line of work); else drawn.
    pub profile: Option<usize>,
    /// The unit's name (本级 of a 部门); else drawn from the profile.
    pub name: Option<String>,
    /// 行政单位 (true) or 事业单位 (false); else drawn from the profile.
    pub administrative: Option<bool>,
    /// `unit.kind`; else drawn.
    pub kind: Option<&'static str>,
    /// 上级补助收入 received from 本级.
    pub subsidy_in: i64,
    /// 上缴上级支出 paid to 本级 (institutions only).
    pub remit_out: i64,
    /// 对附属单位补助支出 paid to the units (本级).
    pub subsidy_out: i64,
    /// 附属单位上缴收入 received from the units (本级).
    pub remit_in: i64,
}

/// A generated unit's figures a 部门 needs (分).
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub grand_total: i64,
    pub fiscal_total: i64,
    pub gb_exp: i64,
    pub reception: i64,
    pub vehicle_op: i64,
    pub operating_expenses: i64,
    /// The transfers as written (`remit_out` is 0 for a 行政单位).
    pub subsidy_in: i64,
    pub remit_out: i64,
}

/// One unit with what a 部门 asks of it: (relative file, YAML, figures).
pub fn unit_with(rng: &mut Rng, n: usize, extra: &Extra) -> (String, String, Summary) {
    let id = identity(rng, n, extra);
    let b = basic(rng, id.staff, id.administrative);
    let (lines, projects, nf) = expenditure(rng, &id, &b, extra);
    let t = totals(rng, &lines, &b, nf.total());
    let mut s = String::new();
    write_unit(
        &mut s,
        rng,
        &id,
        &lines,
        t.income_gb,
        nf,
        t.opening,
        extra.kind,
    );
    write_spending(&mut s, rng, &id, &b, &lines, &projects);
    write_last_year(&mut s, rng, &id, &b, &t, nf.total());
    let file = format!("{}/{:03}-{}.yaml", id.p.folder, n, id.p.folder);
    let summary = Summary {
        grand_total: t.grand_total,
        fiscal_total: t.income_gb + t.opening,
        gb_exp: t.gb_exp,
        reception: b.reception,
        vehicle_op: b.vehicle_op,
        operating_expenses: if id.administrative { b.public } else { 0 },
        subsidy_in: nf.superior_subsidy,
        remit_out: if id.administrative {
            0
        } else {
            extra.remit_out
        },
    };
    (file, s, summary)
}

/// The unit's totals.
pub(super) struct Totals {
    pub(super) gb_exp: i64,
    pub(super) gb_project: i64,
    pub(super) opening: i64,
    pub(super) income_gb: i64,
    pub(super) income_total: i64,
    pub(super) exp_total: i64,
    pub(super) grand_total: i64,
    pub(super) basic_total: i64,
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
