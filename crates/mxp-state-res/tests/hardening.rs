//! Hostile graphs at scale (issue 7, P1-08, P1-51): 10,000-long auth chains
//! on a small stack, long cycles, dangling references at the bottom of deep
//! chains, events citing thousands of auth and prev events, and depths and
//! timestamps at the extremes of `i64`. Every case ends in a result or a
//! typed error; none panics, overflows the stack or hangs.

use std::collections::{BTreeMap, HashMap};

use mxp_ids::OwnedEventId;
use mxp_room_versions::{RoomVersionRules, StateResolution};
use mxp_state_res::{Budget, ResolveError, Resolver};
use mxp_testkit::TestEvent;
use serde_json::json;

const ALICE: &str = "@alice:x";

type Sets = Vec<BTreeMap<(String, String), OwnedEventId>>;
type Events = HashMap<OwnedEventId, TestEvent>;

fn id(i: usize) -> String {
    format!("$e{i}:x")
}

fn ev(i: usize, event_type: &str, key: &str, auth: &[String]) -> TestEvent {
    let auth: Vec<&str> = auth.iter().map(String::as_str).collect();
    let content = match event_type {
        "m.room.power_levels" => json!({"users": {ALICE: 100}}),
        "m.room.member" => json!({"membership": "join"}),
        _ => json!({"topic": i}),
    };
    TestEvent::build(&id(i), ALICE, event_type, Some(key), content)
        .auth(&auth)
        .depth(i as i64 + 1)
        .ts(i as i64)
}

fn index(events: impl IntoIterator<Item = TestEvent>) -> Events {
    events
        .into_iter()
        .map(|e| (e.event_id.clone(), e))
        .collect()
}

fn sets(pairs: &[&[(&str, &str, String)]]) -> Sets {
    pairs
        .iter()
        .map(|set| {
            set.iter()
                .map(|(t, k, id)| {
                    (
                        ((*t).to_owned(), (*k).to_owned()),
                        OwnedEventId::try_from(id.as_str()).unwrap(),
                    )
                })
                .collect()
        })
        .collect()
}

fn versions() -> [&'static RoomVersionRules; 3] {
    [
        &RoomVersionRules::V1,
        &RoomVersionRules::V6,
        &RoomVersionRules::V12,
    ]
}

/// Runs `f` on a thread with a 256 KiB stack: a recursive walk over 10,000
/// events would overflow it.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

/// A chain of `n` power-levels events, each citing the one before.
fn pl_chain(n: usize) -> Events {
    index((0..n).map(|i| {
        let auth = if i == 0 { vec![] } else { vec![id(i - 1)] };
        ev(i, "m.room.power_levels", "", &auth)
    }))
}

#[test]
fn p1_51_ten_thousand_long_auth_chain_on_a_small_stack() {
    on_small_stack(|| {
        const N: usize = 10_000;
        let events = pl_chain(N);
        // The last and the first events of the chain conflict: the whole chain
        // is the auth difference.
        let s = sets(&[
            &[("m.room.power_levels", "", id(N - 1))],
            &[("m.room.power_levels", "", id(0))],
        ]);
        // No create event, so no candidate passes the auth checks: what
        // matters is that the walk completes on a small stack.
        for rules in versions() {
            if let Err(e) = Resolver::new(rules).resolve(&s, &events) {
                panic!("{:?}: {e}", rules.state_res);
            }
        }
    });
}

#[test]
fn long_cycles_are_errors_not_hangs() {
    on_small_stack(|| {
        const N: usize = 1_000;
        // 0 ← 1 ← … ← 999 and 0 citing 999: a cycle through the whole chain.
        let mut events = pl_chain(N);
        let first = OwnedEventId::try_from(id(0)).unwrap();
        events.get_mut(&first).unwrap().auth_events =
            vec![OwnedEventId::try_from(id(N - 1)).unwrap()];
        events.insert(
            OwnedEventId::try_from(id(N)).unwrap(),
            ev(N, "m.room.power_levels", "", &[]),
        );
        let s = sets(&[
            &[("m.room.power_levels", "", id(N - 1))],
            &[("m.room.power_levels", "", id(N))],
        ]);
        for rules in versions() {
            match Resolver::new(rules).resolve(&s, &events) {
                Err(ResolveError::AuthCycle { .. }) => {}
                // v1 never walks auth chains (SR-v1-*): it checks each
                // conflicting event against its own auth events.
                Ok(_) if rules.state_res == StateResolution::V1 => {}
                other => panic!("{:?}: {other:?}", rules.state_res),
            }
        }
    });
}

