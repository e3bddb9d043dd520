//! The guard: the example's text is clean; a placeholder is named by the template file
//! or the data field (with line:col) it came from.

use std::path::Path;

use super::*;
use crate::catalog::Catalog;
use crate::config::{Layers, TemplateSet};
use crate::model::load_str;

const EXAMPLE: &str = include_str!("../../../data/example/dongqu-media-2023.yaml");

/// The guard's findings for `data` rendered with the built-in templates, some of them
/// replaced by `overrides` (name, text).
fn guard(data: &str, overrides: &[(&str, &str)]) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in overrides {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let set = TemplateSet::load((!overrides.is_empty()).then_some(dir.path())).unwrap();
    let renderer = Renderer::new(&set).unwrap();
    let loaded = load_str(Path::new("t.yaml"), data.to_string()).unwrap();
    let settings = Layers::default().settings(loaded.data.settings.as_ref());
    let catalog = Catalog::builtin();
    let fig = crate::compute::compute(&loaded.data, &catalog, &settings);
    let tables = set.table_set(&settings.template_set).unwrap();
    let view = crate::render::view::build(&loaded.data, &fig, &catalog, &settings, &tables);
    let source = renderer.render(&view, &settings).unwrap();
    check(&renderer, set.files(), &view, &settings, &source, &loaded)
}

#[test]
fn the_example_has_no_placeholder() {
    assert!(guard(EXAMPLE, &[]).is_empty());
}

#[test]
fn a_template_placeholder_names_its_file() {
    let builtin = crate::config::templates::builtin();
    let intro = builtin
        .iter()
        .find(|(n, _)| *n == "part2/intro.typ")
        .unwrap()
        .1;
    let text = format!("{intro}\n本{{{{ unit.kind }}}}XX年度增加/减少情况说明。\n");
    let f = guard(EXAMPLE, &[("part2/intro.typ", &text)]);
    let found: Vec<(&str, &str)> = f
        .iter()
        .map(|f| (f.path.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(f.len(), 2, "{found:#?}");
    assert!(f.iter().all(|x| x.code == CODE && x.is_error()));
    assert_eq!(f[0].path, "part2/intro.typ");
    assert!(f[0].message.contains("“XX”") && f[0].message.contains("来自模板 part2/intro.typ"));
    assert!(f[1].message.contains("“增加/减少”"));
}

#[test]
fn a_data_placeholder_names_its_field_and_position() {
    // A text the audit would stop (T001) reaches the guard when rendered directly.
    let data = EXAMPLE.replacen(
        "  total_change: 本单位2022年新成立",
        "  total_change: 未填报，本单位2022年新成立",
        1,
    );
    let f = guard(&data, &[]);
    assert!(!f.is_empty());
    assert_eq!(f[0].path, "reasons.total_change");
    let at = f[0].text_pos().expect("located in the data file");
    assert_eq!(&data[at.offset..at.offset + at.len], "未填报");
}

#[test]
fn escapes_are_undone_before_the_scan() {
    let p = plain("增加\\/减少 #text(\"x\") \u{E000}0\\/0\u{E001}");
    assert!(p.text.starts_with("增加/减少"));
    let hits = placeholder::find(&p.text, &PATTERNS);
    assert_eq!(hits.len(), 2);
    let last = &hits[1];
    assert_eq!(last.pattern, "0/0");
    assert_eq!(p.owner[last.offset], Some(0));
    assert_eq!(p.values, ["0/0"]);
}

#[test]
fn a_view_string_is_found_by_its_path() {
    let v = serde_json::json!({"appendix": {"forms": [{"name": "甲"}, {"name": "未细化乙"}]}});
    assert_eq!(
        view_path(&v, "未细化", String::new()).as_deref(),
        Some("appendix.forms[1].name")
    );
}
