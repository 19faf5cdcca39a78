//! Step 1 of the checks performed on receipt of a PDU: is it a valid event for
//! its room version? (`room-versions.md` §2, `PDU-1`…`PDU-5`, `CJ-6`.)
//!
//! The checks only read the PDU; they produce borrowed views of the fields the
//! rules read, which [`super::Pdu`] then copies once.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::{EventId, RoomId, UserId};
use mxp_room_versions::{
    EventFormat, EventIdFormat, RedactsLocation, RoomIdFormat, RoomVersionRules,
};

use super::size::check_size;
use super::{Field, PduError};

/// Largest PDU, in bytes of canonical JSON (`PDU-4`).
pub const MAX_PDU_BYTES: usize = 65_536;
/// Largest `sender`, `room_id`, `type`, `state_key` and event ID, in bytes (`PDU-5`).
pub const MAX_FIELD_BYTES: usize = 255;
/// Most entries in `prev_events` (`PDU-2`).
pub const MAX_PREV_EVENTS: usize = 20;
/// Most entries in `auth_events` (`PDU-2`).
pub const MAX_AUTH_EVENTS: usize = 10;

/// The event type whose `room_id` is absent in room version 12.
const CREATE: &str = "m.room.create";
/// The event type that redacts another event.
const REDACTION: &str = "m.room.redaction";

/// The fields of a PDU that passed step 1, borrowed from it.
#[derive(Debug)]
pub(crate) struct Checked<'a> {
    /// `event_id` of a v1–v2 PDU.
    pub event_id: Option<&'a EventId>,
    pub room_id: Option<&'a RoomId>,
    pub sender: &'a UserId,
    pub event_type: &'a str,
    pub state_key: Option<&'a str>,
    pub origin_server_ts: i64,
    pub depth: i64,
    pub prev_events: Vec<&'a EventId>,
    pub auth_events: Vec<&'a EventId>,
    pub redacts: Option<&'a EventId>,
}

/// Runs step 1 of the checks performed on receipt of a PDU (`room-versions.md`
/// §2): the size limits (`PDU-4`, `PDU-5`, `PDU-2`), canonical JSON in room
/// versions 6+ (`CJ-6`) and the room version's event format (`PDU-1`, `PDU-3`,
/// `WF-RID-*`, `WF-EID-*`). A PDU that fails is **dropped**.
///
/// Signatures (step 2) and the content hash (step 3) are checked by
/// `mxp-signatures`; the event ID of a v3+ PDU is not needed here.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_events::{Field, PduError, check_pdu_format};
/// use mxp_room_versions::RoomVersionRules;
///
/// let pdu = serde_json::json!({
///     "room_id": "!room:example.org",
///     "sender": "@alice:example.org",
///     "type": "m.room.message",
///     "content": {"body": "hi"},
///     "origin_server_ts": 1,
///     "depth": 3,
///     "prev_events": ["$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"],
///     "auth_events": [],
///     "hashes": {"sha256": "aGFzaA"},
///     "signatures": {"example.org": {"ed25519:1": "c2ln"}},
/// });
/// let CanonicalJsonValue::Object(pdu) = CanonicalJsonValue::try_from(pdu).unwrap() else { panic!() };
/// assert_eq!(check_pdu_format(&pdu, &RoomVersionRules::V11), Ok(()));
/// // Room version 1 PDUs carry their event ID.
/// assert_eq!(
///     check_pdu_format(&pdu, &RoomVersionRules::V1),
///     Err(PduError::MissingField(Field::EventId))
/// );
/// ```
pub fn check_pdu_format(
    pdu: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<(), PduError> {
    check(pdu, rules, Size::Unknown).map(|_| ())
}

/// What is already known of a PDU's size and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Size {
    /// Nothing: measure it and check its numbers.
    Unknown,
    /// Parsed with the room version's number rules from at most 65,536 bytes,
    /// so within `PDU-4`: the canonical form of what the strict and lenient
    /// parsers accept is never longer than the input (whitespace and
    /// optional escapes only shrink, numbers are kept as written).
    ParsedWithinLimit,
}

