//! Batch: every data file of a district in one run (`juesuan batch DIR`).
//!
//! Fonts, templates and catalogues are loaded once (`Toolkit`); units are rendered by
//! plain worker threads pulling the next index from a shared counter (typst and krilla
//! already use rayon inside: a rayon pool around them would nest work stealing). One bad
//! file never stops the others; the run ends with `summary.csv`, the overview
//! `summary.pdf` and exit code 1 if any unit failed.
//!
//! Outputs mirror the input tree under OUTDIR and cannot leave it (path components are
//! checked, symlinked folders inside OUTDIR must resolve inside it). Every file is
//! written atomically (temporary file + rename), so Ctrl-C leaves no truncated PDF.

pub mod cache;
pub mod chart;
pub mod overview;
pub mod settings;
pub mod shard;
pub mod summary;
pub mod synth;
mod walk;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::cli::BatchArgs;
use crate::commands::{EXIT_DATA, EXIT_OK, EXIT_USAGE};
use crate::diag::{self, Finding};
use crate::model::settings::SettingsOverride;
use crate::model::{self, LoadError, Settings};
use crate::pipeline::{self, BuildError, Timings, Toolkit, ToolkitOptions};

use cache::{Cache, Fingerprint};
use settings::DistrictFile;
use shard::Shard;
use summary::{plain, Row, Status};

/// The overview's file name in OUTDIR.
pub const SUMMARY_PDF: &str = "summary.pdf";
/// The summary table's file name in OUTDIR.
pub const SUMMARY_CSV: &str = "summary.csv";
/// Findings kept in a summary row.
const ROW_FINDINGS: usize = 5;

/// A batch run's configuration (no clap types below `command`).
#[derive(Debug, Clone)]
pub struct Options {
    pub dir: PathBuf,
    pub out: PathBuf,
    pub jobs: usize,
    pub force: bool,
    pub shard: Option<Shard>,
    pub templates: Option<PathBuf>,
    pub font_dir: Option<PathBuf>,
    /// Command-line settings (`--table-unit`, `--no-pdfa`).
    pub cli_settings: SettingsOverride,
    /// Draw a progress bar (stderr is a terminal) instead of one line per unit.
    pub progress: bool,
}

/// What a run produced.
#[derive(Debug)]
pub struct Outcome {
    pub rows: Vec<Row>,
    pub elapsed: Duration,
    /// Stage times summed over the units built.
    pub timings: Timings,
    pub built: usize,
}

impl Outcome {
    pub fn failed(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.status == Status::Error)
            .count()
    }
}

/// `juesuan batch`.
pub fn command(args: &BatchArgs) -> i32 {
    if !args.merge_summaries.is_empty() {
        return merge_command(args);
    }
    let Some(dir) = args.dir.clone() else {
        eprintln!("错误：请给出数据目录，如 juesuan batch 数据目录/ -o out/");
        return EXIT_USAGE;
    };
    let shard = match args.shard.as_deref().map(Shard::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let cli = crate::commands::settings_from(&args.render);
    let defaults = Settings::default();
    let cli_settings = SettingsOverride {
        table_unit: (cli.table_unit != defaults.table_unit).then_some(cli.table_unit),
        pdf_a: (!cli.pdf_a).then_some(false),
        ..SettingsOverride::default()
    };
    let opts = Options {
        dir,
        out: args.output.clone().unwrap_or_else(|| PathBuf::from("out")),
        jobs: args
            .jobs
            .unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(2)
            })
            .max(1),
        force: args.force,
        shard,
        templates: args.render.templates.clone(),
        font_dir: args.render.font_dir.clone(),
        cli_settings,
        progress: std::io::stderr().is_terminal(),
    };
    match run(&opts) {
        Ok(o) => {
            print_summary(&o);
            if o.failed() > 0 {
                EXIT_DATA
            } else {
                EXIT_OK
            }
        }
        Err(e) => {
            eprintln!("错误：{e}");
            EXIT_USAGE
        }
    }
}

/// One unit to make.
#[derive(Debug, Clone)]
struct Job {
    /// Relative to the batch folder, `/`-separated (the summary's 数据文件).
    file: String,
    src: PathBuf,
    /// Relative output path (`a/b.pdf`), `None` when it collides with another's.
    out_rel: Result<PathBuf, String>,
}

