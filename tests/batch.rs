//! `juesuan batch`: a synthetic district with good and bad files, reruns, shards, and
//! an attempt to write outside the output folder.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{juesuan, pdf_text, squash};
use juesuan::batch::summary::{plain, read_csv, Row, Status};
use juesuan::batch::synth;
use juesuan::catalog::Catalog;
use juesuan::model::Settings;

/// A district of `n` synthetic units plus a syntax error, an inconsistent total and a
/// unit of the wrong year; the district file adds a glossary entry.
fn district(dir: &Path, n: usize) -> Vec<PathBuf> {
    let files = synth::generate(n, dir, 42).unwrap();
    let first = std::fs::read_to_string(&files[0]).unwrap();
    std::fs::write(dir.join("bad-syntax.yaml"), "schema: 1\nunit: [oops\n").unwrap();
    let bad_total = match first.find("\ndeclared:\n") {
        Some(i) => format!("{}\ndeclared:\n  income_total: 1.00\n", &first[..i]),
        None => format!("{first}\ndeclared:\n  income_total: 1.00\n"),
    };
    std::fs::create_dir_all(dir.join("bad")).unwrap();
    std::fs::write(dir.join("bad/total.yaml"), bad_total).unwrap();
    std::fs::write(
        dir.join("bad/year.yml"),
        first.replace("year: 2023", "year: 2022"),
    )
    .unwrap();
    let settings = dir.join("juesuan.yaml");
    let mut s = std::fs::read_to_string(&settings).unwrap();
    s.push_str("settings:\n  share_decimals: 1\nglossary:\n  - term: 区级测试术语\n    text: 区设置文件追加的名词解释。\n");
    std::fs::write(&settings, s).unwrap();
    files
}

fn batch(args: &[&str]) -> (i32, String, String) {
    let o = juesuan(&[&["batch"], args].concat());
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn row<'a>(rows: &'a [Row], file: &str) -> &'a Row {
    rows.iter()
        .find(|r| r.file == file)
        .unwrap_or_else(|| panic!("no row for {file}: {rows:?}"))
}

