//! 文字 (text): no template placeholder survives in a text the accountant supplied —
//! the patterns of `crate::placeholder` (XX, 未填报, 增加/减少, “（或…）”, “(注…)”,
//! “注：请”, `{{` …), 【】, empty brackets, a measure word with no number before it.

use super::{Ctx, Group, Outcome, Rule};
use crate::diag::{Finding, Severity};
use crate::model::text_fields;
use crate::placeholder::{self, PATTERNS};

pub fn rules() -> Vec<Rule> {
    vec![Rule {
        code: "T001",
        severity: Severity::Error,
        group: Group::Text,
        title: "文字中没有残留的占位符（XX、××、未填报、增加/减少、（或…）、(注…)、注：请、{{、0/0、【】、空括号、缺数字的量词、00人次等）",
        check: Some(placeholders),
    }]
}

/// Literal placeholders left from a template, besides `placeholder::PATTERNS`.
const LITERALS: [&str; 11] = [
    "xx年",
    "上升/下降",
    "增加/下降",
    "增加（减少）",
    "增长（下降）",
    "增加(减少)",
    "增长(下降)",
    "（）",
    "()",
    "（ ）",
    "( )",
];

/// Words after which a number is expected, and the measure words that follow it.
const TRIGGERS: [&str; 17] = [
    "共有", "共", "合计", "累计", "计", "为", "达", "约", "增加", "减少", "增长", "下降", "车辆",
    "购置", "接待", "保有", "其中",
];
const MEASURES: [&str; 9] = [
    "人次",
    "批次",
    "辆",
    "台（套）",
    "台",
    "套",
    "万元",
    "个百分点",
    "%",
];
/// Measure words a zero-padded number (00人次) may precede.
const COUNT_WORDS: [&str; 14] = [
    "人次", "批次", "辆", "台", "套", "万元", "元", "个", "人", "次", "项", "家", "条", "%",
];

/// One placeholder in a text: byte offset in the text and the matched snippet.
#[derive(Debug, PartialEq)]
pub struct Hit {
    pub offset: usize,
    pub snippet: String,
}

/// Finds the placeholders in one text.
pub fn scan(text: &str) -> Vec<Hit> {
    let mut hits: Vec<Hit> = placeholder::find(text, &PATTERNS)
        .into_iter()
        .map(|h| Hit {
            offset: h.offset,
            snippet: h.pattern.to_string(),
        })
        .collect();
    for lit in LITERALS {
        for (off, _) in text.match_indices(lit) {
            hits.push(Hit {
                offset: off,
                snippet: lit.to_string(),
            });
        }
    }
    // 【…】 fill-in brackets.
    let mut from = 0;
    while let Some(start) = text[from..].find('【').map(|s| s + from) {
        let end = text[start..]
            .find('】')
            .map(|e| start + e + '】'.len_utf8());
        let end = end.unwrap_or(start + '【'.len_utf8());
        hits.push(Hit {
            offset: start,
            snippet: text[start..end].to_string(),
        });
        from = end;
    }
    // A measure word right after a word that wants a number: 共有车辆辆, 增加万元.
    for trig in TRIGGERS {
        for (off, _) in text.match_indices(trig) {
            let after = &text[off + trig.len()..];
            if let Some(m) = MEASURES.iter().find(|m| after.starts_with(**m)) {
                hits.push(Hit {
                    offset: off,
                    snippet: format!("{trig}{m}"),
                });
            }
        }
    }
    // A zero-padded number before a measure word: 00人次, 000辆.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'0' && (i == 0 || !(bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.'))
        {
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if j - i >= 2 {
                if let Some(m) = COUNT_WORDS.iter().find(|m| text[j..].starts_with(**m)) {
                    hits.push(Hit {
                        offset: i,
                        snippet: format!("{}{m}", &text[i..j]),
                    });
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    hits.sort_by_key(|h| (h.offset, std::cmp::Reverse(h.snippet.len())));
    hits.dedup_by(|a, b| a.offset >= b.offset && a.offset < b.offset + b.snippet.len());
    hits
}

fn placeholders(c: &Ctx) -> Outcome {
    let fields = text_fields(c.data);
    if fields.is_empty() {
        return Outcome::NotApplicable;
    }
    let mut out = Vec::new();
    for (path, text) in fields {
        for hit in scan(&text) {
            // Point at the placeholder itself when the source shows the value as written.
            let pos = c.loaded.source.within(&path, &hit.snippet);
            out.push(
                Finding::error(
                    "T001",
                    &path,
                    format!("字段 {path} 中有未替换的占位符“{}”", hit.snippet),
                )
                .at(pos.or_else(|| c.at(&path)))
                .help("请填入实际内容（数字、增减方向或名称），或删去该处"),
            );
        }
    }
    Outcome::of(out)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Status;
    use super::*;

    fn snippets(text: &str) -> Vec<String> {
        scan(text).into_iter().map(|h| h.snippet).collect()
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(snippets("比上年增加/减少XX万元"), ["增加/减少", "XX"]);
        assert_eq!(snippets("共有车辆辆，接待00人次"), ["车辆辆", "00人次"]);
        assert_eq!(
            snippets("主要用于【项目名称】（）"),
            ["【项目名称】", "（）"]
        );
        assert_eq!(snippets("××年增长%"), ["××", "增长%"]);
        // Template alternatives and notes pasted into a reason.
        assert_eq!(
            snippets("人员增加(或与预算数持平)。(注:如无变动请删除)"),
            ["(或", "(注"]
        );
        assert_eq!(snippets("实际完成值未填报"), ["未填报"]);
    }

    #[test]
    fn real_text_passes() {
        for ok in [
            "共有车辆2辆，接待10人次，增加0.5万元，比上年下降3.5%。",
            "为人民服务，配套平台建设，支出0.00万元。",
            "2023年度（含二级单位）",
        ] {
            assert!(scan(ok).is_empty(), "{ok}: {:?}", scan(ok));
        }
    }

    #[test]
    fn placeholder_located_in_the_source() {
        assert_eq!(status(EXAMPLE, "T001"), Status::Passed);
        let t = example_with("两个项目\n", "两个项目，增加XX万元\n");
        let f = codes(&t, "T001");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].path, "reasons.total_change");
        let p = f[0].text_pos().unwrap();
        assert_eq!(&t[p.offset..p.offset + p.len], "XX");
        let line = t.lines().nth(p.line - 1).unwrap();
        assert_eq!(line.chars().nth(p.col - 1), Some('X'));
    }
}