/// Shared by the workers.
struct Ctx<'a> {
    kit: &'a Toolkit,
    base: &'a Settings,
    district: &'a DistrictFile,
    out_root: &'a Path,
    cache: &'a Cache,
    fingerprint: &'a Fingerprint,
    force: bool,
}

/// A worker's result for one unit.
struct Done {
    index: usize,
    row: Row,
    timings: Option<Timings>,
    key: Option<String>,
}

/// Runs a batch: builds every unit, writes the summaries; `Err` only for problems that
/// stop the whole run (unreadable folder, bad settings file, bad templates).
pub fn run(opts: &Options) -> Result<Outcome, String> {
    let start = Instant::now();
    if !opts.dir.is_dir() {
        return Err(format!("{} 不是目录", opts.dir.display()));
    }
    let district = DistrictFile::load(&opts.dir)?;
    std::fs::create_dir_all(&opts.out)
        .map_err(|e| format!("无法创建输出目录 {}：{e}", opts.out.display()))?;
    let out_root = opts
        .out
        .canonicalize()
        .map_err(|e| format!("无法打开输出目录 {}：{e}", opts.out.display()))?;

    let mut files = walk::data_files(&opts.dir, &out_root)
        .map_err(|e| format!("无法读取目录 {}：{e}", opts.dir.display()))?;
    if let Some(s) = opts.shard {
        files = s.select(&files);
    }
    let jobs = plan(&opts.dir, files);
    if jobs.is_empty() {
        eprintln!(
            "警告：{} 下没有找到 *.yaml / *.yml 数据文件",
            opts.dir.display()
        );
    }

    let templates = opts.templates.clone().or_else(|| district.templates());
    let mut kit = Toolkit::new(&ToolkitOptions {
        templates: templates.clone(),
        font_dir: opts.font_dir.clone(),
    })
    .map_err(|e| e.to_string())?;
    kit.catalog
        .glossary
        .after_items
        .extend(district.district.glossary.iter().cloned());

    let mut base = Settings::default();
    if let Some(o) = &district.district.settings {
        base.apply(o);
    }
    base.apply(&opts.cli_settings);

    let cache_path = out_root.join(format!(
        "{}{}.json",
        cache::FILE_STEM,
        shard_suffix(opts.shard)
    ));
    let cache = Cache::load(&cache_path);
    let fingerprint = fingerprint(
        &district,
        templates.as_deref(),
        opts.font_dir.as_deref(),
        &base,
    )?;

    let ctx = Ctx {
        kit: &kit,
        base: &base,
        district: &district,
        out_root: &out_root,
        cache: &cache,
        fingerprint: &fingerprint,
        force: opts.force,
    };
    let (mut done, timings) = run_jobs(&ctx, &jobs, opts);
    done.sort_by_key(|d| d.index);

    let mut new_cache = Cache::default();
    for d in &done {
        if let (Some(key), true) = (&d.key, d.row.status.has_report()) {
            let mut row = d.row.clone();
            if row.status == Status::Unchanged {
                row = cache
                    .units
                    .get(&row.file)
                    .map(|e| e.row.clone())
                    .unwrap_or(row);
            }
            new_cache.units.insert(
                row.file.clone(),
                cache::Entry {
                    key: key.clone(),
                    row,
                },
            );
        }
    }
    let built = done.iter().filter(|d| d.timings.is_some()).count();
    let rows: Vec<Row> = done.into_iter().map(|d| d.row).collect();

    let csv_name = match opts.shard {
        Some(s) => format!("summary{}.csv", s.suffix()),
        None => SUMMARY_CSV.to_string(),
    };
    let csv_path = out_root.join(&csv_name);
    pipeline::write_atomic(&csv_path, &summary::to_csv(&rows)?)
        .map_err(|e| format!("无法写入 {}：{e}", csv_path.display()))?;
    new_cache
        .save(&cache_path)
        .map_err(|e| format!("无法写入 {}：{e}", cache_path.display()))?;
    if opts.shard.is_none() {
        write_overview(&kit, &rows, &district, &opts.dir, &base, &out_root)?;
    }
    Ok(Outcome {
        rows,
        elapsed: start.elapsed(),
        timings,
        built,
    })
}

fn shard_suffix(s: Option<Shard>) -> String {
    s.map(|s| s.suffix()).unwrap_or_default()
}

