//! Strict Matrix canonical JSON: a bounded parser and a byte-exact encoder.
//!
//! [`CanonicalJsonValue`] holds only what canonical JSON can express: objects
//! ordered by key, integers in ±(2^53 − 1), no floats.

mod value;

pub use value::{CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER};
