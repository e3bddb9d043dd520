//! Classification catalogues shipped as data: 功能分类 (per year), 经济分类, and the
//! standard 名词解释. Names in the report come from here by code; a code the catalogue
//! lacks needs a name in the data file (`code_names`).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

const FUNCTIONAL_2023: &str = include_str!("../data/catalog/functional-2023.yaml");
const ECONOMIC: &str = include_str!("../data/catalog/economic.yaml");
const GLOSSARY: &str = include_str!("../data/catalog/glossary.yaml");

/// One catalogue entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub code: String,
    pub name: String,
    /// 名词解释 text for a 功能分类 项.
    #[serde(default)]
    pub definition: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CatalogFile {
    #[serde(default)]
    #[allow(dead_code)]
    year: Option<i32>,
    items: Vec<Entry>,
}

/// A code list with hierarchy by prefix (3 / 5 / 7 digits).
#[derive(Debug, Clone, Default)]
pub struct CodeList {
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
}

impl CodeList {
    fn parse(text: &str) -> CodeList {
        let file: CatalogFile =
            serde_yaml::from_str(text).expect("built-in catalogue is valid YAML");
        let index = file
            .items
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.clone(), i))
            .collect();
        CodeList {
            entries: file.items,
            index,
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

/// All catalogues, loaded once per process.
#[derive(Debug, Clone)]
pub struct Catalog {
    functional: BTreeMap<i32, CodeList>,
    pub economic: CodeList,
    pub glossary: Glossary,
}

impl Catalog {
    /// The built-in catalogues.
    pub fn builtin() -> Catalog {
        let mut functional = BTreeMap::new();
        functional.insert(2023, CodeList::parse(FUNCTIONAL_2023));
        Catalog {
            functional,
            economic: CodeList::parse(ECONOMIC),
            glossary: serde_yaml::from_str(GLOSSARY).expect("built-in glossary is valid YAML"),
        }
    }

    /// The 功能分类 catalogue for a year: the latest one not after it (or the earliest).
    pub fn functional(&self, year: i32) -> &CodeList {
        self.functional
            .range(..=year)
            .next_back()
            .or_else(|| self.functional.iter().next())
            .map(|(_, c)| c)
            .expect("at least one functional catalogue")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_the_seed_codes_and_consistent_hierarchy() {
        let c = Catalog::builtin();
        let f = c.functional(2023);
        assert_eq!(f.get("2013350").unwrap().name, "事业运行");
        assert_eq!(f.get("20133").unwrap().name, "宣传事务");
        assert_eq!(f.get("2210201").unwrap().name, "住房公积金");
        assert_eq!(f.classes().count(), 26);
        for e in f.entries() {
            if e.code.len() > 3 {
                let parent = &e.code[..e.code.len() - 2];
                assert!(f.contains(parent), "{} has no parent {parent}", e.code);
            }
        }
        assert_eq!(c.economic.get("30217").unwrap().name, "公务接待费");
        assert!(c
            .glossary
            .before_items
            .iter()
            .any(|g| g.term == "财政拨款收入"));
    }
}
