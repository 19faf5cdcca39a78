//! Unit tests of the internal passes, on the digest's worked examples (§5).
//!
//! Compiled only under `#[cfg(test)]` (see `lib.rs`): test code, where
//! `unwrap` on the fixtures is the assertion, not library code. The facts
//! read at fetch are tested in `facts.rs`, the iterative checks' lookup
//! answering from them in `hooks.rs`, whole resolutions of generated rooms
//! (warming, supplied auth chains, forged depths) in `whole.rs`.

use std::collections::HashMap;
use std::hash::RandomState;

use mxp_ids::{EventId, OwnedEventId};
use mxp_room_versions::RoomVersionRules;
use mxp_testkit::TestEvent;
use serde_json::json;

use crate::auth_chain::auth_difference;
use crate::budget::Meter;
use crate::graph::{Graph, Ix, NONE};
use crate::keys::group;
use crate::mainline::mainline_sort;
use crate::sort::reverse_topological_power_sort;
use crate::subgraph::conflicted_subgraph;
use crate::{Budget, EventSource, ResolveError};

mod facts;
mod hooks;
mod store_powers;
mod whole;

type Source = HashMap<OwnedEventId, TestEvent>;

fn source(events: Vec<TestEvent>) -> Source {
    events
        .into_iter()
        .map(|e| (e.event_id.clone(), e))
        .collect()
}

fn graph(src: &Source) -> Graph<'_, Source, RandomState> {
    Graph::new(
        src,
        RoomVersionRules::V11,
        Meter::new(Budget::default()),
        RandomState::new(),
    )
}

/// An `m.room.topic` event with state key `key` at `depth`, citing `auth`.
fn keyed_topic(id: &str, key: &str, depth: i64, auth: &[&str]) -> TestEvent {
    TestEvent::build(id, HUNDRED, "m.room.topic", Some(key), json!({}))
        .auth(auth)
        .depth(depth)
}

/// A state set of `m.room.topic` entries `(state key, event ID)`.
fn topic_set(
    entries: &[(&str, &str)],
) -> std::collections::BTreeMap<(String, String), OwnedEventId> {
    entries
        .iter()
        .map(|&(key, id)| {
            (
                ("m.room.topic".to_owned(), key.to_owned()),
                OwnedEventId::try_from(id).unwrap(),
            )
        })
        .collect()
}

/// The auth difference (`SR-v2-D4`) of `sets` over `source`, as sorted IDs.
fn sorted_difference<S: EventSource, T: crate::StateSet>(
    source: &S,
    rules: RoomVersionRules,
    sets: &[T],
) -> Vec<String> {
    sorted_difference_by(source, rules, sets, Walk::Chosen)
}

/// Which walk computes the auth difference.
#[derive(Debug, Clone, Copy)]
enum Walk {
    /// The one resolution chooses (by depth when it can).
    Chosen,
    /// The general walk, taken when the source supplies auth chains or a
    /// link does not decrease depth.
    General,
}

/// [`sorted_difference`] by the given walk.
fn sorted_difference_by<S: EventSource, T: crate::StateSet>(
    source: &S,
    rules: RoomVersionRules,
    sets: &[T],
    walk: Walk,
) -> Vec<String> {
    let mut g = Graph::new(
        source,
        rules,
        Meter::new(Budget::default()),
        RandomState::new(),
    );
    let grouped = group(&mut g, sets, RandomState::new()).unwrap();
    let diff = match walk {
        Walk::Chosen => auth_difference(&mut g, &grouped),
        Walk::General => crate::auth_chain::general(&mut g, &grouped),
    }
    .unwrap();
    let mut ids: Vec<String> = diff.iter().map(|&i| g.id(i).to_string()).collect();
    ids.sort();
    ids
}

