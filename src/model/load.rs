//! The YAML loader: encoding checks, YAML parsing into `ReportData`, and the position
//! index (`YamlSource`) that locates findings by line and column.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_decimal::Decimal;

use super::schema::{count_fields, money_fields};
use super::source::{LoadError, Loaded, Source};
use super::{guard, Locator, Pos, ReportData, SCHEMA_VERSION};
use crate::diag::{Finding, Location, Origin};

/// A YAML data file's text and the position of every value in it.
#[derive(Debug)]
pub struct YamlSource {
    path: PathBuf,
    text: String,
    locator: Locator,
}

impl YamlSource {
    /// Indexes `text` (read from `path`).
    pub fn new(path: &Path, text: String) -> YamlSource {
        YamlSource {
            path: path.to_path_buf(),
            locator: Locator::new(&text),
            text,
        }
    }

    /// The text as loaded (BOM dropped, CRLF turned into LF).
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl Source for YamlSource {
    fn find(&self, path: &str) -> Option<Location> {
        self.locator.find(path).map(Location::Text)
    }

    fn key(&self, path: &str) -> Option<Location> {
        self.locator.key(path).map(Location::Text)
    }

    fn has(&self, path: &str) -> bool {
        self.locator.has(path)
    }

    fn within(&self, path: &str, snippet: &str) -> Option<Location> {
        let p = self.locator.find(path)?;
        let src = &self.text;
        let end = (p.offset + p.len).min(src.len());
        let at = src.get(p.offset..end)?.find(snippet)?;
        Some(Location::Text(pos_at(src, p.offset + at, snippet.len())))
    }

    fn render(&self, findings: &[Finding]) -> String {
        crate::diag::render_text(&self.path, &self.text, findings)
    }

    fn end(&self) -> Option<Location> {
        // The last line with text on it: a missing block belongs after it.
        let text = self.text.trim_end();
        let start = text.rfind('\n').map(|p| p + 1).unwrap_or(0);
        Some(Location::Text(pos_at(
            &self.text,
            start,
            text.len() - start,
        )))
    }

    fn text(&self) -> Option<&str> {
        Some(&self.text)
    }

    fn origin(&self, at: &Location) -> Option<Origin> {
        super::origin::origin(&self.text, at.text()?)
    }
}

/// Position of `offset` in `text`.
fn pos_at(text: &str, offset: usize, len: usize) -> Pos {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|p| p + 1).unwrap_or(0);
    Pos {
        line,
        col: text[line_start..offset].chars().count() + 1,
        offset,
        len,
    }
}

/// Parses the bytes of a data file (encoding check, then `load_str`).
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, LoadError> {
    if let Err(f) = guard::check_size(bytes.len()) {
        return Err(LoadError::Invalid {
            path: path.to_path_buf(),
            findings: vec![*f],
            input: Arc::new(YamlSource::new(path, String::new())),
        });
    }
    let text = decode(path, bytes)?;
    load_str(path, text)
}

/// Checks the encoding: UTF-8 (a BOM is dropped); GBK and other encodings are refused
/// with a message telling the accountant how to re-save the file.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(LoadError::Encoding {
            path: path.to_path_buf(),
            message: "文件是 UTF-16 编码，请另存为 UTF-8 编码后再试 (F008)".into(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let (_, _, gbk_bad) = encoding_rs::GBK.decode(bytes);
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            let message = if !gbk_bad {
                format!("第{line}行起的内容不是 UTF-8 编码，看起来是 GBK/GB2312 编码。请在编辑器中“另存为”UTF-8 编码后再试 (F008)")
            } else {
                format!("第{line}行起的内容不是 UTF-8 编码的文本，请另存为 UTF-8 编码后再试 (F008)")
            };
            Err(LoadError::Encoding {
                path: path.to_path_buf(),
                message,
            })
        }
    }
}

