//! Regression tests named after the incidents of the project's list
//! (`P1-46`, `P1-47`, `P1-50`; `P1-45` is in `msc4297.rs`, `P1-49` and
//! `P1-51` in the unit tests, `properties.rs` and `robustness.rs`).

mod common;

use common::*;
use mxp_events::Event;
use mxp_ids::OwnedEventId;
use mxp_room_versions::{RoomVersionRules, StateResolution};
use mxp_state_res::Rejection;
use serde_json::json;

fn key(t: &str, k: &str) -> (String, String) {
    (t.to_owned(), k.to_owned())
}

/// P1-46 (CVE-2022-39374): an event rejected against its own auth events
/// never comes back through resolution (`SR-v2-R2`), while one rejected only
/// against the state before it is re-checked like any other (`SR-v2-R1`).
#[test]
fn p1_46_rejected_events_never_resolved_back_in() {
    for (rules, v) in v2_versions() {
        let (mut room, main) = classic_room(rules, v);
        let (mut a, mut b) = (main.clone(), main.clone());
        let ta = room.state(&mut a, ALICE, TOPIC, "", json!({"topic": "a"}));
        let tb = room.state(&mut b, ALICE, TOPIC, "", json!({"topic": "b, later"}));
        let sets = [a.state().clone(), b.state().clone()];
        let events = room.events();
        let resolve_with = |rejected: Vec<(OwnedEventId, Rejection)>| {
            // The same rejections recorded in a store give the same answer.
            let mut store = mxp_state_res::RoomEvents::new(&rules);
            for e in events.values() {
                store.insert(e.clone()).unwrap();
            }
            for (id, r) in &rejected {
                assert!(store.set_rejection(id, Some(*r)));
            }
            let src = WithRejections {
                events,
                rejected: rejected.into_iter().collect(),
            };
            let got = mxp_state_res::resolve(&rules, &sets, &src)
                .unwrap()
                .to_btree_map();
            let stored = mxp_state_res::resolve(&rules, &sets, &store)
                .unwrap()
                .to_btree_map();
            assert_eq!(stored, got, "over a store, v{v}");
            got
        };
        assert_eq!(resolve_with(vec![]).get(&key(TOPIC, "")), Some(&tb), "v{v}");
        assert_eq!(
            resolve_with(vec![(tb.clone(), Rejection::AuthEvents)]).get(&key(TOPIC, "")),
            Some(&ta),
            "v{v}"
        );
        assert_eq!(
            resolve_with(vec![(tb.clone(), Rejection::StateBefore)]).get(&key(TOPIC, "")),
            Some(&tb),
            "v{v}"
        );
    }
}

/// P1-47 (gomatrixserverlib #419): Bob's membership is conflicted (he changed
/// his display name on both forks) and so absent from the partial state while
/// his power levels change is checked; the check must fall back to the
/// event's own auth events (`SR-v2-D8`), where he is joined.
#[test]
fn p1_47_iterative_checks_fall_back_to_auth_events() {
    for (rules, v) in v2_versions() {
        let mut room = mxp_testkit::Room::new(rules, v);
        let mut main = room.create(ALICE);
        room.state(
            &mut main,
            ALICE,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 100)], json!({})),
        );
        room.state(&mut main, ALICE, JR, "", json!({"join_rule": "public"}));
        room.member(&mut main, BOB, BOB, "join");
        let (mut a, mut b) = (main.clone(), main.clone());
        let pl_bob = room.state(
            &mut a,
            BOB,
            PL,
            "",
            pl(
                &rules,
                &[(ALICE, 100), (BOB, 100), (CHARLIE, 50)],
                json!({}),
            ),
        );
        room.state(
            &mut a,
            BOB,
            MEMBER,
            BOB,
            json!({"membership": "join", "displayname": "a"}),
        );
        room.state(
            &mut b,
            BOB,
            MEMBER,
            BOB,
            json!({"membership": "join", "displayname": "b"}),
        );
        let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
        assert_eq!(got.get(&key(PL, "")), Some(&pl_bob), "v{v}");
    }
}

/// P1-50: the algorithm is chosen strictly by room version.
#[test]
fn p1_50_algorithm_follows_the_room_version() {
    assert_eq!(RoomVersionRules::V1.state_res, StateResolution::V1);
    for rules in [
        RoomVersionRules::V2,
        RoomVersionRules::V3,
        RoomVersionRules::V4,
        RoomVersionRules::V5,
        RoomVersionRules::V6,
        RoomVersionRules::V7,
        RoomVersionRules::V8,
        RoomVersionRules::V9,
        RoomVersionRules::V10,
        RoomVersionRules::V11,
    ] {
        assert_eq!(rules.state_res, StateResolution::V2);
    }
    assert_eq!(RoomVersionRules::V12.state_res, StateResolution::V2_1);
}

/// `SR-v21-N1`: in v12 the create event is implicit (never in `auth_events`)
/// and is still found through the room ID, for the auth chain and for the
/// checks. A v12 room resolves without any event citing its create event.
#[test]
fn sr_v21_n1_implicit_create_event() {
    let (mut room, main) = classic_room(RoomVersionRules::V12, "12");
    let create = main.state().get(&key("m.room.create", "")).unwrap().clone();
    assert!(
        room.events()
            .values()
            .all(|e| !e.auth_events().contains(&create))
    );
    let (mut a, mut b) = (main.clone(), main.clone());
    let t = room.state(&mut a, BOB, TOPIC, "", json!({"topic": "bob may not"}));
    let ta = room.state(&mut b, ALICE, TOPIC, "", json!({"topic": "alice may"}));
    let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
    assert_eq!(got.get(&key(TOPIC, "")), Some(&ta));
    assert_ne!(got.get(&key(TOPIC, "")), Some(&t));
}
