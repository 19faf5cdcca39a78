//! Ops `auth` and `auth_types`: the authorization rules (`PROTOCOL.md`).
//!
//! `auth`: `room_version`, `event`, `auth_events` (the events the event cites,
//! plus in v12 the create event; they are both its auth events and the state
//! it is checked against) and optional `keys` (`{server: {key_id: key}}`) to
//! verify the authorising server's signature of a restricted join; without
//! them signatures count as verified on receipt. Answers `{"allowed": true}` or
//! `{"allowed": false, "rule": <rule ID>, "reason": …}`.
//!
//! `auth_types`: `room_version`, `event`; answers the `[type, state_key]`
//! pairs the event needs as auth events, each once, in selection order.

use std::collections::BTreeMap;

use mxp_auth::{AuthCheck, Rejection, SignatureVerifier, auth_types_for_event};
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::Pdu;
use mxp_ids::{KeyId, ServerName};
use mxp_room_versions::{EventFormat, RoomVersionRules};
use mxp_signatures::{EntityStatus, KeyRing, PublicKey, verify_event};
use serde_json::json;

use super::{BatchError, Output, Request};

/// A PDU with its event ID: carried in v1–v2, the reference hash from v3.
fn pdu(json: CanonicalJsonObject, rules: &RoomVersionRules, what: &str) -> Result<Pdu, BatchError> {
    let invalid =
        |e: &dyn std::fmt::Display| BatchError::new("invalid_event", format!("{what}: {e}"));
    let id = match rules.event_format {
        EventFormat::V1 => None,
        _ => Some(mxp_signatures::event_id(&json, rules).map_err(|e| invalid(&e))?),
    };
    Pdu::from_canonical_object(json, id.as_deref(), rules).map_err(|e| invalid(&e))
}

/// Verifies signatures with the request's `keys`.
struct Keys(KeyRing);

impl SignatureVerifier for Keys {
    fn is_signed_by(
        &self,
        rules: &RoomVersionRules,
        event: &CanonicalJsonObject,
        server: &ServerName,
    ) -> bool {
        verify_event(event, rules, &self.0).is_ok_and(|v| {
            v.report()
                .entity(server.as_str())
                .is_some_and(|e| matches!(e.status, EntityStatus::Verified { .. }))
        })
    }
}

fn key_ring(keys: BTreeMap<String, BTreeMap<String, String>>) -> Result<KeyRing, BatchError> {
    let mut ring = KeyRing::new();
    for (server, by_id) in keys {
        for (key_id, key) in by_id {
            let id = KeyId::parse(&key_id).map_err(|e| {
                BatchError::bad_request(format!("keys[{server:?}]: key ID {key_id:?}: {e}"))
            })?;
            let key = PublicKey::from_base64(&key).map_err(|e| {
                BatchError::bad_request(format!("keys[{server:?}][{key_id:?}]: {e}"))
            })?;
            ring.insert(&server, id, key);
        }
    }
    Ok(ring)
}

fn answer(result: Result<mxp_auth::Allowed, Rejection>) -> Output {
    Output::Json(match result {
        Ok(_) => json!({"allowed": true}),
        Err(r) => json!({"allowed": false, "rule": r.rule_id().to_string(), "reason": r.reason()}),
    })
}

pub(super) fn auth(req: &Request<'_>) -> Result<Output, BatchError> {
    let rules = req.room_version()?.rules;
    let event = pdu(req.event("event", rules)?, rules, "event")?;
    let auth_events = req
        .events("auth_events", rules)?
        .into_iter()
        .enumerate()
        .map(|(i, json)| pdu(json, rules, &format!("auth_events[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let keys: Option<BTreeMap<String, BTreeMap<String, String>>> = req.opt_json("keys")?;
    let check = AuthCheck::new(rules);
    let events = auth_events.as_slice();
    Ok(answer(match keys {
        None => check.check(&event, events, events),
        Some(keys) => check
            .with_verifier(Keys(key_ring(keys)?))
            .check(&event, events, events),
    }))
}

pub(super) fn auth_types(req: &Request<'_>) -> Result<Output, BatchError> {
    let rules = req.room_version()?.rules;
    let event = req.event("event", rules)?;
    let field = |key: &str| event.get(key).and_then(CanonicalJsonValue::as_str);
    let invalid = |what: &str| BatchError::new("invalid_event", format!("event: {what}"));
    let event_type = field("type").ok_or_else(|| invalid("`type` is missing or not a string"))?;
    let sender = field("sender").ok_or_else(|| invalid("`sender` is missing or not a string"))?;
    let state_key = match event.get("state_key") {
        None | Some(CanonicalJsonValue::Null) => None,
        Some(CanonicalJsonValue::String(k)) => Some(k.as_str()),
        Some(_) => return Err(invalid("`state_key` is not a string")),
    };
    let content = event
        .get("content")
        .and_then(CanonicalJsonValue::as_object)
        .ok_or_else(|| invalid("`content` is missing or not an object"))?;
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for pair in auth_types_for_event(rules, event_type, sender, state_key, content).iter() {
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }
    Ok(Output::Json(json!(
        pairs.iter().map(|(t, k)| [t, k]).collect::<Vec<_>>()
    )))
}