fn ix<'a>(g: &mut Graph<'a, Source, RandomState>, src: &'a Source, id: &str) -> Ix {
    let (key, _) = src
        .get_key_value(mxp_ids::EventId::parse(id).unwrap())
        .unwrap();
    let i = g.intern(key).unwrap();
    g.load(i).unwrap();
    i
}

fn names(g: &Graph<'_, Source, RandomState>, order: &[Ix]) -> Vec<String> {
    order
        .iter()
        .map(|&i| g.id(i).as_str().trim_end_matches(":x").to_owned())
        .collect()
}

const HUNDRED: &str = "@hundred:x";
const FIFTY: &str = "@fifty:x";

fn base() -> Vec<TestEvent> {
    vec![
        TestEvent::build("$create:x", HUNDRED, "m.room.create", Some(""), json!({})),
        TestEvent::build(
            "$pl:x",
            HUNDRED,
            "m.room.power_levels",
            Some(""),
            json!({"users": {HUNDRED: 100, FIFTY: 50}}),
        )
        .auth(&["$create:x"]),
    ]
}

fn topic(id: &str, sender: &str, ts: i64, auth: &[&str]) -> TestEvent {
    TestEvent::build(id, sender, "m.room.topic", Some(""), json!({"topic": id}))
        .ts(ts)
        .auth(auth)
}

/// A power levels event by `HUNDRED` (who has 100) citing `auth`.
fn pl(id: &str, auth: &[&str]) -> TestEvent {
    TestEvent::build(
        id,
        HUNDRED,
        "m.room.power_levels",
        Some(""),
        json!({"users": {HUNDRED: 100}}),
    )
    .auth(auth)
}

/// The create event and the power levels chain pl1 ← pl2 ← pl3 of the
/// digest's mainline example (`SR-v2-D7`), with the side branch plx ← pl2.
fn mainline_chain() -> Vec<TestEvent> {
    vec![
        TestEvent::build("$create:x", HUNDRED, "m.room.create", Some(""), json!({})),
        pl("$pl1:x", &["$create:x"]),
        pl("$pl2:x", &["$create:x", "$pl1:x"]),
        pl("$pl3:x", &["$create:x", "$pl2:x"]),
        pl("$plx:x", &["$create:x", "$pl2:x"]),
    ]
}

/// The digest's mainline example: the chain and m1–m5, timestamps through `ts`.
fn mainline_example(ts: impl Fn(i64) -> i64) -> Vec<TestEvent> {
    let mut ev = mainline_chain();
    ev.extend([
        topic("$m1:x", HUNDRED, ts(1), &["$create:x", "$pl1:x"]),
        topic("$m2:x", HUNDRED, ts(1), &["$create:x", "$pl3:x"]),
        topic("$m3:x", HUNDRED, ts(5), &["$create:x", "$pl2:x"]),
        topic("$m4:x", HUNDRED, ts(9), &["$create:x"]),
        topic("$m5:x", HUNDRED, ts(4), &["$create:x", "$plx:x"]),
    ]);
    ev
}

/// Digest §5, reverse topological power ordering, first table (`SR-v2-D6`):
/// power level first, then timestamp, then event ID.
#[test]
fn sr_v2_d6_worked_example_tie_breaks() {
    let mut ev = base();
    ev.push(topic("$c:x", HUNDRED, 20, &["$create:x", "$pl:x"]));
    ev.push(topic("$a:x", FIFTY, 10, &["$create:x", "$pl:x"]));
    ev.push(topic("$b:x", HUNDRED, 20, &["$create:x", "$pl:x"]));
    ev.push(topic("$d:x", HUNDRED, 5, &["$create:x", "$pl:x"]));
    let src = source(ev);
    let mut g = graph(&src);
    let x: Vec<Ix> = ["$c:x", "$a:x", "$b:x", "$d:x"]
        .iter()
        .map(|i| ix(&mut g, &src, i))
        .collect();
    let order = reverse_topological_power_sort(&mut g, &x).unwrap();
    assert_eq!(names(&g, &order), ["$d", "$b", "$c", "$a"]);
}

