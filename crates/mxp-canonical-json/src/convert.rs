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
        from_json(value)
    }
}

/// An open container of the input and what has been converted of it.
enum FromFrame {
    Array(
        std::vec::IntoIter<serde_json::Value>,
        Vec<CanonicalJsonValue>,
    ),
    Object(
        serde_json::map::IntoIter,
        CanonicalJsonObject,
        /// The key whose value is being converted.
        String,
    ),
}

/// Iterative, so any `serde_json::Value` converts without deep recursion;
/// the depth limit keeps results droppable (P1-17).
fn from_json(value: serde_json::Value) -> Result<CanonicalJsonValue, ConvertError> {
    let mut stack: Vec<FromFrame> = Vec::new();
    let mut next = value;
    loop {
        let mut done = match next {
            serde_json::Value::Null => CanonicalJsonValue::Null,
            serde_json::Value::Bool(b) => CanonicalJsonValue::Bool(b),
            serde_json::Value::Number(n) => number(&n)?,
            serde_json::Value::String(s) => CanonicalJsonValue::String(s),
            serde_json::Value::Array(array) => {
                if stack.len() >= MAX_DEPTH_CEILING {
                    return Err(ConvertError::TooDeep);
                }
                let converted = Vec::with_capacity(array.len());
                let mut members = array.into_iter();
                if let Some(first) = members.next() {
                    stack.push(FromFrame::Array(members, converted));
                    next = first;
                    continue;
                }
                CanonicalJsonValue::Array(converted)
            }
            serde_json::Value::Object(object) => {
                if stack.len() >= MAX_DEPTH_CEILING {
                    return Err(ConvertError::TooDeep);
                }
                let mut members = object.into_iter();
                if let Some((key, first)) = members.next() {
                    stack.push(FromFrame::Object(members, CanonicalJsonObject::new(), key));
                    next = first;
                    continue;
                }
                CanonicalJsonValue::Object(CanonicalJsonObject::new())
            }
        };
        // Hand `done` to its container; close the containers that are finished.
        loop {
            match stack.last_mut() {
                None => return Ok(done),
                Some(FromFrame::Array(members, converted)) => {
                    converted.push(done);
                    if let Some(member) = members.next() {
                        next = member;
                        break;
                    }
                }
                Some(FromFrame::Object(members, converted, key)) => {
                    // A `serde_json::Map` has unique keys.
                    converted.insert(std::mem::take(key).into(), done);
                    if let Some((next_key, member)) = members.next() {
                        *key = next_key;
                        next = member;
                        break;
                    }
                }
            }
            done = match stack.pop() {
                Some(FromFrame::Array(_, converted)) => CanonicalJsonValue::Array(converted),
                Some(FromFrame::Object(_, converted, _)) => CanonicalJsonValue::Object(converted),
                // Unreachable: the stack was not empty just above.
                None => CanonicalJsonValue::Null,
            };
        }
    }
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
        to_json(value)
    }
}

/// An open container of the input and what has been converted of it.
enum ToFrame {
    Array(
        std::vec::IntoIter<CanonicalJsonValue>,
        Vec<serde_json::Value>,
    ),
    Object(
        crate::object::IntoIter,
        serde_json::Map<String, serde_json::Value>,
        crate::object::ObjectKey,
    ),
}

/// Iterative, like [`from_json`]. Keys are inserted in order, so the result is
/// ordered with or without `preserve_order`.
fn to_json(value: CanonicalJsonValue) -> serde_json::Value {
    use serde_json::Value;
    let mut stack: Vec<ToFrame> = Vec::new();
    let mut next = value;
    loop {
        let mut done = match next {
            CanonicalJsonValue::Null => Value::Null,
            CanonicalJsonValue::Bool(b) => Value::Bool(b),
            CanonicalJsonValue::Integer(i) => Value::Number(i.into()),
            CanonicalJsonValue::LegacyNumber(n) => serde_json::from_str::<serde_json::Number>(&n)
                .map_or(Value::String(n), Value::Number),
            CanonicalJsonValue::String(s) => Value::String(s),
            CanonicalJsonValue::Array(array) => {
                let converted = Vec::with_capacity(array.len());
                let mut members = array.into_iter();
                if let Some(first) = members.next() {
                    stack.push(ToFrame::Array(members, converted));
                    next = first;
                    continue;
                }
                Value::Array(converted)
            }
            CanonicalJsonValue::Object(object) => {
                let mut members = object.into_iter();
                if let Some((key, first)) = members.next() {
                    stack.push(ToFrame::Object(members, serde_json::Map::new(), key));
                    next = first;
                    continue;
                }
                Value::Object(serde_json::Map::new())
            }
        };
        loop {
            match stack.last_mut() {
                None => return done,
                Some(ToFrame::Array(members, converted)) => {
                    converted.push(done);
                    if let Some(member) = members.next() {
                        next = member;
                        break;
                    }
                }
                Some(ToFrame::Object(members, converted, key)) => {
                    converted.insert(std::mem::take(key).into_string(), done);
                    if let Some((next_key, member)) = members.next() {
                        *key = next_key;
                        next = member;
                        break;
                    }
                }
            }
            done = match stack.pop() {
                Some(ToFrame::Array(_, converted)) => Value::Array(converted),
                Some(ToFrame::Object(_, converted, _)) => Value::Object(converted),
                // Unreachable: the stack was not empty just above.
                None => Value::Null,
            };
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
