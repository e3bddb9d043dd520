//! Report editions as data: what differs in the report itself by (province, year,
//! kind) — the 附表 list and titles, the 第一部分 headings, section 七's headings and the
//! optional 公开时间 line. Each province's file (`data/editions/<id>.yaml`) has per-year
//! entries that inherit from the year before, so a year states only what changed.
//! `Edition::resolve` gives the finished wording for one report; a year without an entry
//! of its own uses the latest one before it (or the first) and says which.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::ReportKind;

/// Built-in edition files: (id, text).
const BUILTIN: &[(&str, &str)] = &[
    ("sichuan", include_str!("../data/editions/sichuan.yaml")),
    ("national", include_str!("../data/editions/national.yaml")),
];

/// The built-in edition files, parsed once per process.
fn files() -> &'static [EditionFile] {
    static FILES: OnceLock<Vec<EditionFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(id, text)| {
                EditionFile::parse(text).unwrap_or_else(|e| panic!("data/editions/{id}.yaml: {e}"))
            })
            .collect()
    })
}

/// An edition that could not be found or read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EditionError {
    #[error("没有名为“{name}”的报告版本（可用：{known}）")]
    Unknown { name: String, known: String },
    #[error("报告版本文件有误：{0}")]
    Invalid(String),
}

/// 第一部分's headings for one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part1 {
    /// "一、部门职责" and the like.
    pub duties: String,
    /// A sub-heading under it ("（一）主要职能"), if the edition has one.
    pub duties_sub: Option<String>,
    /// "二、机构设置", if the edition has that section.
    pub organisation: Option<String>,
}

/// Section 七's heading and its two sub-headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section7 {
    pub heading: String,
    pub overall: String,
    pub detail: String,
}

/// One 附表 of the edition, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableEntry {
    /// 1-based position: the table's number.
    pub number: usize,
    /// The number as printed: 一, 二, … 十四.
    pub numeral: String,
    /// "公开08表".
    pub form: String,
    /// The layout key (total, basic, three_public, …; see docs/catalogs.md).
    pub id: String,
    pub title: String,
}

/// The resolved edition of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// File id ("sichuan") and display name ("四川").
    pub id: String,
    pub name: String,
    /// The year asked for, and the year whose entry was used.
    pub year: i32,
    pub edition_year: i32,
    /// `Some(edition_year)` when `year` has no entry of its own (the caller warns).
    pub fallback: Option<i32>,
    pub kind: ReportKind,
    pub part1: Part1,
    pub section7: Section7,
    /// "公开时间：{date}" (with `{date}` still in it), or none.
    pub publish_line: Option<String>,
    pub tables: Vec<TableEntry>,
    /// Sources and notes (待核) of every entry up to `edition_year`.
    pub sources: Vec<String>,
    pub notes: Vec<String>,
}

impl Edition {
    /// The built-in edition `name` (id such as "sichuan", or a name such as "四川") for
    /// `year` and `kind`.
    pub fn resolve(name: &str, year: i32, kind: ReportKind) -> Result<Edition, EditionError> {
        let file = files()
            .iter()
            .find(|f| f.id == name || f.name == name || f.aliases.iter().any(|a| a == name))
            .ok_or_else(|| EditionError::Unknown {
                name: name.to_string(),
                known: BUILTIN
                    .iter()
                    .map(|(id, _)| *id)
                    .collect::<Vec<_>>()
                    .join("、"),
            })?;
        Ok(file.resolve(year, kind))
    }

    /// `resolve` with the entry chosen for `edition_year` (an explicit choice, so no
    /// fallback is reported) and the wording filled for the report's `year`.
    pub fn resolve_as(
        name: &str,
        edition_year: i32,
        year: i32,
        kind: ReportKind,
    ) -> Result<Edition, EditionError> {
        let mut e = Edition::resolve(name, edition_year, kind)?;
        if edition_year != year {
            let files = files();
            let file = files.iter().find(|f| f.id == e.id).expect("resolved above");
            e = file.resolve_filled(edition_year, year, kind);
        }
        e.fallback = None;
        Ok(e)
    }

