//! 部门汇总: a 部门 file that names its member files (`consolidation.members`) is the
//! consolidation of 本级 and every member — a step between loading and the rest of the
//! pipeline. Each member is loaded through the same loader (`refs::follow`: its own
//! findings located in its own file); the files are summed field by field over the
//! model's one description (`merge`); the internal transfers of the 调整表 are eliminated
//! on both sides (`adjust`); the 机构设置 is made from the members. The result is one
//! `Loaded` whose `Source` maps every consolidated value back to the file it came from
//! (`source`), and whose `consolidation` keeps the members and what was eliminated for
//! the consolidation audit (`audit`, rules Y001–Y003 and H001–H007). Shares, rates and
//! completion rates are computed afterwards from the sums, like any unit's.

pub mod adjust;
pub mod merge;
mod source;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::refs::{self, Chain, Ref};
use super::{Loaded, Money, ReportData, Source, UnitType};
use crate::diag::{Finding, Location};

pub use adjust::{Applied, Party};
pub use merge::{FileId, Part, Provenance};
pub use source::MergedSource;

/// 部门汇总 as the 部门 file states it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consolidation {
    /// Member data files, or folders of them (every data file beneath), relative to the
    /// 部门 file.
    pub members: Vec<String>,
    /// The member file holding 本级's figures; then the 部门 file's own amounts are all
    /// zero (it keeps the 部门-level texts). Without it the 部门 file is 本级.
    #[serde(default)]
    pub own: Option<String>,
    /// 调整表: the internal transfers eliminated on both sides.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    /// Last year's members (unit names), to report a change of scope.
    #[serde(default)]
    pub last_year_members: Option<Vec<String>>,
}

/// The two kinds of internal transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Transfer {
    /// 上级补助收入 of the unit against 对附属单位补助支出 of its parent.
    #[default]
    #[serde(rename = "补助")]
    Subsidy,
    /// 附属单位上缴收入 of the parent against 上缴上级支出 of the unit.
    #[serde(rename = "上缴")]
    Remit,
}

impl Transfer {
    /// 补助 / 上缴.
    pub fn word(self) -> &'static str {
        match self {
            Transfer::Subsidy => "补助",
            Transfer::Remit => "上缴",
        }
    }
}

/// One row of the 调整表.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    pub kind: Transfer,
    /// The superior: `本级` (the default) or a member (path or unit name).
    #[serde(default)]
    pub parent: Option<String>,
    /// The subordinate unit: a member (path or unit name).
    pub unit: String,
    /// 元, eliminated from both sides.
    pub amount: Money,
    /// 功能分类 项 of the expenditure line carrying the transfer (the parent's
    /// 对附属单位补助支出, the unit's 上缴上级支出), when that side has several.
    #[serde(default)]
    pub code: Option<String>,
}

/// A member file as summed.
#[derive(Debug, Clone)]
pub struct Member {
    /// The entry of `consolidation.members` naming it (or its folder); `None` for the
    /// `own` file when it is not listed.
    pub entry: Option<usize>,
    /// The path as written or found, relative to the 部门 file (`学校/一小.yaml`).
    pub label: String,
    pub loaded: Loaded,
    /// SHA-256 of its bytes.
    pub digest: String,
    /// The member is 本级 (`consolidation.own`).
    pub is_own: bool,
    /// 机关运行经费 left out of the sum (a unit that is neither 行政 nor 参公).
    pub operating_excluded: bool,
}

impl Member {
    /// Where the value at `path` is in the member's file, as seen from the 部门 file.
    pub fn at(&self, path: &str) -> Option<Location> {
        self.loaded
            .source
            .find(path)
            .map(|l| l.in_file(&self.loaded.path))
    }

    /// `一小.yaml:14:21` for messages naming the member's value.
    pub fn describe(&self, path: &str) -> String {
        self.at(path)
            .map(|l| l.describe(&self.loaded.path))
            .unwrap_or_else(|| self.loaded.path.display().to_string())
    }
}

/// A member listed a second time (directly, in a folder, or inside a member 部门).
#[derive(Debug, Clone)]
pub struct Duplicate {
    pub entry: Option<usize>,
    pub label: String,
    /// The first mention's label.
    pub first: String,
}

/// A consolidated 部门: its file as written, its members and what the consolidation did.
#[derive(Debug, Clone)]
pub struct Consolidated {
    /// The 部门 file as loaded (本级's figures unless `own` names a member).
    pub parent: Loaded,
    pub members: Vec<Member>,
    pub duplicates: Vec<Duplicate>,
    /// Following the references: Y001 (missing, unreadable, not loading — with the
    /// member's own findings located in it), Y002 (cycle), Y003 (year).
    pub load_findings: Vec<Finding>,
    /// The 调整表 as applied.
    pub adjustments: Vec<Applied>,
    pub provenance: Provenance,
    /// Members that did not load, as far as they were read (their findings point in).
    pub unloaded: Vec<(PathBuf, Arc<dyn Source>)>,
}

