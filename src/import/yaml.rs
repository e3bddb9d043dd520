//! Writing the imported data file: the model as YAML in field order, every number with a
//! comment naming its source (`# Z04!E12`, `# Z04!F12 − Z07!G12`, `# 取自 last.yaml`),
//! zeros that no table printed left out (they default to 0), codes quoted.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

use super::facts::Source;
use crate::model::consolidate::merge::key_text;
use crate::model::ReportData;

/// Keys whose string values are `Decimal`s (serialised as strings) rather than text.
const DECIMAL_KEYS: [&str; 4] = ["overall_score", "target", "actual", "score"];

const COMMENT_COLUMN: usize = 44;

/// Renders `data` with `header` comment lines on top. `fallback` comments numbers that
/// have no source (those carried over from the texts file).
pub fn render(
    data: &ReportData,
    sources: &BTreeMap<String, Source>,
    header: &[String],
    fallback: Option<&str>,
) -> String {
    let money: BTreeSet<String> = crate::model::money_fields(data)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let w = Writer {
        sources,
        money,
        fallback,
    };
    let mut out = String::new();
    for h in header {
        out.push_str(&format!("# {h}\n"));
    }
    let value = serde_yaml::to_value(data).unwrap_or(Value::Null);
    if let Value::Mapping(m) = &value {
        for (k, v) in m {
            let key = key_text(k);
            if let Some(block) = w.entry(&key, v, &key, 0) {
                if !out.is_empty() && matches!(v, Value::Mapping(_) | Value::Sequence(_)) {
                    out.push('\n');
                }
                out.push_str(&block);
            }
        }
    }
    out
}

struct Writer<'a> {
    sources: &'a BTreeMap<String, Source>,
    money: BTreeSet<String>,
    fallback: Option<&'a str>,
}

