//! The one sequence of stages, written here and nowhere else. `build`, `check`, `batch`,
//! `preview` and `diff` all go through these functions:
//!
//! `Loaded` → `check` (config::resolve → compute → audit, once) → `Checked` →
//! `document` (render::view → Tera → Typst source; charts → SVG) → `layout` (typst) →
//! `export` (PDF bytes). `build_report` runs them all. `Toolkit` holds what a run loads
//! once (template set, compiled templates, fonts, settings layers); the catalogue and
//! edition of a report's year come with its configuration. Last year's data file, when
//! named, goes through the same stages (its configuration, compute, audit) before the
//! report's own figures are computed from it.
//! Nothing here prints: findings, warnings and timings are returned.

use std::path::Path;
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use crate::audit::{self, Coverage};
use crate::catalog::GlossaryEntry;
use crate::charts::{self, Chart};
use crate::compute::{self, Figures, Previous};
use crate::config::{self, Config, ConfigError, LastYearFile, Layers, TemplateSet};
use crate::diag::Finding;
use crate::model::reference::{self, Chain};
use crate::model::{text_fields, Loaded, Settings};
use crate::pdf::{self, FontSet};
use crate::render::{self, Renderer, TemplateError};

/// What every report of a run shares, loaded once.
pub struct Toolkit {
    pub templates: TemplateSet,
    pub renderer: Renderer,
    pub fonts: FontSet,
    /// The settings layers around each data file's own (district, flags).
    pub layers: Layers,
    /// 名词解释 entries appended in every report (the district's).
    pub glossary: Vec<GlossaryEntry>,
    /// The folder referenced data files must stay in (batch: the district), if any.
    pub within: Option<std::path::PathBuf>,
}

impl Toolkit {
    /// Loads what `opts` names: the template folder, the font folder.
    pub fn new(opts: &config::Options) -> Result<Toolkit, BuildError> {
        let fonts = match &opts.font_dir {
            Some(d) => FontSet::with_dir(d)
                .map_err(|e| BuildError::Io(format!("无法读取字体目录 {}：{e}", d.display())))?,
            None => FontSet::bundled(),
        };
        let templates = TemplateSet::load(opts.templates.as_deref())?;
        Ok(Toolkit {
            renderer: Renderer::new(&templates)?,
            templates,
            fonts,
            layers: opts.layers.clone(),
            glossary: Vec::new(),
            within: None,
        })
    }

    /// The chain of files a check of `loaded` starts (references stay `within`).
    fn chain(&self, loaded: &Loaded) -> Chain {
        let chain = Chain::new(&loaded.path);
        match &self.within {
            Some(dir) => chain.within(dir),
            None => chain,
        }
    }

    /// Loads the template folder again (preview: a template may have changed). Only the
    /// files whose text changed are parsed again: an edited template, not the whole set;
    /// a table set or chart style only when its file changed.
    pub fn reload_templates(&mut self, dir: Option<&Path>) -> Result<(), BuildError> {
        let templates = self.templates.reload(dir)?;
        let changed: Vec<(String, String)> = templates
            .files()
            .iter()
            .filter(|f| !self.templates.files().contains(f))
            .cloned()
            .collect();
        if let Err(e) = self.renderer.replace(&changed) {
            // Tera may hold part of the edit: back to the set it was compiled from.
            self.renderer = Renderer::new(&self.templates)?;
            return Err(e.into());
        }
        self.templates = templates;
        Ok(())
    }
}

/// Why a report was not made.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The data has errors (all findings are attached).
    #[error("数据有{}处错误，未生成报告", .0.iter().filter(|f| f.is_error()).count())]
    Findings(Vec<Finding>),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error("{0}")]
    Io(String),
}

/// A checked report: its configuration, figures and the audit's verdict.
pub struct Checked {
    pub config: Config,
    pub figures: Figures,
    /// Every finding (configuration, audit rules, glyphs), in source order.
    pub findings: Vec<Finding>,
    pub coverage: Coverage,
}

