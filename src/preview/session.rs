//! One data file and one template folder, rendered again and again: loads the data,
//! renders the templates, lays out with typst (its memo cache kept between runs when
//! asked) and reports every failure with the file and line it comes from.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use typst::diag::{Severity, SourceDiagnostic};
use typst::WorldExt;
use typst_layout::PagedDocument;

use super::world::LiveWorld;
use crate::charts::Drawn;
use crate::config::{self, Layers};
use crate::model::{self, LoadError, Settings};
use crate::pipeline::{self, BuildError, Timings, Toolkit};
use crate::render::View;

/// What went wrong in one render, ready to show: where it comes from and the message
/// with the file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 数据 / 模板 / 排版 / 字体.
    pub stage: &'static str,
    pub text: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}错误：\n{}", self.stage, self.text)
    }
}

/// Per-stage durations of one render.
#[derive(Debug, Clone, Default)]
pub struct StageTimes {
    pub load: Duration,
    pub templates: Duration,
    pub pipeline: Timings,
    pub compile: Duration,
}

impl std::fmt::Display for StageTimes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "读数据 {:.1} ms，载模板 {:.1} ms，审核 {:.1} ms，图表 {:.1} ms，模板渲染 {:.1} ms，排版 {:.1} ms",
            ms(self.load),
            ms(self.templates),
            ms(self.pipeline.check),
            ms(self.pipeline.charts),
            ms(self.pipeline.render),
            ms(self.compile)
        )
    }
}

/// The inputs of a render and what is loaded once for all of them (the pipeline's
/// `Toolkit`: fonts, catalogues; the template folder is read again on every render).
pub struct Session {
    pub data: PathBuf,
    pub templates: Option<PathBuf>,
    /// Keep typst's memo cache between compiles (preview) instead of evicting it.
    pub keep_cache: bool,
    kit: Toolkit,
    /// The typst world, kept: the 附表 part is an included file, parsed again only when
    /// its text changes.
    world: LiveWorld,
    /// The last view, charts and settings, and the key of what they were made from (the
    /// data and the template set's data files): reused while only templates change.
    last_view: Option<(String, View, Drawn, Settings)>,
}

impl Session {
    /// Loads fonts and catalogues once. `font_dir` adds fonts to the bundled ones.
    pub fn new(
        data: &Path,
        templates: Option<&Path>,
        font_dir: Option<&Path>,
        layers: Layers,
    ) -> Result<Session, Problem> {
        // The built-in templates always load; the user's folder is loaded on each render.
        let kit = Toolkit::new(&config::Options {
            templates: None,
            font_dir: font_dir.map(Path::to_path_buf),
            layers,
        })
        .map_err(|e| Problem {
            stage: "字体",
            text: e.to_string(),
        })?;
        Ok(Session {
            data: data.to_path_buf(),
            templates: templates.map(Path::to_path_buf),
            keep_cache: false,
            world: LiveWorld::new(&kit.fonts),
            kit,
            last_view: None,
        })
    }

    /// The settings layers of the session (the command line's flags).
    pub fn layers(&self) -> &Layers {
        &self.kit.layers
    }

    /// Renders the report: data → view → Typst → laid-out pages.
    pub fn render(&mut self) -> (Result<PagedDocument, Problem>, StageTimes) {
        let mut times = StageTimes::default();
        let result = self.render_timed(&mut times);
        (result, times)
    }

