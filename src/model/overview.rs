//! 第一部分 概况 as the data file states it: duties, 机构设置 (二级预算单位 by kind, the
//! units included, a 单位's 内设机构) and staffing.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    /// 部门职责: paragraphs separated by blank lines.
    #[serde(default)]
    pub duties: String,
    #[serde(default)]
    pub secondary_units: SecondaryUnits,
    /// Units included in this 决算 (纳入编制范围的二级预算单位); empty means 无.
    #[serde(default)]
    pub included_units: Vec<String>,
    /// 内设机构 (办公室、财务室 …): a 单位's 机构设置 lists them.
    #[serde(default)]
    pub internal_offices: Vec<String>,
    #[serde(default)]
    pub staffing: Option<Staffing>,
}

/// Counts of 二级预算单位 by kind; the total is derived.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondaryUnits {
    #[serde(default)]
    pub administrative: u32,
    #[serde(default)]
    pub civil_servant_managed: u32,
    #[serde(default)]
    pub other_institutions: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    /// 核定编制数.
    #[serde(default)]
    pub authorized: u32,
    /// 年末实有编制人员.
    #[serde(default)]
    pub actual: u32,
    /// 聘用人员.
    #[serde(default)]
    pub contracted: u32,
    /// 实有人员 by post: 专业技术人员.
    #[serde(default)]
    pub professional: u32,
    /// 管理人员.
    #[serde(default)]
    pub management: u32,
    /// 工勤技能人员.
    #[serde(default)]
    pub service: u32,
}

impl Staffing {
    /// 专业技术 + 管理 + 工勤.
    pub fn by_post(&self) -> u32 {
        self.professional + self.management + self.service
    }
}
