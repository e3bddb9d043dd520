//! One worksheet as read by calamine, with its merged regions, and the reading of its
//! cells: normalised text (full/half-width, spaces), amounts (exact, in 元, never "一"
//! read as 1), and classification codes stored as text or as numbers.

use std::str::FromStr;

use calamine::{Data, Dimensions, Range};
use rust_decimal::prelude::*;

use crate::diag::{Cell, CellContext, Finding};

/// A worksheet: cells and merged regions.
pub struct Grid {
    pub name: String,
    range: Range<Data>,
    merges: Vec<Dimensions>,
}

const EMPTY: Data = Data::Empty;

impl Grid {
    pub fn new(name: &str, range: Range<Data>, merges: Vec<Dimensions>) -> Grid {
        Grid {
            name: name.to_string(),
            range,
            merges,
        }
    }

    /// One past the last used row (rows are absolute, 0-based).
    pub fn rows(&self) -> u32 {
        self.range.end().map(|(r, _)| r + 1).unwrap_or(0)
    }

    /// One past the last used column.
    pub fn cols(&self) -> u32 {
        self.range.end().map(|(_, c)| c + 1).unwrap_or(0)
    }

    pub fn get(&self, row: u32, col: u32) -> &Data {
        self.range.get_value((row, col)).unwrap_or(&EMPTY)
    }

    pub fn cell(&self, row: u32, col: u32) -> Cell {
        Cell::new(&self.name, row, col)
    }

    /// The merged region containing the cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Dimensions> {
        self.merges.iter().find(|d| d.contains(row, col))
    }

    /// The cell's value, or for a cell inside a merged region the region's (top-left) value.
    pub fn get_merged(&self, row: u32, col: u32) -> &Data {
        match self.merge_at(row, col) {
            Some(d) => self.get(d.start.0, d.start.1),
            None => self.get(row, col),
        }
    }

    /// Normalised text of the cell (merged regions propagate), `""` for empty cells.
    pub fn key(&self, row: u32, col: u32) -> String {
        norm(&display(self.get_merged(row, col)))
    }

    /// Raw text of the cell as shown (numbers in their shortest form).
    pub fn text(&self, row: u32, col: u32) -> String {
        display(self.get(row, col))
    }
}

/// What a finding at (`row`, `col`) shows: the value, the column's header (the text
/// in `header_row`, or else the nearest text above the cell that is no number) and the
/// row's label (the first two texts left of the cell: a code and a name).
pub fn context(g: &Grid, row: u32, col: u32, header_row: Option<u32>) -> CellContext {
    let is_label = |d: &Data| match d {
        Data::String(s) => !is_empty_glyph(s) && parse_number_text(s).is_none(),
        _ => false,
    };
    let header = match header_row {
        Some(h) => g.text(h, col),
        None => (row.saturating_sub(40)..row)
            .rev()
            .map(|r| g.get_merged(r, col))
            // A 合计 row or the 栏次 row lies between a cell and its column's header.
            .find(|d| {
                is_label(d)
                    && !matches!(
                        norm(&display(d)).as_str(),
                        "合计" | "总计" | "小计" | "栏次"
                    )
            })
            .map(display)
            .unwrap_or_default(),
    };
    let mut seen: Vec<String> = Vec::new();
    for c in 0..col {
        let d = g.get_merged(row, c);
        let t = display(d);
        let code = matches!(d, Data::String(s) if s.trim().chars().all(|ch| ch.is_ascii_digit()));
        if (is_label(d) || code) && !seen.contains(&t) {
            seen.push(t);
            if seen.len() == 2 {
                break;
            }
        }
    }
    CellContext {
        header,
        label: seen.join(" "),
        value: display(g.get_merged(row, col)),
    }
}

/// A cell as text: strings trimmed, numbers shortest, empty as "".
pub fn display(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("{e}"),
        Data::Empty => String::new(),
    }
}

