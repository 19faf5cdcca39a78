//! Redaction of Matrix PDUs for every room version (`REDACT-v<N>-*`).
//!
//! Redaction strips a PDU down to the keys the protocol needs. It is used when
//! a redaction is applied to a stored event, and — bit-exactly — whenever an
//! event is signed, its signatures are checked or its reference hash (event ID,
//! v12 room ID) is computed, because all of those cover the redacted form.
//!
//! The algorithm reads only [`RoomVersionRules::redaction`]; it never looks at
//! a version string, so custom versions work as their rules say.
//!
//! ```
//! use mxp_canonical_json::CanonicalJsonValue;
//! use mxp_redaction::redact;
//! use mxp_room_versions::RoomVersionRules;
//!
//! let json = serde_json::json!({
//!     "type": "m.room.power_levels",
//!     "state_key": "",
//!     "sender": "@alice:example.org",
//!     "origin": "example.org",
//!     "content": {"ban": 50, "invite": 0, "notifications": {"room": 20}},
//!     "unsigned": {"age": 12},
//! });
//! let CanonicalJsonValue::Object(event) = CanonicalJsonValue::try_from(json).unwrap() else {
//!     unreachable!()
//! };
//!
//! // Room version 10: `invite` and `notifications` go, top-level `origin` stays.
//! let v10 = redact(&event, &RoomVersionRules::V10).unwrap();
//! assert_eq!(serde_json::Value::from(CanonicalJsonValue::Object(v10)), serde_json::json!({
//!     "type": "m.room.power_levels",
//!     "state_key": "",
//!     "sender": "@alice:example.org",
//!     "origin": "example.org",
//!     "content": {"ban": 50},
//! }));
//!
//! // Room version 11 keeps `invite` and drops `origin`.
//! let v11 = redact(&event, &RoomVersionRules::V11).unwrap();
//! assert_eq!(serde_json::Value::from(CanonicalJsonValue::Object(v11)), serde_json::json!({
//!     "type": "m.room.power_levels",
//!     "state_key": "",
//!     "sender": "@alice:example.org",
//!     "content": {"ban": 50, "invite": 0},
//! }));
//! ```
//!
//! # What is an error and what is tolerated
//!
//! The algorithm needs two things, and fails without them, before changing
//! anything:
//! * a top-level `type` that is a string ([`RedactionError::MissingType`],
//!   [`RedactionError::TypeNotString`]), to pick the content keep-list;
//! * a top-level `content` that is an object ([`RedactionError::MissingContent`],
//!   [`RedactionError::ContentNotObject`]); PDU-1 requires it in every version.
//!
//! Everything else is tolerated and never validated: kept keys are copied with
//! their whole value whatever its JSON type (including
//! [`CanonicalJsonValue::LegacyNumber`]); absent keys stay absent; the
//! `state_key` is not considered.
//!
//! One case the spec leaves open (digest §2, notes on the redaction algorithm):
//! from v11, `m.room.member` keeps `third_party_invite` "reduced to its `signed`
//! key". When `third_party_invite` is an object without `signed`, it is kept as
//! `{}`; when it is not an object, it is removed. This matches Synapse, so event
//! IDs and signatures agree with most of the federation. (Ruma instead drops
//! the empty object and fails on a non-object.)
//!
//! # Trust
//!
//! A redacted `m.room.create` of v1–v10 loses `room_version`: always take the
//! room version from a trusted source, never from possibly redacted content
//! (P1-30).
//!
//! # Entry points
//!
//! * [`redact`] / [`redact_in_place`]: the redacted PDU.
//! * [`redact_without_signatures`]: the redacted PDU minus `signatures`, i.e.
//!   the object that is signed and hashed for the reference hash.
//! * [`encode_redacted_without_signatures_into`] / [`encode_redacted_into`]:
//!   the canonical bytes of the same, written straight from the full PDU
//!   without building the redacted object — the fastest path for signing,
//!   verifying and reference hashes.
//! * [`redact_content`] / [`redact_content_in_place`]: the content alone.
//!
//! # Cost
//!
//! Nothing here recurses on its own: kept values are cloned or encoded (their
//! depth is bounded by the canonical JSON parser) and dropped values are never
//! copied.
//!
//! # Resource limits
//!
//! Redaction reads an already parsed object, so its inputs are bounded by
//! their parser: JSON depth 128 by default, 1,024 at most
//! (`mxp-canonical-json`); a PDU at most 65,536 bytes (`mxp-events`). The
//! output is never larger than the input.

