//! The content hash of a PDU (`HASH-1`, `HASH-2`).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, EncodeError};
use mxp_room_versions::RoomVersionRules;
use sha2::{Digest, Sha256};

use crate::base64::{self, Alphabet, Base64Error};
use crate::canonical::{Numbers, sha256_without};

/// Why a content hash could not be computed or compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HashError {
    /// The event has no canonical JSON encoding.
    #[error("cannot encode the event as canonical JSON: {0}")]
    Encode(#[from] EncodeError),
}

/// The outcome of comparing an event's `hashes.sha256` with its content.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContentHashCheck {
    /// The recorded hash equals the computed one.
    Match,
    /// The recorded hash differs: the content was changed, or this is a
    /// redacted copy (`EVAL-5`).
    Mismatch {
        /// The hash computed from the event.
        computed: [u8; 32],
        /// The decoded `hashes.sha256`.
        recorded: [u8; 32],
    },
    /// There is no `hashes.sha256` string to compare with, or it is not
    /// base64 of 32 bytes. Treated like a mismatch by
    /// [`verify_event`](crate::verify_event).
    Missing(MissingHash),
}

impl ContentHashCheck {
    /// Whether the hash matched.
    pub fn is_match(&self) -> bool {
        matches!(self, Self::Match)
    }
}

/// Why `hashes.sha256` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MissingHash {
    /// No `hashes` object.
    #[error("the event has no `hashes` object")]
    NoHashes,
    /// `hashes` has no `sha256` string.
    #[error("`hashes.sha256` is missing or not a string")]
    NoSha256,
    /// `hashes.sha256` is not base64 of 32 bytes.
    #[error("`hashes.sha256` is not base64 of 32 bytes: {0}")]
    Base64(#[from] Base64Error),
}

/// The top-level keys the content hash leaves out (`HASH-1`).
const CONTENT_HASH_SKIP: [&str; 3] = ["hashes", "signatures", "unsigned"];

/// The SHA-256 content hash of a PDU (`HASH-1`): the canonical JSON of the
/// event without `unsigned`, `signatures` and `hashes`.
///
/// Numbers are encoded per the room version (`CJ-6`): strictly from v6,
/// leniently (every `i64`, legacy numbers verbatim) in v1–v5.
///
/// Pass the event exactly as sent over federation for its room version
/// (`HASH-2`): nothing but the three keys above is removed. In particular a
/// v3+ event must not carry an `event_id` added locally (remove it first);
/// one present in a received PDU is hashed, as the sender hashed it (this is
/// what Synapse does, and what the spec digest's derived vectors for v11 of
/// an event with `event_id` show).
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_signatures::{base64, content_hash};
///
/// let json = serde_json::json!({
///     "room_id": "!x:domain", "sender": "@a:domain", "origin": "domain",
///     "origin_server_ts": 1000000, "signatures": {}, "hashes": {}, "type": "X",
///     "content": {}, "prev_events": [], "auth_events": [], "depth": 3,
///     "unsigned": {"age_ts": 1000000},
/// });
/// let CanonicalJsonValue::Object(event) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// let hash = content_hash(&event, &RoomVersionRules::V10).unwrap();
/// assert_eq!(base64::encode(hash), "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos");
/// ```
pub fn content_hash(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<[u8; 32], HashError> {
    content_hash_with(event, Numbers::for_rules(rules))
}

pub(crate) fn content_hash_with(
    event: &CanonicalJsonObject,
    numbers: Numbers,
) -> Result<[u8; 32], HashError> {
    Ok(sha256_without(event, &CONTENT_HASH_SKIP, numbers)?)
}

/// Compares the event's `hashes.sha256` with its [`content_hash`]
/// (`EVAL-5`).
pub fn check_content_hash(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<ContentHashCheck, HashError> {
    let recorded = match recorded_hash(event) {
        Ok(r) => r,
        Err(missing) => return Ok(ContentHashCheck::Missing(missing)),
    };
    let computed = content_hash(event, rules)?;
    Ok(if computed == recorded {
        ContentHashCheck::Match
    } else {
        ContentHashCheck::Mismatch { computed, recorded }
    })
}

fn recorded_hash(event: &CanonicalJsonObject) -> Result<[u8; 32], MissingHash> {
    let Some(CanonicalJsonValue::Object(hashes)) = event.get("hashes") else {
        return Err(MissingHash::NoHashes);
    };
    let Some(CanonicalJsonValue::String(sha256)) = hashes.get("sha256") else {
        return Err(MissingHash::NoSha256);
    };
    Ok(base64::decode_array::<32>(sha256, Alphabet::Standard)?)
}

pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}
