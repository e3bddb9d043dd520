//! The fill-in workbook (`juesuan init --xlsx`) as an input format of `check`, `build`,
//! `batch` and `preview`: one sheet per part of the data file, laid out from the model's
//! one description (`layout`), read into `ReportData` with every value at its sheet!cell
//! (`WorkbookSource`), so that every finding points at a cell.
//!
//! Other workbooks (the 决算 software's export, the 公开表 workbook) are not read here:
//! they lack the texts a report needs, and reading them needs the mappings and the
//! classification catalogue (above this level). `juesuan import` turns them into a data
//! file; `check` on one says so (I022).

mod cells;
pub mod hints;
pub mod layout;
mod read;
mod source;

use std::path::Path;
use std::sync::Arc;

pub use layout::{layout, Column, Field, Kind, KvSheet, Layout, Table, YES_NO};
pub use read::{read, set_path, Read};
pub use source::WorkbookSource;

use super::guard::MAX_FILE_BYTES;
use super::{LoadError, Loaded};
use crate::diag::Finding;
use crate::model::workbook::Workbook;

/// The text in 说明!A1 that marks a fill-in workbook.
pub const MARKER: &str = "juesuan 填报工作簿";

/// The sheet carrying the marker and the instructions.
pub const README: &str = "说明";

/// Whether the workbook is a juesuan fill-in workbook (说明!A1 carries the marker).
pub fn is_fillin(wb: &mut Workbook) -> bool {
    if !wb.sheet_names().iter().any(|n| n == README) {
        return false;
    }
    wb.grid(README)
        .map(|g| g.text(0, 0).starts_with(MARKER))
        .unwrap_or(false)
}

/// Whether the file at `path` is a fill-in workbook (batch skips other workbooks, such
/// as the exports kept beside the data files).
pub fn probe(path: &Path) -> bool {
    let Ok(bytes) = super::guard::read_capped(path) else {
        return false;
    };
    bytes.len() <= MAX_FILE_BYTES
        && Workbook::open(bytes)
            .map(|mut wb| is_fillin(&mut wb))
            .unwrap_or(false)
}

/// The loader of `model::FORMATS` for workbooks.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, LoadError> {
    let unreadable = |f: Finding| LoadError::Unreadable {
        path: path.to_path_buf(),
        findings: vec![f],
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(unreadable(
            Finding::error(
                "F014",
                "",
                format!(
                    "文件超过 {} MB，不像一份填报工作簿",
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
            .help("请用 juesuan init --xlsx 生成的填报工作簿，只填本单位的数据"),
        ));
    }
    let mut wb = Workbook::open(bytes.to_vec()).map_err(unreadable)?;
    if !is_fillin(&mut wb) {
        return Err(unreadable(not_fillin(path)));
    }
    let read = read::read(&mut wb, path);
    let source = Arc::new(read.source);
    let (errors, warnings): (Vec<Finding>, Vec<Finding>) =
        read.findings.into_iter().partition(Finding::is_error);
    let invalid = |findings| LoadError::Invalid {
        path: path.to_path_buf(),
        findings,
        input: source.clone(),
    };
    let data = match read.data {
        Some(d) if errors.is_empty() => d,
        _ => return Err(invalid(errors)),
    };
    let absurd = super::load::limits(&data, source.as_ref());
    if !absurd.is_empty() {
        return Err(invalid(absurd));
    }
    Ok(Loaded {
        path: path.to_path_buf(),
        data,
        source,
        notes: warnings,
        // A fill-in workbook is one unit's figures; `model::open` sums members.
        consolidation: None,
    })
}

/// `check 决算.xls`: a workbook that is no fill-in workbook.
fn not_fillin(path: &Path) -> Finding {
    let name = path.display();
    Finding::error(
        "I022",
        "",
        format!("{name} 不是 juesuan 填报工作簿（“{README}”工作表 A1 没有“{MARKER}”字样），check、build 不能直接读取"),
    )
    .help(format!(
        "决算软件导出的报表或决算公开表请先导入成数据文件：juesuan import {name} -o 单位.yaml --texts 上年.yaml，再运行 juesuan check 单位.yaml（审核发现同时指出数据文件的行和工作簿的单元格）；填报工作簿用 juesuan init --xlsx 生成"
    ))
}
