//! The bad-input suite: every file under tests/bad/ is named `CODE-what.yaml` and must
//! produce a finding of rule CODE at the recorded line:column, with the right exit code,
//! without a panic. Encodings, BOM, CRLF and a 10 MB file are generated here.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::{juesuan, tempdir, write};

/// Expected `line:col` of the first finding of the file's rule ("" = no position).
const SNAPSHOT: &[(&str, &str)] = &[
    ("B001-declared-income.yaml", "129:17"),
    ("B001-declared-project.yaml", "135:12"),
    ("B003-closing-stated.yaml", "31:29"),
    ("B004-overspent.yaml", "27:19"),
    ("B006-personnel-mismatch.yaml", "58:1"),
    ("B007-public-mismatch.yaml", "58:1"),
    ("B008-capital-in-basic.yaml", "75:3"),
    ("B009-project-economic.yaml", "80:5"),
    ("B010-project-without-economic.yaml", "139:5"),
    ("B011-negative-closing-undeclared.yaml", "28:3"),
    ("C001-fullwidth-code.yaml", "41:11"),
    ("C001-six-digit-code.yaml", "41:11"),
    ("C002-unknown-code.yaml", "41:11"),
    ("C003-unknown-economic.yaml", "74:3"),
    ("C004-unknown-kuan.yaml", "41:11"),
    ("C005-economic-4-digit.yaml", "74:3"),
    ("C005-fullwidth-digits.yaml", "74:3"),
    ("C005-fuzz-zero-width-in-code.yaml", "62:3"),
    ("F000-duplicate-key.yaml", "6:3"),
    ("F000-tab-indent.yaml", "10:1"),
    ("F000-unclosed-bracket.yaml", "21:11"),
    ("F000-unclosed-quote.yaml", "44:12"),
    ("F001-empty.yaml", ""),
    ("F001-whitespace-only.yaml", ""),
    ("F002-schema-2.yaml", "3:9"),
    ("F003-unknown-field-unit.yaml", "6:3"),
    ("F003-unknown-in-expenditure.yaml", "42:5"),
    ("F003-unknown-top-level.yaml", "26:1"),
    ("F004-misindented-key.yaml", "5:1"),
    ("F004-missing-project-amount.yaml", "87:5"),
    ("F004-missing-unit.yaml", "1:1"),
    ("F004-missing-year.yaml", "5:1"),
    ("F005-count-absurd.yaml", "100:18"),
    ("F005-count-negative.yaml", "100:20"),
    ("F005-deep-nesting-250.yaml", "2:106"),
    ("F005-deep-nesting.yaml", "2:106"),
    ("F005-expenditure-not-list.yaml", "5:14"),
    ("F005-kind-variant.yaml", "8:9"),
    ("F005-year-text.yaml", "11:9"),
    ("F006-amount-huge.yaml", "27:19"),
    ("F006-amount-wan.yaml", "27:19"),
    ("F006-decimal-comma.yaml", "27:19"),
    ("F006-scientific.yaml", "27:19"),
    ("F010-negative-personnel.yaml", "42:16"),
    ("F010-negative-procurement.yaml", "104:22"),
    ("F011-three-decimals.yaml", "36:13"),
    ("F012-year-1923.yaml", "11:9"),
    ("F013-anchor-alias.yaml", "6:9"),
    ("F015-document-date-feb-30.yaml", "258:18"),
    ("F016-empty-unit-name.yaml", "6:9"),
    ("F017-publish-date.yaml", "12:17"),
    ("G003-zero-width-in-name.yaml", "6:15"),
    ("K001-no-last-year.yaml", "116:3"),
    ("K002-change-without-reason.yaml", "123:3"),
    ("K005-budget-without-reason.yaml", "44:11"),
    ("P006-indicator-without-actual.yaml", "128:46"),
    ("P007-unit-budget-unbalanced.yaml", "212:28"),
    ("P008-weights-not-100.yaml", "125:7"),
    ("P009-score-over-weight.yaml", "179:121"),
    ("P010-total-not-stated.yaml", "154:14"),
    ("T001-empty-parens.yaml", "10:18"),
    ("T001-measure-word.yaml", "20:22"),
    ("T001-placeholder-xx.yaml", "123:82"),
    ("T001-reason-alternative.yaml", "40:32"),
    ("T001-zero-padded.yaml", "113:100"),
    ("X001-projects-sum.yaml", "76:1"),
    ("X002-project-code.yaml", "88:11"),
    ("X003-bought-over-fleet.yaml", "100:37"),
    ("X004-reception-persons.yaml", "100:60"),
    ("X005-amount-without-count.yaml", "100:34"),
    ("X006-reception-economic.yaml", "75:12"),
    ("X007-operating-over-public.yaml", "102:21"),
    ("X008-sme-over-total.yaml", "104:32"),
    ("X009-small-micro-over-sme.yaml", "104:49"),
];

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn no_panic(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(o.status.code().is_some(), "killed by a signal");
}

