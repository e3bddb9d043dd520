//! The model's one description against its readers: kinds, the instance walks, and the
//! docs and `init` template that must name every field.

use super::*;

fn kind(path: &str) -> Kind {
    fields()
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no field {path}"))
        .kind
}

#[test]
fn fields_carry_their_kinds() {
    assert_eq!(kind("income.general_budget"), Kind::Money);
    assert_eq!(kind("basic_economic.*"), Kind::Money);
    assert_eq!(kind("unit.year"), Kind::Integer);
    assert_eq!(
        kind("unit.type"),
        Kind::Choice(&["行政单位", "参公事业单位", "事业单位", "其他"])
    );
    assert_eq!(kind("three_public.fleet.sedan"), Kind::Count);
    assert_eq!(kind("expenditure"), Kind::List);
    assert_eq!(kind("expenditure[].code"), Kind::Text);
    assert_eq!(
        kind("projects[].evaluation.indicators[].target"),
        Kind::Number
    );
    assert_eq!(kind("overview.included_units[]"), Kind::Text);
    assert_eq!(kind("settings.pdf_a"), Kind::Flag);
}

#[test]
fn walks_list_a_files_values_with_their_paths() {
    let text = include_str!("../../../data/example/dongqu-media-2023.yaml");
    let loaded = crate::model::load_str(std::path::Path::new("e.yaml"), text.to_string()).unwrap();
    let money = money_fields(&loaded.data);
    let get = |p: &str| {
        money
            .iter()
            .find(|(q, _)| q == p)
            .map(|(_, m)| m.to_string())
    };
    assert_eq!(get("income.general_budget").as_deref(), Some("3464745.78"));
    assert_eq!(get("basic_economic.30101").as_deref(), Some("200900.00"));
    assert!(
        get("balances.closing.other").is_none(),
        "an absent optional part is no value"
    );
    // Declaration order: income before balances before expenditure.
    let pos = |p: &str| money.iter().position(|(q, _)| q == p).unwrap();
    assert!(pos("income.other") < pos("balances.use_nonfiscal"));
    assert!(pos("balances.use_nonfiscal") < pos("expenditure[0].personnel"));
    let counts = count_fields(&loaded.data);
    assert!(counts.iter().any(|(p, _)| p == "assets.vehicles.leader"));
    assert!(!counts.iter().any(|(p, _)| p == "schema"));
    let texts = text_fields(&loaded.data);
    assert!(texts
        .iter()
        .any(|(p, t)| p == "unit.name" && t == "攀枝花市东区融媒体中心"));
    assert!(texts.iter().any(|(p, _)| p == "expenditure[0].code"));
    assert!(
        texts.iter().all(|(p, _)| p != "unit.kind"),
        "choices are no free text"
    );
}

/// Words inside backticks of a text (`a.b` / `c` → a, b, c).
fn ticked_words(text: &str) -> std::collections::BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|span| {
            span.split(['.', '/', ' ', '[', ']', ','])
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The `##` / `###` sections of a Markdown text (heading, body).
fn sections(md: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in md.lines() {
        if line.starts_with("## ") || line.starts_with("### ") {
            out.push((line.to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// The path's named segments (`projects[].economic.*` → projects, economic).
fn segments(path: &str) -> Vec<&str> {
    path.split('.')
        .map(|s| s.trim_end_matches("[]"))
        .filter(|s| *s != "*")
        .collect()
}

#[test]
fn docs_and_init_template_name_every_field() {
    let doc = include_str!("../../../docs/data-format.md");
    let perf = include_str!("../../../docs/data-format-performance.md");
    let init = crate::model::INIT_TEMPLATE;
    let doc_sections = sections(doc);
    let mut missing = Vec::new();
    for f in fields() {
        let seg = segments(&f.path);
        let (top, leaf) = (seg[0], *seg.last().unwrap());
        // The docs: the top-level table names every top-level field; a nested field is
        // named in its top-level field's section (the performance reports have a page).
        let in_docs = if seg.len() == 1 {
            doc.contains(&format!("| `{top}` |"))
        } else {
            let mut region: String = doc_sections
                .iter()
                .filter(|(h, _)| h.contains(&format!("`{top}`")))
                .map(|(_, b)| b.as_str())
                .collect();
            if f.path.starts_with("performance") || f.path.contains("evaluation") {
                region.push_str(perf);
            }
            ticked_words(&region).contains(leaf)
        };
        if !in_docs {
            missing.push(format!("docs/data-format.md: `{}`", f.path));
        }
        if !init_names(init, top, leaf) {
            missing.push(format!("data/init-template.yaml: `{}`", f.path));
        }
    }
    assert!(
        missing.is_empty(),
        "fields of the model missing from the docs or the init template:\n{}",
        missing.join("\n")
    );
}

/// Whether the init template writes `leaf:` (as a key, commented out or not) in the part
/// of the file that belongs to the top-level field `top`.
fn init_names(init: &str, top: &str, leaf: &str) -> bool {
    let lines: Vec<&str> = init.lines().collect();
    let top_key = |l: &str| -> Option<String> {
        let t = l
            .strip_prefix('#')
            .map(|r| r.strip_prefix(' ').unwrap_or(r))
            .unwrap_or(l);
        let key: String = t
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        (!key.is_empty() && t[key.len()..].starts_with(':')).then_some(key)
    };
    let keys: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| top_key(l).map(|k| (i, k)))
        .collect();
    let Some(at) = keys.iter().position(|(_, k)| k == top) else {
        return false;
    };
    let from = if at == 0 { 0 } else { keys[at - 1].0 + 1 };
    let to = keys.get(at + 1).map(|(i, _)| *i).unwrap_or(lines.len());
    let key = format!("{leaf}:");
    lines[from..to].iter().any(|l| {
        l.match_indices(&key)
            .any(|(i, _)| i == 0 || matches!(l.as_bytes()[i - 1], b' ' | b'{' | b',' | b'#' | b'-'))
    })
}

#[test]
fn choice_words_are_the_files_words() {
    // The words the code prints for a choice are the ones the data file uses.
    use crate::model::{Fund, ReportKind, UnitType};
    let funds = Fund::ALL.map(Fund::word);
    let Kind::Choice(words) = kind("expenditure[].fund") else {
        panic!()
    };
    assert_eq!(words, &funds[..]);
    let Kind::Choice(units) = kind("unit.type") else {
        panic!()
    };
    for (w, t) in units.iter().zip([
        UnitType::Administrative,
        UnitType::CivilServantManaged,
        UnitType::Institution,
        UnitType::Other,
    ]) {
        assert_eq!(*w, t.word());
    }
    assert_eq!(kind("unit.kind"), Kind::Choice(&["部门", "单位"]));
    assert_eq!(ReportKind::Unit.word(), "单位");
}
