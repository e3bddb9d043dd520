//! Tera has no recursion limit: a macro that calls itself (directly or through other
//! macros), or a template that includes itself, renders until the stack overflows and
//! the process aborts — one bad file in a template folder would kill `build`, a whole
//! `batch` or the preview. So the template set is checked once, when it is loaded: the
//! graph of includes and macro calls must have no cycle. A cycle is an error naming it.
//!
//! The check is static and conservative: a recursive macro that would stop (a tree
//! walk with a depth test) is refused too. Report templates have no use for recursion.

use std::collections::{BTreeMap, BTreeSet};

use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

/// A node of the graph: a template, or a macro of a template file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Template(String),
    Macro(String, String),
}

impl Item {
    fn name(&self) -> String {
        match self {
            Item::Template(t) => format!("模板 {t}"),
            Item::Macro(t, m) => format!("{t} 中的宏 {m}"),
        }
    }
}

/// What a body calls or includes, unresolved: (namespace, macro) and template names.
#[derive(Default)]
struct Uses {
    calls: Vec<(String, String)>,
    includes: Vec<String>,
}

/// Refuses a template set whose includes or macro calls form a cycle.
pub fn check(tera: &Tera) -> Result<(), String> {
    let mut names: Vec<&str> = tera.get_template_names().collect();
    names.sort_unstable();
    // Namespaces a template can use: its own imports, else any template's (an included
    // template uses the macros its includer imported).
    let mut any_import: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for n in &names {
        if let Ok(t) = tera.get_template(n) {
            for (file, ns) in &t.imported_macro_files {
                any_import
                    .entry(ns.clone())
                    .or_default()
                    .insert(file.clone());
            }
        }
    }
    let mut edges: BTreeMap<Item, Vec<Item>> = BTreeMap::new();
    for n in &names {
        let Ok(t) = tera.get_template(n) else {
            continue;
        };
        let resolve = |uses: Uses, own: &str| -> Vec<Item> {
            let mut out: Vec<Item> = uses.includes.into_iter().map(Item::Template).collect();
            for (ns, m) in uses.calls {
                let files: BTreeSet<String> = if ns == "self" {
                    BTreeSet::from([own.to_string()])
                } else {
                    let own_imports: BTreeSet<String> = t
                        .imported_macro_files
                        .iter()
                        .filter(|(_, n)| *n == ns)
                        .map(|(f, _)| f.clone())
                        .collect();
                    if own_imports.is_empty() {
                        any_import.get(&ns).cloned().unwrap_or_default()
                    } else {
                        own_imports
                    }
                };
                out.extend(files.into_iter().map(|f| Item::Macro(f, m.clone())));
            }
            out
        };
        let mut uses = Uses::default();
        nodes(&t.ast, &mut uses);
        edges.insert(Item::Template(n.to_string()), resolve(uses, n));
        for (m, def) in &t.macros {
            let mut uses = Uses::default();
            nodes(&def.body, &mut uses);
            edges.insert(Item::Macro(n.to_string(), m.clone()), resolve(uses, n));
        }
    }
    match find_cycle(&edges) {
        None => Ok(()),
        Some(cycle) => {
            let path: Vec<String> = cycle.iter().map(Item::name).collect();
            Err(format!(
                "模板中有循环调用：{}。Tera 没有递归深度限制，这样的模板会一直调用下去直到程序崩溃；请去掉宏对自身的调用或模板对自身的包含",
                path.join(" → ")
            ))
        }
    }
}

