//! The data model of one unit's final accounts, as the accountant writes it (in YAML
//! today), and its loaders.
//!
//! Only source figures are required; every total that can be derived is optional and,
//! when present (as the 决算 tables print it), checked against the derivation by `audit`.
//! Field names are English; enumerated values are the Chinese words accountants use.
//!
//! `load_file` picks the loader by extension (`FORMATS`: YAML, the fill-in workbook) and
//! returns a `Loaded`: the data and its `Source`, which locates a field path in the input
//! (a line and column, or a sheet!cell). `workbook` is the workbook reading core that
//! the fill-in loader and `import` share. `schema` reads the model types as the one
//! description of the fields (amounts, counts, texts). `open` also consolidates a 部门
//! file of members (`consolidate`); `refs` follows a data file's reference to another.

pub mod consolidate;
pub mod date;
pub mod fillin;
pub mod guard;
pub mod invisible;
mod load;
mod locate;
mod money;
mod origin;
mod overview;
pub mod performance;
pub mod reference;
pub mod refs;
pub mod schema;
pub mod settings;
mod source;
mod three_public;
pub mod workbook;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::diag::Pos;
pub use consolidate::{open, Adjustment, Consolidated, Consolidation, Transfer};
pub use load::{load_bytes, load_str, YamlSource};
pub use locate::Locator;
pub use money::Money;
pub use overview::{Overview, SecondaryUnits, Staffing};
pub use performance::{Indicator, Performance, ProjectEvaluation, UnitEvaluation};
pub use schema::{count_fields, money_fields, text_fields};
pub use settings::{CompletionBasis, Settings, TableUnit};
pub use source::{
    format_of, is_data_file, load_file, reads, Format, LoadError, Loaded, Source, FORMATS,
};
pub use three_public::{
    Abroad, CountAmount, Fleet, Reception, ReceptionItem, ReceptionPart, ThreePublic,
    ThreePublicAmounts, ThreePublicFund, ThreePublicPurposes, ThreePublicReasons, VehiclePurchases,
};

/// The data-format version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The commented, zero-filled data file `juesuan init` writes (it names every field of
/// the model: `schema` checks).
pub const INIT_TEMPLATE: &str = include_str!("../../data/init-template.yaml");

/// One unit's data file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportData {
    /// Data-format version (`schema: 1`).
    pub schema: u32,
    pub unit: Unit,
    #[serde(default)]
    pub overview: Overview,
    #[serde(default)]
    pub income: Income,
    #[serde(default)]
    pub balances: Balances,
    /// Expenditure line items: one per 功能分类 项 code and fund.
    #[serde(default)]
    pub expenditure: Vec<ExpenditureItem>,
    /// 一般公共预算财政拨款基本支出 by 经济分类 款 code (元).
    #[serde(default)]
    pub basic_economic: BTreeMap<String, Money>,
    #[serde(default)]
    pub projects: Vec<Project>,
    #[serde(default)]
    pub three_public: ThreePublic,
    /// 机关运行经费 (元).
    #[serde(default)]
    pub operating_expenses: Money,
    #[serde(default)]
    pub procurement: Procurement,
    #[serde(default)]
    pub assets: Assets,
    #[serde(default)]
    pub performance: Performance,
    #[serde(default)]
    pub last_year: LastYear,
    #[serde(default)]
    pub reasons: Reasons,
    /// Totals copied from the 决算 tables; each is checked against its derivation.
    #[serde(default)]
    pub declared: Declared,
    /// Names for codes the catalogue lacks: `{"2019999": "某某支出"}`.
    #[serde(default)]
    pub code_names: BTreeMap<String, String>,
    /// Per-file overrides of the district / built-in settings.
    #[serde(default)]
    pub settings: Option<settings::SettingsOverride>,
    /// A 部门 summed from member files (`consolidate`).
    #[serde(default)]
    pub consolidation: Option<Consolidation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ReportKind {
    #[default]
    #[serde(rename = "部门")]
    Department,
    #[serde(rename = "单位")]
    Unit,
}

