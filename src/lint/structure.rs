//! The template's structure recognised from headings: title (year, unit, 部门/单位), the 目录,
//! the five parts, the ten sections of 第二部分 and the 附表. Tolerant of what real reports
//! do: missing numbers ("收入决算情况说明" without "二、"), spacing, half-width brackets,
//! missing parts, the 2021 heading of 七, the national (财政部) titles, 13 or 9 or 14 tables.

use std::sync::LazyLock;

use regex::Regex;

use super::text::Doc;

/// A span of the flat text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// The ten sections of 第二部分.
pub const SECTION_TITLES: [&str; 10] = [
    "一、收入支出决算总体情况说明",
    "二、收入决算情况说明",
    "三、支出决算情况说明",
    "四、财政拨款收入支出决算总体情况说明",
    "五、一般公共预算财政拨款支出决算情况说明",
    "六、一般公共预算财政拨款基本支出决算情况说明",
    "七、财政拨款“三公”经费支出决算情况说明",
    "八、政府性基金预算支出决算情况说明",
    "九、国有资本经营预算支出决算情况说明",
    "十、其他重要事项的情况说明",
];

/// Heading patterns of the ten sections and what may not stand right before an
/// unnumbered heading (it would be the tail of a longer heading).
const SECTION_PATTERNS: [(&str, &[&str]); 10] = [
    ("收入支出决算总体情况说明", &["拨款"]),
    ("收入决算情况说明", &["拨款", "支出"]),
    (
        "支出决算情况说明",
        &["拨款", "基本", "经费", "预算", "收入"],
    ),
    ("财政拨款收入支出决算总体情况说明", &[]),
    ("一般公共预算财政拨款支出决算情况说明", &[]),
    ("一般公共预算财政拨款基本支出决算情况说明", &[]),
    (
        r"(?:财政拨款)?[“”\x22]?三公[“”\x22]?经费(?:财政拨款)?支出决算情况说明",
        &[],
    ),
    ("政府性基金预算(?:财政拨款)?支出决算情况说明", &[]),
    ("国有资本经营预算(?:财政拨款)?支出决算情况说明", &[]),
    ("其他重要事项的?情况说明", &[]),
];

/// The 附表 by kind (their numbers differ between years and templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    IncomeExpenditure,
    Income,
    Expenditure,
    FiscalIncomeExpenditure,
    FiscalDetail,
    GeneralBudget,
    GeneralBudgetEconomic,
    Basic,
    Project,
    GovernmentFund,
    StateCapitalIncomeExpenditure,
    StateCapital,
    ThreePublic,
}

/// Titles, normalised (no spaces, plain quotes removed).
const TABLE_TITLES: [(&str, TableKind); 15] = [
    ("收入支出决算总表", TableKind::IncomeExpenditure),
    ("收入决算表", TableKind::Income),
    ("支出决算表", TableKind::Expenditure),
    (
        "财政拨款收入支出决算总表",
        TableKind::FiscalIncomeExpenditure,
    ),
    ("财政拨款支出决算明细表", TableKind::FiscalDetail),
    ("一般公共预算财政拨款支出决算表", TableKind::GeneralBudget),
    (
        "一般公共预算财政拨款支出决算明细表",
        TableKind::GeneralBudgetEconomic,
    ),
    ("一般公共预算财政拨款基本支出决算表", TableKind::Basic),
    ("一般公共预算财政拨款基本支出决算明细表", TableKind::Basic),
    ("一般公共预算财政拨款项目支出决算表", TableKind::Project),
    (
        "政府性基金预算财政拨款收入支出决算表",
        TableKind::GovernmentFund,
    ),
    (
        "国有资本经营预算财政拨款收入支出决算表",
        TableKind::StateCapitalIncomeExpenditure,
    ),
    (
        "国有资本经营预算财政拨款支出决算表",
        TableKind::StateCapital,
    ),
    ("财政拨款三公经费支出决算表", TableKind::ThreePublic),
    (
        "一般公共预算财政拨款三公经费支出决算表",
        TableKind::ThreePublic,
    ),
];

/// One 附表 found in the text.
#[derive(Debug, Clone)]
pub struct TableSpan {
    pub kind: TableKind,
    pub title: String,
    /// Raw offsets: from the title line to the next title (or the end).
    pub raw_start: usize,
    pub raw_end: usize,
}

