//! PDUs: the federation format of events, per room version.
//!
//! [`Pdu`] is a PDU that passed step 1 of the checks performed on receipt
//! ([`check_pdu_format`]): its size, its keys and their types are valid for the
//! room version. It keeps the received object untouched ([`Pdu::json`]) next to
//! owned, validated copies of the fields the authorization rules and state
//! resolution read, which it exposes through [`Event`](crate::Event).
//!
//! # What is invalid, what is tolerated
//!
//! Invalid (a [`PduError`]; the PDU is dropped):
//! * over 65,536 bytes as canonical JSON (`PDU-4`); in v6+ any number that is
//!   not a canonical integer (`CJ-3`, `CJ-6`);
//! * a required key missing or of the wrong JSON type (`PDU-1`): `room_id`
//!   (except v12 `m.room.create`), `sender`, `type`, `content` (an object),
//!   `origin_server_ts` and `depth` (integers), `prev_events`, `auth_events`,
//!   `hashes` (with a string `sha256`), `signatures` (an object of objects of
//!   strings), and in v1–v2 `event_id`;
//! * `sender`, `room_id`, `type`, `state_key` or an event ID over 255 bytes
//!   (`PDU-5`), or not a valid identifier; a `room_id` or event ID not of the
//!   room version's form (`WF-RID-1`/`WF-RID-2`, `WF-EID-1`…`WF-EID-3`);
//! * references not of the version's format: `[event_id, {...}]` pairs in v1–v2,
//!   bare event IDs from v3 (`PDU-1`); over 20 `prev_events` or 10 `auth_events`
//!   (`PDU-2`);
//! * `depth` outside `0..=max_depth` (2^63−1 in v1–v5, 2^53−1 from v6, `PDU-3`).
//!
//! Tolerated (kept losslessly, not an error), because no rule reads them or
//! because another step owns the decision:
//! * unknown event types, extra and legacy top-level keys (`origin`,
//!   `membership`, `prev_state`, an `event_id` in v3+), any `unsigned`;
//! * anything inside `content` (`P1-52`): typed contents are parsed lazily and
//!   separately;
//! * `state_key: null`, read as "not a state event" (as Synapse and ruma do);
//! * the hashes inside v1–v2 references; extra algorithms in `hashes`; a
//!   `hashes.sha256` that is not base64 (the content hash check, `EVAL-5`);
//!   unknown server names and key IDs in `signatures` (`EVAL-3`);
//! * a missing or malformed `redacts` (read as `None`), and `redacts` in the
//!   location the version does not use (ignored, `P1-34`);
//! * a `room_id` on a v12 `m.room.create`: the auth rules reject it
//!   (`AUTH-v12-1.2`), which is not the same outcome as dropping it.

mod check;
mod error;
mod parse;
mod size;

pub use check::{
    MAX_AUTH_EVENTS, MAX_FIELD_BYTES, MAX_PDU_BYTES, MAX_PREV_EVENTS, check_pdu_format,
};
pub use error::{Field, PduError};

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::{EventId, OwnedEventId, OwnedRoomId, OwnedUserId, RoomId, UserId};
use mxp_room_versions::{EventFormat, RoomVersionRules};

use crate::Event;

/// A PDU valid for its room version, with its original JSON kept losslessly.
///
/// Build one with [`Pdu::from_json_bytes`] or [`Pdu::from_canonical_object`].
/// Accessors are cheap: the fields are validated and copied once, at parse
/// time.
///
/// ```
/// use mxp_events::{Event, Pdu};
/// use mxp_room_versions::RoomVersionRules;
///
/// let json = br#"{
///     "room_id": "!room:example.org",
///     "sender": "@alice:example.org",
///     "type": "m.room.message",
///     "content": {"body": "hi", "msgtype": "m.text"},
///     "origin_server_ts": 1700000000000,
///     "depth": 3,
///     "prev_events": ["$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"],
///     "auth_events": [],
///     "hashes": {"sha256": "aGFzaA"},
///     "signatures": {"example.org": {"ed25519:1": "c2ln"}},
///     "com.example.extra": [1, 2, 3]
/// }"#;
/// let pdu = Pdu::from_json_bytes(json, None, &RoomVersionRules::V11).unwrap();
/// // From room version 3 the event ID is the reference hash (REF-2).
/// assert_eq!(pdu.event_id().as_str(), "$xUbnYR6Tpqluok7bxtr7OpPhIy2sC6YZmuZyvdQXCvc");
/// assert_eq!(pdu.sender().as_str(), "@alice:example.org");
/// assert_eq!(pdu.event_type(), "m.room.message");
/// assert_eq!(pdu.depth(), 3);
/// assert!(pdu.json().contains_key("com.example.extra"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pdu {
    json: CanonicalJsonObject,
    event_id: OwnedEventId,
    room_id: Option<OwnedRoomId>,
    sender: OwnedUserId,
    event_type: Box<str>,
    state_key: Option<Box<str>>,
    origin_server_ts: i64,
    depth: i64,
    prev_events: Vec<OwnedEventId>,
    auth_events: Vec<OwnedEventId>,
    redacts: Option<OwnedEventId>,
    format: EventFormat,
}

/// Returned by [`Event::content`] in the one case the map lookup could fail,
/// which validation rules out.
static EMPTY_OBJECT: CanonicalJsonObject = CanonicalJsonObject::new();

