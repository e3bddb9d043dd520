//! One report through every stage: loaded data → figures → findings → view → Typst
//! source + charts → PDF. `Toolkit` holds what is loaded once per process (catalogues,
//! templates, fonts) so that a batch reuses it for every unit.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::catalog::Catalog;
use crate::charts::{self, Chart};
use crate::compute::{self, Figures};
use crate::diag::Finding;
use crate::model::{Loaded, Settings};
use crate::pdf::{self, FontSet};
use crate::render::{self, Renderer, TemplateError};

/// What every report of a run shares.
pub struct Toolkit {
    pub catalog: Catalog,
    pub renderer: Renderer,
    pub fonts: FontSet,
}

/// Options of a toolkit.
#[derive(Debug, Clone, Default)]
pub struct ToolkitOptions {
    /// Template folder overriding the built-in templates file by file.
    pub templates: Option<PathBuf>,
    /// Extra fonts.
    pub font_dir: Option<PathBuf>,
}

impl Toolkit {
    pub fn new(opts: &ToolkitOptions) -> Result<Toolkit, BuildError> {
        let fonts = match &opts.font_dir {
            Some(d) => FontSet::with_dir(d)
                .map_err(|e| BuildError::Io(format!("无法读取字体目录 {}：{e}", d.display())))?,
            None => FontSet::bundled(),
        };
        Ok(Toolkit {
            catalog: Catalog::builtin(),
            renderer: Renderer::new(opts.templates.as_deref())?,
            fonts,
        })
    }
}

/// Why a report was not made.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The data has errors (all findings are attached).
    #[error("数据有{}处错误，未生成报告", .0.iter().filter(|f| f.is_error()).count())]
    Findings(Vec<Finding>),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error("{0}")]
    Io(String),
}

/// The checked figures of one file: settings merged, figures derived, audit run.
pub struct Checked {
    pub settings: Settings,
    pub figures: Figures,
    pub findings: Vec<Finding>,
}

/// Merges the file's settings over `base`, computes and audits.
pub fn check(kit: &Toolkit, loaded: &Loaded, base: &Settings) -> Checked {
    let mut settings = base.clone();
    if let Some(o) = &loaded.data.settings {
        settings.apply(o);
    }
    let figures = compute::compute(&loaded.data, &kit.catalog, &settings);
    let mut findings = crate::audit::run(loaded, &figures, &kit.catalog);
    findings.extend(glyph_findings(kit, loaded));
    findings.sort_by_key(|f| {
        (
            f.pos.map(|p| p.offset).unwrap_or(usize::MAX),
            f.code.clone(),
        )
    });
    Checked {
        settings,
        figures,
        findings,
    }
}

/// A character that no loaded font has would print as an empty box: name it.
fn glyph_findings(kit: &Toolkit, loaded: &Loaded) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: Vec<char> = Vec::new();
    for (path, text) in text_fields(loaded) {
        for c in kit.fonts.missing(&text) {
            if seen.contains(&c) {
                continue;
            }
            seen.push(c);
            out.push(
                Finding::warning(
                    "G001",
                    &path,
                    format!(
                        "字符“{c}”（U+{:04X}）在已加载的字体中都没有字形，会印成空白方框",
                        c as u32
                    ),
                )
                .at(loaded.locator.find(&path))
                .help("用 --font-dir 目录 加入含有该字的字体（如思源宋体），或改用常用字"),
            );
        }
    }
    out
}

/// PDF/A-2b refused characters without a glyph, so the report was exported as plain PDF.
/// It points at the first field holding one of them.
fn pdfa_fallback_finding(loaded: &Loaded, missing: &[char]) -> Finding {
    let path = text_fields(loaded)
        .into_iter()
        .find(|(_, text)| text.chars().any(|c| missing.contains(&c)))
        .map(|(p, _)| p)
        .unwrap_or_default();
    let pos = loaded.locator.find(&path);
    let chars: Vec<String> = missing
        .iter()
        .map(|c| format!("“{c}”（U+{:04X}）", *c as u32))
        .collect();
    Finding::warning(
        "G002",
        &path,
        format!(
            "字符{}没有任何已加载字体的字形，无法生成 PDF/A-2b：已改为生成普通 PDF（这些字印成空白方框），不宜公开或归档",
            chars.join("、")
        ),
    )
    .at(pos)
    .help("用 --font-dir 目录 加入含有这些字的字体后重新生成，即得 PDF/A-2b")
}

/// Every supplied text of the data file with its path (walks the YAML tree).
pub fn text_fields(loaded: &Loaded) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(v) = serde_yaml::from_str::<serde_yaml::Value>(&loaded.text) {
        walk(&v, String::new(), &mut out);
    }
    out
}

fn walk(v: &serde_yaml::Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        serde_yaml::Value::String(s) => out.push((path, s.clone())),
        serde_yaml::Value::Sequence(items) => {
            for (i, it) in items.iter().enumerate() {
                walk(it, format!("{path}[{i}]"), out);
            }
        }
        serde_yaml::Value::Mapping(m) => {
            for (k, val) in m {
                let key = match k {
                    serde_yaml::Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                let p = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                walk(val, p, out);
            }
        }
        serde_yaml::Value::Tagged(t) => walk(&t.value, path, out),
        _ => {}
    }
}

/// Time spent per stage, for benchmarks and `--timings`.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub check: Duration,
    pub charts: Duration,
    pub render: Duration,
    pub compile: Duration,
    pub export: Duration,
}