impl Consolidated {
    /// The member that is 本级, when `own` names one.
    pub fn own(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.is_own)
    }

    /// Every file read, this 部门's and its members' (recursively): path and SHA-256.
    pub fn inputs(&self) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        for m in &self.members {
            out.push((m.loaded.path.clone(), m.digest.clone()));
            if let Some(c) = &m.loaded.consolidation {
                out.extend(c.inputs());
            }
        }
        out
    }

    /// The member units of the 部门, 本级 excluded, in order.
    pub fn units(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| !m.is_own)
    }
}

/// Loads a data file and, when it is a 部门 of members, consolidates it.
pub fn open(path: &Path) -> Result<Loaded, super::LoadError> {
    let loaded = super::load_file(path)?;
    Ok(resolve(loaded, &Chain::root(path)))
}

/// Whether the data file at `path` names members (`consolidation:`), cheaply: a YAML
/// file is only parsed for that key (no positions, no amounts), other formats are
/// loaded. A file that does not parse names none.
pub fn names_members(path: &Path) -> bool {
    /// The one key looked at; everything else is skipped unparsed into the model.
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        consolidation: Option<serde::de::IgnoredAny>,
    }
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    if super::format_of(path).name == "YAML" {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        return serde_yaml::from_slice::<Probe>(bytes).is_ok_and(|p| p.consolidation.is_some());
    }
    (super::format_of(path).load)(path, &bytes).is_ok_and(|l| l.data.consolidation.is_some())
}

/// `open` for bytes already read (batch hashes them first).
pub fn open_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, super::LoadError> {
    let loaded = (super::format_of(path).load)(path, bytes)?;
    Ok(resolve(loaded, &Chain::root(path)))
}

/// The consolidated 部门 when `loaded` names members; `loaded` itself otherwise.
/// `chain` holds the files being loaded (with `loaded`'s own).
pub fn resolve(loaded: Loaded, chain: &Chain) -> Loaded {
    let Some(spec) = loaded.data.consolidation.clone() else {
        return loaded;
    };
    let mut c = Consolidated {
        parent: loaded,
        members: Vec::new(),
        duplicates: Vec::new(),
        load_findings: Vec::new(),
        adjustments: Vec::new(),
        provenance: Provenance::default(),
        unloaded: Vec::new(),
    };
    load_members(&mut c, &spec, chain);
    let (mut data, provenance) = sum(&c);
    c.provenance = provenance;
    c.adjustments = adjust::apply(&c, &spec.adjustments, &mut data);
    derive_overview(&c, &mut data);
    data.consolidation = None;
    let source = MergedSource::new(&c);
    // The loader's own warnings of every file, each located in its file.
    let mut notes = c.parent.notes.clone();
    for m in &c.members {
        notes.extend(
            m.loaded
                .notes
                .iter()
                .map(|f| refs::in_file(f.clone(), &m.loaded.path)),
        );
    }
    Loaded {
        path: c.parent.path.clone(),
        data,
        source: Arc::new(source),
        notes,
        consolidation: Some(Arc::new(c)),
    }
}

/// One candidate member: the entry naming it and its path.
struct Candidate {
    entry: Option<usize>,
    label: String,
    path: PathBuf,
}

/// The members' paths: `own` first, then each entry (a folder: its data files, sorted).
fn candidates(c: &mut Consolidated, spec: &Consolidation) -> Vec<Candidate> {
    let from = c.parent.path.clone();
    let mut out = Vec::new();
    if let Some(own) = &spec.own {
        out.push(Candidate {
            entry: None,
            label: own.clone(),
            path: refs::resolve(&from, own),
        });
    }
    for (i, entry) in spec.members.iter().enumerate() {
        let path = refs::resolve(&from, entry);
        if !path.is_dir() {
            out.push(Candidate {
                entry: Some(i),
                label: entry.clone(),
                path,
            });
            continue;
        }
        let files = folder_files(&path, &from);
        if files.is_empty() {
            let field = format!("consolidation.members[{i}]");
            c.load_findings.push(
                Finding::error(
                    refs::UNREADABLE,
                    &field,
                    format!("成员目录“{}”中没有数据文件", path.display()),
                )
                .at(c.parent.source.find(&field)),
            );
        }
        for rel in files {
            let label = Path::new(entry).join(&rel);
            out.push(Candidate {
                entry: Some(i),
                label: slash(&label),
                path: path.join(rel),
            });
        }
    }
    out
}

/// The data files under a member folder (relative, sorted), the 部门 file itself and
/// district settings files left out.
fn folder_files(dir: &Path, parent: &Path) -> Vec<PathBuf> {
    let me = refs::canonical(parent);
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(dir.join(&rel)) else {
            continue;
        };
        for e in rd.flatten() {
            let name = e.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let child = rel.join(&name);
            let path = dir.join(&child);
            if path.is_dir() {
                stack.push(child);
            } else if super::is_data_file(&path)
                && name != DISTRICT_FILE
                && refs::canonical(&path) != me
            {
                out.push(child);
            }
        }
    }
    out.sort();
    out
}

