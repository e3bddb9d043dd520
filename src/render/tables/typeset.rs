//! Typesetting a table here, not in typst: column widths from the measured content,
//! line breaks of names and headers, row heights, page breaks with the header repeated
//! and "（续表）" on continuation pages. `templates/tables/table.typ` then only places
//! text at the positions given — a few paragraphs per column and page, one curve for the
//! rules — which costs typst a fraction of a `table` of the same cells.
//!
//! Widths: every column gets what its widest cell needs (the widest name sets the name
//! column; a value column with nothing in it shrinks to its header's widest unbreakable
//! piece); leftover page width goes to the value columns that hold amounts; when the
//! content is too wide, names wrap (with their hanging indent) before anything else.

use super::breaks;
use super::measure;
use super::pages::{self, PageView};
use super::{CellView, TableView};

/// Type measures of the tables, in pt.
#[derive(Debug, Clone)]
pub struct Style {
    /// Cell text size.
    pub size: f64,
    /// Space between a cell's text and its left and right rules.
    pub pad_x: f64,
    /// Space between a cell's text and its top and bottom rules.
    pub pad_y: f64,
    /// Space between the lines of one cell.
    pub gap: f64,
    /// Least space between an amount and the text of the column to its left (kept on
    /// the amount's side: its column is that much wider than the amount). At 1em
    /// `pdftotext -layout` keeps neighbouring columns apart and each row on one line;
    /// at 0.7em (two paddings) it glued amounts together or split rows, and
    /// `juesuan lint` and the tests read the tables that way.
    pub apart: f64,
    /// Size of the form number, unit line and footnote.
    pub small: f64,
    /// Size of the title.
    pub title: f64,
}

impl Style {
    /// Measures derived from the cell text size.
    pub fn for_size(size: f64) -> Style {
        Style {
            size,
            pad_x: (0.35 * size).max(2.5),
            pad_y: 0.2 * size,
            gap: 0.2 * size,
            apart: size,
            small: 10.0,
            title: 16.0,
        }
    }
    /// Height of a row of one line.
    pub fn row(&self) -> f64 {
        self.size + 2.0 * self.pad_y
    }
    /// Height of `n` lines of cell text.
    pub fn lines(&self, n: usize) -> f64 {
        let n = n.max(1) as f64;
        n * self.size + (n - 1.0) * self.gap
    }
}

/// The printable area of a table page, in pt.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    /// Height kept free at the top of the first page (the part title above table 1).
    pub reserve: f64,
}

/// A cell placed in the grid (header rows first, then body rows).
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub row: usize,
    pub col: usize,
    pub cols: usize,
    pub rows: usize,
    pub header: bool,
    pub cell: CellView,
    /// The text as printed, one entry per line.
    pub lines: Vec<String>,
}

/// The laid-out grid of a whole table, before it is cut into pages.
#[derive(Debug, Clone)]
pub(super) struct Grid {
    pub widths: Vec<f64>,
    /// Heights of every row (header rows first).
    pub heights: Vec<f64>,
    pub header_rows: usize,
    pub slots: Vec<Slot>,
}

impl Grid {
    pub fn width(&self) -> f64 {
        self.widths.iter().sum()
    }
    /// x of the left edge of column `c` (c = len: the right edge of the table).
    pub fn x(&self, c: usize) -> f64 {
        self.widths[..c].iter().sum()
    }
}

/// The pages of table `t`.
pub fn typeset(t: &TableView, st: &Style, frame: Frame) -> Vec<PageView> {
    let grid = grid(t, st, frame.width);
    pages::paginate(t, &grid, st, frame)
}

/// Places the cells, decides widths, breaks lines and sizes the rows.
pub(super) fn grid(t: &TableView, st: &Style, avail: f64) -> Grid {
    let n = t.columns.len().max(1);
    let body = body_rows(t, n);
    let header_rows = t.header.len();
    let mut slots = place(&t.header, &body, n);
    let widths = widths(&slots, t, st, avail, n);
    for s in &mut slots {
        let w: f64 = widths[s.col..s.col + s.cols].iter().sum();
        let room = w - 2.0 * st.pad_x - indent(&s.cell, st);
        let text = &s.cell.text;
        s.lines = if s.header {
            breaks::header_lines(text, room, st.size, s.cell.strong)
        } else if wraps(s, t) && measure::width(text, st.size, s.cell.strong) > room {
            breaks::break_lines(text, room, st.size, s.cell.strong)
        } else {
            vec![text.clone()]
        };
    }
    let heights = heights(&slots, header_rows + body.len(), st);
    Grid {
        widths,
        heights,
        header_rows,
        slots,
    }
}