/// Text for matching: full-width ASCII folded to half-width, every kind of space and
/// line break removed, quotes dropped (“三公” vs "三公"), ASCII lower-cased.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '【' | '〔' => '[',
            '】' | '〕' => ']',
            '—' | '–' => '-',
            other => other,
        };
        if c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '“' | '”' | '‘' | '’' | '\u{200B}' | '\u{FEFF}'
            )
        {
            continue;
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A row label for matching: normalised, without leading enumeration (`一、`, `(一)`,
/// `1.`) or `其中:`, and without a trailing unit in brackets (`(元)`, `(辆)`).
pub fn label_key(s: &str) -> String {
    let mut k = norm(s);
    loop {
        let before = k.len();
        for p in ["其中:", "其中", "含:", ":"] {
            if let Some(rest) = k.strip_prefix(p) {
                k = rest.to_string();
            }
        }
        k = strip_enumeration(&k);
        if k.len() == before {
            break;
        }
    }
    for unit in [
        "(元)",
        "(万元)",
        "(辆)",
        "(个)",
        "(人)",
        "(人次)",
        "(台,套)",
        "(台套)",
    ] {
        if let Some(rest) = k.strip_suffix(unit) {
            k = rest.to_string();
        }
    }
    k
}

fn strip_enumeration(k: &str) -> String {
    const NUMS: &str = "一二三四五六七八九十0123456789";
    let chars: Vec<char> = k.chars().collect();
    // "一、", "12、", "1."
    let n = chars.iter().take_while(|c| NUMS.contains(**c)).count();
    if n > 0 && n < chars.len() && matches!(chars[n], '、' | '.') {
        return chars[n + 1..].iter().collect();
    }
    // "(一)", "(1)"
    if chars.first() == Some(&'(') {
        let m = chars[1..].iter().take_while(|c| NUMS.contains(**c)).count();
        if m > 0 && chars.get(m + 1) == Some(&')') {
            return chars[m + 2..].iter().collect();
        }
    }
    k.to_string()
}

/// Cell texts that mean "no amount" in the 决算 software's exports.
pub fn is_empty_glyph(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    t.is_empty()
        || t.chars().all(|c| {
            matches!(
                c,
                '—' | '－' | '-' | '–' | '/' | '／' | '一' | '\\' | '、' | '*'
            )
        })
}

/// The value of an amount cell in the sheet's unit, exact; `None` for an empty cell.
///
/// Floats are taken at their shortest decimal representation (what Excel shows), so
/// 669978.96 stays 669978.96. `factor` converts the sheet's unit (1 for 元, 10000 for 万元);
/// the result must be a whole number of 分 within 0.005 分 of float noise.
pub fn read_amount(
    d: &Data,
    at: &Cell,
    factor: Decimal,
    warnings: &mut Vec<Finding>,
) -> Result<Option<Decimal>, Finding> {
    let raw = match d {
        Data::Empty => return Ok(None),
        Data::Int(i) => Decimal::from(*i),
        Data::Float(f) => {
            if !f.is_finite() {
                return Err(Finding::error("I008", "", "金额不是有限的数").at_cell(at.clone()));
            }
            float_decimal(*f).ok_or_else(|| {
                Finding::error("I008", "", format!("金额 {f} 超出可处理的范围")).at_cell(at.clone())
            })?
        }
        Data::String(s) => {
            if is_empty_glyph(s) {
                return Ok(None);
            }
            match parse_number_text(s) {
                Some(v) => {
                    warnings.push(
                        Finding::warning(
                            "I008",
                            "",
                            format!("金额“{}”是以文本存储的数字，已按数字 {v} 读取", s.trim()),
                        )
                        .at_cell(at.clone()),
                    );
                    v
                }
                None => {
                    return Err(Finding::error(
                        "I008",
                        "",
                        format!("金额格中是文字“{}”，不是金额", s.trim()),
                    )
                    .at_cell(at.clone())
                    .help("金额格只能是数字，或留空、“—”表示没有"))
                }
            }
        }
        Data::Bool(_) => {
            return Err(
                Finding::error("I008", "", "金额格中是逻辑值（TRUE/FALSE）").at_cell(at.clone())
            )
        }
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            return Err(
                Finding::error("I008", "", "金额格被设置成了日期格式，读出的不是金额")
                    .at_cell(at.clone())
                    .help("把该格的格式改为“数值”后重新保存"),
            )
        }
        Data::Error(e) => {
            return Err(
                Finding::error("I008", "", format!("金额格是公式错误 {e}，没有数值"))
                    .at_cell(at.clone()),
            )
        }
    };
    let yuan = raw * factor;
    let fen = yuan * Decimal::ONE_HUNDRED;
    let whole = fen.round();
    if (fen - whole).abs() > Decimal::new(5, 3) {
        return Err(Finding::error(
            "I007",
            "",
            format!("金额 {yuan} 元不是整分数（小数超过两位），不能四舍五入了事"),
        )
        .at_cell(at.clone())
        .help("核对该格：决算报表的金额应精确到分；如是公式结果，请检查公式"));
    }
    Ok(Some(whole / Decimal::ONE_HUNDRED))
}

/// The shortest decimal text of a float, as an exact `Decimal`.
pub fn float_decimal(f: f64) -> Option<Decimal> {
    Decimal::from_str(&format!("{f}")).ok()
}

/// A number written as text: `1,234.56`, `１２３４`, `(1,234.00)` negative.
fn parse_number_text(s: &str) -> Option<Decimal> {
    let t = norm(s).replace([',', '，'], "");
    let (neg, t) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (true, inner.to_string()),
        None => (false, t),
    };
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    let v = Decimal::from_str(&t).ok()?;
    Some(if neg { -v } else { v })
}

