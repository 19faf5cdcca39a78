//! Hostile events against the authorization rules (issue 7, P1-33, P1-51):
//! thousands of auth events, dangling and self-citing references, rejected
//! auth events, huge power-levels maps. Each is decided by a named rule in
//! every room version; none panics.

mod common;

use common::*;
use mxp_auth::{Rule, check, check_state_dependent, check_state_independent};
use mxp_ids::OwnedEventId;
use serde_json::{Map, Value, json};

fn all_versions() -> impl Iterator<Item = u8> {
    1..=12
}

/// Alice created and joined; Bob joined; default power levels.
fn room_with_bob(v: u8) -> (Room, Vec<TestEvent>) {
    let mut room = Room::new(v);
    let pl = room.pl_users(&[]);
    let bob = room.member(BOB, BOB, "join");
    let state = room.base_state(vec![pl, bob]);
    (room, state)
}

/// The auth events the selection algorithm picks for `e` from `state`.
fn cite(room: &Room, e: &mut TestEvent, state: &[TestEvent]) {
    e.auth_events = mxp_auth::auth_types(room.rules, e)
        .iter()
        .filter_map(|(t, k)| {
            state
                .iter()
                .find(|s| s.event_type == t && s.state_key.as_deref() == Some(k))
                .map(|s| s.event_id.clone())
        })
        .collect();
    e.auth_events.dedup();
}

fn store(state: &[TestEvent]) -> Store {
    Store {
        events: state.to_vec(),
        rejected: Default::default(),
    }
}

#[test]
fn the_baseline_message_is_allowed_in_every_version() {
    for v in all_versions() {
        let (mut room, state) = room_with_bob(v);
        let mut msg = room.event(BOB, "m.room.message", None, json!({"body": "hi"}));
        cite(&room, &mut msg, &state);
        assert!(
            check(rules(v), &msg, &store(&state), &state).is_ok(),
            "v{v}"
        );
    }
}

#[test]
fn p1_51_thousands_of_auth_events_are_rejected_by_a_named_rule() {
    for v in all_versions() {
        let (mut room, state) = room_with_bob(v);
        let mut msg = room.event(BOB, "m.room.message", None, json!({"body": "hi"}));
        cite(&room, &mut msg, &state);
        // The right auth events, each cited a thousand times.
        let once = msg.auth_events.clone();
        msg.auth_events = once
            .iter()
            .cycle()
            .take(once.len() * 1_000)
            .cloned()
            .collect();
        let err = check_state_independent(rules(v), &msg, &store(&state)).unwrap_err();
        assert_eq!(err.rule(), Rule::AuthEventsDuplicate, "v{v}: {err}");
        // Five thousand distinct IDs nobody has.
        msg.auth_events = (0..5_000)
            .map(|i| room.fresh_id(&format!("@u{i}:x.org")))
            .collect();
        let err = check_state_independent(rules(v), &msg, &store(&state)).unwrap_err();
        assert!(
            err.rule_id().to_string().starts_with("AUTH-v"),
            "v{v}: {err}"
        );
    }
}

#[test]
fn dangling_self_citing_and_rejected_auth_events() {
    for v in all_versions() {
        let (mut room, state) = room_with_bob(v);
        let mut msg = room.event(BOB, "m.room.message", None, json!({"body": "hi"}));
        cite(&room, &mut msg, &state);
        let good = msg.auth_events.clone();

        // A reference to an event nobody has.
        msg.auth_events.push(room.fresh_id(CAROL));
        assert!(
            check_state_independent(rules(v), &msg, &store(&state)).is_err(),
            "v{v}: dangling"
        );

        // The event citing itself.
        msg.auth_events = good.clone();
        msg.auth_events.push(msg.event_id.clone());
        let mut with_self = state.clone();
        with_self.push(msg.clone());
        assert!(
            check_state_independent(rules(v), &msg, &store(&with_self)).is_err(),
            "v{v}: self-citing"
        );

        // A rejected auth event (rule auth_events.rejected).
        msg.auth_events = good.clone();
        let mut s = store(&state);
        let bob_join: OwnedEventId = state
            .iter()
            .find(|e| e.state_key.as_deref() == Some(BOB))
            .map(|e| e.event_id.clone())
            .unwrap();
        s.rejected.insert(bob_join);
        assert!(
            check_state_independent(rules(v), &msg, &s).is_err(),
            "v{v}: rejected auth event"
        );
    }
}

#[test]
fn p1_51_huge_power_levels_maps_are_decided_normally() {
    for v in all_versions() {
        let (mut room, state) = room_with_bob(v);
        let mut users = Map::new();
        if v < 12 {
            users.insert(ALICE.into(), json!(100));
        }
        for i in 0..10_000 {
            users.insert(format!("@u{i}:x.org"), json!(i % 100));
        }
        let events: Map<String, Value> = (0..10_000)
            .map(|i| (format!("org.example.t{i}"), json!(i % 100)))
            .collect();
        let mut pl = room.power_levels(json!({"users": users, "events": events}));
        cite(&room, &mut pl, &state);
        let verdict = check(rules(v), &pl, &store(&state), &state);
        assert!(verdict.is_ok(), "v{v}: {verdict:?}");
        // …and the big map is then read like a small one.
        let mut new_state = state.clone();
        new_state.retain(|e| e.event_type != "m.room.power_levels");
        new_state.push(pl);
        let mut custom = room.event(BOB, "org.example.t99", None, json!({}));
        cite(&room, &mut custom, &new_state);
        let err = check_state_dependent(rules(v), &custom, &new_state).unwrap_err();
        assert_eq!(err.rule(), Rule::RequiredLevel, "v{v}");
    }
}

// P1-33 · Redaction authorisation (Synapse 1.2.1, ruma `8ecbc47e`): in v1 and
// v2 a redaction of another server's event needs the `redact` level; from v3
// the auth rules do not look at the redacted event at all (the check moves to
// the time the redaction is applied), so the flag must not be inverted.
#[test]
fn p1_33_redaction_authorisation_is_checked_in_v1_v2_only() {
    for v in all_versions() {
        let (mut room, state) = room_with_bob(v);
        // Bob (level 0, below `redact` 50) redacts an event of a.org.
        let mut other_server = room.event(BOB, "m.room.redaction", None, json!({}));
        other_server.redacts = Some(eid("$x:a.org"));
        // Bob redacts an event of his own server.
        let mut own_server = room.event(BOB, "m.room.redaction", None, json!({}));
        own_server.redacts = Some(eid("$x:b.org"));
        let other = check_state_dependent(rules(v), &other_server, &state);
        let own = check_state_dependent(rules(v), &own_server, &state);
        if v <= 2 {
            assert_eq!(
                other.map_err(|r| r.rule()),
                Err(Rule::RedactionReject),
                "v{v}"
            );
            assert_eq!(own.map(|a| a.rule()), Ok(Rule::RedactionSameDomain), "v{v}");
        } else {
            assert!(other.is_ok(), "v{v}: {other:?}");
            assert!(own.is_ok(), "v{v}: {own:?}");
        }
    }
}
