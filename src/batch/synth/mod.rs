//! A synthetic district for tests and benchmarks: N valid, varied data files (amounts,
//! 类 mixes, projects, zero sections), and 部门 of 1–30 member files with internal
//! transfers (`generate_departments`), deterministic for a seed. Amounts are kept in
//! 分 (integers) so every total is exact; each file passes the audit by construction:
//! `basic_economic` personnel/public sums equal the personnel/public of the 一般公共预算
//! lines, projects sum to the project lines, declared totals are omitted or correct.

use std::path::{Path, PathBuf};

mod department;
mod unit;
mod write;

pub use department::generate_departments;

pub use unit::unit_yaml;

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

/// A project's spending by 经济分类 款 (a flow map summing exactly to `amount`, in 分),
/// from its own random stream so the rest of the unit stays as it was drawn.
pub(super) fn project_economic(amount: i64) -> String {
    // Codes a project plausibly pays from; no 三公 codes (X006 compares those).
    const CODES: [&str; 9] = [
        "30226", "30227", "30213", "30214", "30202", "30216", "31002", "31007", "30299",
    ];
    let mut r = Rng::new(amount as u64);
    let parts = r.range(1, 4) as usize;
    let mut codes: Vec<&str> = Vec::new();
    while codes.len() < parts {
        let c = *r.pick(&CODES);
        if !codes.contains(&c) {
            codes.push(c);
        }
    }
    let mut left = amount;
    let mut items = Vec::new();
    for (i, c) in codes.iter().enumerate() {
        let v = if i + 1 == codes.len() {
            left
        } else {
            left * r.range(30, 70) / 100
        };
        left -= v;
        items.push(format!("\"{c}\": {}", y(v)));
    }
    format!("{{{}}}", items.join(", "))
}

/// 分 → "123.45".
fn y(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The district settings file of a synthetic district.
fn write_district_file(dir: &Path) -> std::io::Result<()> {
    std::fs::write(
        dir.join(crate::config::district::FILE_NAME),
        format!("# 区设置（合成数据）\nname: {DISTRICT}\nyear: {YEAR}\nregion: {REGION}\n"),
    )
}

/// Writes `n` units under `dir` (in folders by kind) and a district settings file.
/// Returns the data files written.
pub fn generate(n: usize, dir: &Path, seed: u64) -> std::io::Result<Vec<PathBuf>> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    std::fs::create_dir_all(dir)?;
    write_district_file(dir)?;
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
    use crate::pipeline::{check, Toolkit};

    #[test]
    fn generated_units_are_deterministic_and_pass_the_audit() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let files = generate(60, a.path(), 7).unwrap();
        generate(60, b.path(), 7).unwrap();
        let kit = Toolkit::new(&crate::config::Options::default()).unwrap();
        let mut with_projects = 0;
        for f in &files {
            let rel = f.strip_prefix(a.path()).unwrap();
            assert_eq!(
                std::fs::read(f).unwrap(),
                std::fs::read(b.path().join(rel)).unwrap()
            );
            let loaded =
                crate::model::load_file(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let c = check(&kit, &loaded).unwrap();
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
