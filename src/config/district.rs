//! The district settings file `juesuan.yaml` at the top of a batch folder: settings
//! that apply to every unit beneath it (year, region, precision, template set,
//! glossary additions) — the layer between the built-in defaults and a data file's own.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::catalog::GlossaryEntry;
use crate::diag::Finding;
use crate::model::settings::SettingsOverride;
use crate::model::{Loaded, Locator};

use super::{ConfigError, SetError, TemplateSet};

/// The file name of the district settings file.
pub const FILE_NAME: &str = "juesuan.yaml";

/// `juesuan.yaml`: every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// 区（部门）名称, the overview's title (default: the folder name).
    #[serde(default)]
    pub name: Option<String>,
    /// 决算年度: each unit's `unit.year` must equal it.
    #[serde(default)]
    pub year: Option<i32>,
    /// 地区: used where a unit leaves `unit.region` empty.
    #[serde(default)]
    pub region: Option<String>,
    /// The same fields as a data file's `settings:`; a unit's own settings win.
    #[serde(default)]
    pub settings: Option<SettingsOverride>,
    /// Template folder (relative to the district folder) overriding the built-in set;
    /// `--templates` on the command line wins.
    #[serde(default)]
    pub templates: Option<PathBuf>,
    /// 名词解释 entries appended after the standard ones in every report.
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
}

/// The settings file, its text (for the cache key) and its folder.
#[derive(Debug, Clone, Default)]
pub struct DistrictFile {
    pub district: District,
    /// The raw text, empty when there is no file.
    pub text: String,
    pub dir: PathBuf,
}

impl DistrictFile {
    /// Reads `dir/juesuan.yaml` if present. The error is a Chinese message with the
    /// line and column.
    pub fn load(dir: &Path) -> Result<DistrictFile, String> {
        let path = dir.join(FILE_NAME);
        if !path.is_file() {
            return Ok(DistrictFile {
                dir: dir.to_path_buf(),
                ..DistrictFile::default()
            });
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("无法读取区设置文件 {}：{e}", path.display()))?;
        crate::model::guard::check_yaml(&path, &text).map_err(|e| format!("区设置文件 {e}"))?;
        let district: District = if text.trim().is_empty() {
            District::default()
        } else {
            serde_yaml::from_str(&text).map_err(|e| {
                let at = e
                    .location()
                    .map(|l| format!(":{}:{}", l.line(), l.column()))
                    .unwrap_or_default();
                format!("区设置文件 {}{at} 有误：{e}", path.display())
            })?
        };
        crate::model::date::check_setting(
            &path,
            &text,
            district
                .settings
                .as_ref()
                .and_then(|s| s.document_date.as_ref()),
        )?;
        if let Some(d) = district
            .settings
            .as_ref()
            .and_then(|s| s.publish_date.as_ref())
        {
            crate::model::date::parse_publish(d).map_err(|e| {
                let at = crate::model::Locator::new(&text)
                    .find("settings.publish_date")
                    .map(|p| format!(":{}:{}", p.line, p.col))
                    .unwrap_or_default();
                format!(
                    "区设置文件 {}{at} 中的 settings.publish_date 有误：{e}",
                    path.display()
                )
            })?;
        }
        Ok(DistrictFile {
            district,
            text,
            dir: dir.to_path_buf(),
        })
    }

    /// Checks the file's `settings.template_set` against the run's template set before
    /// any unit is made: an unknown or broken set stops the run with a located message.
    pub fn check_template_set(&self, templates: &TemplateSet) -> Result<(), ConfigError> {
        let Some(name) = self
            .district
            .settings
            .as_ref()
            .and_then(|s| s.template_set.as_deref())
        else {
            return Ok(());
        };
        match templates.table_set(name) {
            Ok(_) => Ok(()),
            Err(SetError::Broken(m)) => Err(ConfigError::TableSet(m)),
            Err(SetError::Unknown { available }) => {
                let at = Locator::new(&self.text)
                    .find("settings.template_set")
                    .map(|p| format!(":{}:{}", p.line, p.col))
                    .unwrap_or_default();
                Err(ConfigError::Other(format!(
                    "区设置文件 {}{at}：模板套“{name}”不存在（可用的模板套：{}）",
                    self.dir.join(FILE_NAME).display(),
                    available.join("、")
                )))
            }
        }
    }

    /// The template folder named by the file, resolved against the district folder.
    pub fn templates(&self) -> Option<PathBuf> {
        self.district.templates.as_ref().map(|t| self.dir.join(t))
    }

    /// Applies the district defaults to a loaded unit and checks it against them:
    /// an empty region is filled in; a different year is an error (`D001`), a region
    /// outside the district's a warning (`D002`).
    pub fn apply(&self, loaded: &mut Loaded) -> Vec<Finding> {
        let d = &self.district;
        let mut out = Vec::new();
        if let Some(year) = d.year {
            if loaded.data.unit.year != year {
                out.push(
                    Finding::error(
                        "D001",
                        "unit.year",
                        format!(
                            "决算年度 {} 与区设置文件 {FILE_NAME} 中的 year: {year} 不一致",
                            loaded.data.unit.year
                        ),
                    )
                    .expected(year, loaded.data.unit.year)
                    .at(loaded.source.find("unit.year"))
                    .help("同一批次的单位应为同一决算年度；请核对数据文件或区设置文件"),
                );
            }
        }
        if let Some(region) = d.region.as_deref().filter(|r| !r.is_empty()) {
            let own = loaded.data.unit.region.trim();
            if own.is_empty() {
                loaded.data.unit.region = region.to_string();
            } else if !own.starts_with(region) && !region.starts_with(own) {
                out.push(
                    Finding::warning(
                        "D002",
                        "unit.region",
                        format!("地区“{own}”与区设置文件 {FILE_NAME} 中的 region: {region} 不一致"),
                    )
                    .at(loaded.source.find("unit.region")),
                );
            }
        }
        out
    }
}
