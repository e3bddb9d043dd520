//! What a report's year and province choose: the classification catalogue, the report
//! edition (附表 list and titles, 第一部分 and 七 headings, 公开时间 line) and the table
//! set it is laid out with. A year without a catalogue or an edition entry of its own is
//! a warning naming the year used; each choice can be overridden in the settings
//! (`edition`, `edition_year`, `template_set`).

use std::sync::Arc;

use super::{Layers, SetError, TableSet, TemplateSet};
use crate::catalog::{self, Catalog};
use crate::diag::Finding;
use crate::edition::{Edition, EditionError};
use crate::model::settings::SettingsOverride;
use crate::model::{Loaded, Settings};

/// A catalogue year that is not the report's (warning).
pub const CATALOG_YEAR: &str = "S002";
/// An edition year that is not the report's (warning).
pub const EDITION_YEAR: &str = "S003";
/// An edition name that does not exist (error).
pub const UNKNOWN_EDITION: &str = "S004";
/// A table the edition lists that the table set has no layout for (error).
pub const MISSING_TABLE: &str = "S005";
/// A province without an edition of its own: the national format is used (warning).
pub const OTHER_PROVINCE: &str = "S006";

/// The edition chosen when nothing else says (the built-in default since the start).
pub const DEFAULT_EDITION: &str = "sichuan";
/// The edition for a province that has none of its own.
pub const NATIONAL: &str = "national";

/// Provincial-level names as a `unit.region` starts with them.
const PROVINCES: [&str; 31] = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
];

/// The province a region names first (`四川省攀枝花市东区` → 四川), if any.
pub fn province_of(region: &str) -> Option<&'static str> {
    let r = region.trim();
    PROVINCES.iter().copied().find(|p| r.starts_with(p))
}

/// The year-dependent part of a report's configuration.
pub(super) struct Chosen {
    pub catalog: &'static Catalog,
    pub edition: Edition,
    pub tables: Option<Arc<TableSet>>,
}

/// The value a settings layer states for a field, the highest layer first.
fn stated<T>(
    layers: &Layers,
    file: Option<&SettingsOverride>,
    get: impl Fn(&SettingsOverride) -> Option<T>,
) -> Option<T> {
    get(&layers.flags)
        .or_else(|| file.and_then(&get))
        .or_else(|| layers.district.as_ref().and_then(&get))
}

/// Chooses the catalogue, the edition and the table set; fills `settings.template_set`
/// with the set used. Problems are findings (the report's data or settings are at fault).
pub(super) fn choose(
    layers: &Layers,
    templates: &TemplateSet,
    loaded: &Loaded,
    settings: &mut Settings,
    findings: &mut Vec<Finding>,
) -> Result<Chosen, String> {
    let unit = &loaded.data.unit;
    let file = loaded.data.settings.as_ref();
    let at_year = || loaded.source.find("unit.year");
    let (catalog, used) = Catalog::for_year(unit.year);
    if let Some(used) = used {
        findings.push(
            Finding::warning(
                CATALOG_YEAR,
                "unit.year",
                catalog::fallback_warning(unit.year, used),
            )
            .at(at_year()),
        );
    }
    let edition = edition(layers, loaded, settings, findings);
    if let Some(w) = edition.fallback_warning() {
        findings.push(
            Finding::warning(EDITION_YEAR, "unit.year", w)
                .at(at_year())
                .help("可在设置 edition_year 中指定所依照的年度版本"),
        );
    }
    let stated_set = stated(layers, file, |o| o.template_set.clone());
    if stated_set.is_none() && templates.table_set(&edition.id).is_ok() {
        settings.template_set.clone_from(&edition.id);
    }
    let tables = match templates.table_set(&settings.template_set) {
        Ok(set) => match set.for_edition(&edition) {
            Ok(s) => Some(Arc::new(s)),
            Err(missing) => {
                findings.push(missing_tables(
                    &settings.template_set,
                    &edition,
                    &missing,
                    loaded,
                ));
                None
            }
        },
        Err(SetError::Broken(m)) => return Err(m),
        Err(SetError::Unknown { available }) => {
            findings.push(super::unknown_set(
                &settings.template_set,
                &available,
                loaded,
            ));
            None
        }
    };
    Ok(Chosen {
        catalog,
        edition,
        tables,
    })
}

