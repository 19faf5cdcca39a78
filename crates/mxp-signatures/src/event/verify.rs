//! Checking a received PDU's signatures and content hash (`EVAL-1`…`EVAL-5`).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, EncodeError};
use mxp_ids::{EventId, IdError, OwnedServerName, UserId};
use mxp_redaction::{RedactionError, redact};
use mxp_room_versions::RoomVersionRules;

use crate::batch::BatchMode;
use crate::canonical::Numbers;
use crate::engine::Collector;
use crate::event::ids::{InputError, redacted_signing_input};
use crate::hash::{ContentHashCheck, HashError, check_content_hash, sha256};
use crate::keyring::KeyRing;
use crate::report::{Requirement, SignatureReport};

/// Why a PDU's signatures could not be checked at all. Such a PDU is
/// malformed and is dropped, like one whose signatures are invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyEventError {
    /// The event cannot be redacted (no string `type` or no object
    /// `content`).
    #[error("{0}")]
    Redaction(#[from] RedactionError),
    /// The event has no canonical JSON encoding for its room version
    /// (strict from v6, `CJ-6`).
    #[error("the event is not canonical JSON: {0}")]
    Encode(#[from] EncodeError),
    /// `sender` is missing or not a string.
    #[error("`sender` is missing or not a string")]
    MissingSender,
    /// `sender` is not a user ID.
    #[error("invalid sender: {0}")]
    InvalidSender(IdError),
    /// A v1/v2 event has no string `event_id` (`EVAL-2`).
    #[error("`event_id` is missing or not a string")]
    MissingEventId,
    /// A v1/v2 `event_id` is not an event ID.
    #[error("invalid event_id: {0}")]
    InvalidEventId(IdError),
    /// A v1/v2 `event_id` is not of the `$opaque:server` form, so the server
    /// that must sign it is unknown (`EVAL-2`).
    #[error("`event_id` names no server")]
    EventIdHasNoServer,
    /// `content.join_authorised_via_users_server` (v8+) is present but not a
    /// user ID, so the server that must sign is unknown (`EVAL-2`).
    #[error("`content.join_authorised_via_users_server` is not a user ID")]
    InvalidAuthorisingUser,
    /// `origin_server_ts` is missing or not an integer, and the room version
    /// checks key validity against it (`EVAL-4`, v5+).
    #[error("`origin_server_ts` is missing or not an integer")]
    MissingOriginServerTs,
    /// `signatures` is not an object.
    #[error("`signatures` is not an object")]
    SignaturesNotObject,
}

impl From<InputError> for VerifyEventError {
    fn from(e: InputError) -> Self {
        match e {
            InputError::Redaction(e) => Self::Redaction(e),
            InputError::Encode(e) => Self::Encode(e),
        }
    }
}

impl From<HashError> for VerifyEventError {
    fn from(e: HashError) -> Self {
        match e {
            HashError::Encode(e) => Self::Encode(e),
        }
    }
}

/// The servers that must have signed a PDU (`EVAL-2`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequiredSigners {
    /// Each of these servers must have a verified signature.
    Servers(Vec<OwnedServerName>),
    /// A third-party invite (`m.room.member`, `membership: invite`, with
    /// `content.third_party_invite`) with no other required server: the
    /// server that sends it may be any server, not the sender's (`EVAL-2`).
    /// At least one signature by a server whose key is known must verify, and
    /// none that is checked may fail. (Synapse checks no server signature at
    /// all on such events; we still require one, so that a verified event is
    /// never one with zero signatures checked, P1-22. The invite itself is
    /// authenticated by its `signed` block in the auth rules.)
    AnyServer,
}

/// The outcome of checking a received PDU: which event to use, if any.
///
/// ```
/// # use mxp_canonical_json::CanonicalJsonObject;
/// # use mxp_signatures::EventVerification;
/// # fn store(_: &CanonicalJsonObject) {}
/// # fn handle(received: CanonicalJsonObject, verification: EventVerification) {
/// match verification.event_to_use(&received) {
///     Some(event) => store(event), // the received event, or its redacted copy
///     None => {}                   // invalid signatures: drop
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
#[non_exhaustive]
pub enum EventVerification {
    /// Signatures valid and content hash matches: use the event as received.
    Valid {
        /// The signature checks.
        report: SignatureReport,
    },
    /// Signatures valid but the content hash does not match (or is missing):
    /// the content was changed, or a redacted copy was received. Use the
    /// redacted copy, never the received event (`EVAL-5`, P1-26).
    ValidRedacted {
        /// The redacted event to use instead of the received one; its
        /// signatures still verify.
        redacted: CanonicalJsonObject,
        /// The signature checks.
        report: SignatureReport,
        /// How the content hash failed.
        content_hash: ContentHashCheck,
    },
    /// The signatures do not hold: drop the event (`EVAL-1`…`EVAL-3`). The
    /// report says which server and key failed or was missing.
    Invalid {
        /// The signature checks.
        report: SignatureReport,
    },
}