mod encode;
mod error;
mod keep;

pub use encode::{
    RedactedEncodeError, encode_redacted_into, encode_redacted_without_signatures_into,
};
pub use error::RedactionError;

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_room_versions::{RedactionRules, RoomVersionRules};

use crate::error::json_kind;
use crate::keep::{ContentKind, Keep, top_level_key_kept};

/// Returns a redacted copy of a PDU, per the room version's
/// `REDACT-v<N>-top` and `REDACT-v<N>-content.*` rules.
///
/// Only the kept keys are copied. Fails if `type` is missing or not a string,
/// or `content` is missing or not an object (see the crate docs).
pub fn redact(
    object: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<CanonicalJsonObject, RedactionError> {
    redact_copy(object, &rules.redaction, true)
}

/// Returns the redacted form of a PDU without its `signatures` (and, as
/// always after redaction, without `unsigned`).
///
/// This is the object that is signed when sending (ESIG-2/3), whose
/// signatures are checked on receipt (EVAL-1), and whose canonical encoding is
/// hashed for the reference hash (REF-1). It equals [`redact`] followed by
/// removing `signatures`, without ever copying the signatures.
///
/// ```
/// use mxp_canonical_json::{CanonicalJsonValue, to_canonical_string};
/// use mxp_redaction::redact_without_signatures;
/// use mxp_room_versions::RoomVersionRules;
///
/// let json = serde_json::json!({
///     "type": "m.room.message",
///     "content": {"body": "hello"},
///     "hashes": {"sha256": "abc"},
///     "signatures": {"example.org": {"ed25519:1": "sig"}},
/// });
/// let CanonicalJsonValue::Object(event) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// let input = redact_without_signatures(&event, &RoomVersionRules::V12).unwrap();
/// assert_eq!(
///     to_canonical_string(&CanonicalJsonValue::Object(input)).unwrap(),
///     r#"{"content":{},"hashes":{"sha256":"abc"},"type":"m.room.message"}"#,
/// );
/// ```
pub fn redact_without_signatures(
    object: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<CanonicalJsonObject, RedactionError> {
    redact_copy(object, &rules.redaction, false)
}

/// Redacts a PDU in place, per the room version's `REDACT-v<N>-*` rules.
///
/// On error (see [`redact`]) the object is left unchanged.
///
/// ```
/// use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
/// use mxp_redaction::{RedactionError, redact_in_place};
/// use mxp_room_versions::RoomVersionRules;
///
/// let mut event = CanonicalJsonObject::new();
/// event.insert("type".into(), "m.room.message".into());
/// event.insert("content".into(), CanonicalJsonValue::Array(vec![]));
/// assert_eq!(
///     redact_in_place(&mut event, &RoomVersionRules::V1),
///     Err(RedactionError::ContentNotObject { found: "an array" }),
/// );
/// assert_eq!(event.len(), 2);
/// ```
pub fn redact_in_place(
    object: &mut CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<(), RedactionError> {
    let rules = &rules.redaction;
    let (kind, _) = inspect(object)?;
    object.retain(|key, _| top_level_key_kept(key, rules));
    // `inspect` proved that `content` is an object, and `content` is on every
    // version's top-level keep-list, so this always matches.
    if let Some(CanonicalJsonValue::Object(content)) = object.get_mut("content") {
        redact_content_kind_in_place(content, kind, rules);
    }
    Ok(())
}

/// Returns the redacted copy of an event's `content`, for an event of type
/// `event_type` (`REDACT-v<N>-content.*`).
///
/// For callers that hold the content apart from the PDU (for example a
/// redacted event served to clients). The `state_key` plays no part.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonObject;
/// use mxp_redaction::redact_content;
/// use mxp_room_versions::RoomVersionRules;
///
/// let mut content = CanonicalJsonObject::new();
/// content.insert("join_rule".into(), "restricted".into());
/// content.insert("allow".into(), Vec::new().into());
/// // `allow` is kept from room version 8 on.
/// assert_eq!(redact_content(&content, "m.room.join_rules", &RoomVersionRules::V7).len(), 1);
/// assert_eq!(redact_content(&content, "m.room.join_rules", &RoomVersionRules::V8).len(), 2);
/// ```
pub fn redact_content(
    content: &CanonicalJsonObject,
    event_type: &str,
    rules: &RoomVersionRules,
) -> CanonicalJsonObject {
    redact_content_kind(content, ContentKind::of(event_type), &rules.redaction)
}

/// Redacts an event's `content` in place, for an event of type `event_type`
/// (`REDACT-v<N>-content.*`). See [`redact_content`].
pub fn redact_content_in_place(
    content: &mut CanonicalJsonObject,
    event_type: &str,
    rules: &RoomVersionRules,
) {
    redact_content_kind_in_place(content, ContentKind::of(event_type), &rules.redaction);
}

/// Checks what the algorithm needs: the kind of `type` and the `content`
/// object.
fn inspect(
    object: &CanonicalJsonObject,
) -> Result<(ContentKind, &CanonicalJsonObject), RedactionError> {
    let kind = match object.get("type") {
        Some(CanonicalJsonValue::String(event_type)) => ContentKind::of(event_type),
        Some(other) => {
            return Err(RedactionError::TypeNotString {
                found: json_kind(other),
            });
        }
        None => return Err(RedactionError::MissingType),
    };
    let content = match object.get("content") {
        Some(CanonicalJsonValue::Object(content)) => content,
        Some(other) => {
            return Err(RedactionError::ContentNotObject {
                found: json_kind(other),
            });
        }
        None => return Err(RedactionError::MissingContent),
    };
    Ok((kind, content))
}

/// The copying redaction; `keep_signatures: false` also drops `signatures`.
fn redact_copy(
    object: &CanonicalJsonObject,
    rules: &RedactionRules,
    keep_signatures: bool,
) -> Result<CanonicalJsonObject, RedactionError> {
    let (kind, content) = inspect(object)?;
    Ok(object
        .iter()
        .filter(|(key, _)| {
            top_level_key_kept(key, rules) && (keep_signatures || key.as_str() != "signatures")
        })
        .map(|(key, value)| {
            let value = if key == "content" {
                CanonicalJsonValue::Object(redact_content_kind(content, kind, rules))
            } else {
                value.clone()
            };
            (key.clone(), value)
        })
        .collect())
}

fn redact_content_kind(
    content: &CanonicalJsonObject,
    kind: ContentKind,
    rules: &RedactionRules,
) -> CanonicalJsonObject {
    if kind.keeps_nothing(rules) {
        return CanonicalJsonObject::new();
    }
    if kind.keeps_everything(rules) {
        return content.clone();
    }
    let mut out = CanonicalJsonObject::new();
    for (key, value) in content {
        match kind.keep(key, rules) {
            Keep::Drop => {}
            Keep::Whole => {
                out.insert(key.clone(), value.clone());
            }
            Keep::SignedOnly => {
                // REDACT-v11-content.m.room.member; malformed cases as Synapse
                // (crate docs): object → only `signed`, else removed.
                if let Some(third_party_invite) = value.as_object() {
                    let mut reduced = CanonicalJsonObject::new();
                    if let Some(signed) = third_party_invite.get("signed") {
                        reduced.insert("signed".into(), signed.clone());
                    }
                    out.insert(key.clone(), CanonicalJsonValue::Object(reduced));
                }
            }
        }
    }
    out
}

fn redact_content_kind_in_place(
    content: &mut CanonicalJsonObject,
    kind: ContentKind,
    rules: &RedactionRules,
) {
    if kind.keeps_nothing(rules) {
        content.clear();
        return;
    }
    if kind.keeps_everything(rules) {
        return;
    }
    content.retain(|key, value| match kind.keep(key, rules) {
        Keep::Drop => false,
        Keep::Whole => true,
        Keep::SignedOnly => match value.as_object_mut() {
            Some(third_party_invite) => {
                third_party_invite.retain(|key, _| key == "signed");
                true
            }
            None => false,
        },
    });
}