impl Writer<'_> {
    /// `key: value` at `indent`, or `None` when there is nothing to write.
    fn entry(&self, key: &str, v: &Value, path: &str, indent: usize) -> Option<String> {
        let pad = " ".repeat(indent);
        let k = yaml_key(key);
        match v {
            Value::Mapping(_) | Value::Sequence(_) => {
                let body = self.node(v, path, indent + 2)?;
                Some(format!("{pad}{k}:\n{body}"))
            }
            _ => {
                let (text, comment) = self.scalar(v, path, key)?;
                if text.starts_with('|') {
                    return Some(format!("{pad}{k}: {}\n", block(&text, indent + 2)));
                }
                Some(line(&format!("{pad}{k}: {text}"), comment))
            }
        }
    }

    /// A mapping or sequence body at `indent`.
    fn node(&self, v: &Value, path: &str, indent: usize) -> Option<String> {
        let mut out = String::new();
        match v {
            Value::Mapping(m) => {
                for (k, x) in m {
                    let key = key_text(k);
                    let p = format!("{path}.{key}");
                    if let Some(s) = self.entry(&key, x, &p, indent) {
                        out.push_str(&s);
                    }
                }
            }
            Value::Sequence(items) => {
                let pad = " ".repeat(indent);
                for (i, x) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    match x {
                        Value::Mapping(_) | Value::Sequence(_) => {
                            let Some(body) = self.node(x, &p, indent + 2) else {
                                out.push_str(&format!("{pad}- {{}}\n"));
                                continue;
                            };
                            // "- " takes the place of the first line's indentation.
                            out.push_str(&format!("{pad}- {}", &body[indent + 2..]));
                        }
                        _ => {
                            let key = "";
                            if let Some((text, comment)) = self.scalar(x, &p, key) {
                                if text.starts_with('|') {
                                    out.push_str(&format!("{pad}- {}\n", block(&text, indent + 2)));
                                } else {
                                    out.push_str(&line(&format!("{pad}- {text}"), comment));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        (!out.is_empty()).then_some(out)
    }

    /// The text of a scalar and its comment; `None` to leave it out.
    fn scalar(&self, v: &Value, path: &str, key: &str) -> Option<(String, Option<String>)> {
        let comment = self.sources.get(path).map(Source::comment);
        match v {
            Value::Null => None,
            Value::Bool(false) => None,
            Value::Bool(true) => Some(("true".into(), comment)),
            Value::Number(n) => {
                let zero = n.as_f64() == Some(0.0);
                self.number(n.to_string(), zero, path, comment)
            }
            Value::String(s) => {
                let numeric = self.money.contains(path) || DECIMAL_KEYS.contains(&key);
                if numeric {
                    let zero = s.parse::<f64>().map(|f| f == 0.0).unwrap_or(false);
                    return self.number(s.clone(), zero, path, comment);
                }
                if s.is_empty() {
                    // A required field stays in the file, empty, for the user to fill.
                    return (path == "unit.name").then(|| ("\"\"".to_string(), comment));
                }
                if s.contains('\n') {
                    return Some((format!("|-\n{s}"), None));
                }
                let quoted = serde_yaml::to_string(s).unwrap_or_default();
                Some((quoted.trim_end().to_string(), comment))
            }
            Value::Tagged(t) => self.scalar(&t.value, path, key),
            _ => None,
        }
    }

    fn number(
        &self,
        text: String,
        zero: bool,
        path: &str,
        comment: Option<String>,
    ) -> Option<(String, Option<String>)> {
        let in_line = path.starts_with("expenditure[");
        match comment {
            Some(_) if zero && in_line => None,
            Some(c) => Some((text, Some(c))),
            None if zero => None,
            None => Some((text, self.fallback.map(str::to_string))),
        }
    }
}

/// A literal block scalar (`|-`), indented; a first line starting with a space gets an
/// explicit indentation indicator.
fn block(text: &str, indent: usize) -> String {
    let body = text.strip_prefix("|-\n").unwrap_or(text);
    let pad = " ".repeat(indent);
    let indicator = if body.starts_with(' ') { "2" } else { "" };
    let mut out = format!("|{indicator}-");
    for l in body.split('\n') {
        out.push('\n');
        if !l.is_empty() {
            out.push_str(&pad);
            out.push_str(l);
        }
    }
    out
}

fn line(text: &str, comment: Option<String>) -> String {
    match comment {
        Some(c) => {
            let width: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            let gap = COMMENT_COLUMN.saturating_sub(width).max(2);
            format!("{text}{}# {c}\n", " ".repeat(gap))
        }
        None => format!("{text}\n"),
    }
}

/// A mapping key: plain when it is an identifier, quoted otherwise (`"30101"`).
fn yaml_key(k: &str) -> String {
    let plain = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        k.to_string()
    } else {
        format!("\"{}\"", k.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_example_round_trips_with_comments() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example/dongqu-media-2023.yaml");
        let loaded = crate::model::load_file(&path).unwrap();
        let mut sources = BTreeMap::new();
        for (p, _) in crate::model::money_fields(&loaded.data) {
            sources.insert(p, Source::Texts("示例".into()));
        }
        for (p, _) in crate::model::count_fields(&loaded.data) {
            sources.insert(p, Source::Texts("示例".into()));
        }
        sources.insert(
            "income.general_budget".to_string(),
            Source::Cell(crate::import::Cell::new("Z01 收入支出决算总表", 6, 4)),
        );
        let text = render(
            &loaded.data,
            &sources,
            &["导入测试".into()],
            Some("取自 示例"),
        );
        assert!(text.contains("general_budget: 3464745.78"));
        assert!(text.contains("# Z01!E7"));
        let again = crate::model::load_str(Path::new("x.yaml"), text.clone()).unwrap();
        let a = serde_json::to_value(&loaded.data).unwrap();
        let b = serde_json::to_value(&again.data).unwrap();
        assert!(
            a == b,
            "the written file does not load back to the same data"
        );
        for l in text.lines() {
            let t = l.trim_start().trim_start_matches("- ");
            let Some((_, v)) = t.split_once(": ") else {
                continue;
            };
            let v = v.split("  #").next().unwrap().trim();
            if v.parse::<f64>().is_ok() {
                assert!(l.contains("# "), "number without a comment: {l}");
            }
        }
    }
}
