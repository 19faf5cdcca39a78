//! Conversions to and from `serde_json`.

use crate::value::{CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER};

/// Why a `serde_json::Value` has no canonical JSON form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// A number that is not an integer.
    #[error("number {0} is not an integer")]
    NotAnInteger(String),
    /// An integer outside ±(2^53 − 1).
    #[error("integer {0} is outside the canonical JSON range")]
    IntegerOutOfRange(String),
}

impl TryFrom<serde_json::Value> for CanonicalJsonValue {
    type Error = ConvertError;

    fn try_from(v: serde_json::Value) -> Result<Self, ConvertError> {
        Ok(match v {
            serde_json::Value::Null => Self::Null,
            serde_json::Value::Bool(b) => Self::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) if (MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) => Self::Integer(i),
                Some(_) => return Err(ConvertError::IntegerOutOfRange(n.to_string())),
                None if n.is_u64() => return Err(ConvertError::IntegerOutOfRange(n.to_string())),
                None => return Err(ConvertError::NotAnInteger(n.to_string())),
            },
            serde_json::Value::String(s) => Self::String(s),
            serde_json::Value::Array(a) => Self::Array(
                a.into_iter()
                    .map(Self::try_from)
                    .collect::<Result<_, _>>()?,
            ),
            serde_json::Value::Object(o) => Self::Object(
                o.into_iter()
                    .map(|(k, v)| Ok((k, Self::try_from(v)?)))
                    .collect::<Result<CanonicalJsonObject, ConvertError>>()?,
            ),
        })
    }
}

impl From<CanonicalJsonValue> for serde_json::Value {
    fn from(v: CanonicalJsonValue) -> Self {
        match v {
            CanonicalJsonValue::Null => Self::Null,
            CanonicalJsonValue::Bool(b) => Self::Bool(b),
            CanonicalJsonValue::Integer(i) => Self::Number(i.into()),
            // Legacy numbers come from valid JSON number text; fall back to a
            // string only if serde_json cannot represent it.
            CanonicalJsonValue::LegacyNumber(n) => serde_json::from_str::<serde_json::Number>(&n)
                .map_or(Self::String(n), Self::Number),
            CanonicalJsonValue::String(s) => Self::String(s),
            CanonicalJsonValue::Array(a) => Self::Array(a.into_iter().map(Into::into).collect()),
            CanonicalJsonValue::Object(o) => {
                Self::Object(o.into_iter().map(|(k, v)| (k, v.into())).collect())
            }
        }
    }
}
