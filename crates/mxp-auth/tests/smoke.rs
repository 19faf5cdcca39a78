//! A first end-to-end check of the API.

mod common;

use common::*;
use mxp_auth::{Rule, check, check_state_dependent};
use serde_json::json;

#[test]
fn public_join_is_allowed_and_join_for_another_rejected() {
    for v in 1..=12u8 {
        let mut room = Room::new(v);
        let jr = room.join_rules("public");
        let state = room.base_state(vec![jr]);
        let join = room.member(BOB, BOB, "join");
        let ok = check_state_dependent(room.rules, &join, &state).expect("public join");
        assert_eq!(ok.rule(), Rule::MemberJoinPublic, "v{v}");
        let bad = room.member(BOB, CAROL, "join");
        let err = check_state_dependent(room.rules, &bad, &state).unwrap_err();
        assert_eq!(err.rule(), Rule::MemberJoinSelf, "v{v}");
        let expected = format!("AUTH-v{v}-{}", Rule::MemberJoinSelf.number(v).unwrap());
        assert_eq!(err.rule_id().to_string(), expected);
    }
}

#[test]
fn full_check_with_auth_events() {
    for v in 1..=12u8 {
        let mut room = Room::new(v);
        let alice_join = room.member(ALICE, ALICE, "join");
        let pl = room.pl_users(&[]);
        let mut msg = room.event(ALICE, "m.room.message", None, json!({"body": "hi"}));
        let mut auth = vec![pl.event_id.clone(), alice_join.event_id.clone()];
        if v < 12 {
            auth.push(room.create.event_id.clone());
        }
        msg.auth_events = auth;
        let store = Store {
            events: vec![room.create.clone(), alice_join.clone(), pl.clone()],
            ..Default::default()
        };
        let state = vec![room.create.clone(), alice_join, pl];
        let ok = check(room.rules, &msg, &store, &state).expect("message allowed");
        assert_eq!(ok.rule(), Rule::Allow);
    }
}
