//! The guard over the generated Typst text, before layout: no placeholder pattern
//! (`crate::placeholder::PATTERNS`: 未填报, 未细化, XX, 增加/减少, “（或”, “(注”, “注：请”,
//! `{{`, 0/0 …) reaches the report. A hit is an error (R001) naming where it came from.
//!
//! Attribution: the source is rendered a second time with every interpolated value
//! wrapped in private-use markers, so a hit is known to lie in template text or in a
//! value. Template text is found in the template files by the literal run around the
//! hit; a value is traced to the data field whose text holds it (located line:col) or,
//! failing that, to the view field that printed it. The scan reads the text as typst
//! prints it: markup escapes (`\/`, `\{`) are undone first.

use std::collections::BTreeSet;

use super::{escape, Renderer, View};
use crate::diag::Finding;
use crate::model::{text_fields, Loaded, Settings};
use crate::placeholder::{self, PATTERNS};

/// The finding code of a placeholder in the generated text.
pub const CODE: &str = "R001";

/// Opens and closes an interpolated value in the marked rendering.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The marking escape: a value, escaped as usual, between markers.
fn marking(s: &str) -> String {
    format!("{OPEN}{}{CLOSE}", escape::typst_markup(s))
}

/// The text as typst prints it (markup escapes undone), each char with the value it
/// belongs to (`None`: template text).
struct Plain {
    text: String,
    /// Per byte of `text`: the index of the value it came from.
    owner: Vec<Option<usize>>,
    /// The values' printed texts.
    values: Vec<String>,
}

/// Undoes markup escapes (a backslash before a non-alphanumeric character) and, in a
/// marked rendering, records which value each character came from.
fn plain(source: &str) -> Plain {
    let mut text = String::with_capacity(source.len());
    let mut owner = Vec::with_capacity(source.len());
    let mut values: Vec<String> = Vec::new();
    let mut current: Option<usize> = None;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            OPEN => {
                values.push(String::new());
                current = Some(values.len() - 1);
                continue;
            }
            CLOSE => {
                current = None;
                continue;
            }
            '\\' if chars
                .peek()
                .is_some_and(|n| !n.is_alphanumeric() && *n != OPEN && *n != CLOSE) =>
            {
                chars.next().unwrap_or('\\')
            }
            c => c,
        };
        text.push(c);
        owner.extend(std::iter::repeat_n(current, c.len_utf8()));
        if let Some(v) = current {
            values[v].push(c);
        }
    }
    Plain {
        text,
        owner,
        values,
    }
}

/// Where a hit came from.
#[derive(Debug, Clone, PartialEq)]
enum Origin {
    /// A data field (path).
    Data(String),
    /// A view field (JSON path of the view), i.e. text the program made.
    View(String),
    /// Template files whose text holds it.
    Templates(Vec<String>),
    Unknown,
}

/// Scans the generated Typst source; for each placeholder an error naming its origin.
/// `templates` are the run's template files (name, text).
pub fn check(
    renderer: &Renderer,
    templates: &[(String, String)],
    view: &View,
    settings: &Settings,
    source: &str,
    loaded: &Loaded,
) -> Vec<Finding> {
    if placeholder::find(&plain(source).text, &PATTERNS).is_empty() {
        return Vec::new();
    }
    // The marked rendering tells template text from values; it renders the same text.
    let marked = renderer
        .render_with_escape(view, settings, marking)
        .unwrap_or_else(|_| source.to_string());
    let p = plain(&marked);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for hit in placeholder::find(&p.text, &PATTERNS) {
        let range = hit.offset..hit.offset + hit.pattern.len();
        let owners: BTreeSet<Option<usize>> = p.owner[range.clone()].iter().copied().collect();
        let context = context(&p.text, range.clone());
        let origin = match owners.into_iter().collect::<Vec<_>>().as_slice() {
            [Some(v)] => value_origin(&p.values[*v], hit.pattern, view, loaded),
            // Template text, or template text joined to a value: the template is named.
            _ => template_origin(&p, range, templates),
        };
        if !seen.insert((hit.pattern, format!("{origin:?}"), context.clone())) {
            continue;
        }
        out.push(finding(hit.pattern, &context, origin, loaded));
    }
    out
}

