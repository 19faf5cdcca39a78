//! The canonical encoder (`CJ-*`).

use crate::value::{CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER};

/// Why a value cannot be encoded as canonical JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// An integer outside ±(2^53 − 1).
    #[error("integer {0} is outside the canonical JSON range")]
    IntegerOutOfRange(i64),
    /// A [`CanonicalJsonValue::LegacyNumber`], which has no canonical form.
    #[error("number {0} has no canonical JSON form")]
    LegacyNumber(String),
}

/// Appends the canonical encoding of `value` to `out`.
pub fn encode_into(value: &CanonicalJsonValue, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    match value {
        CanonicalJsonValue::Null => out.extend_from_slice(b"null"),
        CanonicalJsonValue::Bool(true) => out.extend_from_slice(b"true"),
        CanonicalJsonValue::Bool(false) => out.extend_from_slice(b"false"),
        CanonicalJsonValue::Integer(i) => {
            if !(MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i) {
                return Err(EncodeError::IntegerOutOfRange(*i));
            }
            out.extend_from_slice(i.to_string().as_bytes());
        }
        CanonicalJsonValue::String(s) => encode_str(s, out),
        CanonicalJsonValue::LegacyNumber(n) => return Err(EncodeError::LegacyNumber(n.clone())),
        CanonicalJsonValue::Array(a) => {
            out.push(b'[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                encode_into(v, out)?;
            }
            out.push(b']');
        }
        CanonicalJsonValue::Object(o) => {
            out.push(b'{');
            for (i, (k, v)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                encode_str(k, out);
                out.push(b':');
                encode_into(v, out)?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn encode_str(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    for &b in s.as_bytes() {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\x08' => out.extend_from_slice(b"\\b"),
            b'\x0c' => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=0x1f => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

/// The canonical encoding of `value` as bytes.
pub fn to_canonical_bytes(value: &CanonicalJsonValue) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(256);
    encode_into(value, &mut out)?;
    Ok(out)
}

/// The canonical encoding of `value` as a string.
pub fn to_canonical_string(value: &CanonicalJsonValue) -> Result<String, EncodeError> {
    let bytes = to_canonical_bytes(value)?;
    // The encoder only writes valid UTF-8: ASCII and whole UTF-8 strings.
    Ok(String::from_utf8(bytes).unwrap_or_default())
}
