//! Reading workbooks, the core shared by the fill-in workbook loader (`model::fillin`,
//! for `check`/`build`) and `juesuan import`: what a file really is (`sniff`), opening it
//! with calamine, and its sheets as `Grid`s whose cells read exactly (`grid`). Sheets
//! are parsed lazily and once: a 10 MB sheet that nothing needs is never read.

// A workbook's problems are findings (a cell, a message, a hint), returned on the cold
// path of reading a file: their size does not matter, boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod grid;
pub mod sniff;

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Sheets};

pub use grid::{
    context, display, float_decimal, is_empty_glyph, label_key, norm, read_amount, read_code, Code,
    Grid,
};
use sniff::Format;

use crate::diag::Finding;

/// Files larger than this are refused before parsing (a 决算 export is well under 5 MB).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// An open workbook.
pub struct Workbook {
    sheets: Sheets<Cursor<Vec<u8>>>,
    names: Vec<String>,
    grids: HashMap<String, Grid>,
}

impl Workbook {
    /// Sniffs and opens `bytes`.
    pub fn open(bytes: Vec<u8>) -> Result<Workbook, Finding> {
        if bytes.len() > MAX_BYTES {
            return Err(Finding::error(
                "I016",
                "",
                format!(
                    "文件有 {} MB，超过导入上限 {} MB，不像一个单位的决算报表",
                    bytes.len() / (1024 * 1024),
                    MAX_BYTES / (1024 * 1024)
                ),
            )
            .help("请只导出本单位的决算报表，或删去与决算无关的工作表后另存"));
        }
        let format = sniff::sniff(&bytes)?;
        let cursor = Cursor::new(bytes);
        let opened = match format {
            Format::Xls => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xls)
                .map_err(|e| match e {
                    calamine::XlsError::Password => sniff::encrypted(),
                    other => unreadable("Excel 97-2003 工作簿（.xls）", &other.to_string()),
                }),
            Format::Xlsx => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xlsx)
                .map_err(|e| unreadable("Excel 工作簿（.xlsx）", &e.to_string())),
            Format::Xlsb => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xlsb)
                .map_err(|e| unreadable("Excel 二进制工作簿（.xlsb）", &e.to_string())),
            Format::Ods => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Ods)
                .map_err(|e| unreadable("OpenDocument 表格（.ods）", &e.to_string())),
        }?;
        let names = opened.sheet_names();
        Ok(Workbook {
            sheets: opened,
            names,
            grids: HashMap::new(),
        })
    }

    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    /// The parsed sheet `name` (parsed on first use).
    pub fn grid(&mut self, name: &str) -> Result<&Grid, Finding> {
        if !self.grids.contains_key(name) {
            let range: Range<Data> = self
                .sheets
                .worksheet_range(name)
                .map_err(|e| Finding::error("I001", "", format!("无法读取工作表“{name}”：{e}")))?;
            let merges = merges(&mut self.sheets, name);
            self.grids
                .insert(name.to_string(), Grid::new(name, range, merges));
        }
        Ok(&self.grids[name])
    }
}

/// The normalised texts of the first rows of a sheet (where a title is printed).
pub fn title_text(g: &Grid) -> Vec<String> {
    let mut out = Vec::new();
    for r in 0..g.rows().min(6) {
        for c in 0..g.cols().min(30) {
            let k = g.key(r, c);
            if k.chars().count() >= 4 {
                out.push(k);
            }
        }
    }
    out
}

fn merges(sheets: &mut Sheets<Cursor<Vec<u8>>>, name: &str) -> Vec<Dimensions> {
    match sheets {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn unreadable(what: &str, detail: &str) -> Finding {
    Finding::error(
        "I001",
        "",
        format!("文件看起来是{what}，但无法读取（{detail}），可能已损坏"),
    )
    .help("请用 Excel 或 WPS 打开后“另存为” .xlsx 再导入")
}