impl EventVerification {
    /// The event to continue with: the received one if [`Self::Valid`], the
    /// redacted copy if [`Self::ValidRedacted`], none if [`Self::Invalid`].
    pub fn event_to_use<'a>(
        &'a self,
        received: &'a CanonicalJsonObject,
    ) -> Option<&'a CanonicalJsonObject> {
        match self {
            Self::Valid { .. } => Some(received),
            Self::ValidRedacted { redacted, .. } => Some(redacted),
            Self::Invalid { .. } => None,
        }
    }

    /// Like [`Self::event_to_use`], taking ownership.
    pub fn into_event_to_use(self, received: CanonicalJsonObject) -> Option<CanonicalJsonObject> {
        match self {
            Self::Valid { .. } => Some(received),
            Self::ValidRedacted { redacted, .. } => Some(redacted),
            Self::Invalid { .. } => None,
        }
    }

    /// Whether the signatures hold ([`Self::Valid`] or
    /// [`Self::ValidRedacted`]).
    pub fn signatures_valid(&self) -> bool {
        !matches!(self, Self::Invalid { .. })
    }

    /// The signature checks.
    pub fn report(&self) -> &SignatureReport {
        match self {
            Self::Valid { report }
            | Self::ValidRedacted { report, .. }
            | Self::Invalid { report } => report,
        }
    }
}

fn server_of_user(value: Option<&CanonicalJsonValue>) -> Option<Result<OwnedServerName, IdError>> {
    let s = value?.as_str()?;
    Some(UserId::parse(s).map(|u| u.server_name().to_owned()))
}

