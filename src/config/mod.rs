//! The configuration stage: what a command asks for (`Options`, plain data, no clap
//! types) and, per report, one resolved `Config` that compute, audit, render, charts and
//! pdf all read.
//!
//! Settings are resolved once per report, each layer over the one before:
//! built-in defaults ← district `juesuan.yaml` ← the data file's `settings:` ←
//! command-line flags. The report's year and province then choose the catalogue, the
//! report edition and the table set (`year`); last year's data file, when the data file
//! names one, is loaded here (`last_year`) — the one stage where another input file is
//! resolved. The template set (templates, table sets, chart style) is loaded once per run
//! (`TemplateSet`); a table set is chosen by name from it — an unknown name is a located
//! finding (`S001`), a broken set file a located error, never a fallback.
//! `guard` refuses, before any work, an output that would overwrite an input.

mod chart_style;
pub mod district;
pub mod guard;
pub mod last_year;
pub mod table_set;
pub mod templates;
pub mod year;

use std::path::PathBuf;
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::diag::Finding;
use crate::edition::Edition;
use crate::model::reference::Chain;
use crate::model::settings::SettingsOverride;
use crate::model::{Loaded, Settings};

pub use chart_style::ChartStyle;
pub use district::DistrictFile;
pub use last_year::LastYearFile;
pub use table_set::TableSet;
pub use templates::{SetError, TemplateSet};

/// What a command asks for, before any stage runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Template folder overriding the built-in templates file by file.
    pub templates: Option<PathBuf>,
    /// Extra fonts.
    pub font_dir: Option<PathBuf>,
    /// The settings layers around the data file's own.
    pub layers: Layers,
}

/// Settings layers above the built-in defaults and around the data file's `settings:`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layers {
    /// The district settings file's `settings:` (batch): under the data file's.
    pub district: Option<SettingsOverride>,
    /// Command-line flags (`--table-unit`, `--no-pdfa`): over everything.
    pub flags: SettingsOverride,
}

impl Layers {
    /// Settings of a report whose data file states `file`.
    pub fn settings(&self, file: Option<&SettingsOverride>) -> Settings {
        let mut s = Settings::default();
        if let Some(d) = &self.district {
            s.apply(d);
        }
        if let Some(f) = file {
            s.apply(f);
        }
        s.apply(&self.flags);
        s
    }

    /// The run-wide settings (no data file): for the district overview.
    pub fn run_settings(&self) -> Settings {
        self.settings(None)
    }
}

/// One report's resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub settings: Settings,
    /// The table set `settings.template_set` names, with the edition's tables, numbers
    /// and titles; `None` when it cannot be used (then a finding says why and no report
    /// is made).
    pub tables: Option<Arc<TableSet>>,
    pub chart_style: Arc<ChartStyle>,
    /// The catalogues of the report's year (or the nearest year, with a warning).
    pub catalog: &'static Catalog,
    /// The report edition: 附表 list, headings and wording of the year and province.
    pub edition: Edition,
    /// Last year's data file, when the data file names one and it loads.
    pub last_year: Option<Box<LastYearFile>>,
}

/// A configuration that cannot be used at all (exit code 2): an unreadable template
/// folder, a broken template-set file, a bad district file, an output over an input.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("无法读取模板目录 {path}：{source}")]
    TemplateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("图表样式文件 {message}")]
    ChartStyle { message: String },
    #[error("附表配置文件 {0}")]
    TableSet(String),
    #[error("{0}")]
    Other(String),
}

/// `path:line:col 有误：message` for a YAML error in a configuration file.
pub fn located(path: &str, e: &serde_yaml::Error) -> String {
    let at = e
        .location()
        .map(|l| format!(":{}:{}", l.line(), l.column()))
        .unwrap_or_default();
    format!("{path}{at} 有误：{e}")
}

/// Resolves one report's configuration: its settings, catalogue, edition, table set and
/// last year's file. An unknown set or edition name, a fallback year or a bad reference
/// is returned as a finding (the report's data is at fault); a broken set file is an
/// error. `chain` is the files being loaded (references may not lead back into it).
pub fn resolve(
    layers: &Layers,
    templates: &TemplateSet,
    loaded: &Loaded,
    chain: &Chain,
) -> Result<(Config, Vec<Finding>), ConfigError> {
    let mut settings = layers.settings(loaded.data.settings.as_ref());
    let mut findings = Vec::new();
    let chosen = year::choose(layers, templates, loaded, &mut settings, &mut findings)
        .map_err(ConfigError::TableSet)?;
    let last_year = last_year::resolve(layers, loaded, chain, &mut findings);
    let config = Config {
        settings,
        tables: chosen.tables,
        chart_style: templates.chart_style().clone(),
        catalog: chosen.catalog,
        edition: chosen.edition,
        last_year,
    };
    Ok((config, findings))
}

/// Finding code of an unknown table-set name.
pub const UNKNOWN_SET: &str = "S001";

fn unknown_set(name: &str, available: &[String], loaded: &Loaded) -> Finding {
    const PATH: &str = "settings.template_set";
    let stated = loaded
        .data
        .settings
        .as_ref()
        .is_some_and(|s| s.template_set.is_some());
    let mut f = Finding::error(
        UNKNOWN_SET,
        PATH,
        format!("模板套“{name}”不存在（{PATH}）"),
    )
    .expected(format!("{} 之一", available.join("、")), name)
    .help("模板套是内置的名称（national、sichuan）或模板目录 tables/ 中某个 <名称>.yaml 的名称，不能是路径");
    if stated {
        f = f.at(loaded.source.find(PATH));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CompletionBasis, TableUnit};

    #[test]
    fn layers_apply_in_order_and_flags_win() {
        let district = SettingsOverride {
            completion_basis: Some(CompletionBasis::Initial),
            table_unit: Some(TableUnit::TenThousand),
            share_decimals: Some(2),
            ..SettingsOverride::default()
        };
        let file = SettingsOverride {
            share_decimals: Some(3),
            table_unit: Some(TableUnit::TenThousand),
            ..SettingsOverride::default()
        };
        let layers = Layers {
            district: Some(district),
            flags: SettingsOverride {
                table_unit: Some(TableUnit::Yuan),
                ..SettingsOverride::default()
            },
        };
        let s = layers.settings(Some(&file));
        assert_eq!(s.completion_basis, CompletionBasis::Initial, "district");
        assert_eq!(s.share_decimals, 3, "the file over the district");
        assert_eq!(s.table_unit, TableUnit::Yuan, "flags over the file");
        assert_eq!(layers.run_settings().share_decimals, 2);
    }
}