/// Indentation of a cell's text in pt.
pub(super) fn indent(c: &CellView, st: &Style) -> f64 {
    c.indent as f64 * st.size
}

fn wraps(s: &Slot, t: &TableView) -> bool {
    s.cell.wrap || (s.cols == 1 && t.columns.get(s.col).is_some_and(|c| c.wrap))
}

/// Assigns every cell its row and column, skipping places taken by cells spanning
/// down from rows above.
fn place(header: &[Vec<CellView>], body: &[Vec<CellView>], n: usize) -> Vec<Slot> {
    let all: Vec<(bool, &Vec<CellView>)> = header
        .iter()
        .map(|r| (true, r))
        .chain(body.iter().map(|r| (false, r)))
        .collect();
    let mut taken = vec![vec![false; n]; all.len()];
    let mut out = Vec::new();
    for (r, (is_header, cells)) in all.iter().enumerate() {
        let mut col = 0;
        for c in cells.iter() {
            while col < n && taken[r][col] {
                col += 1;
            }
            if col >= n {
                break;
            }
            let cols = c.colspan.clamp(1, n - col);
            let rows = c.rowspan.clamp(1, all.len() - r);
            for row in taken.iter_mut().skip(r).take(rows) {
                for t in row.iter_mut().skip(col).take(cols) {
                    *t = true;
                }
            }
            out.push(Slot {
                row: r,
                col,
                cols,
                rows,
                header: *is_header,
                cell: c.clone(),
                lines: Vec::new(),
            });
            col += cols;
        }
    }
    out
}

/// What a cell asks of its columns: the least width it can live with and the width
/// that prints it on one line.
fn needs(s: &Slot, t: &TableView, st: &Style) -> (f64, f64) {
    let pad = 2.0 * st.pad_x + indent(&s.cell, st);
    if s.header {
        let min = breaks::header_min_width(&s.cell.text, st.size, s.cell.strong) + pad;
        return (min, min);
    }
    let pad = if s.cell.align == "right" {
        pad.max(st.apart + indent(&s.cell, st))
    } else {
        pad
    };
    let want = measure::width(&s.cell.text, st.size, s.cell.strong) + pad;
    if wraps(s, t) {
        // A name may wrap, but not into a column narrower than six characters.
        (want.min(6.0 * st.size + pad), want)
    } else {
        (want, want)
    }
}

/// The least width the table can be printed in (names wrapped as far as they go).
pub fn least_width(t: &TableView, st: &Style) -> f64 {
    let n = t.columns.len().max(1);
    let slots = place(&t.header, &body_rows(t, n), n);
    demands(&slots, t, st, n).0.iter().sum()
}

/// The body rows to lay out: the rows, or for a table without data its statement in
/// one cell across the table.
fn body_rows(t: &TableView, n: usize) -> Vec<Vec<CellView>> {
    if t.empty {
        let mut c = CellView::new(t.empty_statement.clone(), "left").span(n, 1);
        c.wrap = true;
        vec![vec![c]]
    } else {
        t.rows.clone()
    }
}

/// Per column: the least width, the width for one-line content, whether it holds data.
fn demands(slots: &[Slot], t: &TableView, st: &Style, n: usize) -> (Vec<f64>, Vec<f64>, Vec<bool>) {
    let mut hard = vec![2.0 * st.pad_x + st.size; n];
    let mut want = hard.clone();
    let mut filled = vec![false; n];
    for s in slots.iter().filter(|s| s.cols == 1) {
        let (h, w) = needs(s, t, st);
        hard[s.col] = hard[s.col].max(h);
        want[s.col] = want[s.col].max(w);
        if !s.header && !s.cell.text.is_empty() {
            filled[s.col] = true;
        }
    }
    for (j, c) in t.columns.iter().enumerate().take(n) {
        if let Some(m) = c.min_width {
            hard[j] = hard[j].max(m);
            want[j] = want[j].max(m);
        }
    }
    // Cells spanning several columns: spread what they lack evenly.
    for s in slots.iter().filter(|s| s.cols > 1) {
        let (h, w) = needs(s, t, st);
        for (v, need) in [(&mut hard, h), (&mut want, w)] {
            let have: f64 = v[s.col..s.col + s.cols].iter().sum();
            if need > have {
                let add = (need - have) / s.cols as f64;
                v[s.col..s.col + s.cols].iter_mut().for_each(|x| *x += add);
            }
        }
    }
    for j in 0..n {
        want[j] = want[j].max(hard[j]);
    }
    (hard, want, filled)
}