/// A made report.
pub struct Report {
    pub pdf: Vec<u8>,
    pub source: String,
    pub charts: Vec<Chart>,
    /// Warnings (errors stop the build).
    pub findings: Vec<Finding>,
    pub typst_warnings: Vec<String>,
    pub timings: Timings,
    /// The figures the report prints (for summaries).
    pub figures: Figures,
}

/// What to do with typst's memo cache after a compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// Evict everything (one report per process: lowest memory).
    Evict,
    /// Keep it and evict entries unused for this many compiles: the reports of a
    /// batch share the preamble, fonts and much text, so a warm cache saves layout
    /// work while the age bounds memory.
    KeepFor(usize),
}

/// Runs the whole pipeline for one loaded file. Errors in the data stop it.
pub fn build_report(kit: &Toolkit, loaded: &Loaded, base: &Settings) -> Result<Report, BuildError> {
    build_report_with(kit, loaded, base, Cache::Evict)
}

/// `build_report` with a choice of memo-cache policy.
pub fn build_report_with(
    kit: &Toolkit,
    loaded: &Loaded,
    base: &Settings,
    cache: Cache,
) -> Result<Report, BuildError> {
    let t0 = Instant::now();
    let checked = check(kit, loaded, base);
    if checked.findings.iter().any(Finding::is_error) {
        return Err(BuildError::Findings(checked.findings));
    }
    let mut timings = Timings {
        check: t0.elapsed(),
        ..Timings::default()
    };
    let doc = typst_document(kit, loaded, &checked, &mut timings)?;
    let opts = pdf::Options {
        pdf_a: checked.settings.pdf_a,
        keep_cache: cache != Cache::Evict,
        ..pdf::Options::default()
    };
    let t = Instant::now();
    let compiled = pdf::compile(&kit.fonts, &doc.0, &opts);
    if let Cache::KeepFor(age) = cache {
        typst::comemo::evict(age);
    }
    let (laid_out, typst_warnings) = compiled?;
    timings.compile = t.elapsed();
    let t = Instant::now();
    let exported = pdf::export_archival(&laid_out, &opts)?;
    timings.export = t.elapsed();
    let mut findings = checked.findings;
    if !exported.missing_glyphs.is_empty() {
        findings.push(pdfa_fallback_finding(loaded, &exported.missing_glyphs));
    }
    Ok(Report {
        pdf: exported.bytes,
        source: doc.0.source,
        charts: doc.1,
        findings,
        typst_warnings,
        timings,
        figures: checked.figures,
    })
}

/// The Typst document (source + chart files) of a checked file.
pub fn typst_document(
    kit: &Toolkit,
    loaded: &Loaded,
    checked: &Checked,
    timings: &mut Timings,
) -> Result<(pdf::Document, Vec<Chart>), BuildError> {
    let (view, drawn) = view_of(kit, loaded, checked, timings)?;
    let t = Instant::now();
    let doc = document_of(kit, &view, &drawn, &checked.settings)?;
    timings.render += t.elapsed();
    Ok((doc, drawn))
}

/// The charts and the view (everything the templates print) of a checked file.
pub fn view_of(
    kit: &Toolkit,
    loaded: &Loaded,
    checked: &Checked,
    timings: &mut Timings,
) -> Result<(render::View, Vec<Chart>), BuildError> {
    let t = Instant::now();
    let drawn = charts::draw_with(
        &loaded.data,
        &checked.figures,
        &checked.settings,
        &chart_style(kit)?,
    );
    timings.charts = t.elapsed();
    let t = Instant::now();
    let mut view = render::view::build(
        &loaded.data,
        &checked.figures,
        &kit.catalog,
        &checked.settings,
        kit.renderer.template_dir(),
    );
    for c in &drawn {
        match c.number {
            1 => view.charts.fig1 = true,
            2 => view.charts.fig2 = true,
            3 => view.charts.fig3 = true,
            4 => view.charts.fig4 = true,
            5 => view.charts.fig5 = true,
            6 => view.charts.fig6 = true,
            7 => view.charts.fig7 = true,
            _ => {}
        }
    }
    timings.render = t.elapsed();
    Ok((view, drawn))
}

/// The templates applied to a view: the Typst source, with the charts as its files.
pub fn document_of(
    kit: &Toolkit,
    view: &render::View,
    drawn: &[Chart],
    settings: &Settings,
) -> Result<pdf::Document, BuildError> {
    let source = kit.renderer.render(view, settings)?;
    let files = drawn
        .iter()
        .map(|c| (c.file.clone(), c.svg.clone()))
        .collect();
    Ok(pdf::Document { source, files })
}

/// The chart style: `charts.yaml` of the template folder when it has one (any subset of
/// `ChartStyle`'s fields, see docs/charts.md), else the built-in style.
fn chart_style(kit: &Toolkit) -> Result<charts::ChartStyle, BuildError> {
    let Some(path) = kit
        .renderer
        .template_dir()
        .map(|d| d.join("charts.yaml"))
        .filter(|p| p.is_file())
    else {
        return Ok(charts::ChartStyle::default());
    };
    let bad = |e: String| {
        BuildError::Template(TemplateError::Tera(format!(
            "图表样式文件 {} 有误：{e}",
            path.display()
        )))
    };
    let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
    serde_yaml::from_str(&text).map_err(|e| bad(e.to_string()))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, renamed.
/// A failure (or Ctrl-C) leaves no partial file at `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_file(path, bytes, true)
}

/// Like `write_atomic`, but never replaces an existing file (`AlreadyExists`).
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_file(path, bytes, false)
}

fn write_file(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    use std::io::Write;
    if !replace && path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} 已存在", path.display()),
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".juesuan-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}
