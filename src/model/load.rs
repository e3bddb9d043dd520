//! Reading a data file: encoding checks, YAML parsing into `ReportData`, and the
//! position index used to locate findings.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{Locator, Pos, ReportData, SCHEMA_VERSION};
use crate::diag::Finding;

/// A loaded data file: its text (for snippets), the parsed data and the locator.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub text: String,
    pub data: ReportData,
    pub locator: Locator,
}

/// Why a data file could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read at all (exit code 2).
    #[error("无法读取文件 {path}：{source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not UTF-8 text (exit code 2).
    #[error("{path}：{message}")]
    Encoding { path: PathBuf, message: String },
    /// The text is not a valid data file (syntax, types, missing or unknown fields).
    #[error("{}", .findings.first().map(|f| f.message.as_str()).unwrap_or("数据文件有误"))]
    Invalid {
        path: PathBuf,
        text: String,
        findings: Vec<Finding>,
    },
}

impl LoadError {
    /// The data is unreadable (I/O, encoding) rather than wrong.
    pub fn is_unreadable(&self) -> bool {
        matches!(self, LoadError::Io { .. } | LoadError::Encoding { .. })
    }
}

/// Reads and parses a data file.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode(path, &bytes)?;
    load_str(path, text)
}

/// Checks the encoding: UTF-8 (a BOM is dropped); GBK and other encodings are refused
/// with a message telling the accountant how to re-save the file.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(LoadError::Encoding {
            path: path.to_path_buf(),
            message: "文件是 UTF-16 编码，请另存为 UTF-8 编码后再试 (E-ENCODING)".into(),
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
                format!("第{line}行起的内容不是 UTF-8 编码，看起来是 GBK/GB2312 编码。请在编辑器中“另存为”UTF-8 编码后再试 (E-ENCODING)")
            } else {
                format!("第{line}行起的内容不是 UTF-8 编码的文本，请另存为 UTF-8 编码后再试 (E-ENCODING)")
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
        text: text.to_string(),
        findings: vec![f],
    };
    if text.trim().is_empty() {
        return Err(invalid(
            Finding::error("F001", "", "数据文件是空的")
                .help("用 `juesuan init 文件名.yaml` 生成一份带注释的数据文件模板"),
            &text,
        ));
    }
    let locator = Locator::new(&text);
    let data: ReportData = match serde_yaml::from_str(&text) {
        Ok(d) => d,
        Err(e) => return Err(invalid(yaml_error_finding(&e, &text), &text)),
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
    Ok(Loaded {
        path: path.to_path_buf(),
        text,
        data,
        locator,
    })
}

/// Turns a serde_yaml error into a located finding with a Chinese message.
fn yaml_error_finding(e: &serde_yaml::Error, text: &str) -> Finding {
    let raw = e.to_string();
    let pos = e.location().map(|l| {
        let offset = l.index().min(text.len());
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
    let mut f = Finding::error(code, path, message).at(pos);
    if let Some(h) = help {
        f = f.help(h);
    }
    f
}

/// Chinese wording for serde_yaml's messages; the English original stays in the help.
fn translate(detail: &str, path: &str) -> (&'static str, String, Option<String>) {
    let field = if path.is_empty() {
        "文件".to_string()
    } else {
        format!("字段 {path}")
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
            .filter(|(s, _)| *s > 0.75)
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
    if detail.starts_with("invalid type") || detail.starts_with("invalid value") {
        return ("F005", format!("{field}的类型或取值不对：{detail}"), None);
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
        return ("F007", "数据文件嵌套层次过深".into(), None);
    }
    (
        "F000",
        format!("YAML 语法错误：{detail}"),
        Some("检查缩进、冒号后的空格和引号是否配对".into()),
    )
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
                let p = findings[0].pos.expect("position");
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
        assert_eq!(findings[0].pos.unwrap().line, 3);
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