/// Digest §5, second case (`SR-v2-D6`): `$d` cites `$a`, so it must wait.
#[test]
fn sr_v2_d6_worked_example_auth_edge() {
    let mut ev = base();
    ev.push(topic("$c:x", HUNDRED, 20, &["$create:x", "$pl:x"]));
    ev.push(topic("$a:x", FIFTY, 10, &["$create:x", "$pl:x"]));
    ev.push(topic("$b:x", HUNDRED, 20, &["$create:x", "$pl:x"]));
    ev.push(topic("$d:x", HUNDRED, 5, &["$create:x", "$pl:x", "$a:x"]));
    let src = source(ev);
    let mut g = graph(&src);
    let x: Vec<Ix> = ["$c:x", "$a:x", "$b:x", "$d:x"]
        .iter()
        .map(|i| ix(&mut g, &src, i))
        .collect();
    let order = reverse_topological_power_sort(&mut g, &x).unwrap();
    assert_eq!(names(&g, &order), ["$b", "$c", "$a", "$d"]);
}

/// `SR-v2-D6` / `SR-N1`: with no power-levels auth event the creator counts 100
/// (v1–v11); in v12 a creator outranks even a 2^53−1 user (`SR-v21-4`).
#[test]
fn sr_n1_creator_power_without_power_levels_and_v12_infinite() {
    let creator = "@creator:x";
    let big = "@big:x";
    let ev = vec![
        TestEvent::build("$create:x", creator, "m.room.create", Some(""), json!({})),
        TestEvent::build(
            "$pl:x",
            creator,
            "m.room.power_levels",
            Some(""),
            json!({"users": {big: 9007199254740991i64}}),
        )
        .auth(&["$create:x"]),
        topic("$1:x", "@nobody:x", 1, &["$create:x"]),
        topic("$2:x", creator, 9, &["$create:x"]),
        topic("$3:x", big, 1, &["$create:x", "$pl:x"]),
        topic("$4:x", creator, 5, &["$create:x", "$pl:x"]),
    ];
    let src = source(ev);
    // v11: creator without PL = 100, above the nobody (0); with PL the creator
    // is not listed, so 0; `big` is highest.
    let mut g = graph(&src);
    let x: Vec<Ix> = ["$1:x", "$2:x", "$3:x", "$4:x"]
        .iter()
        .map(|i| ix(&mut g, &src, i))
        .collect();
    let order = reverse_topological_power_sort(&mut g, &x).unwrap();
    assert_eq!(names(&g, &order), ["$3", "$2", "$1", "$4"]);
    // v12 (same events, auth via the explicit create): creators are infinite.
    let mut g = Graph::new(
        &src,
        RoomVersionRules::V12,
        Meter::new(Budget::default()),
        RandomState::new(),
    );
    let x: Vec<Ix> = ["$1:x", "$2:x", "$3:x", "$4:x"]
        .iter()
        .map(|i| ix(&mut g, &src, i))
        .collect();
    let order = reverse_topological_power_sort(&mut g, &x).unwrap();
    assert_eq!(names(&g, &order), ["$4", "$2", "$3", "$1"]);
}

/// Digest §5, mainline ordering (`SR-v2-D7`): m4 (∞), m1 (2), m5 (1, earlier),
/// m3 (1), m2 (0).
#[test]
fn sr_v2_d7_worked_example_mainline() {
    let ev = mainline_example(|t| t);
    let src = source(ev);
    let mut g = graph(&src);
    let p0 = ix(&mut g, &src, "$pl3:x");
    let m: Vec<Ix> = ["$m2:x", "$m3:x", "$m1:x", "$m5:x", "$m4:x"]
        .iter()
        .map(|i| ix(&mut g, &src, i))
        .collect();
    let order = mainline_sort(&mut g, p0, &m).unwrap();
    assert_eq!(names(&g, &order), ["$m4", "$m1", "$m5", "$m3", "$m2"]);
    // P1-49: position 0 (m2 hangs off P0 itself) is not confused with ∞ (m4).
    // With no power levels at all every position is ∞: timestamp order.
    let order = mainline_sort(&mut g, NONE, &m).unwrap();
    assert_eq!(names(&g, &order), ["$m1", "$m2", "$m5", "$m3", "$m4"]);
}

