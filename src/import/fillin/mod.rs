//! juesuan's own fill-in workbook (`juesuan init --xlsx FILE`), for people who never
//! touch YAML: one sheet per part of the data file, drop-downs for enumerations, codes
//! as text, a note on every column. `write` makes it; `read` turns a filled one into
//! the data model with every value located at its sheet!cell.

mod read;
mod write;

pub use read::{is_fillin, read};
pub use write::write;

/// The text in 说明!A1 that marks a fill-in workbook.
pub const MARKER: &str = "juesuan 填报工作簿";

/// How a value is written and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Several paragraphs (blank line between).
    LongText,
    /// 元, two decimals.
    Money,
    /// A whole number (persons, vehicles).
    Count,
    /// A decimal (a score).
    Decimal,
    /// One of the listed words.
    Enum(&'static [&'static str]),
    /// A list of names, one per line.
    Lines,
}

/// One field of a two-column (项目 | 填写) sheet.
pub struct Field {
    pub path: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

/// A sheet of fields.
pub struct KvSheet {
    pub name: &'static str,
    pub fields: &'static [Field],
}

/// A column of a table sheet (one row per item).
pub struct Column {
    pub key: &'static str,
    pub header: &'static str,
    pub kind: Kind,
    pub note: &'static str,
}

pub const FUNDS: &[&str] = &["一般公共预算", "政府性基金", "国有资本经营", "其他"];
const KINDS: &[&str] = &["部门", "单位"];
const TYPES: &[&str] = &["行政单位", "参公事业单位", "事业单位", "其他"];
pub const PROJECT_KINDS: &[&str] = &["常年", "一次性"];
pub const YES_NO: &[&str] = &["是", "否"];

macro_rules! f {
    ($p:expr, $l:expr, $k:expr) => {
        Field {
            path: $p,
            label: $l,
            kind: $k,
        }
    };
}

use Kind::*;

pub const KV_SHEETS: &[KvSheet] = &[
    KvSheet {
        name: "单位",
        fields: &[
            f!("unit.name", "单位全称", Text),
            f!("unit.short_name", "简称（绩效报告中使用，可空）", Text),
            f!("unit.kind", "报告类型", Enum(KINDS)),
            f!("unit.type", "单位性质", Enum(TYPES)),
            f!("unit.region", "所在地区", Text),
            f!("unit.year", "决算年度", Count),
            f!("unit.publish_date", "公开日期（如 2024-09-20，可空）", Text),
            f!(
                "overview.secondary_units.administrative",
                "二级预算单位：行政单位个数",
                Count
            ),
            f!(
                "overview.secondary_units.civil_servant_managed",
                "二级预算单位：参公事业单位个数",
                Count
            ),
            f!(
                "overview.secondary_units.other_institutions",
                "二级预算单位：其他事业单位个数",
                Count
            ),
            f!("overview.staffing.authorized", "核定编制数", Count),
            f!("overview.staffing.actual", "年末实有编制人员数", Count),
            f!("overview.staffing.contracted", "聘用人员数", Count),
        ],
    },
    KvSheet {
        name: "收入与结转",
        fields: &[
            f!("income.general_budget", "一般公共预算财政拨款收入", Money),
            f!(
                "income.government_fund",
                "政府性基金预算财政拨款收入",
                Money
            ),
            f!(
                "income.state_capital",
                "国有资本经营预算财政拨款收入",
                Money
            ),
            f!("income.superior_subsidy", "上级补助收入", Money),
            f!("income.business", "事业收入", Money),
            f!("income.operating", "经营收入", Money),
            f!("income.subordinate_remit", "附属单位上缴收入", Money),
            f!("income.other", "其他收入", Money),
            f!(
                "balances.use_nonfiscal",
                "使用非财政拨款结余（含专用结余）",
                Money
            ),
            f!("balances.distribution", "结余分配", Money),
            f!(
                "balances.opening.general_budget",
                "年初结转和结余：一般公共预算财政拨款",
                Money
            ),
            f!(
                "balances.opening.government_fund",
                "年初结转和结余：政府性基金预算财政拨款",
                Money
            ),
            f!(
                "balances.opening.state_capital",
                "年初结转和结余：国有资本经营预算财政拨款",
                Money
            ),
            f!("balances.opening.other", "年初结转和结余：其他资金", Money),
        ],
    },
    KvSheet {
        name: "三公经费",
        fields: &[
            f!(
                "three_public.budget.abroad",
                "全年预算数：因公出国（境）费",
                Money
            ),
            f!(
                "three_public.budget.vehicle_purchase",
                "全年预算数：公务用车购置费",
                Money
            ),
            f!(
                "three_public.budget.vehicle_operation",
                "全年预算数：公务用车运行维护费",
                Money
            ),
            f!(
                "three_public.budget.reception",
                "全年预算数：公务接待费",
                Money
            ),
            f!(
                "three_public.abroad.amount",
                "因公出国（境）费决算数",
                Money
            ),
            f!("three_public.abroad.groups", "因公出国（境）团组数", Count),
            f!("three_public.abroad.persons", "因公出国（境）人数", Count),
            f!(
                "three_public.vehicle_purchase.sedan.count",
                "本年购置轿车（辆）",
                Count
            ),
            f!(
                "three_public.vehicle_purchase.sedan.amount",
                "本年购置轿车金额",
                Money
            ),
            f!(
                "three_public.vehicle_purchase.suv.count",
                "本年购置越野车（辆）",
                Count
            ),
            f!(
                "three_public.vehicle_purchase.suv.amount",
                "本年购置越野车金额",
                Money
            ),
            f!(
                "three_public.vehicle_purchase.bus.count",
                "本年购置载客汽车（辆）",
                Count
            ),
            f!(
                "three_public.vehicle_purchase.bus.amount",
                "本年购置载客汽车金额",
                Money
            ),
            f!(
                "three_public.vehicle_operation",
                "公务用车运行维护费",
                Money
            ),
            f!(
                "three_public.fleet.sedan",
                "12月31日保有：轿车（辆）",
                Count
            ),
            f!(
                "three_public.fleet.suv",
                "12月31日保有：越野车（辆）",
                Count
            ),
            f!(
                "three_public.fleet.bus",
                "12月31日保有：载客汽车（辆）",
                Count
            ),
            f!(
                "three_public.reception.domestic.amount",
                "国内公务接待费",
                Money
            ),
            f!(
                "three_public.reception.domestic.batches",
                "国内公务接待批次",
                Count
            ),
            f!(
                "three_public.reception.domestic.persons",
                "国内公务接待人次（不含陪同）",
                Count
            ),
            f!("three_public.reception.foreign.amount", "外事接待费", Money),
            f!(
                "three_public.reception.foreign.batches",
                "外事接待批次",
                Count
            ),
            f!(
                "three_public.reception.foreign.persons",
                "外事接待人次（不含陪同）",
                Count
            ),
        ],
    },
    KvSheet {
        name: "其他事项",
        fields: &[
            f!("operating_expenses", "机关运行经费", Money),
            f!("procurement.goods", "政府采购：货物", Money),
            f!("procurement.works", "政府采购：工程", Money),
            f!("procurement.services", "政府采购：服务", Money),
            f!("procurement.sme", "授予中小企业合同金额", Money),
            f!("procurement.small_micro", "其中授予小微企业合同金额", Money),
            f!("assets.vehicles.leader", "车辆：主要领导干部用车", Count),
            f!("assets.vehicles.confidential", "车辆：机要通信用车", Count),
            f!("assets.vehicles.emergency", "车辆：应急保障用车", Count),
            f!(
                "assets.vehicles.law_enforcement",
                "车辆：执法执勤用车",
                Count
            ),
            f!("assets.vehicles.special", "车辆：特种专业技术用车", Count),
            f!("assets.vehicles.other", "车辆：其他用车", Count),
            f!(
                "assets.equipment_over_1m",
                "单价100万元以上设备（台、套）",
                Count
            ),
            f!("performance.overall_score", "部门整体绩效自评得分", Decimal),
        ],
    },
    KvSheet {
        name: "上年数",
        fields: &[
            f!("last_year.total", "上年收、支总计", Money),
            f!("last_year.fiscal_total", "上年财政拨款收、支总计", Money),
            f!(
                "last_year.general_budget_expenditure",
                "上年一般公共预算财政拨款支出",
                Money
            ),
            f!(
                "last_year.three_public.abroad",
                "上年因公出国（境）费",
                Money
            ),
            f!(
                "last_year.three_public.vehicle_purchase",
                "上年公务用车购置费",
                Money
            ),
            f!(
                "last_year.three_public.vehicle_operation",
                "上年公务用车运行维护费",
                Money
            ),
            f!("last_year.three_public.reception", "上年公务接待费", Money),
            f!("last_year.operating_expenses", "上年机关运行经费", Money),
        ],
    },
    KvSheet {
        name: "报表合计数",
        fields: &[
            f!("declared.income_total", "本年收入合计", Money),
            f!("declared.expenditure_total", "本年支出合计", Money),
            f!("declared.grand_total", "收入总计（＝支出总计）", Money),
            f!("declared.fiscal_total", "财政拨款收、支总计", Money),
            f!(
                "declared.general_budget_expenditure",
                "一般公共预算财政拨款支出",
                Money
            ),
            f!("declared.basic", "一般公共预算财政拨款基本支出", Money),
            f!("declared.personnel", "其中人员经费", Money),
            f!("declared.public", "其中公用经费", Money),
            f!("declared.project", "一般公共预算财政拨款项目支出", Money),
            f!("declared.three_public", "财政拨款“三公”经费支出", Money),
            f!("declared.procurement_total", "政府采购支出总额", Money),
        ],
    },
    KvSheet {
        name: "文字",
        fields: &[
            f!(
                "overview.duties",
                "部门职责（可分段，段间空一行）",
                LongText
            ),
            f!(
                "overview.included_units",
                "纳入本决算的二级预算单位（每行一个，没有则空）",
                Lines
            ),
            f!("reasons.total_change", "收、支总计变动原因", LongText),
            f!(
                "reasons.fiscal_change",
                "财政拨款收、支总计变动原因",
                LongText
            ),
            f!(
                "reasons.general_budget_change",
                "一般公共预算财政拨款支出变动原因",
                LongText
            ),
            f!(
                "reasons.general_budget_vs_budget",
                "一般公共预算决算与预算差异原因",
                LongText
            ),
            f!(
                "reasons.operating_expenses_change",
                "机关运行经费变动原因",
                LongText
            ),
            f!(
                "three_public.reason_budget",
                "“三公”经费决算与预算差异原因",
                LongText
            ),
            f!(
                "three_public.reason_change",
                "“三公”经费较上年变动原因",
                LongText
            ),
            f!("performance.overall_summary", "绩效自评综述", LongText),
        ],
    },
];

/// The sheet of expenditure lines.
pub const EXPENDITURE: &str = "支出明细";
pub const EXPENDITURE_COLUMNS: &[Column] = &[
    Column {
        key: "code",
        header: "功能分类编码",
        kind: Text,
        note: "功能分类项级科目编码，7位，如 2013350（按文本填写）",
    },
    Column {
        key: "fund",
        header: "资金来源",
        kind: Enum(FUNDS),
        note: "从下拉列表选择：一般公共预算 / 政府性基金 / 国有资本经营 / 其他",
    },
    Column {
        key: "personnel",
        header: "人员经费",
        kind: Money,
        note: "基本支出中的人员经费（元）",
    },
    Column {
        key: "public",
        header: "公用经费",
        kind: Money,
        note: "基本支出中的公用经费（元）",
    },
    Column {
        key: "project",
        header: "项目支出",
        kind: Money,
        note: "项目支出（元）",
    },
    Column {
        key: "remit_superior",
        header: "上缴上级支出",
        kind: Money,
        note: "上缴上级支出（元）",
    },
    Column {
        key: "operating",
        header: "经营支出",
        kind: Money,
        note: "经营支出（元）",
    },
    Column {
        key: "subsidy_subordinate",
        header: "对附属单位补助支出",
        kind: Money,
        note: "对附属单位补助支出（元）",
    },
    Column {
        key: "budget",
        header: "全年预算数",
        kind: Money,
        note: "全年预算数（调整预算，元），用于“完成预算%”；空则不印完成率",
    },
    Column {
        key: "budget_initial",
        header: "年初预算数",
        kind: Money,
        note: "年初预算数（元），可空",
    },
    Column {
        key: "reason",
        header: "决算与预算差异原因",
        kind: LongText,
        note: "决算数与预算数不同时的原因（正文五（三）引用）",
    },
];

/// The sheet of 基本支出 by 经济分类.
pub const ECONOMIC: &str = "基本支出经济分类";
pub const ECONOMIC_COLUMNS: &[Column] = &[
    Column {
        key: "code",
        header: "经济分类编码",
        kind: Text,
        note: "部门预算支出经济分类款级编码，5位（按文本填写）",
    },
    Column {
        key: "name",
        header: "科目名称",
        kind: Text,
        note: "由程序按编码取科目名称，仅供对照，不读取",
    },
    Column {
        key: "amount",
        header: "金额",
        kind: Money,
        note: "一般公共预算财政拨款基本支出金额（元），没有留空",
    },
];

/// The sheet of projects.
pub const PROJECTS: &str = "项目";
pub const PROJECT_COLUMNS: &[Column] = &[
    Column {
        key: "name",
        header: "项目名称",
        kind: Text,
        note: "项目名称",
    },
    Column {
        key: "code",
        header: "功能分类编码",
        kind: Text,
        note: "项目所列功能分类项级编码，7位（按文本填写）",
    },
    Column {
        key: "fund",
        header: "资金来源",
        kind: Enum(FUNDS),
        note: "从下拉列表选择",
    },
    Column {
        key: "amount",
        header: "决算数",
        kind: Money,
        note: "决算数（元）；一般公共预算各项目之和须等于项目支出",
    },
    Column {
        key: "budget",
        header: "全年预算数",
        kind: Money,
        note: "全年预算数（元），可空",
    },
    Column {
        key: "budget_initial",
        header: "年初预算数",
        kind: Money,
        note: "年初预算数（元），可空",
    },
    Column {
        key: "kind",
        header: "类型",
        kind: Enum(PROJECT_KINDS),
        note: "常年 或 一次性",
    },
    Column {
        key: "pre_assessment",
        header: "事前绩效评估",
        kind: Enum(YES_NO),
        note: "是否开展事前绩效评估：是 / 否",
    },
    Column {
        key: "goals",
        header: "绩效目标",
        kind: Enum(YES_NO),
        note: "是否编制绩效目标：是 / 否",
    },
    Column {
        key: "monitoring",
        header: "绩效监控",
        kind: Enum(YES_NO),
        note: "是否开展绩效监控：是 / 否",
    },
    Column {
        key: "self_evaluation",
        header: "绩效自评",
        kind: Enum(YES_NO),
        note: "是否开展绩效自评：是 / 否",
    },
];

/// The blank fill-in workbook (`juesuan init --xlsx`): the init template's (all-zero)
/// data laid out for filling in.
pub fn blank() -> Result<Vec<u8>, String> {
    let data = crate::model::load_str(
        std::path::Path::new("init-template.yaml"),
        crate::model::INIT_TEMPLATE.to_string(),
    )
    .map_err(|e| e.to_string())?
    .data;
    write(&data).map_err(|e| format!("无法生成填报工作簿：{e}"))
}

#[cfg(test)]
mod tests;