fn finding(pattern: &str, context: &str, origin: Origin, loaded: &Loaded) -> Finding {
    let (path, whence, pos) = match &origin {
        Origin::Data(path) => (
            path.clone(),
            format!("来自数据字段 {path}"),
            loaded
                .source
                .within(path, pattern)
                .or_else(|| loaded.source.find(path)),
        ),
        Origin::View(path) => (
            path.clone(),
            format!("来自程序生成的文字（视图字段 {path}）"),
            None,
        ),
        Origin::Templates(files) => (
            files.join("、"),
            format!("来自模板 {}", files.join("、")),
            None,
        ),
        Origin::Unknown => (String::new(), "来源未能确定".into(), None),
    };
    Finding::error(
        CODE,
        path,
        format!("生成的报告文字中有占位符“{pattern}”（{whence}）：…{context}…"),
    )
    .at(pos)
    .help(match origin {
        Origin::Data(_) => "请在数据文件中改写该处文字，填入实际内容",
        Origin::Templates(_) => "请改写模板中的该处文字（juesuan templates export 可导出内置模板）",
        _ => "请报告此问题：程序生成的文字不应含有占位符",
    })
}

/// Up to 12 characters either side of the hit, on its line.
fn context(text: &str, range: std::ops::Range<usize>) -> String {
    let before: String = text[..range.start]
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[range.end..]
        .chars()
        .take_while(|c| *c != '\n')
        .take(12)
        .collect();
    format!("{before}{}{after}", &text[range])
}

/// A value's origin: the data field whose text holds it, else the view field.
fn value_origin(value: &str, pattern: &str, view: &View, loaded: &Loaded) -> Origin {
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let v = squash(value);
    let fields = text_fields(&loaded.data);
    let holds = |t: &str| {
        let t = squash(t);
        t.contains(pattern) && (t.contains(&v) || v.contains(&t))
    };
    if let Some((path, _)) = fields.iter().find(|(_, t)| holds(t)) {
        return Origin::Data(path.clone());
    }
    if let Some((path, _)) = fields.iter().find(|(_, t)| squash(t).contains(pattern)) {
        return Origin::Data(path.clone());
    }
    let json = serde_json::to_value(view).unwrap_or_default();
    match view_path(&json, pattern, String::new()) {
        Some(p) => Origin::View(p),
        None => Origin::Unknown,
    }
}

/// The first string of the view holding `pattern`, as a path (`appendix.forms[0].name`).
fn view_path(v: &serde_json::Value, pattern: &str, at: String) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) if s.contains(pattern) => Some(at),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| view_path(x, pattern, format!("{at}[{i}]"))),
        Value::Object(m) => m.iter().find_map(|(k, x)| {
            let p = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            view_path(x, pattern, p)
        }),
        _ => None,
    }
}

/// Template text: the files holding the literal run around the hit (the widest window
/// that some file holds; the pattern alone when nothing wider is found).
fn template_origin(
    p: &Plain,
    range: std::ops::Range<usize>,
    templates: &[(String, String)],
) -> Origin {
    let literal = |i: usize| p.owner[i].is_none() && p.text.as_bytes()[i] != b'\n';
    let mut start = range.start;
    let mut end = range.end;
    let mut steps = 0;
    while start > 0 && steps < 24 {
        let prev = p.text[..start]
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
        if !literal(start - prev) {
            break;
        }
        start -= prev;
        steps += 1;
    }
    steps = 0;
    while end < p.text.len() && steps < 24 && literal(end) {
        end += p.text[end..].chars().next().map_or(1, char::len_utf8);
        steps += 1;
    }
    let sources: Vec<(&String, String)> =
        templates.iter().map(|(n, t)| (n, plain(t).text)).collect();
    // Narrow the window towards the hit until some template holds it.
    let mut windows = vec![(start, end)];
    let (mut s, mut e) = (start, end);
    while s < range.start || e > range.end {
        if s < range.start {
            s += p.text[s..].chars().next().map_or(1, char::len_utf8);
        }
        if e > range.end {
            e -= p.text[..e].chars().next_back().map_or(1, char::len_utf8);
        }
        windows.push((s, e));
    }
    let bare = windows.len() - 1;
    for (k, (s, e)) in windows.into_iter().enumerate() {
        let needle = &p.text[s..e];
        let files: Vec<String> = sources
            .iter()
            .filter(|(_, t)| t.contains(needle))
            .map(|(n, _)| (*n).clone())
            .collect();
        // Tera's own braces are in every template: the bare pattern proves nothing.
        let proves = k != bare || !needle.starts_with(['{', '}']);
        if proves && !files.is_empty() {
            return Origin::Templates(files);
        }
    }
    Origin::Unknown
}

#[cfg(test)]
mod tests;
