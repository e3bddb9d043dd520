//! Writing juesuan's own fill-in workbook (`juesuan init --xlsx FILE`), for people who
//! never touch YAML: one sheet per part of the data file as `model::fillin::layout`
//! lays it out (the model's one description), drop-downs for enumerations, codes as
//! text, a note on every column. `check` and `build` read it directly
//! (`model::fillin`); `import` turns it into a YAML data file.

mod write;

pub use write::write;
use write::write_blank;

/// The blank fill-in workbook (`juesuan init --xlsx`): the init template's (all-zero)
/// data laid out for filling in.
pub fn blank() -> Result<Vec<u8>, String> {
    let data = crate::model::load_str(
        std::path::Path::new("init-template.yaml"),
        crate::model::INIT_TEMPLATE.to_string(),
    )
    .map_err(|e| e.to_string())?
    .data;
    write_blank(&data).map_err(|e| format!("无法生成填报工作簿：{e}"))
}

#[cfg(test)]
mod tests;
