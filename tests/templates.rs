//! `juesuan templates export` and `juesuan diff`: the exported set is the built-in one
//! (same PDF, byte for byte), existing files are never overwritten without --force, and
//! diff finds exactly the pages a template change touches.

mod common;

use std::path::Path;

use common::{example, juesuan, tempdir};

fn export(dir: &Path, force: bool) -> std::process::Output {
    let mut args = vec!["templates", "export", dir.to_str().unwrap()];
    if force {
        args.push("--force");
    }
    juesuan(&args)
}

#[test]
fn export_writes_every_builtin_template() {
    let d = tempdir();
    let tpl = d.path().join("tpl");
    let o = export(&tpl, false);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in [
        "report.typ",
        "macros.typ",
        "preamble.typ",
        "part2/s01-total.typ",
        "part3-glossary.typ",
    ] {
        let text = std::fs::read_to_string(tpl.join(name))
            .unwrap_or_else(|_| panic!("{name} not exported"));
        assert!(!text.trim().is_empty(), "{name} is empty");
    }
}

#[test]
fn export_never_overwrites_without_force() {
    let d = tempdir();
    let tpl = d.path().join("tpl");
    assert!(export(&tpl, false).status.success());
    let s01 = tpl.join("part2/s01-total.typ");
    std::fs::write(&s01, "我的修改\n").unwrap();

    let o = export(&tpl, false);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("已存在"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(err.contains(".typ"), "the message names the file: {err}");
    assert_eq!(
        std::fs::read_to_string(&s01).unwrap(),
        "我的修改\n",
        "the edit was overwritten"
    );

    let o = export(&tpl, true);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(
        std::fs::read_to_string(&s01).unwrap(),
        "我的修改\n",
        "--force did not overwrite"
    );
}

#[test]
fn exported_set_renders_like_the_builtin_one() {
    let d = tempdir();
    let tpl = d.path().join("tpl");
    assert!(export(&tpl, false).status.success());
    let builtin = common::build(&example(), d.path(), "builtin");
    let exported = d.path().join("exported.pdf");
    let o = juesuan(&[
        "build",
        example().to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        std::fs::read(&builtin).unwrap() == std::fs::read(&exported).unwrap(),
        "the exported templates give another PDF than the built-in ones"
    );
}

#[test]
fn diff_of_identical_templates_exits_0() {
    let d = tempdir();
    let tpl = d.path().join("tpl");
    assert!(export(&tpl, false).status.success());
    let out = d.path().join("diff");
    let o = juesuan(&[
        "diff",
        example().to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("changes.txt")).unwrap(),
        ""
    );
    assert!(String::from_utf8_lossy(&o.stdout).trim().is_empty());
    // Every page as PNG on both sides, no difference images.
    let pngs = |sub: &str| std::fs::read_dir(out.join(sub)).unwrap().count();
    assert!(pngs("new") >= 5);
    assert_eq!(pngs("new"), pngs("old"));
    assert!(!out.join("diff-001.png").exists());
    let png = std::fs::read(out.join("new/page-001.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
}

#[test]
fn diff_lists_the_pages_a_heading_change_touches() {
    let d = tempdir();
    let tpl = d.path().join("tpl");
    assert!(export(&tpl, false).status.success());
    let s01 = tpl.join("part2/s01-total.typ");
    let text = std::fs::read_to_string(&s01).unwrap();
    std::fs::write(&s01, text.replacen("总体情况说明", "总体情况说明（新）", 1)).unwrap();

    let out = d.path().join("diff");
    let o = juesuan(&[
        "diff",
        example().to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // The changed pages are exactly those whose text contains the new heading.
    let pdf = d.path().join("new.pdf");
    let b = juesuan(&[
        "build",
        example().to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(b.status.success());
    let n = std::fs::read_dir(out.join("new")).unwrap().count();
    let expected: Vec<usize> = (1..=n)
        .filter(|p| common::page_text(&pdf, *p).contains("总体情况说明（新）"))
        .collect();
    assert!(!expected.is_empty());

    let changes = std::fs::read_to_string(out.join("changes.txt")).unwrap();
    let listed: Vec<usize> = changes
        .lines()
        .map(|l| {
            l.strip_prefix('第')
                .and_then(|r| r.split('页').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("odd line {l:?}"))
        })
        .collect();
    assert_eq!(listed, expected, "changes.txt:\n{changes}");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        changes,
        "stdout lists the same pages"
    );
    for p in &expected {
        assert!(
            out.join(format!("diff-{p:03}.png")).exists(),
            "no difference image for page {p}"
        );
    }
    // The difference image marks changed pixels in red.
    let img = image::open(out.join(format!("diff-{:03}.png", expected[0])))
        .unwrap()
        .to_rgba8();
    let red = img.pixels().filter(|p| p.0 == [230, 0, 0, 255]).count();
    assert!(red > 50, "only {red} red pixels");
}

#[test]
fn diff_reports_a_broken_template_with_exit_2() {
    let d = tempdir();
    let tpl = d.path().join("tpl");
    std::fs::create_dir_all(tpl.join("part2")).unwrap();
    std::fs::write(tpl.join("part2/s01-total.typ"), "{% if %}\n").unwrap();
    let o = juesuan(&[
        "diff",
        example().to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
        "-o",
        d.path().join("diff").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("part2/s01-total.typ"), "{err}");
}
