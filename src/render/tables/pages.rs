//! Cutting a typeset table into pages and describing each page for the template:
//! the title lines (the title is a heading on the first page and carries "（续表）" on
//! the others), the header rows again on every page, the body rows that fit, the
//! footnote under the last row; text as runs (one paragraph per column and stretch of
//! plain one-line cells, lines exactly one row apart) and the rules as line segments.

use serde::Serialize;

use super::breaks;
use super::typeset::{indent, Frame, Grid, Slot, Style};
use super::TableView;
use crate::render::typst_markup;

/// Size of the footnote text, pt.
const NOTE_SIZE: f64 = 9.0;
/// Distance between footnote lines, pt.
const NOTE_PITCH: f64 = 12.0;
/// Space between the unit line and the grid, and the grid and the footnote, pt.
const SKIP: f64 = 3.0;

/// One page of a table, positions in pt from the top left of the page's text area.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageView {
    /// The first page (the title is the table's heading); others print "（续表）".
    pub first: bool,
    /// The last page (the footnote follows the grid).
    pub last: bool,
    /// Height of everything on the page.
    pub height: String,
    pub form_dy: String,
    pub title_dy: String,
    pub unit_dy: String,
    /// Left edge of the table (unit line).
    pub left_dx: String,
    /// Right edge of the table, from the right of the text area (form number, 金额单位).
    pub right_dx: String,
    /// Centre of the table, from the centre of the text area (title).
    pub center_dx: String,
    pub note_dy: String,
    /// The footnote (and rounding note) of the last page as Typst markup, its lines
    /// broken here; empty on other pages.
    pub note: String,
    pub runs: Vec<RunView>,
    /// The rules as components of one Typst `curve` (`curve.move(..), curve.line(..), …`).
    pub curve: String,
    #[serde(skip)]
    pub rules: Vec<RuleView>,
}

/// Lines of text placed together: `dx` is from the left, right or centre of the text
/// area according to `align`; `dy` is the top of the first line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RunView {
    pub align: &'static str,
    pub dx: String,
    pub dy: String,
    /// Space between two lines (their distance minus the text size).
    pub leading: String,
    /// The lines as Typst markup (escaped, joined by line breaks).
    pub body: String,
    #[serde(skip)]
    pub lines: Vec<LineView>,
}

/// One line of a run; empty text keeps its place.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LineView {
    pub text: String,
    /// Indent in pt, empty for none.
    pub indent: String,
    pub strong: bool,
}

impl LineView {
    /// The line as Typst markup.
    fn markup(&self) -> String {
        let mut out = String::new();
        if !self.indent.is_empty() {
            out.push_str(&format!("#h({}pt)", self.indent));
        }
        if self.text.is_empty() {
            out.push_str("#h(0pt)");
        } else if self.strong {
            out.push_str(&format!("#strong[{}]", typst_markup(&self.text)));
        } else {
            out.push_str(&typst_markup(&self.text));
        }
        out
    }
}

/// A straight rule from (x1, y1) to (x2, y2).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleView {
    pub x1: String,
    pub y1: String,
    pub x2: String,
    pub y2: String,
}

/// A length in pt as printed in the markup.
pub fn pt(x: f64) -> String {
    let s = format!("{:.2}", x);
    if s == "-0.00" {
        "0.00".into()
    } else {
        s
    }
}

/// Heights of the title lines above the grid: form number, title, unit line.
fn title_lines(st: &Style) -> (f64, f64, f64, f64) {
    let form = 0.0;
    let title = form + st.small + 2.0;
    let unit = title + st.title + 4.0;
    let grid = unit + st.small + SKIP;
    (form, title, unit, grid)
}

/// The footnote's lines (footnote, then the rounding note) within `width`, broken here
/// like the cells (no one-character last line).
fn note_lines(t: &TableView, width: f64) -> Vec<String> {
    let note = format!("{}。", t.rounding_note_text);
    let texts = [
        t.footnote.as_str(),
        if t.rounding_note { note.as_str() } else { "" },
    ];
    texts
        .into_iter()
        .filter(|s| !s.is_empty())
        .flat_map(|text| breaks::break_lines(text, width, NOTE_SIZE, false))
        .collect()
}

