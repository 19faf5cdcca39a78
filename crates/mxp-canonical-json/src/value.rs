//! The canonical JSON value type.

pub use crate::object::CanonicalJsonObject;

/// The largest integer canonical JSON allows, 2^53 − 1 (`CJ-*`).
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;
/// The smallest integer canonical JSON allows, −(2^53) + 1.
pub const MIN_SAFE_INTEGER: i64 = -MAX_SAFE_INTEGER;

/// A JSON value that canonical JSON can represent: integers only, within
/// [`MIN_SAFE_INTEGER`]`..=`[`MAX_SAFE_INTEGER`].
///
/// Values built through the constructors of this crate uphold the integer
/// range; the encoder checks it again and refuses to emit anything else.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CanonicalJsonValue {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer in the canonical range.
    Integer(i64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<CanonicalJsonValue>),
    /// An object, ordered by key.
    Object(CanonicalJsonObject),
    /// A number canonical JSON cannot express (a float, or an integer outside
    /// the canonical range), kept as its source text. Only the lenient parser
    /// for room versions 1–5 produces it (`CJ-6`); the strict encoder refuses it.
    LegacyNumber(String),
}

impl CanonicalJsonValue {
    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&CanonicalJsonObject> {
        match self {
            Self::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The object, mutably, if this is one.
    pub fn as_object_mut(&mut self) -> Option<&mut CanonicalJsonObject> {
        match self {
            Self::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Self::Integer(i) => Some(*i),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&[CanonicalJsonValue]> {
        match self {
            Self::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The member `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&CanonicalJsonValue> {
        self.as_object().and_then(|o| o.get(key))
    }

    /// The array, mutably, if this is one.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<CanonicalJsonValue>> {
        match self {
            Self::Array(a) => Some(a),
            _ => None,
        }
    }

    /// Whether this value is strict canonical JSON all the way down: no
    /// [`LegacyNumber`](Self::LegacyNumber) and every integer within
    /// ±(2^53 − 1) (`CJ-3`). Lets a caller parse leniently and then hold
    /// chosen parts (say, all of a PDU but `unsigned`) to the strict rules.
    ///
    /// ```
    /// use mxp_canonical_json::{ParseOptions, parse_value};
    ///
    /// let pdu = parse_value(br#"{"depth":1,"unsigned":{"x":1.5}}"#, &ParseOptions::lenient())?;
    /// assert!(!pdu.is_strict());
    /// assert!(pdu.get("depth").is_some_and(|d| d.is_strict()));
    /// # Ok::<(), mxp_canonical_json::ParseError>(())
    /// ```
    pub fn is_strict(&self) -> bool {
        // Iterative, so hand-built values of any depth are fine.
        let mut pending = vec![self];
        while let Some(value) = pending.pop() {
            match value {
                Self::LegacyNumber(_) => return false,
                Self::Integer(i) if !(MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i) => {
                    return false;
                }
                Self::Array(a) => pending.extend(a),
                Self::Object(o) => pending.extend(o.values()),
                _ => {}
            }
        }
        true
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }
}

impl From<bool> for CanonicalJsonValue {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<String> for CanonicalJsonValue {
    fn from(s: String) -> Self {
        Self::String(s)
    }
}

impl From<&str> for CanonicalJsonValue {
    fn from(s: &str) -> Self {
        Self::String(s.to_owned())
    }
}

impl From<CanonicalJsonObject> for CanonicalJsonValue {
    fn from(o: CanonicalJsonObject) -> Self {
        Self::Object(o)
    }
}

impl From<Vec<CanonicalJsonValue>> for CanonicalJsonValue {
    fn from(a: Vec<CanonicalJsonValue>) -> Self {
        Self::Array(a)
    }
}

macro_rules! from_small_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for CanonicalJsonValue {
            /// Always within ±(2^53 − 1).
            fn from(i: $t) -> Self {
                Self::Integer(i.into())
            }
        }
    )*};
}
from_small_integer!(i8, i16, i32, u8, u16, u32);

impl TryFrom<i64> for CanonicalJsonValue {
    type Error = crate::ConvertError;

    /// An [`Integer`](Self::Integer) if `i` is within ±(2^53 − 1) (`CJ-3`).
    fn try_from(i: i64) -> Result<Self, crate::ConvertError> {
        if (MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) {
            Ok(Self::Integer(i))
        } else {
            Err(crate::ConvertError::IntegerOutOfRange(i.to_string()))
        }
    }
}

impl TryFrom<u64> for CanonicalJsonValue {
    type Error = crate::ConvertError;

    /// An [`Integer`](Self::Integer) if `i` is at most 2^53 − 1 (`CJ-3`).
    fn try_from(i: u64) -> Result<Self, crate::ConvertError> {
        i64::try_from(i)
            .map_err(|_| crate::ConvertError::IntegerOutOfRange(i.to_string()))
            .and_then(Self::try_from)
    }
}
