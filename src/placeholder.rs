//! Placeholder patterns: words a template or a form leaves for a person to replace
//! (未填报, XX, 增加/减少, “（或…）”, “注：请…”, `{{`) — never printed in a report. One list
//! for the two places that look for them: the audit of the texts a unit supplies (T001,
//! with line:col) and the guard over the generated Typst text before layout
//! (`render::guard`, naming the template or data field a hit came from).

/// The patterns no generated report may contain (issue 11's list, each in its full- and
/// half-width spelling).
pub const PATTERNS: [&str; 18] = [
    "未填报",
    "未细化",
    "XX",
    "ＸＸ",
    "××",
    "增加/减少",
    "增长/下降",
    "（或",
    "(或",
    "（注",
    "(注",
    "注：请",
    "注:请",
    "请填写",
    "请填入",
    "{{",
    "}}",
    "0/0",
];

/// One occurrence: byte offset and the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub offset: usize,
    pub pattern: &'static str,
}

/// Every occurrence of `patterns` in `text`, in text order. “0/0” counts only as a
/// number of its own (not inside 10/05).
pub fn find(text: &str, patterns: &[&'static str]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for &p in patterns {
        for (off, _) in text.match_indices(p) {
            if p == "0/0" && !standalone_number(text, off, p.len()) {
                continue;
            }
            hits.push(Hit {
                offset: off,
                pattern: p,
            });
        }
    }
    hits.sort_by_key(|h| (h.offset, std::cmp::Reverse(h.pattern.len())));
    // A longer pattern at the same place wins; overlaps count once.
    let mut out: Vec<Hit> = Vec::new();
    for h in hits {
        if out
            .last()
            .is_some_and(|l| h.offset < l.offset + l.pattern.len())
        {
            continue;
        }
        out.push(h);
    }
    out
}

/// Whether `text[at..at + len]` is not part of a longer number.
fn standalone_number(text: &str, at: usize, len: usize) -> bool {
    let numeric = |c: char| c.is_ascii_digit() || c == '.';
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    !before.is_some_and(numeric) && !after.is_some_and(numeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&'static str> {
        find(text, &PATTERNS)
            .into_iter()
            .map(|h| h.pattern)
            .collect()
    }

    #[test]
    fn finds_every_kind_of_placeholder() {
        assert_eq!(found("实际完成值未填报"), ["未填报"]);
        assert_eq!(found("主要原因是XX(或与预算数持平)"), ["XX", "(或"]);
        assert_eq!(found("（注：请填写具体原因）"), ["（注", "请填写"]);
        assert_eq!(found("{{ unit.name }}"), ["{{", "}}"]);
        assert_eq!(found("指标达成0/0"), ["0/0"]);
    }

    #[test]
    fn real_text_passes() {
        for ok in [
            "2023/10/05发布",
            "达成2/4项",
            "增加169.21万元，增长95.46%",
            "注：本表反映部门本年度各项支出情况。",
            "（一）机构组成",
        ] {
            assert!(found(ok).is_empty(), "{ok}: {:?}", found(ok));
        }
    }
}
