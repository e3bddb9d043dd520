//! One description of the data model, read from the model types themselves: a serde
//! walk over `ReportData`'s `Deserialize` impl lists every field with its kind (amount,
//! count, text, choice …). From it come the lists of a file's amounts, counts and texts
//! (what the loader bounds, what the text rules and the glyph check read); the test
//! `docs_and_init_template_name_every_field` checks docs/data-format.md and the `init`
//! template against it. Adding a field to the model is one edit plus its doc and
//! template lines — the test names what is missing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::Deserialize;

use super::{Money, ReportData};

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A group of named fields.
    Struct,
    /// A list (`field[]` is its item).
    List,
    /// A map from a code or name (`field.*` is its value).
    Map,
    /// An amount in 元 (`Money`).
    Money,
    /// A count (vehicles, persons, units: `u32`).
    Count,
    /// Another whole number (the year).
    Integer,
    /// An exact decimal that is no amount (scores, indicator values).
    Number,
    Flag,
    /// Free text, a name or a code.
    Text,
    /// One of fixed words (the Chinese enumeration values).
    Choice(&'static [&'static str]),
}

/// One field of the model: its path pattern (`expenditure[].code`, `basic_economic.*`)
/// and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub path: String,
    pub kind: Kind,
}

/// Every field of `ReportData`, in declaration order (parents before children).
pub fn fields() -> &'static [Field] {
    static FIELDS: OnceLock<Vec<Field>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let out = RefCell::new(Vec::new());
        ReportData::deserialize(Tracer {
            path: String::new(),
            out: &out,
        })
        .expect("the data model traces");
        out.into_inner()
    })
}

fn kinds() -> &'static HashMap<String, Kind> {
    static KINDS: OnceLock<HashMap<String, Kind>> = OnceLock::new();
    KINDS.get_or_init(|| fields().iter().map(|f| (f.path.clone(), f.kind)).collect())
}

/// Every stated value of a file whose kind is `want`, with its dotted path
/// (`expenditure[2].project`, as `Source::find` takes it), in declaration order.
fn values(d: &ReportData, want: fn(Kind) -> bool) -> Vec<(String, serde_yaml::Value)> {
    let mut out = Vec::new();
    // serde_yaml keeps the serialization order (declaration order) in its mappings.
    if let Ok(v) = serde_yaml::to_value(d) {
        walk(&v, String::new(), String::new(), want, &mut out);
    }
    out
}

fn walk(
    v: &serde_yaml::Value,
    path: String,
    pattern: String,
    want: fn(Kind) -> bool,
    out: &mut Vec<(String, serde_yaml::Value)>,
) {
    use serde_yaml::Value;
    let kind = kinds().get(&pattern).copied();
    match v {
        Value::Mapping(m) => {
            for (k, x) in m {
                let key = match k {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                let child = join(&pattern, if kind == Some(Kind::Map) { "*" } else { &key });
                walk(x, join(&path, &key), child, want, out);
            }
        }
        Value::Sequence(items) => {
            for (i, x) in items.iter().enumerate() {
                walk(x, format!("{path}[{i}]"), format!("{pattern}[]"), want, out);
            }
        }
        Value::Null => {}
        Value::Tagged(t) => walk(&t.value, path, pattern, want, out),
        leaf => {
            if kind.is_some_and(want) {
                out.push((path, leaf.clone()));
            }
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Every amount of a file with its dotted path.
pub fn money_fields(d: &ReportData) -> Vec<(String, Money)> {
    values(d, |k| k == Kind::Money)
        .into_iter()
        .filter_map(|(p, v)| Some((p, Money::parse(v.as_str()?).ok()?)))
        .collect()
}

/// Every count (units, staff, vehicles, persons) of a file with its dotted path.
pub fn count_fields(d: &ReportData) -> Vec<(String, u32)> {
    values(d, |k| k == Kind::Count)
        .into_iter()
        .filter(|(p, _)| p != "schema")
        .filter_map(|(p, v)| Some((p, u32::try_from(v.as_u64()?).ok()?)))
        .collect()
}

/// Every supplied text (names, codes, paragraphs) of a file with its dotted path.
pub fn text_fields(d: &ReportData) -> Vec<(String, String)> {
    values(d, |k| k == Kind::Text)
        .into_iter()
        .filter_map(|(p, v)| Some((p, v.as_str()?.to_string())))
        .collect()
}

/// A deserializer that feeds every field a neutral value and records the path and kind
/// of each as the model's `Deserialize` impls ask for them.
struct Tracer<'a> {
    path: String,
    out: &'a RefCell<Vec<Field>>,
}

impl Tracer<'_> {
    fn record(&self, kind: Kind) {
        self.out.borrow_mut().push(Field {
            path: self.path.clone(),
            kind,
        });
    }
    fn child(&self, key: &str) -> Self {
        Tracer {
            path: join(&self.path, key),
            out: self.out,
        }
    }
}

#[derive(Debug)]
struct TraceError(String);

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TraceError {}

impl de::Error for TraceError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        TraceError(msg.to_string())
    }
}

