//! Received PDUs whose signatures were checked, against the room the request
//! was for (P1-20, P1-21).
//!
//! [`verify_pdu`] is the receive-side entry point: it takes the PDU, what the
//! request said it must be ([`Expected`]: the room of the URL path, and for
//! the membership endpoints the user and membership), and the keys; it returns
//! a [`Verified`] PDU, the only way to build one. Code that stores, authorizes
//! or resolves events can take `Verified<Pdu>` instead of `Pdu` so that an
//! unverified event (P1-21: events from `/get_missing_events` that skipped
//! verification) does not type-check.
//!
//! [`Verified`] implements [`Event`], so it goes straight into the
//! authorization rules and state resolution. Those crates accept any
//! [`Event`] (callers with their own storage implement it), so they cannot
//! demand `Verified` themselves; a server gets the guarantee by making its own
//! storage and pipeline take `Verified<Pdu>`.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::{EventId, OwnedEventId, OwnedRoomId, OwnedServerName, RoomId, ServerName, UserId};
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{EventVerification, KeyRing, SignatureReport, VerifyEventError};

use crate::{Event, Pdu, PduError};

/// What the request that carried a PDU says the PDU must be (P1-20).
///
/// A PDU received on `/send_join/{roomId}/{eventId}`, `/send_leave`,
/// `/invite` or `/send_knock` must be in the room of the path, must be the
/// membership of the user of the path, and must come from the requesting
/// server; taking these as parameters of [`verify_pdu`] means a handler
/// cannot forget to compare them (Synapse CVE-2019-18835, CVE-2020-26257).
///
/// ```
/// use mxp_events::Expected;
/// use mxp_ids::{RoomId, ServerName, UserId};
///
/// let room = RoomId::parse("!room:a.example").unwrap();
/// let user = UserId::parse("@bob:b.example").unwrap();
/// let origin = ServerName::parse("b.example").unwrap();
/// // PUT /_matrix/federation/v2/send_join/!room:a.example/$event, from b.example:
/// let expected = Expected::room(room).membership(user, "join").origin(origin);
/// # let _ = expected;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected<'a> {
    room_id: Option<&'a RoomId>,
    membership: Option<(&'a UserId, &'a str)>,
    origin: Option<&'a ServerName>,
}

impl<'a> Expected<'a> {
    /// The PDU must be in `room_id` (the room of the request's path).
    pub fn room(room_id: &'a RoomId) -> Self {
        Self {
            room_id: Some(room_id),
            membership: None,
            origin: None,
        }
    }

    /// Any room: only for requests whose path names no room, such as the
    /// PDUs of a `/send` transaction, where each PDU names its own room and
    /// the caller looks the room (and its version) up by that name. Never for
    /// an endpoint whose path has a room ID.
    pub fn any_room() -> Self {
        Self {
            room_id: None,
            membership: None,
            origin: None,
        }
    }

    /// The PDU must be an `m.room.member` event with `state_key` equal to
    /// `user` and `content.membership` equal to `membership` (the membership
    /// endpoints: `join`, `leave`, `invite`, `knock`).
    #[must_use]
    pub fn membership(mut self, user: &'a UserId, membership: &'a str) -> Self {
        self.membership = Some((user, membership));
        self
    }

    /// The PDU's `sender` must belong to `origin`, the server that made the
    /// request (its X-Matrix `origin`).
    #[must_use]
    pub fn origin(mut self, origin: &'a ServerName) -> Self {
        self.origin = Some(origin);
        self
    }
}

/// How a [`Verified`] PDU passed verification (`EVAL-5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VerifiedOutcome {
    /// Signatures and content hash hold: the PDU is the one received.
    Valid,
    /// Signatures hold but the content hash does not: the PDU is the redacted
    /// copy of the one received (P1-26).
    ValidRedacted,
}

