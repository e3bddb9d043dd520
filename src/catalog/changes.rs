//! Per-year change files (`data/catalog/changes/<year>.yaml`): what a year's
//! classification changed against the year before — codes added, removed or renamed —
//! each with its source and confidence. Years after the base year apply the files
//! forward; years before it undo them (an add is removed, a rename reversed, a removed
//! entry put back), which is why a removal carries the whole entry.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{parent_code, Entry};
use crate::model::Fund;

/// One year's change file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeFile {
    /// The year the changes took effect (against `year - 1`).
    pub year: i32,
    #[serde(default)]
    pub functional: Vec<Change>,
    #[serde(default)]
    pub economic: Vec<Change>,
}

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// A new code (with `name`, optionally `definition` and `funds`).
    Add,
    /// A code dropped (with the `name` it had, so earlier years can be rebuilt).
    Remove,
    /// A name changed `from` → `to` (and optionally the definition).
    Rename,
}

/// How sure the change is: 已核 (official notice, or two or more reports) or 待核.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Confidence {
    #[serde(rename = "已核")]
    Confirmed,
    #[serde(rename = "待核")]
    Unconfirmed,
}

/// A definition text, or its change for a rename.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Change { from: String, to: String },
}

/// One change of one code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub op: Op,
    pub code: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub definition: Option<Text>,
    #[serde(default)]
    pub funds: Option<Vec<Fund>>,
    /// Where the change is documented (notice number, report).
    pub source: String,
    pub confidence: Confidence,
}

impl ChangeFile {
    /// Parses and checks the shape of every change (fields that belong to its op).
    pub fn parse(text: &str) -> Result<ChangeFile, String> {
        let f: ChangeFile = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        for c in f.functional.iter().chain(&f.economic) {
            c.check_shape()
                .map_err(|e| format!("{} {}：{e}", c.op_word(), c.code))?;
        }
        Ok(f)
    }
}

impl Change {
    fn op_word(&self) -> &'static str {
        match self.op {
            Op::Add => "新增",
            Op::Remove => "删除",
            Op::Rename => "更名",
        }
    }

    fn check_shape(&self) -> Result<(), String> {
        if self.source.trim().is_empty() {
            return Err("缺少出处（source）".into());
        }
        if self.code.is_empty() || !self.code.bytes().all(|b| b.is_ascii_digit()) {
            return Err("编码应为数字".into());
        }
        match self.op {
            Op::Add | Op::Remove => {
                if self.name.is_none() || self.from.is_some() || self.to.is_some() {
                    return Err("新增、删除须写 name，不写 from/to".into());
                }
                if matches!(self.definition, Some(Text::Change { .. })) {
                    return Err("新增、删除的 definition 是一段文字".into());
                }
            }
            Op::Rename => {
                if self.from.is_none() || self.to.is_none() || self.name.is_some() {
                    return Err("更名须写 from 与 to，不写 name".into());
                }
                if matches!(self.definition, Some(Text::Plain(_))) || self.funds.is_some() {
                    return Err("更名的 definition 写成 {from, to}；不写 funds".into());
                }
            }
        }
        Ok(())
    }

    /// The entry an add creates (or a remove dropped).
    fn entry(&self) -> Entry {
        Entry {
            code: self.code.clone(),
            name: self.name.clone().unwrap_or_default(),
            definition: match &self.definition {
                Some(Text::Plain(t)) => Some(t.clone()),
                _ => None,
            },
            funds: self.funds.clone(),
        }
    }
}

fn position(entries: &[Entry], code: &str) -> Result<usize, usize> {
    entries.binary_search_by(|e| e.code.as_str().cmp(code))
}

fn insert(entries: &mut Vec<Entry>, e: Entry) -> Result<(), String> {
    if let Some(p) = parent_code(&e.code) {
        position(entries, p).map_err(|_| format!("上级科目 {p} 不存在"))?;
    }
    match position(entries, &e.code) {
        Ok(_) => Err("编码已存在".into()),
        Err(i) => {
            entries.insert(i, e);
            Ok(())
        }
    }
}

