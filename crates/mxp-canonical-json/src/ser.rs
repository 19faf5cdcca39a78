//! Any `Serialize` type to a [`CanonicalJsonValue`].

use serde::ser::{self, Impossible, Serialize};

use crate::object::ObjectKey;
use crate::options::{MAX_DEPTH_CEILING, ParseOptions};
use crate::parse::{ParseError, parse_str};
use crate::value::{CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER};

/// How `serde_json::Number` serializes itself when its `arbitrary_precision`
/// feature is on anywhere in the build (P1-18): a one-field struct holding the
/// number's text.
const SERDE_JSON_NUMBER: &str = "$serde_json::private::Number";
/// How `serde_json::value::RawValue` serializes itself: the raw JSON text.
const SERDE_JSON_RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Why a `Serialize` value has no canonical JSON form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SerializeError {
    /// A float (`f32`/`f64`): canonical JSON has integers only (`CJ-3`).
    #[error("floats are not allowed in canonical JSON (CJ-3)")]
    FloatNotAllowed,
    /// An integer outside ±(2^53 − 1) (`CJ-3`).
    #[error("integer {0} is outside the canonical JSON range (CJ-3)")]
    IntegerOutOfRange(String),
    /// A map key that is not a string, a character, an integer or a boolean.
    #[error("map keys must be strings")]
    KeyMustBeAString,
    /// The same key twice in one map (for example through `#[serde(flatten)]`).
    #[error("duplicate key {0:?}")]
    DuplicateKey(String),
    /// More than [`MAX_DEPTH_CEILING`] nested sequences and maps.
    #[error("nesting deeper than {MAX_DEPTH_CEILING} levels")]
    TooDeep,
    /// A `serde_json` number or raw value whose text is not strict canonical JSON.
    #[error("embedded JSON is not canonical: {0}")]
    Embedded(ParseError),
    /// An error raised by the value's `Serialize` implementation.
    #[error("{0}")]
    Custom(String),
}

impl SerializeError {
    /// A stable, machine-readable name for the kind of error:
    /// `float_not_allowed`, `integer_out_of_range`, `key_must_be_a_string`,
    /// `duplicate_key`, `too_deep`, `custom`, or for
    /// [`Embedded`](Self::Embedded) the kind of the parse error.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::FloatNotAllowed => "float_not_allowed",
            Self::IntegerOutOfRange(_) => "integer_out_of_range",
            Self::KeyMustBeAString => "key_must_be_a_string",
            Self::DuplicateKey(_) => "duplicate_key",
            Self::TooDeep => "too_deep",
            Self::Embedded(e) => e.kind(),
            Self::Custom(_) => "custom",
        }
    }
}

impl ser::Error for SerializeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self::Custom(msg.to_string())
    }
}

/// Converts any `Serialize` value to a [`CanonicalJsonValue`].
///
/// Floats, integers outside ±(2^53 − 1), non-string map keys and duplicate
/// keys are errors. Map keys that are integers, characters or booleans are
/// written as strings, as `serde_json` does. A `serde_json::Value` converts
/// the same way whether or not `serde_json`'s `arbitrary_precision` feature is
/// on; its embedded numbers and raw values are parsed as strict canonical JSON.
///
/// ```
/// use mxp_canonical_json::{to_canonical_string, to_canonical_value};
///
/// #[derive(serde::Serialize)]
/// struct Member { membership: &'static str, depth: u32 }
///
/// let value = to_canonical_value(&Member { membership: "join", depth: 3 })?;
/// assert_eq!(to_canonical_string(&value)?, r#"{"depth":3,"membership":"join"}"#);
/// assert_eq!(to_canonical_value(&1.5).unwrap_err().kind(), "float_not_allowed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_canonical_value<T: Serialize + ?Sized>(
    value: &T,
) -> Result<CanonicalJsonValue, SerializeError> {
    value.serialize(ValueSerializer { depth: 0 })
}

fn integer<T: TryInto<i64> + ToString + Copy>(v: T) -> Result<CanonicalJsonValue, SerializeError> {
    match v.try_into() {
        Ok(i) if (MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) => {
            Ok(CanonicalJsonValue::Integer(i))
        }
        _ => Err(SerializeError::IntegerOutOfRange(v.to_string())),
    }
}

