//! Hostile and broken input: missing events, cycles, wrong keys, budgets
//! (incident `P1-51`). Never a panic, never a hang; the error names the cause.

mod common;

use std::collections::{BTreeMap, HashMap};

use common::*;
use mxp_ids::OwnedEventId;
use mxp_room_versions::RoomVersionRules;
use mxp_state_res::{Budget, ResolveError, Resolver};
use mxp_testkit::{Shape, TestEvent, generate};
use serde_json::json;

fn small_shape() -> Shape {
    Shape {
        members: 20,
        changers: 10,
        changes: 2,
        bans: 3,
        ..Shape::default()
    }
}

#[test]
fn missing_auth_event_is_an_error_naming_it() {
    let g = generate(&small_shape());
    let mut events = g.events.clone();
    // The power levels event of the common history is in every auth chain.
    let pl = g.order[2].clone();
    events.remove(&pl);
    let err = mxp_state_res::resolve(&g.rules, &g.state_sets, &events).unwrap_err();
    assert!(
        matches!(&err, ResolveError::MissingEvent { event_id } if *event_id == pl),
        "{err}"
    );
}

#[test]
fn missing_state_event_is_an_error() {
    let g = generate(&small_shape());
    let mut sets = g.state_sets.clone();
    let ghost = OwnedEventId::try_from("$ghost:example.org").unwrap();
    sets[0].insert(("m.room.topic".into(), "".into()), ghost.clone());
    let err = mxp_state_res::resolve(&g.rules, &sets, &g.events).unwrap_err();
    assert_eq!(err, ResolveError::MissingEvent { event_id: ghost });
}

/// P1-51: a budget smaller than the work is a typed error, a big enough one
/// is not.
#[test]
fn p1_51_budget_exhaustion_is_an_error() {
    let g = generate(&small_shape());
    let err = Resolver::new(&g.rules)
        .budget(Budget::new(100))
        .resolve(&g.state_sets, &g.events)
        .unwrap_err();
    assert_eq!(err, ResolveError::BudgetExceeded { limit: 100 });
    assert!(
        Resolver::new(&g.rules)
            .budget(Budget::new(1_000_000))
            .resolve(&g.state_sets, &g.events)
            .is_ok()
    );
}

fn ev(id: &str, key: &str, auth: &[&str]) -> TestEvent {
    TestEvent::build(id, ALICE, "m.room.topic", Some(key), json!({"topic": id})).auth(auth)
}

fn sets_of(pairs: &[&[(&str, &str)]]) -> Vec<BTreeMap<(String, String), OwnedEventId>> {
    pairs
        .iter()
        .map(|set| {
            set.iter()
                .map(|(k, id)| {
                    (
                        ("m.room.topic".to_owned(), (*k).to_owned()),
                        OwnedEventId::try_from(*id).unwrap(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn auth_cycle_is_an_error_not_a_hang() {
    let events: HashMap<OwnedEventId, TestEvent> = [
        ev("$p:x", "", &["$q:x"]),
        ev("$q:x", "q", &["$p:x"]),
        ev("$r:x", "", &[]),
    ]
    .into_iter()
    .map(|e| (e.event_id.clone(), e))
    .collect();
    let sets = sets_of(&[&[("", "$p:x")], &[("", "$r:x")]]);
    let err = mxp_state_res::resolve(&RoomVersionRules::V2, &sets, &events).unwrap_err();
    assert!(matches!(err, ResolveError::AuthCycle { .. }), "{err}");
}

#[test]
fn self_citing_event_is_an_error() {
    let events: HashMap<OwnedEventId, TestEvent> = [ev("$p:x", "", &["$p:x"]), ev("$r:x", "", &[])]
        .into_iter()
        .map(|e| (e.event_id.clone(), e))
        .collect();
    let sets = sets_of(&[&[("", "$p:x")], &[("", "$r:x")]]);
    let err = mxp_state_res::resolve(&RoomVersionRules::V2, &sets, &events).unwrap_err();
    assert!(matches!(err, ResolveError::AuthCycle { .. }), "{err}");
}

#[test]
fn dangling_auth_reference_is_a_missing_event() {
    let events: HashMap<OwnedEventId, TestEvent> =
        [ev("$p:x", "", &["$nowhere:x"]), ev("$r:x", "", &[])]
            .into_iter()
            .map(|e| (e.event_id.clone(), e))
            .collect();
    let sets = sets_of(&[&[("", "$p:x")], &[("", "$r:x")]]);
    let err = mxp_state_res::resolve(&RoomVersionRules::V2, &sets, &events).unwrap_err();
    assert_eq!(
        err,
        ResolveError::MissingEvent {
            event_id: OwnedEventId::try_from("$nowhere:x").unwrap()
        }
    );
}

#[test]
fn key_mismatch_and_non_state_events_are_errors() {
    let events: HashMap<OwnedEventId, TestEvent> = [
        ev("$p:x", "", &[]),
        TestEvent::build("$m:x", ALICE, "m.room.message", None, json!({})),
    ]
    .into_iter()
    .map(|e| (e.event_id.clone(), e))
    .collect();
    let sets = sets_of(&[&[("other", "$p:x")]]);
    let err = mxp_state_res::resolve(&RoomVersionRules::V2, &sets, &events).unwrap_err();
    assert!(matches!(err, ResolveError::KeyMismatch { .. }), "{err}");
    let sets = sets_of(&[&[("", "$m:x")]]);
    let err = mxp_state_res::resolve(&RoomVersionRules::V2, &sets, &events).unwrap_err();
    assert!(matches!(err, ResolveError::NotAStateEvent { .. }), "{err}");
}

/// One or zero state sets resolve to themselves (`SR-0.3`).
#[test]
fn trivial_inputs() {
    let g = generate(&small_shape());
    let one = &g.state_sets[..1];
    let got = mxp_state_res::resolve(&g.rules, one, &g.events).unwrap();
    assert_eq!(got.to_btree_map(), g.state_sets[0]);
    let none: &[BTreeMap<(String, String), OwnedEventId>] = &[];
    assert!(
        mxp_state_res::resolve(&g.rules, none, &g.events)
            .unwrap()
            .is_empty()
    );
}