pub(crate) fn check<'a>(
    pdu: &'a CanonicalJsonObject,
    rules: &RoomVersionRules,
    size: Size,
) -> Result<Checked<'a>, PduError> {
    // PDU-4 first: it bounds the work of everything after it.
    if size == Size::Unknown {
        check_size(pdu, rules.strict_canonical_json, MAX_PDU_BYTES)?;
    }

    // PDU-1 / WF-EID-1: v1–v2 PDUs carry their ID; v3+ PDUs do not, and an
    // `event_id` key there is an extra key like any other (HASH-2).
    let event_id = match rules.event_format {
        EventFormat::V1 => {
            let id = event_id_value(required(pdu, "event_id", Field::EventId)?, Field::EventId)?;
            check_event_id_form(id, Field::EventId, rules)?;
            Some(id)
        }
        EventFormat::V3 => None,
        _ => return Err(PduError::UnsupportedFormat),
    };

    let event_type = bounded_str(required(pdu, "type", Field::Type)?, Field::Type)?;
    let room_id = room_id(pdu, event_type, rules)?;

    // WF-UID-3: historical user IDs are valid in events, so the lenient parser.
    let sender = bounded_str(required(pdu, "sender", Field::Sender)?, Field::Sender)?;
    let sender = UserId::parse(sender).map_err(|source| PduError::InvalidId {
        field: Field::Sender,
        source,
    })?;

    let state_key = match pdu.get("state_key") {
        // PDU-1 says a string; Synapse and ruma both read `null` as "not a
        // state event", so do the same rather than drop what they accept.
        None | Some(CanonicalJsonValue::Null) => None,
        Some(v) => Some(bounded_str(v, Field::StateKey)?),
    };

    // P1-52: the content's inside is never read here.
    if required(pdu, "content", Field::Content)?
        .as_object()
        .is_none()
    {
        return Err(wrong_type(Field::Content, "an object"));
    }

    let origin_server_ts = match int(required(pdu, "origin_server_ts", Field::OriginServerTs)?) {
        Int::Value(ts) => ts,
        Int::OutOfRange(_) | Int::NotInteger => {
            return Err(wrong_type(Field::OriginServerTs, "an integer"));
        }
    };

    // PDU-3: 0..=max_depth (2^63−1 in v1–v5, 2^53−1 from v6). Synapse also
    // drops negative depths.
    let depth = match int(required(pdu, "depth", Field::Depth)?) {
        Int::Value(d) if (0..=rules.max_depth).contains(&d) => d,
        Int::Value(d) => return Err(depth_error(d.to_string(), rules)),
        Int::OutOfRange(text) => return Err(depth_error(text.to_owned(), rules)),
        Int::NotInteger => return Err(wrong_type(Field::Depth, "an integer")),
    };

    let prev_events = references(pdu, "prev_events", Field::PrevEvents, rules)?;
    let auth_events = references(pdu, "auth_events", Field::AuthEvents, rules)?;

    check_hashes(pdu)?;
    check_signatures(pdu)?;

    Ok(Checked {
        event_id,
        room_id,
        sender,
        event_type,
        state_key,
        origin_server_ts,
        depth,
        prev_events,
        auth_events,
        redacts: redacts(pdu, event_type, rules),
    })
}

fn required<'a>(
    pdu: &'a CanonicalJsonObject,
    key: &str,
    field: Field,
) -> Result<&'a CanonicalJsonValue, PduError> {
    pdu.get(key).ok_or(PduError::MissingField(field))
}

fn wrong_type(field: Field, expected: &'static str) -> PduError {
    PduError::WrongType { field, expected }
}

fn depth_error(depth: String, rules: &RoomVersionRules) -> PduError {
    PduError::DepthOutOfRange {
        depth,
        max: rules.max_depth,
    }
}

/// A string of at most 255 bytes (`PDU-5`).
fn bounded_str(v: &CanonicalJsonValue, field: Field) -> Result<&str, PduError> {
    let s = v
        .as_str()
        .ok_or_else(|| wrong_type(field.clone(), "a string"))?;
    if s.len() > MAX_FIELD_BYTES {
        // PDU-5 counts bytes. Synapse counted code points for years and, in
        // v1–v10, stores byte-only violations as rejected instead of dropping
        // them; we follow the spec for every version.
        return Err(PduError::TooLong {
            field,
            length: s.len(),
            max: MAX_FIELD_BYTES,
        });
    }
    Ok(s)
}

