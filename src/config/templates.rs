//! The template set of a run: the built-in templates embedded in the binary, overridden
//! file by file from a folder (`--templates DIR`), with its data — the table sets
//! (`tables/<name>.yaml`) and the chart style (`charts.yaml`) — parsed once per run.
//! The only code that reads a template folder; `render` gets the texts from here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{located, ChartStyle, ConfigError, TableSet};

include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// The names and texts of the built-in templates.
pub fn builtin() -> &'static [(&'static str, &'static str)] {
    BUILTIN_TEMPLATES
}

/// Why a table set cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetError {
    /// No set of that name (the names that exist are listed).
    Unknown { available: Vec<String> },
    /// The set's file does not parse: a located message.
    Broken(String),
}

/// A loaded template set.
#[derive(Debug, Clone)]
pub struct TemplateSet {
    dir: Option<PathBuf>,
    /// Every template: built-in texts (overridden) in built-in order, then the folder's
    /// additional files.
    files: Vec<(String, String)>,
    /// The folder's own files, in name order.
    overrides: Vec<(String, String)>,
    chart_style: Arc<ChartStyle>,
    /// Every `tables/<name>.yaml` of the set, parsed (an error is kept and reported when
    /// a report asks for that set).
    table_sets: BTreeMap<String, Result<Arc<TableSet>, String>>,
}

impl TemplateSet {
    /// The built-in set alone.
    pub fn builtin() -> TemplateSet {
        Self::load(None).expect("the built-in template set loads")
    }

    /// The built-in set with the files of `dir` on top (same relative names).
    pub fn load(dir: Option<&Path>) -> Result<TemplateSet, ConfigError> {
        Self::load_after(dir, None)
    }

    /// `load` again (the live preview, after an edit): the table sets and chart style
    /// whose text is unchanged are kept as parsed instead of being parsed again.
    pub fn reload(&self, dir: Option<&Path>) -> Result<TemplateSet, ConfigError> {
        Self::load_after(dir, Some(self))
    }

    fn load_after(
        dir: Option<&Path>,
        before: Option<&TemplateSet>,
    ) -> Result<TemplateSet, ConfigError> {
        let mut files: Vec<(String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let overrides = match dir {
            Some(d) => read_dir_templates(d)?,
            None => Vec::new(),
        };
        for (name, text) in &overrides {
            match files.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text.clone(),
                None => files.push((name.clone(), text.clone())),
            }
        }
        let origin = |name: &str| -> String {
            match dir {
                Some(d) if overrides.iter().any(|(n, _)| n == name) => {
                    d.join(name).display().to_string()
                }
                _ => format!("内置模板 {name}"),
            }
        };
        // A data file whose text `before` had too is kept as `before` parsed it.
        let unchanged = |name: &str, text: &str| {
            before.filter(|b| b.files.iter().any(|(n, t)| n == name && t == text))
        };
        // The chart style is the folder's `charts.yaml` (any subset of the fields), else
        // the built-in style.
        let chart_style = match overrides.iter().find(|(n, _)| n == CHART_STYLE) {
            Some((n, text)) => match unchanged(n, text) {
                Some(b) => b.chart_style.clone(),
                None => {
                    // Anchors, deep nesting and oversize text are refused before parsing.
                    crate::model::guard::check(text).map_err(|f| ConfigError::ChartStyle {
                        message: format!("{}：{}", origin(CHART_STYLE), f.message),
                    })?;
                    Arc::new(
                        serde_yaml::from_str(text).map_err(|e| ConfigError::ChartStyle {
                            message: located(&origin(CHART_STYLE), &e),
                        })?,
                    )
                }
            },
            None => Arc::new(ChartStyle::default()),
        };
        let table_sets = files
            .iter()
            .filter_map(|(n, text)| {
                let stem = n.strip_prefix("tables/")?.strip_suffix(".yaml")?;
                (!stem.contains('/')).then(|| {
                    if let Some(set) = unchanged(n, text).and_then(|b| b.table_sets.get(stem)) {
                        return (stem.to_string(), set.clone());
                    }
                    let set = match crate::model::guard::check(text) {
                        Err(f) => Err(format!("{}：{}", origin(n), f.message)),
                        Ok(()) => serde_yaml::from_str::<TableSet>(text)
                            .map_err(|e| located(&origin(n), &e))
                            .and_then(|set| {
                                set.check_lengths()
                                    .map_err(|e| format!("{} 有误：{e}", origin(n)))?;
                                Ok(Arc::new(set))
                            }),
                    };
                    (stem.to_string(), set)
                })
            })
            .collect();
        Ok(TemplateSet {
            dir: dir.map(Path::to_path_buf),
            files,
            overrides,
            chart_style,
            table_sets,
        })
    }