    fn render_timed(&mut self, times: &mut StageTimes) -> Result<PagedDocument, Problem> {
        let t = Instant::now();
        let loaded = model::open(&self.data).map_err(|e| load_problem(&self.data, &e))?;
        times.load = t.elapsed();

        let t = Instant::now();
        self.kit
            .reload_templates(self.templates.as_deref())
            .map_err(|e| self.template_problem(e))?;
        times.templates = t.elapsed();

        // The view depends on the data and the set's data files (table sets, chart style)
        // only (the settings layers are the session's): a template edit reuses it — no
        // audit, charts or table typesetting again.
        let mut key = serde_json::to_string(&loaded.data).unwrap_or_default();
        for (name, text) in self.kit.templates.files() {
            if !name.ends_with(".typ") {
                key.push_str(name);
                key.push_str(text);
            }
        }
        let (view, drawn, settings) = match self.last_view.take().filter(|l| l.0 == key) {
            Some((_, view, drawn, settings)) => (view, drawn, settings),
            None => {
                let t = Instant::now();
                let checked =
                    pipeline::check(&self.kit, &loaded).map_err(|e| self.template_problem(e))?;
                times.pipeline.check = t.elapsed();
                if checked.has_errors() {
                    let errors: Vec<_> = checked
                        .findings
                        .iter()
                        .filter(|f| f.is_error())
                        .cloned()
                        .collect();
                    return Err(Problem {
                        stage: "数据",
                        text: loaded.source.render(&errors),
                    });
                }
                let (view, drawn) =
                    pipeline::view_of(&self.kit, &loaded, &checked, &mut times.pipeline)
                        .map_err(|e| self.template_problem(e))?;
                (view, drawn, checked.config.settings)
            }
        };
        let t = Instant::now();
        let doc = pipeline::document_of(&self.kit, &view, drawn.clone(), &settings)
            .map_err(|e| self.template_problem(e))?;
        times.pipeline.render += t.elapsed();
        self.last_view = Some((key, view, drawn, settings));

        let t = Instant::now();
        self.world.update(&doc.typst);
        let result = compile(&self.world, self.keep_cache).map_err(|messages| Problem {
            stage: "排版",
            text: messages.join("\n"),
        });
        times.compile = t.elapsed();
        // A typst error usually comes from a template: name the likeliest one.
        result.map_err(|mut p| {
            p.text = self.locate_in_templates(p.text);
            p
        })
    }

    /// A template (or template-set) error names the file and, for syntax errors, the
    /// line and column.
    fn template_problem(&self, e: BuildError) -> Problem {
        let mut text = match e {
            BuildError::Template(crate::render::TemplateError::Tera(m)) => m,
            other => other.to_string(),
        };
        if let Some(dir) = &self.templates {
            let _ = write!(
                text,
                "\n（模板目录：{}；未在其中的模板为内置模板）",
                dir.display()
            );
        }
        Problem {
            stage: "模板",
            text,
        }
    }

    /// Adds "probably from template X line N" to each `源文件第N行：…` line of a typst error.
    fn locate_in_templates(&self, text: String) -> String {
        let set = self.kit.templates.files();
        let mut out = String::new();
        for line in text.lines() {
            out.push_str(line);
            out.push('\n');
            if let Some(src) = line.strip_prefix(SOURCE_LINE_MARK) {
                if let Some((name, n)) = guess_template_line(set, src.trim()) {
                    let _ = writeln!(out, "  可能来自模板 {name} 第{n}行");
                }
            }
        }
        out
    }
}

const SOURCE_LINE_MARK: &str = "  | ";

/// The template line whose literal text (outside `{{ }}`, `{% %}`, `{# #}`) best matches a
/// line of the generated Typst source: every literal piece must occur in order.
pub fn guess_template_line(set: &[(String, String)], generated: &str) -> Option<(String, usize)> {
    let mut best: Option<(usize, String, usize)> = None;
    for (name, text) in set {
        for (i, line) in text.lines().enumerate() {
            let pieces = literal_pieces(line);
            let score: usize = pieces.iter().map(|p| p.chars().count()).sum();
            if score < 2 || !in_order(generated, &pieces) {
                continue;
            }
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, name.clone(), i + 1));
            }
        }
    }
    best.map(|(_, n, l)| (n, l))
}

