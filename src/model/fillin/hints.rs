//! The hand-written part of the fill-in workbook's layout: Chinese labels, the sheet each
//! field goes on, column headers with their notes, and what the workbook leaves out
//! (with the reason). Kinds come from `model::schema`; a field of the model that is not
//! named here still gets a row or column (`layout`), so nothing has to be added here
//! for a new field to reach the workbook — only for a better label.

/// A sheet of fields: (path, label, long text).
pub struct KvHint {
    pub name: &'static str,
    pub fields: &'static [(&'static str, &'static str, bool)],
}

/// A column of a table sheet: (key under the item, header, note, long text).
pub type ColHint = (&'static str, &'static str, &'static str, bool);

/// A sheet with one row per item of a list.
pub struct TableHint {
    pub name: &'static str,
    /// The list's path (`expenditure`).
    pub list: &'static str,
    pub columns: &'static [ColHint],
}

/// The sheet fields of the model that no hint places go to.
pub const MORE: &str = "其他字段";

pub const KV: &[KvHint] = &[
    KvHint {
        name: "单位",
        fields: &[
            ("unit.name", "单位全称", false),
            ("unit.short_name", "简称（绩效报告中使用，可空）", false),
            ("unit.kind", "报告类型", false),
            ("unit.type", "单位性质", false),
            ("unit.region", "所在地区", false),
            ("unit.year", "决算年度", false),
            (
                "unit.supervisor",
                "主管部门（项目支出绩效自评表用，空则为本单位）",
                false,
            ),
            (
                "unit.publish_date",
                "公开日期（如 2024-09-20，可空）",
                false,
            ),
            (
                "overview.secondary_units.administrative",
                "二级预算单位：行政单位个数",
                false,
            ),
            (
                "overview.secondary_units.civil_servant_managed",
                "二级预算单位：参公事业单位个数",
                false,
            ),
            (
                "overview.secondary_units.other_institutions",
                "二级预算单位：其他事业单位个数",
                false,
            ),
            ("overview.staffing.authorized", "核定编制数", false),
            ("overview.staffing.actual", "年末实有编制人员数", false),
            ("overview.staffing.contracted", "聘用人员数", false),
        ],
    },
    KvHint {
        name: "收入与结转",
        fields: &[
            ("income.general_budget", "一般公共预算财政拨款收入", false),
            (
                "income.government_fund",
                "政府性基金预算财政拨款收入",
                false,
            ),
            (
                "income.state_capital",
                "国有资本经营预算财政拨款收入",
                false,
            ),
            ("income.superior_subsidy", "上级补助收入", false),
            ("income.business", "事业收入", false),
            ("income.operating", "经营收入", false),
            ("income.subordinate_remit", "附属单位上缴收入", false),
            ("income.other", "其他收入", false),
            (
                "balances.use_nonfiscal",
                "使用非财政拨款结余（含专用结余）",
                false,
            ),
            ("balances.distribution", "结余分配", false),
            (
                "balances.opening.general_budget",
                "年初结转和结余：一般公共预算财政拨款",
                false,
            ),
            (
                "balances.opening.government_fund",
                "年初结转和结余：政府性基金预算财政拨款",
                false,
            ),
            (
                "balances.opening.state_capital",
                "年初结转和结余：国有资本经营预算财政拨款",
                false,
            ),
            ("balances.opening.other", "年初结转和结余：其他资金", false),
            (
                "balances.closing.general_budget",
                "年末结转和结余：一般公共预算财政拨款（可不填，程序计算；填写则核对）",
                false,
            ),
            (
                "balances.closing.government_fund",
                "年末结转和结余：政府性基金预算财政拨款（可不填）",
                false,
            ),
            (
                "balances.closing.state_capital",
                "年末结转和结余：国有资本经营预算财政拨款（可不填）",
                false,
            ),
            (
                "balances.closing.other",
                "年末结转和结余：其他资金（可不填）",
                false,
            ),
        ],
    },
    KvHint {
        name: "三公经费",
        fields: &[
            (
                "three_public.budget.abroad",
                "全年预算数：因公出国（境）费",
                false,
            ),
            (
                "three_public.budget.vehicle_purchase",
                "全年预算数：公务用车购置费",
                false,
            ),
            (
                "three_public.budget.vehicle_operation",
                "全年预算数：公务用车运行维护费",
                false,
            ),
            (
                "three_public.budget.reception",
                "全年预算数：公务接待费",
                false,
            ),
            (
                "three_public.abroad.amount",
                "因公出国（境）费决算数",
                false,
            ),
            ("three_public.abroad.groups", "因公出国（境）团组数", false),
            ("three_public.abroad.persons", "因公出国（境）人数", false),
            (
                "three_public.vehicle_purchase.sedan.count",
                "本年购置轿车（辆）",
                false,
            ),
            (
                "three_public.vehicle_purchase.sedan.amount",
                "本年购置轿车金额",
                false,
            ),
            (
                "three_public.vehicle_purchase.suv.count",
                "本年购置越野车（辆）",
                false,
            ),
            (
                "three_public.vehicle_purchase.suv.amount",
                "本年购置越野车金额",
                false,
            ),
            (
                "three_public.vehicle_purchase.bus.count",
                "本年购置载客汽车（辆）",
                false,
            ),
            (
                "three_public.vehicle_purchase.bus.amount",
                "本年购置载客汽车金额",
                false,
            ),
            (
                "three_public.vehicle_operation",
                "公务用车运行维护费",
                false,
            ),
            (
                "three_public.fleet.sedan",
                "12月31日保有：轿车（辆）",
                false,
            ),
            (
                "three_public.fleet.suv",
                "12月31日保有：越野车（辆）",
                false,
            ),
            (
                "three_public.fleet.bus",
                "12月31日保有：载客汽车（辆）",
                false,
            ),
            (
                "three_public.reception.domestic.amount",
                "国内公务接待费",
                false,
            ),
            (
                "three_public.reception.domestic.batches",
                "国内公务接待批次",
                false,
            ),
            (
                "three_public.reception.domestic.persons",
                "国内公务接待人次（不含陪同）",
                false,
            ),
            ("three_public.reception.foreign.amount", "外事接待费", false),
            (
                "three_public.reception.foreign.batches",
                "外事接待批次",
                false,
            ),
            (
                "three_public.reception.foreign.persons",
                "外事接待人次（不含陪同）",
                false,
            ),
        ],
    },
    KvHint {
        name: "其他事项",
        fields: &[
            ("operating_expenses", "机关运行经费", false),
            ("procurement.goods", "政府采购：货物", false),
            ("procurement.works", "政府采购：工程", false),
            ("procurement.services", "政府采购：服务", false),
            ("procurement.sme", "授予中小企业合同金额", false),
            ("procurement.small_micro", "其中授予小微企业合同金额", false),
            ("assets.vehicles.leader", "车辆：主要领导干部用车", false),
            ("assets.vehicles.confidential", "车辆：机要通信用车", false),
            ("assets.vehicles.emergency", "车辆：应急保障用车", false),
            (
                "assets.vehicles.law_enforcement",
                "车辆：执法执勤用车",
                false,
            ),
            ("assets.vehicles.special", "车辆：特种专业技术用车", false),
            ("assets.vehicles.other", "车辆：其他用车", false),
            (
                "assets.equipment_over_1m",
                "单价100万元以上设备（台、套）",
                false,
            ),
            ("performance.overall_score", "部门整体绩效自评得分", false),
        ],
    },
    KvHint {
        name: "上年数",
        fields: &[
            ("last_year.total", "上年收、支总计", false),
            ("last_year.fiscal_total", "上年财政拨款收、支总计", false),
            (
                "last_year.general_budget_expenditure",
                "上年一般公共预算财政拨款支出",
                false,
            ),
            (
                "last_year.three_public.abroad",
                "上年因公出国（境）费",
                false,
            ),
            (
                "last_year.three_public.vehicle_purchase",
                "上年公务用车购置费",
                false,
            ),
            (
                "last_year.three_public.vehicle_operation",
                "上年公务用车运行维护费",
                false,
            ),
            ("last_year.three_public.reception", "上年公务接待费", false),
            ("last_year.operating_expenses", "上年机关运行经费", false),
        ],
    },
    KvHint {
        name: "报表合计数",
        fields: &[
            ("declared.income_total", "本年收入合计", false),
            ("declared.expenditure_total", "本年支出合计", false),
            ("declared.grand_total", "收入总计（＝支出总计）", false),
            ("declared.fiscal_total", "财政拨款收、支总计", false),
            (
                "declared.general_budget_expenditure",
                "一般公共预算财政拨款支出",
                false,
            ),
            ("declared.basic", "一般公共预算财政拨款基本支出", false),
            ("declared.personnel", "其中人员经费", false),
            ("declared.public", "其中公用经费", false),
            ("declared.project", "一般公共预算财政拨款项目支出", false),
            ("declared.three_public", "财政拨款“三公”经费支出", false),
            ("declared.procurement_total", "政府采购支出总额", false),
        ],
    },
    KvHint {
        name: "文字",
        fields: &[
            ("overview.duties", "部门职责（可分段，段间空一行）", true),
            (
                "overview.included_units",
                "纳入本决算的二级预算单位（每行一个，没有则空）",
                false,
            ),
            ("reasons.total_change", "收、支总计变动原因", true),
            ("reasons.fiscal_change", "财政拨款收、支总计变动原因", true),
            (
                "reasons.general_budget_change",
                "一般公共预算财政拨款支出变动原因",
                true,
            ),
            (
                "reasons.general_budget_vs_budget",
                "一般公共预算决算与预算差异原因",
                true,
            ),
            (
                "reasons.operating_expenses_change",
                "机关运行经费变动原因",
                true,
            ),
            (
                "three_public.reason_budget",
                "“三公”经费决算与预算差异原因",
                true,
            ),
            (
                "three_public.reason_change",
                "“三公”经费较上年变动原因",
                true,
            ),
            ("performance.overall_summary", "绩效自评综述", true),
        ],
    },
    KvHint {
        name: "整体绩效",
        fields: &[
            (
                "performance.unit_evaluation.organization",
                "附件1 机构组成",
                true,
            ),
            (
                "performance.unit_evaluation.functions",
                "机构职能（空则用部门职责）",
                true,
            ),
            (
                "performance.unit_evaluation.income_budget_initial",
                "一般公共预算财政拨款收入年初预算（空则为下面三项之和）",
                false,
            ),
            (
                "performance.unit_evaluation.personnel_budget_initial",
                "人员经费年初预算",
                false,
            ),
            (
                "performance.unit_evaluation.public_budget_initial",
                "日常公用经费年初预算",
                false,
            ),
            (
                "performance.unit_evaluation.project_budget_initial",
                "项目支出年初预算",
                false,
            ),
            (
                "performance.unit_evaluation.balances_text",
                "结余分配和结转结余情况（接在计算出的句子后）",
                true,
            ),
            (
                "performance.unit_evaluation.overall_analysis",
                "部门预算总体绩效分析（段间空一行）",
                true,
            ),
            (
                "performance.unit_evaluation.project_analysis",
                "部门预算项目绩效分析（段间空一行）",
                true,
            ),
            (
                "performance.unit_evaluation.key_areas",
                "重点领域绩效分析",
                true,
            ),
            (
                "performance.unit_evaluation.result_use",
                "绩效结果应用情况（段间空一行）",
                true,
            ),
            ("performance.unit_evaluation.conclusion", "评价结论", true),
            ("performance.unit_evaluation.problems", "存在问题", true),
            ("performance.unit_evaluation.suggestions", "改进建议", true),
        ],
    },
];

pub const TABLES: &[TableHint] = &[
    TableHint {
        name: "支出明细",
        list: "expenditure",
        columns: &[
            (
                "code",
                "功能分类编码",
                "功能分类项级科目编码，7位，如 2013350（按文本填写）",
                false,
            ),
            (
                "fund",
                "资金来源",
                "从下拉列表选择：一般公共预算 / 政府性基金 / 国有资本经营 / 其他",
                false,
            ),
            ("personnel", "人员经费", "基本支出中的人员经费（元）", false),
            ("public", "公用经费", "基本支出中的公用经费（元）", false),
            ("project", "项目支出", "项目支出（元）", false),
            (
                "remit_superior",
                "上缴上级支出",
                "上缴上级支出（元）",
                false,
            ),
            ("operating", "经营支出", "经营支出（元）", false),
            (
                "subsidy_subordinate",
                "对附属单位补助支出",
                "对附属单位补助支出（元）",
                false,
            ),
            (
                "budget",
                "全年预算数",
                "全年预算数（调整预算，元），用于“完成预算%”；空则不印完成率",
                false,
            ),
            (
                "budget_initial",
                "年初预算数",
                "年初预算数（元），可空",
                false,
            ),
            (
                "reason",
                "决算与预算差异原因",
                "决算数与预算数不同时的原因（正文五（三）引用）",
                true,
            ),
        ],
    },
    TableHint {
        name: "项目",
        list: "projects",
        columns: &[
            ("name", "项目名称", "项目名称", false),
            (
                "number",
                "项目编码",
                "预算系统的项目编码（如 51000021R000000019951，可空；自评表印“编码-名称”）",
                false,
            ),
            (
                "code",
                "功能分类编码",
                "项目所列功能分类项级编码，7位（按文本填写）",
                false,
            ),
            ("fund", "资金来源", "从下拉列表选择", false),
            (
                "amount",
                "决算数",
                "决算数（元）；一般公共预算各项目之和须等于项目支出",
                false,
            ),
            ("budget", "全年预算数", "全年预算数（元），可空", false),
            (
                "budget_initial",
                "年初预算数",
                "年初预算数（元），可空",
                false,
            ),
            ("kind", "类型", "常年 或 一次性", false),
            (
                "pre_assessment",
                "事前绩效评估",
                "是否开展事前绩效评估：是 / 否",
                false,
            ),
            ("goals", "绩效目标", "是否编制绩效目标：是 / 否", false),
            ("monitoring", "绩效监控", "是否开展绩效监控：是 / 否", false),
            (
                "self_evaluation",
                "绩效自评",
                "是否开展绩效自评：是 / 否",
                false,
            ),
        ],
    },
];

/// Sheets of code → value maps: (sheet, map path, code header, code lengths, value
/// header, note of the value column).
#[derive(Debug)]
pub struct MapHint {
    pub name: &'static str,
    /// `basic_economic`, `code_names`, `projects[].economic` (then rows name the project).
    pub map: &'static str,
    pub code_header: &'static str,
    pub code_lengths: &'static [usize],
    pub value_header: &'static str,
    pub note: &'static str,
}

pub const MAPS: &[MapHint] = &[
    MapHint {
        name: "基本支出经济分类",
        map: "basic_economic",
        code_header: "经济分类编码",
        code_lengths: &[5],
        value_header: "金额",
        note: "一般公共预算财政拨款基本支出金额（元），没有留空",
    },
    MapHint {
        name: "项目经济分类",
        map: "projects[].economic",
        code_header: "经济分类编码",
        code_lengths: &[5],
        value_header: "金额",
        note: "该项目按经济分类款级的支出（元）；各款之和须等于项目决算数",
    },
    MapHint {
        name: "科目名称",
        map: "code_names",
        code_header: "科目编码",
        code_lengths: &[3, 5, 7],
        value_header: "科目名称",
        note: "内置科目表中没有的编码的名称（如地方增设的科目）",
    },
];

/// The column naming a map row's project (`projects[].economic`).
pub const PROJECT_NAME: &str = "项目名称";
/// The display-only name column of the 经济分类 sheets (filled by the program).
pub const NAME_SHOWN: &str = "科目名称（仅供对照）";

/// Parts of the model the workbook leaves out, and why (said on its 说明 sheet).
pub const EXCLUDED: &[(&str, &str)] = &[
    (
        "settings",
        "报告设置（模板套、小数位数等）：写在区设置 juesuan.yaml 或命令行参数中",
    ),
    (
        "consolidation",
        "部门汇总（成员文件清单、调整表）：写在部门的 YAML 数据文件中；填报工作簿是一个单位的数",
    ),
    (
        "projects[].evaluation",
        "专项项目绩效评价报告（篇幅长、含绩效指标表）：请写在 YAML 数据文件中",
    ),
];