/// Parses data-file text. `path` is only used in messages.
pub fn load_str(path: &Path, text: String) -> Result<Loaded, LoadError> {
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    let invalid = |f: Finding, text: &str| LoadError::Invalid {
        path: path.to_path_buf(),
        findings: vec![f],
        input: Arc::new(YamlSource::new(path, text.to_string())),
    };
    if text.trim().is_empty() {
        return Err(invalid(
            Finding::error("F001", "", "数据文件是空的")
                .help("用 `juesuan init 文件名.yaml` 生成一份带注释的数据文件模板"),
            &text,
        ));
    }
    // Anchors, deep nesting and oversize text are refused before any parser runs.
    if let Err(f) = guard::check(&text) {
        return Err(invalid(*f, &text));
    }
    let locator = Locator::new(&text);
    if let Some(p) = locator.anchor() {
        return Err(invalid(guard::anchor_finding(p), &text));
    }
    let mut data: ReportData = match serde_yaml::from_str(&text) {
        Ok(d) => d,
        Err(e) => return Err(invalid(yaml_error_finding(&e, &text, &locator), &text)),
    };
    if data.schema != SCHEMA_VERSION {
        let f = Finding::error(
            "F002",
            "schema",
            format!(
                "数据格式版本 schema 为 {}，本程序读取的是版本 {SCHEMA_VERSION}",
                data.schema
            ),
        )
        .at(locator.find("schema"));
        return Err(invalid(f, &text));
    }
    // Zero-width characters are warned about where they stand, then stripped.
    let notes = if text.contains(super::invisible::ZERO_WIDTH) {
        super::invisible::findings(&data, &text, &locator)
    } else {
        Vec::new()
    };
    let source = Arc::new(YamlSource {
        path: path.to_path_buf(),
        text,
        locator,
    });
    let absurd = limits(&data, source.as_ref());
    if !absurd.is_empty() {
        return Err(LoadError::Invalid {
            path: path.to_path_buf(),
            findings: absurd,
            input: source,
        });
    }
    if !notes.is_empty() {
        super::invisible::strip(&mut data);
    }
    Ok(Loaded {
        path: path.to_path_buf(),
        data,
        source,
        notes,
        consolidation: None,
    })
}

/// What no data file may hold, whatever its format: amounts and counts no unit can have
/// (they would overflow the exact arithmetic downstream), codes with non-ASCII digits.
pub(super) fn limits(data: &ReportData, source: &dyn Source) -> Vec<Finding> {
    // Magnitudes no unit can have would overflow the exact arithmetic downstream.
    let mut absurd = Vec::new();
    for (p, m) in money_fields(data) {
        if m.0.abs() > Decimal::from(MAX_AMOUNT) {
            absurd.push(
                Finding::error(
                    "F006",
                    &p,
                    format!("字段 {p} 的金额 {m} 元大得不合理（上限 {MAX_AMOUNT} 元）"),
                )
                .at(source.find(&p))
                .help("金额以元为单位填写，请核对是否多写了位数"),
            );
        }
    }
    for (p, n) in count_fields(data) {
        if n > MAX_COUNT {
            absurd.push(
                Finding::error(
                    "F005",
                    &p,
                    format!("字段 {p} 的数量 {n} 大得不合理（上限 {MAX_COUNT}）"),
                )
                .at(source.find(&p)),
            );
        }
    }
    // Codes are sliced by byte position downstream (类 = first 3 digits): a code with
    // non-ASCII characters (full-width digits, a BOM) is refused here.
    for (p, code, rule, digits, is_key) in code_fields(data) {
        if !code.is_ascii() {
            let pos = if is_key {
                source.key(&p)
            } else {
                source.find(&p)
            };
            absurd.push(
                Finding::error(rule, &p, format!("科目编码 {p} 中有非半角字符：“{code}”"))
                    .expected(format!("{digits}位半角数字"), format!("“{code}”"))
                    .at(pos)
                    .help("编码只能用半角数字 0–9（全角数字“０１２”等请改为半角）"),
            );
        }
    }
    absurd
}

/// Largest amount (元) the loader accepts: 10^15.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;
/// Largest count (vehicles, persons, units) the loader accepts.
pub const MAX_COUNT: u32 = 10_000_000;

/// Every classification code: (path, code, rule code, digits, written as a map key).
fn code_fields(d: &ReportData) -> Vec<(String, String, &'static str, u32, bool)> {
    let mut v = Vec::new();
    for (i, e) in d.expenditure.iter().enumerate() {
        v.push((
            format!("expenditure[{i}].code"),
            e.code.clone(),
            "C001",
            7,
            false,
        ));
    }
    for (i, p) in d.projects.iter().enumerate() {
        v.push((
            format!("projects[{i}].code"),
            p.code.clone(),
            "C001",
            7,
            false,
        ));
        for k in p.economic.keys() {
            v.push((
                format!("projects[{i}].economic.{k}"),
                k.clone(),
                "C005",
                5,
                true,
            ));
        }
    }
    for k in d.basic_economic.keys() {
        v.push((format!("basic_economic.{k}"), k.clone(), "C005", 5, true));
    }
    for k in d.code_names.keys() {
        let rule = if k.len() == 5 && k.starts_with('3') {
            "C005"
        } else {
            "C001"
        };
        v.push((format!("code_names.{k}"), k.clone(), rule, 7, true));
    }
    v
}

