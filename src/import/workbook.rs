//! Opening a workbook (after sniffing its bytes) and finding its sheets by title text.
//! Sheets are parsed lazily and once: a 10 MB sheet that no mapping needs is never read.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Sheets};

use super::location::ImportFinding;
use super::mapping::SheetSpec;
use super::sheet::{norm, Grid};
use super::sniff::{self, Format};

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
    pub fn open(bytes: Vec<u8>) -> Result<Workbook, ImportFinding> {
        if bytes.len() > MAX_BYTES {
            return Err(ImportFinding::error(
                "I016",
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
    pub fn grid(&mut self, name: &str) -> Result<&Grid, ImportFinding> {
        if !self.grids.contains_key(name) {
            let range: Range<Data> = self.sheets.worksheet_range(name).map_err(|e| {
                ImportFinding::error("I001", format!("无法读取工作表“{name}”：{e}"))
            })?;
            let merges = merges(&mut self.sheets, name);
            self.grids
                .insert(name.to_string(), Grid::new(name, range, merges));
        }
        Ok(&self.grids[name])
    }

    /// Finds the sheet for `spec` among the sheets not yet `taken`: first by name, then
    /// by the text of the first rows (for sheets named `Sheet1`). Returns the sheet name
    /// and how it was found (the index of the title matched in the name; 99 for content).
    pub fn find_sheet(&mut self, spec: &SheetSpec, taken: &[String]) -> Option<(String, usize)> {
        let titles: Vec<String> = spec.titles.iter().map(|t| norm(t)).collect();
        let exclude: Vec<String> = spec.exclude.iter().map(|t| norm(t)).collect();
        let ok = |text: &str| !exclude.iter().any(|x| text.contains(x.as_str()));
        let free: Vec<String> = self
            .names
            .iter()
            .filter(|n| !taken.contains(n))
            .cloned()
            .collect();
        for (i, t) in titles.iter().enumerate() {
            if let Some(n) = free.iter().find(|n| {
                let k = norm(n);
                k.contains(t.as_str()) && ok(&k)
            }) {
                return Some((n.clone(), i));
            }
        }
        for n in &free {
            let head = match self.grid(n) {
                Ok(g) => title_text(g),
                Err(_) => continue,
            };
            if titles
                .iter()
                .any(|t| head.iter().any(|h| h.contains(t.as_str()) && ok(h)))
            {
                return Some((n.clone(), 99));
            }
        }
        None
    }
}

/// The normalised texts of the first rows of a sheet (where a title is printed).
fn title_text(g: &Grid) -> Vec<String> {
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

fn unreadable(what: &str, detail: &str) -> ImportFinding {
    ImportFinding::error(
        "I001",
        format!("文件看起来是{what}，但无法读取（{detail}），可能已损坏"),
    )
    .help("请用 Excel 或 WPS 打开后“另存为” .xlsx 再导入")
}
