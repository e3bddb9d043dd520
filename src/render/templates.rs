//! The template set: built-in templates embedded in the binary, optionally overridden
//! file by file from a folder (`--templates DIR`). Tera autoescapes every `.typ`
//! template with the Typst markup escape.

use std::path::{Path, PathBuf};

use tera::Tera;
use thiserror::Error;

use super::escape;

include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// A template could not be loaded or rendered.
#[derive(Debug, Error)]
pub enum TemplateError {
    #[error("无法读取模板目录 {path}：{source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("模板错误：{0}")]
    Tera(String),
}

impl TemplateError {
    pub fn from_tera(e: tera::Error) -> TemplateError {
        // Tera nests the cause; show the whole chain, which names the template and line.
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            msg.push('：');
            msg.push_str(&s.to_string());
            src = s.source();
        }
        TemplateError::Tera(msg)
    }
}

/// The names and texts of the built-in templates.
pub fn builtin() -> &'static [(&'static str, &'static str)] {
    BUILTIN_TEMPLATES
}

/// Loads the built-in set, then the files of `overrides` on top (same relative names).
pub fn load(overrides: Option<&Path>) -> Result<Tera, TemplateError> {
    let mut files: Vec<(String, String)> = BUILTIN_TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    if let Some(dir) = overrides {
        for (name, text) in read_dir_templates(dir)? {
            match files.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => files.push((name, text)),
            }
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".typ"]);
    tera.set_escape_fn(escape::typst_markup);
    tera.register_filter("str", str_filter);
    // Only `.typ` files are templates: the table sets and chart styles (`.yaml`) are
    // data read on their own, and parsing them as templates cost a third of the load.
    tera.add_raw_templates(
        files
            .iter()
            .filter(|(n, _)| n.ends_with(".typ"))
            .map(|(n, t)| (n.as_str(), t.as_str())),
    )
    .map_err(TemplateError::from_tera)?;
    Ok(tera)
}

/// Every template file under `dir`, with `/`-separated relative names.
pub fn read_dir_templates(dir: &Path) -> Result<Vec<(String, String)>, TemplateError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|source| TemplateError::Io {
            path: d.clone(),
            source,
        })?;
        let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if is_template(&p) {
                let rel = p.strip_prefix(dir).unwrap_or(&p);
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&p).map_err(|source| TemplateError::Io {
                    path: p.clone(),
                    source,
                })?;
                out.push((name, text));
            }
        }
    }
    Ok(out)
}

fn is_template(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("typ") | Some("yaml") | Some("tera")
    )
}

/// `{{ x | str | safe }}`: a value escaped for a Typst string literal.
fn str_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let s = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(escape::typst_string(&s)))
}

/// `juesuan templates …`: `export DIR [--force]` writes the built-in set for editing.
pub fn command(cmd: &crate::cli::TemplatesCommand) -> i32 {
    match cmd {
        crate::cli::TemplatesCommand::Export { dir, force } => match export(dir, *force) {
            Ok(written) => {
                eprintln!(
                    "已把 {} 个内置模板写入 {}；用 --templates {} 使用修改后的模板",
                    written.len(),
                    dir.display(),
                    dir.display()
                );
                crate::commands::EXIT_OK
            }
            Err(e) => {
                eprintln!("错误：{e}");
                crate::commands::EXIT_USAGE
            }
        },
    }
}

/// Why `templates export` wrote nothing.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("{0} 已存在，未覆盖任何文件（加 --force 覆盖）")]
    Exists(PathBuf),
    #[error("无法写入 {path}：{source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes every built-in template under `dir` (sub-folders created). Without `force`,
/// an existing file stops the export before anything is written. Returns the paths written.
pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>, ExportError> {
    let targets: Vec<(PathBuf, &str)> = BUILTIN_TEMPLATES
        .iter()
        .map(|(name, text)| {
            (
                name.split('/').fold(dir.to_path_buf(), |p, c| p.join(c)),
                *text,
            )
        })
        .collect();
    if !force {
        if let Some((p, _)) = targets.iter().find(|(p, _)| p.exists()) {
            return Err(ExportError::Exists(p.clone()));
        }
    }
    for (path, text) in &targets {
        crate::pipeline::write_atomic(path, text.as_bytes()).map_err(|source| ExportError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(targets.into_iter().map(|(p, _)| p).collect())
}