/// Serializes one value; `depth` is the number of containers around it.
#[derive(Clone, Copy)]
struct ValueSerializer {
    depth: usize,
}

impl ValueSerializer {
    fn open(self) -> Result<usize, SerializeError> {
        if self.depth >= MAX_DEPTH_CEILING {
            return Err(SerializeError::TooDeep);
        }
        Ok(self.depth + 1)
    }
}

fn single(key: &str, value: CanonicalJsonValue) -> CanonicalJsonValue {
    let mut object = CanonicalJsonObject::new();
    object.insert(key.into(), value);
    CanonicalJsonValue::Object(object)
}

impl ser::Serializer for ValueSerializer {
    type Ok = CanonicalJsonValue;
    type Error = SerializeError;
    type SerializeSeq = SeqSerializer;
    type SerializeTuple = SeqSerializer;
    type SerializeTupleStruct = SeqSerializer;
    type SerializeTupleVariant = SeqSerializer;
    type SerializeMap = MapSerializer;
    type SerializeStruct = StructSerializer;
    type SerializeStructVariant = MapSerializer;

    fn serialize_bool(self, v: bool) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Integer(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Integer(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Integer(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<CanonicalJsonValue, SerializeError> {
        integer(v)
    }
    fn serialize_i128(self, v: i128) -> Result<CanonicalJsonValue, SerializeError> {
        integer(v)
    }
    fn serialize_u8(self, v: u8) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Integer(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Integer(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Integer(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<CanonicalJsonValue, SerializeError> {
        integer(v)
    }
    fn serialize_u128(self, v: u128) -> Result<CanonicalJsonValue, SerializeError> {
        integer(v)
    }
    fn serialize_f32(self, _: f32) -> Result<CanonicalJsonValue, SerializeError> {
        Err(SerializeError::FloatNotAllowed)
    }
    fn serialize_f64(self, _: f64) -> Result<CanonicalJsonValue, SerializeError> {
        Err(SerializeError::FloatNotAllowed)
    }
    fn serialize_char(self, v: char) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::String(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<CanonicalJsonValue, SerializeError> {
        // As serde_json: an array of byte values.
        self.open()?;
        Ok(CanonicalJsonValue::Array(
            v.iter()
                .map(|b| CanonicalJsonValue::Integer((*b).into()))
                .collect(),
        ))
    }
    fn serialize_none(self) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<CanonicalJsonValue, SerializeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<CanonicalJsonValue, SerializeError> {
        Ok(CanonicalJsonValue::String(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<CanonicalJsonValue, SerializeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<CanonicalJsonValue, SerializeError> {
        let depth = self.open()?;
        Ok(single(variant, value.serialize(ValueSerializer { depth })?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSerializer, SerializeError> {
        Ok(SeqSerializer {
            depth: self.open()?,
            // The hint is untrusted; cap what is reserved up front.
            items: Vec::with_capacity(len.unwrap_or(0).min(1024)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer, SerializeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, SerializeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, SerializeError> {
        let depth = self.open()?;
        let mut seq = ValueSerializer { depth }.serialize_seq(Some(len))?;
        seq.variant = Some(variant);
        Ok(seq)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapSerializer, SerializeError> {
        Ok(MapSerializer {
            depth: self.open()?,
            members: Vec::new(),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<StructSerializer, SerializeError> {
        Ok(match name {
            SERDE_JSON_NUMBER => StructSerializer::Number(None),
            SERDE_JSON_RAW_VALUE => StructSerializer::RawValue(None),
            _ => StructSerializer::Map(self.serialize_map(None)?),
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<MapSerializer, SerializeError> {
        let depth = self.open()?;
        let mut map = ValueSerializer { depth }.serialize_map(None)?;
        map.variant = Some(variant);
        Ok(map)
    }
}

/// Sequences, tuples, and tuple variants (`{variant: [..]}`).
struct SeqSerializer {
    depth: usize,
    items: Vec<CanonicalJsonValue>,
    variant: Option<&'static str>,
}

impl SeqSerializer {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerializeError> {
        self.items
            .push(value.serialize(ValueSerializer { depth: self.depth })?);
        Ok(())
    }
    fn finish(self) -> CanonicalJsonValue {
        let array = CanonicalJsonValue::Array(self.items);
        match self.variant {
            Some(variant) => single(variant, array),
            None => array,
        }
    }
}

macro_rules! seq_impl {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for SeqSerializer {
            type Ok = CanonicalJsonValue;
            type Error = SerializeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerializeError> {
                self.push(value)
            }
            fn end(self) -> Result<CanonicalJsonValue, SerializeError> {
                Ok(self.finish())
            }
        }
    )*};
}
seq_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Maps, structs, and struct variants (`{variant: {..}}`).
struct MapSerializer {
    depth: usize,
    /// Checked for duplicates once, at the end.
    members: Vec<(ObjectKey, CanonicalJsonValue)>,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl MapSerializer {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), SerializeError> {
        let value = value.serialize(ValueSerializer { depth: self.depth })?;
        self.members.push((key.into(), value));
        Ok(())
    }
    fn finish(self) -> Result<CanonicalJsonValue, SerializeError> {
        let object = CanonicalJsonObject::try_from_unique(self.members)
            .map_err(|key| SerializeError::DuplicateKey(key.into_string()))?;
        let object = CanonicalJsonValue::Object(object);
        Ok(match self.variant {
            Some(variant) => single(variant, object),
            None => object,
        })
    }
}

impl ser::SerializeMap for MapSerializer {
    type Ok = CanonicalJsonValue;
    type Error = SerializeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerializeError> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerializeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| SerializeError::Custom("map value without a key".to_owned()))?;
        let value = value.serialize(ValueSerializer { depth: self.depth })?;
        self.members.push((key.into(), value));
        Ok(())
    }
    fn end(self) -> Result<CanonicalJsonValue, SerializeError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for MapSerializer {
    type Ok = CanonicalJsonValue;
    type Error = SerializeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerializeError> {
        self.field(key, value)
    }
    fn end(self) -> Result<CanonicalJsonValue, SerializeError> {
        self.finish()
    }
}

/// Structs; and the two `serde_json` private structs that carry JSON text.
enum StructSerializer {
    Map(MapSerializer),
    Number(Option<CanonicalJsonValue>),
    RawValue(Option<CanonicalJsonValue>),
}

impl ser::SerializeStruct for StructSerializer {
    type Ok = CanonicalJsonValue;
    type Error = SerializeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerializeError> {
        match self {
            Self::Map(map) => map.field(key, value),
            Self::Number(slot) | Self::RawValue(slot) => {
                let CanonicalJsonValue::String(text) =
                    value.serialize(ValueSerializer { depth: 0 })?
                else {
                    return Err(SerializeError::Custom(
                        "serde_json private value without its text".to_owned(),
                    ));
                };
                // Same rules as every other number: strict `CJ-3`. The raw
                // value gets the default depth limit.
                let parsed =
                    parse_str(&text, &ParseOptions::strict()).map_err(SerializeError::Embedded)?;
                *slot = Some(parsed);
                Ok(())
            }
        }
    }
    fn end(self) -> Result<CanonicalJsonValue, SerializeError> {
        match self {
            Self::Map(map) => map.finish(),
            Self::Number(Some(value)) | Self::RawValue(Some(value)) => Ok(value),
            Self::Number(None) | Self::RawValue(None) => Err(SerializeError::Custom(
                "serde_json private value without its text".to_owned(),
            )),
        }
    }
}

/// Map keys: strings, and the scalars serde_json also writes as strings.
struct KeySerializer;

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = SerializeError;
    type SerializeSeq = Impossible<String, SerializeError>;
    type SerializeTuple = Impossible<String, SerializeError>;
    type SerializeTupleStruct = Impossible<String, SerializeError>;
    type SerializeTupleVariant = Impossible<String, SerializeError>;
    type SerializeMap = Impossible<String, SerializeError>;
    type SerializeStruct = Impossible<String, SerializeError>;
    type SerializeStructVariant = Impossible<String, SerializeError>;

    fn serialize_bool(self, v: bool) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, _: f32) -> Result<String, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_f64(self, _: f64) -> Result<String, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_char(self, v: char) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String, SerializeError> {
        Ok(v.to_owned())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_none(self) -> Result<String, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_unit(self) -> Result<String, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, SerializeError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, SerializeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerializeError> {
        Err(SerializeError::KeyMustBeAString)
    }
}
