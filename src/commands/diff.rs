//! `juesuan diff`: the same data rendered with two template sets (through the preview
//! session, i.e. the pipeline), compared page by page. Exit 0 when every page is
//! identical, 1 when pages differ, 2 on errors.

use std::path::{Path, PathBuf};

use clap::Args;
use typst_layout::PagedDocument;

use super::{EXIT_DATA, EXIT_OK, EXIT_USAGE};
use crate::atomic::write_atomic;
use crate::config::Layers;
use crate::preview::diff::{changes, compare};
use crate::preview::Session;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// 数据文件（YAML 或填报工作簿）
    #[arg(value_name = "数据文件")]
    pub file: PathBuf,
    /// 新模板目录
    #[arg(long, value_name = "目录")]
    pub templates: PathBuf,
    /// 对照模板目录（省略则与内置模板比较）
    #[arg(long, value_name = "目录")]
    pub against: Option<PathBuf>,
    /// 输出目录
    #[arg(short, long, value_name = "目录")]
    pub output: PathBuf,
}

/// `juesuan diff`.
pub fn run(args: DiffArgs) -> i32 {
    let render = |templates: Option<&Path>, label: &str| -> Result<PagedDocument, i32> {
        let mut s = Session::new(&args.file, templates, None, Layers::default()).map_err(|p| {
            eprintln!("{p}");
            EXIT_USAGE
        })?;
        let (doc, _) = s.render();
        doc.map_err(|p| {
            eprintln!("用{label}生成报告失败：\n{p}");
            // Not 1: that means "pages differ".
            EXIT_USAGE
        })
    };
    let new = match render(
        Some(&args.templates),
        &format!("模板 {}", args.templates.display()),
    ) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let against = match &args.against {
        Some(b) => format!("模板 {}", b.display()),
        None => "内置模板".to_string(),
    };
    let old = match render(args.against.as_deref(), &against) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let diffs = match compare(&new, &old, &args.output) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let text = changes(&diffs);
    let path = args.output.join("changes.txt");
    if let Err(e) = write_atomic(&path, text.as_bytes()) {
        eprintln!("错误：无法写入 {}：{e}", path.display());
        return EXIT_USAGE;
    }
    print!("{text}");
    let (n_new, n_old) = (new.pages().len(), old.pages().len());
    if diffs.is_empty() {
        eprintln!(
            "与{against}相比全部 {n_new} 页相同；页面图片在 {}",
            args.output.display()
        );
        EXIT_OK
    } else {
        eprintln!(
            "与{against}相比有 {} 页不同（新 {n_new} 页，对照 {n_old} 页）；差异图与清单在 {}",
            diffs.len(),
            args.output.display()
        );
        EXIT_DATA
    }
}