/// Turns a serde_yaml error into a located finding with a Chinese message.
fn yaml_error_finding(e: &serde_yaml::Error, text: &str, locator: &Locator) -> Finding {
    let raw = e.to_string();
    let pos = e.location().map(|l| {
        let mut offset = l.index().min(text.len());
        if !text.is_char_boundary(offset) {
            // Fall back to line and column (characters) when the index is not a byte offset.
            let line_start: usize = text
                .split_inclusive('\n')
                .take(l.line().saturating_sub(1))
                .map(str::len)
                .sum();
            let line_start = line_start.min(text.len());
            offset = text[line_start..]
                .char_indices()
                .nth(l.column().saturating_sub(1))
                .map(|(b, _)| line_start + b)
                .unwrap_or(text.len());
        }
        let len = text[offset..].find('\n').unwrap_or(text.len() - offset);
        Pos {
            line: l.line(),
            col: l.column(),
            offset,
            len,
        }
    });
    // serde_yaml prefixes errors with the path ("unit.year: invalid type ...").
    let (path, detail) = match raw.split_once(": ") {
        Some((p, d)) if !p.contains(' ') => (p.to_string(), d.to_string()),
        _ => (String::new(), raw.clone()),
    };
    let detail = detail
        .split(" at line ")
        .next()
        .unwrap_or(&detail)
        .to_string();
    let (code, message, help) = translate(&detail, &path);
    // A missing field is reported at its parent's mapping; point at the parent's key.
    let pos = match code {
        "F004" if !path.is_empty() => locator.key(&path).or(pos),
        _ => pos,
    };
    let once = "YAML 解析在第一处错误处停止：改正后请再次运行 check，以发现其余问题";
    let help = match help {
        Some(h) => format!("{h}。{once}"),
        None => once.to_string(),
    };
    Finding::error(code, path, message).at(pos).help(help)
}

/// Chinese wording for serde_yaml's messages; the English original stays in the help.
fn translate(detail: &str, path: &str) -> (&'static str, String, Option<String>) {
    let field = if path.is_empty() {
        "文件".to_string()
    } else {
        format!("字段 {path} ")
    };
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|s| {
                s.split(['`', ',', ' '])
                    .filter(|w| !w.is_empty() && *w != "one" && *w != "of" && *w != "or")
                    .collect()
            })
            .unwrap_or_default();
        let best = expected
            .iter()
            .map(|c| (strsim::jaro_winkler(name, c), *c))
            .filter(|(s, _)| *s > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c.to_string());
        let msg = format!("{field}中有未知字段 `{name}`");
        let help = match best {
            Some(b) => format!("是否想写 `{b}`？可用字段：{}", expected.join("、")),
            None => format!("可用字段：{}", expected.join("、")),
        };
        return ("F003", msg, Some(help));
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return ("F004", format!("{field}缺少必填字段 `{name}`"), None);
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let msg = format!(
            "{field}的类型不对：应为{}，实为{}",
            type_word(expected),
            type_word(found)
        );
        return ("F005", msg, Some(format!("原始信息：{detail}")));
    }
    if detail.starts_with("invalid value") {
        return ("F005", format!("{field}的取值不对：{detail}"), None);
    }
    if detail.starts_with("unknown variant") {
        let allowed = detail
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .replace('`', "");
        return (
            "F005",
            format!("{field}的取值不在允许范围内"),
            Some(format!("允许的取值：{allowed}")),
        );
    }
    if detail.contains("金额") || detail.contains("科学计数法") {
        return ("F006", format!("{field}：{detail}"), None);
    }
    if detail.contains("recursion limit") {
        return ("F005", "数据文件嵌套层次过深".into(), None);
    }
    if let Some(rest) = detail
        .strip_prefix("duplicate field `")
        .or_else(|| detail.strip_prefix("duplicate entry with key \""))
    {
        let name = rest.split(['`', '"']).next().unwrap_or("");
        return (
            "F000",
            format!("{field}中 `{name}` 重复出现"),
            Some("同一层级的字段名只能出现一次，请删去或合并重复的那一处".into()),
        );
    }
    syntax(detail)
}

