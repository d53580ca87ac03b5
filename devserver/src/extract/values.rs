//! Lenient field types of request bodies: ids and integers sent as strings or numbers, and a
//! string map (`context`) that takes numbers and booleans as their text.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::error::{ApiError, ApiResult};

/// An optional id: a decimal string (`"42"`) or a JSON integer; `null` and `""` are absent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct OptId(pub Option<u64>);

impl<'de> Deserialize<'de> for OptId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = OptId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id (a decimal string)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OptId, E> {
                Ok(OptId(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OptId, E> {
                u64::try_from(v)
                    .map(|v| OptId(Some(v)))
                    .map_err(|_| E::custom("must be an id (a decimal string)"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OptId, E> {
                let v = v.trim();
                if v.is_empty() {
                    return Ok(OptId(None));
                }
                v.parse()
                    .map(|n| OptId(Some(n)))
                    .map_err(|_| E::custom("must be an id (a decimal string)"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OptId, E> {
                Ok(OptId(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl OptId {
    /// The id, or `400 VALIDATION_ERROR` "`field` is required".
    pub fn required(self, field: &str) -> ApiResult<u64> {
        self.0.ok_or_else(|| ApiError::required(field))
    }
}

/// An optional integer: a JSON integer or a decimal string; `null` is absent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct OptInt(pub Option<i64>);

impl<'de> Deserialize<'de> for OptInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = OptInt;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OptInt, E> {
                Ok(OptInt(Some(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OptInt, E> {
                i64::try_from(v)
                    .map(|v| OptInt(Some(v)))
                    .map_err(|_| E::custom("must be an integer"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OptInt, E> {
                v.trim()
                    .parse()
                    .map(|n| OptInt(Some(n)))
                    .map_err(|_| E::custom("must be an integer"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OptInt, E> {
                Ok(OptInt(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A role assignment's context: dimension → id (a string or a number) or `"*"`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Context(pub std::collections::BTreeMap<String, String>);

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum IdOrStar {
            Text(String),
            Number(u64),
        }
        let map: Option<std::collections::BTreeMap<String, IdOrStar>> = Option::deserialize(d)?;
        Ok(Context(
            map.unwrap_or_default()
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        IdOrStar::Text(s) => s,
                        IdOrStar::Number(n) => n.to_string(),
                    };
                    (k, v)
                })
                .collect(),
        ))
    }
}
