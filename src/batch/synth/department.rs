//! Synthetic 部门 of member files: each a folder with 本级's data file, its units'
//! (`units/`) and the 部门 file summing them, with internal transfers both ways — 本级
//! subsidises some units (上级补助收入 / 对附属单位补助支出), some institutions remit to
//! 本级 (上缴上级支出 / 附属单位上缴收入) — and the 调整表 eliminating every one. The
//! 部门 file holds the 部门-level texts and last year's consolidated figures; every
//! file passes the audit by construction.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::unit::{part, unit_with, Extra, Summary};
use super::{y, Rng, DISTRICT, PROFILES, REGION, YEAR};

/// The 部门 of each profile: name and duties.
const DEPARTMENTS: &[(&str, &str, &str)] = &[
    (
        "jiaoyu",
        "教育和体育局",
        "贯彻执行教育方针政策，统筹管理全区学前教育和义务教育，指导所属学校、幼儿园的教育教学和安全工作。",
    ),
    (
        "wenhua",
        "文化广播电视和旅游局",
        "贯彻执行文化、广播电视和旅游工作方针政策，统筹公共文化服务体系建设，指导所属文化单位开展工作。",
    ),
    (
        "jiguan",
        "机关事务服务中心",
        "负责机关事务管理和后勤服务保障，统筹所属单位的服务保障工作。",
    ),
    (
        "weisheng",
        "卫生健康局",
        "贯彻执行卫生健康工作方针政策，统筹辖区医疗卫生服务，指导所属医疗卫生机构开展工作。",
    ),
    (
        "xuanchuan",
        "委宣传部",
        "负责全区宣传思想文化工作，指导所属媒体单位的新闻宣传和网络信息工作。",
    ),
];