#[test]
fn a_dangling_reference_at_the_bottom_of_a_deep_chain() {
    on_small_stack(|| {
        const N: usize = 5_000;
        let mut events = pl_chain(N);
        let first = OwnedEventId::try_from(id(0)).unwrap();
        events.get_mut(&first).unwrap().auth_events =
            vec![OwnedEventId::try_from("$gone:x").unwrap()];
        events.insert(
            OwnedEventId::try_from(id(N)).unwrap(),
            ev(N, "m.room.power_levels", "", &[]),
        );
        let s = sets(&[
            &[("m.room.power_levels", "", id(N - 1))],
            &[("m.room.power_levels", "", id(N))],
        ]);
        let gone = OwnedEventId::try_from("$gone:x").unwrap();
        for rules in versions() {
            match Resolver::new(rules).resolve(&s, &events) {
                Err(ResolveError::MissingEvent { event_id }) => assert_eq!(event_id, gone),
                Ok(_) if rules.state_res == StateResolution::V1 => {}
                other => panic!("{:?}: {other:?}", rules.state_res),
            }
        }
    });
}

#[test]
fn p1_51_an_event_citing_thousands_of_auth_and_prev_events() {
    const N: usize = 5_000;
    let mut all: Vec<TestEvent> = (0..N)
        .map(|i| ev(i, "m.room.topic", &format!("k{i}"), &[]))
        .collect();
    let wide: Vec<String> = (0..N).map(id).collect();
    let mut hub = ev(N, "m.room.power_levels", "", &wide);
    hub.prev_events = wide
        .iter()
        .map(|s| OwnedEventId::try_from(s.as_str()).unwrap())
        .collect();
    all.push(hub);
    // The same reference a thousand times over.
    let mut dup = ev(N + 1, "m.room.power_levels", "", &vec![id(0); 1_000]);
    dup.prev_events = vec![OwnedEventId::try_from(id(0)).unwrap(); 1_000];
    all.push(dup);
    let events = index(all);
    let s = sets(&[
        &[("m.room.power_levels", "", id(N))],
        &[("m.room.power_levels", "", id(N + 1))],
    ]);
    for rules in versions() {
        let got = Resolver::new(rules).resolve(&s, &events);
        if let Err(e) = got {
            panic!("{:?}: {e}", rules.state_res);
        }
        // A budget below the work is a typed error.
        let err = Resolver::new(rules)
            .budget(Budget::new(1_000))
            .resolve(&s, &events)
            .unwrap_err();
        assert_eq!(err, ResolveError::BudgetExceeded { limit: 1_000 });
    }
}

#[test]
fn p1_08_depths_and_timestamps_at_the_extremes_of_i64() {
    // v1 sorts by depth, v2 by timestamp: neither may overflow or wrap.
    for (depth, ts) in [
        (i64::MAX, i64::MAX),
        (i64::MIN, i64::MIN),
        (0, i64::MIN),
        (i64::MAX, 0),
    ] {
        let a = ev(0, "m.room.power_levels", "", &[]).depth(depth).ts(ts);
        let b = ev(1, "m.room.power_levels", "", &[])
            .depth(depth.saturating_sub(1))
            .ts(ts.saturating_add(1));
        let c = ev(2, "m.room.topic", "", &[id(0)])
            .depth(i64::MAX)
            .ts(i64::MAX);
        let d = ev(3, "m.room.topic", "", &[id(1)])
            .depth(i64::MIN)
            .ts(i64::MIN);
        let events = index([a, b, c, d]);
        let s = sets(&[
            &[
                ("m.room.power_levels", "", id(0)),
                ("m.room.topic", "", id(2)),
            ],
            &[
                ("m.room.power_levels", "", id(1)),
                ("m.room.topic", "", id(3)),
            ],
        ]);
        for rules in versions() {
            let first = Resolver::new(rules)
                .resolve(&s, &events)
                .map(|r| r.to_btree_map());
            let mut reversed = s.clone();
            reversed.reverse();
            let second = Resolver::new(rules)
                .resolve(&reversed, &events)
                .map(|r| r.to_btree_map());
            assert_eq!(first, second, "depth {depth}, ts {ts}");
            assert!(first.is_ok(), "depth {depth}, ts {ts}: {first:?}");
        }
    }
}

