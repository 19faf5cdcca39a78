//! Event ops (`PROTOCOL.md`): `redact`, `content_hash`, `reference_hash`,
//! `event_id`, `sign_event`, `verify_event`, for every room version.
//!
//! Each takes `room_version` and `event`, a PDU parsed exactly with the
//! version's canonical JSON rules (`CJ-6`: strict from v6, lenient numbers
//! in v1–v5). These ops are the hashing, redaction and signing algorithms
//! on the event's JSON: the PDU format checks (`PDU-*`) are not applied, so
//! that, like the spec's own test vectors, an event missing keys the
//! algorithm does not read is still hashed and signed. Events are answered
//! as canonical JSON (lenient in v1–v5, so legacy numbers come back as
//! received).
//!
//! - `redact`: the redacted event (`REDACT-v<N>-*`).
//! - `content_hash`: `HASH-1`, unpadded standard base64.
//! - `reference_hash`: `REF-1`, unpadded base64, standard for v1–v3 and
//!   URL-safe for v4+ (`REF-2`).
//! - `event_id`: `$` + the reference hash for v3+; `not_derivable` in v1–v2,
//!   whose event IDs are chosen by the sender (`REF-2`).
//! - `sign_event` (plus `server_name`, `key_id`, `seed`): `ESIG-1`…`ESIG-4`.
//!   Outgoing events are strict canonical JSON in every version (P1-10).
//! - `verify_event` (plus `keys`, `{server_name: {key_id: public_key}}`,
//!   valid at any time): `EVAL-1`…`EVAL-5`, answered as
//!   `{"content_hash": "match"|"mismatch", "event": …, "signatures":
//!   "valid"|"invalid"}` where `event` is the event as given, or its
//!   redacted form when the content hash does not match (or is missing).
//!
//! Error kinds beyond the parser's: `missing_field` and `invalid_event`
//! (the event lacks, or has the wrong type of, a key the algorithm needs:
//! `type`, `content`, `sender`, in v1–v2 `event_id`, from v5
//! `origin_server_ts`), `invalid_identifier` (a sender, event ID or
//! authorising user that is not a valid ID), `invalid_signature`
//! (`signatures` not an object of objects), `not_derivable`.

use mxp_canonical_json::CanonicalJsonObject;
use mxp_redaction::RedactionError;
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{
    ContentHashCheck, EventHashError, EventVerification, HashError, SignEventError,
    VerifyEventError, base64, check_content_hash,
};

use super::keys::{encode, encode_error, key_ring, server_name, signing_key};
use super::{BatchError, Output, Request};

/// The room version's rules and the `event` field.
fn event(
    req: &Request<'_>,
) -> Result<(&'static RoomVersionRules, CanonicalJsonObject), BatchError> {
    let rules = req.room_version()?.rules;
    let event = req.event("event", rules)?;
    Ok((rules, event))
}

pub(super) fn redact(req: &Request<'_>) -> Result<Output, BatchError> {
    let (rules, event) = event(req)?;
    let redacted = mxp_redaction::redact(&event, rules).map_err(|e| redaction_error(&e))?;
    Ok(Output::Raw(encode(redacted, rules.strict_canonical_json)?))
}

pub(super) fn content_hash(req: &Request<'_>) -> Result<Output, BatchError> {
    let (rules, event) = event(req)?;
    let hash = mxp_signatures::content_hash(&event, rules).map_err(|e| content_hash_error(&e))?;
    Ok(Output::Json(base64::encode(hash).into()))
}

pub(super) fn reference_hash(req: &Request<'_>) -> Result<Output, BatchError> {
    let (rules, event) = event(req)?;
    let hash = mxp_signatures::reference_hash_base64(&event, rules).map_err(|e| hash_error(&e))?;
    Ok(Output::Json(hash.into()))
}

pub(super) fn event_id(req: &Request<'_>) -> Result<Output, BatchError> {
    let (rules, event) = event(req)?;
    let id = mxp_signatures::event_id(&event, rules).map_err(|e| hash_error(&e))?;
    Ok(Output::Json(id.as_str().into()))
}