macro_rules! numbers {
    ($($method:ident $visit:ident $t:ty => $kind:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TraceError> {
            self.record($kind);
            v.$visit(<$t>::default())
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Tracer<'_> {
    type Error = TraceError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, TraceError> {
        Err(TraceError(format!(
            "{}: a field of no fixed type",
            self.path
        )))
    }

    numbers! {
        deserialize_bool visit_bool bool => Kind::Flag;
        deserialize_u8 visit_u8 u8 => Kind::Integer;
        deserialize_u16 visit_u16 u16 => Kind::Integer;
        deserialize_u32 visit_u32 u32 => Kind::Count;
        deserialize_u64 visit_u64 u64 => Kind::Integer;
        deserialize_i8 visit_i8 i8 => Kind::Integer;
        deserialize_i16 visit_i16 i16 => Kind::Integer;
        deserialize_i32 visit_i32 i32 => Kind::Integer;
        deserialize_i64 visit_i64 i64 => Kind::Integer;
        deserialize_f32 visit_f32 f32 => Kind::Number;
        deserialize_f64 visit_f64 f64 => Kind::Number;
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TraceError> {
        // Amounts and decimals are read from the scalar's text, like text: the type the
        // visitor makes tells them apart.
        let made = std::any::type_name::<V::Value>();
        if made.ends_with("::Money") {
            self.record(Kind::Money);
            v.visit_str("0")
        } else if made.ends_with("::Decimal") {
            self.record(Kind::Number);
            v.visit_str("0")
        } else {
            self.record(Kind::Text);
            v.visit_str("")
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TraceError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TraceError> {
        v.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TraceError> {
        v.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, TraceError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TraceError> {
        self.record(Kind::List);
        let item = Tracer {
            path: format!("{}[]", self.path),
            out: self.out,
        };
        v.visit_seq(One { item: Some(item) })
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TraceError> {
        self.record(Kind::Map);
        let value = self.child("*");
        v.visit_map(Fields {
            names: &["*"],
            next: 0,
            parent: value,
            map: true,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, TraceError> {
        if !self.path.is_empty() {
            self.record(Kind::Struct);
        }
        v.visit_map(Fields {
            names: fields,
            next: 0,
            parent: self,
            map: false,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, TraceError> {
        self.record(Kind::Choice(variants));
        v.visit_enum(variants[0].into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TraceError> {
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit_struct tuple tuple_struct identifier
    }
}

/// A list with one item.
struct One<'a> {
    item: Option<Tracer<'a>>,
}

impl<'de> de::SeqAccess<'de> for One<'_> {
    type Error = TraceError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, TraceError> {
        self.item.take().map(|t| seed.deserialize(t)).transpose()
    }
}

/// A struct's fields (or a map's one entry `*`), each traced under its name.
struct Fields<'a> {
    names: &'static [&'static str],
    next: usize,
    parent: Tracer<'a>,
    map: bool,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = TraceError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, TraceError> {
        let Some(name) = self.names.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize((*name).into_deserializer()).map(Some)
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, TraceError> {
        let name = self.names[self.next];
        self.next += 1;
        let tracer = if self.map {
            Tracer {
                path: self.parent.path.clone(),
                out: self.parent.out,
            }
        } else {
            self.parent.child(name)
        };
        seed.deserialize(tracer)
    }
}

#[cfg(test)]
mod tests;