    /// The folder overriding the built-in templates, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Every template of the set (name, text).
    pub fn files(&self) -> &[(String, String)] {
        &self.files
    }

    /// The folder's own files (name, text), for fingerprints.
    pub fn overrides(&self) -> &[(String, String)] {
        &self.overrides
    }

    /// The chart style (`charts.yaml` of the folder, else the built-in style).
    pub fn chart_style(&self) -> &Arc<ChartStyle> {
        &self.chart_style
    }

    /// The table set of this name. A name is one of the sets the template set has (the
    /// built-in `sichuan`, `national`, or a `tables/<name>.yaml` inside the template
    /// folder) — never a path: `../x` or `/etc/x` are simply unknown names.
    pub fn table_set(&self, name: &str) -> Result<Arc<TableSet>, SetError> {
        match self.table_sets.get(name) {
            Some(Ok(set)) => Ok(set.clone()),
            Some(Err(e)) => Err(SetError::Broken(e.clone())),
            None => Err(SetError::Unknown {
                available: self.table_sets.keys().cloned().collect(),
            }),
        }
    }
}

/// The chart style's file name in a template folder.
pub const CHART_STYLE: &str = "charts.yaml";

/// Every template file under `dir`, with `/`-separated relative names, in name order.
pub fn read_dir_templates(dir: &Path) -> Result<Vec<(String, String)>, ConfigError> {
    let io = |path: &Path, source| ConfigError::TemplateDir {
        path: path.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|e| io(&d, e))?;
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
                let text = std::fs::read_to_string(&p).map_err(|e| io(&p, e))?;
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

/// Why `templates export` wrote nothing.
#[derive(Debug, thiserror::Error)]
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
        crate::atomic::write_atomic(path, text.as_bytes()).map_err(|source| ExportError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(targets.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_sets_parse_and_names_are_never_paths() {
        let t = TemplateSet::builtin();
        assert_eq!(t.table_set("sichuan").unwrap().tables.len(), 13);
        assert_eq!(t.table_set("national").unwrap().tables.len(), 9);
        for bad in [
            "../../etc/x",
            "/etc/passwd",
            "tables/sichuan",
            "sichuan.yaml",
            "",
        ] {
            match t.table_set(bad) {
                Err(SetError::Unknown { available }) => {
                    assert_eq!(available, vec!["national", "sichuan"], "{bad}")
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_folder_adds_sets_and_a_broken_one_is_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tables/deeper")).unwrap();
        let sichuan = builtin()
            .iter()
            .find(|(n, _)| *n == "tables/sichuan.yaml")
            .unwrap()
            .1;
        std::fs::write(dir.path().join("tables/mine.yaml"), sichuan).unwrap();
        std::fs::write(dir.path().join("tables/deeper/x.yaml"), sichuan).unwrap();
        std::fs::write(
            dir.path().join("tables/bad.yaml"),
            "rounding_note: x\ntables: 3\n",
        )
        .unwrap();
        let t = TemplateSet::load(Some(dir.path())).unwrap();
        assert!(t.table_set("mine").is_ok());
        assert!(matches!(
            t.table_set("deeper/x"),
            Err(SetError::Unknown { .. })
        ));
        match t.table_set("bad") {
            Err(SetError::Broken(m)) => assert!(m.contains("bad.yaml:2:"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