/// An event ID string, with its length checked before its grammar so that the
/// error says which limit was broken.
fn event_id_value(v: &CanonicalJsonValue, field: Field) -> Result<&EventId, PduError> {
    let s = bounded_str(v, field.clone())?;
    EventId::parse(s).map_err(|source| PduError::InvalidId { field, source })
}

/// `WF-EID-1`…`WF-EID-3`: the event ID form of the room version.
fn check_event_id_form(
    id: &EventId,
    field: Field,
    rules: &RoomVersionRules,
) -> Result<(), PduError> {
    // One branch-free pass over the (already validated) ID.
    let (mut colon, mut standard, mut url_safe) = (false, false, false);
    for &c in id.as_str().as_bytes() {
        colon |= c == b':';
        standard |= (c == b'+') | (c == b'/');
        url_safe |= (c == b'-') | (c == b'_');
    }
    let ok = match rules.event_id_format {
        EventIdFormat::Opaque => colon,
        // The v3 form only excludes `-` and `_`: IDs made of characters both
        // alphabets share are valid in either form.
        EventIdFormat::StandardBase64 => !colon && !url_safe,
        EventIdFormat::UrlSafeBase64 => !colon && !standard,
        _ => return Err(PduError::UnsupportedFormat),
    };
    if ok {
        Ok(())
    } else {
        Err(PduError::WrongEventIdForm {
            field,
            event_id: id.to_owned(),
            expected: rules.event_id_format,
        })
    }
}

/// Checks an event ID supplied by the caller for a v3+ PDU.
pub(crate) fn check_supplied_event_id(
    id: &EventId,
    rules: &RoomVersionRules,
) -> Result<(), PduError> {
    check_event_id_form(id, Field::EventId, rules)
}

/// `room_id`: required, of the version's form (`WF-RID-1`, `WF-RID-2`), except
/// on a v12 create event.
fn room_id<'a>(
    pdu: &'a CanonicalJsonObject,
    event_type: &str,
    rules: &RoomVersionRules,
) -> Result<Option<&'a RoomId>, PduError> {
    let is_v12_create =
        event_type == CREATE && rules.room_id_format == RoomIdFormat::CreateEventHash;
    let Some(v) = pdu.get("room_id") else {
        // PDU-1: a v12 create event has no room_id; every other event has one.
        return if is_v12_create {
            Ok(None)
        } else {
            Err(PduError::MissingField(Field::RoomId))
        };
    };
    let s = bounded_str(v, Field::RoomId)?;
    let id = RoomId::parse(s).map_err(|source| PduError::InvalidId {
        field: Field::RoomId,
        source,
    })?;
    let ok = match rules.room_id_format {
        RoomIdFormat::ServerNamed => !id.is_hash_form(),
        // A v12 create event that carries a room_id is not malformed but
        // rejected by the auth rules (AUTH-v12-1.2): keep it for them.
        RoomIdFormat::CreateEventHash => is_v12_create || id.is_hash_form(),
        _ => return Err(PduError::UnsupportedFormat),
    };
    if ok {
        Ok(Some(id))
    } else {
        Err(PduError::WrongRoomIdForm {
            room_id: id.to_owned(),
            expected: rules.room_id_format,
        })
    }
}

/// `prev_events` / `auth_events`: an array of at most 20 / 10 references of
/// the version's format (`PDU-1`, `PDU-2`).
fn references<'a>(
    pdu: &'a CanonicalJsonObject,
    key: &str,
    field: Field,
    rules: &RoomVersionRules,
) -> Result<Vec<&'a EventId>, PduError> {
    let is_prev = field == Field::PrevEvents;
    let entries = required(pdu, key, field.clone())?
        .as_array()
        .ok_or_else(|| wrong_type(field, "an array"))?;
    let (max, too_many): (usize, fn(usize, usize) -> PduError) = if is_prev {
        (MAX_PREV_EVENTS, |count, max| PduError::TooManyPrevEvents {
            count,
            max,
        })
    } else {
        (MAX_AUTH_EVENTS, |count, max| PduError::TooManyAuthEvents {
            count,
            max,
        })
    };
    if entries.len() > max {
        return Err(too_many(entries.len(), max));
    }
    let mut ids = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let field = if is_prev {
            Field::PrevEvent(i)
        } else {
            Field::AuthEvent(i)
        };
        let id = match rules.event_format {
            // v1–v2: `[event_id, {"sha256": hash}]`. No rule reads the hashes
            // of a reference (Synapse ignores them too), so only their being
            // an object is checked.
            EventFormat::V1 => match entry.as_array() {
                Some([id, CanonicalJsonValue::Object(_)]) => event_id_value(id, field.clone())?,
                _ => return Err(wrong_type(field, "an [event_id, {\"sha256\": hash}] pair")),
            },
            EventFormat::V3 => match entry {
                CanonicalJsonValue::String(_) => event_id_value(entry, field.clone())?,
                _ => return Err(wrong_type(field, "an event ID string")),
            },
            _ => return Err(PduError::UnsupportedFormat),
        };
        check_event_id_form(id, field, rules)?;
        ids.push(id);
    }
    Ok(ids)
}

