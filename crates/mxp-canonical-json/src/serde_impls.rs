//! `Serialize` and `Deserialize` for [`CanonicalJsonValue`], so that typed
//! structs can hold canonical JSON fields.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::object::ObjectKey;
use crate::options::ParseOptions;
use crate::parse::parse_str;
use crate::value::{CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER};

/// The map key under which `serde_json` with `arbitrary_precision` hands
/// numbers to a visitor (P1-18).
const SERDE_JSON_NUMBER: &str = "$serde_json::private::Number";

impl Serialize for CanonicalJsonValue {
    /// Serializes as plain JSON data. Objects are written in key order; a
    /// [`LegacyNumber`](CanonicalJsonValue::LegacyNumber) as the
    /// `serde_json::Number` its text parses to.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::Integer(i) => serializer.serialize_i64(*i),
            Self::String(s) => serializer.serialize_str(s),
            Self::Array(a) => serializer.collect_seq(a),
            Self::Object(o) => serializer.collect_map(o),
            Self::LegacyNumber(text) => text
                .parse::<serde_json::Number>()
                .map_err(|_| serde::ser::Error::custom(format!("{text:?} is not a JSON number")))?
                .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for CanonicalJsonValue {
    /// Deserializes strict canonical JSON data: floats, integers outside
    /// ±(2^53 − 1) and duplicate keys are errors (`CJ-3`, P1-14). Nesting is
    /// bounded by the deserializer (`serde_json`: 128 levels).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

fn integer<E: de::Error, T: TryInto<i64> + fmt::Display + Copy>(
    v: T,
) -> Result<CanonicalJsonValue, E> {
    match v.try_into() {
        Ok(i) if (MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) => {
            Ok(CanonicalJsonValue::Integer(i))
        }
        _ => Err(E::custom(format_args!(
            "integer {v} is outside the canonical JSON range (CJ-3)"
        ))),
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = CanonicalJsonValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("canonical JSON (integers only)")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<CanonicalJsonValue, E> {
        Ok(CanonicalJsonValue::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<CanonicalJsonValue, E> {
        integer(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<CanonicalJsonValue, E> {
        integer(v)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<CanonicalJsonValue, E> {
        integer(v)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<CanonicalJsonValue, E> {
        integer(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<CanonicalJsonValue, E> {
        Err(E::custom(format_args!(
            "number {v} is not an integer (CJ-3)"
        )))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<CanonicalJsonValue, E> {
        Ok(CanonicalJsonValue::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<CanonicalJsonValue, E> {
        Ok(CanonicalJsonValue::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<CanonicalJsonValue, E> {
        Ok(CanonicalJsonValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<CanonicalJsonValue, E> {
        Ok(CanonicalJsonValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<CanonicalJsonValue, D::Error> {
        CanonicalJsonValue::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CanonicalJsonValue, A::Error> {
        // The size hint is untrusted; cap what is reserved up front.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(CanonicalJsonValue::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CanonicalJsonValue, A::Error> {
        let mut members = Vec::new();
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            if first && key == SERDE_JSON_NUMBER {
                // `arbitrary_precision`: the number's text; same strict rules.
                let text: String = map.next_value()?;
                return parse_str(&text, &ParseOptions::strict()).map_err(de::Error::custom);
            }
            first = false;
            let value = map.next_value()?;
            members.push((key.into(), value));
        }
        // P1-14: duplicates are refused, never resolved.
        CanonicalJsonObject::try_from_unique(members)
            .map(CanonicalJsonValue::Object)
            .map_err(|key| de::Error::custom(format_args!("duplicate key {:?}", key.as_str())))
    }
}

impl Serialize for ObjectKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for CanonicalJsonObject {
    /// Serializes as a map in key order.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self)
    }
}

impl<'de> Deserialize<'de> for CanonicalJsonObject {
    /// Like [`CanonicalJsonValue`]'s, and the value must be an object.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match CanonicalJsonValue::deserialize(deserializer)? {
            CanonicalJsonValue::Object(object) => Ok(object),
            _ => Err(de::Error::custom("expected a JSON object")),
        }
    }
}
