//! The 附表: rows read from the lines of each table (cells separated by runs of spaces or
//! tabs; zero cells may be blank), then checked: the 合计 row = Σ 类 rows, 类 = Σ 款,
//! 款 = Σ 项 (first amount column), each row's 合计 column = Σ the other columns (where
//! the table's shape makes that an identity), and the blocks of tables 01, 04 and 08.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::Linter;
use crate::lint::number::{printed_sum, show, sum_agrees, unglue, Num};
use crate::lint::structure::TableKind;

/// A cell: its number and flat offset.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    pub num: Num,
    pub at: usize,
}

/// A row (one group of a line: tables 01, 04 and 08 have two or three groups per line).
#[derive(Debug, Clone)]
pub struct Row {
    pub code: Option<String>,
    pub label: String,
    pub cells: Vec<Cell>,
    /// Flat offset of the row's start.
    pub at: usize,
}

/// One table read.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: TableKind,
    pub title: String,
    /// Amounts in 元 (else 万元).
    pub yuan: bool,
    pub rows: Vec<Row>,
    /// The table says it has no data ("故本表无数据", "空表").
    pub empty_note: bool,
    /// The highest 栏次 or 行次 printed (table 13: 12 columns, or 6 for one half).
    pub numbered: usize,
    pub at: usize,
}

impl Table {
    /// Table 13's rows with a cell in every column: a row with blank (zero) cells
    /// cannot be placed in its columns from the text alone.
    pub fn full_rows(&self) -> impl Iterator<Item = &Row> + '_ {
        let full = move |n: usize| match self.numbered {
            6 | 12 => n == self.numbered,
            _ => n == 6 || n == 12,
        };
        self.rows.iter().filter(move |r| full(r.cells.len()))
    }

    /// The row with this code.
    pub fn code(&self, code: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.code.as_deref() == Some(code))
    }

    /// The first row whose label (numbering stripped) is `label`.
    pub fn label(&self, label: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| strip_numbering(&r.label) == label)
    }

    /// All rows whose label is `label`.
    pub fn labels<'a>(&'a self, label: &'a str) -> impl Iterator<Item = &'a Row> + 'a {
        self.rows
            .iter()
            .filter(move |r| strip_numbering(&r.label) == label)
    }

    /// A cell's value in 万元 as an interval.
    pub fn wan(&self, c: &Cell) -> Num {
        if self.yuan {
            Num {
                value: c.num.value / rust_decimal::Decimal::from(10_000),
                half: c.num.half / rust_decimal::Decimal::from(10_000),
                decimals: c.num.decimals + 4,
            }
        } else {
            c.num
        }
    }
}

/// The tables of a document.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub tables: Vec<Table>,
}

impl Tables {
    pub fn get(&self, kind: TableKind) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.kind == kind && !t.rows.is_empty())
    }
}

/// "一、一般公共服务支出" → "一般公共服务支出".
pub fn strip_numbering(label: &str) -> &str {
    static NUM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[一二三四五六七八九十]+、|\d+[.．、])").unwrap());
    match NUM.find(label) {
        Some(m) => &label[m.end()..],
        None => label,
    }
}

static AMOUNT_YUAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}$").unwrap());
static AMOUNT_WAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$").unwrap());
static CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\d{3}|\d{5}|\d{7})$").unwrap());

/// Reads and checks every table.
pub fn check(l: &mut Linter) -> Tables {
    let mut tables = Tables::default();
    let spans = l.outline.tables.clone();
    for span in &spans {
        let table = read(l, span);
        tables.tables.push(table);
    }
    if !spans.is_empty()
        && tables
            .tables
            .iter()
            .all(|t| t.rows.is_empty() && !t.empty_note)
    {
        let at = l.doc.flat_at(spans[0].raw_start);
        l.warning(
            "L004",
            (at, at),
            "第五部分只列出附表名称，没有表中数据：附表未核对".into(),
        );
    }
    for t in &tables.tables {
        if t.rows.is_empty() {
            continue;
        }
        match t.kind {
            TableKind::IncomeExpenditure | TableKind::FiscalIncomeExpenditure => blocks(l, t),
            TableKind::Basic => basic(l, t),
            TableKind::ThreePublic => three_public(l, t),
            TableKind::GovernmentFund | TableKind::StateCapitalIncomeExpenditure => fund(l, t),
            _ => {
                hierarchy(l, t);
                row_identities(l, t);
            }
        }
    }
    tables
}

