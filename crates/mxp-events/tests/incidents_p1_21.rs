//! P1-21 (Dendrite CVE-2022-39200): events from `/get_missing_events` skipped
//! signature verification. A `Verified<Pdu>` is built only by `verify_pdu`
//! (the compile-fail doctest on `Verified` shows it cannot be built
//! otherwise); these tests show what it takes to get one.

use mxp_canonical_json::CanonicalJsonValue;
use mxp_events::{Event, Expected, Pdu, VerifiedOutcome, VerifyPduError, verify_pdu};
use mxp_ids::{KeyId, RoomId, ServerName};
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{KeyRing, SigningKey, sign_event};

fn key(seed: u8) -> SigningKey {
    SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[seed; 32]).unwrap()
}

fn keys() -> KeyRing {
    let key = key(1);
    let mut keys = KeyRing::new();
    keys.insert("a.example", key.key_id(), *key.public_key());
    keys
}

/// The room: v12 room IDs are create event hashes (`WF-RID-2`).
fn room_for(rules: &RoomVersionRules) -> &'static RoomId {
    if rules.room_id_format == mxp_room_versions::RoomIdFormat::CreateEventHash {
        RoomId::parse("!P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM").unwrap()
    } else {
        room()
    }
}

fn signed_json(rules: &RoomVersionRules) -> mxp_canonical_json::CanonicalJsonObject {
    let mut json = serde_json::json!({
        "type": "m.room.message", "room_id": room_for(rules).as_str(), "sender": "@u:a.example",
        "content": {"body": "hello", "msgtype": "m.text"}, "origin_server_ts": 5, "depth": 4,
        "prev_events": [], "auth_events": [],
    });
    if rules.event_format == mxp_room_versions::EventFormat::V1 {
        json["event_id"] = "$e1:a.example".into();
    }
    let CanonicalJsonValue::Object(mut json) = CanonicalJsonValue::try_from(json).unwrap() else {
        panic!("not an object")
    };
    sign_event(
        &mut json,
        ServerName::parse("a.example").unwrap(),
        &key(1),
        rules,
    )
    .unwrap();
    json
}

fn room() -> &'static RoomId {
    RoomId::parse("!r:a.example").unwrap()
}

#[test]
fn p1_21_every_version_verifies_a_signed_pdu() {
    for (version, rules) in RoomVersionRules::ALL {
        let pdu = Pdu::from_canonical_object(signed_json(rules), None, rules).unwrap();
        let verified = verify_pdu(pdu, Expected::room(room_for(rules)), rules, &keys())
            .unwrap_or_else(|e| panic!("v{version}: {e}"));
        assert_eq!(verified.outcome(), VerifiedOutcome::Valid);
    }
}

#[test]
fn p1_21_tampered_pdu_is_not_verified() {
    let rules = &RoomVersionRules::V11;
    let mut json = signed_json(rules);
    json.insert("origin_server_ts".into(), 6.into());
    let pdu = Pdu::from_canonical_object(json, None, rules).unwrap();
    let err = verify_pdu(pdu, Expected::room(room()), rules, &keys());
    assert!(
        matches!(err, Err(VerifyPduError::BadSignatures { .. })),
        "{err:?}"
    );
}

#[test]
fn p1_21_pdu_signed_by_another_key_is_not_verified() {
    let rules = &RoomVersionRules::V11;
    let mut json = signed_json(rules);
    json.remove("signatures");
    sign_event(
        &mut json,
        ServerName::parse("a.example").unwrap(),
        &key(2),
        rules,
    )
    .unwrap();
    let pdu = Pdu::from_canonical_object(json, None, rules).unwrap();
    let err = verify_pdu(pdu, Expected::room(room()), rules, &keys());
    assert!(
        matches!(err, Err(VerifyPduError::BadSignatures { .. })),
        "{err:?}"
    );
}

#[test]
fn p1_21_content_changed_in_transit_verifies_as_the_redacted_copy() {
    let rules = &RoomVersionRules::V11;
    let mut json = signed_json(rules);
    let original_id = mxp_signatures::event_id(&json, rules).unwrap();
    json.insert(
        "content".into(),
        CanonicalJsonValue::try_from(serde_json::json!({"body": "forged"})).unwrap(),
    );
    let pdu = Pdu::from_canonical_object(json, None, rules).unwrap();
    let verified = verify_pdu(pdu, Expected::room(room()), rules, &keys()).unwrap();
    assert_eq!(verified.outcome(), VerifiedOutcome::ValidRedacted);
    assert!(verified.content().is_empty(), "{:?}", verified.content());
    assert_eq!(verified.event_id(), &*original_id);
}

#[test]
fn p1_21_verified_reads_exactly_like_the_pdu() {
    let rules = &RoomVersionRules::V11;
    let pdu = Pdu::from_canonical_object(signed_json(rules), None, rules).unwrap();
    let verified = verify_pdu(pdu.clone(), Expected::room(room()), rules, &keys()).unwrap();
    assert_eq!(verified.get(), &pdu);
    assert_eq!(verified.event_id(), pdu.event_id());
    assert_eq!(verified.room_id(), pdu.room_id());
    assert_eq!(verified.sender(), pdu.sender());
    assert_eq!(verified.event_type(), pdu.event_type());
    assert_eq!(verified.state_key(), pdu.state_key());
    assert_eq!(verified.content(), pdu.content());
    assert_eq!(verified.origin_server_ts(), pdu.origin_server_ts());
    assert_eq!(verified.depth(), pdu.depth());
    assert_eq!(verified.prev_events(), pdu.prev_events());
    assert_eq!(verified.auth_events(), pdu.auth_events());
    assert_eq!(verified.redacts(), pdu.redacts());
    assert_eq!(Event::json(&verified), Event::json(&pdu));
    assert!(verified.report().is_valid());
    assert_eq!(verified.into_inner(), pdu);
}
