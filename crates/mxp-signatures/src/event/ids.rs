//! Reference hashes, event IDs and v12 room IDs (`REF-1`…`REF-3`).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, EncodeError};
use mxp_ids::{IdError, OwnedEventId, OwnedRoomId};
use mxp_redaction::{
    RedactedEncodeError, RedactionError, encode_redacted_without_signatures_into,
    redact_without_signatures,
};
use mxp_room_versions::{EventIdFormat, RoomIdFormat, RoomVersionRules};

use crate::base64::{self, Alphabet};
use crate::canonical::{Numbers, encode_object_without};
use crate::hash::sha256;

/// Why a reference hash, event ID or room ID could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventHashError {
    /// The event cannot be redacted (no string `type` or no object
    /// `content`).
    #[error("{0}")]
    Redaction(#[from] RedactionError),
    /// The event has no canonical JSON encoding.
    #[error("cannot encode the event as canonical JSON: {0}")]
    Encode(#[from] EncodeError),
    /// Room versions 1 and 2 do not derive event IDs from hashes: the ID is
    /// the PDU's `event_id` (`REF-2`).
    #[error("event IDs are not derivable in this room version (REF-2)")]
    NotDerivable,
    /// The room version does not derive room IDs from the create event
    /// (only v12 does, `REF-3`).
    #[error("room IDs are not derived from the create event in this room version (REF-3)")]
    RoomIdNotDerivable,
    /// A room ID was asked for an event that is not `m.room.create`.
    #[error("not an m.room.create event")]
    NotACreateEvent,
    /// A v12 create event carries a `room_id`, which it must not (`REF-3`).
    #[error("a create event of this room version must not have a room_id (REF-3)")]
    CreateEventHasRoomId,
    /// The computed identifier did not validate. Cannot happen (43 base64
    /// characters of one alphabet always form a valid hash-form ID); kept so
    /// that no code path panics.
    #[error("computed identifier is invalid: {0}")]
    InvalidId(IdError),
}

/// The SHA-256 reference hash of a PDU (`REF-1`): redact it with the room
/// version's algorithm, remove `signatures` and `unsigned`, encode as
/// canonical JSON (leniently for v1–v5, `CJ-6`), hash.
///
/// Because `hashes` survives redaction, it commits to the full content too.
/// `unsigned` never affects it (P1-27).
pub fn reference_hash(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<[u8; 32], EventHashError> {
    let bytes = redacted_signing_input(event, rules, Numbers::for_rules(rules))?;
    Ok(sha256(&bytes))
}

/// The canonical bytes of the redacted event without `signatures` and
/// `unsigned`: what is signed (`ESIG-3`), verified (`EVAL-1`) and hashed
/// for the reference hash (`REF-1`).
pub(crate) fn redacted_signing_input(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
    numbers: Numbers,
) -> Result<Vec<u8>, InputError> {
    // Fast path: encode the redacted form straight from the event, without
    // building it. It writes strict canonical JSON only; v1–v5 events with
    // legacy numbers in kept keys take the slow path below.
    let mut bytes = Vec::with_capacity(1024);
    match encode_redacted_without_signatures_into(event, rules, &mut bytes) {
        Ok(()) => return Ok(bytes),
        Err(RedactedEncodeError::Redaction(e)) => return Err(e.into()),
        Err(RedactedEncodeError::Encode(e)) if numbers == Numbers::Strict => {
            return Err(e.into());
        }
        Err(_) => {}
    }
    let redacted = redact_without_signatures(event, rules)?;
    Ok(encode_object(&redacted, numbers)?)
}

/// The canonical bytes of an object.
pub(crate) fn encode_object(
    object: &CanonicalJsonObject,
    numbers: Numbers,
) -> Result<Vec<u8>, EncodeError> {
    let mut bytes = Vec::with_capacity(1024);
    encode_object_without(object, &[], numbers, &mut bytes)?;
    Ok(bytes)
}

/// Why the signing input of an event could not be built.
#[derive(Debug)]
pub(crate) enum InputError {
    Redaction(RedactionError),
    Encode(EncodeError),
}

impl From<RedactionError> for InputError {
    fn from(e: RedactionError) -> Self {
        Self::Redaction(e)
    }
}

impl From<EncodeError> for InputError {
    fn from(e: EncodeError) -> Self {
        Self::Encode(e)
    }
}

impl From<InputError> for EventHashError {
    fn from(e: InputError) -> Self {
        match e {
            InputError::Redaction(e) => Self::Redaction(e),
            InputError::Encode(e) => Self::Encode(e),
        }
    }
}

/// The reference hash in unpadded base64 as the room version writes it:
/// standard alphabet for v1–v3, URL-safe for v4+ (`REF-2`).
pub fn reference_hash_base64(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<String, EventHashError> {
    let hash = reference_hash(event, rules)?;
    Ok(match rules.event_id_format {
        EventIdFormat::UrlSafeBase64 => base64::encode_url_safe(hash),
        _ => base64::encode(hash),
    })
}

/// The event ID of a PDU (`REF-2`): `$` + the reference hash in standard
/// base64 (v3) or URL-safe base64 (v4+). In v1 and v2 event IDs are chosen
/// by the sending server and carried in the PDU, so this fails with
/// [`EventHashError::NotDerivable`].
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_signatures::{EventHashError, event_id};
///
/// let json = serde_json::json!({
///     "auth_events": [], "content": {}, "depth": 3,
///     "hashes": {"sha256": "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos"},
///     "origin": "domain", "origin_server_ts": 1000000, "prev_events": [],
///     "room_id": "!x:domain", "sender": "@a:domain", "type": "X",
/// });
/// let CanonicalJsonValue::Object(event) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// assert_eq!(
///     event_id(&event, &RoomVersionRules::V10).unwrap().as_str(),
///     "$8yif6p8EqgoSten2BLje9ntKm720NyFLWQv9tn8memc"
/// );
/// assert_eq!(event_id(&event, &RoomVersionRules::V2), Err(EventHashError::NotDerivable));
/// ```
pub fn event_id(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<OwnedEventId, EventHashError> {
    let alphabet = match rules.event_id_format {
        EventIdFormat::StandardBase64 => Alphabet::Standard,
        EventIdFormat::UrlSafeBase64 => Alphabet::UrlSafe,
        _ => return Err(EventHashError::NotDerivable),
    };
    let hash = reference_hash(event, rules)?;
    OwnedEventId::try_from(hash_id('$', &hash, alphabet)).map_err(EventHashError::InvalidId)
}

/// The room ID a room version 12 create event defines (`REF-3`): `!` + the
/// URL-safe base64 reference hash of the create event, which has no
/// `room_id`.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_signatures::room_id_of_create_event;
///
/// let json = serde_json::json!({
///     "auth_events": [], "content": {"room_version": "12"}, "depth": 1,
///     "hashes": {"sha256": "ccqBumrNf46eCfIkdZSYW9RNafS0xFYYDm5rnZBSVJU"},
///     "origin_server_ts": 1000000, "prev_events": [], "sender": "@a:domain",
///     "state_key": "", "type": "m.room.create",
/// });
/// let CanonicalJsonValue::Object(create) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// assert_eq!(
///     room_id_of_create_event(&create, &RoomVersionRules::V12).unwrap().as_str(),
///     "!P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM"
/// );
/// ```
pub fn room_id_of_create_event(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<OwnedRoomId, EventHashError> {
    if rules.room_id_format != RoomIdFormat::CreateEventHash {
        return Err(EventHashError::RoomIdNotDerivable);
    }
    if event.get("type").and_then(CanonicalJsonValue::as_str) != Some("m.room.create") {
        return Err(EventHashError::NotACreateEvent);
    }
    if event.contains_key("room_id") {
        return Err(EventHashError::CreateEventHasRoomId);
    }
    let hash = reference_hash(event, rules)?;
    OwnedRoomId::try_from(hash_id('!', &hash, Alphabet::UrlSafe)).map_err(EventHashError::InvalidId)
}

/// `sigil` + unpadded base64 of a 32-byte hash.
fn hash_id(sigil: char, hash: &[u8; 32], alphabet: Alphabet) -> String {
    let mut s = String::with_capacity(44);
    s.push(sigil);
    base64::encode_into(hash, alphabet, &mut s);
    s
}