/// The mainline order does not depend on how the sort packs its keys: the
/// worked example with its timestamps spread over 31, 32, 33 and 64 bits
/// (negative and extreme values included; `u64` keys when ranks and spread
/// fit in 32 bits, `u128` keys otherwise), plus a timestamp tie settled by
/// event ID.
#[test]
fn sr_v2_d7_mainline_order_whatever_the_timestamp_spread() {
    let spreads: [fn(i64) -> i64; 6] = [
        |t| t,
        |t| t << 27,
        |t| t << 28,
        |t| (t << 29) - (1 << 32),
        |t| if t >= 9 { i64::MAX } else { i64::MIN + t },
        |t| (t - 5).saturating_mul(1 << 60),
    ];
    for (n, f) in spreads.into_iter().enumerate() {
        let mut ev = mainline_example(f);
        ev.push(topic("$m6:x", HUNDRED, f(5), &["$create:x", "$pl2:x"]));
        ev.push(topic("$m0:x", HUNDRED, f(5), &["$create:x", "$plx:x"]));
        let src = source(ev);
        let mut g = graph(&src);
        let p0 = ix(&mut g, &src, "$pl3:x");
        let m: Vec<Ix> = [
            "$m6:x", "$m2:x", "$m3:x", "$m1:x", "$m0:x", "$m5:x", "$m4:x",
        ]
        .iter()
        .map(|i| ix(&mut g, &src, i))
        .collect();
        let order = mainline_sort(&mut g, p0, &m).unwrap();
        assert_eq!(
            names(&g, &order),
            ["$m4", "$m1", "$m5", "$m0", "$m3", "$m6", "$m2"],
            "spread {n}"
        );
        let order = mainline_sort(&mut g, NONE, &m).unwrap();
        assert_eq!(
            names(&g, &order),
            ["$m1", "$m2", "$m5", "$m0", "$m3", "$m6", "$m4"],
            "spread {n}"
        );
    }
}

/// Enough events for the radix path of the mainline sort (256 or more),
/// with repeated timestamps: the order is exactly position (greater first,
/// ∞ first), then timestamp, then event ID, as a plain comparison sort of
/// those three gives.
#[test]
fn sr_v2_d7_mainline_order_many_events() {
    // The chain's side branch plx is never cited here.
    let mut ev = mainline_chain();
    // Position by cited power levels: none → ∞, pl1 → 2, pl2 → 1, pl3 → 0;
    // so ∞, then pl1, pl2, pl3 (the order of `cites`).
    let cites = [None, Some("$pl1:x"), Some("$pl2:x"), Some("$pl3:x")];
    let mut want = Vec::new();
    for i in 0..300u32 {
        let id = format!("$t{:03}:x", (i * 7919) % 1000);
        let ts = i64::from((i * 37) % 50);
        let rank = i % 4;
        let auth = match cites[rank as usize] {
            None => vec!["$create:x"],
            Some(p) => vec!["$create:x", p],
        };
        ev.push(topic(&id, HUNDRED, ts, &auth));
        want.push((rank, ts, id.trim_end_matches(":x").to_owned()));
    }
    want.sort();
    let src = source(ev);
    let mut g = graph(&src);
    let p0 = ix(&mut g, &src, "$pl3:x");
    let m: Vec<Ix> = src
        .keys()
        .filter(|k| k.as_str().starts_with("$t"))
        .map(|k| ix(&mut g, &src, k.as_str()))
        .collect();
    let order = mainline_sort(&mut g, p0, &m).unwrap();
    let want: Vec<String> = want.into_iter().map(|(_, _, id)| id).collect();
    assert_eq!(names(&g, &order), want);
}

