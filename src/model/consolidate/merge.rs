//! The sum of a 部门 over its files, generic over the model's one description of its
//! fields (`model::schema`): every file's data is turned into a tree of values, and the
//! trees are merged field by field under a policy — amounts and counts are summed unless
//! a decision below says otherwise, groups are merged key by key, and any other field
//! (texts, flags, lists) must be decided here: the test `every_field_is_decided` fails
//! for a field that is neither summed nor explicitly handled. A new amount or count in
//! the model is summed without an edit.
//!
//! Every summed value keeps its parts (which file, which path there, which amount): the
//! consolidated data's source map and the comments of `juesuan consolidate` read them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_yaml::{Mapping, Value};

use crate::model::schema::{self, Kind};
use crate::model::Money;

/// Which file a value comes from: `None` the 部门 file, `Some(i)` member `i`.
pub type FileId = Option<usize>;

/// How a field of the 部门 is made from the 部门 file and its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Summed over the 部门 file and every member (amounts, counts, budgets); a group
    /// is merged field by field.
    Sum,
    /// The 部门 file's own: 部门-level texts, stated totals (checked against the sum),
    /// settings, last year's consolidated figures.
    Own,
    /// Every file's items one after the other (projects); for a map, every key (the
    /// first file naming a key wins).
    Union,
    /// Items with equal key fields are one item, merged field by field (expenditure
    /// lines by 功能分类 项 and fund).
    Keyed(&'static [&'static str]),
    /// A key field of a keyed item (equal in every part).
    Key,
    /// Made from the members after the sum (机构设置: included units, unit counts).
    Derived,
    /// Not in the consolidated data (the consolidation itself).
    Dropped,
}

/// The decisions by field path pattern (`schema::Field::path`); a decision covers the
/// fields below it. Amounts and counts not listed are summed, groups are merged.
pub const POLICIES: &[(&str, Policy)] = &[
    ("schema", Policy::Own),
    ("unit", Policy::Own),
    ("overview.duties", Policy::Own),
    ("overview.secondary_units", Policy::Derived),
    ("overview.included_units", Policy::Derived),
    // The 部门's own 内设机构, not its members'.
    ("overview.internal_offices", Policy::Own),
    // A stated 年末结转和结余 is the 部门's (consolidated) statement, checked by B003.
    ("balances.closing", Policy::Own),
    ("expenditure", Policy::Keyed(&["code", "fund"])),
    ("expenditure[].reason", Policy::Own),
    ("projects", Policy::Union),
    ("three_public.reason_budget", Policy::Own),
    ("three_public.reason_change", Policy::Own),
    // The itemised texts are the 部门's wording; its receptions are all its members'.
    ("three_public.purposes", Policy::Own),
    ("three_public.reasons", Policy::Own),
    ("three_public.reception.domestic.items", Policy::Union),
    ("three_public.reception.foreign.items", Policy::Union),
    ("procurement.purpose", Policy::Own),
    // 部门整体绩效自评 is a 部门-level text, its budget figures included.
    ("performance", Policy::Own),
    // Last year's consolidated figures: members' own 上年 figures hold last year's
    // internal transfers and last year's scope, so they are not summed.
    ("last_year", Policy::Own),
    ("reasons", Policy::Own),
    ("declared", Policy::Own),
    ("code_names", Policy::Union),
    ("settings", Policy::Own),
    ("consolidation", Policy::Dropped),
];

/// The policy of a field path pattern with its kind; `None` for a field no decision
/// covers and that is no amount, count or group (a test fails on such a field).
pub fn policy_of(pattern: &str, kind: Kind) -> Option<Policy> {
    let found = POLICIES
        .iter()
        .filter(|(p, _)| {
            pattern == *p
                || pattern
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with(['.', '[']))
        })
        .max_by_key(|(p, _)| p.len());
    let by_kind = || match kind {
        Kind::Money | Kind::Count | Kind::Struct | Kind::Map => Some(Policy::Sum),
        _ => None,
    };
    match found {
        Some((p, policy)) if *p == pattern => Some(*policy),
        Some((p, Policy::Keyed(keys))) => {
            let rest = &pattern[p.len()..];
            if rest == "[]" {
                Some(Policy::Sum)
            } else if rest.strip_prefix("[].").is_some_and(|k| keys.contains(&k)) {
                Some(Policy::Key)
            } else {
                by_kind()
            }
        }
        Some((_, Policy::Sum)) | None => by_kind(),
        Some((_, inherited)) => Some(*inherited),
    }
}