/// Cuts `grid` into pages that fit `frame`.
pub(super) fn paginate(t: &TableView, grid: &Grid, st: &Style, frame: Frame) -> Vec<PageView> {
    let (_, _, _, head) = title_lines(st);
    let hn = grid.header_rows;
    let header: f64 = grid.heights[..hn].iter().sum();
    let total = grid.heights.len();
    let note_lines = note_lines(t, grid.width());
    let note = match note_lines.len() {
        0 => 0.0,
        n => SKIP + n as f64 * NOTE_PITCH,
    };
    let mut ranges = Vec::new();
    let mut start = hn;
    while start < total || ranges.is_empty() {
        let reserve = if ranges.is_empty() {
            frame.reserve
        } else {
            0.0
        };
        let room = frame.height - reserve - head - header;
        let mut used = 0.0;
        let mut end = start;
        while end < total {
            let h = grid.heights[end];
            // The last row goes with the footnote.
            let note_after = if end + 1 == total { note } else { 0.0 };
            if used + h + note_after <= room {
                used += h;
                end += 1;
                continue;
            }
            // A page takes at least one row, whatever its height.
            if end == start {
                end += 1;
            }
            break;
        }
        ranges.push(start..end);
        start = end;
        if start >= total {
            break;
        }
    }
    let n = ranges.len();
    ranges
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut p = page(grid, st, frame, i, i + 1 == n, r, note);
            if p.last {
                p.note = note_lines
                    .iter()
                    .map(|l| typst_markup(l))
                    .collect::<Vec<_>>()
                    .join("\\\n");
            }
            p
        })
        .collect()
}

/// Everything on one page.
#[allow(clippy::too_many_arguments)]
fn page(
    grid: &Grid,
    st: &Style,
    frame: Frame,
    index: usize,
    last: bool,
    body: std::ops::Range<usize>,
    note: f64,
) -> PageView {
    let reserve = if index == 0 { frame.reserve } else { 0.0 };
    let (form, title, unit, head) = title_lines(st);
    let left = ((frame.width - grid.width()) / 2.0).max(0.0);
    let top = reserve + head;
    // Rows on this page: the header rows, then its body rows; with their tops.
    let rows: Vec<usize> = (0..grid.header_rows).chain(body).collect();
    let mut y = Vec::with_capacity(rows.len() + 1);
    let mut acc = top;
    for &r in &rows {
        y.push(acc);
        acc += grid.heights[r];
    }
    y.push(acc);
    let bottom = acc;
    let height = bottom + if last { note } else { 0.0 };
    let rules = rules(grid, left, &rows, &y);
    PageView {
        first: index == 0,
        last,
        height: pt(height.min(frame.height)),
        form_dy: pt(reserve + form),
        title_dy: pt(reserve + title),
        unit_dy: pt(reserve + unit),
        left_dx: pt(left),
        right_dx: pt(left + grid.width() - frame.width),
        center_dx: pt(left + grid.width() / 2.0 - frame.width / 2.0),
        note_dy: pt(bottom + SKIP),
        note: String::new(),
        runs: runs(grid, st, frame, left, &rows, &y),
        curve: curve(&rules),
        rules,
    }
}