fn rel(dir: &Path, p: &Path) -> String {
    p.strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn district_batch_reports_good_and_bad_units_and_skips_unchanged_ones() {
    let tmp = common::tempdir();
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    let files = district(&data, 5);
    let (code, stdout, stderr) = batch(&[
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "2",
    ]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("失败 3"), "{stdout}");

    let rows = read_csv(&out.join("summary.csv")).unwrap();
    assert_eq!(rows.len(), 8);
    let catalog = Catalog::builtin();
    for f in &files {
        let r = row(&rows, &rel(&data, f));
        // Made (the audit may add warnings to synthetic data; never errors).
        assert!(matches!(r.status, Status::Ok | Status::Warning), "{r:?}");
        let loaded = juesuan::model::load_file(f).unwrap();
        let fig = juesuan::compute::compute(&loaded.data, &catalog, &Settings::default());
        assert_eq!(r.unit, loaded.data.unit.name);
        assert_eq!(r.income_total, plain(fig.income.total));
        assert_eq!(r.expenditure_total, plain(fig.expenditure.total));
        let pdf = out.join(&r.output);
        assert_eq!(r.output, rel(&data, f).replace(".yaml", ".pdf"));
        let text = squash(&pdf_text(&pdf));
        assert!(
            text.contains(&loaded.data.unit.name),
            "{} lacks the unit name",
            pdf.display()
        );
        assert!(
            text.contains("区级测试术语"),
            "district glossary entry missing"
        );
    }
    let syntax = row(&rows, "bad-syntax.yaml");
    assert_eq!(syntax.status, Status::Error);
    assert!(
        syntax.findings.starts_with("bad-syntax.yaml:2:"),
        "{syntax:?}"
    );
    let total = row(&rows, "bad/total.yaml");
    assert_eq!(total.status, Status::Error);
    assert!(
        total.findings.contains("B001") && total.findings.contains("本年收入合计"),
        "{total:?}"
    );
    assert!(total.income_total.is_empty() && total.output.is_empty());
    let year = row(&rows, "bad/year.yml");
    assert!(
        year.status == Status::Error && year.findings.contains("D001"),
        "{year:?}"
    );
    for bad in ["bad-syntax.pdf", "bad/total.pdf", "bad/year.pdf"] {
        assert!(!out.join(bad).exists(), "{bad} should not exist");
    }

    let overview = squash(&pdf_text(&out.join("summary.pdf")));
    assert!(
        overview.contains("未生成报告的单位") && overview.contains("bad/total.yaml"),
        "{overview}"
    );
    assert!(overview.contains("B001"));
    let first = juesuan::model::load_file(&files[0]).unwrap();
    assert!(overview.contains(&first.data.unit.name));

    // A rerun skips every unchanged unit and leaves its PDF alone.
    let pdf0 = out.join(&row(&rows, &rel(&data, &files[0])).output);
    let mtime = std::fs::metadata(&pdf0).unwrap().modified().unwrap();
    let (code, stdout, _) = batch(&[data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    let again = read_csv(&out.join("summary.csv")).unwrap();
    for f in &files {
        let r = row(&again, &rel(&data, f));
        assert_eq!(r.status, Status::Unchanged, "{stdout}");
        assert_eq!(r.income_total, row(&rows, &rel(&data, f)).income_total);
    }
    assert_eq!(std::fs::metadata(&pdf0).unwrap().modified().unwrap(), mtime);
    assert_eq!(row(&again, "bad/total.yaml").status, Status::Error);

    // A changed file is rebuilt; --force rebuilds all.
    let mut text = std::fs::read_to_string(&files[1]).unwrap();
    text.push_str("# 修改\n");
    std::fs::write(&files[1], text).unwrap();
    batch(&[data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let third = read_csv(&out.join("summary.csv")).unwrap();
    assert!(matches!(
        row(&third, &rel(&data, &files[1])).status,
        Status::Ok | Status::Warning
    ));
    assert_eq!(
        row(&third, &rel(&data, &files[0])).status,
        Status::Unchanged
    );
    batch(&[
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    let forced = read_csv(&out.join("summary.csv")).unwrap();
    assert!(files
        .iter()
        .all(|f| row(&forced, &rel(&data, f)).status == Status::Ok));
}

#[test]
fn shards_partition_the_inputs_and_merge() {
    let tmp = common::tempdir();
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    let files = synth::generate(7, &data, 9).unwrap();
    std::fs::write(data.join("broken.yaml"), "schema: 1\n: :\n").unwrap();
    let mut seen: Vec<String> = Vec::new();
    let mut csvs = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let (code, stdout, stderr) = batch(&[
            data.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--shard",
            &shard,
        ]);
        assert!(code == 0 || code == 1, "{stdout}{stderr}");
        let csv = out.join(format!("summary-{k}-of-3.csv"));
        let rows = read_csv(&csv).unwrap();
        assert!(!rows.is_empty());
        seen.extend(rows.iter().map(|r| r.file.clone()));
        csvs.push(csv);
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "shards overlap: {seen:?}");
    let mut all: BTreeSet<String> = files.iter().map(|f| rel(&data, f)).collect();
    all.insert("broken.yaml".into());
    assert_eq!(unique.into_iter().cloned().collect::<BTreeSet<_>>(), all);
    assert!(
        !out.join("summary.pdf").exists(),
        "a shard writes no overview"
    );

    let merged = tmp.path().join("merged");
    std::fs::create_dir_all(&merged).unwrap();
    let mut args = vec!["--merge-summaries"];
    args.extend(csvs.iter().map(|c| c.to_str().unwrap()));
    args.extend(["-o", merged.to_str().unwrap()]);
    let (code, stdout, stderr) = batch(&args);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let rows = read_csv(&merged.join("summary.csv")).unwrap();
    assert_eq!(rows.len(), 8);
    assert_eq!(row(&rows, "broken.yaml").status, Status::Error);
    assert!(squash(&pdf_text(&merged.join("summary.pdf"))).contains("broken.yaml"));
}

#[cfg(unix)]
#[test]
fn outputs_never_leave_the_output_folder() {
    let tmp = common::tempdir();
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let files = synth::generate(2, &data, 5).unwrap();
    // Every output folder inside OUTDIR is a symlink to a folder outside it.
    for f in &files {
        let folder = Path::new(&rel(&data, f)).parent().unwrap().to_path_buf();
        let link = out.join(&folder);
        if !link.exists() {
            std::os::unix::fs::symlink(&outside, &link).unwrap();
        }
    }
    // A data folder symlinked from elsewhere is not followed either.
    std::os::unix::fs::symlink(&outside, data.join("elsewhere")).unwrap();
    let (code, stdout, _) = batch(&[data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    let rows = read_csv(&out.join("summary.csv")).unwrap();
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(r.status, Status::Error);
        assert!(r.findings.contains("输出目录之外"), "{r:?}");
    }
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "something was written outside OUTDIR"
    );
}

/// A unit over the time limit is reported and skipped; the run still ends with its
/// summary, and nothing of the abandoned build is written. With the default limit the
/// same folder builds.
#[test]
fn a_unit_over_the_time_limit_is_skipped_and_the_summary_still_written() {
    let dir = common::tempdir();
    let data = dir.path().join("data");
    let files = synth::generate(2, &data, 7).unwrap();
    let out = dir.path().join("out");
    let (code, _, err) = batch(&[
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "1",
        "--timeout",
        "0.001",
    ]);
    assert_eq!(code, 1, "{err}");
    let rows = read_csv(&out.join("summary.csv")).unwrap();
    assert_eq!(rows.len(), files.len());
    for r in &rows {
        assert_eq!(r.status, Status::Error, "{r:?}");
        assert!(r.findings.contains("超时：0.001 秒内未生成完"), "{r:?}");
        assert!(r.output.is_empty());
    }
    let pdfs = walkdir_pdfs(&out);
    assert_eq!(
        pdfs,
        vec![out.join("summary.pdf")],
        "only the overview: an abandoned build wrote nothing"
    );

    let (code, _, err) = batch(&[data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        walkdir_pdfs(&out).len(),
        files.len() + 1,
        "every unit and summary.pdf"
    );
}

/// The PDFs under `dir` (recursively).
fn walkdir_pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                found.push(p);
            }
        }
    }
    found
}
