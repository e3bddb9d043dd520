//! Every text field of the model, starting with each character that means something in
//! Typst markup, builds and prints as itself (issue 17.3: `(筹)东区单位` as a unit name
//! after `#linebreak()` was read as call arguments and broke `build`).
//!
//! The text fields are found generically, from the model's serde form: every optional
//! part of the example is filled in (an absent text gets a text, an absent section its
//! defaults), and a string leaf is a free text when any text there still checks clean
//! (codes, enums, amounts and dates do not). Each round then gives every text field a
//! prefix and a unique tag, builds the report in-process and looks for `prefix + tag` in
//! the PDF's text layer.

mod common;

use std::path::Path;

use serde_json::Value;

use juesuan::config;
use juesuan::model::{self, ReportData};
use juesuan::pipeline::{self, Toolkit};

/// Prefixes: Typst's markup and code characters, and a few markup starts.
const PREFIXES: &[&str] = &[
    "(", ")", "[", "]", "{", "}", ".", ";", ":", ",", "#", "$", "*", "_", "`", "<", ">", "@", "=",
    "-", "+", "/", "\\", "~", "'", "\"", "!", "&", "|", "1. ", "= ", "- ", "+ ", "/ 甲: ", "//",
    "/*", "```", "$x$", "#h(1em)", "<a>", "@a", "...", "--", "\\u{41}", "..(",
];

/// Subtrees that are not report text (settings hold a set name and a date).
const NOT_TEXT: [&str; 2] = ["/settings", "/schema"];

fn example_data() -> ReportData {
    let text = std::fs::read_to_string(common::example()).unwrap();
    model::load_str(Path::new("example.yaml"), text)
        .expect("example loads")
        .data
}

fn data_of(v: &Value) -> Option<ReportData> {
    serde_json::from_value(v.clone()).ok()
}

/// JSON pointers of the leaves of `v` (arrays and objects that are empty count as leaves).
fn leaves(v: &Value, ptr: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                leaves(
                    x,
                    format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{ptr}/{i}"), out);
            }
        }
        _ => out.push(ptr),
    }
}

fn replaced(v: &Value, ptr: &str, x: Value) -> Value {
    let mut v = v.clone();
    *v.pointer_mut(ptr).unwrap() = x;
    v
}

