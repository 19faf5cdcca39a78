//! Canonical bytes of an object minus some top-level keys, without copying it.
//!
//! All value encoding goes through `mxp-canonical-json` (the workspace's one
//! canonicaliser, P1-15); this module only leaves keys out.

use mxp_canonical_json::{
    CanonicalJsonObject, EncodeError, encode_lenient_object_without_in_blocks,
    encode_lenient_object_without_into, encode_object_without_in_blocks,
    encode_object_without_into,
};
use sha2::{Digest, Sha256};

/// Which numbers the encoder writes (`CJ-6`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbers {
    /// Strict canonical JSON: integers in ±(2^53 − 1) only.
    Strict,
    /// Room versions 1–5: every `i64` and legacy numbers verbatim.
    Lenient,
}

impl Numbers {
    /// The mode for events of a room version.
    pub(crate) fn for_rules(rules: &mxp_room_versions::RoomVersionRules) -> Self {
        if rules.strict_canonical_json {
            Self::Strict
        } else {
            Self::Lenient
        }
    }
}

/// Appends the canonical encoding of `object` without the top-level keys in
/// `skip` to `out`.
pub(crate) fn encode_object_without(
    object: &CanonicalJsonObject,
    skip: &[&str],
    numbers: Numbers,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    match numbers {
        Numbers::Strict => encode_object_without_into(object, skip, out),
        Numbers::Lenient => encode_lenient_object_without_into(object, skip, out),
    }
}

/// The SHA-256 of the canonical encoding of `object` without the top-level
/// keys in `skip`, hashing each block as soon as it is encoded (the hash
/// rounds then overlap the encoding, and no buffer is allocated).
pub(crate) fn sha256_without(
    object: &CanonicalJsonObject,
    skip: &[&str],
    numbers: Numbers,
) -> Result<[u8; 32], EncodeError> {
    let mut hasher = Sha256::new();
    let feed = |piece: &[u8]| hasher.update(piece);
    match numbers {
        Numbers::Strict => encode_object_without_in_blocks(object, skip, feed)?,
        Numbers::Lenient => encode_lenient_object_without_in_blocks(object, skip, feed)?,
    };
    Ok(hasher.finalize().into())
}

/// The canonical bytes of `object` without the top-level keys in `skip`.
pub(crate) fn object_bytes_without(
    object: &CanonicalJsonObject,
    skip: &[&str],
    numbers: Numbers,
) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(512);
    encode_object_without(object, skip, numbers, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mxp_canonical_json::{CanonicalJsonValue, to_canonical_bytes};

    fn object(json: serde_json::Value) -> CanonicalJsonObject {
        match CanonicalJsonValue::try_from(json).unwrap() {
            CanonicalJsonValue::Object(o) => o,
            _ => unreachable!(),
        }
    }

    #[test]
    fn equals_removing_then_encoding() {
        let o = object(serde_json::json!({
            "a\"b": 1, "signatures": {"x": {}}, "unsigned": {"age": 1},
            "z\n": [true, null, "é\u{1}"], "m": {"n": -5}
        }));
        let mut removed = o.clone();
        removed.remove("signatures");
        removed.remove("unsigned");
        assert_eq!(
            object_bytes_without(&o, &["signatures", "unsigned"], Numbers::Strict).unwrap(),
            to_canonical_bytes(&CanonicalJsonValue::Object(removed)).unwrap()
        );
        assert_eq!(
            object_bytes_without(&o, &[], Numbers::Strict).unwrap(),
            to_canonical_bytes(&CanonicalJsonValue::Object(o)).unwrap()
        );
        assert_eq!(
            object_bytes_without(&CanonicalJsonObject::new(), &["a"], Numbers::Lenient).unwrap(),
            b"{}"
        );
    }

    #[test]
    fn lenient_mode_writes_legacy_numbers() {
        let mut o = CanonicalJsonObject::new();
        o.insert("f".into(), CanonicalJsonValue::LegacyNumber("1.50".into()));
        o.insert("unsigned".into(), CanonicalJsonValue::Integer(1));
        assert!(object_bytes_without(&o, &["unsigned"], Numbers::Strict).is_err());
        assert_eq!(
            object_bytes_without(&o, &["unsigned"], Numbers::Lenient).unwrap(),
            br#"{"f":1.50}"#
        );
    }
}
