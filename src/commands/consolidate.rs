//! `juesuan consolidate 部门.yaml -o merged.yaml`: the consolidated data file of a 部门
//! of member files — the summed figures, each with a comment naming its parts — for
//! inspection and for the 决算 software's 汇总 comparison. The consolidation is audited
//! first (rules Y001–Y003, H001–H007): with an error there the sum would be wrong and
//! nothing is written; other findings (a stated total that differs) are printed and the
//! file is written, since comparing is what it is for. Written atomically; an existing
//! file is replaced only with `--force`; an output that is an input is refused.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{load, print_findings, EXIT_DATA, EXIT_OK, EXIT_USAGE};
use crate::config::guard::Inputs;
use crate::model::consolidate::write::merged_yaml;
use crate::pipeline::{self, Toolkit};

#[derive(Debug, Args)]
pub struct ConsolidateArgs {
    /// 部门数据文件（写有 consolidation：成员与调整表）
    #[arg(value_name = "部门文件")]
    pub file: PathBuf,
    /// 输出的汇总数据文件（YAML）
    #[arg(short, long, value_name = "文件")]
    pub output: PathBuf,
    /// 覆盖已存在的输出文件
    #[arg(long)]
    pub force: bool,
}

/// Whether a finding is the consolidation's own (its sum cannot be trusted then).
fn of_consolidation(code: &str) -> bool {
    code.starts_with('R') || code.starts_with('H')
}

/// `juesuan consolidate`: exit 0 when written (warnings allowed), 1 when the
/// consolidation has errors, 2 on usage, reading or writing errors.
pub fn run(a: ConsolidateArgs) -> i32 {
    if let Err(e) = Inputs::of(&[&a.file], None, None).refuse(&[&a.output]) {
        eprintln!("错误：{e}");
        return EXIT_USAGE;
    }
    let loaded = match load(&a.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(c) = loaded.consolidation.clone() else {
        eprintln!(
            "错误：{} 不是由成员文件汇总的部门文件（没有 consolidation: members），无可汇总",
            a.file.display()
        );
        return EXIT_USAGE;
    };
    let inputs: Vec<PathBuf> = c.inputs().into_iter().map(|(p, _)| p).collect();
    let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    if let Err(e) = Inputs::of(&refs, None, None).refuse(&[&a.output]) {
        eprintln!("错误：{e}");
        return EXIT_USAGE;
    }
    let checked = match Toolkit::new(&Default::default()).and_then(|k| pipeline::check(&k, &loaded)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    print_findings(&loaded, &checked.findings);
    let errors = checked
        .findings
        .iter()
        .filter(|f| f.is_error() && of_consolidation(&f.code))
        .count();
    if errors > 0 {
        eprintln!(
            "错误：{} 的汇总有{errors}处错误，未写出 {}。",
            a.file.display(),
            a.output.display()
        );
        return EXIT_DATA;
    }
    let text = merged_yaml(&loaded);
    let written = if a.force {
        crate::atomic::write_atomic(&a.output, text.as_bytes())
    } else {
        crate::atomic::write_new(&a.output, text.as_bytes())
    };
    match written {
        Ok(()) => {
            eprintln!(
                "已写出 {}：{} 个成员（本级{}），调整表 {} 行",
                a.output.display(),
                c.members.len(),
                if c.own().is_some() { "为成员文件" } else { "为部门文件本身" },
                c.adjustments.len()
            );
            EXIT_OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "错误：{} 已存在，未覆盖；加 --force 覆盖，或换一个文件名。",
                a.output.display()
            );
            EXIT_USAGE
        }
        Err(e) => {
            eprintln!("错误：无法写入 {}：{e}", a.output.display());
            EXIT_USAGE
        }
    }
}
