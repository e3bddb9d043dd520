//! Line breaking for table cells, decided here rather than by typst so that every row's
//! height is known before layout: names wrap between characters (never inside an ASCII
//! word or number, never before closing or after opening punctuation) and never leave a
//! single character on the last line; headers break only at the `/` marks of the table
//! set ("附属单位/上缴收入").

use super::measure;

/// Closing punctuation: never at the start of a line.
const CLOSING: &str = "）)］】」』》〉，、。．：；！？”’%％·…";
/// Opening punctuation: never at the end of a line.
const OPENING: &str = "（(［【「『《〈“‘";

/// The text split into pieces that must stay on one line.
fn units(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    for c in text.chars() {
        let word = c.is_ascii_alphanumeric() || c == '.' || c == ',' || c == '-';
        let continues_word = word
            && out
                .last()
                .and_then(|u| u.chars().last())
                .is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == ',' || p == '-');
        if glue_next || continues_word || (CLOSING.contains(c) && !out.is_empty()) {
            out.last_mut().expect("a unit before").push(c);
        } else {
            out.push(c.to_string());
        }
        glue_next = OPENING.contains(c);
    }
    out
}

/// Characters that count as content (not punctuation) on a line.
fn content_chars(s: &str) -> usize {
    s.chars()
        .filter(|c| !CLOSING.contains(*c) && !OPENING.contains(*c))
        .count()
}

/// Breaks `text` into lines no wider than `width` pt at `size` pt.
pub fn break_lines(text: &str, width: f64, size: f64, bold: bool) -> Vec<String> {
    let units = units(text);
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut cur_w = 0.0;
    for u in units {
        let w = measure::width(&u, size, bold);
        if !cur.is_empty() && cur_w + w > width {
            lines.push(std::mem::take(&mut cur));
            cur_w = 0.0;
        }
        cur_w += w;
        cur.push(u);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    // A one-character last line takes the last piece of the line before.
    let n = lines.len();
    if n >= 2 && content_chars(&lines[n - 1].concat()) <= 1 && lines[n - 2].len() >= 3 {
        let moved = lines[n - 2].pop().expect("three pieces");
        lines[n - 1].insert(0, moved);
    }
    lines.into_iter().map(|l| l.concat()).collect()
}

/// The widest piece a header cannot be broken within (pt).
pub fn header_min_width(text: &str, size: f64, bold: bool) -> f64 {
    text.split('/')
        .map(|s| measure::width(s, size, bold))
        .fold(0.0, f64::max)
}

/// Breaks a header at its `/` marks into lines no wider than `width`; a piece wider
/// than the cell is broken between characters.
pub fn header_lines(text: &str, width: f64, size: f64, bold: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for seg in text.split('/').filter(|s| !s.is_empty()) {
        let joined = format!("{cur}{seg}");
        if cur.is_empty() || measure::width(&joined, size, bold) <= width {
            cur = joined;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = seg.to_string();
        }
        if measure::width(&cur, size, bold) > width {
            let mut parts = break_lines(&cur, width, size, bold);
            cur = parts.pop().unwrap_or_default();
            lines.extend(parts);
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_wrap_without_a_lonely_last_character() {
        let name = "机关事业单位基本养老保险缴费支出";
        // Room for 15 characters: a plain break would leave "出" alone.
        let lines = break_lines(name, 15.2 * 9.0, 9.0, false);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].chars().count() >= 2, "{lines:?}");
        assert_eq!(lines.concat(), name);
    }

    #[test]
    fn punctuation_and_ascii_words_stay_together() {
        let lines = break_lines("因公出国（境）费", 5.5 * 9.0, 9.0, false);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('）') && !l.ends_with('（')),
            "{lines:?}"
        );
        let lines = break_lines("幸福东区APP运行费用", 5.5 * 9.0, 9.0, false);
        assert!(lines.iter().any(|l| l.contains("APP")), "{lines:?}");
    }

    #[test]
    fn headers_break_at_their_marks_only() {
        let h = "附属单位/上缴收入";
        let w = header_min_width(h, 9.0, true);
        assert!((w - 36.0).abs() < 1.0, "{w}");
        assert_eq!(
            header_lines(h, 40.0, 9.0, true),
            vec!["附属单位", "上缴收入"]
        );
        assert_eq!(header_lines(h, 80.0, 9.0, true), vec!["附属单位上缴收入"]);
        assert_eq!(header_lines("合计", 10.0, 9.0, true).concat(), "合计");
    }
}