/// The field pattern of a value's path: `expenditure[2].personnel` →
/// `expenditure[].personnel`, `basic_economic.30101` → `basic_economic.*`.
pub fn pattern_of(path: &str) -> String {
    let mut pattern = String::new();
    for seg in path.split('.') {
        let name = seg.split('[').next().unwrap_or(seg);
        let items = seg.matches('[').count();
        let in_map = !pattern.is_empty() && kind_of(&pattern) == Kind::Map;
        pattern = join(&pattern, if in_map { "*" } else { name });
        pattern.push_str(&"[]".repeat(items));
    }
    pattern
}

fn kind_of(pattern: &str) -> Kind {
    schema::fields()
        .iter()
        .find(|f| f.path == pattern)
        .map(|f| f.kind)
        .unwrap_or(Kind::Struct)
}

/// A summed value's part: the file, the path there and the amount.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub file: FileId,
    pub path: String,
    pub value: Decimal,
}

/// Where the consolidated values come from.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Summed leaves: consolidated path → the stated values that add up to it.
    pub leaves: BTreeMap<String, Vec<Part>>,
    /// List items: consolidated item path (`projects[3]`) → the items it is made of
    /// (the 部门 file's first, when it has one).
    pub items: BTreeMap<String, Vec<(FileId, String)>>,
}

/// One file's value at one place.
#[derive(Clone)]
pub struct Input<'v> {
    pub file: FileId,
    pub path: String,
    pub value: &'v Value,
}