/// A YAML syntax error in Chinese (F000), the English original in the help.
fn syntax(detail: &str) -> (&'static str, String, Option<String>) {
    const SYNTAX: [(&str, &str); 8] = [
        (
            "found a tab character",
            "缩进中使用了制表符（Tab），请改用空格缩进",
        ),
        (
            "did not find expected key",
            "找不到预期的字段名：多为缩进不齐或引号未配对",
        ),
        (
            "did not find expected ',' or ']'",
            "方括号列表 [..] 未闭合或缺少逗号",
        ),
        (
            "did not find expected ',' or '}'",
            "花括号 {..} 未闭合或缺少逗号",
        ),
        (
            "mapping values are not allowed",
            "此处不能出现“字段: 值”：多为冒号后缺空格或缩进不对",
        ),
        ("unexpected end of stream", "文件意外结束：引号或括号未闭合"),
        (
            "found unknown escape character",
            "双引号字符串中有无法识别的转义字符（\\）",
        ),
        (
            "block sequence entries are not allowed",
            "此处不能出现列表项“- ”：请检查缩进",
        ),
    ];
    let plain = SYNTAX
        .iter()
        .find(|(en, _)| detail.contains(en))
        .map(|(_, zh)| *zh);
    let message = match plain {
        Some(zh) => format!("YAML 语法错误：{zh}"),
        None => format!("YAML 语法错误：{detail}"),
    };
    (
        "F000",
        message,
        Some(format!(
            "检查缩进、冒号后的空格和引号是否配对（原始信息：{detail}）"
        )),
    )
}

/// Chinese name of a serde type description ("sequence", "struct Unit", "u32", ...).
fn type_word(t: &str) -> String {
    let t = t.trim();
    let word = match t {
        _ if t.starts_with("struct ") || t == "map" || t.starts_with("a map") => {
            "一组字段（键: 值）"
        }
        "sequence" | "a sequence" => "列表（- 项 或 [..]）",
        "u32" | "u64" | "u8" | "u16" => "非负整数",
        "i32" | "i64" => "整数",
        "a string" | "string" => "文字",
        "a boolean" | "boolean" => "true 或 false",
        "unit value" | "null" => "空值",
        "floating point" => "小数",
        "integer" => "整数",
        _ if t.starts_with("string ") => return format!("文字 {}", &t[7..]),
        _ if t.starts_with("integer ") => return format!("整数 {}", &t[8..]),
        _ if t.starts_with("floating point ") => return format!("小数 {}", &t[15..]),
        _ if t.starts_with("boolean ") => return format!("布尔值 {}", &t[8..]),
        _ if t.starts_with("enum ") => "规定的取值之一",
        _ => return t.to_string(),
    };
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Loaded, LoadError> {
        load_str(Path::new("t.yaml"), text.to_string())
    }

    #[test]
    fn syntax_error_reports_line_and_column() {
        let err = load("schema: 1\nunit:\n  name: x\n  year: [2023\n").unwrap_err();
        match err {
            LoadError::Invalid { findings, .. } => {
                let p = findings[0].text_pos().expect("position");
                assert!(p.line >= 4, "line {}", p.line);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_field_suggests_the_near_name() {
        let err = load("schema: 1\nunit:\n  nmae: x\n  year: 2023\n").unwrap_err();
        let LoadError::Invalid { findings, .. } = err else {
            panic!()
        };
        assert_eq!(findings[0].code, "F003");
        assert!(
            findings[0].help.as_deref().unwrap().contains("`name`"),
            "{:?}",
            findings[0]
        );
        assert_eq!(findings[0].text_pos().unwrap().line, 3);
    }

    #[test]
    fn gbk_file_is_refused_with_advice() {
        let (gbk, _, _) = encoding_rs::GBK.encode("schema: 1\nunit:\n  name: 东区\n");
        let err = decode(Path::new("g.yaml"), &gbk).unwrap_err();
        assert!(err.to_string().contains("UTF-8"));
        assert!(err.to_string().contains("GBK"));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let bytes = b"\xEF\xBB\xBFschema: 1\r\nunit:\r\n  name: x\r\n  year: 2023\r\n";
        let text = decode(Path::new("b.yaml"), bytes).unwrap();
        let l = load_str(Path::new("b.yaml"), text).unwrap();
        assert_eq!(l.data.unit.name, "x");
    }
}