/// `hashes`: an object with a string `sha256` (`PDU-1`). Other algorithms are
/// kept; whether the string is valid base64 is the content hash check's
/// business (`EVAL-5`: a mismatch means "redact", not "drop").
fn check_hashes(pdu: &CanonicalJsonObject) -> Result<(), PduError> {
    let hashes = required(pdu, "hashes", Field::Hashes)?
        .as_object()
        .ok_or_else(|| wrong_type(Field::Hashes, "an object"))?;
    match hashes.get("sha256") {
        None => Err(PduError::MissingField(Field::HashesSha256)),
        Some(CanonicalJsonValue::String(_)) => Ok(()),
        Some(_) => Err(wrong_type(Field::HashesSha256, "a string")),
    }
}

/// `signatures`: an object of objects of strings (`PDU-1`). Server names and
/// key IDs are not validated here: the signature check ignores those it cannot
/// use (`EVAL-3`).
fn check_signatures(pdu: &CanonicalJsonObject) -> Result<(), PduError> {
    let signatures = required(pdu, "signatures", Field::Signatures)?
        .as_object()
        .ok_or_else(|| wrong_type(Field::Signatures, "an object"))?;
    for (server, keys) in signatures {
        let keys = keys.as_object().ok_or_else(|| {
            wrong_type(
                Field::SignaturesOf {
                    server: server.to_string(),
                },
                "an object",
            )
        })?;
        if let Some((key_id, _)) = keys.iter().find(|(_, sig)| sig.as_str().is_none()) {
            return Err(wrong_type(
                Field::Signature {
                    server: server.to_string(),
                    key_id: key_id.to_string(),
                },
                "a string",
            ));
        }
    }
    Ok(())
}

/// The target of an `m.room.redaction`, read only from where the room version
/// puts it (P1-34): top-level `redacts` (v1–v10) or `content.redacts` (v11+).
///
/// Absent or malformed targets are tolerated and read as `None`: the format
/// does not require them, and what the auth rules do with such a redaction is
/// theirs to decide (`room-versions.md`, note on `redaction.same_domain`).
fn redacts<'a>(
    pdu: &'a CanonicalJsonObject,
    event_type: &str,
    rules: &RoomVersionRules,
) -> Option<&'a EventId> {
    if event_type != REDACTION {
        return None;
    }
    let value = match rules.redacts_location {
        RedactsLocation::TopLevel => pdu.get("redacts"),
        RedactsLocation::Content => pdu.get("content")?.as_object()?.get("redacts"),
        _ => None,
    }?;
    let id = EventId::parse(value.as_str()?).ok()?;
    check_event_id_form(id, Field::EventId, rules).ok()?;
    Some(id)
}

enum Int<'a> {
    Value(i64),
    /// An integer literal outside `i64` (room versions 1–5 only).
    OutOfRange(&'a str),
    NotInteger,
}

/// An integer. In room versions 1–5 the lenient parser keeps integers outside
/// ±(2^53−1) as their text (`CJ-6`); those within `i64` are integers too.
/// Floats are never integers (Synapse drops a float `depth` as well).
fn int(v: &CanonicalJsonValue) -> Int<'_> {
    match v {
        CanonicalJsonValue::Integer(i) => Int::Value(*i),
        CanonicalJsonValue::LegacyNumber(text) => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                Int::NotInteger
            } else {
                text.parse().map_or(Int::OutOfRange(text), Int::Value)
            }
        }
        _ => Int::NotInteger,
    }
}
