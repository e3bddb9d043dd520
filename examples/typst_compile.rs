//! The engine alone, for benchmarks: compiles a Typst file with the same typst, the same
//! bundled fonts and the same PDF/A export as `juesuan build`, and nothing of ours.
//!
//!   cargo run --release --example typst_compile -- FILE.typ [-o OUT.pdf] [--repeat N]
//!       [--keep-cache] [--no-export] [--no-pdfa] [--no-tags] [--edit FROM TO]
//!
//! `--edit FROM TO` compiles, from the second run on, the source with FROM replaced by
//! TO and the run's number, a new edit each time (with `--keep-cache`: the cost of an
//! edit in the live preview).
//!
//! Every `*.svg` next to FILE is available to the source by its file name (the charts of
//! a `--typst-out`). Prints one line per run: compile and export milliseconds, pages.
//! `bench/build.sh` compares one cold `juesuan build` with one cold run of this program
//! on the baseline source kept in `bench/baseline/`.

use std::path::PathBuf;
use std::time::Instant;

use juesuan::pdf::{self, Document, FontSet, Options};

fn main() {
    let mut file = None;
    let mut out: Option<PathBuf> = None;
    let mut repeat = 1usize;
    let mut opts = Options::default();
    let mut export = true;
    let mut alternate: Option<(String, String)> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-o" => out = args.next().map(PathBuf::from),
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            "--keep-cache" => opts.keep_cache = true,
            "--no-export" => export = false,
            "--no-pdfa" => opts.pdf_a = false,
            "--no-tags" => opts.tagged = false,
            "--edit" => {
                let from = args.next().unwrap_or_default();
                let to = args.next().unwrap_or_default();
                alternate = Some((from, to));
            }
            _ => file = Some(PathBuf::from(a)),
        }
    }
    let Some(file) = file else {
        eprintln!("用法：typst_compile FILE.typ [-o OUT.pdf] [--repeat N] [--keep-cache] [--no-export] [--no-pdfa]");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        eprintln!("错误：无法读取 {}：{e}", file.display());
        std::process::exit(2)
    });
    let dir = file.parent().map(PathBuf::from).unwrap_or_default();
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        &dir
    }) {
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "svg"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, std::fs::read(&p).expect("readable chart")));
        }
    }
    let mut doc = Document { source, files };
    let original = doc.source.clone();
    let fonts = FontSet::bundled();
    for i in 0..repeat {
        if let (Some((from, to)), true) = (&alternate, i > 0) {
            doc.source = original.replacen(from.as_str(), &format!("{to}{i}"), 1);
        }
        let t = Instant::now();
        let (laid_out, _warnings) = pdf::compile(&fonts, &doc, &opts).unwrap_or_else(|e| {
            eprintln!("错误：{e}");
            std::process::exit(1)
        });
        if opts.keep_cache {
            typst::comemo::evict(4);
        }
        let compile = t.elapsed();
        let t = Instant::now();
        let bytes = if export {
            pdf::export(&laid_out, &opts).unwrap_or_else(|e| {
                eprintln!("错误：{e}");
                std::process::exit(1)
            })
        } else {
            Vec::new()
        };
        let export_t = t.elapsed();
        println!(
            "compile {:.1} ms, export {:.1} ms, {} pages",
            compile.as_secs_f64() * 1e3,
            export_t.as_secs_f64() * 1e3,
            laid_out.pages().len()
        );
        if let Some(o) = &out {
            if export {
                std::fs::write(o, &bytes).expect("writable output");
            }
        }
    }
}
