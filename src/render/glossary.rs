//! 第三部分 名词解释: the standard entries, one per 功能分类 项 with spending, then the
//! closing entries (and the district's additions).

use crate::catalog::{Catalog, GlossaryEntry, Names};
use crate::compute::Figures;

use super::view::GlossaryView;

/// The 名词解释: standard entries, one per 功能分类 项 used, then the closing entries and
/// the district's additions (`extra`).
pub fn build(
    fig: &Figures,
    catalog: &Catalog,
    names: &Names,
    extra: &[GlossaryEntry],
) -> Vec<GlossaryView> {
    let mut out = Vec::new();
    let g = &catalog.glossary;
    let has_income = |key: &str| !fig.income.get(key).is_zero();
    for e in &g.before_items {
        if e.optional && !has_income(optional_key(&e.term)) {
            continue;
        }
        out.push((e.term.clone(), e.text.clone()));
    }
    for code in &fig.used_xiang {
        if code.len() != 7 {
            continue;
        }
        let class = names.functional_name(&code[..3]).unwrap_or_default();
        let kuan = names.functional_name(&code[..5]).unwrap_or_default();
        let xiang = names.functional_name(code).unwrap_or_default();
        let def = names
            .functional
            .get(code)
            .and_then(|e| e.definition.clone())
            .unwrap_or_else(|| format!("反映{xiang}方面的支出。"));
        out.push((format!("{class}（类）{kuan}（款）{xiang}（项）"), def));
    }
    for e in g.after_items.iter().chain(extra) {
        if e.optional && !has_expenditure(fig, optional_key(&e.term)) {
            continue;
        }
        out.push((e.term.clone(), e.text.clone()));
    }
    out.into_iter()
        .enumerate()
        .map(|(i, (term, text))| GlossaryView {
            n: i + 1,
            term,
            text,
        })
        .collect()
}

fn optional_key(term: &str) -> &'static str {
    match term {
        "上级补助收入" => "superior_subsidy",
        "附属单位上缴收入" => "subordinate_remit",
        "上缴上级支出" => "remit_superior",
        "对附属单位补助支出" => "subsidy_subordinate",
        _ => "",
    }
}

fn has_expenditure(fig: &Figures, key: &str) -> bool {
    !fig.expenditure.get(key).is_zero()
}