/// Why [`verify_pdu`] refused a PDU. Every case means: drop the PDU.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyPduError {
    /// The PDU is in another room than the request's (P1-20).
    #[error("the PDU's room is {found:?}, the request was for {expected}")]
    WrongRoom {
        /// The room of the request.
        expected: OwnedRoomId,
        /// The PDU's room (`None`: a v12 create event whose room ID could
        /// not be derived).
        found: Option<OwnedRoomId>,
    },
    /// A membership endpoint received a PDU that is not `m.room.member`.
    #[error("the PDU's type is `{found}`, expected `m.room.member`")]
    NotAMembership {
        /// The PDU's type.
        found: String,
    },
    /// The membership event is about another user than the request's.
    #[error("the PDU's state_key is {found:?}, the request was for {expected}")]
    WrongStateKey {
        /// The user of the request.
        expected: String,
        /// The PDU's `state_key`.
        found: Option<String>,
    },
    /// The membership event has another membership than the endpoint's.
    #[error("the PDU's membership is {found:?}, expected `{expected}`")]
    WrongMembership {
        /// The endpoint's membership.
        expected: String,
        /// The PDU's `content.membership`, if a string.
        found: Option<String>,
    },
    /// The PDU's sender is not a user of the requesting server.
    #[error("the PDU's sender is on `{found}`, but the request came from `{expected}`")]
    WrongOrigin {
        /// The requesting server.
        expected: OwnedServerName,
        /// The server of the PDU's sender.
        found: OwnedServerName,
    },
    /// The PDU was parsed for another event format than `rules`'.
    #[error("the PDU was parsed for another room version's format")]
    WrongRoomVersion,
    /// The signatures could not be checked at all (malformed).
    #[error("{0}")]
    Malformed(#[from] VerifyEventError),
    /// The signatures do not hold (`EVAL-1`…`EVAL-3`).
    #[error("the PDU's signatures do not hold")]
    BadSignatures {
        /// Which server and key failed or was missing.
        report: Box<SignatureReport>,
    },
    /// The redacted copy of a PDU whose content hash failed is not a valid
    /// PDU. Redaction keeps every key the format checks read, so this is not
    /// expected; it is an error rather than a panic.
    #[error("the redacted copy is not a valid PDU: {0}")]
    Redacted(PduError),
}

/// A PDU whose signatures were verified by [`verify_pdu`]; the only way to
/// get one. It has no public constructor: holding a
/// `Verified<Pdu>` proves the checks ran (P1-21).
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_events::{Event, Expected, Pdu, VerifiedOutcome, verify_pdu};
/// use mxp_ids::{KeyId, RoomId, ServerName};
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_signatures::{KeyRing, SigningKey, sign_event};
///
/// let rules = &RoomVersionRules::V11;
/// let key = SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[3; 32]).unwrap();
/// let CanonicalJsonValue::Object(mut json) = CanonicalJsonValue::try_from(serde_json::json!({
///     "type": "m.room.message", "room_id": "!r:a.example", "sender": "@u:a.example",
///     "content": {"body": "hi"}, "origin_server_ts": 5, "depth": 1,
///     "prev_events": [], "auth_events": [],
/// })).unwrap() else { unreachable!() };
/// sign_event(&mut json, ServerName::parse("a.example").unwrap(), &key, rules).unwrap();
/// let pdu = Pdu::from_canonical_object(json, None, rules).unwrap();
///
/// let mut keys = KeyRing::new();
/// keys.insert("a.example", key.key_id(), *key.public_key());
/// let room = RoomId::parse("!r:a.example").unwrap();
/// let verified = verify_pdu(pdu, Expected::room(room), rules, &keys).unwrap();
/// assert_eq!(verified.outcome(), VerifiedOutcome::Valid);
/// assert_eq!(verified.sender().as_str(), "@u:a.example"); // an `Event`
/// ```
///
/// It cannot be built without verifying:
///
/// ```compile_fail,E0451
/// use mxp_events::{Pdu, Verified, VerifiedOutcome};
/// use mxp_signatures::SignatureReport;
///
/// fn forge(pdu: Pdu, report: SignatureReport) -> Verified<Pdu> {
///     Verified { event: pdu, outcome: VerifiedOutcome::Valid, report }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified<E> {
    event: E,
    outcome: VerifiedOutcome,
    report: SignatureReport,
}

impl<E> Verified<E> {
    /// The verified event (for [`VerifiedOutcome::ValidRedacted`], the
    /// redacted copy).
    pub fn get(&self) -> &E {
        &self.event
    }

    /// Gives back the verified event.
    pub fn into_inner(self) -> E {
        self.event
    }

    /// Whether the event is the received one or its redacted copy.
    pub fn outcome(&self) -> VerifiedOutcome {
        self.outcome
    }

    /// The signature checks that passed.
    pub fn report(&self) -> &SignatureReport {
        &self.report
    }
}

