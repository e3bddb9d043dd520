//! The fill-in workbook's layout, made from the model's one description
//! (`model::schema::fields`) and the hand-written labels (`hints`): every field of the
//! model is a row of a field sheet, a column of a table sheet, a row of a code sheet, or
//! named in `hints::EXCLUDED`. A field that no hint places still gets its row (on the
//! sheet `其他字段`) or its column, so a new field of the model reaches the workbook
//! without an edit here; `uncovered` lists what cannot be placed (a test keeps it empty).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::hints::{self, MapHint, EXCLUDED, KV, MAPS, MORE, TABLES};
use crate::model::schema::{self, Kind as SchemaKind};

/// How a value is written and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Several paragraphs (blank line between).
    LongText,
    /// 元, two decimals.
    Money,
    /// A whole number (persons, vehicles, the year).
    Count,
    /// An exact decimal that is no amount (a score).
    Decimal,
    /// One of the listed words.
    Enum(&'static [&'static str]),
    /// 是 / 否.
    Flag,
    /// A list of names, one per line.
    Lines,
    /// A list of paragraphs, a blank line between two.
    Paragraphs,
}

pub const YES_NO: &[&str] = &["是", "否"];

/// One row of a field sheet (项目 | 填写 | 字段).
#[derive(Debug, Clone)]
pub struct Field {
    pub path: String,
    pub label: String,
    pub kind: Kind,
}

/// A sheet of fields.
#[derive(Debug, Clone)]
pub struct KvSheet {
    pub name: String,
    pub fields: Vec<Field>,
}

/// A column of a table sheet.
#[derive(Debug, Clone)]
pub struct Column {
    /// The field under the list's item (`personnel`, `evaluation.score`).
    pub key: String,
    pub header: String,
    pub note: String,
    pub kind: Kind,
}

/// A sheet with one row per item of a list.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    /// The list's path (`expenditure`).
    pub list: String,
    pub columns: Vec<Column>,
}

/// The whole workbook.
#[derive(Debug)]
pub struct Layout {
    pub kv: Vec<KvSheet>,
    pub tables: Vec<Table>,
    pub maps: &'static [MapHint],
    /// Fields of the model that the workbook neither holds nor excludes (and hints
    /// that name no field of the model).
    pub uncovered: Vec<String>,
}

impl Layout {
    /// The field of any field sheet at `path`.
    pub fn field(&self, path: &str) -> Option<&Field> {
        self.kv
            .iter()
            .flat_map(|s| s.fields.iter())
            .find(|f| f.path == path)
    }
}

/// The layout (built once).
pub fn layout() -> &'static Layout {
    static LAYOUT: OnceLock<Layout> = OnceLock::new();
    LAYOUT.get_or_init(build)
}

fn schema_kind(path: &str) -> Option<SchemaKind> {
    schema::fields()
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.kind)
}

/// The workbook kind of the model field at `path` (`None` for a group of fields).
fn kind_of(path: &str, long: bool) -> Option<Kind> {
    Some(match schema_kind(path)? {
        SchemaKind::Money => Kind::Money,
        SchemaKind::Count | SchemaKind::Integer => Kind::Count,
        SchemaKind::Number => Kind::Decimal,
        SchemaKind::Flag => Kind::Flag,
        SchemaKind::Text if long => Kind::LongText,
        SchemaKind::Text => Kind::Text,
        SchemaKind::Choice(words) => Kind::Enum(words),
        SchemaKind::List if schema_kind(&format!("{path}[]")) == Some(SchemaKind::Text) => {
            if long {
                Kind::Paragraphs
            } else {
                Kind::Lines
            }
        }
        SchemaKind::List | SchemaKind::Map | SchemaKind::Struct => return None,
    })
}

fn under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
}

/// Excel refuses sheet names over 31 characters.
fn sheet_name(s: &str) -> String {
    s.chars().take(31).collect()
}

