//! The consolidated data file (`juesuan consolidate`): the summed data as a plain data
//! file any command reads, each summed figure followed by a comment naming its parts —
//! which file, how much — and the 调整表 rows taken from it, for inspection and for the
//! 决算 software's 汇总 comparison. Amounts are written as exact decimals.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_yaml::Value;

use super::adjust::{expenditure_field, income_field};
use super::{Consolidated, FileId};
use crate::model::schema::{self, Kind};
use crate::model::{Fund, Loaded};

/// Comments by consolidated path.
type Comments = BTreeMap<String, String>;

/// The consolidated data file's text. `loaded` is a consolidated 部门 (`open`).
pub fn merged_yaml(loaded: &Loaded) -> String {
    let mut out = String::new();
    let d = &loaded.data;
    let _ = writeln!(
        out,
        "# {} {}年度部门决算汇总数据（juesuan consolidate 生成，金额单位：元）。",
        d.unit.name, d.unit.year
    );
    let comments = match &loaded.consolidation {
        Some(c) => {
            header(&mut out, c);
            comments(c, loaded)
        }
        None => Comments::new(),
    };
    let _ = writeln!(
        out,
        "# 每个汇总数后的注释列出其组成：各文件的数与调整表抵销的数。本文件可直接 check / build。\n"
    );
    if let Ok(Value::Mapping(m)) = serde_yaml::to_value(d) {
        mapping(&mut out, &m, "", "", 0, &comments);
    }
    out
}

fn header(out: &mut String, c: &Consolidated) {
    let _ = writeln!(out, "# 部门文件：{}", c.parent.path.display());
    let _ = writeln!(
        out,
        "# 本级：{}",
        c.own().map(|m| m.label.as_str()).unwrap_or("部门文件本身")
    );
    for m in c.units() {
        let _ = writeln!(out, "# 成员：{}（{}）", m.label, m.loaded.data.unit.name);
    }
    for a in &c.adjustments {
        let _ = writeln!(
            out,
            "# 调整表第{}行：{} {} 元，抵销 {} 元{}",
            a.index + 1,
            a.kind.word(),
            a.requested,
            a.applied,
            a.problem
                .as_deref()
                .map(|p| format!("（{p}）"))
                .unwrap_or_default()
        );
    }
}

/// Each summed figure's parts and the 调整表 rows taken from it; each item's files.
fn comments(c: &Consolidated, loaded: &Loaded) -> Comments {
    let label = |f: FileId| match f {
        None if c.own().is_none() => "本级".to_string(),
        None => "部门文件".to_string(),
        Some(i) => c.members[i].label.clone(),
    };
    let mut out = Comments::new();
    for (path, parts) in &c.provenance.leaves {
        let named: Vec<String> = parts
            .iter()
            .filter(|p| !p.value.is_zero())
            .map(|p| format!("{} {}", label(p.file), p.value))
            .collect();
        if !named.is_empty() {
            out.insert(path.clone(), named.join(" + "));
        }
    }
    for a in c.adjustments.iter().filter(|a| !a.applied.is_zero()) {
        let line = loaded
            .data
            .expenditure
            .iter()
            .position(|l| Some(&l.code) == a.code.as_ref() && l.fund == Fund::Other);
        let mut paths = vec![format!("income.{}", income_field(a.kind))];
        paths.extend(line.map(|i| format!("expenditure[{i}].{}", expenditure_field(a.kind))));
        for p in paths {
            let e = out.entry(p).or_default();
            let _ = write!(e, " − 调整表第{}行 {}", a.index + 1, a.applied);
        }
    }
    for (item, origins) in &c.provenance.items {
        if item.starts_with("projects[") {
            let files: Vec<String> = origins.iter().map(|(f, _)| label(*f)).collect();
            out.insert(format!("{item}#"), format!("来自 {}", files.join("、")));
        }
    }
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn kind(pattern: &str) -> Option<Kind> {
    schema::fields()
        .iter()
        .find(|f| f.path == pattern)
        .map(|f| f.kind)
}

/// A key as YAML: plain when it is a field name, quoted otherwise (codes).
fn key_text(k: &Value) -> (String, String) {
    let raw = match k {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    };
    let plain = !raw.is_empty()
        && raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
        && raw.starts_with(|c: char| c.is_ascii_lowercase());
    let shown = if plain {
        raw.clone()
    } else {
        serde_json::to_string(&raw).unwrap_or_default()
    };
    (raw, shown)
}

/// A scalar as YAML: amounts and decimals plain (exact), texts quoted (JSON strings are
/// YAML double-quoted scalars).
fn scalar(v: &Value, pattern: &str) -> String {
    match v {
        Value::String(s) if matches!(kind(pattern), Some(Kind::Money | Kind::Number)) => s.clone(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => "null".into(),
    }
}

fn mapping(
    out: &mut String,
    m: &serde_yaml::Mapping,
    pattern: &str,
    path: &str,
    indent: usize,
    comments: &Comments,
) {
    let is_map = kind(pattern) == Some(Kind::Map);
    let pad = " ".repeat(indent);
    for (k, v) in m {
        if v.is_null() {
            continue;
        }
        let (raw, shown) = key_text(k);
        let child_pattern = join(pattern, if is_map { "*" } else { &raw });
        let child_path = join(path, &raw);
        match v {
            Value::Mapping(inner) if inner.is_empty() => {
                let _ = writeln!(out, "{pad}{shown}: {{}}");
            }
            Value::Sequence(items) if items.is_empty() => {
                let _ = writeln!(out, "{pad}{shown}: []");
            }
            Value::Mapping(inner) => {
                let _ = writeln!(out, "{pad}{shown}:");
                mapping(
                    out,
                    inner,
                    &child_pattern,
                    &child_path,
                    indent + 2,
                    comments,
                );
            }
            Value::Sequence(items) => {
                let _ = writeln!(out, "{pad}{shown}:");
                sequence(
                    out,
                    items,
                    &child_pattern,
                    &child_path,
                    indent + 2,
                    comments,
                );
            }
            leaf => {
                let note = comments
                    .get(&child_path)
                    .map(|c| format!("  # {c}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "{pad}{shown}: {}{note}", scalar(leaf, &child_pattern));
            }
        }
    }
}

fn sequence(
    out: &mut String,
    items: &[Value],
    pattern: &str,
    path: &str,
    indent: usize,
    comments: &Comments,
) {
    let pad = " ".repeat(indent);
    let item_pattern = format!("{pattern}[]");
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        if let Some(c) = comments.get(&format!("{item_path}#")) {
            let _ = writeln!(out, "{pad}# {c}");
        }
        match item {
            Value::Mapping(m) if !m.is_empty() => {
                let mut inner = String::new();
                mapping(
                    &mut inner,
                    m,
                    &item_pattern,
                    &item_path,
                    indent + 2,
                    comments,
                );
                // The item's first field on the `- ` line.
                let _ = write!(out, "{pad}- {}", &inner[indent + 2..]);
            }
            other => {
                let _ = writeln!(out, "{pad}- {}", scalar(other, &item_pattern));
            }
        }
    }
}
