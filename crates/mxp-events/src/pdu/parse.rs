//! JSON bytes to a canonical JSON object.
//!
//! Interim implementation through `serde_json::Value`, until the bounded
//! canonical JSON parser of `mxp-canonical-json` lands; it keeps the same
//! contract: strict (v6+) refuses numbers canonical JSON cannot express,
//! lenient (v1–v5) keeps them as `LegacyNumber`.

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER,
};

use super::PduError;

pub(crate) fn parse_object(bytes: &[u8], strict: bool) -> Result<CanonicalJsonObject, PduError> {
    // serde_json bounds nesting at 128 levels.
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| PduError::Json(e.to_string()))?;
    match convert(value, strict)? {
        CanonicalJsonValue::Object(o) => Ok(o),
        _ => Err(PduError::NotAnObject),
    }
}

fn convert(v: serde_json::Value, strict: bool) -> Result<CanonicalJsonValue, PduError> {
    Ok(match v {
        serde_json::Value::Null => CanonicalJsonValue::Null,
        serde_json::Value::Bool(b) => CanonicalJsonValue::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) if (MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) => {
                CanonicalJsonValue::Integer(i)
            }
            _ if strict => {
                return Err(PduError::NotCanonicalJson {
                    number: n.to_string(),
                });
            }
            _ => CanonicalJsonValue::LegacyNumber(n.to_string()),
        },
        serde_json::Value::String(s) => CanonicalJsonValue::String(s),
        serde_json::Value::Array(a) => CanonicalJsonValue::Array(
            a.into_iter()
                .map(|v| convert(v, strict))
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(o) => CanonicalJsonValue::Object(
            o.into_iter()
                .map(|(k, v)| Ok((k, convert(v, strict)?)))
                .collect::<Result<_, PduError>>()?,
        ),
    })
}