impl ReportKind {
    /// "部门" or "单位".
    pub fn word(self) -> &'static str {
        match self {
            ReportKind::Department => "部门",
            ReportKind::Unit => "单位",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum UnitType {
    #[serde(rename = "行政单位")]
    Administrative,
    #[serde(rename = "参公事业单位")]
    CivilServantManaged,
    #[default]
    #[serde(rename = "事业单位")]
    Institution,
    #[serde(rename = "其他")]
    Other,
}

impl UnitType {
    /// The word the data file uses (行政单位 …).
    pub fn word(self) -> &'static str {
        match self {
            UnitType::Administrative => "行政单位",
            UnitType::CivilServantManaged => "参公事业单位",
            UnitType::Institution => "事业单位",
            UnitType::Other => "其他",
        }
    }

    /// Units that have 机关运行经费 by definition (行政 and 参公).
    pub fn is_administrative(self) -> bool {
        matches!(
            self,
            UnitType::Administrative | UnitType::CivilServantManaged
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Full name, e.g. 攀枝花市东区融媒体中心.
    pub name: String,
    /// Short name used in the performance reports (defaults to the full name).
    #[serde(default)]
    pub short_name: Option<String>,
    /// 部门 or 单位: decides the title (部门决算 / 单位决算) and wording.
    #[serde(default)]
    pub kind: ReportKind,
    /// 行政单位 / 参公事业单位 / 事业单位 / 其他.
    #[serde(default, rename = "type")]
    pub unit_type: UnitType,
    #[serde(default)]
    pub region: String,
    /// The budget year reported on (决算年度).
    pub year: i32,
    /// 主管部门 (项目支出绩效自评表); defaults to the unit's own name.
    #[serde(default)]
    pub supervisor: Option<String>,
    /// 公开日期, `YYYY-MM-DD` or `YYYY-MM`: printed on the cover (二〇二四年九月) or as the
    /// edition's 公开时间 line; `settings.publish_date` gives one for a whole district.
    #[serde(default)]
    pub publish_date: Option<String>,
}

/// 本年收入 by the 8 sources of the 收入决算表 (元).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Income {
    #[serde(default)]
    pub general_budget: Money,
    #[serde(default)]
    pub government_fund: Money,
    #[serde(default)]
    pub state_capital: Money,
    #[serde(default)]
    pub superior_subsidy: Money,
    #[serde(default)]
    pub business: Money,
    #[serde(default)]
    pub operating: Money,
    #[serde(default)]
    pub subordinate_remit: Money,
    #[serde(default)]
    pub other: Money,
}

/// 结转结余 and related rows of the 收入支出决算总表.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balances {
    /// 使用非财政拨款结余（含专用结余）.
    #[serde(default)]
    pub use_nonfiscal: Money,
    /// 结余分配.
    #[serde(default)]
    pub distribution: Money,
    /// 年初结转和结余, by fund.
    #[serde(default)]
    pub opening: FundSplit,
    /// 年末结转和结余, by fund: derived; when stated, checked.
    #[serde(default)]
    pub closing: Option<FundSplit>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundSplit {
    #[serde(default)]
    pub general_budget: Money,
    #[serde(default)]
    pub government_fund: Money,
    #[serde(default)]
    pub state_capital: Money,
    /// Non-fiscal money (其他资金).
    #[serde(default)]
    pub other: Money,
}

impl FundSplit {
    pub fn get(&self, fund: Fund) -> Money {
        match fund {
            Fund::GeneralBudget => self.general_budget,
            Fund::GovernmentFund => self.government_fund,
            Fund::StateCapital => self.state_capital,
            Fund::Other => self.other,
        }
    }

    pub fn total(&self) -> Money {
        self.general_budget + self.government_fund + self.state_capital + self.other
    }

    pub fn fiscal(&self) -> Money {
        self.general_budget + self.government_fund + self.state_capital
    }
}

/// The source of money for an expenditure line.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Fund {
    #[default]
    #[serde(rename = "一般公共预算")]
    GeneralBudget,
    #[serde(rename = "政府性基金")]
    GovernmentFund,
    #[serde(rename = "国有资本经营")]
    StateCapital,
    #[serde(rename = "其他")]
    Other,
}

impl Fund {
    pub const ALL: [Fund; 4] = [
        Fund::GeneralBudget,
        Fund::GovernmentFund,
        Fund::StateCapital,
        Fund::Other,
    ];

