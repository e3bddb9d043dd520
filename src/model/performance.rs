//! 预算绩效管理 facts and the performance-evaluation reports of 第四部分 附件.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Money;

/// Section 十(四) facts and the 部门整体 self-evaluation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    /// 部门整体绩效自评得分.
    #[serde(default)]
    pub overall_score: Option<Decimal>,
    /// 绩效自评综述.
    #[serde(default)]
    pub overall_summary: String,
    /// 附件1: 部门（单位）整体绩效自评报告.
    #[serde(default)]
    pub unit_evaluation: Option<UnitEvaluation>,
}

/// 部门（单位）整体绩效自评报告 (附件1). Texts are paragraphs; money comes from the data.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEvaluation {
    /// 机构组成.
    #[serde(default)]
    pub organization: String,
    /// 机构职能 (defaults to the 部门职责 text).
    #[serde(default)]
    pub functions: Option<String>,
    /// 年初预算 of 一般公共预算财政拨款 income (元); when absent, the sum of the three
    /// expenditure budgets below.
    #[serde(default)]
    pub income_budget_initial: Option<Money>,
    /// 年初预算 of 人员经费 / 日常公用经费 / 项目支出 (元); 基本支出 is their sum.
    #[serde(default)]
    pub personnel_budget_initial: Option<Money>,
    #[serde(default)]
    pub public_budget_initial: Option<Money>,
    #[serde(default)]
    pub project_budget_initial: Option<Money>,
    /// 结余分配和结转结余情况: text added after the computed sentence.
    #[serde(default)]
    pub balances_text: String,
    /// 部门预算总体绩效分析 paragraphs.
    #[serde(default)]
    pub overall_analysis: Vec<String>,
    /// 部门预算项目绩效分析 paragraphs.
    #[serde(default)]
    pub project_analysis: Vec<String>,
    /// 重点领域绩效分析.
    #[serde(default)]
    pub key_areas: String,
    /// 绩效结果应用情况.
    #[serde(default)]
    pub result_use: Vec<String>,
    /// 评价结论.
    #[serde(default)]
    pub conclusion: String,
    /// 存在问题.
    #[serde(default)]
    pub problems: String,
    /// 改进建议.
    #[serde(default)]
    pub suggestions: String,
}

/// One performance indicator: target vs actual, and its line of the 项目支出绩效自评表
/// (一级/二级指标, 分值, 得分, 偏差原因). Whether the target was met is computed from
/// `comparator`, never typed; scores are input, totals computed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 一级指标: 产出指标 / 效益指标 / 满意度指标.
    #[serde(default)]
    pub level1: String,
    /// 二级指标: 数量指标, 质量指标, 时效指标, 成本指标, 社会效益指标 ….
    #[serde(default)]
    pub level2: String,
    /// 三级指标, e.g. 发布稿件.
    pub name: String,
    /// `≥` (default), `≤`, `=`, `>`, `<`; `>=` and `<=` are accepted too.
    #[serde(default)]
    pub comparator: Comparator,
    pub target: Decimal,
    /// e.g. 条, 家, %, 次.
    #[serde(default)]
    pub unit: String,
    /// 实际完成值 (完成值): required — an indicator without it is a `check` error (P006).
    #[serde(default)]
    pub actual: Option<Decimal>,
    /// How the report words the actual value (e.g. 超过1万条).
    #[serde(default)]
    pub actual_text: Option<String>,
    /// 分值 (weight) in the 自评表: the indicators' weights add up to 90 (100 with the
    /// budget execution's 10).
    #[serde(default)]
    pub weight: Option<Decimal>,
    /// 得分: at most the weight.
    #[serde(default)]
    pub score: Option<Decimal>,
    /// 偏差原因分析及改进措施 (未完成原因分析).
    #[serde(default)]
    pub deviation: Option<String>,
}

