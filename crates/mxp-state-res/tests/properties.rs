//! Property tests: the answer never depends on the order of the state sets or
//! on the hash seed (`SR-N7`, incident `P1-49`), and random broken DAGs never
//! panic.

mod common;

use std::collections::HashMap;

use mxp_ids::OwnedEventId;
use mxp_room_versions::RoomVersionRules;
use mxp_state_res::Resolver;
use mxp_testkit::{Shape, TestEvent, generate};
use proptest::prelude::*;
use serde_json::json;

fn shape(seed: u64, forks: usize, v12: bool, power_every: Option<usize>) -> Shape {
    common::small_shape(12, seed, forks, v12, power_every)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// `SR-N7`: any permutation of the state sets and any hash seed give the
    /// same resolved state.
    #[test]
    fn same_answer_for_any_order_and_seed(
        seed in any::<u64>(),
        forks in 2usize..5,
        v12 in any::<bool>(),
        power_every in proptest::option::of(2usize..6),
        rotate in 0usize..5,
        h1 in any::<u64>(),
        h2 in any::<u64>(),
    ) {
        let g = generate(&shape(seed, forks, v12, power_every));
        let a = Resolver::new(&g.rules).seed(h1).resolve(&g.state_sets, &g.events).unwrap().to_btree_map();
        let mut sets = g.state_sets.clone();
        let n = sets.len();
        sets.rotate_left(rotate % n);
        sets.reverse();
        let b = Resolver::new(&g.rules).seed(h2).resolve(&sets, &g.events).unwrap().to_btree_map();
        prop_assert_eq!(a, b);
    }

    /// Random DAG-ish graphs with dangling links, cycles and odd keys: the
    /// result is `Ok` or `Err`, never a panic, and it does not depend on the
    /// order of the state sets.
    #[test]
    fn random_graphs_never_panic(
        links in proptest::collection::vec(proptest::collection::vec(0usize..14, 0..4), 1..12),
        picks in proptest::collection::vec(proptest::collection::vec((0usize..3, 0usize..12), 1..5), 1..4),
        version in 0usize..3,
    ) {
        let rules = [RoomVersionRules::V1, RoomVersionRules::V6, RoomVersionRules::V12][version];
        let types = ["m.room.power_levels", "m.room.member", "m.room.topic"];
        let id = |i: usize| format!("$e{i}:x");
        let events: HashMap<OwnedEventId, TestEvent> = links
            .iter()
            .enumerate()
            .map(|(i, auth)| {
                let auth: Vec<String> = auth.iter().map(|&a| id(a)).collect();
                let auth: Vec<&str> = auth.iter().map(String::as_str).collect();
                let t = types[i % 3];
                let key = if t == "m.room.member" { "@alice:x" } else { "" };
                let content = if t == "m.room.member" { json!({"membership": "leave"}) } else { json!({"users": {"@alice:x": "7"}}) };
                let e = TestEvent::build(&id(i), "@bob:x", t, Some(key), content).ts(i as i64 % 3).auth(&auth);
                (e.event_id.clone(), e)
            })
            .collect();
        let sets: Vec<std::collections::BTreeMap<(String, String), OwnedEventId>> = picks
            .iter()
            .map(|set| {
                set.iter()
                    .filter_map(|&(_, i)| {
                        let e = events.get(mxp_ids::EventId::parse(&id(i)).ok()?)?;
                        Some(((e.event_type.clone(), e.state_key.clone()?), e.event_id.clone()))
                    })
                    .collect()
            })
            .collect();
        let a = mxp_state_res::resolve(&rules, &sets, &events).map(|r| r.to_btree_map());
        let mut rev = sets.clone();
        rev.reverse();
        let b = mxp_state_res::resolve(&rules, &rev, &events).map(|r| r.to_btree_map());
        prop_assert_eq!(a.is_ok(), b.is_ok());
        if let (Ok(a), Ok(b)) = (a, b) {
            prop_assert_eq!(a, b);
        }
    }
}