    pub fn is_fiscal(self) -> bool {
        self != Fund::Other
    }

    /// The word the data file uses (一般公共预算 …).
    pub fn word(self) -> &'static str {
        match self {
            Fund::GeneralBudget => "一般公共预算",
            Fund::GovernmentFund => "政府性基金",
            Fund::StateCapital => "国有资本经营",
            Fund::Other => "其他",
        }
    }
}

/// One expenditure line: a 功能分类 项 code, a fund, and its amounts by nature (元).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpenditureItem {
    /// 功能分类 项 code (7 digits).
    pub code: String,
    #[serde(default)]
    pub fund: Fund,
    /// 基本支出·人员经费.
    #[serde(default)]
    pub personnel: Money,
    /// 基本支出·公用经费.
    #[serde(default)]
    pub public: Money,
    /// 项目支出.
    #[serde(default)]
    pub project: Money,
    /// 上缴上级支出.
    #[serde(default)]
    pub remit_superior: Money,
    /// 经营支出.
    #[serde(default)]
    pub operating: Money,
    /// 对附属单位补助支出.
    #[serde(default)]
    pub subsidy_subordinate: Money,
    /// 全年预算数（调整预算）, for 完成预算%.
    #[serde(default)]
    pub budget: Option<Money>,
    /// 年初预算数.
    #[serde(default)]
    pub budget_initial: Option<Money>,
    /// Why 决算 differs from 预算.
    #[serde(default)]
    pub reason: Option<String>,
}

impl ExpenditureItem {
    pub fn basic(&self) -> Money {
        self.personnel + self.public
    }

    pub fn total(&self) -> Money {
        self.basic()
            + self.project
            + self.remit_superior
            + self.operating
            + self.subsidy_subordinate
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ProjectKind {
    #[default]
    #[serde(rename = "常年")]
    Recurring,
    #[serde(rename = "一次性")]
    OneOff,
}

/// A 项目支出 project.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub name: String,
    /// 项目编码 of the budget system (e.g. 51000021R000000019951): the 自评表 prints
    /// “编码-名称”.
    #[serde(default)]
    pub number: Option<String>,
    /// 功能分类 项 code the project is booked under.
    pub code: String,
    #[serde(default)]
    pub fund: Fund,
    /// 决算数 (元).
    pub amount: Money,
    /// 全年预算数 (元).
    #[serde(default)]
    pub budget: Option<Money>,
    /// 年初预算数 (元).
    #[serde(default)]
    pub budget_initial: Option<Money>,
    #[serde(default)]
    pub kind: ProjectKind,
    /// By 经济分类 款 code, summing to `amount`: required for 一般公共预算 projects
    /// wherever a 附表 shows project spending by 经济分类 (公开07, 公开09).
    #[serde(default)]
    pub economic: BTreeMap<String, Money>,
    /// 预算绩效管理: 事前绩效评估 / 绩效目标 / 绩效监控 / 绩效自评.
    #[serde(default)]
    pub pre_assessment: bool,
    #[serde(default)]
    pub goals: bool,
    #[serde(default)]
    pub monitoring: bool,
    #[serde(default)]
    pub self_evaluation: bool,
    /// The 专项预算项目绩效评价报告 (附件).
    #[serde(default)]
    pub evaluation: Option<ProjectEvaluation>,
}

/// 政府采购 (元); the total is derived.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    #[serde(default)]
    pub goods: Money,
    #[serde(default)]
    pub works: Money,
    #[serde(default)]
    pub services: Money,
    /// 授予中小企业合同金额.
    #[serde(default)]
    pub sme: Money,
    /// 其中授予小微企业合同金额.
    #[serde(default)]
    pub small_micro: Money,
    /// "主要用于…": what was bought.
    #[serde(default)]
    pub purpose: Option<String>,
}

