//! Batch: every data file of a district in one run (`juesuan batch DIR`).
//!
//! Fonts, templates and catalogues are loaded once (`Toolkit`); units are rendered by
//! plain worker threads pulling the next index from a shared counter (typst and krilla
//! already use rayon inside: a rayon pool around them would nest work stealing). Every
//! 单位 is built first, then every 部门 summed from member files of the same tree
//! (`department`). One bad file never stops the others; the run ends with
//! `summary.csv`, the overview `summary.pdf` and exit code 1 if any unit failed.
//!
//! Outputs mirror the input tree under OUTDIR and cannot leave it (path components are
//! checked, symlinked folders inside OUTDIR must resolve inside it). Every file is
//! written atomically (temporary file + rename), so Ctrl-C leaves no truncated PDF.

pub mod cache;
pub mod chart;
mod department;
pub mod jobs;
pub mod limit;
pub mod overview;
pub mod shard;
pub mod summary;
pub mod synth;
mod walk;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crate::config::{self, DistrictFile, Layers};
use crate::diag::{self, Finding};
use crate::model::settings::SettingsOverride;
use crate::model::{self, LoadError, Settings};
use crate::pipeline::{self, BuildError, Timings, Toolkit};

use cache::{Cache, Fingerprint};
use limit::Limited;
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
    /// Command-line settings (`--table-unit`, `--no-pdfa`): over everything.
    pub flags: SettingsOverride,
    /// The per-unit time limit (`--timeout`; `None`: none).
    pub unit_timeout: Option<Duration>,
}

/// What a run produced.
#[derive(Debug)]
pub struct Outcome {
    pub rows: Vec<Row>,
    pub elapsed: Duration,
    /// Stage times summed over the units built.
    pub timings: Timings,
    pub built: usize,
    /// Notes for the user (no data files found …).
    pub notes: Vec<String>,
}

impl Outcome {
    pub fn failed(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.status == Status::Error)
            .count()
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
    /// A 部门 of member files: built after every unit.
    department: bool,
}

/// Shared by the workers.
struct Ctx<'a> {
    kit: &'a Arc<Toolkit>,
    limit: Option<Duration>,
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

/// Hears how a run goes (the command shows it: a progress bar, or a line per unit).
pub trait Progress {
    /// The run has planned `units` units.
    fn start(&mut self, units: usize);
    /// A unit is done: its row, how many are done, how many in all.
    fn done(&mut self, row: &Row, pos: usize, len: usize);
    /// Something worth telling before the units run (e.g. stale temporary files removed).
    fn note(&mut self, _message: &str) {}
}

/// Runs a batch: builds every unit, writes the summaries; `Err` only for problems that
/// stop the whole run (unreadable folder, bad settings file, bad templates).
pub fn run(opts: &Options, progress: &mut dyn Progress) -> Result<Outcome, String> {
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
    let removed = crate::outdir::prepare_tree(&out_root)?;
    if removed > 0 {
        progress.note(&format!(
            "已删除上次中断的运行留下的 {removed} 个临时文件（.juesuan-*.tmp）"
        ));
    }

    let mut files = walk::data_files(&opts.dir, &out_root)
        .map_err(|e| format!("无法读取目录 {}：{e}", opts.dir.display()))?;
    if let Some(s) = opts.shard {
        files = s.select(&files);
    }
    let jobs = plan(&opts.dir, files);
    let mut notes = Vec::new();
    if jobs.is_empty() {
        notes.push(format!(
            "警告：{} 下没有找到 *.yaml / *.yml 数据文件",
            opts.dir.display()
        ));
    }

    let templates = opts.templates.clone().or_else(|| district.templates());
    let kit = Arc::new(toolkit(opts, &district, templates.clone())?);
    let base = kit.layers.run_settings();

    let cache_path = out_root.join(format!(
        "{}{}.json",
        cache::FILE_STEM,
        shard_suffix(opts.shard)
    ));
    let cache = Cache::load(&cache_path);
    let fingerprint = fingerprint(&district, &kit, opts.font_dir.as_deref());

    let ctx = Ctx {
        kit: &kit,
        limit: opts.unit_timeout,
        district: &district,
        out_root: &out_root,
        cache: &cache,
        fingerprint: &fingerprint,
        force: opts.force,
    };
    progress.start(jobs.len());
    // Every unit first, then every 部门 of member files.
    let (units, departments): (Vec<usize>, Vec<usize>) =
        (0..jobs.len()).partition(|i| !jobs[*i].department);
    let (mut done, mut timings) = run_jobs(&ctx, &jobs, &units, opts, progress, 0);
    let (more, t) = run_jobs(&ctx, &jobs, &departments, opts, progress, done.len());
    done.extend(more);
    timings.add(&t);
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
    crate::atomic::write_atomic(&csv_path, &summary::to_csv(&rows)?)
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
        notes,
    })
}

