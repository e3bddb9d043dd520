//! Classification catalogues shipped as data: 功能分类 and 经济分类 per year, and the
//! standard 名词解释. Names in the report come from here by code; a code the catalogue
//! lacks needs a name in the data file (`code_names`).
//!
//! One full catalogue is stored (the base year, `data/catalog/functional-2023.yaml` and
//! `economic.yaml`); every other year is derived from it by the per-year change files in
//! `data/catalog/changes/` (see `changes` and docs/catalogs.md), so 1,400 entries are not
//! copied five times and each change keeps its source and confidence.

mod changes;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::Fund;

pub use changes::{Change, ChangeFile, Confidence, Op};

const FUNCTIONAL_BASE: &str = include_str!("../data/catalog/functional-2023.yaml");
const ECONOMIC_BASE: &str = include_str!("../data/catalog/economic.yaml");
const GLOSSARY: &str = include_str!("../data/catalog/glossary.yaml");

/// The year of the full catalogue files; other years are derived by the change files.
pub const BASE_YEAR: i32 = 2023;

/// Change files: (year, text). Each describes that year against the year before.
const CHANGES: &[(i32, &str)] = &[
    (2022, include_str!("../data/catalog/changes/2022.yaml")),
    (2023, include_str!("../data/catalog/changes/2023.yaml")),
    (2024, include_str!("../data/catalog/changes/2024.yaml")),
    (2025, include_str!("../data/catalog/changes/2025.yaml")),
];

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Entry {
    pub code: String,
    pub name: String,
    /// 名词解释 text for a 功能分类 项.
    #[serde(default)]
    pub definition: Option<String>,
    /// Budgets this entry is declared for (`funds:` in the file); `None` = as its parent.
    #[serde(default)]
    pub funds: Option<Vec<Fund>>,
}

#[derive(Debug, Deserialize)]
struct CatalogFile {
    #[serde(default)]
    #[allow(dead_code)]
    year: Option<i32>,
    items: Vec<Entry>,
}

/// Bit of a fiscal fund in an applicability mask (`Other` has none: see `CodeList::applies`).
fn fund_bit(f: Fund) -> u8 {
    match f {
        Fund::GeneralBudget => 1,
        Fund::GovernmentFund => 2,
        Fund::StateCapital => 4,
        Fund::Other => 0,
    }
}

fn mask_of(funds: &[Fund]) -> u8 {
    funds.iter().fold(0, |m, f| m | fund_bit(*f))
}

/// The parent code by prefix (项 → 款 → 类), if any.
pub fn parent_code(code: &str) -> Option<&str> {
    (code.len() > 3 && code.is_char_boundary(code.len() - 2)).then(|| &code[..code.len() - 2])
}

/// A code list with hierarchy by prefix (3 / 5 / 7 digits).
#[derive(Debug, Clone, Default)]
pub struct CodeList {
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
    /// Per entry: the budgets it applies to, its own and its descendants' (fund bits).
    applies: Vec<u8>,
}

impl CodeList {
    fn parse(text: &str) -> CodeList {
        let file: CatalogFile =
            serde_yaml::from_str(text).expect("built-in catalogue is valid YAML");
        CodeList::from_entries(file.items)
    }