fn read(l: &Linter, span: &crate::lint::structure::TableSpan) -> Table {
    let text = &l.doc.raw[span.raw_start..span.raw_end];
    let yuan = !text.contains("万元") || text.contains("单位：元") || text.contains("单位:元");
    let amount = if yuan { &*AMOUNT_YUAN } else { &*AMOUNT_WAN };
    let mut rows: Vec<Row> = Vec::new();
    let mut numbered = 0;
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(span.raw_start, |off, line| {
            let start = *off;
            *off += line.len();
            Some((start, line))
        })
        .collect();
    for (li, (start, line)) in lines.iter().enumerate().skip(1) {
        let mut groups: Vec<Row> = Vec::new();
        let mut seen_value = true;
        for (off, tok) in tokens(line) {
            let at = l.doc.flat_at(start + off);
            if CODE.is_match(tok) {
                groups.push(Row {
                    code: Some(tok.into()),
                    label: String::new(),
                    cells: vec![],
                    at,
                });
                seen_value = false;
            } else if amount.is_match(tok) && (yuan || tok.contains('.') || tok.len() > 2) {
                if groups.is_empty() {
                    // A row of figures alone (table 13).
                    groups.push(Row {
                        code: None,
                        label: String::new(),
                        cells: vec![],
                        at,
                    });
                }
                if let (Some(g), Some(num)) =
                    (groups.last_mut(), Num::parse(tok.trim_start_matches('-')))
                {
                    g.cells.push(Cell { num, at });
                    seen_value = true;
                }
            } else if tok.chars().all(|c| c.is_ascii_digit()) && tok.len() <= 2 {
                // 行次 or 栏次
                numbered = numbered.max(tok.parse().unwrap_or(0));
                seen_value = true;
            } else if seen_value || groups.is_empty() {
                groups.push(Row {
                    code: None,
                    label: tok.into(),
                    cells: vec![],
                    at,
                });
                seen_value = false;
            } else if let Some(g) = groups.last_mut() {
                g.label.push_str(tok);
            }
        }
        for mut g in groups {
            if g.code.is_some() && g.label.is_empty() {
                g.label = wrapped_name(&lines, li);
            }
            if g.code.is_some() || !g.cells.is_empty() {
                rows.push(g);
            }
        }
    }
    Table {
        kind: span.kind,
        title: span.title.clone(),
        yuan,
        empty_note: text.contains("无数据") || text.contains("空表"),
        rows,
        numbered,
        at: l.doc.flat_at(span.raw_start),
    }
}

/// Whitespace-separated tokens with their byte offsets; amounts glued together are split.
fn tokens(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split(|c: char| c.is_whitespace())
        .scan(0usize, |off, t| {
            let start = *off;
            *off += t.len() + 1;
            Some((start, t))
        })
        .filter(|(_, t)| !t.is_empty())
        .flat_map(|(start, t)| unglue(t).into_iter().map(move |(o, p)| (start + o, p)))
}

/// A long name wrapped around its code line: the text lines just above and below.
fn wrapped_name(lines: &[(usize, &str)], i: usize) -> String {
    let words = |s: &str| -> Option<String> {
        let t: String = s.split_whitespace().collect();
        (!t.is_empty() && !t.chars().any(|c| c.is_ascii_digit())).then_some(t)
    };
    let above = lines.get(i.wrapping_sub(1)).and_then(|(_, s)| words(s));
    let below = lines.get(i + 1).and_then(|(_, s)| words(s));
    above.unwrap_or_default() + &below.unwrap_or_default()
}

/// Checks Σ parts = total on table cells (A010 and friends).
fn sum(l: &mut Linter, t: &Table, code: &'static str, what: String, parts: &[Cell], total: &Cell) {
    let mut at: Vec<usize> = parts.iter().map(|c| c.at).collect();
    at.push(total.at);
    l.mark(&at);
    let nums: Vec<Num> = parts.iter().map(|c| c.num).collect();
    if !sum_agrees(&nums, total.num) {
        let dp = if t.yuan { 2 } else { 4 };
        l.error(
            code,
            (total.at, total.at + 1),
            format!(
                "附表“{}”：{what}，各项之和{}与{}不符",
                t.title,
                show(printed_sum(&nums), dp),
                total.num.value.normalize()
            ),
        );
    }
}

