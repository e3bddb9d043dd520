//! The shape of `src/`, checked: the layering that `src/lib.rs` states (a module imports
//! only modules on lower levels, so there is no cycle between top-level modules), printing
//! only at the edge (`src/commands/`), and the size limits (no file over 600 lines, no
//! function over 120 lines). Plain text scanning, no new dependency.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 120;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`.
fn rust_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![src()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The source with comments, string and char literals blanked out (lines kept), so that
/// paths and braces are only seen in code.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    while i < c.len() {
        if c[i] == '/' && at(&c, i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '/' && at(&c, i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(&c, i + 1) == '*' {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && at(&c, i + 1) == '/' {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if c[i] == 'r'
            && (at(&c, i + 1) == '"'
                || (at(&c, i + 1) == '#' && !is_ident(c.get(i.wrapping_sub(1)))))
        {
            // Raw string r"…" / r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            out.push('"');
            j += 1;
            for _ in i + 1..j {
                out.push(' ');
            }
            out.pop();
            i = j;
            while i < c.len() {
                if c[i] == '"' && (0..hashes).all(|k| c.get(i + 1 + k) == Some(&'#')) {
                    out.push('"');
                    for _ in 0..hashes {
                        out.push(' ');
                    }
                    i += 1 + hashes;
                    break;
                }
                out.push(blank(c[i]));
                i += 1;
            }
        } else if c[i] == '"' {
            out.push('"');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < c.len() {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
            out.push('"');
            i += 1;
        } else if c[i] == '\''
            && (at(&c, i + 2) == '\'' || (at(&c, i + 1) == '\\' && at(&c, i + 1) != '\0'))
        {
            // A char literal ('x', '\n', '\u{..}'); a lifetime ('a) has no closing quote.
            let start = i;
            i += 1;
            if c[i] == '\\' {
                i += 2;
            } else {
                i += 1;
            }
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
            for _ in start..i.min(c.len()) {
                out.push(' ');
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn at(c: &[char], i: usize) -> char {
    c.get(i).copied().unwrap_or('\0')
}

fn is_ident(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// The top-level module a file belongs to (`src/render/view.rs` → `render`), and how many
/// `super::` lead from it to the crate root.
fn module_of(file: &Path) -> (String, usize) {
    let rel = file.strip_prefix(src()).unwrap();
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let top = parts[0].trim_end_matches(".rs").to_string();
    let last = parts.last().unwrap();
    let depth = parts.len() - usize::from(last == "mod.rs");
    (top, depth)
}

/// Top-level modules a file refers to: `crate::x`, `crate::{x, y::z}` and `super::` chains
/// that climb to the crate root (counting inline `mod x { … }` blocks).
fn references(code: &str, depth: usize) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let bytes = code.as_bytes();
    let mut brace = 0i32;
    let mut mods: Vec<i32> = Vec::new();
    let mut i = 0;
    while i < code.len() {
        if !code.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &code[i..];
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if rest.starts_with('{') {
            let before = code[..i].trim_end();
            let name_len = before
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .count();
            if before[..before.len() - name_len]
                .trim_end()
                .ends_with("mod")
                && name_len > 0
            {
                mods.push(brace);
            }
            brace += 1;
        } else if rest.starts_with('}') {
            brace -= 1;
            if mods.last() == Some(&brace) {
                mods.pop();
            }
        } else if boundary && rest.starts_with("crate::") {
            let r = rest["crate::".len()..].trim_start();
            match r.strip_prefix('{') {
                Some(group) => {
                    let mut level = 0;
                    let mut item = String::new();
                    for ch in group.chars() {
                        match ch {
                            '{' => level += 1,
                            '}' if level == 0 => break,
                            '}' => level -= 1,
                            ',' if level == 0 => {
                                out.insert(ident(item.trim()));
                                item.clear();
                                continue;
                            }
                            _ => {}
                        }
                        if level == 0 {
                            item.push(ch);
                        }
                    }
                    out.insert(ident(item.trim()));
                }
                None => {
                    out.insert(ident(r));
                }
            }
        } else if boundary && rest.starts_with("super::") {
            let mut n = 0;
            let mut r = rest;
            while let Some(x) = r.strip_prefix("super::") {
                n += 1;
                r = x;
            }
            if n == depth + mods.len() {
                out.insert(ident(r));
            }
            i += n * "super::".len();
            continue;
        }
        i += 1;
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

/// The levels stated in `src/lib.rs`: lines `//! N  module module …  description` inside
/// the layering block.
fn stated_levels() -> BTreeMap<String, usize> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut levels = BTreeMap::new();
    let mut inside = false;
    for line in lib.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            continue;
        };
        let doc = doc.trim();
        if doc.starts_with("```text") {
            inside = true;
            continue;
        }
        if inside && doc.starts_with("```") {
            break;
        }
        if !inside {
            continue;
        }
        // `N  module module …  description`: the modules run up to the next double space.
        let Some((n, rest)) = doc.split_once(char::is_whitespace) else {
            continue;
        };
        let Ok(level) = n.parse::<usize>() else {
            continue;
        };
        let modules = rest.trim_start().split("  ").next().unwrap_or("");
        for m in modules.split_whitespace() {
            levels.insert(m.to_string(), level);
        }
    }
    assert!(
        levels.len() > 5,
        "src/lib.rs states the layering in a ```text block of `N  modules…  description` lines"
    );
    levels
}

/// Which top-level module imports which (tests inside `src/` included).
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in rust_files() {
        let (top, depth) = module_of(&f);
        if top == "lib" || top == "main" {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(&f).unwrap());
        let refs = references(&code, depth);
        let entry = graph.entry(top.clone()).or_default();
        entry.extend(refs.into_iter().filter(|r| *r != top));
    }
    graph
}

#[test]
fn every_module_imports_only_lower_levels() {
    let levels = stated_levels();
    let graph = import_graph();
    let mut problems = Vec::new();
    for (m, deps) in &graph {
        let Some(&lm) = levels.get(m) else {
            problems.push(format!("src/{m} is not in the layering of src/lib.rs"));
            continue;
        };
        for d in deps {
            match levels.get(d) {
                None => problems.push(format!("{m} imports {d}, which src/lib.rs does not place")),
                Some(&ld) if ld >= lm => problems.push(format!(
                    "{m} (level {lm}) imports {d} (level {ld}): a module may import only lower levels"
                )),
                _ => {}
            }
        }
    }
    // lib.rs declares exactly the placed modules.
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    for m in levels.keys() {
        if !lib.contains(&format!("pub mod {m};")) {
            problems.push(format!("src/lib.rs places {m} but does not declare it"));
        }
    }
    assert!(problems.is_empty(), "layering:\n{}", problems.join("\n"));
}

#[test]
fn no_cycle_between_top_level_modules() {
    let graph = import_graph();
    // Depth-first search with colours; report the first cycle found.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(m) {
            Some(1) => {
                let at = path.iter().position(|p| p == m).unwrap();
                let mut cycle = path[at..].to_vec();
                cycle.push(m.to_string());
                return Some(cycle);
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(m.to_string(), 1);
        path.push(m.to_string());
        for d in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(d, graph, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in graph.keys() {
        if let Some(cycle) = visit(m, &graph, &mut state, &mut Vec::new()) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_scanner_sees_what_it_must() {
    // Guards the checks above against a scanner that finds nothing.
    let code = code_only("use crate::{model::X, diag};\n// crate::render\nlet s = \"crate::pdf\";\nsuper::super::compute::f();\nlet c = '{';\nmod tests {\n    use super::super::Inner;\n    use super::super::super::audit;\n}\n");
    let refs = references(&code, 2);
    let want: BTreeSet<String> = ["audit", "compute", "diag", "model"]
        .map(String::from)
        .into();
    assert_eq!(refs, want);
    let graph = import_graph();
    assert!(graph["commands"].contains("pipeline"), "{graph:?}");
    assert!(graph["audit"].contains("model"));
}

/// Functions of a file longer than the limit: (name, first line, lines).
fn long_functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let Some(at) = t.find("fn ") else { continue };
        let head = &t[..at];
        let is_item = head
            .split_whitespace()
            .all(|w| w.starts_with("pub") || ["const", "async", "unsafe", "extern"].contains(&w));
        if !is_item {
            continue;
        }
        let name: String = t[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // Find the body's opening brace (a `;` first means a declaration without body).
        let mut depth = 0i32;
        let mut opened = None;
        'scan: for (k, l) in lines.iter().enumerate().skip(n) {
            for ch in l.chars() {
                match ch {
                    ';' if opened.is_none() && depth == 0 => break 'scan,
                    '{' => {
                        if opened.is_none() {
                            opened = Some(k);
                        }
                        depth += 1;
                    }
                    '}' => {
                        depth -= 1;
                        if opened.is_some() && depth == 0 {
                            let len = k - n + 1;
                            if len > MAX_FN_LINES {
                                out.push((name.clone(), n + 1, len));
                            }
                            break 'scan;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

#[test]
fn files_and_functions_stay_small() {
    let mut problems = Vec::new();
    for f in rust_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        let rel = f.strip_prefix(src()).unwrap().display().to_string();
        let n = text.lines().count();
        if n > MAX_FILE_LINES {
            problems.push(format!("src/{rel}: {n} lines (limit {MAX_FILE_LINES})"));
        }
        for (name, line, len) in long_functions(&code_only(&text)) {
            problems.push(format!(
                "src/{rel}:{line}: fn {name} has {len} lines (limit {MAX_FN_LINES})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The counter itself works.
    let long = format!(
        "fn big() {{\n{}}}\n",
        "    let x = \"}\";\n".repeat(MAX_FN_LINES)
    );
    assert_eq!(long_functions(&code_only(&long)).len(), 1);
}

#[test]
fn only_the_commands_print() {
    // The edge (src/commands/) prints; stages and drivers return data or report
    // through a callback the command owns.
    // The preview server's request threads and file watcher log as they serve (page
    // conversions, watcher errors): a long-running server's own log, not a stage's.
    let server_log = [
        Path::new("preview/server.rs"),
        Path::new("preview/watch.rs"),
    ];
    let mut problems = Vec::new();
    for f in rust_files() {
        let rel = f.strip_prefix(src()).unwrap();
        if rel.starts_with("commands") || server_log.contains(&rel) {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(&f).unwrap());
        for (n, line) in code.lines().enumerate() {
            for mac in ["println!", "eprintln!", "print!", "eprint!", "dbg!"] {
                let hit = line
                    .match_indices(mac)
                    .any(|(i, _)| !is_ident(line[..i].chars().last().as_ref()));
                if hit {
                    problems.push(format!("src/{}:{}: {mac}", rel.display(), n + 1));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "printing outside src/commands/:\n{}",
        problems.join("\n")
    );
}
