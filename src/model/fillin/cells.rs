//! One cell of the fill-in workbook read as the kind its field has: amounts exact (a
//! whole number of 分), counts whole, choices from their list, texts with zero-width
//! characters stripped (and warned about). Every problem is a finding at the cell.

use calamine::Data;
use rust_decimal::Decimal;
use serde_json::Value;

use super::layout::{Kind, YES_NO};
use crate::diag::{Cell, Finding};
use crate::model::invisible::{is_zero_width, ZERO_WIDTH};
use crate::model::workbook::{display, read_amount, read_code, Grid};

/// Largest count a cell may hold (as the YAML loader's bound).
const MAX_COUNT: u64 = 10_000_000;

/// The value of the cell (`r`, `c`) as `kind`; `None` for an empty cell or an error
/// (then recorded in `findings`). `path` names the field in messages.
pub fn value(
    g: &Grid,
    r: u32,
    c: u32,
    kind: Kind,
    path: &str,
    findings: &mut Vec<Finding>,
) -> Option<Value> {
    let d = g.get(r, c);
    let at = g.cell(r, c);
    match kind {
        Kind::Money | Kind::Count | Kind::Decimal => number(d, &at, kind, path, findings),
        Kind::Enum(words) => choice(d, &at, words, path, findings).map(Value::String),
        Kind::Flag => match d {
            Data::Bool(b) => Some(Value::Bool(*b)),
            _ => choice(d, &at, YES_NO, path, findings).map(|s| Value::Bool(s == "是")),
        },
        Kind::Lines | Kind::Paragraphs => {
            let s = text(d, &at, path, findings)?;
            let items: Vec<Value> = if kind == Kind::Lines {
                s.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_string()))
                    .collect()
            } else {
                s.split("\n\n")
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_string()))
                    .collect()
            };
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Kind::Text | Kind::LongText => text(d, &at, path, findings).map(Value::String),
    }
}

fn number(
    d: &Data,
    at: &Cell,
    kind: Kind,
    path: &str,
    findings: &mut Vec<Finding>,
) -> Option<Value> {
    let v = match read_amount(d, at, Decimal::ONE, findings) {
        Ok(v) => v?,
        Err(e) => {
            findings.push(Finding {
                path: path.into(),
                ..e
            });
            return None;
        }
    };
    if kind != Kind::Count {
        return Some(Value::String(v.normalize().to_string()));
    }
    let whole = v
        .fract()
        .is_zero()
        .then(|| v.normalize().to_string().parse::<u64>().ok())
        .flatten();
    match whole {
        Some(n) if n <= MAX_COUNT => Some(Value::from(n)),
        Some(n) => {
            findings.push(
                Finding::error(
                    "I018",
                    path,
                    format!("{path} 的数量 {n} 大得不合理（上限 {MAX_COUNT}）"),
                )
                .at_cell(at.clone()),
            );
            None
        }
        None => {
            findings.push(
                Finding::error("I018", path, format!("{path} 应填非负整数，实为 {v}"))
                    .at_cell(at.clone()),
            );
            None
        }
    }
}

fn choice(
    d: &Data,
    at: &Cell,
    words: &[&str],
    path: &str,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let s = display(d);
    if s.is_empty() {
        return None;
    }
    if words.contains(&s.as_str()) {
        return Some(s);
    }
    findings.push(
        Finding::error(
            "I021",
            path,
            format!("“{s}”不是可选的值：{}", words.join(" / ")),
        )
        .at_cell(at.clone())
        .help("从下拉列表中选择"),
    );
    None
}

/// A text: trimmed, line ends as `\n`, zero-width characters stripped with a warning.
fn text(d: &Data, at: &Cell, path: &str, findings: &mut Vec<Finding>) -> Option<String> {
    let mut s = match d {
        Data::String(s) => s.trim().replace("\r\n", "\n"),
        Data::Empty => return None,
        other => display(other),
    };
    if s.contains(ZERO_WIDTH) {
        let n = s.chars().filter(|c| is_zero_width(*c)).count();
        s.retain(|c| !is_zero_width(c));
        findings.push(
            Finding::warning(
                "G003",
                path,
                format!(
                    "{path} 中有{n}个看不见的零宽字符，已删除：它们会印成空白方框，并使报告不再符合 PDF/A"
                ),
            )
            .at_cell(at.clone())
            .help("多为从网页或 Word 复制文字时带入；在该格中删去不可见字符，即可消除此警告"),
        );
    }
    (!s.is_empty()).then_some(s)
}

/// A code of one of `lengths` digits; a code stored as a number is read with a warning.
pub fn code(
    g: &Grid,
    r: u32,
    c: u32,
    lengths: &[usize],
    path: &str,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let at = g.cell(r, c);
    match read_code(g.get(r, c), lengths) {
        Some(code) => {
            if code.numeric {
                findings.push(
                    Finding::warning(
                        "I009",
                        path,
                        format!("编码 {} 存成了数字，已按文本读取", code.code),
                    )
                    .at_cell(at)
                    .help("把编码列设为文本格式，以免开头的 0 丢失"),
                );
            }
            Some(code.code)
        }
        None => {
            let want: Vec<String> = lengths.iter().map(|n| n.to_string()).collect();
            findings.push(
                Finding::error(
                    "I021",
                    path,
                    format!(
                        "“{}”不是{}位科目编码",
                        display(g.get(r, c)),
                        want.join("或")
                    ),
                )
                .at_cell(at)
                .help("编码只能是半角数字，按文本填写"),
            );
            None
        }
    }
}
