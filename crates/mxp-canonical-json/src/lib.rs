//! Strict Matrix canonical JSON: a bounded parser and a byte-exact encoder.
//!
//! [`CanonicalJsonValue`] holds only what canonical JSON can express: objects
//! ordered by key, integers in ±(2^53 − 1), no floats (plus, for room versions
//! 1–5 only, [`CanonicalJsonValue::LegacyNumber`]).
//!
//! A [`CanonicalJsonObject`] is a vector of members kept sorted by key, with
//! the API of a `BTreeMap<String, _>`: the parser allocates each object once,
//! at its exact size, and keys Matrix uses everywhere ([`ObjectKey`]) are
//! shared rather than allocated, so a typical PDU parses with about half the
//! allocations a `BTreeMap` needs.
//!
//! - **Parsing** ([`parse_value`], [`parse_object`], [`parse_str`],
//!   [`parse_object_str`]) is iterative, bounded in depth and optionally in
//!   size, and rejects each kind of bad input with its own [`ParseError`]
//!   variant, byte offset and stable [`kind`](ParseError::kind) name. A
//!   [`ParseOptions`] preset chooses how numbers are treated
//!   ([`NumberMode`]): [`strict`](ParseOptions::strict) for room version 6+
//!   PDUs, [`canonicalizing`](ParseOptions::canonicalizing) for the spec's
//!   generic canonical JSON, [`lenient`](ParseOptions::lenient) for room
//!   versions 1–5.
//! - **Encoding** ([`encode_into`], [`to_canonical_bytes`],
//!   [`to_canonical_string`]) writes the exact `CJ-1`…`CJ-5` bytes and refuses
//!   out-of-range integers; [`encode_lenient_into`] and friends also write
//!   legacy numbers, to re-check old events.
//! - **Conversions** to and from `serde_json::Value` (`TryFrom`/`From`) and any
//!   `Serialize`/`Deserialize` type ([`to_canonical_value`],
//!   [`from_canonical_value`]). They do not depend on `serde_json`'s optional
//!   features (`preserve_order`, `arbitrary_precision`, P1-18).
//!
//! ```
//! use mxp_canonical_json::{ParseOptions, parse_value, to_canonical_string};
//!
//! let value = parse_value(br#"{ "b": 2, "a": "\u65e5" }"#, &ParseOptions::strict())?;
//! assert_eq!(to_canonical_string(&value)?, r#"{"a":"日","b":2}"#);
//!
//! // The spec's example: integral values in any form, canonicalized.
//! let spec = mxp_canonical_json::canonicalize(br#"{ "a": -0, "b": 1e10 }"#)?;
//! assert_eq!(spec, r#"{"a":0,"b":10000000000}"#);
//! // A room version 6+ PDU: numbers must be written as plain integers.
//! let err = parse_value(br#"{"b": 1e10}"#, &ParseOptions::strict()).unwrap_err();
//! assert_eq!((err.kind(), err.offset()), ("float_not_allowed", 6));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Resource limits
//!
//! - **Nesting**: at most [`DEFAULT_MAX_DEPTH`] (128) arrays and objects open
//!   at once by default, configurable up to [`MAX_DEPTH_CEILING`] (1,024;
//!   higher requests are lowered to it). Deeper input is a [`ParseError`],
//!   never a stack overflow: the parser, the encoder and the `serde_json`
//!   conversions are iterative (10,000-deep input is tested). Cloning,
//!   comparing and dropping a value recurse; at the ceiling that needs about
//!   800 bytes of stack per level in debug builds, 200 in release.
//! - **Size**: no limit unless [`ParseOptions::with_max_size`] sets one
//!   (`mxp-events` bounds PDUs to 65,536 bytes). Time and memory are linear in
//!   the input, escapes included (64 KiB strings of escapes are tested).

mod blocks;
mod convert;
mod encode;
pub mod object;
mod options;
mod parse;
mod scan;
mod ser;
mod serde_impls;
mod value;

pub use blocks::{
    BLOCK_LEN, encode_lenient_object_without_in_blocks, encode_object_without_in_blocks,
};
pub use convert::{ConvertError, from_canonical_value};
pub use encode::{
    EncodeError, Encoder, encode_into, encode_lenient_into, encode_lenient_object_without_into,
    encode_object_without_into, to_canonical_bytes, to_canonical_string,
    to_lenient_canonical_bytes, to_lenient_canonical_string,
};
pub use object::ObjectKey;
pub use options::{DEFAULT_MAX_DEPTH, MAX_DEPTH_CEILING, NumberMode, ParseOptions};
pub use parse::{ParseError, parse_object, parse_object_str, parse_str, parse_value};
pub use ser::{SerializeError, to_canonical_value};
pub use value::{CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER};

/// The generic canonicalizer: parses `input` with
/// [`ParseOptions::canonicalizing`] and returns its canonical encoding.
///
/// This is the spec's canonical JSON as its test values show it (`-0` → `0`,
/// `1e10` → `10000000000`) and what the `canonical_json` batch op does. Use
/// [`canonicalize_with`] for other options.
///
/// ```
/// assert_eq!(
///     mxp_canonical_json::canonicalize(br#"{ "one": 1, "two": "Two" }"#)?,
///     r#"{"one":1,"two":"Two"}"#,
/// );
/// # Ok::<(), mxp_canonical_json::ParseError>(())
/// ```
pub fn canonicalize(input: &[u8]) -> Result<String, ParseError> {
    canonicalize_with(input, &ParseOptions::canonicalizing())
}

/// Parses `input` per `options` and returns its canonical encoding. In
/// [`NumberMode::Lenient`], legacy numbers are written verbatim, as
/// [`encode_lenient_into`] does; in the other modes the output is strict
/// canonical JSON. Encoding a parsed value cannot fail.
pub fn canonicalize_with(input: &[u8], options: &ParseOptions) -> Result<String, ParseError> {
    let value = parse_value(input, options)?;
    let mut out = String::with_capacity(input.len());
    encode::write_parsed(&value, &mut out);
    Ok(out)
}