/// The rules as the components of one `curve`.
fn curve(rules: &[RuleView]) -> String {
    rules
        .iter()
        .map(|r| {
            format!(
                "curve.move(({}pt, {}pt)), curve.line(({}pt, {}pt))",
                r.x1, r.y1, r.x2, r.y2
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where each (page row, column) belongs: the index of the slot covering it.
fn owners(grid: &Grid, rows: &[usize]) -> Vec<Vec<Option<usize>>> {
    let n = grid.widths.len();
    let mut own = vec![vec![None; n]; rows.len()];
    for (i, s) in grid.slots.iter().enumerate() {
        for (k, &r) in rows.iter().enumerate() {
            if r >= s.row && r < s.row + s.rows {
                for cell in own[k].iter_mut().take((s.col + s.cols).min(n)).skip(s.col) {
                    *cell = Some(i);
                }
            }
        }
    }
    own
}

/// The rules of a page: between cells that differ, merged into long segments.
fn rules(grid: &Grid, left: f64, rows: &[usize], y: &[f64]) -> Vec<RuleView> {
    let own = owners(grid, rows);
    let n = grid.widths.len();
    let m = rows.len();
    let mut out = Vec::new();
    let seg = |x1: f64, y1: f64, x2: f64, y2: f64| RuleView {
        x1: pt(left + x1),
        y1: pt(y1),
        x2: pt(left + x2),
        y2: pt(y2),
    };
    // Horizontal: boundary k lies above page row k (k = m: the bottom).
    for k in 0..=m {
        let mut c = 0;
        while c < n {
            let drawn = |c: usize| k == 0 || k == m || own[k - 1][c] != own[k][c];
            if !drawn(c) {
                c += 1;
                continue;
            }
            let from = c;
            while c < n && drawn(c) {
                c += 1;
            }
            out.push(seg(grid.x(from), y[k], grid.x(c), y[k]));
        }
    }
    // Vertical: boundary c lies left of column c (c = n: the right edge).
    for c in 0..=n {
        let mut k = 0;
        while k < m {
            let drawn = |k: usize| c == 0 || c == n || own[k][c - 1] != own[k][c];
            if !drawn(k) {
                k += 1;
                continue;
            }
            let from = k;
            while k < m && drawn(k) {
                k += 1;
            }
            out.push(seg(grid.x(c), y[from], grid.x(c), y[k]));
        }
    }
    out
}

/// Whether a slot can share a paragraph with its neighbours in the column: one line,
/// one column, one row of the plain height.
fn plain(s: &Slot, grid: &Grid, st: &Style) -> bool {
    !s.header
        && s.cols == 1
        && s.rows == 1
        && s.lines.len() <= 1
        && (grid.heights[s.row] - st.row()).abs() < 0.01
}

/// The text of a page as runs.
// Walks the grid column by column (`own[k][c]` for each row k): an index loop says it best.
#[allow(clippy::needless_range_loop)]
fn runs(
    grid: &Grid,
    st: &Style,
    frame: Frame,
    left: f64,
    rows: &[usize],
    y: &[f64],
) -> Vec<RunView> {
    let own = owners(grid, rows);
    let pos = |k: usize| rows[k];
    let mut out = Vec::new();
    let mut done = vec![false; grid.slots.len()];
    // Stretches of plain cells, column by column.
    for c in 0..grid.widths.len() {
        let mut k = 0;
        while k < rows.len() {
            let Some(i) = own[k][c] else {
                k += 1;
                continue;
            };
            let s = &grid.slots[i];
            if s.col != c || !plain(s, grid, st) {
                k += 1;
                continue;
            }
            let align = s.cell.align;
            let mut members = vec![i];
            let mut j = k + 1;
            while j < rows.len() {
                match own[j][c].map(|i| (i, &grid.slots[i])) {
                    Some((i2, s2))
                        if s2.col == c
                            && plain(s2, grid, st)
                            && s2.cell.align == align
                            && pos(j) == pos(j - 1) + 1 =>
                    {
                        members.push(i2);
                        j += 1;
                    }
                    _ => break,
                }
            }
            // Blank cells at either end need no line.
            let text = |i: usize| !grid.slots[i].cell.text.is_empty();
            let first = members.iter().position(|&i| text(i));
            let last = members.iter().rposition(|&i| text(i));
            if let (Some(a), Some(b)) = (first, last) {
                let lines = members[a..=b]
                    .iter()
                    .map(|&i| line(&grid.slots[i], st, &grid.slots[i].cell.text))
                    .collect();
                let top = y[k + a] + st.pad_y;
                out.push(run(
                    grid,
                    st,
                    frame,
                    left,
                    s,
                    top,
                    st.row() - st.size,
                    lines,
                ));
            }
            for &i in &members {
                done[i] = true;
            }
            k = j;
        }
    }
    // Everything else: one run per cell, centred in its rows.
    for (i, s) in grid.slots.iter().enumerate() {
        if done[i] || s.lines.iter().all(String::is_empty) {
            continue;
        }
        let Some(k) = rows.iter().position(|&r| r == s.row) else {
            continue;
        };
        let end = (k + s.rows).min(rows.len());
        let h = y[end] - y[k];
        let top = y[k] + (h - st.lines(s.lines.len())) / 2.0;
        let lines = s.lines.iter().map(|l| line(s, st, l)).collect();
        out.push(run(grid, st, frame, left, s, top, st.gap, lines));
    }
    out
}

fn line(s: &Slot, st: &Style, text: &str) -> LineView {
    let ind = indent(&s.cell, st);
    LineView {
        text: text.to_string(),
        indent: if ind > 0.0 && !text.is_empty() {
            pt(ind)
        } else {
            String::new()
        },
        strong: s.cell.strong,
    }
}

#[allow(clippy::too_many_arguments)]
fn run(
    grid: &Grid,
    st: &Style,
    frame: Frame,
    left: f64,
    s: &Slot,
    top: f64,
    leading: f64,
    lines: Vec<LineView>,
) -> RunView {
    let x0 = left + grid.x(s.col);
    let x1 = left + grid.x(s.col + s.cols);
    let (align, dx) = match s.cell.align {
        "right" => ("right", x1 - st.pad_x - frame.width),
        "center" => ("center", (x0 + x1) / 2.0 - frame.width / 2.0),
        _ => ("left", x0 + st.pad_x),
    };
    RunView {
        align,
        dx: pt(dx),
        dy: pt(top),
        leading: pt(leading),
        body: lines
            .iter()
            .map(LineView::markup)
            .collect::<Vec<_>>()
            .join("\\\n"),
        lines,
    }
}
