//! Hostile and careless input (issue 17): files that made the YAML parsers allocate
//! gigabytes or run for minutes are refused by the first pass, located, before any parser
//! sees them — in `check`, `build` and `batch`. The big files are generated here.

mod common;

use std::path::Path;
use std::process::Output;

use common::{example, juesuan, tempdir, write};

fn no_crash(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(o.status.code().is_some(), "killed by a signal: {err}");
}

/// `check --format json`: the exit code and the findings' `code@line:col`.
fn check(path: &Path) -> (Option<i32>, Vec<String>) {
    let p = path.to_str().unwrap();
    let o = juesuan(&["check", p, "--format", "json"]);
    no_crash(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&o.stderr)));
    let found = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let loc = f["location"].as_str().unwrap();
            let at = loc.strip_prefix(p).unwrap_or(loc);
            format!(
                "{}@{}",
                f["code"].as_str().unwrap(),
                at.trim_start_matches(':')
            )
        })
        .collect();
    (o.status.code(), found)
}

/// `build`: refused with exit 1, the rule named, no PDF and no temporary file left.
fn build_refused(path: &Path, code: &str) {
    let dir = tempdir();
    let out = dir.path().join("r.pdf");
    let o = juesuan(&["build", path.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    no_crash(&o);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("[{code}]")), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// One 200 KB scalar anchored and aliased `n` times (12 GB expanded for n = 60,000).
fn alias_bomb(scalar: usize, n: usize) -> String {
    format!(
        "schema: 1\nunit:\n  name: 某单位\n  year: 2023\noverview:\n  duties: &a \"{}\"\n  included_units: [{}]\n",
        "甲".repeat(scalar / 3),
        vec!["*a"; n].join(", ")
    )
}

#[test]
fn alias_bombs_are_refused_at_the_anchor() {
    let dir = tempdir();
    for (name, scalar, n, size) in [
        ("bomb440k.yaml", 200_000, 60_000, 440_000),
        ("bomb60k.yaml", 20_000, 10_000, 60_000),
    ] {
        let text = alias_bomb(scalar, n);
        assert!(text.len() >= size, "{name}: {}", text.len());
        let p = write(dir.path(), name, &text);
        assert_eq!(
            check(&p),
            (Some(1), vec!["F013@6:11".to_string()]),
            "{name}"
        );
        build_refused(&p, "F013");
    }
}

#[test]
fn deep_nesting_is_refused_at_the_hundred_and_first_level() {
    let dir = tempdir();
    // 100,000 deep is 200 KB; 500,000 deep is 1 MB.
    for depth in [100_000, 500_000] {
        let text = format!(
            "schema: 1\nunit: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let p = write(dir.path(), &format!("deep{depth}.yaml"), &text);
        // `unit:` is level 1: the 100th bracket (column 106) is level 101.
        assert_eq!(
            check(&p),
            (Some(1), vec!["F005@2:106".to_string()]),
            "{depth}"
        );
        build_refused(&p, "F005");
    }
}

#[test]
fn oversize_files_and_texts_are_refused() {
    let dir = tempdir();
    let ex = std::fs::read_to_string(example()).unwrap();
    let big = format!("{ex}# {}\n", "注".repeat(3 * 1024 * 1024));
    assert!(big.len() > 8 * 1024 * 1024);
    let p = write(dir.path(), "10mb.yaml", &big);
    let (code, found) = check(&p);
    assert_eq!((code, found), (Some(1), vec!["F014@".to_string()]));
    build_refused(&p, "F014");
    // 1.2 million characters of text in a 3.6 MB file: refused where the limit is passed.
    let text = ex.replacen(
        "  duties: >-\n",
        &format!("  duties: >-\n    {}\n", "职".repeat(1_200_000)),
        1,
    );
    let p = write(dir.path(), "text.yaml", &text);
    let line = text.lines().position(|l| l.starts_with("    职")).unwrap() + 1;
    assert_eq!(check(&p), (Some(1), vec![format!("F014@{line}:5")]));
}

#[test]
fn a_bomb_in_a_batch_fails_its_unit_only() {
    let dir = tempdir();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(example(), data.join("a-good.yaml")).unwrap();
    write(&data, "b-bomb.yaml", &alias_bomb(200_000, 60_000));
    write(
        &data,
        "c-deep.yaml",
        &format!(
            "schema: 1\nunit: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    let out = dir.path().join("out");
    let o = juesuan(&[
        "batch",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "1",
    ]);
    no_crash(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.join("a-good.pdf").is_file());
    assert!(out.join("summary.pdf").is_file());
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let row = |f: &str| csv.lines().find(|l| l.contains(f)).unwrap().to_string();
    assert!(
        row("b-bomb.yaml").contains("b-bomb.yaml:6:11 F013"),
        "{csv}"
    );
    assert!(
        row("c-deep.yaml").contains("c-deep.yaml:2:106 F005"),
        "{csv}"
    );
    assert!(row("a-good.yaml").contains("成功") || row("a-good.yaml").contains("警告"));
}

/// Starts `preview` on `serve`, waits for its address, stops it; its stderr.
fn preview_stderr(serve: &str) -> String {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    let dir = tempdir();
    let data = dir.path().join("d.yaml");
    std::fs::copy(example(), &data).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(["preview", data.to_str().unwrap(), "--serve", serve])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    assert!(first.starts_with("预览地址：http://"), "{first}\n{err}");
    err
}

#[test]
fn preview_warns_when_it_listens_beyond_this_machine() {
    let err = preview_stderr("0.0.0.0:0");
    assert!(err.contains("警告：预览服务监听 0.0.0.0:"), "{err}");
    assert!(err.contains("127.0.0.1"), "{err}");
    assert!(!preview_stderr("127.0.0.1:0").contains("警告：预览服务监听"));
}

#[test]
fn a_self_calling_macro_in_a_template_override_is_an_error_not_a_crash() {
    let dir = tempdir();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir_all(&tpl).unwrap();
    let macros = juesuan::config::templates::builtin()
        .iter()
        .find(|(n, _)| *n == "macros.typ")
        .unwrap()
        .1;
    let head = "{%- macro change(c, subject, prev_year, each=false) -%}";
    let looping = macros.replacen(
        head,
        &format!("{head}{{{{ self::change(c=c, subject=subject, prev_year=prev_year) }}}}"),
        1,
    );
    assert_ne!(looping, macros);
    write(&tpl, "macros.typ", &looping);
    let out = dir.path().join("r.pdf");
    let o = juesuan(&[
        "build",
        example().to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    no_crash(&o);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("循环调用") && err.contains("macros.typ 中的宏 change"),
        "{err}"
    );
    assert!(!out.exists());
}

/// Runs `juesuan args` with writes limited to 256 KB (as on a full disk: the write that
/// passes the limit fails with EFBIG instead of killing the process).
fn juesuan_with_small_disk(args: &[&str]) -> Output {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 256; exec '{}' {}",
            env!("CARGO_BIN_EXE_juesuan"),
            quoted.join(" ")
        ))
        .output()
        .unwrap()
}

#[test]
fn an_unwritable_or_full_output_folder_stops_the_run_before_typesetting() {
    let dir = tempdir();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(example(), data.join("a.yaml")).unwrap();
    let ex = example();
    let ex = ex.to_str().unwrap();
    let out = dir.path().join("out");
    let (data_s, out_s) = (data.to_str().unwrap(), out.to_str().unwrap());
    // /proc/self takes no new file, even for root; the write limit stands for a full disk.
    for (o, why) in [
        (
            juesuan(&["build", ex, "-o", "/proc/self/r.pdf"]),
            "/proc/self",
        ),
        (juesuan(&["batch", data_s, "-o", "/proc/self"]), "/proc/"),
        (
            juesuan_with_small_disk(&["build", ex, "-o", &format!("{out_s}/r.pdf")]),
            "超出文件大小限制",
        ),
        (
            juesuan_with_small_disk(&["batch", data_s, "-o", out_s, "-j", "1"]),
            "超出文件大小限制",
        ),
    ] {
        no_crash(&o);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("无法写入") && err.contains("未开始生成报告"),
            "{err}"
        );
        assert!(err.contains(why), "{err}");
        assert!(!err.contains("[1/1]"), "a unit was typeset: {err}");
    }
    assert!(!out.join("summary.csv").exists());
    assert!(!out.join("r.pdf").exists());
}

#[test]
fn temporary_files_of_killed_runs_are_removed_by_the_next_run() {
    let dir = tempdir();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("教育")).unwrap();
    std::fs::copy(example(), data.join("教育/a.yaml")).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("教育")).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let stale = out.join("教育/.juesuan-Xy12Ab.tmp");
    let fresh = out.join(".juesuan-Fresh1.tmp");
    let other = out.join(".juesuan-notes.txt");
    for p in [&stale, &fresh, &other] {
        std::fs::write(p, b"%PDF-1.7 partial").unwrap();
    }
    for p in [&stale, &other] {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let o = juesuan(&[
        "batch",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "1",
    ]);
    no_crash(&o);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!stale.exists(), "an old temporary file of ours stays");
    assert!(
        fresh.exists(),
        "a file a concurrent run may be writing was removed"
    );
    assert!(other.exists(), "a file not ours was removed");
    assert!(out.join("教育/a.pdf").is_file());
    // build cleans the report's folder the same way.
    let stale = out.join(".juesuan-Old999.tmp");
    std::fs::write(&stale, b"x").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    common::build(&example(), &out, "b");
    assert!(!stale.exists());
    assert!(fresh.exists());
}

#[test]
fn jobs_beyond_the_cores_are_capped_and_said() {
    let cores = std::thread::available_parallelism().unwrap().get();
    let dir = tempdir();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(example(), data.join("a.yaml")).unwrap();
    let j = (cores + 48).to_string();
    let o = juesuan(&[
        "batch",
        data.to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
        "-j",
        &j,
    ]);
    no_crash(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("提示：-j {j} 超过本机可用的 CPU 核数 {cores}"))
            || err.contains(&format!("提示：-j {j} 的")),
        "{err}"
    );
}