fn chain_room() -> Source {
    // C1 → B → A, D → C1, A' alone (digest §5, v2.1 subgraph).
    let t = |id: &str, auth: &[&str]| {
        TestEvent::build(id, HUNDRED, "m.room.topic", Some(id), json!({})).auth(auth)
    };
    source(vec![
        t("$A:x", &[]),
        t("$B:x", &["$A:x"]),
        t("$C1:x", &["$B:x"]),
        t("$D:x", &["$C1:x"]),
        t("$A2:x", &[]),
    ])
}

/// Digest §5, v2.1 subgraph (`SR-v21-1`).
#[test]
fn sr_v21_1_worked_example_subgraph() {
    let src = chain_room();
    let mut g = graph(&src);
    let c1 = ix(&mut g, &src, "$C1:x");
    let a = ix(&mut g, &src, "$A:x");
    let a2 = ix(&mut g, &src, "$A2:x");
    let members = |g: &Graph<'_, Source, RandomState>, v: Vec<bool>| {
        let mut n: Vec<String> = v
            .iter()
            .enumerate()
            .filter(|(_, b)| **b)
            .map(|(i, _)| g.id(i as Ix).to_string())
            .collect();
        n.sort();
        n
    };
    let sub = conflicted_subgraph(&mut g, &[c1, a2]).unwrap();
    assert_eq!(members(&g, sub), ["$A2:x", "$C1:x"]);
    let sub = conflicted_subgraph(&mut g, &[c1, a]).unwrap();
    assert_eq!(members(&g, sub), ["$A:x", "$B:x", "$C1:x"]);
}

/// `SR-v2-D4` over three sets is ∪Cᵢ − ∩Cᵢ, not a symmetric-difference fold
/// (incident `P1-49`).
#[test]
fn sr_v2_d4_auth_difference_three_sets_p1_49() {
    let src = source(vec![
        keyed_topic("$r:x", "r", 1, &[]),
        keyed_topic("$a:x", "a", 1, &["$r:x"]),
        keyed_topic("$x1:x", "k", 1, &["$a:x"]),
        keyed_topic("$x2:x", "k", 1, &["$a:x"]),
        keyed_topic("$x3:x", "k", 1, &["$r:x"]),
    ]);
    let sets = [
        topic_set(&[("k", "$x1:x")]),
        topic_set(&[("k", "$x2:x")]),
        topic_set(&[("k", "$x3:x")]),
    ];
    let n = sorted_difference(&src, RoomVersionRules::V11, &sets);
    assert_eq!(n, ["$a:x", "$x1:x", "$x2:x", "$x3:x"]);
}

/// Auth cycles are errors, not hangs (`P1-51`).
#[test]
fn auth_cycle_is_an_error() {
    let t = |id: &str, auth: &[&str]| {
        TestEvent::build(id, HUNDRED, "m.room.topic", Some(""), json!({})).auth(auth)
    };
    let src = source(vec![t("$p:x", &["$q:x"]), t("$q:x", &["$p:x"])]);
    let mut g = graph(&src);
    let p = ix(&mut g, &src, "$p:x");
    let err = crate::auth_chain::topological_walk(&mut g, &[p]).unwrap_err();
    assert!(matches!(err, ResolveError::AuthCycle { .. }));
}