/// The edition: the `edition` setting, else a `template_set` that names an edition, else
/// the province of `unit.region` (四川 → sichuan, any other → national, none → sichuan).
fn edition(
    layers: &Layers,
    loaded: &Loaded,
    settings: &Settings,
    findings: &mut Vec<Finding>,
) -> Edition {
    let unit = &loaded.data.unit;
    let file = loaded.data.settings.as_ref();
    let stated_set = stated(layers, file, |o| o.template_set.clone())
        .filter(|s| Edition::builtin_ids().contains(&s.as_str()));
    let name = match (&settings.edition, stated_set) {
        (Some(e), _) => e.clone(),
        (None, Some(set)) => set,
        (None, None) => match province_of(&unit.region) {
            None | Some("四川") => DEFAULT_EDITION.to_string(),
            Some(p) => {
                findings.push(
                    Finding::warning(
                        OTHER_PROVINCE,
                        "unit.region",
                        format!("没有{p}的报告版本：附表清单与标题按财政部格式（national）"),
                    )
                    .at(loaded.source.find("unit.region"))
                    .help("可在设置 edition 中指定报告版本（sichuan、national），或用 --templates 提供本省的表套"),
                );
                NATIONAL.to_string()
            }
        },
    };
    let resolved = match settings.edition_year {
        Some(y) => Edition::resolve_as(&name, y, unit.year, unit.kind),
        None => Edition::resolve(&name, unit.year, unit.kind),
    };
    match resolved {
        Ok(e) => e,
        Err(e @ (EditionError::Unknown { .. } | EditionError::Invalid(_))) => {
            const PATH: &str = "settings.edition";
            findings.push(
                Finding::error(UNKNOWN_EDITION, PATH, format!("{e}（{PATH}）"))
                    .at(loaded.source.find(PATH))
                    .help("报告版本写内置的名称：sichuan（四川）或 national（全国）"),
            );
            Edition::resolve(DEFAULT_EDITION, unit.year, unit.kind)
                .expect("the default edition resolves")
        }
    }
}