/// A classification code read from a cell: digits only, with a flag saying it was
/// stored as a number (which loses leading zeros and is worth a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub code: String,
    pub numeric: bool,
}

/// Reads a code of `lengths` digits at the start of a cell (`2013350`, `2013350 事业运行`,
/// `[2013350]`, or the number 2013350.0).
pub fn read_code(d: &Data, lengths: &[usize]) -> Option<Code> {
    let (digits, numeric) = match d {
        Data::Float(f) if f.fract() == 0.0 && *f > 0.0 && *f < 1e12 => {
            (format!("{}", *f as u64), true)
        }
        Data::Int(i) if *i > 0 => (i.to_string(), true),
        Data::String(s) => {
            let t = norm(s);
            let t = t.trim_start_matches('[');
            let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
            let rest = &t[digits.len()..];
            // A code must not run on into more digits or a decimal point ("2013350.5").
            if rest.starts_with('.') && rest[1..].chars().next().is_some_and(|c| c.is_ascii_digit())
            {
                return None;
            }
            (digits, false)
        }
        _ => return None,
    };
    lengths.contains(&digits.len()).then_some(Code {
        code: digits,
        numeric,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(d: Data) -> Result<Option<Decimal>, Finding> {
        read_amount(&d, &Cell::new("S", 0, 0), Decimal::ONE, &mut Vec::new())
    }

    #[test]
    fn amounts_are_exact_and_glyphs_are_empty() {
        assert_eq!(
            amount(Data::Float(669978.96)).unwrap(),
            Some(Decimal::new(66997896, 2))
        );
        assert_eq!(
            amount(Data::Float(0.1 + 0.2)).unwrap(),
            Some(Decimal::new(3, 1))
        );
        for g in ["—", "－", "-", "/", "一", " ", "——"] {
            assert_eq!(amount(Data::String(g.into())).unwrap(), None, "{g}");
        }
        let e = amount(Data::Float(12.345)).unwrap_err();
        assert_eq!(e.code, "I007");
        let e = amount(Data::String("见说明".into())).unwrap_err();
        assert_eq!(e.code, "I008");
        let mut w = Vec::new();
        let v = read_amount(
            &Data::String("1,234.50".into()),
            &Cell::new("S", 0, 0),
            Decimal::ONE,
            &mut w,
        )
        .unwrap();
        assert_eq!(v, Some(Decimal::new(123450, 2)));
        assert_eq!(w.len(), 1);
        // 万元 with six decimals is a whole number of 分.
        let v = read_amount(
            &Data::Float(346.474578),
            &Cell::new("S", 0, 0),
            Decimal::from(10000),
            &mut w,
        )
        .unwrap();
        assert_eq!(v, Some(Decimal::new(346474578, 2)));
    }

    #[test]
    fn codes_and_labels() {
        assert_eq!(
            read_code(&Data::Float(2013350.0), &[7]),
            Some(Code {
                code: "2013350".into(),
                numeric: true
            })
        );
        assert_eq!(
            read_code(&Data::String("2013350 事业运行".into()), &[7])
                .unwrap()
                .code,
            "2013350"
        );
        assert_eq!(
            read_code(&Data::String("２０１".into()), &[3, 5, 7])
                .unwrap()
                .code,
            "201"
        );
        assert_eq!(read_code(&Data::String("合计".into()), &[3]), None);
        assert_eq!(read_code(&Data::Float(2013350.5), &[7]), None);
        assert_eq!(
            label_key("一、一般公共预算财政拨款收入"),
            "一般公共预算财政拨款收入"
        );
        assert_eq!(label_key("  其中：公务用车购置费（元）"), "公务用车购置费");
        assert_eq!(label_key("（三）公务接待费"), "公务接待费");
        assert_eq!(norm("项 目（ 按功能分类 ）"), "项目(按功能分类)");
    }
}
