//! 财政拨款“三公”经费 as the data file states it: budgets by item, the details of the
//! year (trips, vehicles bought and held, receptions and their list), the 政府性基金 part,
//! and the texts (reasons, "主要用于…").

use serde::{Deserialize, Serialize};

use super::Money;

/// The four 三公 items (元).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ThreePublicAmounts {
    #[serde(default)]
    pub abroad: Money,
    #[serde(default)]
    pub vehicle_purchase: Money,
    #[serde(default)]
    pub vehicle_operation: Money,
    #[serde(default)]
    pub reception: Money,
}

impl ThreePublicAmounts {
    pub fn vehicle(&self) -> Money {
        self.vehicle_purchase + self.vehicle_operation
    }
    pub fn total(&self) -> Money {
        self.abroad + self.vehicle() + self.reception
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abroad {
    #[serde(default)]
    pub amount: Money,
    /// 团组数.
    #[serde(default)]
    pub groups: u32,
    /// 人数.
    #[serde(default)]
    pub persons: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountAmount {
    #[serde(default)]
    pub count: u32,
    #[serde(default)]
    pub amount: Money,
}

/// Vehicles by kind (轿车 / 越野车 / 载客汽车).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehiclePurchases {
    #[serde(default)]
    pub sedan: CountAmount,
    #[serde(default)]
    pub suv: CountAmount,
    #[serde(default)]
    pub bus: CountAmount,
}

impl VehiclePurchases {
    pub fn count(&self) -> u32 {
        self.sedan.count + self.suv.count + self.bus.count
    }
    pub fn amount(&self) -> Money {
        self.sedan.amount + self.suv.amount + self.bus.amount
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fleet {
    #[serde(default)]
    pub sedan: u32,
    #[serde(default)]
    pub suv: u32,
    #[serde(default)]
    pub bus: u32,
}

impl Fleet {
    pub fn total(&self) -> u32 {
        self.sedan + self.suv + self.bus
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceptionPart {
    #[serde(default)]
    pub amount: Money,
    /// 批次.
    #[serde(default)]
    pub batches: u32,
    /// 人次 (不包括陪同人员).
    #[serde(default)]
    pub persons: u32,
    /// The receptions, one by one (the main ones, or all): what and how much.
    #[serde(default)]
    pub items: Vec<ReceptionItem>,
}

/// One reception of the list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceptionItem {
    /// 接待事由, e.g. 接待省文化和旅游厅调研组.
    pub what: String,
    /// 元.
    #[serde(default)]
    pub amount: Money,
}

/// The 政府性基金预算财政拨款 part of the 三公 amounts; the 一般公共预算 part is the rest.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreePublicFund {
    /// 全年预算数 by item.
    #[serde(default)]
    pub budget: ThreePublicAmounts,
    /// 决算数 by item.
    #[serde(default)]
    pub actual: ThreePublicAmounts,
}

/// "主要用于…" texts per 三公 item.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreePublicPurposes {
    #[serde(default)]
    pub abroad: Option<String>,
    #[serde(default)]
    pub vehicle_purchase: Option<String>,
    #[serde(default)]
    pub vehicle_operation: Option<String>,
    #[serde(default)]
    pub reception: Option<String>,
}

/// The reason per 三公 item (its change or its difference from the budget), printed
/// where that item is discussed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreePublicReasons {
    #[serde(default)]
    pub abroad: Option<String>,
    /// 公务用车购置及运行维护费.
    #[serde(default)]
    pub vehicle: Option<String>,
    #[serde(default)]
    pub reception: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reception {
    #[serde(default)]
    pub domestic: ReceptionPart,
    #[serde(default)]
    pub foreign: ReceptionPart,
}

/// 财政拨款“三公”经费: budget, actual details, and the reasons texts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreePublic {
    /// 全年预算数 by item.
    #[serde(default)]
    pub budget: ThreePublicAmounts,
    #[serde(default)]
    pub abroad: Abroad,
    /// Vehicles bought this year, by kind, with amounts.
    #[serde(default)]
    pub vehicle_purchase: VehiclePurchases,
    /// 公务用车运行维护费.
    #[serde(default)]
    pub vehicle_operation: Money,
    /// Vehicles held at 12月31日, by kind.
    #[serde(default)]
    pub fleet: Fleet,
    #[serde(default)]
    pub reception: Reception,
    /// Why 决算 differs from 预算.
    #[serde(default)]
    pub reason_budget: Option<String>,
    /// Why the total changed from last year.
    #[serde(default)]
    pub reason_change: Option<String>,
    /// The 政府性基金 part of the budget and 决算 (the rest is 一般公共预算).
    #[serde(default)]
    pub government_fund: ThreePublicFund,
    /// "主要用于…" per item.
    #[serde(default)]
    pub purposes: ThreePublicPurposes,
    /// The reason per item, printed with that item.
    #[serde(default)]
    pub reasons: ThreePublicReasons,
}

impl ThreePublic {
    /// The 决算 amounts by item, derived from the details.
    pub fn actual(&self) -> ThreePublicAmounts {
        ThreePublicAmounts {
            abroad: self.abroad.amount,
            vehicle_purchase: self.vehicle_purchase.amount(),
            vehicle_operation: self.vehicle_operation,
            reception: self.reception.domestic.amount + self.reception.foreign.amount,
        }
    }
}
