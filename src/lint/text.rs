//! The document as `lint` reads it: the raw text (pages joined, page footers blanked) and a
//! flat view without whitespace, in which sentences are matched — typesetting breaks lines
//! and puts spaces between hanzi and digits anywhere. Every flat offset maps back to the
//! raw text, its page and its line, so findings can quote and locate.
//!
//! The registry of figures lives here too: every amount, percentage and count the text
//! shows, and whether a rule has checked it (the coverage).

use std::collections::BTreeMap;

use regex::Regex;
use std::sync::LazyLock;

use super::number::Num;

/// What kind of figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An amount (万元 or 元).
    Amount,
    /// A percentage.
    Percent,
    /// A count (辆、个、人次…).
    Count,
}

/// Whether a rule looked at a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Checked,
    NotChecked,
    /// Outside what `lint` judges (名词解释, performance indicators, the 目录).
    NotApplicable,
}

#[derive(Debug, Clone)]
pub struct Figure {
    pub kind: Kind,
    pub num: Num,
    pub status: Status,
}

/// A document's text with its maps.
pub struct Doc {
    pub raw: String,
    /// Raw offset where each page starts.
    page_starts: Vec<usize>,
    pub paged: bool,
    /// The text without whitespace.
    pub flat: String,
    /// Raw byte offset of each flat byte.
    flat_to_raw: Vec<usize>,
    /// Flat offset of each raw byte (of the next non-space character).
    raw_to_flat: Vec<usize>,
    /// Figures by flat offset.
    pub figures: BTreeMap<usize, Figure>,
}

static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t\u{3000}]*(?:[—–\-－]+[ \t]*\d+[ \t]*[—–\-－]+|第[ \t]*\d+[ \t]*页(?:[ \t]*[，,/]?[ \t]*共[ \t]*\d+[ \t]*页)?|\d+[ \t]*/[ \t]*\d+)[ \t\u{3000}]*$",
    )
    .unwrap()
});

impl Doc {
    pub fn new(pages: &[String], paged: bool) -> Doc {
        let mut raw = String::new();
        let mut page_starts = Vec::new();
        for p in pages {
            page_starts.push(raw.len());
            raw.push_str(p);
            if !p.ends_with('\n') {
                raw.push('\n');
            }
        }
        // Page footers ("— 3 —", "第 3 页 共 9 页") would split sentences: blank them.
        let spans: Vec<(usize, usize)> = FOOTER
            .find_iter(&raw)
            .map(|m| (m.start(), m.end()))
            .collect();
        for (s, e) in spans {
            let blank = " ".repeat(e - s);
            raw.replace_range(s..e, &blank);
        }
        // Picture placeholders of converted text ("[image: image2]") sit mid-sentence.
        static IMAGE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\[image:[^\]\n]{0,40}\]").unwrap());
        let spans: Vec<(usize, usize)> = IMAGE
            .find_iter(&raw)
            .map(|m| (m.start(), m.end()))
            .collect();
        for (s, e) in spans {
            raw.replace_range(s..e, &" ".repeat(e - s));
        }
        let raw = raw.replace('\u{2060}', " ");
        let mut flat = String::with_capacity(raw.len());
        let mut flat_to_raw = Vec::with_capacity(raw.len());
        let mut raw_to_flat = vec![0; raw.len() + 1];
        for (i, c) in raw.char_indices() {
            raw_to_flat[i..i + c.len_utf8()].fill(flat.len());
            if c.is_whitespace() || c == '\u{feff}' {
                continue;
            }
            let c = normalize(c);
            for _ in 0..c.len_utf8() {
                flat_to_raw.push(i);
            }
            flat.push(c);
        }
        raw_to_flat[raw.len()] = flat.len();
        flat_to_raw.push(raw.len());
        Doc {
            raw,
            page_starts,
            paged,
            flat,
            flat_to_raw,
            raw_to_flat,
            figures: BTreeMap::new(),
        }
    }

    /// Raw offset of a flat offset.
    pub fn raw_at(&self, flat: usize) -> usize {
        self.flat_to_raw[flat.min(self.flat_to_raw.len() - 1)]
    }

    /// Flat offset of a raw offset.
    pub fn flat_at(&self, raw: usize) -> usize {
        self.raw_to_flat[raw.min(self.raw_to_flat.len() - 1)]
    }

    /// 1-based page of a flat offset (when the document has pages).
    pub fn page(&self, flat: usize) -> Option<usize> {
        if !self.paged {
            return None;
        }
        let raw = self.raw_at(flat);
        Some(self.page_starts.partition_point(|s| *s <= raw).max(1))
    }

    /// 1-based line of a flat offset in the raw text.
    pub fn line(&self, flat: usize) -> usize {
        let raw = self.raw_at(flat);
        self.raw[..raw].matches('\n').count() + 1
    }

    /// A short quote around a flat span: the span itself with some context, clipped to the
    /// sentence.
    pub fn quote(&self, start: usize, end: usize) -> String {
        let start = start.min(self.flat.len());
        let end = end.clamp(start, self.flat.len());
        let before = &self.flat[..start];
        let from = before
            .char_indices()
            .rev()
            .take(12)
            .take_while(|(_, c)| !matches!(c, '。' | '；'))
            .last()
            .map_or(start, |(i, _)| i);
        let after = &self.flat[end..];
        let to = after
            .char_indices()
            .take(12)
            .take_while(|(_, c)| !matches!(c, '。' | '；'))
            .last()
            .map_or(end, |(i, c)| end + i + c.len_utf8());
        let mut q = self.flat[from..to].to_string();
        if q.chars().count() > 120 {
            q = q.chars().take(117).collect::<String>() + "…";
        }
        q
    }

    /// Registers a figure at a flat offset (the first registration wins).
    pub fn add_figure(&mut self, at: usize, kind: Kind, num: Num, status: Status) {
        self.figures
            .entry(at)
            .or_insert(Figure { kind, num, status });
    }

    /// Marks the figure at a flat offset as checked.
    pub fn checked(&mut self, at: usize) {
        if let Some(f) = self.figures.get_mut(&at) {
            f.status = Status::Checked;
        }
    }

    /// Marks every figure in a flat span as not applicable.
    pub fn not_applicable(&mut self, start: usize, end: usize) {
        for (_, f) in self.figures.range_mut(start..end) {
            if f.status == Status::NotChecked {
                f.status = Status::NotApplicable;
            }
        }
    }
}

/// Full-width forms that mean the same as their ASCII twins in figures and punctuation
/// read by the rules.
fn normalize(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '％' => '%',
        '(' => '（',
        ')' => '）',
        ':' => '：',
        ';' => '；',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_text_maps_back_to_pages_and_lines() {
        let pages = vec![
            "第一部分\n收 入 合计 1.5 万元\n          — 1 —\n".to_string(),
            "（二）支出(万元)：２\n".to_string(),
        ];
        let d = Doc::new(&pages, true);
        assert_eq!(d.flat, "第一部分收入合计1.5万元（二）支出（万元）：2");
        let at = d.flat.find("1.5").unwrap();
        assert_eq!(d.page(at), Some(1));
        assert_eq!(d.line(at), 2);
        assert_eq!(d.page(d.flat.find('2').unwrap()), Some(2));
        assert_eq!(d.flat_at(d.raw_at(at)), at);
    }
}