fn literal_pieces(line: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = line;
    loop {
        let next = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|o| rest.find(o).map(|i| (i, *o)))
            .min();
        match next {
            Some((i, open)) => {
                pieces.push(rest[..i].trim().to_string());
                let close = match open {
                    "{{" => "}}",
                    "{%" => "%}",
                    _ => "#}",
                };
                match rest[i..].find(close) {
                    Some(j) => rest = &rest[i + j + close.len()..],
                    None => break,
                }
            }
            None => {
                pieces.push(rest.trim().to_string());
                break;
            }
        }
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

fn in_order(hay: &str, pieces: &[String]) -> bool {
    let mut at = 0;
    for p in pieces {
        match hay[at..].find(p.as_str()) {
            Some(i) => at += i + p.len(),
            None => return false,
        }
    }
    !pieces.is_empty()
}

fn load_problem(path: &Path, e: &LoadError) -> Problem {
    match e {
        LoadError::Invalid {
            findings, input, ..
        } => Problem {
            stage: "数据",
            text: input.render(findings),
        },
        other => Problem {
            stage: "数据",
            text: format!("{}：{other}", path.display()),
        },
    }
}

/// Compiles the world's document; on failure, one message per typst error with the line
/// of the generated source it points at (and that line's text).
fn compile(world: &LiveWorld, keep_cache: bool) -> Result<PagedDocument, Vec<String>> {
    let warned = typst::compile::<PagedDocument>(world);
    if !keep_cache {
        comemo::evict(0);
    }
    match warned.output {
        Ok(d) => Ok(d),
        Err(diags) if diags.is_empty() => Err(vec!["排版失败（typst 未给出原因）".to_string()]),
        Err(diags) => Err(diags.iter().map(|d| describe(world, d)).collect()),
    }
}

fn describe(world: &LiveWorld, d: &SourceDiagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    let mut msg = format!("{kind}：{}", d.message);
    for h in &d.hints {
        let _ = write!(msg, "（提示：{}）", h.v);
    }
    let source = d.span.id().and_then(|id| world.text_of(id));
    if let (Some(range), Some(source)) = (world.range(d.span), source) {
        let start = range.start.min(source.len());
        let line = source[..start].matches('\n').count() + 1;
        let text = source.lines().nth(line - 1).unwrap_or("");
        let _ = write!(
            msg,
            "\n  生成的 Typst 源文件第{line}行：\n{SOURCE_LINE_MARK}{text}"
        );
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> Vec<(String, String)> {
        vec![
            (
                "a.typ".into(),
                "== 一、总体情况\n{{ x }}年度收入{{ y }}万元。\n#chart(\"f.svg\")\n".into(),
            ),
            (
                "b.typ".into(),
                "{% if z %}\n收入{{ y }}万元\n{% endif %}\n".into(),
            ),
        ]
    }

    #[test]
    fn literal_pieces_skip_tera_tags() {
        assert_eq!(
            literal_pieces("{{ x }}年度收入{{ y }}万元。"),
            vec!["年度收入", "万元。"]
        );
        assert_eq!(literal_pieces("{% if z %}"), Vec::<String>::new());
        assert_eq!(literal_pieces("plain"), vec!["plain"]);
    }

    #[test]
    fn the_longest_matching_template_line_wins() {
        // Both a.typ:2 and b.typ:2 match; a.typ's literal text is longer.
        assert_eq!(
            guess_template_line(&set(), "2023年度收入346.47万元。"),
            Some(("a.typ".to_string(), 2))
        );
        assert_eq!(
            guess_template_line(&set(), "#chart(\"f.svg\")"),
            Some(("a.typ".to_string(), 3))
        );
        assert_eq!(guess_template_line(&set(), "完全无关的一行"), None);
    }

    #[test]
    fn pieces_must_match_in_order() {
        assert!(!in_order(
            "万元。2023年度收入",
            &["年度收入".into(), "万元。".into()]
        ));
        assert!(in_order(
            "2023年度收入1万元。",
            &["年度收入".into(), "万元。".into()]
        ));
    }
}