/// What the headings say about the document.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub year: Option<i32>,
    pub unit: Option<String>,
    /// 部门 or 单位.
    pub kind: Option<String>,
    /// Where the body starts (after the 目录).
    pub body_start: usize,
    /// The content of each section of 第二部分 (after its heading).
    pub sections: [Option<Span>; 10],
    /// The heading of each section.
    pub headings: [Option<Span>; 10],
    pub part2: Option<Span>,
    /// 名词解释.
    pub part3: Option<Span>,
    /// 附件.
    pub part4: Option<Span>,
    /// 附表.
    pub part5: Option<Span>,
    pub tables: Vec<TableSpan>,
}

static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})年度?(.{2,60}?)(部门|单位)决算").unwrap());
static LEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\.{4,}|…{2,}|·{4,}|-{6,})(?:\d+)").unwrap());
static FIRST_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^((?:19|20)\d{2})\s*年度?\s*(\S.{1,40})$").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})年度").unwrap());

impl Outline {
    /// The text of section `i` (0-based), empty when it was not found.
    pub fn section<'a>(&self, doc: &'a Doc, i: usize) -> (&'a str, usize) {
        match self.sections[i] {
            Some(s) => (&doc.flat[s.start..s.end], s.start),
            None => ("", 0),
        }
    }
}

/// Recognises the outline of a document.
pub fn outline(doc: &Doc) -> Outline {
    let flat = doc.flat.as_str();
    let mut o = Outline::default();
    let head_len = flat.char_indices().nth(300).map_or(flat.len(), |(i, _)| i);
    if let Some(c) = TITLE.captures(&flat[..head_len]) {
        o.year = c[1].parse().ok();
        o.unit = Some(c[2].trim_start_matches(['：', '-']).to_string());
        o.kind = Some(c[3].to_string());
    } else if let Some(c) = doc
        .raw
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .and_then(|l| FIRST_LINE.captures(l))
    {
        // A title without "部门决算" ("2023年度某某中心"): the first line.
        o.year = c[1].parse().ok();
        o.unit = Some(c[2].split_whitespace().collect());
        o.kind = ["部门", "单位"]
            .iter()
            .find(|k| flat[..head_len].contains(&format!("{k}概况")))
            .map(|k| k.to_string());
    }
    // The 目录 ends with its last dot leader (within the first part of the document).
    let toc_limit = flat.len() * 2 / 5;
    o.body_start = LEADER
        .find_iter(flat)
        .filter(|m| m.start() < toc_limit)
        .last()
        .map_or(0, |m| m.end());
    find_sections(flat, &mut o);
    find_parts(flat, &mut o);
    if o.year.is_none() {
        o.year = most_common_year(&flat[o.body_start..]);
    }
    o.tables = find_tables(doc, o.part5.map_or(o.body_start, |p| p.start));
    o
}

fn find_sections(flat: &str, o: &mut Outline) {
    let mut cursor = o.body_start;
    let numbers = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    for (i, (pattern, not_after)) in SECTION_PATTERNS.iter().enumerate() {
        let re = Regex::new(&format!(r"(?:{}[、.．，])?(?:{pattern})", numbers[i])).unwrap();
        let found = re.find_iter(&flat[cursor..]).find(|m| {
            let start = cursor + m.start();
            let numbered = flat[start..].starts_with(numbers[i]);
            numbered || !not_after.iter().any(|p| flat[..start].ends_with(p))
        });
        if let Some(m) = found {
            o.headings[i] = Some(Span {
                start: cursor + m.start(),
                end: cursor + m.end(),
            });
            cursor += m.end();
        }
    }
}

fn find_parts(flat: &str, o: &mut Outline) {
    let body = o.body_start;
    let first_heading = o.headings.iter().flatten().next().map(|s| s.start);
    let last_heading = o.headings.iter().flatten().last().map_or(body, |s| s.end);
    let find = |from: usize, pats: &[&str]| -> Option<usize> {
        pats.iter()
            .filter_map(|p| flat[from..].find(p).map(|i| from + i))
            .min()
    };
    let p2 = find(body, &["第二部分"])
        .filter(|p| first_heading.is_none_or(|h| *p <= h))
        .or(first_heading);
    let p3 = find(last_heading, &["第三部分", "名词解释"]);
    let after3 = p3.unwrap_or(last_heading);
    let p4 = find(after3, &["第四部分"]).or_else(|| find(after3 + 3, &["附件1", "附件一", "附件"]));
    let after4 = p4.unwrap_or(after3);
    let p5 = find(after4, &["第五部分"]);
    let ends = [p2, p3, p4, p5];
    let span = |start: Option<usize>, k: usize| {
        start.map(|s| Span {
            start: s,
            end: ends[k + 1..]
                .iter()
                .flatten()
                .copied()
                .find(|e| *e > s)
                .unwrap_or(flat.len()),
        })
    };
    o.part2 = span(p2, 0);
    o.part3 = span(p3, 1);
    o.part4 = span(p4, 2);
    o.part5 = p5.map(|s| Span {
        start: s,
        end: flat.len(),
    });
    let part2_end = o.part2.map_or(flat.len(), |p| p.end);
    for i in 0..10 {
        if let Some(h) = o.headings[i] {
            let next = o.headings[i + 1..].iter().flatten().next().map(|s| s.start);
            let end = next.unwrap_or(part2_end).max(h.end);
            o.sections[i] = Some(Span { start: h.end, end });
        }
    }
}

