//! `Money`: an exact amount in 元, parsed from the YAML scalar's text so that it never
//! passes through `f64` (12345678901.23 stays 12345678901.23).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount in 元 (yuan), exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    pub fn new(d: Decimal) -> Self {
        Money(d)
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Parses the text of a YAML scalar: `1234.5`, `1,234.50`, `"1234.50"`, `0`.
    pub fn parse(text: &str) -> Result<Money, String> {
        let t = ungroup(text.trim())?;
        if t.is_empty() {
            return Err("金额为空".into());
        }
        if t.contains(['e', 'E']) {
            return Err(format!("金额“{text}”不能用科学计数法，请写成普通数字"));
        }
        Decimal::from_str(&t)
            .map(Money)
            .map_err(|_| format!("“{text}”不是合法的金额（应为以元为单位的数字，如 1234.56）"))
    }
}

/// Removes thousands separators (`,` `，` `_`), which stand only between groups of three
/// digits before the point: `3,464,745.78` is 3464745.78, but `3464745,78` (a decimal
/// comma) or `34,64,745` is refused rather than read as another number.
fn ungroup(t: &str) -> Result<String, String> {
    const SEPARATORS: [char; 3] = [',', '，', '_'];
    if !t.contains(SEPARATORS) {
        return Ok(t.to_string());
    }
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let groups: Vec<&str> = int.split(SEPARATORS).collect();
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    let ok = !frac.contains(SEPARATORS)
        && groups.iter().all(|g| digits(g))
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    if !ok {
        return Err(format!(
            "金额“{t}”中的逗号位置不对：逗号只能作千位分隔符（小数点前每三位一个，如 3,464,745.78），小数点请用“.”"
        ));
    }
    Ok(t.replace(SEPARATORS, ""))
}

impl From<Decimal> for Money {
    fn from(d: Decimal) -> Self {
        Money(d)
    }
}

impl From<Money> for Decimal {
    fn from(m: Money) -> Self {
        m.0
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

struct MoneyVisitor;

impl<'de> Visitor<'de> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("以元为单位的金额，如 1234.56")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
        Money::parse(v).map_err(E::custom)
    }

    // serde_yaml hands every plain scalar to `deserialize_str` as its source text, so the
    // numeric visitors below are only reached from other formats (JSON in tests); integers
    // are exact, floats are refused rather than silently rounded.
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
        Err(E::custom(format!("金额 {v} 以浮点数给出，可能失去精度")))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        d.deserialize_str(MoneyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_amount_survives_yaml_round_trip_exactly() {
        #[derive(Deserialize, Serialize)]
        struct W {
            a: Money,
        }
        let w: W = serde_yaml::from_str("a: 12345678901.23\n").unwrap();
        assert_eq!(w.a.0, Decimal::from_str("12345678901.23").unwrap());
        assert_eq!(w.a.to_string(), "12345678901.23");
        let back = serde_yaml::to_string(&w).unwrap();
        let again: W = serde_yaml::from_str(&back).unwrap();
        assert_eq!(again.a, w.a);
        // An f64 would have printed 12345678901.230000495910645 at full precision.
        assert_eq!(again.a.0.scale(), 2);
    }

    #[test]
    fn thousands_separators_and_quotes_are_accepted() {
        assert_eq!(
            Money::parse("3,464,745.78").unwrap().to_string(),
            "3464745.78"
        );
        assert_eq!(Money::parse("-1，234_567").unwrap().to_string(), "-1234567");
        assert_eq!(Money::parse("999,999.5").unwrap().to_string(), "999999.5");
        // A decimal comma or misplaced separators are refused, never misread.
        for bad in [
            "3464745,78",
            "34,64,745",
            "1,2345",
            ",123",
            "1,234.5,6",
            "1,,234",
            "1,234,",
        ] {
            let e = Money::parse(bad).unwrap_err();
            assert!(e.contains("千位分隔符"), "{bad}: {e}");
        }
        assert!(Money::parse("1e5").is_err());
        assert!(Money::parse("abc").is_err());
    }
}
