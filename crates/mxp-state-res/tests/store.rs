//! `RoomEvents`, the store a server keeps per room: resolution over it gives
//! the answer of any other source holding the same events, whatever order
//! they were added in (`SR-N7`), and it reports missing events, rejections
//! and budgets as other sources do.

mod common;

use std::collections::{BTreeMap, HashMap};

use mxp_events::Event;
use mxp_ids::{EventId, OwnedEventId};
use mxp_room_versions::RoomVersionRules;
use mxp_state_res::{Budget, EventSource, Rejection, ResolveError, Resolver, RoomEvents};
use mxp_testkit::{GeneratedRoom, Shape, TestEvent, generate};
use proptest::prelude::*;

type Events = HashMap<OwnedEventId, TestEvent>;

/// A store of `events`, added in an order shuffled by `seed`.
fn store_of(rules: &RoomVersionRules, events: &Events, seed: u64) -> RoomEvents<TestEvent> {
    let mut list: Vec<&TestEvent> = events.values().collect();
    list.sort_by(|a, b| a.event_id.cmp(&b.event_id));
    // A Fisher–Yates shuffle driven by a small LCG: deterministic per seed.
    let mut x = seed | 1;
    for i in (1..list.len()).rev() {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        list.swap(i, (x >> 33) as usize % (i + 1));
    }
    let mut store = RoomEvents::new(rules);
    for e in list {
        assert!(store.insert(e.clone()).unwrap());
    }
    store
}

type State = BTreeMap<(String, String), OwnedEventId>;

/// The answer over the map of `g`'s events, then over `store`.
fn answers(g: &GeneratedRoom, store: &RoomEvents<TestEvent>) -> (State, State) {
    let over_map = mxp_state_res::resolve(&g.rules, &g.state_sets, &g.events).unwrap();
    let over_store = mxp_state_res::resolve(&g.rules, &g.state_sets, store).unwrap();
    (over_map.to_btree_map(), over_store.to_btree_map())
}

fn shape(seed: u64, forks: usize, v12: bool, power_every: Option<usize>) -> Shape {
    common::small_shape(30, seed, forks, v12, power_every)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// `SR-N7`: over a store, with its events added in any order (auth
    /// events after the events citing them, too), resolution gives the
    /// answer it gives over a map of the same events, with and without
    /// cache warming, for v2 and v2.1 rooms with forks and power events.
    #[test]
    fn a_store_gives_the_answer_of_the_map(
        seed in any::<u64>(),
        order in any::<u64>(),
        forks in 2usize..5,
        v12 in any::<bool>(),
        power_every in proptest::option::of(2usize..6),
    ) {
        let g = generate(&shape(seed, forks, v12, power_every));
        let store = store_of(&g.rules, &g.events, order);
        prop_assert_eq!(store.len(), g.events.len());
        let (want, got) = answers(&g, &store);
        prop_assert_eq!(got, want);
    }
}

/// Rooms large enough that resolution warms the caches (from 256 events),
/// over a store and over the map: the same answer.
#[test]
fn a_large_store_gives_the_answer_of_the_map() {
    for (v12, power_every) in [(false, Some(9)), (true, None)] {
        let shape = Shape {
            members: 300,
            changers: 200,
            changes: 2,
            bans: 20,
            power_every,
            ..Shape::default()
        };
        let g = generate(&if v12 { shape.v12() } else { shape });
        let store = store_of(&g.rules, &g.events, 7);
        let (want, got) = answers(&g, &store);
        assert!(want.len() > 300);
        assert_eq!(got, want, "v12 {v12}");
    }
}

/// An ID names one event: adding it again changes nothing.
#[test]
fn adding_an_event_twice_keeps_the_first() {
    let g = generate(&shape(1, 2, false, None));
    let mut store = store_of(&g.rules, &g.events, 1);
    let any = g.events.values().next().unwrap();
    assert!(!store.insert(any.clone()).unwrap());
    assert_eq!(store.len(), g.events.len());
    assert_eq!(store.events().count(), g.events.len());
    assert_eq!(
        store.get(&any.event_id).map(|e| e.event_id()),
        Some(&*any.event_id)
    );
    assert!(!store.is_empty());
    assert!(RoomEvents::<TestEvent>::new(&g.rules).is_empty());
}