fn fingerprint(
    district: &DistrictFile,
    templates: Option<&Path>,
    font_dir: Option<&Path>,
    base: &Settings,
) -> Result<Fingerprint, String> {
    let mut tpl = Vec::new();
    if let Some(dir) = templates {
        for (name, text) in
            crate::render::templates::read_dir_templates(dir).map_err(|e| e.to_string())?
        {
            tpl.extend_from_slice(name.as_bytes());
            tpl.push(0);
            tpl.extend_from_slice(text.as_bytes());
            tpl.push(0);
        }
    }
    let fonts = font_dir.map(cache::dir_listing).unwrap_or_default();
    let settings = serde_json::to_vec(base).unwrap_or_default();
    Ok(Fingerprint::new(&[
        district.text.as_bytes(),
        &tpl,
        &fonts,
        &settings,
    ]))
}

/// Relative names and output paths; two inputs with the same output (a.yaml, a.yml) or
/// an input named like the overview are refused rather than overwriting each other.
fn plan(dir: &Path, files: Vec<PathBuf>) -> Vec<Job> {
    let mut seen = std::collections::HashMap::new();
    files
        .into_iter()
        .map(|rel| {
            let file = walk::slash(&rel);
            let out = rel.with_extension("pdf");
            let key = walk::slash(&out);
            let out_rel = if key == SUMMARY_PDF {
                Err(format!("输出 {key} 与区汇总重名，请把数据文件改名"))
            } else if let Some(first) = seen.get(&key) {
                Err(format!(
                    "输出 {key} 与 {first} 的输出重名，请把其中一个改名"
                ))
            } else {
                seen.insert(key, file.clone());
                Ok(out)
            };
            Job {
                src: dir.join(&rel),
                file,
                out_rel,
            }
        })
        .collect()
}

/// The workers: `opts.jobs` threads pulling indices from a shared counter; results come
/// back over a channel to this thread, which reports progress.
fn run_jobs(ctx: &Ctx, jobs: &[Job], opts: &Options) -> (Vec<Done>, Timings) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Done>();
    let workers = opts.jobs.min(jobs.len()).max(1);
    let bar = opts.progress.then(|| progress_bar(jobs.len()));
    let mut done = Vec::with_capacity(jobs.len());
    let mut total = Timings::default();
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let d = unit(ctx, i, job);
                if tx.send(d).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for d in rx {
            if let Some(t) = &d.timings {
                add(&mut total, t);
            }
            report_progress(bar.as_ref(), &d.row, done.len() + 1, jobs.len());
            done.push(d);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    (done, total)
}

fn progress_bar(n: usize) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:32.cyan/blue} {pos}/{len} 已用{elapsed} 剩余约{eta} {msg}",
    ) {
        b.set_style(style.progress_chars("█▌ "));
    }
    b
}

fn report_progress(bar: Option<&indicatif::ProgressBar>, row: &Row, pos: usize, len: usize) {
    let first = row.findings.split('；').next().unwrap_or_default();
    match bar {
        Some(b) => {
            if row.status == Status::Error {
                b.println(format!("失败 {}：{first}", row.file));
            }
            b.set_message(row.file.clone());
            b.inc(1);
        }
        None => {
            let tail = match row.status {
                Status::Error | Status::Warning => format!("：{first}"),
                _ => String::new(),
            };
            eprintln!(
                "[{pos}/{len}] {} {}（{} 毫秒）{tail}",
                row.status.word(),
                row.file,
                row.ms
            );
        }
    }
}

fn add(total: &mut Timings, t: &Timings) {
    total.check += t.check;
    total.charts += t.charts;
    total.render += t.render;
    total.compile += t.compile;
    total.export += t.export;
}