/// Merges the files' trees (`inputs[0]` the 部门 file's, the others its members') into
/// the consolidated tree, recording where each value comes from.
pub fn merge(inputs: &[Input], prov: &mut Provenance) -> Value {
    let own = inputs.iter().find(|i| i.file.is_none()).map(|i| i.value);
    merge_at("", "", own, inputs, prov).unwrap_or(Value::Null)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn merge_at(
    pattern: &str,
    path: &str,
    own: Option<&Value>,
    inputs: &[Input],
    prov: &mut Provenance,
) -> Option<Value> {
    let kind = if pattern.is_empty() {
        Kind::Struct
    } else {
        kind_of(pattern)
    };
    let present: Vec<&Input> = inputs.iter().filter(|i| !i.value.is_null()).collect();
    match policy_of(pattern, kind).unwrap_or(Policy::Own) {
        Policy::Own | Policy::Derived => own.filter(|v| !v.is_null()).cloned(),
        Policy::Dropped => None,
        Policy::Key => present.first().map(|i| i.value.clone()),
        Policy::Sum => match kind {
            Kind::Money | Kind::Count => sum_leaf(kind, path, &present, prov),
            _ => merge_group(pattern, path, kind, own, &present, prov),
        },
        Policy::Union if kind == Kind::Map => union_map(&present),
        Policy::Union => Some(union_list(path, &present, prov)),
        Policy::Keyed(keys) => Some(keyed_list(pattern, path, keys, own, &present, prov)),
    }
}

/// An amount or a count: the sum of the stated values.
fn sum_leaf(kind: Kind, path: &str, present: &[&Input], prov: &mut Provenance) -> Option<Value> {
    if present.is_empty() {
        return None;
    }
    let mut total = Decimal::ZERO;
    let mut parts = Vec::new();
    for i in present {
        let v = match i.value {
            Value::String(s) => Money::parse(s).map(|m| m.0).unwrap_or_default(),
            Value::Number(n) => n.as_u64().map(Decimal::from).unwrap_or_default(),
            _ => Decimal::ZERO,
        };
        total += v;
        parts.push(Part {
            file: i.file,
            path: i.path.clone(),
            value: v,
        });
    }
    prov.leaves.insert(path.to_string(), parts);
    Some(if kind == Kind::Count {
        Value::Number(u64::try_from(total).unwrap_or(u64::MAX).into())
    } else {
        Value::String(total.to_string())
    })
}

/// A group (struct or map): merged key by key, in the order the keys first appear.
fn merge_group(
    pattern: &str,
    path: &str,
    kind: Kind,
    own: Option<&Value>,
    present: &[&Input],
    prov: &mut Provenance,
) -> Option<Value> {
    let maps: Vec<(&Input, &Mapping)> = present
        .iter()
        .filter_map(|i| i.value.as_mapping().map(|m| (*i, m)))
        .collect();
    let own_map = own.and_then(Value::as_mapping);
    if maps.is_empty() && own_map.is_none() {
        return None;
    }
    let mut keys: Vec<&Value> = Vec::new();
    for m in own_map.into_iter().chain(maps.iter().map(|(_, m)| *m)) {
        for k in m.keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let mut out = Mapping::new();
    for k in keys {
        let name = key_text(k);
        let child_pattern = join(pattern, if kind == Kind::Map { "*" } else { &name });
        let child_path = join(path, &name);
        let child_inputs: Vec<Input> = maps
            .iter()
            .filter_map(|(i, m)| {
                m.get(k).map(|v| Input {
                    file: i.file,
                    path: join(&i.path, &name),
                    value: v,
                })
            })
            .collect();
        let child_own = own_map.and_then(|m| m.get(k));
        if let Some(v) = merge_at(&child_pattern, &child_path, child_own, &child_inputs, prov) {
            out.insert(k.clone(), v);
        }
    }
    Some(Value::Mapping(out))
}

/// A mapping key as text (a number or bool key as YAML writes it).
pub fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Every file's items, one after the other.
fn union_list(path: &str, present: &[&Input], prov: &mut Provenance) -> Value {
    let mut out = Vec::new();
    for i in present {
        for (j, item) in i.value.as_sequence().into_iter().flatten().enumerate() {
            prov.items.insert(
                format!("{path}[{}]", out.len()),
                vec![(i.file, format!("{}[{j}]", i.path))],
            );
            out.push(item.clone());
        }
    }
    Value::Sequence(out)
}

/// Every key of every file's map; the first file naming a key wins.
fn union_map(present: &[&Input]) -> Option<Value> {
    let mut out = Mapping::new();
    for i in present {
        for (k, v) in i.value.as_mapping().into_iter().flatten() {
            if !out.contains_key(k) {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Some(Value::Mapping(out))
}

/// Items with equal key fields merged into one, in the order the keys first appear.
fn keyed_list(
    pattern: &str,
    path: &str,
    keys: &[&str],
    own: Option<&Value>,
    present: &[&Input],
    prov: &mut Provenance,
) -> Value {
    let key_of = |item: &Value| -> Vec<String> {
        keys.iter()
            .map(|k| item.get(*k).map(key_text).unwrap_or_default())
            .collect()
    };
    let mut groups: Vec<(Vec<String>, Vec<Input>)> = Vec::new();
    for i in present {
        for (j, item) in i.value.as_sequence().into_iter().flatten().enumerate() {
            let key = key_of(item);
            let input = Input {
                file: i.file,
                path: format!("{}[{j}]", i.path),
                value: item,
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, items)) => items.push(input),
                None => groups.push((key, vec![input])),
            }
        }
    }
    let item_pattern = format!("{pattern}[]");
    let own_items = own.and_then(Value::as_sequence);
    let mut out = Vec::new();
    for (n, (key, items)) in groups.iter().enumerate() {
        let item_path = format!("{path}[{n}]");
        let own_item = own_items.and_then(|s| s.iter().find(|x| key_of(x) == *key));
        prov.items.insert(
            item_path.clone(),
            items.iter().map(|i| (i.file, i.path.clone())).collect(),
        );
        if let Some(v) = merge_at(&item_pattern, &item_path, own_item, items, prov) {
            out.push(v);
        }
    }
    Value::Sequence(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_decided() {
        let undecided: Vec<String> = schema::fields()
            .iter()
            .filter(|f| policy_of(&f.path, f.kind).is_none())
            .map(|f| format!("{} ({:?})", f.path, f.kind))
            .collect();
        assert!(
            undecided.is_empty(),
            "fields neither summed nor decided in model::consolidate::merge::POLICIES:\n{}",
            undecided.join("\n")
        );
        // Every decision names a field of the model.
        for (p, _) in POLICIES {
            assert!(
                schema::fields().iter().any(|f| f.path == *p),
                "POLICIES names {p}, no field of the model"
            );
        }
    }

    #[test]
    fn paths_have_patterns() {
        assert_eq!(
            pattern_of("expenditure[2].personnel"),
            "expenditure[].personnel"
        );
        assert_eq!(pattern_of("basic_economic.30101"), "basic_economic.*");
        assert_eq!(
            pattern_of("projects[1].economic.30201"),
            "projects[].economic.*"
        );
        assert_eq!(pattern_of("income.other"), "income.other");
    }

    #[test]
    fn amounts_counts_and_budgets_are_summed_texts_are_the_departments() {
        let p = |path: &str| policy_of(path, kind_of(path));
        assert_eq!(p("income.superior_subsidy"), Some(Policy::Sum));
        assert_eq!(p("basic_economic.*"), Some(Policy::Sum));
        assert_eq!(p("expenditure[].budget"), Some(Policy::Sum));
        assert_eq!(p("expenditure[].code"), Some(Policy::Key));
        assert_eq!(p("expenditure[].reason"), Some(Policy::Own));
        assert_eq!(p("three_public.fleet.sedan"), Some(Policy::Sum));
        assert_eq!(p("three_public.reason_change"), Some(Policy::Own));
        assert_eq!(p("overview.staffing.actual"), Some(Policy::Sum));
        assert_eq!(p("projects[].economic.*"), Some(Policy::Union));
        assert_eq!(
            p("performance.unit_evaluation.income_budget_initial"),
            Some(Policy::Own)
        );
        // A text no decision covers is undecided.
        assert_eq!(policy_of("income.note", Kind::Text), None);
        assert_eq!(policy_of("assets.list", Kind::List), None);
    }

    #[test]
    fn trees_merge_with_their_parts() {
        let a: Value = serde_yaml::from_str(
            "income: {general_budget: '100.50', other: '1'}\nexpenditure: [{code: '2050201', fund: 其他, personnel: '10', reason: 本级说明}]\nprojects: [{name: A}]\n",
        )
        .unwrap();
        let b: Value = serde_yaml::from_str(
            "income: {general_budget: '200.25'}\nexpenditure: [{code: '2050202', fund: 其他, personnel: '5'}, {code: '2050201', fund: 其他, personnel: '7', reason: 成员说明}]\nprojects: [{name: B}, {name: C}]\n",
        )
        .unwrap();
        let mut prov = Provenance::default();
        let inputs = [
            Input {
                file: None,
                path: String::new(),
                value: &a,
            },
            Input {
                file: Some(0),
                path: String::new(),
                value: &b,
            },
        ];
        let m = merge(&inputs, &mut prov);
        assert_eq!(m["income"]["general_budget"], Value::from("300.75"));
        assert_eq!(m["income"]["other"], Value::from("1"));
        let lines = m["expenditure"].as_sequence().unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["personnel"], Value::from("17"));
        assert_eq!(
            lines[0]["reason"],
            Value::from("本级说明"),
            "the 部门's text"
        );
        assert_eq!(lines[1]["personnel"], Value::from("5"));
        assert!(
            lines[1].get("reason").is_none(),
            "a member's text is not the 部门's"
        );
        let names: Vec<&str> = m["projects"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert_eq!(
            prov.leaves["expenditure[0].personnel"],
            vec![
                Part {
                    file: None,
                    path: "expenditure[0].personnel".into(),
                    value: Decimal::from(10)
                },
                Part {
                    file: Some(0),
                    path: "expenditure[1].personnel".into(),
                    value: Decimal::from(7)
                }
            ]
        );
        assert_eq!(
            prov.items["projects[2]"],
            vec![(Some(0), "projects[1]".into())]
        );
    }
}