impl<E: Event> Event for Verified<E> {
    fn event_id(&self) -> &EventId {
        self.event.event_id()
    }
    fn room_id(&self) -> Option<&RoomId> {
        self.event.room_id()
    }
    fn sender(&self) -> &UserId {
        self.event.sender()
    }
    fn event_type(&self) -> &str {
        self.event.event_type()
    }
    fn state_key(&self) -> Option<&str> {
        self.event.state_key()
    }
    fn content(&self) -> &CanonicalJsonObject {
        self.event.content()
    }
    fn origin_server_ts(&self) -> i64 {
        self.event.origin_server_ts()
    }
    fn depth(&self) -> i64 {
        self.event.depth()
    }
    fn prev_events(&self) -> &[OwnedEventId] {
        self.event.prev_events()
    }
    fn auth_events(&self) -> &[OwnedEventId] {
        self.event.auth_events()
    }
    fn redacts(&self) -> Option<&EventId> {
        self.event.redacts()
    }
    fn json(&self) -> &CanonicalJsonObject {
        self.event.json()
    }
}

/// Checks a received PDU against what the request said it must be
/// ([`Expected`], P1-20), then its signatures and content hash with
/// [`mxp_signatures::verify_event`] (`EVAL-1`…`EVAL-5`), and wraps it.
///
/// The request checks come first: they are cheap, and a PDU for another room
/// is dropped whatever its signatures. With a failed content hash the result
/// holds the redacted copy ([`VerifiedOutcome::ValidRedacted`], P1-26).
pub fn verify_pdu(
    pdu: Pdu,
    expected: Expected<'_>,
    rules: &RoomVersionRules,
    keys: &KeyRing,
) -> Result<Verified<Pdu>, VerifyPduError> {
    if pdu.format() != rules.event_format {
        return Err(VerifyPduError::WrongRoomVersion);
    }
    check_expected(&pdu, expected, rules)?;
    match mxp_signatures::verify_event(pdu.json(), rules, keys)? {
        EventVerification::Valid { report } => Ok(Verified {
            event: pdu,
            outcome: VerifiedOutcome::Valid,
            report,
        }),
        EventVerification::ValidRedacted {
            redacted, report, ..
        } => {
            let event = Pdu::from_canonical_object(redacted, Some(pdu.event_id()), rules)
                .map_err(VerifyPduError::Redacted)?;
            Ok(Verified {
                event,
                outcome: VerifiedOutcome::ValidRedacted,
                report,
            })
        }
        EventVerification::Invalid { report } => Err(VerifyPduError::BadSignatures {
            report: Box::new(report),
        }),
        // `EventVerification` is non-exhaustive: anything new is not a pass.
        other => Err(VerifyPduError::BadSignatures {
            report: Box::new(other.report().clone()),
        }),
    }
}

fn check_expected(
    pdu: &Pdu,
    expected: Expected<'_>,
    rules: &RoomVersionRules,
) -> Result<(), VerifyPduError> {
    if let Some(room) = expected.room_id {
        // A v12 create event has no `room_id`: its room is its own hash.
        let found = match pdu.room_id() {
            Some(id) => Some(id.to_owned()),
            None => mxp_signatures::room_id_of_create_event(pdu.json(), rules).ok(),
        };
        if found.as_deref() != Some(room) {
            return Err(VerifyPduError::WrongRoom {
                expected: room.to_owned(),
                found,
            });
        }
    }
    if let Some((user, membership)) = expected.membership {
        if pdu.event_type() != "m.room.member" {
            return Err(VerifyPduError::NotAMembership {
                found: pdu.event_type().to_owned(),
            });
        }
        if pdu.state_key() != Some(user.as_str()) {
            return Err(VerifyPduError::WrongStateKey {
                expected: user.as_str().to_owned(),
                found: pdu.state_key().map(str::to_owned),
            });
        }
        let found = pdu
            .content()
            .get("membership")
            .and_then(CanonicalJsonValue::as_str);
        if found != Some(membership) {
            return Err(VerifyPduError::WrongMembership {
                expected: membership.to_owned(),
                found: found.map(str::to_owned),
            });
        }
    }
    if let Some(origin) = expected.origin {
        let found = pdu.sender().server_name();
        if found != origin {
            return Err(VerifyPduError::WrongOrigin {
                expected: origin.to_owned(),
                found: found.to_owned(),
            });
        }
    }
    Ok(())
}