/// 合计 = Σ 类 (+ rows such as 未细化经济分类的项目支出); 类 = Σ 款; 款 = Σ 项 (A010).
fn hierarchy(l: &mut Linter, t: &Table) {
    let first: BTreeMap<&str, &Row> = t
        .rows
        .iter()
        .filter_map(|r| r.code.as_deref().map(|c| (c, r)))
        .collect();
    for (code, row) in &first {
        let child_len = match code.len() {
            3 => 5,
            5 => 7,
            _ => continue,
        };
        let children: Vec<Cell> = first
            .range(*code..)
            .take_while(|(c, _)| c.starts_with(code))
            .filter(|(c, _)| c.len() == child_len)
            .filter_map(|(_, r)| r.cells.first().copied())
            .collect();
        let has_children = first
            .range(*code..)
            .take_while(|(c, _)| c.starts_with(code))
            .any(|(c, _)| c.len() == child_len);
        if let (true, Some(total)) = (has_children, row.cells.first()) {
            sum(
                l,
                t,
                "A010",
                format!("{code} {} 的下级科目", row.label),
                &children,
                total,
            );
        }
    }
    let top: Vec<Cell> = t
        .rows
        .iter()
        .filter(|r| r.code.as_ref().is_some_and(|c| c.len() == 3) || r.label.contains("未细化"))
        .filter_map(|r| r.cells.first().copied())
        .collect();
    // Some tables print only their 合计 row (no rows by class): nothing to add up then.
    if let (false, Some(row)) = (top.is_empty(), t.label("合计")) {
        // A table may break only one column down by class (table 02 with 事业收入 by
        // class and 财政拨款收入 not): then Σ 类 equals that column of the 合计 row.
        let nums: Vec<Num> = top.iter().map(|c| c.num).collect();
        match row.cells[1..]
            .iter()
            .find(|c| !c.num.value.is_zero() && sum_agrees(&nums, c.num))
        {
            Some(c) if row.cells.len() > 1 => {
                let mut at: Vec<usize> = top.iter().map(|c| c.at).collect();
                at.push(c.at);
                l.mark(&at);
            }
            _ => {
                if let Some(total) = row.cells.first() {
                    sum(l, t, "A010", "合计行与各类".into(), &top, total);
                }
            }
        }
    }
}

/// The 合计 column of each row = Σ the other columns (blank cells are zeros). Tables 05
/// and 07 split 基本支出 into 人员经费 and 公用经费 under a 小计, which then counts twice.
fn row_identities(l: &mut Linter, t: &Table) {
    let with_subtotal = matches!(
        t.kind,
        TableKind::FiscalDetail | TableKind::GeneralBudgetEconomic
    );
    let plain = matches!(
        t.kind,
        TableKind::Income
            | TableKind::Expenditure
            | TableKind::GeneralBudget
            | TableKind::Project
            | TableKind::StateCapital
    );
    if !plain && !with_subtotal {
        return;
    }
    for r in &t.rows {
        if r.cells.len() < 2 {
            continue;
        }
        let rest = &r.cells[1..];
        let total = r.cells[0];
        let nums: Vec<Num> = rest.iter().map(|c| c.num).collect();
        let ok = sum_agrees(&nums, total.num)
            || (with_subtotal && {
                let doubled = Num {
                    value: total.num.value + r.cells[1].num.value,
                    half: total.num.half + r.cells[1].num.half,
                    decimals: total.num.decimals,
                };
                sum_agrees(&nums, doubled)
            });
        l.mark(&r.cells.iter().map(|c| c.at).collect::<Vec<_>>());
        if !ok {
            let name = r
                .code
                .clone()
                .map_or(r.label.clone(), |c| format!("{c} {}", r.label));
            l.error(
                "A011",
                (total.at, total.at + 1),
                format!(
                    "附表“{}”：{name} 行的合计栏{}与其余各栏不符（各栏之和{}）",
                    t.title,
                    total.num.value.normalize(),
                    printed_sum(&nums).normalize()
                ),
            );
        }
    }
}