/// Fills every absent part of `v` that the model accepts a text, a section or a list of
/// texts for, until nothing changes.
fn fill(mut v: Value) -> Value {
    loop {
        let mut ptrs = Vec::new();
        leaves(&v, String::new(), &mut ptrs);
        let mut changed = false;
        for p in ptrs {
            if NOT_TEXT.iter().any(|n| p.starts_with(n)) {
                continue;
            }
            let x = v.pointer(&p).unwrap();
            let empty = x.is_null() || x.as_array().is_some_and(|a| a.is_empty());
            if !empty {
                continue;
            }
            for cand in [
                Value::from("补充文字"),
                serde_json::json!({}),
                serde_json::json!(["补充文字"]),
            ] {
                let next = replaced(&v, &p, cand);
                if let Some(d) = data_of(&next) {
                    v = serde_json::to_value(d).unwrap();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            return v;
        }
    }
}

fn yaml(v: &Value) -> String {
    serde_yaml::to_string(&data_of(v).expect("valid data")).unwrap()
}

/// Loads and checks `v`; the error findings' codes.
fn errors(kit: &Toolkit, v: &Value) -> Option<Vec<String>> {
    let d = data_of(v)?;
    let loaded = model::load_str(Path::new("t.yaml"), serde_yaml::to_string(&d).unwrap()).ok()?;
    let checked = pipeline::check(kit, &loaded).ok()?;
    Some(
        checked
            .findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| format!("{} {}", f.code, f.message))
            .collect(),
    )
}

/// `n` as a tag of hanzi digits: 记三七号.
fn tag(n: usize) -> String {
    const D: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digits: String = format!("{n:03}")
        .chars()
        .map(|c| D[c.to_digit(10).unwrap() as usize])
        .collect();
    format!("记{digits}号")
}

#[test]
fn every_text_field_starting_with_any_markup_character_prints_as_itself() {
    let kit = Toolkit::new(&config::Options::default()).unwrap();
    let base = fill(serde_json::to_value(example_data()).unwrap());
    assert_eq!(
        errors(&kit, &base),
        Some(vec![]),
        "the filled example checks clean"
    );

    // Free-text leaves: strings where another text still checks clean.
    let mut ptrs = Vec::new();
    leaves(&base, String::new(), &mut ptrs);
    let texts: Vec<String> = ptrs
        .into_iter()
        .filter(|p| !NOT_TEXT.iter().any(|n| p.starts_with(n)))
        .filter(|p| base.pointer(p).unwrap().is_string())
        .filter(|p| {
            let s = base.pointer(p).unwrap().as_str().unwrap();
            errors(&kit, &replaced(&base, p, Value::from(format!("(甲{s}")))) == Some(vec![])
        })
        .collect();
    for must in ["/unit/name", "/overview/duties", "/reasons/total_change"] {
        assert!(
            texts.iter().any(|p| p == must),
            "{must} not found: {texts:?}"
        );
    }
    assert!(
        texts.len() >= 40,
        "only {} text fields: {texts:?}",
        texts.len()
    );

    let dir = common::tempdir();
    let text_of = |v: &Value, name: &str| -> String {
        let loaded = model::load_str(Path::new("t.yaml"), yaml(v)).expect("loads");
        let report = match pipeline::build_report(&kit, &loaded) {
            Ok(r) => r,
            Err(pipeline::BuildError::Findings(f)) => {
                let f: Vec<String> = f
                    .iter()
                    .map(|f| format!("{} {} {}", f.code, f.path, f.message))
                    .collect();
                panic!("{name}: build failed:\n{}", f.join("\n"))
            }
            Err(e) => panic!("{name}: build failed: {e}"),
        };
        let pdf = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&pdf, &report.pdf).unwrap();
        // Content-stream order: the default mode joins a line ending in "-" to the next
        // without it (dehyphenation), which would hide a printed "-".
        let o = std::process::Command::new("pdftotext")
            .args(["-raw", pdf.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) must be installed");
        assert!(o.status.success(), "pdftotext failed");
        // Page footers (— 23 —) stand between the two halves of a paragraph that is
        // split over pages.
        let footer = regex::Regex::new(r"—\d+—").unwrap();
        footer
            .replace_all(&common::squash(&String::from_utf8_lossy(&o.stdout)), "")
            .into_owned()
    };
    let with = |prefix: &dyn Fn(usize) -> &'static str| {
        let mut v = base.clone();
        for (i, p) in texts.iter().enumerate() {
            let s = base.pointer(p).unwrap().as_str().unwrap();
            *v.pointer_mut(p).unwrap() = Value::from(format!("{}{}{s}", prefix(i), tag(i)));
        }
        v
    };

    // Which fields the report prints at all (some only feed a sentence's choice).
    let plain = text_of(&with(&|_| ""), "plain");
    let printed: Vec<usize> = (0..texts.len())
        .filter(|i| plain.contains(&tag(*i)))
        .collect();
    assert!(
        printed.len() * 4 >= texts.len() * 3,
        "only {} of {} text fields printed",
        printed.len(),
        texts.len()
    );

    // Round r gives field i the prefix (i + r) mod n: every field meets every prefix,
    // next to fields with other prefixes.
    let mut failures = Vec::new();
    for r in 0..PREFIXES.len() {
        let prefix = |i: usize| PREFIXES[(i + r) % PREFIXES.len()];
        let got = text_of(&with(&prefix), &format!("round{r}"));
        for &i in &printed {
            let want = common::squash(&format!("{}{}", prefix(i), tag(i)));
            if !got.contains(&want) {
                let seen = got
                    .find(&tag(i))
                    .map(|k| {
                        got[..k]
                            .chars()
                            .rev()
                            .take(8)
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect::<String>()
                    })
                    .unwrap_or_default();
                failures.push(format!(
                    "{} starting with {:?}: printed …{seen}{}",
                    texts[i],
                    prefix(i),
                    tag(i)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "not printed as written:\n{}",
        failures.join("\n")
    );
}

#[test]
fn templates_never_put_a_value_right_after_a_bare_name() {
    // `#name{{ x }}`: a value starting with a letter or digit would continue the name.
    let bare = regex::Regex::new(r"#[A-Za-z_][A-Za-z0-9_.-]*\{\{").unwrap();
    for (name, text) in juesuan::config::templates::builtin() {
        if let Some(m) = bare.find(text) {
            panic!(
                "{name}: {} — end the expression with `;` or call it",
                m.as_str()
            );
        }
    }
}
