//! P1-21 (Dendrite CVE-2022-39200), the pipeline: events that went through
//! `verify_pdu` are `Verified<Pdu>`, which the authorization rules and state
//! resolution take as they are (they accept any `Event`). A server whose
//! storage holds only `Verified<Pdu>` cannot feed them an unverified event.

use std::collections::{BTreeMap, HashMap};

use mxp::auth::{Rule, check};
use mxp::canonical_json::CanonicalJsonValue;
use mxp::events::{Event, Expected, Pdu, Verified, verify_pdu};
use mxp::ids::{KeyId, OwnedEventId, RoomId, ServerName};
use mxp::room_versions::RoomVersionRules;
use mxp::signatures::{KeyRing, SigningKey, sign_event};

const RULES: &RoomVersionRules = &RoomVersionRules::V11;
const ROOM: &str = "!room:a.example";
const ALICE: &str = "@alice:a.example";

fn key() -> SigningKey {
    SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[5; 32]).unwrap()
}

/// Signs, parses and verifies one event: the only way to a `Verified`.
fn receive(
    ty: &str,
    state_key: &str,
    content: serde_json::Value,
    auth: &[&OwnedEventId],
    prev: &[&OwnedEventId],
    depth: i64,
) -> Verified<Pdu> {
    let json = serde_json::json!({
        "type": ty, "room_id": ROOM, "sender": ALICE, "state_key": state_key,
        "content": content, "origin_server_ts": depth, "depth": depth,
        "auth_events": auth.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
        "prev_events": prev.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
    });
    let CanonicalJsonValue::Object(mut json) = CanonicalJsonValue::try_from(json).unwrap() else {
        panic!("not an object")
    };
    sign_event(
        &mut json,
        ServerName::parse("a.example").unwrap(),
        &key(),
        RULES,
    )
    .unwrap();
    let pdu = Pdu::from_canonical_object(json, None, RULES).unwrap();
    let mut keys = KeyRing::new();
    keys.insert("a.example", key().key_id(), *key().public_key());
    verify_pdu(
        pdu,
        Expected::room(RoomId::parse(ROOM).unwrap()),
        RULES,
        &keys,
    )
    .unwrap()
}

type StateMap = BTreeMap<(String, String), OwnedEventId>;

fn entry(event: &Verified<Pdu>) -> ((String, String), OwnedEventId) {
    let key = (
        event.event_type().to_owned(),
        event.state_key().unwrap_or_default().to_owned(),
    );
    (key, event.event_id().to_owned())
}

#[test]
fn p1_21_verified_events_go_through_auth_and_state_resolution() {
    let create = receive(
        "m.room.create",
        "",
        serde_json::json!({"room_version": "11"}),
        &[],
        &[],
        1,
    );
    let c = create.event_id().to_owned();
    let join = receive(
        "m.room.member",
        ALICE,
        serde_json::json!({"membership": "join"}),
        &[&c],
        &[&c],
        2,
    );
    let j = join.event_id().to_owned();
    let topic_a = receive(
        "m.room.topic",
        "",
        serde_json::json!({"topic": "a"}),
        &[&c, &j],
        &[&j],
        3,
    );
    let topic_b = receive(
        "m.room.topic",
        "",
        serde_json::json!({"topic": "b"}),
        &[&c, &j],
        &[&j],
        4,
    );

    // Authorization: each event against its auth events (which are the state).
    let auth_of = |e: &Verified<Pdu>, all: &[&Verified<Pdu>]| -> Vec<Verified<Pdu>> {
        all.iter()
            .filter(|a| e.auth_events().contains(&a.event_id().to_owned()))
            .map(|a| (*a).clone())
            .collect()
    };
    let all = [&create, &join, &topic_a, &topic_b];
    for event in all {
        let auth = auth_of(event, &all);
        let allowed = check(RULES, event, &auth, &auth);
        assert!(allowed.is_ok(), "{}: {allowed:?}", event.event_type());
    }
    // And they can be refused: without Alice's join, she may not set the topic.
    let only_create = vec![all[0].clone()];
    let refused = check(RULES, &topic_a, &auth_of(&topic_a, &all), &only_create).unwrap_err();
    assert_eq!(refused.rule(), Rule::SenderJoined);

    // State resolution over a store of verified events only.
    let base: StateMap = [entry(&create), entry(&join)].into_iter().collect();
    let mut fork_a = base.clone();
    fork_a.extend([entry(&topic_a)]);
    let mut fork_b = base;
    fork_b.extend([entry(&topic_b)]);
    let store: HashMap<OwnedEventId, Verified<Pdu>> =
        [create, join, topic_a.clone(), topic_b.clone()]
            .into_iter()
            .map(|e| (e.event_id().to_owned(), e))
            .collect();
    let sets = [fork_a.clone(), fork_b.clone()];
    let reversed = [fork_b, fork_a];
    let forward = mxp::state_res::resolve(RULES, &sets, &store).unwrap();
    let backward = mxp::state_res::resolve(RULES, &reversed, &store).unwrap();
    assert_eq!(forward.to_btree_map(), backward.to_btree_map());
    // Same power, the later timestamp wins the topic (SR-v2 mainline order).
    assert_eq!(forward.get("m.room.topic", ""), Some(topic_b.event_id()));
    assert_ne!(forward.get("m.room.topic", ""), Some(topic_a.event_id()));
}