fn most_common_year(text: &str) -> Option<i32> {
    let mut counts = std::collections::BTreeMap::<i32, usize>::new();
    for c in YEAR.captures_iter(text) {
        if let Ok(y) = c[1].parse() {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, *y))
        .map(|(y, _)| y)
}

/// A line that is a table title: numbering and the form number stripped, quotes dropped.
pub fn table_title(line: &str) -> Option<TableKind> {
    static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:公开\d+表)?(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十]+[）)])?").unwrap()
    });
    static SUFFIX: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[（(]?公开\d+表[）)]?$").unwrap());
    let squashed: String = line
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"'))
        .collect();
    let s = NUMBERING.replace(&squashed, "");
    let s = SUFFIX.replace(&s, "");
    TABLE_TITLES
        .iter()
        .find(|(t, _)| *t == s.as_ref())
        .map(|(_, k)| *k)
}

fn find_tables(doc: &Doc, from_flat: usize) -> Vec<TableSpan> {
    let from = doc.raw_at(from_flat);
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in doc.raw.split_inclusive('\n') {
        if offset >= from {
            if let Some(kind) = table_title(line) {
                starts.push((offset, kind, line.trim().to_string()));
            }
        }
        offset += line.len();
    }
    let mut tables = Vec::new();
    for (i, (start, kind, title)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(doc.raw.len(), |s| s.0);
        tables.push(TableSpan {
            kind: *kind,
            title: title.clone(),
            raw_start: *start,
            raw_end: end,
        });
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnumbered_and_variant_headings_are_found_in_order() {
        let text = "2023年度某某中心部门决算\n第二部分 2023年度部门决算情况说明\n收入支出决算总体情况说明\n甲。\n\
            收入决算情况说明\n乙。\n支出决算情况说明\n丙。\n四、财政拨款收入支出决算总体情况说明\n丁。\n\
            五、一般公共预算财政拨款支出决算情况说明\n六、一般公共预算财政拨款基本支出决算情况说明\n\
            七、\"三公\"经费财政拨款支出决算情况说明\n八、政府性基金预算支出决算情况说明\n\
            国有资本经营预算支出决算情况说明\n其他重要事项的情况说明\n名词解释\n第四部分 附件\n第五部分 附表\n\
            公开01表\n一、收入支出决算总表\n1\n(十三)财政拨款“三公”经费支出决算表\n";
        let doc = Doc::new(&[text.to_string()], false);
        let o = outline(&doc);
        assert_eq!(o.year, Some(2023));
        assert_eq!(o.unit.as_deref(), Some("某某中心"));
        assert!(o.sections.iter().all(Option::is_some), "{:?}", o.sections);
        assert_eq!(o.section(&doc, 2).0, "丙。");
        assert_eq!(o.section(&doc, 0).0, "甲。");
        assert!(o.part3.is_some() && o.part4.is_some() && o.part5.is_some());
        let kinds: Vec<TableKind> = o.tables.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [TableKind::IncomeExpenditure, TableKind::ThreePublic]
        );
    }

    #[test]
    fn table_titles_with_numbering_and_form_numbers() {
        assert_eq!(
            table_title("  十三、财政拨款“三公”经费支出决算表 "),
            Some(TableKind::ThreePublic)
        );
        assert_eq!(
            table_title("公开08表 一般公共预算财政拨款基本支出决算明细表"),
            Some(TableKind::Basic)
        );
        assert_eq!(table_title("二、收入决算表...........25"), None);
        assert_eq!(table_title("三、支出决算情况说明"), None);
    }
}