/// The run's toolkit: templates (the command line's folder, else the district's), fonts,
/// the district's glossary additions and settings layer; the district's table set is
/// checked before any unit is made.
fn toolkit(
    opts: &Options,
    district: &DistrictFile,
    templates: Option<PathBuf>,
) -> Result<Toolkit, String> {
    let mut kit = Toolkit::new(&config::Options {
        templates,
        font_dir: opts.font_dir.clone(),
        layers: Layers {
            district: district.district.settings.clone(),
            flags: opts.flags.clone(),
        },
    })
    .map_err(|e| e.to_string())?;
    district
        .check_template_set(&kit.templates)
        .map_err(|e| e.to_string())?;
    kit.catalog
        .glossary
        .after_items
        .extend(district.district.glossary.iter().cloned());
    Ok(kit)
}

fn shard_suffix(s: Option<Shard>) -> String {
    s.map(|s| s.suffix()).unwrap_or_default()
}

/// What all units of the run share: the district file, the template folder's files,
/// the fonts and the command-line settings.
fn fingerprint(district: &DistrictFile, kit: &Toolkit, font_dir: Option<&Path>) -> Fingerprint {
    let mut tpl = Vec::new();
    for (name, text) in kit.templates.overrides() {
        tpl.extend_from_slice(name.as_bytes());
        tpl.push(0);
        tpl.extend_from_slice(text.as_bytes());
        tpl.push(0);
    }
    let fonts = font_dir.map(cache::dir_listing).unwrap_or_default();
    let settings = serde_json::to_vec(&kit.layers.flags).unwrap_or_default();
    Fingerprint::new(&[district.text.as_bytes(), &tpl, &fonts, &settings])
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
            let src = dir.join(&rel);
            Job {
                department: department::is_consolidated(&src),
                src,
                file,
                out_rel,
            }
        })
        .collect()
}

