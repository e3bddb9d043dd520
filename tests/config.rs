//! The configuration stage: one resolved configuration per report (a district setting
//! reaches compute and audit alike; flags win over the file), table sets chosen by name
//! only (an unknown or broken set is a located error, never a fallback), and outputs
//! that would overwrite an input refused before any work.

mod common;

use std::path::{Path, PathBuf};

use common::{example, juesuan, pdf_text, squash, tempdir, write};
use juesuan::config::{Layers, Options};
use juesuan::model::settings::SettingsOverride;
use juesuan::model::CompletionBasis;
use juesuan::pipeline::{self, Toolkit};

/// The example with 年初预算 on its 事业运行 line only: 742,359.00 (全年预算 721,199.26).
fn example_with_initial_budget() -> String {
    let text = std::fs::read_to_string(example()).unwrap();
    assert!(text.contains("    budget_initial: 742359.00"));
    text.lines()
        .filter(|l| !l.starts_with("    budget_initial:") || l.contains("742359.00"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_district_completion_basis_reaches_compute_and_audit_alike() {
    let dir = tempdir();
    let file = write(dir.path(), "unit.yaml", &example_with_initial_budget());
    let loaded = juesuan::model::load_file(&file).unwrap();
    let check = |layers: Layers| {
        let kit = Toolkit::new(&Options {
            layers,
            ..Options::default()
        })
        .unwrap();
        pipeline::check(&kit, &loaded).unwrap()
    };
    let district = Layers {
        district: Some(SettingsOverride {
            completion_basis: Some(CompletionBasis::Initial),
            ..SettingsOverride::default()
        }),
        ..Layers::default()
    };
    let plain = check(Layers::default());
    let initial = check(district);
    assert_eq!(
        initial.config.settings.completion_basis,
        CompletionBasis::Initial
    );
    // compute: 事业运行's 完成预算% against 742,359.00 instead of 721,199.26.
    let line = |c: &pipeline::Checked| {
        c.figures
            .general_budget
            .lines
            .iter()
            .find(|l| l.code == "2013350")
            .unwrap()
            .budget
            .unwrap()
            .to_string()
    };
    assert_eq!(line(&plain), "721199.26");
    assert_eq!(line(&initial), "742359.00");
    // audit: K003 sees the same basis — the other lines state only 全年预算.
    let k003 = |c: &pipeline::Checked| c.findings.iter().filter(|f| f.code == "K003").count();
    assert_eq!(k003(&plain), 0, "{:?}", plain.findings);
    assert!(k003(&initial) > 0, "{:?}", initial.findings);
    assert!(initial.coverage.found > plain.coverage.found);
}

#[test]
fn batch_passes_the_district_setting_to_the_audit() {
    let dir = tempdir();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    write(&data, "unit.yaml", &example_with_initial_budget());
    write(
        &data,
        "juesuan.yaml",
        "settings:\n  completion_basis: 年初预算\n",
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
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(csv.contains("K003"), "{csv}");
    // The report computed 事业运行 against 年初预算: 721,199.26 / 742,359.00 = 97.15%;
    // the other lines fall back to 全年预算, so each line names its basis.
    let text = squash(&pdf_text(&out.join("unit.pdf")));
    assert!(
        text.contains("事业运行（项）：支出决算为72.12万元，完成年初预算的97.15%"),
        "{text}"
    );
    assert!(
        text.contains("住房公积金（项）：支出决算为7.41万元，完成全年预算的100%"),
        "{text}"
    );
}

#[test]
fn flags_win_over_the_files_settings() {
    let dir = tempdir();
    let mut text = std::fs::read_to_string(example()).unwrap();
    text.push_str("settings:\n  table_unit: 万元\n");
    let file = write(dir.path(), "wan.yaml", &text);
    let build = |extra: &[&str], name: &str| -> String {
        let pdf = dir.path().join(name);
        let o = juesuan(
            &[
                &["build", file.to_str().unwrap(), "-o", pdf.to_str().unwrap()],
                extra,
            ]
            .concat(),
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        squash(&pdf_text(&pdf))
    };
    assert!(build(&[], "a.pdf").contains("金额单位：万元"));
    let yuan = build(&["--table-unit", "yuan"], "b.pdf");
    assert!(yuan.contains("金额单位：元") && !yuan.contains("金额单位：万元"));
}

/// `check` on the example naming table set `name`: (exit code, stdout).
fn check_with_set(dir: &Path, name: &str, json: bool) -> (Option<i32>, String) {
    let mut text = std::fs::read_to_string(example()).unwrap();
    text.push_str(&format!("settings:\n  template_set: \"{name}\"\n"));
    let file = write(dir, "set.yaml", &text);
    let mut args = vec!["check", file.to_str().unwrap()];
    if json {
        args.extend(["--format", "json"]);
    }
    let o = juesuan(&args);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn an_unknown_or_path_like_table_set_is_a_located_error() {
    let dir = tempdir();
    let line = std::fs::read_to_string(example()).unwrap().lines().count() + 2;
    for name in [
        "nonexistent",
        "../../etc/x",
        "/etc/passwd",
        "tables/sichuan",
    ] {
        let (code, out) = check_with_set(dir.path(), name, false);
        assert_eq!(code, Some(1), "{name}: {out}");
        assert!(out.contains("error[S001]"), "{name}: {out}");
        assert!(
            out.contains(&format!("set.yaml:{line}:17")),
            "{name}: {out}"
        );
        assert!(out.contains("national、sichuan"), "{name}: {out}");
    }
    let (_, json) = check_with_set(dir.path(), "../x", true);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["code"], "S001");
    assert_eq!(f["path"], "settings.template_set");
    assert!(f["location"]
        .as_str()
        .unwrap()
        .ends_with(&format!(":{line}:17")));
    // build stops: no PDF, no fallback to another set.
    let pdf = dir.path().join("x.pdf");
    let set = dir.path().join("set.yaml");
    let o = juesuan(&["build", set.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!pdf.exists());
    // The known name passes.
    assert_eq!(check_with_set(dir.path(), "national", false).0, Some(0));
}

/// A template folder with `tables/<name>.yaml`.
fn folder_with_set(dir: &Path, name: &str, text: &str) -> PathBuf {
    let tpl = dir.join("tpl");
    std::fs::create_dir_all(tpl.join("tables")).unwrap();
    std::fs::write(tpl.join("tables").join(format!("{name}.yaml")), text).unwrap();
    tpl
}

#[test]
fn a_set_of_the_template_folder_is_used_by_name_and_a_broken_one_stops_the_build() {
    let dir = tempdir();
    let sichuan = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/tables/sichuan.yaml"),
    )
    .unwrap();
    let mine = sichuan.replace("收入支出决算总表", "收入支出决算总表（本地）");
    let tpl = folder_with_set(dir.path(), "local", &mine);
    std::fs::write(
        tpl.join("tables/broken.yaml"),
        "rounding_note: x\ntables: 3\n",
    )
    .unwrap();
    let build = |set: &str, pdf: &Path| {
        let mut text = std::fs::read_to_string(example()).unwrap();
        text.push_str(&format!("settings:\n  template_set: {set}\n"));
        let file = write(dir.path(), &format!("{set}.yaml"), &text);
        juesuan(&[
            "build",
            file.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--templates",
            tpl.to_str().unwrap(),
        ])
    };
    let pdf = dir.path().join("local.pdf");
    let o = build("local", &pdf);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(squash(&pdf_text(&pdf)).contains("收入支出决算总表（本地）"));
    // check sees the same sets as build when given the folder.
    let local = dir.path().join("local.yaml");
    let check = |extra: &[&str]| {
        juesuan(&[&["check", local.to_str().unwrap()], extra].concat())
            .status
            .code()
    };
    assert_eq!(check(&["--templates", tpl.to_str().unwrap()]), Some(0));
    assert_eq!(check(&[]), Some(1), "without the folder the set is unknown");
    // A broken set file: a located error, exit 2, nothing written, no error text in a PDF.
    let bad = dir.path().join("broken.pdf");
    let o = build("broken", &bad);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("附表配置文件") && err.contains("broken.yaml:2:"),
        "{err}"
    );
    assert!(!bad.exists());
}

#[test]
fn a_districts_unknown_set_stops_the_batch_before_any_unit() {
    let dir = tempdir();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(example(), data.join("unit.yaml")).unwrap();
    write(
        &data,
        "juesuan.yaml",
        "name: 测试区\nsettings:\n  template_set: ../../x\n",
    );
    let out = dir.path().join("out");
    let o = juesuan(&["batch", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("juesuan.yaml:3:17") && err.contains("模板套"),
        "{err}"
    );
    assert!(!out.join("unit.pdf").exists());
}

#[test]
fn an_output_that_is_an_input_is_refused_before_any_work() {
    let dir = tempdir();
    let d = dir.path();
    let data = write(d, "a.yaml", &std::fs::read_to_string(example()).unwrap());
    let before = std::fs::read(&data).unwrap();
    let tpl = d.join("tpl");
    std::fs::create_dir_all(tpl.join("part2")).unwrap();
    let template = write(&tpl.join("part2"), "note.typ", "模板");
    let fonts = d.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let font = write(&fonts, "x.otf", "not really a font");
    let link = d.join("link.yaml");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&data, &link).unwrap();
    let data_s = data.to_str().unwrap();
    let other = d.join("sub/../a.yaml");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["-o", data_s], "数据文件"),
        (vec!["-o", other.to_str().unwrap()], "数据文件"),
        (vec!["--typst-out", data_s], "数据文件"),
        (vec!["-o", template.to_str().unwrap()], "模板"),
        (vec!["--typst-out", template.to_str().unwrap()], "模板"),
        (vec!["-o", font.to_str().unwrap()], "字体"),
        #[cfg(unix)]
        (vec!["-o", link.to_str().unwrap()], "数据文件"),
    ];
    std::fs::create_dir_all(d.join("sub")).unwrap();
    for (extra, kind) in cases {
        let o = juesuan(
            &[
                &["build", data_s, "--templates", tpl.to_str().unwrap()],
                &["--font-dir", fonts.to_str().unwrap()][..],
                &extra[..],
            ]
            .concat(),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(
            err.contains("就是输入的") && err.contains(kind),
            "{extra:?}: {err}"
        );
    }
    assert_eq!(
        std::fs::read(&data).unwrap(),
        before,
        "the data file is untouched"
    );
    assert_eq!(std::fs::read_to_string(&template).unwrap(), "模板");
    assert_eq!(std::fs::read_to_string(&font).unwrap(), "not really a font");
}