/// The depth-ordered fast path of the auth difference gives exactly the
/// general path's answer (`SR-v2-D4`), on generated rooms of 2–5 forks and
/// on the three-set example with real depths.
#[test]
fn sr_v2_d4_fast_path_matches_general_path() {
    use mxp_testkit::{Shape, generate};
    for seed in 0..12u64 {
        let shape = Shape {
            members: 15,
            changers: 8,
            changes: 2,
            bans: 3,
            forks: 2 + (seed as usize % 4),
            power_every: (seed % 3 == 0).then_some(3),
            seed,
            ..Shape::default()
        };
        let room = generate(&shape);
        let sorted = |fast: bool| {
            let mut g = Graph::new(
                &room.events,
                room.rules,
                Meter::new(Budget::default()),
                RandomState::new(),
            );
            let grouped = group(&mut g, &room.state_sets, RandomState::new()).unwrap();
            let diff = if fast {
                crate::auth_chain::walk_by_depth(&mut g, &grouped)
                    .unwrap()
                    .expect("depths decrease")
            } else {
                crate::auth_chain::general(&mut g, &grouped).unwrap()
            };
            let mut ids: Vec<String> = diff.iter().map(|&i| g.id(i).to_string()).collect();
            ids.sort();
            ids
        };
        let (fast, general) = (sorted(true), sorted(false));
        assert!(!fast.is_empty());
        assert_eq!(fast, general, "seed {seed}");
    }

    let src = source(vec![
        keyed_topic("$r:x", "r", 1, &[]),
        keyed_topic("$a:x", "a", 2, &["$r:x"]),
        keyed_topic("$x1:x", "k", 3, &["$a:x"]),
        keyed_topic("$x2:x", "k", 3, &["$a:x"]),
        keyed_topic("$x3:x", "k", 3, &["$r:x"]),
    ]);
    let sets = [
        topic_set(&[("k", "$x1:x")]),
        topic_set(&[("k", "$x2:x")]),
        topic_set(&[("k", "$x3:x")]),
    ];
    let mut g = graph(&src);
    let grouped = group(&mut g, &sets, RandomState::new()).unwrap();
    let diff = crate::auth_chain::walk_by_depth(&mut g, &grouped)
        .unwrap()
        .unwrap();
    let mut n: Vec<&str> = diff.iter().map(|&i| g.id(i).as_str()).collect();
    n.sort();
    assert_eq!(n, ["$a:x", "$x1:x", "$x2:x", "$x3:x"]);
}

/// `SR-v2-D4` note: the full auth chain of a state set includes the set's own
/// events (Synapse's reading), so an event present in every set is never in
/// the auth difference even when only some sets' chains reach it.
#[test]
fn sr_v2_d4_state_events_are_in_their_own_sets_chains() {
    let src = source(vec![
        keyed_topic("$u:x", "u", 1, &[]),
        keyed_topic("$c1:x", "c", 2, &["$u:x"]),
        keyed_topic("$c2:x", "c", 2, &[]),
    ]);
    let sets = [
        topic_set(&[("u", "$u:x"), ("c", "$c1:x")]),
        topic_set(&[("u", "$u:x"), ("c", "$c2:x")]),
    ];
    let n = sorted_difference(&src, RoomVersionRules::V11, &sets);
    assert_eq!(n, ["$c1:x", "$c2:x"]);
}

