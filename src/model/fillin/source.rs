//! Where the values of a workbook stand: every data path at its sheet!cell, and what
//! each cell shows (column header, row label, value) for rustc-style findings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diag::{self, Cell, CellContext, Finding, Location};
use crate::model::Source;

/// A workbook's source map: `find` gives the value's cell, `key` its label or header.
#[derive(Debug, Default)]
pub struct WorkbookSource {
    path: PathBuf,
    /// Data path → the cell of its value (filled or left empty).
    values: BTreeMap<String, Cell>,
    /// Data path → the cell that names it (the row's label, the column's header, the
    /// code of a code sheet's row).
    keys: BTreeMap<String, Cell>,
    /// Paths with a value in the workbook.
    present: BTreeSet<String>,
    contexts: BTreeMap<Cell, CellContext>,
}

impl WorkbookSource {
    pub fn new(path: &Path) -> WorkbookSource {
        WorkbookSource {
            path: path.to_path_buf(),
            ..WorkbookSource::default()
        }
    }

    /// Records where the value at `path` is (and what that cell shows).
    pub fn set_value(&mut self, path: &str, cell: Cell, context: CellContext) {
        self.contexts.insert(cell.clone(), context);
        self.values.insert(path.to_string(), cell);
    }

    /// Records the cell naming `path` (and what it shows: a finding on a field left
    /// empty points at its label).
    pub fn set_key(&mut self, path: &str, cell: Cell, context: CellContext) {
        self.contexts.entry(cell.clone()).or_insert(context);
        self.keys.insert(path.to_string(), cell);
    }

    /// Records that the workbook states a value at `path`.
    pub fn set_present(&mut self, path: &str) {
        self.present.insert(path.to_string());
    }

    /// What a cell shows (for findings at cells that hold no value, a header).
    pub fn set_context(&mut self, cell: &Cell, context: CellContext) {
        self.contexts.insert(cell.clone(), context);
    }

    /// Every located path with its cell.
    pub fn cells(&self) -> &BTreeMap<String, Cell> {
        &self.values
    }

    /// Paths the workbook states a value at.
    pub fn stated(&self) -> &BTreeSet<String> {
        &self.present
    }

    /// The cell of `path`, of its nearest located ancestor, or of its first located
    /// descendant (a finding about a whole part points at the part's first cell).
    fn locate(&self, map: &BTreeMap<String, Cell>, path: &str) -> Option<Cell> {
        let mut p = path;
        loop {
            if let Some(c) = map.get(p) {
                return Some(c.clone());
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => break,
            }
        }
        let inside = |k: &str| {
            k.strip_prefix(path)
                .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
        };
        map.iter()
            .filter(|(k, _)| !path.is_empty() && inside(k))
            .map(|(_, c)| c)
            .min_by_key(|c| (c.sheet.clone(), c.row, c.col))
            .cloned()
    }
}

impl Source for WorkbookSource {
    fn find(&self, path: &str) -> Option<Location> {
        self.locate(&self.values, path).map(Location::Cell)
    }

    fn key(&self, path: &str) -> Option<Location> {
        match self.keys.get(path) {
            Some(c) => Some(Location::Cell(c.clone())),
            None => self.find(path),
        }
    }

    fn has(&self, path: &str) -> bool {
        self.present.contains(path)
    }

    fn within(&self, path: &str, _snippet: &str) -> Option<Location> {
        // A cell is the finest place a workbook has.
        self.find(path)
    }

    fn render(&self, findings: &[Finding]) -> String {
        diag::render_cells(&self.path, findings, &|c| self.contexts.get(c).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_cell_an_ancestor_or_a_descendant() {
        let mut s = WorkbookSource::new(Path::new("a.xlsx"));
        let c = |r, col| Cell::new("支出明细", r, col);
        s.set_value("expenditure[0]", c(1, 0), CellContext::default());
        s.set_value("expenditure[0].personnel", c(1, 2), CellContext::default());
        s.set_value("expenditure[1]", c(2, 0), CellContext::default());
        s.set_key("expenditure[0].personnel", c(0, 2), CellContext::default());
        let at = |p: &str| match s.find(p) {
            Some(Location::Cell(c)) => c.a1(),
            other => format!("{other:?}"),
        };
        assert_eq!(at("expenditure[0].personnel"), "C2");
        assert_eq!(at("expenditure[1].public"), "A3");
        assert_eq!(at("expenditure"), "A2");
        assert_eq!(at("income"), "None");
        assert_eq!(
            s.key("expenditure[0].personnel"),
            Some(Location::Cell(c(0, 2)))
        );
    }
}