/// The workers: `opts.jobs` threads pulling the jobs of `order` from a shared counter;
/// results come back over a channel to this thread, which reports progress (`before`
/// jobs were done in an earlier phase).
fn run_jobs(
    ctx: &Ctx,
    jobs: &[Job],
    order: &[usize],
    opts: &Options,
    progress: &mut dyn Progress,
    before: usize,
) -> (Vec<Done>, Timings) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Done>();
    let workers = opts.jobs.min(order.len()).max(1);
    let mut done = Vec::with_capacity(order.len());
    let mut total = Timings::default();
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            s.spawn(move || loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(n) else { break };
                let d = unit(ctx, i, &jobs[i]);
                if tx.send(d).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for d in rx {
            if let Some(t) = &d.timings {
                total.add(t);
            }
            progress.done(&d.row, before + done.len() + 1, jobs.len());
            done.push(d);
        }
    });
    (done, total)
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
        kind: if job.department {
            summary::CONSOLIDATED.into()
        } else {
            String::new()
        },
        members: String::new(),
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
    let rel = PathBuf::from(&job.file);
    let (key, loaded) = match prepare(ctx, job) {
        Ok(k) => k,
        Err(msg) => return fail(row, msg),
    };
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
    let loaded = match loaded {
        Some(l) => Ok(l),
        None => model::load_file(&job.src),
    };
    let mut loaded = match loaded {
        Ok(l) => l,
        Err(LoadError::Invalid { findings, .. }) => {
            return fail(row, findings_text(&rel, &findings))
        }
        Err(e) => return fail(row, format!("{} {e}", job.file)),
    };
    if let Some(n) = department::member_count(&loaded) {
        row.members = n.to_string();
    } else {
        row.kind = loaded.data.unit.kind.word().into();
    }
    row.unit = loaded.data.unit.name.clone();
    let district_findings = ctx.district.apply(&mut loaded);
    if district_findings.iter().any(Finding::is_error) {
        return fail(row, findings_text(&rel, &district_findings));
    }
    let cache = pipeline::Cache::KeepFor(EVICT_AGE);
    let report = match limit::build(ctx.kit, loaded, cache, ctx.limit) {
        Ok(r) => r,
        Err(Limited::Build(BuildError::Findings(f))) => {
            let mut all: Vec<Finding> = f.iter().filter(|x| x.is_error()).cloned().collect();
            all.extend(district_findings);
            all.extend(f.into_iter().filter(|x| !x.is_error()));
            return fail(row, findings_text(&rel, &all));
        }
        Err(Limited::Build(e)) => return fail(row, format!("{} {e}", job.file)),
        Err(Limited::TimedOut(d)) => return fail(row, limit::timed_out_message(&job.file, d)),
        Err(Limited::Crashed) => {
            return fail(row, format!("{} 生成时程序出错（已跳过此单位）", job.file))
        }
    };
    let written = walk::safe_output(ctx.out_root, &out_rel).and_then(|p| {
        crate::atomic::write_atomic(&p, &report.pdf)
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

/// The unit's up-to-date key; a 部门 of member files is loaded and consolidated first
/// (its key hashes the members), a unit only when it must be built.
fn prepare(ctx: &Ctx, job: &Job) -> Result<(String, Option<model::Loaded>), String> {
    let bytes = std::fs::read(&job.src).map_err(|e| format!("{} 无法读取：{e}", job.file))?;
    if !job.department {
        return Ok((ctx.fingerprint.key(&job.file, &bytes), None));
    }
    match model::consolidate::open_bytes(&job.src, &bytes) {
        Ok(l) => Ok((
            department::key(ctx.fingerprint, &job.file, &bytes, &l),
            Some(l),
        )),
        Err(LoadError::Invalid { findings, .. }) => {
            Err(findings_text(Path::new(&job.file), &findings))
        }
        Err(e) => Err(format!("{} {e}", job.file)),
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
    crate::atomic::write_atomic(&p, &bytes).map_err(|e| format!("无法写入 {}：{e}", p.display()))
}

fn folder_name(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// `batch --merge-summaries`: one summary.csv and the overview from the shards'
/// summaries, written to `out`. The district settings (name, year, precision) come from
/// the data folder when it is given. Returns the merged rows.
pub fn merge(
    csvs: &[PathBuf],
    out: &Path,
    dir: Option<&Path>,
    templates: Option<PathBuf>,
    font_dir: Option<PathBuf>,
) -> Result<Vec<Row>, String> {
    let mut parts = Vec::new();
    for p in csvs {
        parts.push(summary::read_csv(p)?);
    }
    let rows = summary::merge(parts);
    let csv = out.join(SUMMARY_CSV);
    let bytes = summary::to_csv(&rows)?;
    crate::atomic::write_atomic(&csv, &bytes)
        .map_err(|e| format!("无法写入 {}：{e}", csv.display()))?;
    let district = match dir {
        Some(d) => DistrictFile::load(d)?,
        None => DistrictFile::default(),
    };
    let kit = Toolkit::new(&config::Options {
        templates: templates.or_else(|| district.templates()),
        font_dir,
        layers: Layers {
            district: district.district.settings.clone(),
            flags: SettingsOverride::default(),
        },
    })
    .map_err(|e| e.to_string())?;
    let out_root = out
        .canonicalize()
        .map_err(|e| format!("无法打开输出目录 {}：{e}", out.display()))?;
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| out.to_path_buf());
    let base = kit.layers.run_settings();
    write_overview(&kit, &rows, &district, &dir, &base, &out_root)?;
    Ok(rows)
}