/// Tables 01 and 04: sources / funds add up to 本年收入合计, classes to 本年支出合计, and
/// the 总计 of each side = 合计 + balances; the two 总计 agree (A012).
fn blocks(l: &mut Linter, t: &Table) {
    let first = |r: &Row| r.cells.first().copied();
    let mut income = Vec::new();
    let mut classes = Vec::new();
    for r in &t.rows {
        let label = strip_numbering(&r.label);
        let numbered = label.len() != r.label.len();
        if numbered && (label.ends_with("收入") || label.ends_with("财政拨款")) {
            income.extend(first(r));
        } else if numbered && label.ends_with("支出") {
            classes.extend(first(r));
        }
    }
    let income_total = t.label("本年收入合计").and_then(first);
    let spending_total = t.label("本年支出合计").and_then(first);
    if let Some(total) = income_total {
        sum(
            l,
            t,
            "A012",
            "本年收入合计与各项收入".into(),
            &income,
            &total,
        );
    }
    if let Some(total) = spending_total {
        sum(
            l,
            t,
            "A012",
            "本年支出合计与各类支出".into(),
            &classes,
            &total,
        );
    }
    let totals: Vec<&Row> = t.labels("总计").collect();
    let balance = |labels: &[&str]| -> Vec<Cell> {
        labels
            .iter()
            .filter_map(|x| t.label(x).and_then(first))
            .collect()
    };
    if let (Some(it), Some(total)) = (income_total, totals.first().and_then(|r| first(r))) {
        let mut parts = vec![it];
        parts.extend(balance(&[
            "使用非财政拨款结余",
            "年初结转和结余",
            "年初财政拨款结转和结余",
        ]));
        sum(
            l,
            t,
            "A012",
            "收入总计与本年收入合计及结转".into(),
            &parts,
            &total,
        );
    }
    if let (Some(st), Some(total)) = (spending_total, totals.get(1).and_then(|r| first(r))) {
        let mut parts = vec![st];
        parts.extend(balance(&[
            "结余分配",
            "年末结转和结余",
            "年末财政拨款结转和结余",
        ]));
        sum(
            l,
            t,
            "A012",
            "支出总计与本年支出合计及结转".into(),
            &parts,
            &total,
        );
        if let Some(other) = totals.first().and_then(|r| first(r)) {
            sum(l, t, "A012", "收入总计与支出总计".into(), &[other], &total);
        }
    }
    // Rows of 04's expenditure side have a 合计 column = Σ the funds (blank = 0).
    for r in t.rows.iter().filter(|r| r.cells.len() >= 2) {
        let rest: Vec<Cell> = r.cells[1..].to_vec();
        sum(
            l,
            t,
            "A011",
            format!("{} 行的各资金", r.label),
            &rest,
            &r.cells[0],
        );
    }
}

/// Table 08: 类 = Σ 款 per panel; 人员经费合计 = 301 + 303; 公用经费合计 = 302 + 307 + 310 + 399.
fn basic(l: &mut Linter, t: &Table) {
    hierarchy(l, t);
    let val = |code: &str| t.code(code).and_then(|r| r.cells.first().copied());
    for (label, codes) in [
        ("人员经费合计", &["301", "303"][..]),
        ("公用经费合计", &["302", "307", "310", "399"][..]),
    ] {
        if let Some(total) = t.label(label).and_then(|r| r.cells.first().copied()) {
            let parts: Vec<Cell> = codes.iter().filter_map(|c| val(c)).collect();
            sum(
                l,
                t,
                "A010",
                format!("{label}与其经济分类类级"),
                &parts,
                &total,
            );
        }
    }
}

/// Table 13: a row of 12 cells (预算数, 决算数) or 6: 合计 = 出国 + 车 + 接待, 车 = 购置 + 运行.
fn three_public(l: &mut Linter, t: &Table) {
    for r in t.full_rows() {
        for half in r.cells.chunks(6) {
            sum(
                l,
                t,
                "A011",
                "“三公”经费合计与三项".into(),
                &[half[1], half[2], half[5]],
                &half[0],
            );
            sum(
                l,
                t,
                "A011",
                "公务用车购置及运行费与其两项".into(),
                &[half[3], half[4]],
                &half[2],
            );
        }
    }
}

/// Tables 10 and 11 (年初 | 本年收入 | 本年支出 小计 基本 项目 | 年末): on a full row,
/// 小计 = 基本 + 项目 and 年末 = 年初 + 收入 − 支出. Rows with blank cells cannot be placed
/// in their columns from the text alone and stay unchecked.
fn fund(l: &mut Linter, t: &Table) {
    for r in t.rows.iter().filter(|r| r.cells.len() == 6) {
        let c = &r.cells;
        sum(
            l,
            t,
            "A011",
            format!("{} 行的本年支出小计与基本、项目支出", r.label),
            &[c[3], c[4]],
            &c[2],
        );
        let closing = Num {
            value: c[0].num.value + c[1].num.value - c[2].num.value,
            half: c[0].num.half + c[1].num.half + c[2].num.half,
            decimals: c[0].num.decimals,
        };
        l.mark(&[c[0].at, c[1].at, c[5].at]);
        if !sum_agrees(&[c[5].num], closing) {
            l.error(
                "A011",
                (c[5].at, c[5].at + 1),
                format!(
                    "附表“{}”：{} 行年末结转和结余{}不等于年初+收入−支出{}",
                    t.title,
                    r.label,
                    c[5].num.value.normalize(),
                    closing.value.normalize()
                ),
            );
        }
    }
}
