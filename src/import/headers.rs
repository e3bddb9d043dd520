//! Reading a sheet's frame: its header texts stacked per column (merged headers spread
//! over the columns they cover), the columns named by a header path, and the lines
//! above the table (金额单位, 编制单位, the year).

use rust_decimal::Decimal;

use super::facts::Facts;
use crate::diag::Finding;
use crate::model::workbook::{display, is_empty_glyph, norm, Grid};

/// The header texts of every column over a band of rows, top to bottom, with their rows.
pub struct Headers {
    stacks: Vec<Vec<(u32, String)>>,
}

impl Headers {
    /// Stacks the texts of rows `start..end`; numbers, glyphs and repeats (a vertical
    /// merge) are left out.
    pub fn new(g: &Grid, start: u32, end: u32) -> Headers {
        let mut stacks = Vec::with_capacity(g.cols() as usize);
        for c in 0..g.cols() {
            let mut s: Vec<(u32, String)> = Vec::new();
            for r in start..end.min(g.rows()) {
                let raw = display(g.get_merged(r, c));
                let k = norm(&raw);
                if k.is_empty() || is_empty_glyph(&raw) || is_number(&k) {
                    continue;
                }
                if s.last().map(|(_, t)| t == &k).unwrap_or(false) {
                    continue;
                }
                s.push((r, k));
            }
            stacks.push(s);
        }
        Headers { stacks }
    }

    /// How well column `c` matches a header path (outer to inner; `a|b` alternatives):
    /// 2 when the path ends at the column's own (lowest) header, 1 when only `小计`/`合计`
    /// lie below it, `None` when it does not match.
    pub fn score(&self, c: u32, path: &[String]) -> Option<(u8, u32)> {
        let stack = self.stacks.get(c as usize)?;
        let mut at = 0usize;
        let mut last = None;
        for element in path {
            let alts: Vec<String> = element.split('|').map(norm).collect();
            let k = stack[at..].iter().position(|(_, t)| alts.contains(t))?;
            last = Some(at + k);
            at += k + 1;
        }
        let last = last?;
        let row = stack[last].0;
        if last + 1 == stack.len() {
            return Some((2, row));
        }
        let rest_is_subtotal = stack[last + 1..]
            .iter()
            .all(|(_, t)| t == "小计" || t == "合计" || t == "金额");
        rest_is_subtotal.then_some((1, row))
    }

    /// The best column for `path` (leftmost among the best), with its header row.
    pub fn find(&self, path: &[String]) -> Option<(u32, u32)> {
        self.find_where(path, |_| true)
    }

    /// The best column for `path` among the columns that `keep` allows.
    pub fn find_where(&self, path: &[String], keep: impl Fn(u32) -> bool) -> Option<(u32, u32)> {
        let mut best: Option<(u8, u32, u32)> = None;
        for c in 0..self.stacks.len() as u32 {
            if !keep(c) {
                continue;
            }
            if let Some((s, row)) = self.score(c, path) {
                if best.map(|(b, _, _)| s > b).unwrap_or(true) {
                    best = Some((s, c, row));
                }
            }
        }
        best.map(|(_, c, r)| (c, r))
    }

    /// The nearest column right of `from` whose header is one of `alts`.
    pub fn nearest_right(&self, from: u32, alts: &[String]) -> Option<u32> {
        let path = vec![alts.join("|")];
        (from + 1..self.stacks.len() as u32).find(|&c| self.score(c, &path).is_some())
    }
}

fn is_number(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
}

/// The frame of a sheet: amount unit (as a factor to 元), unit name and year.
pub struct Frame {
    pub factor: Option<Decimal>,
    unit_reported: bool,
}

impl Frame {
    /// Reads the lines above the table (first 10 rows) and the sheet name; records the
    /// unit name and year in `facts`.
    pub fn read(g: &Grid, forced_unit: Option<&str>, facts: &mut Facts) -> Frame {
        let mut factor = forced_unit.and_then(unit_factor);
        let mut year_found = year_in(&norm(&g.name)).map(|y| (y, g.cell(0, 0)));
        let top = g.rows().min(10);
        for r in 0..top {
            for c in 0..g.cols().min(40) {
                let raw = g.text(r, c);
                if raw.is_empty() {
                    continue;
                }
                let k = norm(&raw);
                if factor.is_none() {
                    if let Some(f) = amount_unit(&k, || norm(&g.text(r, c + 1))) {
                        factor = Some(f);
                        continue;
                    }
                }
                if let Some(name) = unit_name(&k, &raw) {
                    let name = if name.is_empty() {
                        g.text(r, c + 1)
                    } else {
                        name
                    };
                    if !name.is_empty() {
                        facts.unit_names.push((name, g.cell(r, c)));
                    }
                }
                if year_found.is_none() {
                    year_found = year_in(&k).map(|y| (y, g.cell(r, c)));
                }
            }
        }
        if let Some(y) = year_found {
            facts.years.push(y);
        }
        Frame {
            factor,
            unit_reported: false,
        }
    }