impl Pdu {
    /// Checks `json` against the room version's format and limits
    /// ([`check_pdu_format`]) and wraps it.
    ///
    /// `event_id`: in room versions 1–2 the PDU carries its ID; if one is also
    /// supplied it must be the same. From v3 the ID is the reference hash
    /// (`REF-1`, `REF-2`): with `None` it is computed (with
    /// [`mxp_signatures::event_id`], after the format checks); a supplied ID
    /// is trusted — checked for the version's form, not recomputed — for
    /// callers that already know it (from storage, or a batch that hashed it).
    pub fn from_canonical_object(
        json: CanonicalJsonObject,
        event_id: Option<&EventId>,
        rules: &RoomVersionRules,
    ) -> Result<Self, PduError> {
        Self::from_object(json, event_id, rules, check::Size::Unknown)
    }

    fn from_object(
        json: CanonicalJsonObject,
        event_id: Option<&EventId>,
        rules: &RoomVersionRules,
        size: check::Size,
    ) -> Result<Self, PduError> {
        let checked = check::check(&json, rules, size)?;
        let event_id = match (checked.event_id, event_id) {
            (Some(in_pdu), Some(supplied)) if in_pdu != supplied => {
                return Err(PduError::EventIdMismatch {
                    in_pdu: in_pdu.to_owned(),
                    supplied: supplied.to_owned(),
                });
            }
            (Some(id), _) => id.to_owned(),
            (None, Some(supplied)) => {
                check::check_supplied_event_id(supplied, rules)?;
                supplied.to_owned()
            }
            (None, None) => mxp_signatures::event_id(&json, rules).map_err(PduError::EventId)?,
        };
        let owned = |ids: &[&EventId]| ids.iter().map(|id| (*id).to_owned()).collect();
        let prev_events = owned(&checked.prev_events);
        let auth_events = owned(&checked.auth_events);
        let room_id = checked.room_id.map(RoomId::to_owned);
        let sender = checked.sender.to_owned();
        let event_type = checked.event_type.into();
        let state_key = checked.state_key.map(Into::into);
        let redacts = checked.redacts.map(EventId::to_owned);
        let (origin_server_ts, depth) = (checked.origin_server_ts, checked.depth);
        Ok(Self {
            json,
            event_id,
            room_id,
            sender,
            event_type,
            state_key,
            origin_server_ts,
            depth,
            prev_events,
            auth_events,
            redacts,
            format: rules.event_format,
        })
    }

    /// Parses JSON bytes (strict canonical JSON values in v6+, lenient in
    /// v1–v5, `CJ-6`) and then behaves as [`Pdu::from_canonical_object`].
    pub fn from_json_bytes(
        bytes: &[u8],
        event_id: Option<&EventId>,
        rules: &RoomVersionRules,
    ) -> Result<Self, PduError> {
        let json = parse::parse_object(bytes, rules.strict_canonical_json)?;
        let size = if bytes.len() <= MAX_PDU_BYTES {
            check::Size::ParsedWithinLimit
        } else {
            check::Size::Unknown
        };
        Self::from_object(json, event_id, rules, size)
    }

    /// The PDU exactly as received, every key included.
    pub fn json(&self) -> &CanonicalJsonObject {
        &self.json
    }

    /// Gives back the PDU exactly as received, e.g. to redact or re-sign it.
    pub fn into_json(self) -> CanonicalJsonObject {
        self.json
    }

    /// The event format the PDU was checked against.
    pub fn format(&self) -> EventFormat {
        self.format
    }

    /// Whether this is a state event (it has a `state_key`).
    pub fn is_state(&self) -> bool {
        self.state_key.is_some()
    }

    /// `hashes.sha256`, the content hash as sent (unpadded base64, not decoded).
    pub fn content_hash(&self) -> &str {
        self.json
            .get("hashes")
            .and_then(CanonicalJsonValue::as_object)
            .and_then(|h| h.get("sha256"))
            .and_then(CanonicalJsonValue::as_str)
            // Unreachable: `hashes.sha256` was checked to be a string.
            .unwrap_or_default()
    }

    /// `signatures`, as sent.
    pub fn signatures(&self) -> &CanonicalJsonObject {
        self.json
            .get("signatures")
            .and_then(CanonicalJsonValue::as_object)
            // Unreachable: `signatures` was checked to be an object.
            .unwrap_or(&EMPTY_OBJECT)
    }

    /// `unsigned`, if present and an object.
    pub fn unsigned(&self) -> Option<&CanonicalJsonObject> {
        self.json.get("unsigned")?.as_object()
    }
}

impl Event for Pdu {
    fn event_id(&self) -> &EventId {
        &self.event_id
    }

    fn room_id(&self) -> Option<&RoomId> {
        self.room_id.as_deref()
    }

    fn sender(&self) -> &UserId {
        &self.sender
    }

    fn event_type(&self) -> &str {
        &self.event_type
    }

    fn state_key(&self) -> Option<&str> {
        self.state_key.as_deref()
    }

    fn content(&self) -> &CanonicalJsonObject {
        self.json
            .get("content")
            .and_then(CanonicalJsonValue::as_object)
            // Unreachable: `content` was checked to be an object.
            .unwrap_or(&EMPTY_OBJECT)
    }

    fn origin_server_ts(&self) -> i64 {
        self.origin_server_ts
    }

    fn depth(&self) -> i64 {
        self.depth
    }

    fn prev_events(&self) -> &[OwnedEventId] {
        &self.prev_events
    }

    fn auth_events(&self) -> &[OwnedEventId] {
        &self.auth_events
    }

    fn redacts(&self) -> Option<&EventId> {
        self.redacts.as_deref()
    }

    fn json(&self) -> &CanonicalJsonObject {
        &self.json
    }
}