impl Checked {
    /// Whether a finding is an error (then no report is made).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}

/// Resolves the configuration, computes the figures and runs the audit (once). `Err`
/// only when the configuration cannot be used at all (a broken table-set file).
pub fn check(kit: &Toolkit, loaded: &Loaded) -> Result<Checked, BuildError> {
    let chain = kit.chain(loaded);
    let (config, mut findings) = config::resolve(&kit.layers, &kit.templates, loaded, &chain)?;
    let previous = config
        .last_year
        .as_deref()
        .and_then(|ly| previous(ly, loaded, &mut findings));
    let figures = compute::compute_with(&loaded.data, config.catalog, &config.settings, previous);
    let audit = audit::audit(
        loaded,
        &figures,
        config.catalog,
        &config.settings,
        config.tables.as_deref(),
    );
    findings.extend(audit.findings);
    findings.extend(glyph_findings(&kit.fonts, loaded));
    findings.extend(loaded.notes.iter().cloned());
    findings.sort_by(|a, b| {
        let at = |f: &Finding| {
            f.pos
                .as_ref()
                .map(|p| (p.order().0.to_string(), p.order().1))
                .unwrap_or((String::new(), usize::MAX))
        };
        at(a).cmp(&at(b)).then_with(|| a.code.cmp(&b.code))
    });
    // A data file written by `import` names the workbook cell behind each value.
    for f in &mut findings {
        if f.origin.is_none() {
            f.origin = f.pos.as_ref().and_then(|p| loaded.source.origin(p));
        }
    }
    Ok(Checked {
        config,
        figures,
        findings,
        coverage: audit.coverage,
    })
}

/// Last year's figures: its file computed and audited as any data file (with its own
/// settings and its year's catalogue). Its errors make it unusable (Y004); its warnings
/// are its own business.
fn previous(ly: &LastYearFile, loaded: &Loaded, findings: &mut Vec<Finding>) -> Option<Previous> {
    let data = &ly.loaded.data;
    let fig = compute::compute(data, ly.catalog, &ly.settings);
    let audit = audit::audit(&ly.loaded, &fig, ly.catalog, &ly.settings, None);
    if audit.findings.iter().any(Finding::is_error) {
        let r = ly.reference(loaded);
        findings.push(reference::with_errors(&r, &ly.loaded, &audit.findings));
        return None;
    }
    Some(Previous::new(&ly.written, data, &fig, ly.catalog))
}

/// The data file's texts in source order (where a character first occurs is where a
/// glyph finding points).
fn texts_in_order(loaded: &Loaded) -> Vec<(String, String)> {
    let mut fields = text_fields(&loaded.data);
    fields.sort_by_key(|(p, _)| {
        loaded
            .source
            .find(p)
            .map(|l| l.order().1)
            .unwrap_or(usize::MAX)
    });
    fields
}

/// A character that no loaded font has would print as an empty box: name it (G001).
fn glyph_findings(fonts: &FontSet, loaded: &Loaded) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: Vec<char> = Vec::new();
    for (path, text) in texts_in_order(loaded) {
        for c in fonts.missing(&text) {
            if seen.contains(&c) || crate::model::invisible::is_zero_width(c) {
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
                .at(loaded.source.find(&path))
                .help("用 --font-dir 目录 加入含有该字的字体（如思源宋体），或改用常用字"),
            );
        }
    }
    out
}