    /// Ids of the built-in editions.
    pub fn builtin_ids() -> Vec<&'static str> {
        BUILTIN.iter().map(|(id, _)| *id).collect()
    }

    /// The table with layout key `id`, if the edition has it.
    pub fn table(&self, id: &str) -> Option<&TableEntry> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// The 公开时间 line for a date written as the report prints it ("2025年9月2日").
    pub fn publish_line_for(&self, date: &str) -> Option<String> {
        self.publish_line
            .as_ref()
            .map(|l| l.replace("{date}", date))
    }

    /// The warning for a year without its own entry, if any.
    pub fn fallback_warning(&self) -> Option<String> {
        self.fallback.map(|used| {
            format!(
                "{}年没有“{}”报告版本，附表清单与标题按{used}年版本",
                self.year, self.name
            )
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Part1Patch {
    duties: Option<String>,
    duties_sub: Option<String>,
    organisation: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section7Patch {
    heading: Option<String>,
    overall: Option<String>,
    detail: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSpec {
    id: String,
    title: String,
    #[serde(default)]
    form: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearEntry {
    year: i32,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    /// Keyed by 部门 / 单位.
    #[serde(default)]
    part1: BTreeMap<String, Part1Patch>,
    #[serde(default)]
    section7: Section7Patch,
    #[serde(default)]
    publish_line: Option<String>,
    #[serde(default)]
    tables: Option<Vec<TableSpec>>,
    #[serde(default)]
    table_titles: BTreeMap<String, String>,
}

/// One edition file, checked: every year resolves completely for both kinds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionFile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    years: Vec<YearEntry>,
}

/// The state while the year entries are merged in turn.
#[derive(Debug, Clone, Default)]
struct Merged {
    part1: BTreeMap<String, Part1Patch>,
    section7: Section7Patch,
    publish_line: Option<String>,
    tables: Vec<TableSpec>,
    sources: Vec<String>,
    notes: Vec<String>,
}

fn merge<T: Clone>(into: &mut Option<T>, from: &Option<T>) {
    if from.is_some() {
        into.clone_from(from);
    }
}

impl Merged {
    fn apply(&mut self, e: &YearEntry) -> Result<(), String> {
        for (kind, p) in &e.part1 {
            if kind != "部门" && kind != "单位" {
                return Err(format!(
                    "{}年 part1 的键应为“部门”或“单位”，不是“{kind}”",
                    e.year
                ));
            }
            let m = self.part1.entry(kind.clone()).or_default();
            merge(&mut m.duties, &p.duties);
            merge(&mut m.duties_sub, &p.duties_sub);
            merge(&mut m.organisation, &p.organisation);
        }
        merge(&mut self.section7.heading, &e.section7.heading);
        merge(&mut self.section7.overall, &e.section7.overall);
        merge(&mut self.section7.detail, &e.section7.detail);
        merge(&mut self.publish_line, &e.publish_line);
        if let Some(t) = &e.tables {
            self.tables.clone_from(t);
        }
        for (id, title) in &e.table_titles {
            let t = self
                .tables
                .iter_mut()
                .find(|t| &t.id == id)
                .ok_or_else(|| format!("{}年 table_titles 中的“{id}”不在附表清单里", e.year))?;
            t.title.clone_from(title);
        }
        self.sources
            .extend(e.sources.iter().map(|s| format!("{}年：{s}", e.year)));
        self.notes
            .extend(e.note.iter().map(|s| format!("{}年：{s}", e.year)));
        Ok(())
    }

    /// Checks that everything is given (the first year must state it all).
    fn check(&self, year: i32) -> Result<(), String> {
        let missing = |what: &str| Err(format!("截至{year}年缺少 {what}"));
        for kind in ["部门", "单位"] {
            match self.part1.get(kind) {
                Some(p) if p.duties.is_some() => {}
                _ => return missing(&format!("part1.{kind}.duties")),
            }
        }
        let s = &self.section7;
        if s.heading.is_none() || s.overall.is_none() || s.detail.is_none() {
            return missing("section7 的 heading / overall / detail");
        }
        if self.tables.is_empty() {
            return missing("tables");
        }
        let mut ids: Vec<&str> = self.tables.iter().map(|t| t.id.as_str()).collect();
        ids.sort_unstable();
        if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("{year}年附表清单中“{}”出现两次", w[0]));
        }
        Ok(())
    }
}

/// 一 … 二十 (enough for any 附表 list).
fn numeral(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[n - 10]),
        _ => n.to_string(),
    }
}

/// "" in the file means "none" (a later year can drop a heading an earlier one had).
fn optional(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| !s.is_empty())
}

impl EditionFile {
    /// Parses a file and checks that each of its years resolves completely.
    pub fn parse(text: &str) -> Result<EditionFile, String> {
        let mut f: EditionFile = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        f.years.sort_by_key(|y| y.year);
        if f.years.is_empty() {
            return Err("没有任何年度".into());
        }
        if let Some(w) = f.years.windows(2).find(|w| w[0].year == w[1].year) {
            return Err(format!("{}年出现两次", w[0].year));
        }
        let mut m = Merged::default();
        for y in &f.years {
            m.apply(y)?;
            m.check(y.year)?;
        }
        Ok(f)
    }

    /// The years that have an entry of their own.
    pub fn years(&self) -> Vec<i32> {
        self.years.iter().map(|y| y.year).collect()
    }