/// `P1-48`: step 1 adds only the auth ancestors of power events that are in
/// the full conflicted set, never their whole auth chains (the 2022 spec-text
/// regression). In the ban-vs-power-levels fixture the create event, Alice's
/// join and the first power levels are in every chain: they must stay out.
#[test]
fn p1_48_power_closure_stays_inside_the_full_conflicted_set() {
    use mxp_testkit::scenarios::ban_vs_power_levels;
    let s = ban_vs_power_levels(RoomVersionRules::V11, "11");
    let events = s.room.events();
    let mut g = Graph::new(
        events,
        RoomVersionRules::V11,
        Meter::new(Budget::default()),
        RandomState::new(),
    );
    let grouped = group(&mut g, &s.state_sets, RandomState::new()).unwrap();
    let mut fcs: Vec<Ix> = Vec::new();
    for &(slot, ix) in &grouped.entries {
        let sl = &grouped.keys.slots[slot as usize];
        if (sl.differs || sl.count != 2) && !fcs.contains(&ix) {
            fcs.push(ix);
        }
    }
    for ix in auth_difference(&mut g, &grouped).unwrap() {
        if !fcs.contains(&ix) {
            fcs.push(ix);
        }
    }
    let mut flags = vec![0u8; g.len()];
    for &ix in &fcs {
        flags[ix as usize] = crate::v2::IN_FCS;
    }
    let x = crate::v2::power_closure(&mut g, &fcs, &mut flags).unwrap();
    assert!(x.iter().all(|&ix| fcs.contains(&ix)));
    assert!(
        x.iter()
            .all(|&ix| flags[ix as usize] == crate::v2::IN_FCS | crate::v2::IN_X)
    );
    let kinds: Vec<(String, String)> = x
        .iter()
        .map(|&ix| {
            let e = g.event(ix).unwrap();
            (
                e.event_type.clone(),
                e.state_key.clone().unwrap_or_default(),
            )
        })
        .collect();
    // Bob's ban and power levels, Alice's second power levels, and the
    // conflicted memberships they cite (both of Alice's, both of Bob's); not
    // the create event, the join rules or the first power levels, which are
    // in every chain.
    assert_eq!(x.len(), 6, "{kinds:?}");
    assert!(
        !kinds
            .iter()
            .any(|(t, _)| t == "m.room.create" || t == "m.room.join_rules")
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|(t, _)| t == "m.room.power_levels")
            .count(),
        2
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, .. Default::default() })]

    /// `SR-v2-D6`: the power sort (a heap of positions) emits the same order
    /// as the rule read literally: repeatedly, of the events whose auth
    /// events in the set are all emitted, the one with the greatest sender
    /// power, then the smallest timestamp, then the smallest ID. Random
    /// DAGs of up to 40 events, two power levels, few distinct timestamps
    /// (so ties go to the ID), repeated auth events.
    #[test]
    fn sr_v2_d6_the_sort_matches_a_literal_selection(
        spec in proptest::collection::vec(
            (
                proptest::prelude::any::<bool>(),
                0i64..4,
                proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 0..4),
            ),
            1..40,
        )
    ) {
        let id = |i: usize| format!("$t{i}:x");
        let mut ev = base();
        for (i, (fifty, ts, cites)) in spec.iter().enumerate() {
            let mut auth = vec!["$create:x".to_owned(), "$pl:x".to_owned()];
            if i > 0 {
                auth.extend(cites.iter().map(|c| id(c.index(i))));
            }
            let auth: Vec<&str> = auth.iter().map(String::as_str).collect();
            ev.push(topic(&id(i), if *fifty { FIFTY } else { HUNDRED }, *ts, &auth));
        }
        let src = source(ev);
        let mut g = graph(&src);
        let x: Vec<Ix> = (0..spec.len()).map(|i| ix(&mut g, &src, &id(i))).collect();
        let order = reverse_topological_power_sort(&mut g, &x).unwrap();

        // The literal reading, in O(n²).
        let mut emitted = vec![false; spec.len()];
        let mut want = Vec::new();
        while want.len() < spec.len() {
            let ready = (0..spec.len()).filter(|&i| {
                !emitted[i]
                    && src[&*OwnedEventId::try_from(id(i)).unwrap()]
                        .auth_events
                        .iter()
                        .filter_map(|a| a.as_str().strip_prefix("$t"))
                        .filter_map(|a| a.strip_suffix(":x")?.parse::<usize>().ok())
                        .all(|a| emitted[a])
            });
            let key = |i: usize| {
                let power = if spec[i].0 { 50 } else { 100 };
                (std::cmp::Reverse(power), spec[i].1, id(i))
            };
            let next = ready.min_by_key(|&i| key(i)).unwrap();
            emitted[next] = true;
            want.push(id(next).trim_end_matches(":x").to_owned());
        }
        proptest::prop_assert_eq!(names(&g, &order), want);
    }
}
