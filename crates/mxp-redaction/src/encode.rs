//! Canonical encoding of the redacted form straight from the full PDU,
//! without building the redacted object (the hashing and signing hot path).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, EncodeError, Encoder};
use mxp_room_versions::{RedactionRules, RoomVersionRules};

use crate::keep::{ContentKind, Keep, top_level_key_kept};
use crate::{RedactionError, inspect};

/// Why the redacted form of a PDU cannot be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedactedEncodeError {
    /// The PDU cannot be redacted.
    #[error(transparent)]
    Redaction(#[from] RedactionError),
    /// A kept value has no canonical JSON form (a legacy number, or an
    /// integer out of range).
    #[error("cannot encode the redacted event: {0}")]
    Encode(#[from] EncodeError),
}

/// Appends the canonical JSON encoding of [`redact`](crate::redact)`(object)`
/// to `out`, without building the redacted object.
///
/// Byte-for-byte the same as encoding the result of `redact`, and fails in
/// the same cases (plus those of the encoder). On error `out` is left as it
/// was.
pub fn encode_redacted_into(
    object: &CanonicalJsonObject,
    rules: &RoomVersionRules,
    out: &mut Vec<u8>,
) -> Result<(), RedactedEncodeError> {
    encode_checked(object, &rules.redaction, true, out)
}

/// Appends the canonical JSON encoding of
/// [`redact_without_signatures`](crate::redact_without_signatures)`(object)`
/// to `out`, without building the redacted object.
///
/// These are the bytes that are signed (ESIG-3), verified (EVAL-1) and hashed
/// for the reference hash (REF-1). On error `out` is left as it was.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_redaction::encode_redacted_without_signatures_into;
/// use mxp_room_versions::RoomVersionRules;
///
/// let json = serde_json::json!({
///     "type": "m.room.member",
///     "state_key": "@bob:example.org",
///     "content": {"membership": "join", "displayname": "Bob"},
///     "signatures": {"example.org": {"ed25519:1": "sig"}},
///     "unsigned": {"age": 3},
/// });
/// let CanonicalJsonValue::Object(event) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// let mut bytes = Vec::new();
/// encode_redacted_without_signatures_into(&event, &RoomVersionRules::V12, &mut bytes).unwrap();
/// assert_eq!(
///     bytes,
///     br#"{"content":{"membership":"join"},"state_key":"@bob:example.org","type":"m.room.member"}"#,
/// );
/// ```
pub fn encode_redacted_without_signatures_into(
    object: &CanonicalJsonObject,
    rules: &RoomVersionRules,
    out: &mut Vec<u8>,
) -> Result<(), RedactedEncodeError> {
    encode_checked(object, &rules.redaction, false, out)
}

fn encode_checked(
    object: &CanonicalJsonObject,
    rules: &RedactionRules,
    keep_signatures: bool,
    out: &mut Vec<u8>,
) -> Result<(), RedactedEncodeError> {
    let start = out.len();
    let result = encode(object, rules, keep_signatures, out);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

fn encode(
    object: &CanonicalJsonObject,
    rules: &RedactionRules,
    keep_signatures: bool,
    out: &mut Vec<u8>,
) -> Result<(), RedactedEncodeError> {
    let (kind, content) = inspect(object)?;
    // One encoder (and work stack) for every kept value.
    let mut encoder = Encoder::new();
    out.push(b'{');
    let mut first = true;
    // The source is ordered by key, so the kept keys come out in canonical
    // order (CJ-*).
    for (key, value) in object {
        if !top_level_key_kept(key, rules) || (!keep_signatures && key == "signatures") {
            continue;
        }
        write_key(key, &mut first, out);
        if key == "content" {
            encode_content(&mut encoder, value, content, kind, rules, out)?;
        } else {
            encoder.encode_into(value, out)?;
        }
    }
    out.push(b'}');
    Ok(())
}

/// Encodes the redacted content; `value` is the `content` value and
/// `content` the same object.
fn encode_content<'a>(
    encoder: &mut Encoder<'a>,
    value: &'a CanonicalJsonValue,
    content: &'a CanonicalJsonObject,
    kind: ContentKind,
    rules: &RedactionRules,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    if kind.keeps_nothing(rules) {
        out.extend_from_slice(b"{}");
        return Ok(());
    }
    if kind.keeps_everything(rules) {
        return encoder.encode_into(value, out);
    }
    out.push(b'{');
    let mut first = true;
    for (key, value) in content {
        match kind.keep(key, rules) {
            Keep::Drop => {}
            Keep::Whole => {
                write_key(key, &mut first, out);
                encoder.encode_into(value, out)?;
            }
            Keep::SignedOnly => {
                // Same decisions as `redact_content_kind`: object → only
                // `signed`, anything else → removed.
                if let Some(third_party_invite) = value.as_object() {
                    write_key(key, &mut first, out);
                    out.push(b'{');
                    if let Some(signed) = third_party_invite.get("signed") {
                        out.extend_from_slice(br#""signed":"#);
                        encoder.encode_into(signed, out)?;
                    }
                    out.push(b'}');
                }
            }
        }
    }
    out.push(b'}');
    Ok(())
}

/// Writes `,"key":` (no comma before the first key).
///
/// Only keys matched against the fixed keep-lists get here: lower-case ASCII
/// letters and `_`, which canonical JSON writes without escapes (CJ-*).
fn write_key(key: &str, first: &mut bool, out: &mut Vec<u8>) {
    debug_assert!(key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
    if !*first {
        out.push(b',');
    }
    *first = false;
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}