fn delete(entries: &mut Vec<Entry>, code: &str, name: &str) -> Result<(), String> {
    let i = position(entries, code).map_err(|_| "编码不存在".to_string())?;
    if entries[i].name != name {
        return Err(format!(
            "名称应为“{}”，变化文件写的是“{name}”",
            entries[i].name
        ));
    }
    if entries
        .get(i + 1)
        .is_some_and(|n| parent_code(&n.code) == Some(code))
    {
        return Err("其下还有科目，须先删除下级科目".into());
    }
    entries.remove(i);
    Ok(())
}

fn rename(entries: &mut [Entry], c: &Change, forward: bool) -> Result<(), String> {
    let (old, new) = (
        c.from.as_deref().unwrap_or(""),
        c.to.as_deref().unwrap_or(""),
    );
    let (old, new) = if forward { (old, new) } else { (new, old) };
    let i = position(entries, &c.code).map_err(|_| "编码不存在".to_string())?;
    let e = &mut entries[i];
    if e.name != old {
        return Err(format!("名称应为“{}”，变化文件写的是“{old}”", e.name));
    }
    e.name = new.to_string();
    if let Some(Text::Change { from, to }) = &c.definition {
        let (old, new) = if forward { (from, to) } else { (to, from) };
        if e.definition.as_deref() != Some(old.as_str()) {
            return Err(format!(
                "说明文字与变化文件的 definition.from/to 不符：“{}”",
                e.definition.as_deref().unwrap_or("")
            ));
        }
        e.definition = Some(new.clone());
    }
    Ok(())
}

/// Applies one change to the previous year's list (forward) or undoes it on the
/// following year's list (backward).
fn apply(entries: &mut Vec<Entry>, c: &Change, forward: bool) -> Result<(), String> {
    let name = c.name.as_deref().unwrap_or("");
    match (c.op, forward) {
        (Op::Add, true) | (Op::Remove, false) => insert(entries, c.entry()),
        (Op::Add, false) | (Op::Remove, true) => delete(entries, &c.code, name),
        (Op::Rename, _) => rename(entries, c, forward),
    }
    .map_err(|e| format!("{} {}：{e}", c.op_word(), c.code))
}

/// Applies (or undoes) a whole file's changes; undoing goes in reverse order so that a
/// 款 added with its 项 loses the 项 first.
pub fn apply_file(
    entries: &mut Vec<Entry>,
    changes: &[Change],
    forward: bool,
) -> Result<(), String> {
    if forward {
        changes.iter().try_for_each(|c| apply(entries, c, true))
    } else {
        changes
            .iter()
            .rev()
            .try_for_each(|c| apply(entries, c, false))
    }
}

/// Every year's list from the base year's: the files after it applied in turn, the
/// files up to it undone in turn (the file of year Y turns Y into Y − 1). Files must
/// form an unbroken run of years.
pub fn derive_years(
    base: Vec<Entry>,
    base_year: i32,
    files: &[ChangeFile],
    select: impl Fn(&ChangeFile) -> &Vec<Change>,
) -> Result<BTreeMap<i32, Vec<Entry>>, String> {
    let by_year: BTreeMap<i32, &ChangeFile> = files.iter().map(|f| (f.year, f)).collect();
    let mut out = BTreeMap::new();
    let mut cur = base.clone();
    let mut year = base_year;
    while let Some(f) = by_year.get(&(year + 1)) {
        apply_file(&mut cur, select(f), true).map_err(|e| format!("{}年：{e}", year + 1))?;
        year += 1;
        out.insert(year, cur.clone());
    }
    let mut cur = base.clone();
    let mut year = base_year;
    while let Some(f) = by_year.get(&year) {
        apply_file(&mut cur, select(f), false).map_err(|e| format!("倒推{}年：{e}", year - 1))?;
        year -= 1;
        out.insert(year, cur.clone());
    }
    out.insert(base_year, base);
    if let Some(y) = by_year
        .keys()
        .find(|y| !out.contains_key(y) || !out.contains_key(&(**y - 1)))
    {
        return Err(format!("{y}年的变化文件与基准年{base_year}之间缺少年份"));
    }
    Ok(out)
}
