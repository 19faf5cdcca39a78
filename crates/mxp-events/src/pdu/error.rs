//! Why a PDU is not valid for its room version.

use std::fmt;

use mxp_canonical_json::ParseError;
use mxp_ids::{IdError, OwnedEventId, OwnedRoomId};
use mxp_room_versions::{EventIdFormat, RoomIdFormat};
use mxp_signatures::EventHashError;

/// A key (or an element of one) of a PDU, named in [`PduError`]s.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `event_id` (room versions 1–2), or the event ID supplied by the caller (v3+).
    EventId,
    /// `room_id`.
    RoomId,
    /// `sender`.
    Sender,
    /// `type`.
    Type,
    /// `state_key`.
    StateKey,
    /// `content`.
    Content,
    /// `origin_server_ts`.
    OriginServerTs,
    /// `depth`.
    Depth,
    /// The `prev_events` array.
    PrevEvents,
    /// The `auth_events` array.
    AuthEvents,
    /// One entry of `prev_events`, by index.
    PrevEvent(usize),
    /// One entry of `auth_events`, by index.
    AuthEvent(usize),
    /// `hashes`.
    Hashes,
    /// `hashes.sha256`.
    HashesSha256,
    /// `signatures`.
    Signatures,
    /// The signatures of one server: `signatures[server]`.
    SignaturesOf {
        /// The server name key, as found.
        server: String,
    },
    /// One signature: `signatures[server][key_id]`.
    Signature {
        /// The server name key, as found.
        server: String,
        /// The key ID key, as found.
        key_id: String,
    },
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EventId => f.write_str("event_id"),
            Self::RoomId => f.write_str("room_id"),
            Self::Sender => f.write_str("sender"),
            Self::Type => f.write_str("type"),
            Self::StateKey => f.write_str("state_key"),
            Self::Content => f.write_str("content"),
            Self::OriginServerTs => f.write_str("origin_server_ts"),
            Self::Depth => f.write_str("depth"),
            Self::PrevEvents => f.write_str("prev_events"),
            Self::AuthEvents => f.write_str("auth_events"),
            Self::PrevEvent(i) => write!(f, "prev_events[{i}]"),
            Self::AuthEvent(i) => write!(f, "auth_events[{i}]"),
            Self::Hashes => f.write_str("hashes"),
            Self::HashesSha256 => f.write_str("hashes.sha256"),
            Self::Signatures => f.write_str("signatures"),
            Self::SignaturesOf { server } => write!(f, "signatures[{server:?}]"),
            Self::Signature { server, key_id } => write!(f, "signatures[{server:?}][{key_id:?}]"),
        }
    }
}

/// Why a PDU is not a valid event for its room version (step 1 of the checks
/// performed on receipt: such a PDU is **dropped**).
///
/// Each variant names the rule it enforces. When several problems exist, the
/// first in this order is reported: size and canonical JSON, then the keys in
/// the order `event_id`, `room_id`, `sender`, `type`, `state_key`, `content`,
/// `origin_server_ts`, `depth`, `prev_events`, `auth_events`, `hashes`,
/// `signatures`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PduError {
    /// The input bytes are not a JSON object the room version accepts: not
    /// JSON, not an object, or (v6+) holding numbers canonical JSON cannot
    /// express (`CJ-6`).
    #[error("PDU is not acceptable JSON: {0}")]
    Json(#[from] ParseError),
    /// The whole PDU, as canonical JSON, is over 65,536 bytes (`PDU-4`).
    #[error("PDU is {size} bytes as canonical JSON, more than the limit of {max} (PDU-4)")]
    TooLarge {
        /// The canonical size found.
        size: usize,
        /// The limit, 65,536.
        max: usize,
    },
    /// A number that is not a canonical JSON integer, in a room version that
    /// enforces canonical JSON (v6+, `CJ-6`).
    #[error(
        "number {number} is not a canonical JSON integer, which this room version requires (CJ-3, CJ-6)"
    )]
    NotCanonicalJson {
        /// The number as found.
        number: String,
    },
    /// A required key is absent (`PDU-1`).
    #[error("required key `{0}` is missing (PDU-1)")]
    MissingField(Field),
    /// A key holds the wrong JSON type (`PDU-1`).
    #[error("`{field}` must be {expected} (PDU-1)")]
    WrongType {
        /// The key.
        field: Field,
        /// What it must be.
        expected: &'static str,
    },
    /// A string over its byte limit (`PDU-5`).
    #[error("`{field}` is {length} bytes, more than the limit of {max} (PDU-5)")]
    TooLong {
        /// The key.
        field: Field,
        /// Its length in bytes.
        length: usize,
        /// The limit, 255.
        max: usize,
    },
    /// A string that is not a valid identifier of the kind the key holds.
    #[error("`{field}` is not a valid identifier: {source}")]
    InvalidId {
        /// The key.
        field: Field,
        /// Why the identifier is invalid.
        source: IdError,
    },
    /// A valid room ID of the wrong form for the room version (`WF-RID-1`,
    /// `WF-RID-2`).
    #[error(
        "room_id {room_id} does not have the room version's form ({expected:?}) (WF-RID-1, WF-RID-2)"
    )]
    WrongRoomIdForm {
        /// The room ID found.
        room_id: OwnedRoomId,
        /// The form the room version uses.
        expected: RoomIdFormat,
    },
    /// A valid event ID of the wrong form for the room version (`WF-EID-1`…`WF-EID-3`).
    #[error(
        "`{field}` {event_id} does not have the room version's event ID form ({expected:?}) (WF-EID-1..3)"
    )]
    WrongEventIdForm {
        /// The key.
        field: Field,
        /// The event ID found.
        event_id: OwnedEventId,
        /// The form the room version uses.
        expected: EventIdFormat,
    },
    /// More than 20 `prev_events` (`PDU-2`).
    #[error("prev_events has {count} entries, more than the limit of {max} (PDU-2)")]
    TooManyPrevEvents {
        /// The number found.
        count: usize,
        /// The limit, 20.
        max: usize,
    },
    /// More than 10 `auth_events` (`PDU-2`).
    #[error("auth_events has {count} entries, more than the limit of {max} (PDU-2)")]
    TooManyAuthEvents {
        /// The number found.
        count: usize,
        /// The limit, 10.
        max: usize,
    },
    /// `depth` is negative or over the room version's maximum (`PDU-3`).
    #[error("depth {depth} is outside 0..={max} (PDU-3)")]
    DepthOutOfRange {
        /// The depth as found.
        depth: String,
        /// The room version's maximum.
        max: i64,
    },
    /// The event ID supplied by the caller differs from the `event_id` of a
    /// room version 1–2 PDU.
    #[error("the PDU's event_id {in_pdu} differs from the supplied event ID {supplied}")]
    EventIdMismatch {
        /// The `event_id` in the PDU.
        in_pdu: OwnedEventId,
        /// The event ID the caller supplied.
        supplied: OwnedEventId,
    },
    /// The event ID of a room version 3+ PDU could not be computed from its
    /// reference hash (`REF-1`, `REF-2`). A PDU that passed the format checks
    /// always has one; kept so that no path panics.
    #[error("cannot compute the event ID: {0}")]
    EventId(#[source] EventHashError),
    /// The rules name an event format or ID form this version of the library
    /// does not implement.
    #[error("the room version rules use an event format this library does not implement")]
    UnsupportedFormat,
}
