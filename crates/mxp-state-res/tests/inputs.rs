//! Every input form resolution takes gives the same answer (`SR-0.1`): state
//! sets as `BTreeMap` or `HashMap` of owned or borrowed event IDs, or
//! references to them; sources as either map, a store, or references to
//! them, with rejections seen through references too.

mod common;

use std::collections::{BTreeMap, HashMap};

use mxp_ids::{EventId, OwnedEventId};
use mxp_state_res::{Rejection, RoomEvents, resolve};
use mxp_testkit::{TestEvent, generate};

type Key = (String, String);
type State = BTreeMap<Key, OwnedEventId>;

#[test]
fn every_state_set_and_source_form_gives_the_same_answer() {
    for (seed, v12) in [(1u64, false), (2, true)] {
        let g = generate(&common::small_shape(30, seed, 3, v12, Some(4)));
        let sets = &g.state_sets;
        let answer = |state: Result<mxp_state_res::ResolvedState<'_>, _>| -> State {
            state.unwrap().to_btree_map()
        };
        let want = answer(resolve(&g.rules, sets, &g.events));
        assert!(!want.is_empty());

        let hashed: Vec<HashMap<Key, OwnedEventId>> = sets
            .iter()
            .map(|s| s.clone().into_iter().collect())
            .collect();
        let borrowed: Vec<BTreeMap<Key, &EventId>> = sets
            .iter()
            .map(|s| s.iter().map(|(k, id)| (k.clone(), &**id)).collect())
            .collect();
        let hashed_borrowed: Vec<HashMap<Key, &EventId>> = sets
            .iter()
            .map(|s| s.iter().map(|(k, id)| (k.clone(), &**id)).collect())
            .collect();
        let references: Vec<&State> = sets.iter().collect();
        assert_eq!(answer(resolve(&g.rules, &hashed, &g.events)), want);
        assert_eq!(answer(resolve(&g.rules, &borrowed, &g.events)), want);
        assert_eq!(answer(resolve(&g.rules, &hashed_borrowed, &g.events)), want);
        assert_eq!(answer(resolve(&g.rules, &references, &g.events)), want);

        let ordered: BTreeMap<OwnedEventId, TestEvent> = g.events.clone().into_iter().collect();
        let mut store = RoomEvents::new(&g.rules);
        for event in g.events.values() {
            store.insert(event.clone()).unwrap();
        }
        assert_eq!(answer(resolve(&g.rules, sets, &ordered)), want);
        assert_eq!(answer(resolve(&g.rules, sets, &&g.events)), want);
        assert_eq!(answer(resolve(&g.rules, sets, &store)), want);
        assert_eq!(answer(resolve(&g.rules, sets, &&store)), want);

        // A winner of a conflicted key, rejected on receipt, never wins
        // (`SR-v2-R2`): the answer changes, and it changes the same way when
        // the rejection is seen through references or kept by a store.
        let (key, winner) = want
            .iter()
            .find(|(k, id)| sets.iter().any(|s| s.get(*k) != Some(*id)))
            .expect("a conflicted key");
        let src = common::WithRejections {
            events: &g.events,
            rejected: HashMap::from([(winner.clone(), Rejection::AuthEvents)]),
        };
        let rejected = answer(resolve(&g.rules, sets, &src));
        assert_ne!(rejected.get(key), Some(winner), "{key:?}");
        assert_eq!(answer(resolve(&g.rules, sets, &&src)), rejected);
        assert_eq!(answer(resolve(&g.rules, sets, &&&src)), rejected);
        assert!(store.set_rejection(winner, Some(Rejection::AuthEvents)));
        assert_eq!(answer(resolve(&g.rules, sets, &&store)), rejected);
    }
}