pub(super) fn sign_event(req: &Request<'_>) -> Result<Output, BatchError> {
    let (rules, mut event) = event(req)?;
    let server = server_name(req, "server_name")?;
    let key = signing_key(req)?;
    mxp_signatures::sign_event(&mut event, &server, &key, rules).map_err(|e| {
        let kind = match &e {
            SignEventError::Redaction(e) => return redaction_error(e),
            SignEventError::Encode(e) => e.kind(),
            SignEventError::SignaturesNotObject | SignEventError::EntitySignaturesNotObject(_) => {
                "invalid_signature"
            }
            _ => "invalid_event",
        };
        BatchError::new(kind, format!("field `event`: {e}"))
    })?;
    Ok(Output::Raw(encode(event, true)?))
}

pub(super) fn verify_event(req: &Request<'_>) -> Result<Output, BatchError> {
    let (rules, event) = event(req)?;
    let keys = key_ring(req, "keys")?;
    let verification =
        mxp_signatures::verify_event(&event, rules, &keys).map_err(|e| verify_error(&e))?;
    let (signatures, hash_matches, redacted) = match verification {
        EventVerification::Valid { .. } => (true, true, None),
        EventVerification::ValidRedacted { redacted, .. } => (true, false, Some(redacted)),
        // No event is to be used, but the protocol still asks for the
        // content hash outcome and the event that goes with it (EVAL-5).
        EventVerification::Invalid { .. } => {
            match check_content_hash(&event, rules).map_err(|e| content_hash_error(&e))? {
                ContentHashCheck::Match => (false, true, None),
                _ => {
                    let redacted =
                        mxp_redaction::redact(&event, rules).map_err(|e| redaction_error(&e))?;
                    (false, false, Some(redacted))
                }
            }
        }
        _ => {
            return Err(BatchError::new(
                "invalid_event",
                "unknown verification outcome",
            ));
        }
    };
    let event = encode(redacted.unwrap_or(event), rules.strict_canonical_json)?;
    let hash = if hash_matches { "match" } else { "mismatch" };
    let signatures = if signatures { "valid" } else { "invalid" };
    // Keys in canonical (code point) order.
    Ok(Output::Raw(format!(
        r#"{{"content_hash":"{hash}","event":{event},"signatures":"{signatures}"}}"#
    )))
}

fn redaction_error(e: &RedactionError) -> BatchError {
    let kind = match e {
        RedactionError::MissingType | RedactionError::MissingContent => "missing_field",
        _ => "invalid_event",
    };
    BatchError::new(kind, format!("field `event`: {e}"))
}

fn content_hash_error(e: &HashError) -> BatchError {
    match e {
        HashError::Encode(e) => encode_error(e),
        _ => BatchError::new("invalid_event", format!("field `event`: {e}")),
    }
}

fn hash_error(e: &EventHashError) -> BatchError {
    let kind = match e {
        EventHashError::Redaction(e) => return redaction_error(e),
        EventHashError::Encode(e) => return encode_error(e),
        EventHashError::NotDerivable => "not_derivable",
        _ => "invalid_event",
    };
    BatchError::new(kind, format!("field `event`: {e}"))
}

fn verify_error(e: &VerifyEventError) -> BatchError {
    let kind = match e {
        VerifyEventError::Redaction(e) => return redaction_error(e),
        VerifyEventError::Encode(e) => return encode_error(e),
        VerifyEventError::MissingSender
        | VerifyEventError::MissingEventId
        | VerifyEventError::MissingOriginServerTs => "missing_field",
        VerifyEventError::InvalidSender(_)
        | VerifyEventError::InvalidEventId(_)
        | VerifyEventError::EventIdHasNoServer
        | VerifyEventError::InvalidAuthorisingUser => "invalid_identifier",
        VerifyEventError::SignaturesNotObject => "invalid_signature",
        _ => "invalid_event",
    };
    BatchError::new(kind, format!("field `event`: {e}"))
}