/// One unit: cache check, load, district checks, build, atomic write.
fn unit(ctx: &Ctx, index: usize, job: &Job) -> Done {
    let t0 = Instant::now();
    let mut row = Row {
        unit: String::new(),
        file: job.file.clone(),
        status: Status::Error,
        income_total: String::new(),
        expenditure_total: String::new(),
        findings: String::new(),
        output: String::new(),
        ms: 0,
        grand_total: String::new(),
        last_year_total: String::new(),
    };
    let fail = |mut row: Row, msg: String| {
        row.findings = msg;
        row.ms = t0.elapsed().as_millis() as u64;
        Done {
            index,
            row,
            timings: None,
            key: None,
        }
    };
    let out_rel = match &job.out_rel {
        Ok(p) => p.clone(),
        Err(e) => return fail(row, format!("{} {e}", job.file)),
    };
    let bytes = match std::fs::read(&job.src) {
        Ok(b) => b,
        Err(e) => return fail(row, format!("{} 无法读取：{e}", job.file)),
    };
    let key = ctx.fingerprint.key(&job.file, &bytes);
    let out_path = ctx.out_root.join(&out_rel);
    if !ctx.force {
        if let Some(cached) = ctx.cache.fresh(&job.file, &key) {
            if out_path.is_file() {
                let mut r = cached.clone();
                r.status = Status::Unchanged;
                r.ms = t0.elapsed().as_millis() as u64;
                return Done {
                    index,
                    row: r,
                    timings: None,
                    key: Some(key),
                };
            }
        }
    }
    let rel = PathBuf::from(&job.file);
    let mut loaded = match model::load_file(&job.src) {
        Ok(l) => l,
        Err(LoadError::Invalid { findings, .. }) => {
            return fail(row, findings_text(&rel, &findings))
        }
        Err(e) => return fail(row, format!("{} {e}", job.file)),
    };
    row.unit = loaded.data.unit.name.clone();
    let district_findings = ctx.district.apply(&mut loaded);
    if district_findings.iter().any(Finding::is_error) {
        return fail(row, findings_text(&rel, &district_findings));
    }
    let report = match pipeline::build_report_with(
        ctx.kit,
        &loaded,
        ctx.base,
        pipeline::Cache::KeepFor(EVICT_AGE),
    ) {
        Ok(r) => r,
        Err(BuildError::Findings(f)) => {
            let mut all: Vec<Finding> = f.iter().filter(|x| x.is_error()).cloned().collect();
            all.extend(district_findings);
            all.extend(f.into_iter().filter(|x| !x.is_error()));
            return fail(row, findings_text(&rel, &all));
        }
        Err(e) => return fail(row, format!("{} {e}", job.file)),
    };
    let written = walk::safe_output(ctx.out_root, &out_rel).and_then(|p| {
        pipeline::write_atomic(&p, &report.pdf)
            .map_err(|e| format!("无法写入 {}：{e}", p.display()))
    });
    if let Err(e) = written {
        return fail(row, format!("{} {e}", job.file));
    }
    let figures = &report.figures;
    let mut findings = district_findings;
    findings.extend(report.findings.iter().cloned());
    row.status = if findings.is_empty() {
        Status::Ok
    } else {
        Status::Warning
    };
    row.findings = findings_text(&rel, &findings);
    row.income_total = plain(figures.income.total);
    row.expenditure_total = plain(figures.expenditure.total);
    row.grand_total = plain(figures.grand_total);
    row.last_year_total = figures.total_change.previous.map(plain).unwrap_or_default();
    row.output = walk::slash(&out_rel);
    row.ms = t0.elapsed().as_millis() as u64;
    Done {
        index,
        row,
        timings: Some(report.timings),
        key: Some(key),
    }
}

/// Memo-cache entries unused for this many compiles are evicted. Measured on a 40-unit
/// district (2 workers, 3 runs each): ages 0–1 cost the least CPU and memory (≈ 110–120
/// MB peak); 4 kept 150 MB and 30 kept 410 MB for no CPU saved — units share little
/// beyond the glossary's paragraphs, and a big cache costs its own bookkeeping. 1 keeps
/// what the other worker's compile in flight still uses.
const EVICT_AGE: usize = 1;

/// The first findings as one line each: `文件:行:列 代码 说明（应为…，实为…）`.
fn findings_text(file: &Path, findings: &[Finding]) -> String {
    let mut parts: Vec<String> = findings
        .iter()
        .take(ROW_FINDINGS)
        .map(|f| {
            let mut s = format!(
                "{} {} {}：{}",
                diag::location(file, f),
                f.code,
                f.severity.word(),
                f.message
            );
            if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                s.push_str(&format!("（应为 {e}，实为 {a}）"));
            }
            s.replace('；', "，")
        })
        .collect();
    if findings.len() > ROW_FINDINGS {
        parts.push(format!("另有{}条", findings.len() - ROW_FINDINGS));
    }
    parts.join("；")
}

