//! Strict Matrix canonical JSON: a bounded parser and a byte-exact encoder.
//!
//! [`CanonicalJsonValue`] holds only what canonical JSON can express: objects
//! ordered by key, integers in ±(2^53 − 1), no floats.
//!
//! ```
//! use mxp_canonical_json::{CanonicalJsonValue, to_canonical_string};
//!
//! let value = CanonicalJsonValue::try_from(serde_json::json!({"b": 2, "a": "é"})).unwrap();
//! assert_eq!(to_canonical_string(&value).unwrap(), r#"{"a":"é","b":2}"#);
//! ```

mod convert;
mod encode;
mod value;

pub use convert::ConvertError;
pub use encode::{EncodeError, encode_into, to_canonical_bytes, to_canonical_string};
pub use value::{CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER};