/// An event the store lacks is an error naming it, as with any source
/// (`SR-v2-D3`: the auth chain cannot be walked past it); until it is
/// added, the events citing it wait for it.
#[test]
fn a_missing_auth_event_is_an_error_until_added() {
    let g = generate(&shape(2, 2, false, None));
    // The first power levels event cites the create event.
    let create = g.state_sets[0]
        .iter()
        .find(|((t, _), _)| t == "m.room.create")
        .map(|(_, id)| id.clone())
        .unwrap();
    let first_pl = g
        .events
        .values()
        .filter(|e| e.event_type == "m.room.power_levels")
        .min_by_key(|e| e.depth)
        .unwrap();
    assert!(first_pl.auth_events.contains(&create));
    let mut store = RoomEvents::new(&g.rules);
    for e in g
        .events
        .values()
        .filter(|e| e.event_id != first_pl.event_id)
    {
        store.insert(e.clone()).unwrap();
    }
    assert!(store.get(&first_pl.event_id).is_none());
    let err = mxp_state_res::resolve(&g.rules, &g.state_sets, &store).unwrap_err();
    assert_eq!(
        err,
        ResolveError::MissingEvent {
            event_id: first_pl.event_id.clone()
        }
    );
    assert!(store.insert(first_pl.clone()).unwrap());
    let (want, got) = answers(&g, &store);
    assert_eq!(got, want);
}

/// Rejections recorded in the store are what the store reports as an
/// [`EventSource`]; recording one for an event not added fails.
#[test]
fn rejections_are_recorded_per_event() {
    let g = generate(&shape(3, 2, false, None));
    let mut store = store_of(&g.rules, &g.events, 3);
    let id = g.events.keys().next().unwrap();
    assert_eq!(store.rejection(id), None);
    assert!(store.set_rejection(id, Some(Rejection::StateBefore)));
    assert_eq!(store.rejection(id), Some(Rejection::StateBefore));
    assert!(store.set_rejection(id, None));
    assert_eq!(store.rejection(id), None);
    let unknown = EventId::parse("$unknown:x").unwrap();
    assert!(!store.set_rejection(unknown, Some(Rejection::AuthEvents)));
    assert_eq!(store.rejection(unknown), None);
}

/// A store made for other rules is read as a plain source: the answer is
/// that of the rules resolution was asked for.
#[test]
fn a_store_for_other_rules_is_read_as_a_plain_source() {
    let g = generate(&shape(4, 3, false, Some(4)));
    let store = store_of(&RoomVersionRules::V10, &g.events, 4);
    assert_eq!(store.rules(), &RoomVersionRules::V10);
    let (want, got) = answers(&g, &store);
    assert_eq!(got, want);
}

/// `P1-51`: over a store, the budget is charged a step per stored event and
/// auth link up front: a budget below that fails at once; one above it
/// gives the answer.
#[test]
fn p1_51_the_budget_covers_the_store() {
    let g = generate(&shape(5, 2, false, None));
    let store = store_of(&g.rules, &g.events, 5);
    let links: usize = g.events.values().map(|e| e.auth_events.len()).sum();
    let small = Resolver::new(&g.rules).budget(Budget::new((g.events.len() + links) as u64 - 1));
    assert!(matches!(
        small.resolve(&g.state_sets, &store),
        Err(ResolveError::BudgetExceeded { .. })
    ));
    let want = mxp_state_res::resolve(&g.rules, &g.state_sets, &g.events)
        .unwrap()
        .to_btree_map();
    let got = Resolver::new(&g.rules)
        .budget(Budget::new(10 * (g.events.len() + links) as u64))
        .resolve(&g.state_sets, &store)
        .unwrap()
        .to_btree_map();
    assert_eq!(got, want);
}

/// Servers spread rooms over threads: a store is `Send + Sync` (for
/// `Send + Sync` events).
#[test]
fn a_store_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<RoomEvents<TestEvent>>();
}