/// PDF/A-2b refused characters without a glyph, so the report was exported as plain PDF
/// (G002). It points at the first field holding one of them.
fn pdfa_fallback_finding(loaded: &Loaded, missing: &[char]) -> Finding {
    let path = texts_in_order(loaded)
        .into_iter()
        .find(|(_, text)| text.chars().any(|c| missing.contains(&c)))
        .map(|(p, _)| p)
        .unwrap_or_default();
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
    .at(loaded.source.find(&path))
    .help("用 --font-dir 目录 加入含有这些字的字体后重新生成，即得 PDF/A-2b")
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

impl Timings {
    /// Adds another report's times (batch totals).
    pub fn add(&mut self, t: &Timings) {
        self.check += t.check;
        self.charts += t.charts;
        self.render += t.render;
        self.compile += t.compile;
        self.export += t.export;
    }
}

/// The Typst document of a checked report and what went into it.
pub struct Document {
    /// Typst source and the in-memory chart files.
    pub typst: pdf::Document,
    pub charts: Vec<Chart>,
    /// Charts that failed to draw (the report prints their captions alone).
    pub chart_problems: Vec<String>,
    /// The 附表 as printed (filled by `document`; `document_of` leaves it empty), and
    /// the document date (for `build --xlsx`).
    pub tables: render::tables::TablesView,
    pub date: (i32, u32, u32),
}

/// The view (everything the templates print) of a checked report without errors, with
/// `drawn` naming the charts that exist.
fn view(
    kit: &Toolkit,
    loaded: &Loaded,
    checked: &Checked,
    drawn: impl Fn(&str) -> bool,
) -> Result<render::View, BuildError> {
    let (Some(_), false) = (&checked.config.tables, checked.has_errors()) else {
        return Err(BuildError::Findings(checked.findings.clone()));
    };
    let mut view = render::view::build(
        &loaded.data,
        &checked.figures,
        &checked.config,
        &kit.glossary,
    );
    view.charts = charts::NAMES
        .iter()
        .map(|n| (n.to_string(), drawn(n)))
        .collect();
    Ok(view)
}

/// The guard's findings over a generated Typst source (placeholders, R001).
fn guard(
    kit: &Toolkit,
    loaded: &Loaded,
    view: &render::View,
    settings: &Settings,
    source: &str,
) -> Vec<Finding> {
    render::guard::check(
        &kit.renderer,
        kit.templates.files(),
        view,
        settings,
        source,
        loaded,
    )
}

/// The guard over a checked report's generated text, without drawing or layout (for
/// `check`): placeholders a template or a text would print (R001). Empty when the
/// report has errors already (no text is generated then).
pub fn preflight(kit: &Toolkit, loaded: &Loaded, checked: &Checked) -> Vec<Finding> {
    let Ok(view) = view(kit, loaded, checked, |_| true) else {
        return Vec::new();
    };
    let settings = &checked.config.settings;
    match kit.renderer.render(&view, settings) {
        Ok(source) => guard(kit, loaded, &view, settings, &source),
        Err(_) => Vec::new(),
    }
}

/// The view, the Typst source and the charts of a checked report without errors. A
/// placeholder in the generated text stops here (R001), before layout.
pub fn document(
    kit: &Toolkit,
    loaded: &Loaded,
    checked: &Checked,
    timings: &mut Timings,
) -> Result<Document, BuildError> {
    let (view, drawn) = view_of(kit, loaded, checked, timings)?;
    let t = Instant::now();
    let settings = &checked.config.settings;
    let mut doc = document_of(kit, &view, drawn, settings)?;
    let found = guard(kit, loaded, &view, settings, &doc.typst.source);
    if !found.is_empty() {
        let mut all = checked.findings.clone();
        all.extend(found);
        return Err(BuildError::Findings(all));
    }
    timings.render += t.elapsed();
    // The view is done with: its tables go on for `build --xlsx`, without a copy.
    doc.tables = view.tables;
    Ok(doc)
}

/// The charts and the view (everything the templates print) of a checked report without
/// errors. The preview keeps them while only templates change.
pub fn view_of(
    kit: &Toolkit,
    loaded: &Loaded,
    checked: &Checked,
    timings: &mut Timings,
) -> Result<(render::View, charts::Drawn), BuildError> {
    if checked.has_errors() || checked.config.tables.is_none() {
        return Err(BuildError::Findings(checked.findings.clone()));
    }
    let config = &checked.config;
    let t = Instant::now();
    let drawn = charts::draw(&checked.figures, &config.settings, &config.chart_style);
    timings.charts = t.elapsed();
    let t = Instant::now();
    let mut view = view(kit, loaded, checked, |n| {
        drawn.charts.iter().any(|c| c.name == n)
    })?;
    view.chart_text = chart_text(&drawn);
    timings.render = t.elapsed();
    Ok((view, drawn))
}

/// The templates applied to a view: the Typst source, with the charts as its files.
pub fn document_of(
    kit: &Toolkit,
    view: &render::View,
    drawn: charts::Drawn,
    settings: &Settings,
) -> Result<Document, BuildError> {
    let source = kit.renderer.render(view, settings)?;
    let files = drawn
        .charts
        .iter()
        .map(|c| (c.file.clone(), c.svg.clone()))
        .collect();
    Ok(Document {
        typst: pdf::Document { source, files },
        charts: drawn.charts,
        chart_problems: drawn.problems,
        tables: render::tables::TablesView::default(),
        date: (view.document.year, view.document.month, view.document.day),
    })
}

/// The charts in words for the templates: alternative texts and notes by chart name.
fn chart_text(drawn: &charts::Drawn) -> render::view::ChartTextView {
    let alts = drawn.charts.iter().map(|c| {
        let text = render::view::ChartText {
            alt: c.alt.clone(),
            note: String::new(),
        };
        (c.name.to_string(), text)
    });
    let notes = drawn.notes.iter().map(|n| {
        let text = render::view::ChartText {
            alt: String::new(),
            note: n.text.clone(),
        };
        (n.name.to_string(), text)
    });
    alts.chain(notes).collect()
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

/// A made report.
pub struct Report {
    pub pdf: Vec<u8>,
    pub source: String,
    pub charts: Vec<Chart>,
    /// Warnings (errors stop the build).
    pub findings: Vec<Finding>,
    /// typst's warnings.
    pub typst_warnings: Vec<String>,
    /// Charts that failed to draw (their captions print alone).
    pub chart_problems: Vec<String>,
    pub timings: Timings,
    /// The figures the report prints (for summaries).
    pub figures: Figures,
    /// The 附表 as printed, and the document date (for `build --xlsx`).
    pub tables: render::tables::TablesView,
    pub date: (i32, u32, u32),
}

/// Runs the whole pipeline for one loaded file. Errors in the data stop it.
pub fn build_report(kit: &Toolkit, loaded: &Loaded) -> Result<Report, BuildError> {
    build_report_with(kit, loaded, Cache::Evict)
}

/// `build_report` with a choice of memo-cache policy.
pub fn build_report_with(
    kit: &Toolkit,
    loaded: &Loaded,
    cache: Cache,
) -> Result<Report, BuildError> {
    let t0 = Instant::now();
    let checked = check(kit, loaded)?;
    let mut timings = Timings {
        check: t0.elapsed(),
        ..Timings::default()
    };
    let doc = document(kit, loaded, &checked, &mut timings)?;
    let opts = pdf::Options {
        pdf_a: checked.config.settings.pdf_a,
        keep_cache: cache != Cache::Evict,
        ..pdf::Options::default()
    };
    let t = Instant::now();
    let compiled = pdf::compile(&kit.fonts, &doc.typst, &opts);
    if let Cache::KeepFor(age) = cache {
        typst::comemo::evict(age);
    }
    let (laid_out, typst_warnings): (PagedDocument, Vec<String>) = compiled?;
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
        source: doc.typst.source,
        charts: doc.charts,
        findings,
        typst_warnings,
        chart_problems: doc.chart_problems,
        timings,
        figures: checked.figures,
        tables: doc.tables,
        date: doc.date,
    })
}