    /// The factor for money, or (once per sheet) an error saying the unit was not found.
    pub fn money_factor(&mut self, g: &Grid, facts: &mut Facts) -> Option<Decimal> {
        if self.factor.is_none() && !self.unit_reported {
            self.unit_reported = true;
            facts.error(
                Finding::error(
                    "I006",
                    "",
                    format!("工作表“{}”中找不到金额单位（如“金额单位：元”）", g.name),
                )
                .at_cell(g.cell(0, 0))
                .help("在表头加上“金额单位：元”或“金额单位：万元”，或在映射文件中写 amount_unit"),
            );
        }
        self.factor
    }
}

fn after_colon(raw: &str) -> Option<String> {
    let i = raw.find([':', '：'])?;
    let sep = raw[i..].chars().next()?.len_utf8();
    Some(raw[i + sep..].trim().to_string())
}

/// The amount unit of a header line: `金额单位：万元`, `(单位:元)`, `单位：元`, or
/// `金额单位：` with the unit in the next cell. A unit name after `编制单位：` is not one
/// (元谋县 starts with 元).
fn amount_unit(k: &str, next: impl Fn() -> String) -> Option<Decimal> {
    let i = k.find("单位:")?;
    let tail = k[i + "单位:".len()..].trim_end_matches([')', ']', ';', '.']);
    let tail = if tail.is_empty() {
        next()
    } else {
        tail.to_string()
    };
    match tail.as_str() {
        "元" | "人民币元" => Some(Decimal::ONE),
        "万元" => Some(Decimal::from(10_000)),
        "千元" => Some(Decimal::from(1_000)),
        _ => None,
    }
}

/// `元` → 1, `万元` → 10000, `千元` → 1000 (the `amount_unit` setting of a mapping).
fn unit_factor(text: &str) -> Option<Decimal> {
    let k = norm(text);
    if k.contains("万元") {
        Some(Decimal::from(10_000))
    } else if k.contains("千元") {
        Some(Decimal::from(1_000))
    } else if k.contains('元') {
        Some(Decimal::ONE)
    } else {
        None
    }
}

/// The unit name after `编制单位：`, `单位名称：` or `部门：` (empty when it is in the next cell).
fn unit_name(k: &str, raw: &str) -> Option<String> {
    let labels = [
        "编制单位:",
        "单位名称:",
        "部门名称:",
        "部门:",
        "单位:",
        "填报单位:",
    ];
    if !labels.iter().any(|l| k.starts_with(l)) || k.contains("金额单位") {
        return None;
    }
    let name = after_colon(raw)?;
    // "单位：元" is an amount unit, not a unit name.
    if matches!(name.as_str(), "元" | "万元" | "千元") {
        return None;
    }
    Some(name)
}

/// A 决算 year in a title (`2023年度`, `2023年`).
pub fn year_in(k: &str) -> Option<i32> {
    let chars: Vec<char> = k.chars().collect();
    let mut fallback = None;
    for i in 0..chars.len().saturating_sub(4) {
        let digits: String = chars[i..i + 4].iter().collect();
        let before_ok = i == 0 || !chars[i - 1].is_ascii_digit();
        if before_ok && digits.chars().all(|c| c.is_ascii_digit()) && chars[i + 4] == '年' {
            let y: i32 = digits.parse().ok()?;
            if !(1990..=2100).contains(&y) {
                continue;
            }
            if chars.get(i + 5) == Some(&'度') {
                return Some(y);
            }
            fallback.get_or_insert(y);
        }
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_units() {
        assert_eq!(year_in("2023年度部门决算"), Some(2023));
        assert_eq!(year_in("截至2023年12月31日"), Some(2023));
        assert_eq!(year_in("编号12023年"), None);
        assert_eq!(unit_factor("金额单位：万元"), Some(Decimal::from(10000)));
        let none = String::new;
        assert_eq!(
            amount_unit(&norm("金额单位：万元"), none),
            Some(Decimal::from(10000))
        );
        assert_eq!(amount_unit(&norm("（单位：元）"), none), Some(Decimal::ONE));
        assert_eq!(
            amount_unit(&norm("金额单位："), || "元".to_string()),
            Some(Decimal::ONE)
        );
        assert_eq!(amount_unit(&norm("编制单位：元谋县教育局"), none), None);
        assert_eq!(unit_factor("元"), Some(Decimal::ONE));
        assert_eq!(
            unit_name("编制单位:某某局", "编制单位：某某局").as_deref(),
            Some("某某局")
        );
        assert_eq!(unit_name("单位:元", "单位：元"), None);
        assert_eq!(unit_name("金额单位:元", "金额单位：元"), None);
    }
}
