//! Names against the year's catalogue: 功能分类 classes of 五（二）, the “类（类）款（款）
//! 项（项）” chains of 五（三） and 名词解释 (N001), code + name rows of the 附表 (N002), and
//! the 经济分类 items of 六 (N003, a warning: templates word a few of them differently).

use std::sync::LazyLock;

use regex::Regex;

use super::tables::Tables;
use super::Linter;
use crate::catalog::CodeList;

pub fn check(l: &mut Linter, tables: &Tables) {
    let year = l.outline.year.unwrap_or(2023);
    let catalog = l.catalog;
    let functional = catalog.functional(year);
    classes(l, functional, year);
    chains(l, functional, year);
    table_rows(l, tables, functional, year);
    economic(l);
}

fn suggestion(list: &[&str], name: &str) -> String {
    list.iter()
        .map(|c| (strsim::normalized_levenshtein(c, name), *c))
        .filter(|(s, _)| *s > 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("，应为“{c}”？"))
        .unwrap_or_default()
}

fn classes(l: &mut Linter, f: &CodeList, year: i32) {
    static LIST: LazyLock<Regex> = LazyLock::new(|| super::re(r"主要用于以下方面：([^。]*)"));
    static ITEM: LazyLock<Regex> = LazyLock::new(|| super::re(r"([^：；，。、\d]+?){N}万元"));
    let (text, base) = l.outline.section(&l.doc, 4);
    let text = text.to_string();
    let names: Vec<&str> = f.classes().map(|e| e.name.as_str()).collect();
    let Some(c) = LIST.captures(&text) else {
        return;
    };
    let list = c.get(1).unwrap();
    for item in ITEM.captures_iter(list.as_str()) {
        let m = item.get(1).unwrap();
        let name = m.as_str();
        if !names.contains(&name) {
            let at = base + list.start() + m.start();
            l.error(
                "N001",
                (at, at + m.len()),
                format!(
                    "功能分类类名“{name}”不在{year}年科目表中{}",
                    suggestion(&names, name)
                ),
            );
        }
    }
}

fn chains(l: &mut Linter, f: &CodeList, year: i32) {
    static CHAIN: LazyLock<Regex> = LazyLock::new(|| {
        let name = r"((?:[^（）\d。：；.．、]|（[^类款项）]+）)+)";
        Regex::new(&format!(r"{name}（类）{name}（款）{name}（项）")).unwrap()
    });
    let mut spans = Vec::new();
    if let Some(s) = l.outline.sections[4] {
        spans.push((s.start, s.end));
    }
    if let Some(p) = l.outline.part3 {
        spans.push((p.start, p.end));
    }
    for (start, end) in spans {
        let text = l.doc.flat[start..end].to_string();
        for c in CHAIN.captures_iter(&text) {
            let at = start + c.get(0).unwrap().start();
            let span = (at, start + c.get(0).unwrap().end());
            let (class, kuan, xiang) = (&c[1], &c[2], &c[3]);
            let Some(cl) = f.classes().find(|e| e.name == class) else {
                let names: Vec<&str> = f.classes().map(|e| e.name.as_str()).collect();
                l.error(
                    "N001",
                    span,
                    format!(
                        "类“{class}”不在{year}年功能分类科目表中{}",
                        suggestion(&names, class)
                    ),
                );
                continue;
            };
            let kuans: Vec<&str> = children(f, &cl.code, 5).map(|e| e.name.as_str()).collect();
            let Some(k) = children(f, &cl.code, 5).find(|e| e.name == kuan) else {
                l.error(
                    "N001",
                    span,
                    format!(
                        "{}（{}）下没有款“{kuan}”{}",
                        cl.code,
                        class,
                        suggestion(&kuans, kuan)
                    ),
                );
                continue;
            };
            let xiangs: Vec<&str> = children(f, &k.code, 7).map(|e| e.name.as_str()).collect();
            if !xiangs.contains(&xiang) {
                l.error(
                    "N001",
                    span,
                    format!(
                        "{}（{}）下没有项“{xiang}”{}",
                        k.code,
                        kuan,
                        suggestion(&xiangs, xiang)
                    ),
                );
            }
        }
    }
}

fn children<'a>(
    f: &'a CodeList,
    parent: &'a str,
    len: usize,
) -> impl Iterator<Item = &'a crate::catalog::Entry> + 'a {
    f.entries()
        .iter()
        .filter(move |e| e.code.len() == len && e.code.starts_with(parent))
}

/// Code rows of the tables: the name printed equals the catalogue's (wrapped names joined).
fn table_rows(l: &mut Linter, tables: &Tables, f: &CodeList, year: i32) {
    let economic = &l.catalog.economic;
    let mut found = Vec::new();
    for t in &tables.tables {
        for r in &t.rows {
            let Some(code) = &r.code else { continue };
            let list = if code.starts_with('3') { economic } else { f };
            let Some(e) = list.get(code) else { continue };
            let printed: String = r.label.chars().filter(|c| !c.is_whitespace()).collect();
            if !printed.is_empty() && printed != e.name {
                found.push((r.at, code.clone(), printed, e.name.clone(), t.title.clone()));
            }
        }
    }
    for (at, code, printed, name, title) in found {
        l.error(
            "N002",
            (at, at + code.len()),
            format!("附表“{title}”：科目{code}的名称印为“{printed}”，{year}年科目表为“{name}”"),
        );
    }
}

/// 六's 经济分类 items: each name is a 款 of the economic catalogue.
fn economic(l: &mut Linter) {
    static LIST: LazyLock<Regex> =
        LazyLock::new(|| super::re(r"(?:人员经费|公用经费){N}万元，主要(?:包括|用于)：([^。]*)"));
    static ITEM: LazyLock<Regex> = LazyLock::new(|| super::re(r"^([^：；，。、\d]+?){N}万元"));
    let (text, base) = l.outline.section(&l.doc, 5);
    let text = text.to_string();
    let names: Vec<String> = l
        .catalog
        .economic
        .entries()
        .iter()
        .filter(|e| e.code.len() == 5)
        .map(|e| e.name.clone())
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut found = Vec::new();
    for c in LIST.captures_iter(&text) {
        let list = c.get(2).unwrap();
        let mut offset = 0;
        for piece in list.as_str().split('、') {
            let at = base + list.start() + offset;
            offset += piece.len() + '、'.len_utf8();
            if let Some(i) = ITEM.captures(piece) {
                let name = &i[1];
                if !refs.contains(&name) {
                    found.push((at, name.to_string()));
                }
            }
        }
    }
    for (at, name) in found {
        l.warning(
            "N003",
            (at, at + name.len()),
            format!(
                "经济分类名称“{name}”不在科目表中{}",
                suggestion(&refs, &name)
            ),
        );
    }
}