/// How an indicator's actual value is compared with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Comparator {
    #[default]
    #[serde(rename = "≥", alias = ">=", alias = "≧")]
    AtLeast,
    #[serde(rename = "≤", alias = "<=", alias = "≦")]
    AtMost,
    #[serde(rename = "=", alias = "＝")]
    Equal,
    #[serde(rename = ">", alias = "＞")]
    Above,
    #[serde(rename = "<", alias = "＜")]
    Below,
}

impl Comparator {
    /// The sign as printed (≥ 7000条).
    pub fn sign(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::AtMost => "≤",
            Comparator::Equal => "=",
            Comparator::Above => ">",
            Comparator::Below => "<",
        }
    }

    /// Whether `actual` meets `target` under this comparator.
    pub fn holds(self, actual: Decimal, target: Decimal) -> bool {
        match self {
            Comparator::AtLeast => actual >= target,
            Comparator::AtMost => actual <= target,
            Comparator::Equal => actual == target,
            Comparator::Above => actual > target,
            Comparator::Below => actual < target,
        }
    }
}

impl Indicator {
    /// `Some(true)` when the actual value meets the target, `None` when not reported.
    pub fn met(&self) -> Option<bool> {
        self.actual.map(|a| self.comparator.holds(a, self.target))
    }
}

/// 专项预算项目绩效评价报告 (one per project) and the project's 项目支出绩效自评表.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectEvaluation {
    /// 自评表: 项目年度目标 (预期目标).
    #[serde(default)]
    pub annual_goal: String,
    /// 自评表: 年度目标完成情况 (实际完成情况).
    #[serde(default)]
    pub goal_completion: String,
    /// 自评表: 项目实施内容及过程概述 (defaults to `implementation`).
    #[serde(default)]
    pub process: String,
    /// 自评表: 预算执行得分 (分值 10).
    #[serde(default)]
    pub execution_score: Option<Decimal>,
    /// 自评表: why the execution rate is what it is (required below 90%).
    #[serde(default)]
    pub execution_note: String,
    /// 设立背景及基本情况.
    #[serde(default)]
    pub background: String,
    /// 实施目的及支持方向.
    #[serde(default)]
    pub purpose: String,
    /// 预算安排及分配管理.
    #[serde(default)]
    pub budget_management: String,
    /// 项目绩效目标设置.
    #[serde(default)]
    pub goal_setting: String,
    /// 评价实施: 目的, 重点, 选点, 方法, 组织.
    #[serde(default)]
    pub eval_purpose: String,
    #[serde(default)]
    pub eval_focus: String,
    #[serde(default)]
    pub eval_points: String,
    #[serde(default)]
    pub eval_method: String,
    #[serde(default)]
    pub eval_organization: String,
    /// 通用指标: 项目决策 (决策程序), 资金投向 (the text after the computed
    /// “使用资金X万元”), 管理, 实施, 结果.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub funds_use: String,
    #[serde(default)]
    pub management: String,
    #[serde(default)]
    pub implementation: String,
    #[serde(default)]
    pub result: String,
    /// 专用指标: 产业发展, 民生保障, 基础设施, 行政运转.
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub livelihood: String,
    #[serde(default)]
    pub infrastructure: String,
    #[serde(default)]
    pub operation: String,
    /// 个性指标.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// 完成情况 text of the 个性指标.
    #[serde(default)]
    pub indicators_summary: String,
    #[serde(default)]
    pub conclusion: Vec<String>,
    #[serde(default)]
    pub problems: String,
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// 自评得分 as stated: checked against the 自评表 total (execution + indicators).
    #[serde(default)]
    pub score: Option<Decimal>,
    /// 自评表 signatures: 项目负责人, 财务负责人.
    #[serde(default)]
    pub manager: String,
    #[serde(default)]
    pub finance_manager: String,
}

impl ProjectEvaluation {
    /// Whether the evaluation carries the 自评表's scoring (any weight or score).
    pub fn scored(&self) -> bool {
        self.execution_score.is_some()
            || self
                .indicators
                .iter()
                .any(|i| i.weight.is_some() || i.score.is_some())
    }
}