/// Warning-only rules: the file checks with exit 0.
fn is_warning(code: &str) -> bool {
    code.starts_with('K') || ["X003", "X005", "B005", "G003"].contains(&code)
}

#[test]
fn every_bad_file_reports_its_rule_at_its_position() {
    let mut files: Vec<String> = std::fs::read_dir(bad_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "only {} bad files", files.len());
    let listed: Vec<&str> = SNAPSHOT.iter().map(|s| s.0).collect();
    assert_eq!(files, listed, "tests/bad/ and SNAPSHOT differ");
    let mut failures = Vec::new();
    for (name, at) in SNAPSHOT {
        let code = name.split('-').next().unwrap();
        let path = bad_dir().join(name);
        let p = path.to_str().unwrap();
        let o = juesuan(&["check", p, "--format", "json"]);
        no_panic(&o);
        let want_exit = if is_warning(code) { 0 } else { 1 };
        if o.status.code() != Some(want_exit) {
            failures.push(format!(
                "{name}: exit {:?}, want {want_exit}",
                o.status.code()
            ));
        }
        let v = json(&o);
        let first = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .cloned();
        let Some(f) = first else {
            failures.push(format!("{name}: no {code} finding in {}", v["findings"]));
            continue;
        };
        let want_loc = if at.is_empty() {
            p.to_string()
        } else {
            format!("{p}:{at}")
        };
        if f["location"] != want_loc.as_str() {
            failures.push(format!(
                "{name}: {code} at {}, want {want_loc}",
                f["location"]
            ));
        }
        let msg = f["message"].as_str().unwrap_or("");
        if !msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            failures.push(format!("{name}: message not Chinese: {msg}"));
        }
        // The text form shows file:line:col and the source line (rustc-like).
        if !at.is_empty() {
            let t = juesuan(&["check", p]);
            let out = String::from_utf8_lossy(&t.stdout);
            let (line, _) = at.split_once(':').unwrap();
            let src_line = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .nth(line.parse::<usize>().unwrap() - 1)
                .unwrap_or("")
                .to_string();
            if !out.contains(&format!("[{code}]"))
                || !out.contains(&format!("{p}:{at}"))
                || !out.contains(src_line.trim())
            {
                failures.push(format!(
                    "{name}: text output lacks code, location or source line:\n{out}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn example_text() -> String {
    std::fs::read_to_string(common::example()).unwrap()
}

/// The example with the declared 项目支出 wrong: B001 at 133:12.
fn with_b001() -> String {
    example_text().replacen("\n  project: 2435646.52\n", "\n  project: 2435646.50\n", 1)
}

/// Where the doctored `declared.project` value stands in `with_b001()` (line:column).
fn b001_expected() -> String {
    let text = with_b001();
    let line = text
        .lines()
        .position(|l| l == "  project: 2435646.50")
        .expect("doctored line")
        + 1;
    format!("{line}:12")
}

fn b001_location(o: &Output) -> String {
    let v = json(o);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "B001")
        .expect("B001")
        .clone();
    let loc = f["location"].as_str().unwrap().to_string();
    loc.rsplitn(3, ':')
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join(":")
}

#[test]
fn bom_and_crlf_keep_positions() {
    let dir = tempdir();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(with_b001().as_bytes());
    let p = dir.path().join("bom.yaml");
    std::fs::write(&p, bom).unwrap();
    let o = juesuan(&["check", p.to_str().unwrap(), "--format", "json"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(b001_location(&o), b001_expected());
    let p = write(dir.path(), "crlf.yaml", &with_b001().replace('\n', "\r\n"));
    let o = juesuan(&["check", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(b001_location(&o), b001_expected());
    // A clean file with BOM + CRLF passes.
    let mut clean = b"\xEF\xBB\xBF".to_vec();
    clean.extend(example_text().replace('\n', "\r\n").as_bytes());
    let p = dir.path().join("clean.yaml");
    std::fs::write(&p, clean).unwrap();
    assert_eq!(
        juesuan(&["check", p.to_str().unwrap()]).status.code(),
        Some(0)
    );
}

#[test]
fn gbk_and_utf16_files_are_refused_with_advice() {
    let dir = tempdir();
    let text = example_text();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let p = dir.path().join("gbk.yaml");
    std::fs::write(&p, &gbk).unwrap();
    let o = juesuan(&["check", p.to_str().unwrap()]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("UTF-8") && err.contains("GBK") && err.contains("另存为"),
        "{err}"
    );
    let o = juesuan(&["check", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["findings"][0]["code"], "F008");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in example_text().encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let p = dir.path().join("utf16.yaml");
    std::fs::write(&p, utf16).unwrap();
    let o = juesuan(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("UTF-16"));
}

#[test]
fn unreadable_input_exits_2() {
    let dir = tempdir();
    let missing = dir.path().join("none.yaml");
    let o = juesuan(&["check", missing.to_str().unwrap()]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法读取"));
    let o = juesuan(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let p = dir.path().join("bin.yaml");
    std::fs::write(&p, [0u8, 159, 146, 150, 255, 0, 1, 2]).unwrap();
    let o = juesuan(&["check", p.to_str().unwrap(), "--format", "json"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_file_just_under_the_text_limit_is_checked_in_full() {
    // 980,000 characters of duties (about 3 MB) beside the example's own text: every rule
    // still runs over it.
    let dir = tempdir();
    let filler = "融媒体中心负责开展网上宣传工作。".repeat(980_000 / 16);
    let text = example_text()
        .replacen(
            "  duties: >-\n",
            &format!("  duties: >-\n    {filler}\n"),
            1,
        )
        .replacen("两个项目\n", "两个项目，增加XX万元\n", 1);
    let p = write(dir.path(), "big.yaml", &text);
    let t = Instant::now();
    let o = juesuan(&["check", p.to_str().unwrap(), "--format", "json"]);
    no_panic(&o);
    assert!(
        t.elapsed() < Duration::from_secs(60),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["T001"], "{v}");
}

#[test]
fn check_reports_all_findings_and_coverage() {
    let dir = tempdir();
    // Three independent problems: all are reported, in one run.
    let text = with_b001()
        .replacen("  year: 2023", "  year: 1923", 1)
        .replacen("procurement: {}", "procurement: {goods: 100, sme: 120}", 1);
    let p = write(dir.path(), "many.yaml", &text);
    let o = juesuan(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    for code in ["[B001]", "[F012]", "[X008]"] {
        assert!(out.contains(code), "{code} missing:\n{out}");
    }
    assert!(
        out.contains("应为 2,435,646.52，实为 2,435,646.50"),
        "{out}"
    );
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("审核规则集 v") && last.contains("不适用"),
        "{last}"
    );
    let v = json(&juesuan(&[
        "check",
        p.to_str().unwrap(),
        "--format",
        "json",
    ]));
    let c = &v["coverage"];
    let n = |k: &str| c[k].as_u64().unwrap();
    assert_eq!(n("passed") + n("found") + n("not_applicable"), n("rules"));
    assert_eq!(n("found"), 3);
    assert_eq!(v["errors"], 3);
    // Clean example: exit 0 and the coverage counts every rule.
    let o = juesuan(&["check", common::example().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("发现问题 0 条"));
}

#[test]
fn init_writes_a_template_that_asks_only_for_the_name_and_never_overwrites() {
    let dir = tempdir();
    let p = dir.path().join("新单位.yaml");
    let ps = p.to_str().unwrap();
    let o = juesuan(&["init", ps]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // All zeros check clean; the empty unit name is the one error (F016, located).
    let v = json(&juesuan(&["check", ps, "--format", "json"]));
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v}");
    assert_eq!(findings[0]["code"], "F016", "{v}");
    assert_eq!(findings[0]["location"], format!("{ps}:8:9"), "{v}");
    std::fs::write(&p, "schema: 1\n").unwrap();
    let o = juesuan(&["init", ps]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("已存在"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "schema: 1\n");
}

#[test]
fn build_stops_on_errors_and_goes_on_with_warnings() {
    let dir = tempdir();
    let bad = bad_dir().join("B001-declared-project.yaml");
    let out = dir.path().join("bad.pdf");
    let o = juesuan(&["build", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("B001"));
    assert!(!out.exists(), "a PDF was written despite errors");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "leftover files"
    );
    let warn = bad_dir().join("K001-no-last-year.yaml");
    let out = dir.path().join("warn.pdf");
    let o = juesuan(&["build", warn.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning[K001]") && err.contains("K001-no-last-year.yaml:116:3"),
        "{err}"
    );
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
}