    /// The edition for `year` and `kind`: the entries up to the latest one not after
    /// `year` (or the first entry, for earlier years), merged in order.
    pub fn resolve(&self, year: i32, kind: ReportKind) -> Edition {
        self.resolve_filled(year, year, kind)
    }

    /// The edition chosen for `choose` and filled in (`{year}`, `{prev_year}`) for `year`.
    fn resolve_filled(&self, choose: i32, year: i32, kind: ReportKind) -> Edition {
        let used = self
            .years
            .iter()
            .rev()
            .find(|y| y.year <= choose)
            .unwrap_or(&self.years[0])
            .year;
        let mut m = Merged::default();
        for y in self.years.iter().filter(|y| y.year <= used) {
            m.apply(y).expect("checked by parse");
        }
        let fill = |s: &str| {
            s.replace("{year}", &year.to_string())
                .replace("{prev_year}", &(year - 1).to_string())
                .replace("{kind}", kind.word())
        };
        let p = &m.part1[kind.word()];
        let s = &m.section7;
        Edition {
            id: self.id.clone(),
            name: self.name.clone(),
            year,
            edition_year: used,
            fallback: (used != choose).then_some(used),
            kind,
            part1: Part1 {
                duties: fill(p.duties.as_deref().unwrap_or_default()),
                duties_sub: optional(&p.duties_sub).map(|s| fill(&s)),
                organisation: optional(&p.organisation).map(|s| fill(&s)),
            },
            section7: Section7 {
                heading: fill(s.heading.as_deref().unwrap_or_default()),
                overall: fill(s.overall.as_deref().unwrap_or_default()),
                detail: fill(s.detail.as_deref().unwrap_or_default()),
            },
            publish_line: optional(&m.publish_line).map(|s| fill(&s)),
            tables: m
                .tables
                .iter()
                .enumerate()
                .map(|(i, t)| TableEntry {
                    number: i + 1,
                    numeral: numeral(i + 1),
                    form: t
                        .form
                        .clone()
                        .unwrap_or_else(|| format!("公开{:02}表", i + 1)),
                    id: t.id.clone(),
                    title: fill(&t.title),
                })
                .collect(),
            sources: m.sources,
            notes: m.notes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportKind::{Department, Unit};

    fn sichuan(year: i32, kind: ReportKind) -> Edition {
        Edition::resolve("sichuan", year, kind).unwrap()
    }

    fn titles(e: &Edition) -> Vec<String> {
        e.tables
            .iter()
            .map(|t| format!("{}、{}", t.numeral, t.title))
            .collect()
    }

    #[test]
    fn every_builtin_year_resolves_for_both_kinds() {
        for id in Edition::builtin_ids() {
            for year in 2021..=2024 {
                for kind in [Department, Unit] {
                    let e = Edition::resolve(id, year, kind).unwrap();
                    assert_eq!(
                        (e.year, e.edition_year, e.fallback),
                        (year, year, None),
                        "{id} {year}"
                    );
                    assert!(!e.part1.duties.is_empty() && !e.tables.is_empty());
                    assert!(e.publish_line.as_deref().unwrap().contains("{date}"));
                }
            }
        }
    }

    #[test]
    fn sichuan_2021_department_has_14_tables_and_the_2021_headings() {
        let e = sichuan(2021, Department);
        assert_eq!(e.part1.duties, "一、基本职能及主要工作");
        assert_eq!(e.part1.duties_sub.as_deref(), Some("（一）主要职能"));
        assert_eq!(e.part1.organisation.as_deref(), Some("二、机构设置"));
        assert_eq!(e.section7.heading, "七、“三公”经费财政拨款支出决算情况说明");
        let t = titles(&e);
        assert_eq!(t.len(), 14);
        assert_eq!(t[7], "八、一般公共预算财政拨款基本支出决算表");
        assert_eq!(t[9], "十、一般公共预算财政拨款“三公”经费支出决算表");
        assert_eq!(t[11], "十二、政府性基金预算财政拨款“三公”经费支出决算表");
        assert_eq!(t[13], "十四、国有资本经营预算财政拨款支出决算表");
        assert_eq!(e.tables[13].form, "公开14表");
        assert!(e.table("three_public").is_none());
        // 单位 of the same year: 职能简介, no sub-heading.
        let u = sichuan(2021, Unit);
        assert_eq!(
            (u.part1.duties.as_str(), u.part1.duties_sub.as_deref()),
            ("一、职能简介", None)
        );
    }

    #[test]
    fn sichuan_2023_unit_inherits_2022_and_keeps_the_seed_title_of_table_8() {
        let e = sichuan(2023, Unit);
        assert_eq!(e.part1.duties, "一、主要职责");
        assert_eq!(e.part1.duties_sub, None);
        assert_eq!(e.part1.organisation.as_deref(), Some("二、机构设置"));
        assert_eq!(e.section7.heading, "七、财政拨款“三公”经费支出决算情况说明");
        assert_eq!(
            e.section7.overall,
            "（一）“三公”经费财政拨款支出决算总体情况说明"
        );
        assert_eq!(e.tables.len(), 13);
        assert_eq!(
            e.table("basic").unwrap().title,
            "一般公共预算财政拨款基本支出决算表"
        );
        let three = e.table("three_public").unwrap();
        assert_eq!((three.number, three.form.as_str()), (13, "公开13表"));
        assert_eq!(three.title, "财政拨款“三公”经费支出决算表");
        // 2022 (the year it inherits from) has 明细表; 部门 drops 2021's sub-heading.
        assert_eq!(
            sichuan(2022, Unit).table("basic").unwrap().title,
            "一般公共预算财政拨款基本支出决算明细表"
        );
        assert_eq!(sichuan(2022, Department).part1.duties_sub, None);
    }

    #[test]
    fn sichuan_2024_department_headings_and_table_8() {
        let e = sichuan(2024, Department);
        assert_eq!(e.part1.duties, "一、部门职责");
        assert_eq!(e.part1.duties_sub.as_deref(), Some("（一）主要职能"));
        let basic = e.table("basic").unwrap();
        assert_eq!(
            (basic.numeral.as_str(), basic.title.as_str()),
            ("八", "一般公共预算财政拨款基本支出决算明细表")
        );
        assert_eq!(e.tables.len(), 13);
        assert_eq!(
            e.publish_line_for("2025年9月2日").as_deref(),
            Some("公开时间：2025年9月2日")
        );
        assert!(e.sources.iter().any(|s| s.starts_with("2021年：")));
        assert!(e
            .notes
            .iter()
            .any(|s| s.starts_with("2024年：") && s.contains("待核")));
    }

    #[test]
    fn years_without_an_entry_say_which_year_was_used() {
        let e = sichuan(2025, Department);
        assert_eq!((e.edition_year, e.fallback), (2024, Some(2024)));
        assert_eq!(
            e.table("basic").unwrap().title,
            "一般公共预算财政拨款基本支出决算明细表"
        );
        let w = e.fallback_warning().unwrap();
        assert!(
            w.contains("2025年") && w.contains("2024年") && w.contains("四川"),
            "{w}"
        );
        let old = sichuan(2020, Unit);
        assert_eq!(
            (old.edition_year, old.fallback, old.tables.len()),
            (2021, Some(2021), 14)
        );
        assert_eq!(sichuan(2024, Unit).fallback_warning(), None);
    }

    #[test]
    fn national_edition_moves_the_three_public_table_in_2022() {
        let e21 = Edition::resolve("全国", 2021, Department).unwrap();
        let e22 = Edition::resolve("national", 2022, Department).unwrap();
        assert_eq!(e21.table("three_public_general").unwrap().number, 7);
        assert_eq!(e22.table("three_public").unwrap().number, 9);
        assert_eq!(e21.tables.len(), 9);
        assert_eq!(
            e22.section7.heading,
            "七、财政拨款“三公”经费支出决算情况说明"
        );
        assert_eq!(
            Edition::resolve("national", 2025, Unit).unwrap().fallback,
            Some(2024)
        );
    }

    #[test]
    fn unknown_editions_and_faulty_files_are_refused() {
        let e = Edition::resolve("广东", 2023, Department).unwrap_err();
        assert!(
            e.to_string().contains("广东") && e.to_string().contains("sichuan"),
            "{e}"
        );
        let head = "id: x\nname: 某省\nyears:\n";
        let full = "  - year: 2021\n    part1:\n      部门: {duties: 一、部门职责}\n      单位: {duties: 一、主要职责}\n    section7: {heading: \"七、{year}年\", overall: a, detail: b}\n    tables:\n      - {id: total, title: 总表}\n";
        let ok = EditionFile::parse(&format!("{head}{full}")).unwrap();
        assert_eq!(ok.resolve(2022, Unit).section7.heading, "七、2022年");
        let bad = |extra: &str| EditionFile::parse(&format!("{head}{full}{extra}")).unwrap_err();
        assert!(bad("  - year: 2022\n    table_titles: {basic: 某表}\n").contains("basic"));
        assert!(
            bad("  - year: 2022\n    tables: [{id: a, title: 甲}, {id: a, title: 乙}]\n")
                .contains("两次")
        );
        assert!(bad("  - year: 2022\n    part1: {机关: {duties: x}}\n").contains("机关"));
        assert!(bad("  - year: 2021\n").contains("两次"));
        let first_incomplete =
            format!("{head}  - year: 2021\n    part1:\n      部门: {{duties: a}}\n");
        assert!(EditionFile::parse(&first_incomplete)
            .unwrap_err()
            .contains("单位"));
    }
}