/// A cycle of the graph (first node repeated at the end), if there is one.
fn find_cycle(edges: &BTreeMap<Item, Vec<Item>>) -> Option<Vec<Item>> {
    // Iterative depth-first search: 0 unseen, 1 on the path, 2 done.
    let mut state: BTreeMap<&Item, u8> = BTreeMap::new();
    for start in edges.keys() {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<(&Item, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((item, next)) = path.last_mut() {
            let targets = edges.get(*item).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(t) = targets.get(*next) {
                *next += 1;
                match state.get(t).copied().unwrap_or(0) {
                    1 => {
                        let from = path.iter().position(|(i, _)| *i == t).unwrap_or(0);
                        let mut cycle: Vec<Item> =
                            path[from..].iter().map(|(i, _)| (*i).clone()).collect();
                        cycle.push(t.clone());
                        return Some(cycle);
                    }
                    0 => {
                        // Only items of the set have edges; a missing one is Tera's error.
                        if let Some((key, _)) = edges.get_key_value(t) {
                            state.insert(key, 1);
                            path.push((key, 0));
                        }
                    }
                    _ => {}
                }
            } else {
                state.insert(*item, 2);
                path.pop();
            }
        }
    }
    None
}

fn nodes(body: &[Node], u: &mut Uses) {
    for n in body {
        match n {
            Node::VariableBlock(_, e) => expr(e, u),
            Node::MacroDefinition(_, def, _) => nodes(&def.body, u),
            Node::Include(_, names, _) => u.includes.extend(names.iter().cloned()),
            Node::Set(_, s) => expr(&s.value, u),
            Node::FilterSection(_, f, _) => {
                f.filter.args.values().for_each(|e| expr(e, u));
                nodes(&f.body, u);
            }
            Node::Block(_, b, _) => nodes(&b.body, u),
            Node::Forloop(_, f, _) => {
                expr(&f.container, u);
                nodes(&f.body, u);
                if let Some(b) = &f.empty_body {
                    nodes(b, u);
                }
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    expr(cond, u);
                    nodes(body, u);
                }
                if let Some((_, b)) = &i.otherwise {
                    nodes(b, u);
                }
            }
            _ => {}
        }
    }
}

fn expr(e: &Expr, u: &mut Uses) {
    val(&e.val, u);
    for f in &e.filters {
        f.args.values().for_each(|a| expr(a, u));
    }
}

fn val(v: &ExprVal, u: &mut Uses) {
    match v {
        ExprVal::MacroCall(c) => {
            u.calls.push((c.namespace.clone(), c.name.clone()));
            c.args.values().for_each(|a| expr(a, u));
        }
        ExprVal::FunctionCall(f) => f.args.values().for_each(|a| expr(a, u)),
        ExprVal::Math(m) => {
            expr(&m.lhs, u);
            expr(&m.rhs, u);
        }
        ExprVal::Logic(l) => {
            expr(&l.lhs, u);
            expr(&l.rhs, u);
        }
        ExprVal::In(i) => {
            expr(&i.lhs, u);
            expr(&i.rhs, u);
        }
        ExprVal::Test(t) => t.args.iter().for_each(|a| expr(a, u)),
        ExprVal::Array(items) => items.iter().for_each(|a| expr(a, u)),
        ExprVal::StringConcat(s) => s.values.iter().for_each(|x| val(x, u)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> Result<(), String> {
        let mut t = Tera::default();
        t.add_raw_templates(files.to_vec()).unwrap();
        check(&t)
    }

    #[test]
    fn the_builtin_set_has_no_cycle() {
        let files: Vec<(&str, &str)> = crate::config::templates::builtin().to_vec();
        assert_eq!(set(&files), Ok(()));
    }

    #[test]
    fn self_calling_macros_and_self_including_templates_are_refused() {
        let direct = set(&[
            (
                "m.typ",
                "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}",
            ),
            ("r.typ", "{% import \"m.typ\" as m %}{{ m::f(n=1) }}"),
        ])
        .unwrap_err();
        assert!(
            direct.contains("m.typ 中的宏 f → m.typ 中的宏 f"),
            "{direct}"
        );
        // Through another macro, inside a condition and a filter argument.
        let indirect = set(&[(
            "m.typ",
            "{% macro a() %}{% if true %}{{ self::b() }}{% endif %}{% endmacro a %}{% macro b() %}{{ 1 | default(value=self::a()) }}{% endmacro b %}",
        )])
        .unwrap_err();
        assert!(
            indirect.contains("宏 a") && indirect.contains("宏 b"),
            "{indirect}"
        );
        let include = set(&[
            ("a.typ", "{% include \"b.typ\" %}"),
            (
                "b.typ",
                "{% for x in [1] %}{% include \"a.typ\" %}{% endfor %}",
            ),
        ])
        .unwrap_err();
        assert!(
            include.contains("模板 a.typ → 模板 b.typ → 模板 a.typ"),
            "{include}"
        );
        // Calls without a cycle pass.
        assert_eq!(
            set(&[
                ("m.typ", "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}x{% endmacro b %}"),
                ("r.typ", "{% import \"m.typ\" as m %}{{ m::a() }}{{ m::a() }}"),
            ]),
            Ok(())
        );
    }
}