fn write_overview(
    kit: &Toolkit,
    rows: &[Row],
    district: &DistrictFile,
    dir: &Path,
    base: &Settings,
    out_root: &Path,
) -> Result<(), String> {
    let name = district
        .district
        .name
        .clone()
        .unwrap_or_else(|| folder_name(dir));
    let meta = overview::Meta {
        name: &name,
        year: district.district.year,
        settings: base,
    };
    let bytes = overview::pdf(kit, rows, &meta)
        .map_err(|e| format!("无法生成区汇总 {SUMMARY_PDF}：{e}"))?;
    let p = out_root.join(SUMMARY_PDF);
    pipeline::write_atomic(&p, &bytes).map_err(|e| format!("无法写入 {}：{e}", p.display()))
}

fn folder_name(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

fn print_summary(o: &Outcome) {
    let (ok, warning, error, unchanged) = summary::counts(&o.rows);
    for r in o
        .rows
        .iter()
        .filter(|r| r.status == Status::Error || r.status == Status::Warning)
    {
        println!(
            "{} {}（{}）",
            r.status.word(),
            r.file,
            if r.unit.is_empty() { "—" } else { &r.unit }
        );
        for f in r.findings.split('；').filter(|s| !s.is_empty()) {
            println!("    {f}");
        }
    }
    let secs = o.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        o.built as f64 / secs
    } else {
        0.0
    };
    println!(
        "共 {} 个单位：成功 {ok}，警告 {warning}，失败 {error}，未变（跳过）{unchanged}；生成 {} 份，用时 {secs:.1} 秒（{rate:.1} 份/秒）",
        o.rows.len(),
        o.built
    );
    let t = &o.timings;
    eprintln!(
        "各阶段耗时合计：审核 {:.2}s，图表 {:.2}s，模板 {:.2}s，排版 {:.2}s，导出 {:.2}s",
        t.check.as_secs_f64(),
        t.charts.as_secs_f64(),
        t.render.as_secs_f64(),
        t.compile.as_secs_f64(),
        t.export.as_secs_f64()
    );
}

/// `juesuan batch --merge-summaries a.csv b.csv -o OUT`: one summary.csv and the
/// overview from the shards' summaries. Exit 1 if any unit failed.
fn merge_command(args: &BatchArgs) -> i32 {
    let mut parts = Vec::new();
    for p in &args.merge_summaries {
        match summary::read_csv(p) {
            Ok(rows) => parts.push(rows),
            Err(e) => {
                eprintln!("错误：{e}");
                return EXIT_USAGE;
            }
        }
    }
    let rows = summary::merge(parts);
    let out = args.output.clone().unwrap_or_else(|| PathBuf::from("out"));
    let csv = out.join(SUMMARY_CSV);
    let bytes = match summary::to_csv(&rows) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    if let Err(e) = pipeline::write_atomic(&csv, &bytes) {
        eprintln!("错误：无法写入 {}：{e}", csv.display());
        return EXIT_USAGE;
    }
    // The district settings (name, year, precision) when the data folder is given.
    let district = match &args.dir {
        Some(d) => match DistrictFile::load(d) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("错误：{e}");
                return EXIT_USAGE;
            }
        },
        None => DistrictFile::default(),
    };
    let kit = match Toolkit::new(&ToolkitOptions {
        templates: args
            .render
            .templates
            .clone()
            .or_else(|| district.templates()),
        font_dir: args.render.font_dir.clone(),
    }) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let mut base = Settings::default();
    if let Some(o) = &district.district.settings {
        base.apply(o);
    }
    let out_root = match out.canonicalize() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("错误：无法打开输出目录 {}：{e}", out.display());
            return EXIT_USAGE;
        }
    };
    let dir = args.dir.clone().unwrap_or_else(|| out.clone());
    if let Err(e) = write_overview(&kit, &rows, &district, &dir, &base, &out_root) {
        eprintln!("错误：{e}");
        return EXIT_USAGE;
    }
    let (ok, warning, error, unchanged) = summary::counts(&rows);
    println!(
        "已合并 {} 份汇总，共 {} 个单位：成功 {ok}，警告 {warning}，失败 {error}，未变 {unchanged}；写入 {} 和 {}",
        args.merge_summaries.len(),
        rows.len(),
        csv.display(),
        out.join(SUMMARY_PDF).display()
    );
    if error > 0 {
        EXIT_DATA
    } else {
        EXIT_OK
    }
}
