//! Report settings: precision, table unit, template set, document date.
//!
//! Built-in defaults < district settings file (`juesuan.yaml` in a batch folder) <
//! the data file's `settings:` < command-line flags. Templates read the merged result.

use serde::{Deserialize, Serialize};

/// How tables print amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TableUnit {
    #[default]
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    TenThousand,
}

/// Which budget 完成预算% is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum CompletionBasis {
    /// 全年预算数（调整预算）.
    #[default]
    #[serde(rename = "全年预算")]
    Adjusted,
    /// 年初预算数.
    #[serde(rename = "年初预算")]
    Initial,
}

impl CompletionBasis {
    /// The budget as the report names it: 全年预算 / 年初预算.
    pub fn word(self) -> &'static str {
        match self {
            CompletionBasis::Adjusted => "全年预算",
            CompletionBasis::Initial => "年初预算",
        }
    }
}

/// Merged settings every stage reads.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Settings {
    /// Decimals of shares (占…%). Default 1.
    pub share_decimals: u32,
    /// Decimals of growth and completion rates. Default 2.
    pub rate_decimals: u32,
    /// Strip trailing zeros in prose amounts (Sichuan: 11.4万元, 0万元). Default true.
    pub strip_zeros: bool,
    /// Unit of the 附表 amounts. Default 元.
    pub table_unit: TableUnit,
    /// Section 六 lists every 经济分类 item, zeros included (the seed does). Default true.
    pub list_zero_economic: bool,
    pub completion_basis: CompletionBasis,
    /// Template set name (built-in: sichuan).
    pub template_set: String,
    /// Document date for PDF metadata, `YYYY-MM-DD`; default the publication date, else
    /// 12月31日 of the year after.
    pub document_date: Option<String>,
    /// 公开日期, `YYYY-MM-DD` or `YYYY-MM`, for units whose data states none
    /// (`unit.publish_date`): the cover's date line (二〇二四年九月) or the edition's
    /// 公开时间 line. None: no date is printed.
    pub publish_date: Option<String>,
    /// The 项目支出绩效自评表 form: `sichuan` (部门预算项目支出绩效自评表) or `national`
    /// (财预〔2020〕10号); default: `national` for the national table set, else `sichuan`.
    pub self_eval_form: Option<String>,
    /// Produce PDF/A-2b. Default true.
    pub pdf_a: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            share_decimals: 1,
            rate_decimals: 2,
            strip_zeros: true,
            table_unit: TableUnit::Yuan,
            list_zero_economic: true,
            completion_basis: CompletionBasis::Adjusted,
            template_set: "sichuan".into(),
            document_date: None,
            publish_date: None,
            self_eval_form: None,
            pdf_a: true,
        }
    }
}

/// The same fields, each optional: a layer that overrides what is below it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SettingsOverride {
    #[serde(default)]
    pub share_decimals: Option<u32>,
    #[serde(default)]
    pub rate_decimals: Option<u32>,
    #[serde(default)]
    pub strip_zeros: Option<bool>,
    #[serde(default)]
    pub table_unit: Option<TableUnit>,
    #[serde(default)]
    pub list_zero_economic: Option<bool>,
    #[serde(default)]
    pub completion_basis: Option<CompletionBasis>,
    #[serde(default)]
    pub template_set: Option<String>,
    #[serde(default)]
    pub document_date: Option<String>,
    #[serde(default)]
    pub publish_date: Option<String>,
    #[serde(default)]
    pub self_eval_form: Option<String>,
    #[serde(default)]
    pub pdf_a: Option<bool>,
}

impl Settings {
    /// The number formatting these settings ask for (precision, trailing zeros).
    pub fn fmt(&self) -> crate::format::Fmt {
        crate::format::Fmt {
            share_dp: self.share_decimals,
            rate_dp: self.rate_decimals,
            strip_zeros: self.strip_zeros,
        }
    }

    /// Applies an override layer on top of these settings.
    pub fn apply(&mut self, o: &SettingsOverride) {
        if let Some(v) = o.share_decimals {
            self.share_decimals = v.min(4);
        }
        if let Some(v) = o.rate_decimals {
            self.rate_decimals = v.min(4);
        }
        if let Some(v) = o.strip_zeros {
            self.strip_zeros = v;
        }
        if let Some(v) = o.table_unit {
            self.table_unit = v;
        }
        if let Some(v) = o.list_zero_economic {
            self.list_zero_economic = v;
        }
        if let Some(v) = o.completion_basis {
            self.completion_basis = v;
        }
        if let Some(v) = &o.template_set {
            self.template_set = v.clone();
        }
        if let Some(v) = &o.document_date {
            self.document_date = Some(v.clone());
        }
        if let Some(v) = &o.publish_date {
            self.publish_date = Some(v.clone());
        }
        if let Some(v) = &o.self_eval_form {
            self.self_eval_form = Some(v.clone());
        }
        if let Some(v) = o.pdf_a {
            self.pdf_a = v;
        }
    }
}
