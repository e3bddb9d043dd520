//! Charts 图1–图7, drawn by plotters as SVG from the computed figures.

use crate::compute::Figures;
use crate::model::ReportData;

/// One drawn chart, as an in-memory file the Typst source refers to.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Figure number 1–7.
    pub number: u8,
    /// File name used in the Typst source, e.g. `fig1.svg`.
    pub file: String,
    pub svg: Vec<u8>,
}

/// Draws the charts for a report.
pub fn draw(_data: &ReportData, _fig: &Figures) -> Vec<Chart> {
    Vec::new()
}
