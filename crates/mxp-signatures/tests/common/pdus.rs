//! PDUs for the event verification tests: one of each room version's
//! format, signed by any servers.

use mxp_canonical_json::CanonicalJsonObject;
use mxp_ids::ServerName;
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{EventVerification, SigningKey, VerifyEventError, sign_event};

use super::obj;

pub const TS: i64 = 1_600_000_000_000;

pub fn all() -> impl Iterator<Item = &'static RoomVersionRules> {
    RoomVersionRules::ALL.iter().map(|(_, r)| *r)
}

pub fn version(rules: &RoomVersionRules) -> usize {
    RoomVersionRules::ALL
        .iter()
        .position(|(_, r)| *r == rules)
        .unwrap()
        + 1
}

/// A PDU of `rules`' format: v1/v2 carry `event_id` `$ev:<event_id_server>`.
pub fn pdu(
    rules: &RoomVersionRules,
    sender: &str,
    ty: &str,
    content: serde_json::Value,
    state_key: Option<&str>,
    event_id_server: &str,
) -> CanonicalJsonObject {
    let mut json = serde_json::json!({
        "type": ty,
        "room_id": "!room:x.example",
        "sender": sender,
        "content": content,
        "origin_server_ts": TS,
        "depth": 5,
        "prev_events": [],
        "auth_events": [],
        "unsigned": {"age": 10},
    });
    if let Some(sk) = state_key {
        json["state_key"] = sk.into();
    }
    if version(rules) <= 2 {
        json["event_id"] = format!("$ev:{event_id_server}").into();
    }
    obj(json)
}

pub fn message(rules: &RoomVersionRules, sender: &str) -> CanonicalJsonObject {
    let server = sender.split_once(':').unwrap().1;
    pdu(
        rules,
        sender,
        "m.room.message",
        serde_json::json!({"body": "hi", "msgtype": "m.text"}),
        None,
        server,
    )
}

pub fn signed_by(
    mut event: CanonicalJsonObject,
    signers: &[(&str, &SigningKey)],
    rules: &RoomVersionRules,
) -> CanonicalJsonObject {
    for (server, key) in signers {
        sign_event(&mut event, ServerName::parse(server).unwrap(), key, rules).unwrap();
    }
    event
}

pub fn is_valid(r: &Result<EventVerification, VerifyEventError>) -> bool {
    matches!(r, Ok(EventVerification::Valid { .. }))
}

pub fn is_invalid(r: &Result<EventVerification, VerifyEventError>) -> bool {
    matches!(r, Ok(EventVerification::Invalid { .. }))
}
