//! P1-20 (Synapse CVE-2019-18835, CVE-2020-26257): PDUs received on
//! `/send_join`, `/send_leave` and `/invite` were not compared with the room
//! (and user) of the URL path. `verify_pdu` takes what the request expects, so
//! the comparison cannot be forgotten.

use mxp_canonical_json::CanonicalJsonValue;
use mxp_events::{Expected, Pdu, VerifiedOutcome, VerifyPduError, verify_pdu};
use mxp_ids::{KeyId, RoomId, ServerName, UserId};
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{KeyRing, SigningKey, sign_event};

const RULES: &RoomVersionRules = &RoomVersionRules::V11;

fn key() -> SigningKey {
    SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[9; 32]).unwrap()
}

fn keys() -> KeyRing {
    let key = key();
    let mut keys = KeyRing::new();
    keys.insert("b.example", key.key_id(), *key.public_key());
    keys
}

/// A PDU signed by b.example, valid in itself.
fn signed(rules: &RoomVersionRules, json: serde_json::Value) -> Pdu {
    let CanonicalJsonValue::Object(mut json) = CanonicalJsonValue::try_from(json).unwrap() else {
        panic!("not an object")
    };
    sign_event(
        &mut json,
        ServerName::parse("b.example").unwrap(),
        &key(),
        rules,
    )
    .unwrap();
    Pdu::from_canonical_object(json, None, rules).unwrap()
}