#[test]
fn p1_51_authorised_ten_thousand_long_power_levels_mainline_on_a_small_stack() {
    on_small_stack(|| {
        const N: usize = 10_000;
        for (version, rules) in [
            ("1", &RoomVersionRules::V1),
            ("6", &RoomVersionRules::V6),
            ("11", &RoomVersionRules::V11),
        ] {
            let create = TestEvent::build(
                "$create:x",
                ALICE,
                "m.room.create",
                Some(""),
                json!({"creator": ALICE, "room_version": version}),
            );
            let join = TestEvent::build(
                "$join:x",
                ALICE,
                "m.room.member",
                Some(ALICE),
                json!({"membership": "join"}),
            )
            .auth(&["$create:x"]);
            let mut all = vec![create, join];
            // Each power levels event is authorised by the one before: the
            // mainline of the last one is N events long.
            for i in 0..N {
                let mut auth = vec!["$create:x".to_owned(), "$join:x".to_owned()];
                if i > 0 {
                    auth.push(id(i - 1));
                }
                all.push(ev(i, "m.room.power_levels", "", &auth));
            }
            // A topic set on top of the last one, conflicting with one on top of
            // the first: mainline positions differ by 10,000.
            let base = ["$create:x".to_owned(), "$join:x".to_owned()];
            all.push(ev(
                N,
                "m.room.topic",
                "",
                &[base[0].clone(), base[1].clone(), id(N - 1)],
            ));
            all.push(ev(
                N + 1,
                "m.room.topic",
                "",
                &[base[0].clone(), base[1].clone(), id(0)],
            ));
            let events = index(all);
            let common = [
                ("m.room.create", "", "$create:x".to_owned()),
                ("m.room.member", ALICE, "$join:x".to_owned()),
            ];
            let s = sets(&[
                &[
                    common[0].clone(),
                    common[1].clone(),
                    ("m.room.power_levels", "", id(N - 1)),
                    ("m.room.topic", "", id(N)),
                ],
                &[
                    common[0].clone(),
                    common[1].clone(),
                    ("m.room.power_levels", "", id(0)),
                    ("m.room.topic", "", id(N + 1)),
                ],
            ]);
            let got = Resolver::new(rules)
                .resolve(&s, &events)
                .unwrap_or_else(|e| panic!("v{version}: {e}"));
            let pl = got.get("m.room.power_levels", "").map(|e| e.to_string());
            assert!(pl.is_some(), "v{version}: no power levels resolved");
            assert!(
                got.get("m.room.topic", "").is_some(),
                "v{version}: no topic resolved"
            );
        }
    });
}

/// A state set whose iterator claims far more entries than it has (a
/// caller's `StateSet` with a wrong `size_hint`): resolution sizes nothing
/// by the claim beyond a cap, so it neither overflows the sum nor tries a
/// huge allocation, and resolves the two entries it really has.
#[test]
fn a_state_set_with_a_lying_size_hint_resolves() {
    use mxp_ids::EventId;
    use mxp_state_res::StateSet;

    struct Lying(Vec<(String, String, OwnedEventId)>);
    struct Claims<I>(I);
    impl<I: Iterator> Iterator for Claims<I> {
        type Item = I::Item;
        fn next(&mut self) -> Option<I::Item> {
            self.0.next()
        }
        fn size_hint(&self) -> (usize, Option<usize>) {
            (usize::MAX, None)
        }
    }
    impl StateSet for Lying {
        fn entries(&self) -> impl Iterator<Item = (&str, &str, &EventId)> {
            Claims(
                self.0
                    .iter()
                    .map(|(t, k, id)| (t.as_str(), k.as_str(), id.as_id())),
            )
        }
    }

    let events = index([
        TestEvent::build("$create:x", ALICE, "m.room.create", Some(""), json!({})).depth(1),
        TestEvent::build(
            "$join:x",
            ALICE,
            "m.room.member",
            Some(ALICE),
            json!({"membership": "join"}),
        )
        .auth(&["$create:x"])
        .depth(2),
    ]);
    let set = || {
        Lying(vec![
            (
                "m.room.create".into(),
                String::new(),
                OwnedEventId::try_from("$create:x").unwrap(),
            ),
            (
                "m.room.member".into(),
                ALICE.into(),
                OwnedEventId::try_from("$join:x").unwrap(),
            ),
        ])
    };
    let sets = [set(), set(), set()];
    let got = Resolver::new(&RoomVersionRules::V11)
        .resolve(&sets, &events)
        .unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got.get("m.room.member", ALICE).map(|e| e.as_str()),
        Some("$join:x")
    );
}