/// The servers that must have signed `event` in its room version (`EVAL-2`):
///
/// * the server of the `sender` (all versions; P1-19), except for a
///   third-party invite (`m.room.member` with `membership: invite` and
///   `content.third_party_invite`), which the inviting user's server need not
///   sign (P1-24);
/// * in v1 and v2, the server of the `event_id` (P1-25);
/// * from v8, for an `m.room.member` event whose content has
///   `join_authorised_via_users_server`, the server of that user. The spec's
///   rule covers any membership; Synapse only asks for it on joins, ruma on
///   any membership. We follow the spec (the signature is only produced on
///   joins in practice, and a non-join carrying the key without the
///   signature is malformed under the spec's text).
pub fn required_signers(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<RequiredSigners, VerifyEventError> {
    let mut servers: Vec<OwnedServerName> = Vec::new();
    let mut add = |server: OwnedServerName| {
        if !servers.contains(&server) {
            servers.push(server);
        }
    };
    let sender = server_of_user(event.get("sender"))
        .ok_or(VerifyEventError::MissingSender)?
        .map_err(VerifyEventError::InvalidSender)?;
    let is_member = event.get("type").and_then(CanonicalJsonValue::as_str) == Some("m.room.member");
    let content = event.get("content").and_then(CanonicalJsonValue::as_object);
    let third_party_invite = is_member
        && content.is_some_and(|c| {
            c.get("membership").and_then(CanonicalJsonValue::as_str) == Some("invite")
                && c.contains_key("third_party_invite")
        });
    if !third_party_invite {
        add(sender);
    }
    if rules.signatures.event_id_server {
        let id = event
            .get("event_id")
            .and_then(CanonicalJsonValue::as_str)
            .ok_or(VerifyEventError::MissingEventId)?;
        let id = EventId::parse(id).map_err(VerifyEventError::InvalidEventId)?;
        add(id
            .server_name()
            .ok_or(VerifyEventError::EventIdHasNoServer)?
            .to_owned());
    }
    if rules.signatures.join_authorising_server
        && is_member
        && let Some(authoriser) = content.and_then(|c| c.get("join_authorised_via_users_server"))
    {
        let server = server_of_user(Some(authoriser))
            .and_then(Result::ok)
            .ok_or(VerifyEventError::InvalidAuthorisingUser)?;
        add(server);
    }
    Ok(if servers.is_empty() {
        RequiredSigners::AnyServer
    } else {
        RequiredSigners::Servers(servers)
    })
}

/// Checks a received PDU (`EVAL-1`…`EVAL-5`) with the keys the caller
/// fetched, and says which event to continue with.
///
/// 1. The event is redacted with the room version's algorithm and the
///    signatures are checked on the redacted form (`EVAL-1`), so a redacted
///    copy verifies as well as the full event.
/// 2. Each server of [`required_signers`] must pass (`EVAL-2`): every
///    signature of it made with a known `ed25519` key must verify, at least
///    one must (never valid with zero signatures checked, P1-22); unknown
///    keys are skipped (`EVAL-3`, P1-23); deny-listed keys fail (P1-28).
/// 3. From room version 5, keys are only used for events they were valid
///    for: [`KeyValidity::is_valid_at`](crate::KeyValidity::is_valid_at) the
///    event's `origin_server_ts`; other keys are skipped like unknown ones
///    (`EVAL-4`). Before v5, validity is ignored, for current and old keys
///    alike (as Synapse does).
/// 4. If the signatures pass, the content hash is compared (`EVAL-5`): a
///    mismatch yields [`EventVerification::ValidRedacted`] with the redacted
///    copy to use instead — not a rejection (P1-26).
///
/// Numbers are read per the room version: v1–v5 events may hold legacy
/// numbers and are encoded leniently (`CJ-6`).
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_ids::{KeyId, ServerName};
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_signatures::{EventVerification, KeyRing, SigningKey, sign_event, verify_event};
///
/// let rules = &RoomVersionRules::V11;
/// let key = SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[3; 32]).unwrap();
/// let json = serde_json::json!({
///     "type": "m.room.message", "room_id": "!r:a.example", "sender": "@u:a.example",
///     "content": {"body": "hi"}, "origin_server_ts": 5, "depth": 1,
///     "prev_events": [], "auth_events": [],
/// });
/// let CanonicalJsonValue::Object(mut event) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// sign_event(&mut event, ServerName::parse("a.example").unwrap(), &key, rules).unwrap();
///
/// let mut keys = KeyRing::new();
/// keys.insert("a.example", key.key_id(), *key.public_key());
/// assert!(matches!(verify_event(&event, rules, &keys), Ok(EventVerification::Valid { .. })));
///
/// // Content changed in transit: signatures still hold, use the redacted copy.
/// let mut changed = event.clone();
/// changed.insert("content".into(), serde_json::json!({"body": "bye"}).try_into().unwrap());
/// let verification = verify_event(&changed, rules, &keys).unwrap();
/// assert!(matches!(verification, EventVerification::ValidRedacted { .. }));
/// assert!(verification.event_to_use(&changed).unwrap()["content"].as_object().unwrap().is_empty());
///
/// // Unknown key: invalid.
/// assert!(matches!(
///     verify_event(&event, rules, &KeyRing::new()),
///     Ok(EventVerification::Invalid { .. })
/// ));
/// ```
pub fn verify_event(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
    keys: &KeyRing,
) -> Result<EventVerification, VerifyEventError> {
    verify_events(&[(event, rules)], keys, BatchMode::Auto)
        .pop()
        .unwrap_or(Err(VerifyEventError::SignaturesNotObject))
}

/// [`verify_event`] for many PDUs at once (for instance a transaction, which
/// may span rooms of different versions), with all their signatures checked
/// in one batch (see [`SignatureBatch`](crate::SignatureBatch) for the
/// policy). Results are in input order.
pub fn verify_events(
    events: &[(&CanonicalJsonObject, &RoomVersionRules)],
    keys: &KeyRing,
    mode: BatchMode,
) -> Vec<Result<EventVerification, VerifyEventError>> {
    verify_all(events, keys, mode, false)
        .into_iter()
        .map(|r| r.map(|(verification, _)| verification))
        .collect()
}

/// [`verify_events`] that also returns each event's reference hash
/// (`REF-1`, as [`reference_hash`](crate::reference_hash) computes it),
/// hashed from the very bytes whose signatures were checked: the redacted
/// event without `signatures` and `unsigned`. The receive path needs both
/// (in v3+ the event ID is `$` + the hash in base64), and this encodes each
/// event's redacted form once instead of twice.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_ids::{KeyId, ServerName};
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_signatures::{
///     BatchMode, EventVerification, KeyRing, SigningKey, reference_hash, sign_event,
///     verify_events_hashed,
/// };
///
/// let rules = &RoomVersionRules::V11;
/// let key = SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[3; 32]).unwrap();
/// let json = serde_json::json!({
///     "type": "m.room.message", "room_id": "!r:a.example", "sender": "@u:a.example",
///     "content": {"body": "hi"}, "origin_server_ts": 5, "depth": 1,
///     "prev_events": [], "auth_events": [],
/// });
/// let CanonicalJsonValue::Object(mut event) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// sign_event(&mut event, ServerName::parse("a.example").unwrap(), &key, rules).unwrap();
/// let mut keys = KeyRing::new();
/// keys.insert("a.example", key.key_id(), *key.public_key());
///
/// let results = verify_events_hashed(&[(&event, rules)], &keys, BatchMode::Auto);
/// let (verification, hash) = results[0].as_ref().unwrap();
/// assert!(matches!(verification, EventVerification::Valid { .. }));
/// assert_eq!(*hash, reference_hash(&event, rules).unwrap());
/// ```
pub fn verify_events_hashed(
    events: &[(&CanonicalJsonObject, &RoomVersionRules)],
    keys: &KeyRing,
    mode: BatchMode,
) -> Vec<Result<(EventVerification, [u8; 32]), VerifyEventError>> {
    verify_all(events, keys, mode, true)
}

/// Both entry points; the hash is all zeros unless `hash`.
fn verify_all(
    events: &[(&CanonicalJsonObject, &RoomVersionRules)],
    keys: &KeyRing,
    mode: BatchMode,
    hash: bool,
) -> Vec<Result<(EventVerification, [u8; 32]), VerifyEventError>> {
    let mut collector = Collector::new(keys);
    let planned: Vec<Result<(usize, [u8; 32]), VerifyEventError>> = events
        .iter()
        .map(|&(event, rules)| plan(&mut collector, event, rules, hash))
        .collect();
    let mut reports: Vec<Option<SignatureReport>> =
        collector.finish(mode).into_iter().map(Some).collect();
    planned
        .into_iter()
        .zip(events)
        .map(|(planned, &(event, rules))| {
            let (i, reference_hash) = planned?;
            let report = reports
                .get_mut(i)
                .and_then(Option::take)
                .ok_or(VerifyEventError::SignaturesNotObject)?;
            Ok((conclude(event, rules, report)?, reference_hash))
        })
        .collect()
}

/// Queues the event's signatures; returns the index of its report and, if
/// `hash`, its reference hash.
fn plan(
    collector: &mut Collector<'_>,
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
    hash: bool,
) -> Result<(usize, [u8; 32]), VerifyEventError> {
    let requirement = match required_signers(event, rules)? {
        RequiredSigners::Servers(servers) => {
            Requirement::All(servers.into_iter().map(String::from).collect())
        }
        RequiredSigners::AnyServer => Requirement::AnyKnown,
    };
    // EVAL-4: key validity from v5 only.
    let at = if rules.enforce_key_validity {
        Some(
            event
                .get("origin_server_ts")
                .and_then(CanonicalJsonValue::as_integer)
                .ok_or(VerifyEventError::MissingOriginServerTs)?,
        )
    } else {
        None
    };
    // EVAL-1: signatures cover the redacted form, whose hash is also the
    // reference hash (REF-1).
    let message = redacted_signing_input(event, rules, Numbers::for_rules(rules))?;
    let reference_hash = if hash { sha256(&message) } else { [0; 32] };
    let index = collector
        .add(event, message, requirement, at)
        .map_err(|_| VerifyEventError::SignaturesNotObject)?;
    Ok((index, reference_hash))
}

fn conclude(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
    report: SignatureReport,
) -> Result<EventVerification, VerifyEventError> {
    if !report.is_valid() {
        return Ok(EventVerification::Invalid { report });
    }
    // EVAL-5: only now is the content hash looked at.
    Ok(match check_content_hash(event, rules)? {
        ContentHashCheck::Match => EventVerification::Valid { report },
        content_hash => EventVerification::ValidRedacted {
            redacted: redact(event, rules)?,
            report,
            content_hash,
        },
    })
}