fn build() -> Layout {
    let mut uncovered = Vec::new();
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut kv: Vec<KvSheet> = KV
        .iter()
        .map(|h| KvSheet {
            name: h.name.to_string(),
            fields: h
                .fields
                .iter()
                .filter_map(|(path, label, long)| {
                    placed.insert(path.to_string());
                    match kind_of(path, *long) {
                        Some(kind) => Some(Field {
                            path: path.to_string(),
                            label: label.to_string(),
                            kind,
                        }),
                        None => {
                            uncovered.push(format!("{path}（hints 中有，模型中没有）"));
                            None
                        }
                    }
                })
                .collect(),
        })
        .collect();
    let mut tables: Vec<Table> = TABLES
        .iter()
        .map(|t| Table {
            name: t.name.to_string(),
            list: t.list.to_string(),
            columns: t
                .columns
                .iter()
                .filter_map(|(key, header, note, long)| {
                    let path = format!("{}[].{key}", t.list);
                    placed.insert(path.clone());
                    let Some(kind) = kind_of(&path, *long) else {
                        uncovered.push(format!("{path}（hints 中有，模型中没有）"));
                        return None;
                    };
                    Some(Column {
                        key: key.to_string(),
                        header: header.to_string(),
                        note: note.to_string(),
                        kind,
                    })
                })
                .collect(),
        })
        .collect();
    let mut more = Vec::new();
    for f in schema::fields() {
        let p = f.path.as_str();
        let skip = p == "schema"
            || placed.contains(p)
            || EXCLUDED.iter().any(|(x, _)| under(p, x))
            || MAPS.iter().any(|m| under(p, m.map))
            || (p.ends_with("[]") && kind_of(p.trim_end_matches("[]"), false).is_some());
        if skip {
            continue;
        }
        let Some(kind) = kind_of(p, false) else {
            // A group of fields: its fields are placed one by one; a map no sheet holds
            // leaves its values (`x.*`) uncovered.
            continue;
        };
        match p.split_once("[].") {
            None if !p.contains('*') && !p.contains("[]") => more.push(Field {
                path: p.to_string(),
                label: p.to_string(),
                kind,
            }),
            Some((list, key)) if !list.contains(['[', '*']) && !key.contains(['[', '*']) => {
                let column = Column {
                    key: key.to_string(),
                    header: key.to_string(),
                    note: format!("数据文件字段 {p}（见 docs/data-format.md）"),
                    kind,
                };
                match tables.iter_mut().find(|t| t.list == list) {
                    Some(t) => t.columns.push(column),
                    None => tables.push(Table {
                        name: sheet_name(list),
                        list: list.to_string(),
                        columns: vec![column],
                    }),
                }
            }
            _ => uncovered.push(p.to_string()),
        }
    }
    if !more.is_empty() {
        kv.push(KvSheet {
            name: MORE.to_string(),
            fields: more,
        });
    }
    Layout {
        kv,
        tables,
        maps: MAPS,
        uncovered,
    }
}

/// The reason a part of the model is left out of the workbook, for the 说明 sheet.
pub fn excluded() -> &'static [(&'static str, &'static str)] {
    hints::EXCLUDED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_model_is_in_the_workbook_or_excluded() {
        let l = layout();
        assert!(
            l.uncovered.is_empty(),
            "fields of the model neither in the fill-in workbook nor in hints::EXCLUDED:\n{}",
            l.uncovered.join("\n")
        );
        // Every value field of the model is found in the layout (or a map, or excluded).
        for f in schema::fields() {
            let p = f.path.as_str();
            if kind_of(p, false).is_none() || p == "schema" || p.ends_with("[]") {
                continue;
            }
            let held = l.field(p).is_some()
                || l.tables.iter().any(|t| {
                    t.columns
                        .iter()
                        .any(|c| format!("{}[].{}", t.list, c.key) == p)
                })
                || MAPS.iter().any(|m| under(p, m.map))
                || EXCLUDED.iter().any(|(x, _)| under(p, x));
            assert!(held, "{p} is not in the fill-in workbook");
        }
    }

    #[test]
    fn kinds_come_from_the_model() {
        let l = layout();
        assert_eq!(l.field("income.general_budget").unwrap().kind, Kind::Money);
        assert_eq!(l.field("unit.year").unwrap().kind, Kind::Count);
        assert_eq!(l.field("overview.duties").unwrap().kind, Kind::LongText);
        assert_eq!(
            l.field("overview.included_units").unwrap().kind,
            Kind::Lines
        );
        assert_eq!(
            l.field("performance.unit_evaluation.overall_analysis")
                .unwrap()
                .kind,
            Kind::Paragraphs
        );
        let projects = l.tables.iter().find(|t| t.list == "projects").unwrap();
        let goals = projects.columns.iter().find(|c| c.key == "goals").unwrap();
        assert_eq!(goals.kind, Kind::Flag);
    }
}