/// S005: the edition lists tables the set has no layout for.
fn missing_tables(set: &str, e: &Edition, missing: &[String], loaded: &Loaded) -> Finding {
    let titles: Vec<String> = missing
        .iter()
        .map(|id| {
            let title = e.table(id).map(|t| t.title.as_str()).unwrap_or_default();
            format!("{id}（{title}）")
        })
        .collect();
    let path = if loaded.source.has("settings.template_set") {
        "settings.template_set"
    } else {
        "unit.year"
    };
    Finding::error(
        MISSING_TABLE,
        path,
        format!(
            "附表套“{set}”中没有报告版本“{}”{}年所列的表：{}",
            e.name,
            e.edition_year,
            titles.join("、")
        ),
    )
    .at(loaded.source.find(path))
    .help("在表套文件中为这些 id 加上版式，或在设置中选用另一个报告版本（edition、edition_year）")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::reference::Chain;

    fn resolve(text: &str) -> (super::super::Config, Vec<Finding>) {
        let loaded = crate::model::load_str(Path::new("u.yaml"), text.to_string()).unwrap();
        super::super::resolve(
            &Layers::default(),
            &TemplateSet::builtin(),
            &loaded,
            &Chain::new(Path::new("u.yaml")),
        )
        .unwrap()
    }

    fn unit(year: i32, region: &str, extra: &str) -> String {
        format!("schema: 1\nunit:\n  name: 某单位\n  region: {region}\n  year: {year}\n{extra}")
    }

    fn codes(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn provinces_are_read_from_the_region() {
        assert_eq!(province_of("四川省攀枝花市东区"), Some("四川"));
        assert_eq!(province_of(" 内蒙古自治区呼和浩特市"), Some("内蒙古"));
        assert_eq!(province_of("攀枝花市东区"), None);
    }

    #[test]
    fn year_and_province_choose_catalogue_edition_and_tables() {
        let (c, f) = resolve(&unit(2021, "四川省攀枝花市东区", ""));
        assert!(f.is_empty(), "{f:?}");
        assert_eq!((c.catalog.year, c.edition.id.as_str()), (2021, "sichuan"));
        assert_eq!(c.settings.template_set, "sichuan");
        let t = c.tables.unwrap();
        assert_eq!(t.tables.len(), 14);
        assert_eq!(
            t.tables[11].title,
            "政府性基金预算财政拨款“三公”经费支出决算表"
        );
        assert_eq!(t.tables[11].form, "公开12表");
        // Another province: the national format, with a warning at unit.region.
        let (c, f) = resolve(&unit(2022, "湖南省岳阳市", ""));
        assert_eq!(codes(&f), vec![OTHER_PROVINCE]);
        assert_eq!(f[0].text_pos().unwrap().line, 4);
        assert_eq!(
            (c.edition.id.as_str(), c.settings.template_set.as_str()),
            ("national", "national")
        );
        assert_eq!(
            c.tables.unwrap().tables.last().unwrap().id.as_deref(),
            Some("three_public")
        );
        // A template_set naming an edition chooses it too; an explicit edition wins.
        let (c, f) = resolve(&unit(2023, "", "settings: {template_set: national}\n"));
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(c.edition.id, "national");
        let (c, _) = resolve(&unit(2023, "湖南省", "settings: {edition: 四川}\n"));
        assert_eq!(c.edition.id, "sichuan");
    }

    #[test]
    fn years_without_their_own_data_say_which_year_is_used() {
        let (c, f) = resolve(&unit(2025, "四川省", ""));
        assert_eq!(codes(&f), vec![EDITION_YEAR]);
        assert!(f[0].message.contains("2024"), "{}", f[0].message);
        assert_eq!(c.catalog.year, 2025);
        let (c, f) = resolve(&unit(2020, "四川省", ""));
        assert_eq!(codes(&f), vec![CATALOG_YEAR, EDITION_YEAR]);
        assert!(f[0].message.contains("按2021年科目表"), "{}", f[0].message);
        assert_eq!((c.catalog.year, c.edition.edition_year), (2021, 2021));
        // An explicit edition year is no fallback.
        let (c, f) = resolve(&unit(2024, "四川省", "settings: {edition_year: 2023}\n"));
        assert!(f.is_empty(), "{f:?}");
        let basic = c
            .tables
            .unwrap()
            .tables
            .iter()
            .find(|t| t.id.as_deref() == Some("basic"))
            .cloned()
            .unwrap();
        assert_eq!(basic.title, "一般公共预算财政拨款基本支出决算表");
    }

    #[test]
    fn unknown_editions_and_missing_layouts_are_located_errors() {
        let (c, f) = resolve(&unit(2023, "", "settings:\n  edition: 广东\n"));
        assert_eq!(codes(&f), vec![UNKNOWN_EDITION]);
        assert_eq!(f[0].text_pos().unwrap().line, 7);
        assert!(f[0].is_error());
        assert_eq!(c.edition.id, "sichuan", "a placeholder: no report is made");
        // A folder set with ids that lacks the 2021 三公 tables.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tables")).unwrap();
        let sichuan = super::super::templates::builtin()
            .iter()
            .find(|(n, _)| *n == "tables/sichuan.yaml")
            .unwrap()
            .1;
        let cut = sichuan.find("  # 2021年版本").unwrap();
        std::fs::write(dir.path().join("tables/mine.yaml"), &sichuan[..cut]).unwrap();
        let templates = TemplateSet::load(Some(dir.path())).unwrap();
        let text = unit(2021, "", "settings:\n  template_set: mine\n");
        let loaded = crate::model::load_str(Path::new("u.yaml"), text).unwrap();
        let (c, f) = super::super::resolve(
            &Layers::default(),
            &templates,
            &loaded,
            &Chain::new(Path::new("u.yaml")),
        )
        .unwrap();
        assert_eq!(codes(&f), vec![MISSING_TABLE]);
        assert!(
            f[0].message.contains("three_public_general"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].text_pos().unwrap().line, 7);
        assert!(c.tables.is_none());
        // 2022 needs none of them.
        let text = unit(2022, "", "settings:\n  template_set: mine\n");
        let loaded = crate::model::load_str(Path::new("u.yaml"), text).unwrap();
        let (c, f) = super::super::resolve(
            &Layers::default(),
            &templates,
            &loaded,
            &Chain::new(Path::new("u.yaml")),
        )
        .unwrap();
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(c.tables.unwrap().tables.len(), 13);
    }
}