/// Column widths filling `avail` (see the module notes).
fn widths(slots: &[Slot], t: &TableView, st: &Style, avail: f64, n: usize) -> Vec<f64> {
    let (hard, mut want, filled) = demands(slots, t, st, n);
    let total: f64 = want.iter().sum();
    if total <= avail {
        // Room to spare: first no header of more than two lines (a shrunk empty column
        // would otherwise make the header rows tall), then the rest below.
        for s in slots.iter().filter(|s| s.header && s.cols == 1) {
            let two = two_line_width(&s.cell.text, st.size, s.cell.strong) + 2.0 * st.pad_x;
            let add = (two - want[s.col]).max(0.0);
            if add > 0.0 && total_of(&want) + add <= avail {
                want[s.col] += add;
            }
        }
        let total = total_of(&want);
        // Leftover width goes to the columns with content — names and amounts — in
        // proportion to what they hold, an amount column to at most 1.8 times its
        // content; what remains is shared by all. Empty columns stay narrow.
        let wrap = |j: usize| t.columns.get(j).is_some_and(|c| c.wrap);
        let value = |j: usize| t.columns.get(j).is_some_and(|c| c.align == "right");
        let takers: Vec<usize> = (0..n)
            .filter(|&j| filled[j] && (wrap(j) || value(j)))
            .collect();
        let spare = avail - total;
        let base: f64 = takers.iter().map(|&j| want[j]).sum();
        let mut given = 0.0;
        for &j in &takers {
            let mut add = spare * want[j] / base;
            if value(j) {
                add = add.min(0.8 * want[j]);
            }
            want[j] += add;
            given += add;
        }
        let rest = spare - given;
        let all = total_of(&want);
        for w in want.iter_mut() {
            *w += rest * *w / all;
        }
        return want;
    }
    // Too wide: names wrap first, down to their least width.
    let wrap = |j: usize| t.columns.get(j).is_some_and(|c| c.wrap);
    let slack: f64 = (0..n).filter(|&j| wrap(j)).map(|j| want[j] - hard[j]).sum();
    let over = total - avail;
    if slack >= over && slack > 0.0 {
        for j in (0..n).filter(|&j| wrap(j)) {
            want[j] -= (want[j] - hard[j]) * over / slack;
        }
        return want;
    }
    // Even that is too wide: everything at its least, scaled to the page.
    let least: f64 = hard.iter().sum();
    let scale = if least > avail { avail / least } else { 1.0 };
    let mut w: Vec<f64> = hard.iter().map(|h| h * scale).collect();
    let spare = avail - w.iter().sum::<f64>();
    if spare > 0.0 {
        let names: Vec<usize> = (0..n).filter(|&j| wrap(j)).collect();
        for &j in &names {
            w[j] += spare / names.len() as f64;
        }
    }
    w
}

fn total_of(v: &[f64]) -> f64 {
    v.iter().sum()
}

/// The least width that sets a header in at most two lines (breaking at its marks).
fn two_line_width(text: &str, size: f64, bold: bool) -> f64 {
    let segs: Vec<&str> = text.split('/').filter(|s| !s.is_empty()).collect();
    let whole = measure::width(&segs.concat(), size, bold);
    (1..segs.len())
        .map(|k| {
            let a = measure::width(&segs[..k].concat(), size, bold);
            let b = measure::width(&segs[k..].concat(), size, bold);
            a.max(b)
        })
        .fold(whole, f64::min)
}

/// Row heights: each row fits its tallest one-row cell; a cell spanning rows adds what
/// it lacks to the last of them.
fn heights(slots: &[Slot], rows: usize, st: &Style) -> Vec<f64> {
    let mut h = vec![st.row(); rows];
    for s in slots.iter().filter(|s| s.rows == 1) {
        h[s.row] = h[s.row].max(st.lines(s.lines.len()) + 2.0 * st.pad_y);
    }
    for s in slots.iter().filter(|s| s.rows > 1) {
        let need = st.lines(s.lines.len()) + 2.0 * st.pad_y;
        let have: f64 = h[s.row..s.row + s.rows].iter().sum();
        if need > have {
            h[s.row + s.rows - 1] += need - have;
        }
    }
    h
}
