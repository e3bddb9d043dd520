//! A synthetic district for tests and benchmarks: N valid, varied data files (amounts,
//! 类 mixes, projects, zero sections), deterministic for a seed. Amounts are kept in
//! 分 (integers) so every total is exact; each file passes the audit by construction:
//! `basic_economic` personnel/public sums equal the personnel/public of the 一般公共预算
//! lines, projects sum to the project lines, declared totals are omitted or correct.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, good enough for test data, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

/// A kind of unit: where it sits, how it is run, what its projects are booked under.
struct Profile {
    folder: &'static str,
    names: &'static [&'static str],
    administrative: bool,
    /// 项 of the basic expenditure.
    run_code: &'static str,
    project_codes: &'static [&'static str],
    projects: &'static [&'static str],
    duties: &'static str,
}

const PROFILES: &[Profile] = &[
    Profile {
        folder: "jiaoyu",
        names: &[
            "第一小学",
            "第二小学",
            "实验小学",
            "第三小学",
            "机关幼儿园",
            "第五幼儿园",
        ],
        administrative: false,
        run_code: "2050202",
        project_codes: &["2050202", "2050299", "2050201"],
        projects: &[
            "校舍维修改造",
            "教学设备购置",
            "营养改善计划",
            "课后服务补助",
            "校园安全保障",
        ],
        duties: "实施小学义务教育，促进基础教育发展。负责学校教育教学、学生管理和校园安全工作。",
    },
    Profile {
        folder: "wenhua",
        names: &["文化馆", "图书馆", "文物管理所", "文化市场综合执法大队"],
        administrative: false,
        run_code: "2070109",
        project_codes: &["2070199", "2070109"],
        projects: &[
            "群众文化活动",
            "公共文化服务体系建设",
            "全民阅读推广",
            "非遗保护传承",
        ],
        duties: "开展群众文化活动，提供公共文化服务，组织文艺辅导和培训。",
    },
    Profile {
        folder: "jiguan",
        names: &[
            "人民政府办公室",
            "发展和改革局",
            "财政局",
            "司法局",
            "统计局",
            "审计局",
        ],
        administrative: true,
        run_code: "2010101",
        project_codes: &["2010102", "2010199"],
        projects: &[
            "政务信息化运维",
            "档案数字化",
            "专项工作经费",
            "法律顾问服务",
            "综合调研",
        ],
        duties: "贯彻执行国家和省、市有关方针政策，承担本部门职责范围内的行政管理工作。",
    },
    Profile {
        folder: "weisheng",
        names: &["卫生健康局", "疾病预防控制中心", "妇幼保健院"],
        administrative: true,
        run_code: "2100101",
        project_codes: &["2100199", "2100201", "2100299"],
        projects: &[
            "基本公共卫生服务",
            "重大传染病防控",
            "家庭医生签约服务",
            "卫生应急物资储备",
        ],
        duties: "负责辖区卫生健康事业管理，组织实施疾病预防控制和基本公共卫生服务。",
    },
    Profile {
        folder: "xuanchuan",
        names: &["融媒体中心", "网络信息中心"],
        administrative: false,
        run_code: "2013350",
        project_codes: &["2013399"],
        projects: &[
            "融媒体中心运维",
            "客户端运行",
            "重大主题宣传",
            "新闻采编设备更新",
        ],
        duties: "负责网上宣传和新闻采编工作，做好域内重大新闻事件的报道与发布。",
    },
];

const DISTRICT: &str = "攀枝花市东区";
const REGION: &str = "四川省攀枝花市东区";
const YEAR: i32 = 2023;

/// 分 → "123.45".
fn y(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

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

/// Generates one unit's YAML; `n` numbers the unit (unique names).
pub fn unit_yaml(rng: &mut Rng, n: usize) -> (String, String) {
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
    // Projects (none for about a fifth of the units).
    let mut projects: Vec<(String, &'static str, i64, i64, bool)> = Vec::new();
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

    let mut s = String::new();
    let w = &mut s;
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
    for l in &lines {
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
        for (pname, code, amount, budget, managed) in &projects {
            let _ = writeln!(
                w,
                "  - name: {pname}\n    code: \"{code}\"\n    amount: {}\n    budget: {}\n    kind: {}\n    pre_assessment: {managed}\n    goals: true\n    monitoring: {managed}\n    self_evaluation: true",
                y(*amount),
                y(*budget),
                if rng.chance(60) { "常年" } else { "一次性" }
            );
        }
    }
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
    let file = format!("{}/{:03}-{}.yaml", p.folder, n, p.folder);
    (file, s)
}

/// Writes `n` units under `dir` (in folders by kind) and a district settings file.
/// Returns the data files written.
pub fn generate(n: usize, dir: &Path, seed: u64) -> std::io::Result<Vec<PathBuf>> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join(super::settings::FILE_NAME),
        format!("# 区设置（合成数据）\nname: {DISTRICT}\nyear: {YEAR}\nregion: {REGION}\n"),
    )?;
    for i in 1..=n {
        let (rel, text) = unit_yaml(&mut rng, i);
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        out.push(path);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;
    use crate::pipeline::{check, Toolkit, ToolkitOptions};

    #[test]
    fn generated_units_are_deterministic_and_pass_the_audit() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let files = generate(60, a.path(), 7).unwrap();
        generate(60, b.path(), 7).unwrap();
        let kit = Toolkit::new(&ToolkitOptions::default()).unwrap();
        let mut with_projects = 0;
        for f in &files {
            let rel = f.strip_prefix(a.path()).unwrap();
            assert_eq!(
                std::fs::read(f).unwrap(),
                std::fs::read(b.path().join(rel)).unwrap()
            );
            let loaded =
                crate::model::load_file(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let c = check(&kit, &loaded, &Settings::default());
            assert!(
                c.findings.iter().all(|x| !x.is_error()),
                "{}: {:?}",
                f.display(),
                c.findings
            );
            // basic_economic personnel/public equal the 一般公共预算 lines'.
            let gb = |f: fn(&crate::model::ExpenditureItem) -> rust_decimal::Decimal| -> rust_decimal::Decimal {
                loaded.data.expenditure.iter().filter(|i| i.fund == crate::model::Fund::GeneralBudget).map(f).sum()
            };
            assert_eq!(
                c.figures.basic.personnel,
                gb(|i| i.personnel.0),
                "{}",
                f.display()
            );
            assert_eq!(
                c.figures.basic.public,
                gb(|i| i.public.0),
                "{}",
                f.display()
            );
            assert_eq!(
                c.figures.projects_total,
                gb(|i| i.project.0),
                "{}",
                f.display()
            );
            if !loaded.data.projects.is_empty() {
                with_projects += 1;
            }
        }
        assert!(with_projects > 10 && with_projects < 60, "{with_projects}");
        let other = generate(3, tempfile::tempdir().unwrap().path(), 8).unwrap();
        assert_eq!(other.len(), 3);
    }
}