/// One 部门's member files as written.
struct Members {
    units: Vec<Summary>,
    own: Summary,
    /// (kind, unit file relative to the 部门 file, amount in 分).
    adjustments: Vec<(&'static str, String, i64)>,
}

/// Writes `count` 部门 under `dir` (`bumen01-jiaoyu/部门.yaml`, `本级.yaml`,
/// `units/001.yaml` …), each of 1–`max_members` member files (本级 included), and the
/// district settings file. Returns the 部门 files.
pub fn generate_departments(
    count: usize,
    max_members: usize,
    dir: &Path,
    seed: u64,
) -> std::io::Result<Vec<PathBuf>> {
    let mut rng = Rng::new(seed ^ 0x0B0E_5EED);
    std::fs::create_dir_all(dir)?;
    super::write_district_file(dir)?;
    let mut out = Vec::with_capacity(count);
    let mut n = 1;
    for d in 1..=count {
        let profile = (rng.next_u64() % PROFILES.len() as u64) as usize;
        let members = rng.range(1, max_members.max(1) as i64) as usize;
        let folder = dir.join(format!("bumen{d:02}-{}", PROFILES[profile].folder));
        std::fs::create_dir_all(folder.join("units"))?;
        let m = write_members(&mut rng, &folder, profile, members, &mut n)?;
        let path = folder.join("部门.yaml");
        std::fs::write(&path, department_yaml(&mut rng, profile, &m))?;
        out.push(path);
    }
    Ok(out)
}

/// The units (some subsidised, some remitting), then 本级 paying and receiving the sums.
fn write_members(
    rng: &mut Rng,
    folder: &Path,
    profile: usize,
    members: usize,
    n: &mut usize,
) -> std::io::Result<Members> {
    let mut units = Vec::new();
    let mut adjustments = Vec::new();
    for k in 1..members {
        let extra = Extra {
            profile: Some(profile),
            kind: Some("单位"),
            subsidy_in: if rng.chance(45) {
                rng.range(5_000, 300_000) * 100
            } else {
                0
            },
            remit_out: if rng.chance(30) {
                rng.range(2_000, 100_000) * 100
            } else {
                0
            },
            ..Extra::default()
        };
        let (_, text, s) = unit_with(rng, *n, &extra);
        *n += 1;
        let rel = format!("units/{k:03}.yaml");
        std::fs::write(folder.join(&rel), text)?;
        if s.subsidy_in > 0 {
            adjustments.push(("补助", rel.clone(), s.subsidy_in));
        }
        if s.remit_out > 0 {
            adjustments.push(("上缴", rel.clone(), s.remit_out));
        }
        units.push(s);
    }
    let name = DEPARTMENTS[profile].1;
    let extra = Extra {
        profile: Some(profile),
        name: Some(format!("{name}（本级）")),
        administrative: Some(true),
        kind: Some("单位"),
        subsidy_out: units.iter().map(|u| u.subsidy_in).sum(),
        remit_in: units.iter().map(|u| u.remit_out).sum(),
        ..Extra::default()
    };
    let (_, text, own) = unit_with(rng, *n, &extra);
    *n += 1;
    std::fs::write(folder.join("本级.yaml"), text)?;
    Ok(Members {
        units,
        own,
        adjustments,
    })
}

/// The 部门 file: texts, reasons for every line of its profile, last year's
/// consolidated figures, the members and the 调整表.
fn department_yaml(rng: &mut Rng, profile: usize, m: &Members) -> String {
    let p = &PROFILES[profile];
    let (_, name, duties) = DEPARTMENTS[profile];
    let mut w = String::new();
    let _ = writeln!(
        w,
        "# 合成数据（juesuan synth）：由本级与所属单位汇总的部门，仅供测试与基准。\nschema: 1\n"
    );
    let _ = writeln!(
        w,
        "unit:\n  name: {DISTRICT}{name}\n  short_name: 东区{name}\n  kind: 部门\n  type: 行政单位\n  region: {REGION}\n  year: {YEAR}\n\noverview:\n  duties: {duties}\n"
    );
    // 部门-level reasons for the budget differences of the summed lines.
    let mut codes: Vec<&str> = vec![p.run_code];
    codes.extend(p.project_codes.iter().copied());
    codes.sort_unstable();
    codes.dedup();
    let _ = writeln!(w, "expenditure:");
    for c in codes {
        let _ = writeln!(
            w,
            "  - code: \"{c}\"\n    reason: 部分项目按进度结转下年实施"
        );
    }
    let _ = writeln!(w, "\nthree_public:\n  reason_budget: 厉行节约，严格控制“三公”经费支出\n  reason_change: 严格执行公务接待和公务用车管理规定\n");
    last_year(&mut w, rng, m);
    let _ = writeln!(
        w,
        "\nreasons:\n  total_change: 所属单位人员变动及项目支出调整\n  fiscal_change: 所属单位人员变动及项目支出调整\n  general_budget_change: 所属单位人员变动及项目支出调整\n  general_budget_vs_budget: 部分项目按进度结转下年实施\n  operating_expenses_change: 严格落实过紧日子要求，压减一般性支出\n"
    );
    let _ = writeln!(
        w,
        "performance:\n  overall_score: {}\n  overall_summary: 本部门及所属单位较好地完成了年度绩效目标，预算执行规范。\n",
        rng.range(85, 96)
    );
    let members = if m.units.is_empty() { "[]" } else { "[units/]" };
    let _ = writeln!(w, "consolidation:\n  own: 本级.yaml\n  members: {members}");
    if m.adjustments.is_empty() {
        let _ = writeln!(w, "  adjustments: []");
    } else {
        let _ = writeln!(w, "  adjustments:");
        for (kind, unit, amount) in &m.adjustments {
            let _ = writeln!(
                w,
                "    - {{kind: {kind}, unit: {unit}, amount: {}}}",
                y(*amount)
            );
        }
    }
    w
}

/// Last year's consolidated figures: this year's sums (internal transfers eliminated),
/// each moved by up to a quarter.
fn last_year(w: &mut String, rng: &mut Rng, m: &Members) {
    let all = || m.units.iter().chain([&m.own]);
    let eliminated: i64 = m.adjustments.iter().map(|a| a.2).sum();
    let grand: i64 = all().map(|u| u.grand_total).sum::<i64>() - eliminated;
    let fiscal: i64 = all().map(|u| u.fiscal_total).sum();
    let gb: i64 = all().map(|u| u.gb_exp).sum();
    let reception: i64 = all().map(|u| u.reception).sum();
    let vehicle: i64 = all().map(|u| u.vehicle_op).sum();
    let operating: i64 = all().map(|u| u.operating_expenses).sum();
    let mut ly = |v: i64| y(part(v, rng.range(750, 1250)));
    let _ = writeln!(
        w,
        "last_year:\n  total: {}\n  fiscal_total: {}\n  general_budget_expenditure: {}",
        ly(grand),
        ly(fiscal),
        ly(gb)
    );
    if reception + vehicle > 0 {
        let _ = writeln!(
            w,
            "  three_public:\n    vehicle_operation: {}\n    reception: {}",
            ly(vehicle),
            ly(reception)
        );
    } else {
        let _ = writeln!(w, "  three_public: {{}}");
    }
    let _ = writeln!(w, "  operating_expenses: {}", ly(operating));
}