    /// Builds the list and its applicability: an entry without `funds` takes its
    /// parent's (a 类 without `funds` is 一般公共预算); a 类 or 款 also applies to every
    /// budget one of its descendants applies to (220 is in the 政府性基金 tables as soon
    /// as 22006 is).
    pub fn from_entries(entries: Vec<Entry>) -> CodeList {
        let index: HashMap<String, usize> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.clone(), i))
            .collect();
        let parent_of =
            |i: usize| parent_code(&entries[i].code).and_then(|p| index.get(p).copied());
        // Entries are in code order, so a parent comes before its children.
        let mut own = vec![0u8; entries.len()];
        for i in 0..entries.len() {
            own[i] = match (&entries[i].funds, parent_of(i)) {
                (Some(f), _) => mask_of(f),
                (None, Some(p)) if p < i => own[p],
                (None, _) => fund_bit(Fund::GeneralBudget),
            };
        }
        let mut applies = own;
        for i in (0..entries.len()).rev() {
            if let Some(p) = parent_of(i) {
                applies[p] |= applies[i];
            }
        }
        CodeList {
            entries,
            index,
            applies,
        }
    }

    pub fn get(&self, code: &str) -> Option<&Entry> {
        self.index.get(code).map(|&i| &self.entries[i])
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    /// Top-level (3-digit) entries in catalogue order.
    pub fn classes(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.code.len() == 3)
    }

    /// Top-level entries that exist in the tables of `fund` (e.g. 220 in 政府性基金 from 2024).
    pub fn classes_for(&self, fund: Fund) -> impl Iterator<Item = &Entry> {
        self.classes().filter(move |e| self.applies(&e.code, fund))
    }

    /// Whether a known code exists in the classification of `fund`. Unknown codes: false.
    /// `Fund::Other` (non-fiscal money) is classified with any code the catalogue has.
    pub fn applies(&self, code: &str, fund: Fund) -> bool {
        match self.index.get(code) {
            Some(&i) => fund == Fund::Other || self.applies[i] & fund_bit(fund) != 0,
            None => false,
        }
    }

    /// The fiscal budgets a known code applies to, in the order 一般公共预算, 政府性基金,
    /// 国有资本经营.
    pub fn funds(&self, code: &str) -> Vec<Fund> {
        let m = self.index.get(code).map(|&i| self.applies[i]).unwrap_or(0);
        [
            Fund::GeneralBudget,
            Fund::GovernmentFund,
            Fund::StateCapital,
        ]
        .into_iter()
        .filter(|f| m & fund_bit(*f) != 0)
        .collect()
    }

    /// Position of a code in catalogue order (unknown codes sort last, by code).
    pub fn order(&self, code: &str) -> usize {
        self.index.get(code).copied().unwrap_or(usize::MAX / 2)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

/// A standard glossary entry.
#[derive(Debug, Clone, Deserialize)]
pub struct GlossaryEntry {
    pub term: String,
    pub text: String,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Glossary {
    pub before_items: Vec<GlossaryEntry>,
    pub after_items: Vec<GlossaryEntry>,
}

/// The catalogues of one year: 功能分类, 经济分类 and the standard glossary.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The year these catalogues are for.
    pub year: i32,
    functional: CodeList,
    pub economic: CodeList,
    pub glossary: Glossary,
}

/// Every built-in year, derived once per process.
fn builtin_years() -> &'static BTreeMap<i32, Catalog> {
    static YEARS: OnceLock<BTreeMap<i32, Catalog>> = OnceLock::new();
    YEARS.get_or_init(|| {
        let files: Vec<ChangeFile> = CHANGES
            .iter()
            .map(|(year, text)| {
                let f = ChangeFile::parse(text)
                    .unwrap_or_else(|e| panic!("data/catalog/changes/{year}.yaml: {e}"));
                assert_eq!(f.year, *year, "data/catalog/changes/{year}.yaml: year");
                f
            })
            .collect();
        let functional = changes::derive_years(
            CodeList::parse(FUNCTIONAL_BASE).entries,
            BASE_YEAR,
            &files,
            |f| &f.functional,
        )
        .unwrap_or_else(|e| panic!("功能分类科目表：{e}"));
        let mut economic = changes::derive_years(
            CodeList::parse(ECONOMIC_BASE).entries,
            BASE_YEAR,
            &files,
            |f| &f.economic,
        )
        .unwrap_or_else(|e| panic!("经济分类科目表：{e}"));
        let glossary: Glossary =
            serde_yaml::from_str(GLOSSARY).expect("built-in glossary is valid YAML");
        functional
            .into_iter()
            .map(|(year, f)| {
                let e = economic.remove(&year).expect("same years for both lists");
                let c = Catalog {
                    year,
                    functional: CodeList::from_entries(f),
                    economic: CodeList::from_entries(e),
                    glossary: glossary.clone(),
                };
                (year, c)
            })
            .collect()
    })
}

impl Catalog {
    /// The built-in catalogues of the base year (2023).
    pub fn builtin() -> Catalog {
        Catalog::for_year(BASE_YEAR).0.clone()
    }

    /// The built-in catalogues for `year` (derived once per process, shared), and
    /// `Some(year used)` when that year has no catalogue of its own (the nearest one is
    /// used: the earliest for older years, the latest for newer ones). The caller turns
    /// that into a warning (`fallback_warning`).
    pub fn for_year(year: i32) -> (&'static Catalog, Option<i32>) {
        let years = builtin_years();
        if let Some(c) = years.get(&year) {
            return (c, None);
        }
        let (&used, c) = years
            .range(..=year)
            .next_back()
            .or_else(|| years.iter().next())
            .expect("at least one built-in year");
        (c, Some(used))
    }

    /// The years that have a built-in catalogue of their own.
    pub fn years() -> Vec<i32> {
        builtin_years().keys().copied().collect()
    }

    /// This catalogue's 功能分类 list. A `Catalog` is one year's: `year` does not select
    /// anything (kept so the callers that pass `unit.year` compile unchanged; they get
    /// the right year once they hold `Catalog::for_year(unit.year)`).
    pub fn functional(&self, _year: i32) -> &CodeList {
        &self.functional
    }
}

/// The warning for a data year without its own catalogue (名称与核对按 `used` 年).
pub fn fallback_warning(year: i32, used: i32) -> String {
    format!("{year}年没有内置的政府收支分类科目表，科目名称与编码核对按{used}年科目表进行；请核对当年新增或更名的科目（可在 code_names 中给出名称）")
}

/// Looks up names with the data file's own `code_names` first.
pub struct Names<'a> {
    pub functional: &'a CodeList,
    pub economic: &'a CodeList,
    pub custom: &'a BTreeMap<String, String>,
}

impl Names<'_> {
    pub fn functional_name(&self, code: &str) -> Option<String> {
        self.custom
            .get(code)
            .cloned()
            .or_else(|| self.functional.get(code).map(|e| e.name.clone()))
    }

    pub fn economic_name(&self, code: &str) -> Option<String> {
        self.custom
            .get(code)
            .cloned()
            .or_else(|| self.economic.get(code).map(|e| e.name.clone()))
    }
}
