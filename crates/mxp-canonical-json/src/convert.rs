//! Conversions to and from `serde_json`.
//!
//! They give the same results whether or not another crate in the build turns
//! on `serde_json`'s `preserve_order` or `arbitrary_precision` features
//! (P1-18): objects are always rebuilt in key order, and numbers are judged by
//! the same rules in both representations.

use serde::de::DeserializeOwned;

use crate::options::MAX_DEPTH_CEILING;
use crate::value::{CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER};

/// Why a `serde_json::Value` has no canonical JSON form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// A number that is not an integer: one `serde_json` holds as a float
    /// (written with a fraction or exponent, or `-0`) within the integer range.
    #[error("number {0} is not an integer (CJ-3)")]
    NotAnInteger(String),
    /// An integer (or a float of integer magnitude) outside ±(2^53 − 1).
    #[error("integer {0} is outside the canonical JSON range (CJ-3)")]
    IntegerOutOfRange(String),
    /// More than [`MAX_DEPTH_CEILING`] nested arrays and objects.
    #[error("nesting deeper than {MAX_DEPTH_CEILING} levels")]
    TooDeep,
}

impl ConvertError {
    /// A stable, machine-readable name for the kind of error:
    /// `float_not_allowed`, `integer_out_of_range` or `too_deep`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotAnInteger(_) => "float_not_allowed",
            Self::IntegerOutOfRange(_) => "integer_out_of_range",
            Self::TooDeep => "too_deep",
        }
    }
}

impl TryFrom<serde_json::Value> for CanonicalJsonValue {
    type Error = ConvertError;

    /// Converts a `serde_json::Value`, rejecting non-integers and integers
    /// outside ±(2^53 − 1) (`CJ-3`).
    fn try_from(value: serde_json::Value) -> Result<Self, ConvertError> {
        from_json(value, 0)
    }
}

fn from_json(value: serde_json::Value, depth: usize) -> Result<CanonicalJsonValue, ConvertError> {
    let inner = || {
        if depth >= MAX_DEPTH_CEILING {
            Err(ConvertError::TooDeep)
        } else {
            Ok(depth + 1)
        }
    };
    Ok(match value {
        serde_json::Value::Null => CanonicalJsonValue::Null,
        serde_json::Value::Bool(b) => CanonicalJsonValue::Bool(b),
        serde_json::Value::Number(n) => number(&n)?,
        serde_json::Value::String(s) => CanonicalJsonValue::String(s),
        serde_json::Value::Array(array) => {
            let depth = inner()?;
            CanonicalJsonValue::Array(
                array
                    .into_iter()
                    .map(|v| from_json(v, depth))
                    .collect::<Result<_, _>>()?,
            )
        }
        serde_json::Value::Object(object) => {
            let depth = inner()?;
            CanonicalJsonValue::Object(
                object
                    .into_iter()
                    .map(|(k, v)| Ok((k, from_json(v, depth)?)))
                    .collect::<Result<CanonicalJsonObject, ConvertError>>()?,
            )
        }
    })
}

/// Judges a `serde_json::Number` the same way in both of its representations.
fn number(n: &serde_json::Number) -> Result<CanonicalJsonValue, ConvertError> {
    if let Some(i) = n.as_i64() {
        // Without `arbitrary_precision`, `-0` is the float -0.0 and fails
        // `as_i64`; with it, `as_i64` parses the text "-0" as 0. Same answer
        // for both: not an integer.
        if i == 0 && n.to_string().starts_with('-') {
            return Err(ConvertError::NotAnInteger(n.to_string()));
        }
        if (MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) {
            return Ok(CanonicalJsonValue::Integer(i));
        }
        return Err(ConvertError::IntegerOutOfRange(n.to_string()));
    }
    if n.is_u64() {
        return Err(ConvertError::IntegerOutOfRange(n.to_string()));
    }
    match n.as_f64() {
        Some(f) if f.is_finite() && f.abs() <= MAX_SAFE_INTEGER as f64 => {
            Err(ConvertError::NotAnInteger(n.to_string()))
        }
        _ => Err(ConvertError::IntegerOutOfRange(n.to_string())),
    }
}

impl From<CanonicalJsonValue> for serde_json::Value {
    /// Converts to a `serde_json::Value`; objects come out in key order even
    /// with `preserve_order`. A [`CanonicalJsonValue::LegacyNumber`] becomes
    /// the `serde_json::Number` its text parses to (a float may be rounded
    /// unless `arbitrary_precision` is on), or a string if `serde_json` cannot
    /// hold it at all (`1e400`).
    fn from(value: CanonicalJsonValue) -> Self {
        match value {
            CanonicalJsonValue::Null => Self::Null,
            CanonicalJsonValue::Bool(b) => Self::Bool(b),
            CanonicalJsonValue::Integer(i) => Self::Number(i.into()),
            CanonicalJsonValue::LegacyNumber(n) => {
                serde_json::from_str::<serde_json::Number>(&n).map_or(Self::String(n), Self::Number)
            }
            CanonicalJsonValue::String(s) => Self::String(s),
            CanonicalJsonValue::Array(a) => Self::Array(a.into_iter().map(Into::into).collect()),
            CanonicalJsonValue::Object(o) => {
                Self::Object(o.into_iter().map(|(k, v)| (k, v.into())).collect())
            }
        }
    }
}

/// Converts a [`CanonicalJsonValue`] into any `Deserialize` type (through a
/// `serde_json::Value`).
///
/// ```
/// use mxp_canonical_json::{ParseOptions, from_canonical_value, parse_value};
///
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Member { membership: String, depth: u32 }
///
/// let value = parse_value(br#"{"membership":"join","depth":3}"#, &ParseOptions::strict())?;
/// let member: Member = from_canonical_value(value)?;
/// assert_eq!(member, Member { membership: "join".into(), depth: 3 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_canonical_value<T: DeserializeOwned>(
    value: CanonicalJsonValue,
) -> Result<T, serde_json::Error> {
    serde_json::from_value(value.into())
}