impl Procurement {
    pub fn total(&self) -> Money {
        self.goods + self.works + self.services
    }
}

/// Vehicles by use at 12月31日.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehiclesByUse {
    /// 主要领导干部用车.
    #[serde(default)]
    pub leader: u32,
    /// 机要通信用车.
    #[serde(default)]
    pub confidential: u32,
    /// 应急保障用车.
    #[serde(default)]
    pub emergency: u32,
    /// 执法执勤用车.
    #[serde(default)]
    pub law_enforcement: u32,
    /// 特种专业技术用车.
    #[serde(default)]
    pub special: u32,
    /// 其他用车.
    #[serde(default)]
    pub other: u32,
}

impl VehiclesByUse {
    pub fn total(&self) -> u32 {
        self.leader
            + self.confidential
            + self.emergency
            + self.law_enforcement
            + self.special
            + self.other
    }
}

/// 国有资产占有使用情况.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    #[serde(default)]
    pub vehicles: VehiclesByUse,
    /// 单价100万元以上设备（不含车辆）台（套）.
    #[serde(default)]
    pub equipment_over_1m: u32,
}

/// Last year's figures for every comparison the text makes (元): typed, or computed
/// from last year's data file (`file`), in which case a typed figure is checked against it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastYear {
    /// Last year's data file, relative to this file's folder (`../2022/unit.yaml`).
    #[serde(default)]
    pub file: Option<String>,
    /// 收、支总计.
    #[serde(default)]
    pub total: Option<Money>,
    /// 财政拨款收、支总计.
    #[serde(default)]
    pub fiscal_total: Option<Money>,
    /// 一般公共预算财政拨款支出.
    #[serde(default)]
    pub general_budget_expenditure: Option<Money>,
    /// 财政拨款“三公”经费 by item.
    #[serde(default)]
    pub three_public: Option<ThreePublicAmounts>,
    /// 机关运行经费.
    #[serde(default)]
    pub operating_expenses: Option<Money>,
}

/// Reasons texts (主要变动原因 and budget-vs-actual differences).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reasons {
    /// 收、支总计 change vs last year.
    #[serde(default)]
    pub total_change: Option<String>,
    /// 财政拨款收、支总计 change.
    #[serde(default)]
    pub fiscal_change: Option<String>,
    /// 一般公共预算财政拨款支出 change.
    #[serde(default)]
    pub general_budget_change: Option<String>,
    /// 一般公共预算 决算 vs 预算 overall.
    #[serde(default)]
    pub general_budget_vs_budget: Option<String>,
    /// 机关运行经费 change.
    #[serde(default)]
    pub operating_expenses_change: Option<String>,
}

/// Totals as printed in the 决算 tables: optional, each checked against its derivation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declared {
    /// 本年收入合计.
    #[serde(default)]
    pub income_total: Option<Money>,
    /// 本年支出合计.
    #[serde(default)]
    pub expenditure_total: Option<Money>,
    /// 收入总计 = 支出总计.
    #[serde(default)]
    pub grand_total: Option<Money>,
    /// 财政拨款收、支总计.
    #[serde(default)]
    pub fiscal_total: Option<Money>,
    /// 一般公共预算财政拨款支出.
    #[serde(default)]
    pub general_budget_expenditure: Option<Money>,
    /// 基本支出 (一般公共预算财政拨款).
    #[serde(default)]
    pub basic: Option<Money>,
    /// 人员经费 (一般公共预算财政拨款基本支出).
    #[serde(default)]
    pub personnel: Option<Money>,
    /// 公用经费 (一般公共预算财政拨款基本支出).
    #[serde(default)]
    pub public: Option<Money>,
    /// 项目支出 (一般公共预算财政拨款).
    #[serde(default)]
    pub project: Option<Money>,
    /// 财政拨款“三公”经费支出决算.
    #[serde(default)]
    pub three_public: Option<Money>,
    /// 政府采购支出总额.
    #[serde(default)]
    pub procurement_total: Option<Money>,
}