/// The district settings file's name (`config::district::FILE_NAME`): not a member.
const DISTRICT_FILE: &str = "juesuan.yaml";

/// `a/b.yaml` with `/` on every platform.
fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Loads every candidate once; a second mention is a duplicate.
fn load_members(c: &mut Consolidated, spec: &Consolidation, chain: &Chain) {
    // (canonical path, label, the `own` file not yet listed among the members)
    let mut seen: Vec<(PathBuf, String, bool)> = Vec::new();
    for cand in candidates(c, spec) {
        let canon = refs::canonical(&cand.path);
        if let Some((_, first, own_unlisted)) = seen.iter_mut().find(|(p, ..)| *p == canon) {
            // `own` also listed among the members is one member, not two.
            if *own_unlisted {
                *own_unlisted = false;
            } else {
                c.duplicates.push(Duplicate {
                    entry: cand.entry,
                    label: cand.label.clone(),
                    first: first.clone(),
                });
            }
            continue;
        }
        seen.push((canon, cand.label.clone(), cand.entry.is_none()));
        let field = match cand.entry {
            Some(i) => format!("consolidation.members[{i}]"),
            None => "consolidation.own".to_string(),
        };
        let r = Ref {
            from: &c.parent,
            field,
            what: "成员文件",
        };
        match refs::follow(&r, &cand.path, chain) {
            Ok(found) => {
                if let Some(f) = refs::year_finding(&r, &found.loaded, refs::Year::Same) {
                    c.load_findings.push(f);
                }
                let ty = found.loaded.data.unit.unit_type;
                let operating_excluded =
                    !ty.is_administrative() && !found.loaded.data.operating_expenses.is_zero();
                c.members.push(Member {
                    entry: cand.entry,
                    label: cand.label,
                    loaded: found.loaded,
                    digest: found.digest,
                    is_own: cand.entry.is_none(),
                    operating_excluded,
                });
            }
            Err(f) => {
                c.load_findings.extend(f.findings);
                c.unloaded.extend(f.input);
            }
        }
    }
    nested_duplicates(c);
}

/// A file summed inside a member 部门 and listed here as well would count twice.
fn nested_duplicates(c: &mut Consolidated) {
    let direct: Vec<(PathBuf, String)> = c
        .members
        .iter()
        .map(|m| (refs::canonical(&m.loaded.path), m.label.clone()))
        .collect();
    for m in &c.members {
        let Some(inner) = &m.loaded.consolidation else {
            continue;
        };
        for (p, _) in inner.inputs() {
            let canon = refs::canonical(&p);
            if let Some((_, label)) = direct.iter().find(|(d, _)| *d == canon) {
                let e = c
                    .members
                    .iter()
                    .find(|x| &x.label == label)
                    .and_then(|x| x.entry);
                c.duplicates.push(Duplicate {
                    entry: e,
                    label: label.clone(),
                    first: format!("{}（的成员）", m.label),
                });
            }
        }
    }
}

/// The sum of the 部门 file and the members, with its provenance.
fn sum(c: &Consolidated) -> (ReportData, Provenance) {
    let to_value = |d: &ReportData| serde_yaml::to_value(d).unwrap_or(serde_yaml::Value::Null);
    let mut own_data = c.parent.data.clone();
    if !own_data.unit.unit_type.is_administrative() && c.own().is_none() {
        // 本级 that is no 行政/参公 unit has no 机关运行经费 to add (H005 says so).
        own_data.operating_expenses = Money::ZERO;
    }
    let mut values = vec![to_value(&own_data)];
    for m in &c.members {
        let mut d = m.loaded.data.clone();
        if m.operating_excluded {
            d.operating_expenses = Money::ZERO;
        }
        values.push(to_value(&d));
    }
    let inputs: Vec<merge::Input> = values
        .iter()
        .enumerate()
        .map(|(i, v)| merge::Input {
            file: i.checked_sub(1),
            path: String::new(),
            value: v,
        })
        .collect();
    let mut prov = Provenance::default();
    let merged = merge::merge(&inputs, &mut prov);
    let data = serde_yaml::from_value(merged).unwrap_or_else(|_| c.parent.data.clone());
    (data, prov)
}

/// 机构设置 from the members: the included units by name; the counts of 二级预算单位
/// by type unless the 部门 file states them.
fn derive_overview(c: &Consolidated, data: &mut ReportData) {
    let units: Vec<&Member> = c.units().collect();
    data.overview.included_units = units
        .iter()
        .map(|m| m.loaded.data.unit.name.clone())
        .collect();
    let stated = &c.parent.data.overview.secondary_units;
    if stated.administrative + stated.civil_servant_managed + stated.other_institutions == 0 {
        let count = |f: fn(UnitType) -> bool| {
            units
                .iter()
                .filter(|m| f(m.loaded.data.unit.unit_type))
                .count() as u32
        };
        let su = &mut data.overview.secondary_units;
        su.administrative = count(|t| t == UnitType::Administrative);
        su.civil_servant_managed = count(|t| t == UnitType::CivilServantManaged);
        su.other_institutions = count(|t| !t.is_administrative());
    }
}