fn member(room: &str, sender: &str, state_key: &str, membership: &str) -> Pdu {
    signed(
        RULES,
        serde_json::json!({
            "type": "m.room.member", "room_id": room, "sender": sender,
            "state_key": state_key, "content": {"membership": membership},
            "origin_server_ts": 5, "depth": 3,
            "prev_events": ["$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
            "auth_events": ["$ccccccccccccccccccccccccccccccccccccccccccc"],
        }),
    )
}

fn room(id: &str) -> &RoomId {
    RoomId::parse(id).unwrap()
}

fn user(id: &str) -> &UserId {
    UserId::parse(id).unwrap()
}

#[test]
fn p1_20_join_for_the_room_of_the_path_is_accepted() {
    let pdu = member(
        "!room:a.example",
        "@bob:b.example",
        "@bob:b.example",
        "join",
    );
    let expected = Expected::room(room("!room:a.example"))
        .membership(user("@bob:b.example"), "join")
        .origin(ServerName::parse("b.example").unwrap());
    let verified = verify_pdu(pdu, expected, RULES, &keys()).unwrap();
    assert_eq!(verified.outcome(), VerifiedOutcome::Valid);
}

#[test]
fn p1_20_validly_signed_pdu_for_another_room_is_refused() {
    let pdu = member(
        "!other:a.example",
        "@bob:b.example",
        "@bob:b.example",
        "join",
    );
    let err = verify_pdu(pdu, Expected::room(room("!room:a.example")), RULES, &keys());
    assert!(
        matches!(&err, Err(VerifyPduError::WrongRoom { expected, found: Some(found) })
            if expected.as_str() == "!room:a.example" && found.as_str() == "!other:a.example"),
        "{err:?}"
    );
}

#[test]
fn p1_20_room_is_compared_before_signatures() {
    // Unknown keys too: the room mismatch is what is reported.
    let pdu = member(
        "!other:a.example",
        "@bob:b.example",
        "@bob:b.example",
        "join",
    );
    let err = verify_pdu(
        pdu,
        Expected::room(room("!room:a.example")),
        RULES,
        &KeyRing::new(),
    );
    assert!(
        matches!(err, Err(VerifyPduError::WrongRoom { .. })),
        "{err:?}"
    );
}

#[test]
fn p1_20_join_for_another_user_than_the_path_is_refused() {
    let pdu = member(
        "!room:a.example",
        "@bob:b.example",
        "@carol:b.example",
        "join",
    );
    let expected =
        Expected::room(room("!room:a.example")).membership(user("@bob:b.example"), "join");
    let err = verify_pdu(pdu, expected, RULES, &keys());
    assert!(
        matches!(&err, Err(VerifyPduError::WrongStateKey { found: Some(k), .. }) if k == "@carol:b.example"),
        "{err:?}"
    );
}

#[test]
fn p1_20_send_join_carrying_another_membership_is_refused() {
    let pdu = member(
        "!room:a.example",
        "@bob:b.example",
        "@bob:b.example",
        "leave",
    );
    let expected =
        Expected::room(room("!room:a.example")).membership(user("@bob:b.example"), "join");
    let err = verify_pdu(pdu, expected, RULES, &keys());
    assert!(
        matches!(&err, Err(VerifyPduError::WrongMembership { expected, found: Some(f) })
            if expected == "join" && f == "leave"),
        "{err:?}"
    );
}

#[test]
fn p1_20_membership_endpoint_refuses_other_event_types() {
    let pdu = signed(
        RULES,
        serde_json::json!({
            "type": "m.room.topic", "room_id": "!room:a.example", "sender": "@bob:b.example",
            "state_key": "@bob:b.example", "content": {"membership": "join"},
            "origin_server_ts": 5, "depth": 3, "prev_events": [], "auth_events": [],
        }),
    );
    let expected =
        Expected::room(room("!room:a.example")).membership(user("@bob:b.example"), "join");
    let err = verify_pdu(pdu, expected, RULES, &keys());
    assert!(
        matches!(err, Err(VerifyPduError::NotAMembership { .. })),
        "{err:?}"
    );
}

#[test]
fn p1_20_sender_of_another_server_than_the_origin_is_refused() {
    let pdu = member(
        "!room:a.example",
        "@bob:b.example",
        "@bob:b.example",
        "join",
    );
    let expected = Expected::room(room("!room:a.example"))
        .membership(user("@bob:b.example"), "join")
        .origin(ServerName::parse("evil.example").unwrap());
    let err = verify_pdu(pdu, expected, RULES, &keys());
    assert!(
        matches!(&err, Err(VerifyPduError::WrongOrigin { found, .. }) if found.as_str() == "b.example"),
        "{err:?}"
    );
}

#[test]
fn p1_20_v12_create_event_is_in_the_room_named_by_its_hash() {
    let rules = &RoomVersionRules::V12;
    let create = || {
        signed(
            rules,
            serde_json::json!({
                "type": "m.room.create", "sender": "@bob:b.example", "state_key": "",
                "content": {"room_version": "12"}, "origin_server_ts": 5, "depth": 1,
                "prev_events": [], "auth_events": [],
            }),
        )
    };
    let own = mxp_signatures::room_id_of_create_event(create().json(), rules).unwrap();
    assert!(verify_pdu(create(), Expected::room(&own), rules, &keys()).is_ok());
    let err = verify_pdu(
        create(),
        Expected::room(room("!other:a.example")),
        rules,
        &keys(),
    );
    assert!(
        matches!(&err, Err(VerifyPduError::WrongRoom { found: Some(f), .. }) if *f == own),
        "{err:?}"
    );
}

#[test]
fn p1_20_any_room_is_only_the_signature_check() {
    let pdu = member(
        "!other:a.example",
        "@bob:b.example",
        "@bob:b.example",
        "join",
    );
    assert!(verify_pdu(pdu.clone(), Expected::any_room(), RULES, &keys()).is_ok());
    let err = verify_pdu(pdu, Expected::any_room(), RULES, &KeyRing::new());
    assert!(
        matches!(err, Err(VerifyPduError::BadSignatures { .. })),
        "{err:?}"
    );
}

#[test]
fn p1_20_pdu_parsed_for_another_format_is_refused() {
    let pdu = member(
        "!room:a.example",
        "@bob:b.example",
        "@bob:b.example",
        "join",
    );
    let err = verify_pdu(
        pdu,
        Expected::room(room("!room:a.example")),
        &RoomVersionRules::V1,
        &keys(),
    );
    assert!(
        matches!(err, Err(VerifyPduError::WrongRoomVersion)),
        "{err:?}"
    );
}
