//! Unit tests of the internal passes, on the digest's worked examples (§5).
//!
//! Compiled only under `#[cfg(test)]` (see `lib.rs`): test code, where
//! `unwrap` on the fixtures is the assertion, not library code.

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
    let mut g = Graph::new(
        source,
        rules,
        Meter::new(Budget::default()),
        RandomState::new(),
    );
    let grouped = group(&mut g, sets, RandomState::new()).unwrap();
    let diff = auth_difference(&mut g, &grouped).unwrap();
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
    let mut in_fcs = vec![false; g.len()];
    for &ix in &fcs {
        in_fcs[ix as usize] = true;
    }
    let (x, _) = crate::v2::power_closure(&mut g, &fcs, &in_fcs).unwrap();
    assert!(x.iter().all(|&ix| in_fcs[ix as usize]));
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

/// The facts recorded at fetch for a member event (what the hooks
/// `checked_membership`, `checked_has_authoriser` and `checked_self_targeted`
/// answer from) agree with reading the event as the auth rules' defaults do,
/// whatever the keys and target.
#[test]
fn member_facts_agree_with_content() {
    use crate::graph::{classify, membership};
    use mxp_events::Event;
    let contents = [
        json!({}),
        json!({"membership": "join"}),
        json!({"membership": "invite", "displayname": "B"}),
        json!({"membership": "leave", "zzz": 1}),
        json!({"membership": "ban", "join_authorised_via_users_server": "@a:x"}),
        json!({"membership": "knock", "avatar_url": "mxc://x/y"}),
        json!({"membership": "custom"}),
        json!({"membership": 3, "join_authorised_via_users_server": 1}),
        json!({"join_authorised_via_users_server": null}),
        json!({"a": 1, "join_authorised_via_users_serve": 1, "membership": "join"}),
        json!({"join_authorised_via_users_serverx": 1, "membership": "join"}),
    ];
    for (i, (content, target)) in contents
        .into_iter()
        .flat_map(|c| [(c.clone(), "@b:x"), (c, "@c:x")])
        .enumerate()
    {
        let e = TestEvent::build(
            &format!("$m{i}:x"),
            "@b:x",
            "m.room.member",
            Some(target),
            content,
        );
        let facts = classify(&e);
        assert_eq!(facts.self_target, target == "@b:x", "{i}");
        let kick_or_ban = matches!(facts.membership, membership::LEAVE | membership::BAN);
        assert_eq!(facts.power, kick_or_ban && target != "@b:x", "{i}");
        let (m, authoriser) = (facts.membership, facts.authoriser);
        // The one-pass scan finds what a plain lookup finds.
        let want = membership::code(e.content().get("membership").and_then(|m| m.as_str()));
        assert_eq!(m, want, "{i}");
        assert_eq!(
            authoriser,
            e.content().contains_key("join_authorised_via_users_server"),
            "{i}"
        );
    }
}

/// The kind read at fetch: create, power levels and join rules only with
/// state key `""`, member events with any state key, near-miss types (same
/// length, one byte off) as other state, events without a state key as
/// non-state.
#[test]
fn kinds_read_at_fetch() {
    use crate::graph::{classify, kind};
    let cases: [(&str, Option<&str>, u8); 11] = [
        ("m.room.create", Some(""), kind::CREATE),
        ("m.room.create", Some("x"), kind::OTHER_STATE),
        ("m.room.creatf", Some(""), kind::OTHER_STATE),
        ("m.room.power_levels", Some(""), kind::POWER_LEVELS),
        ("m.room.power_levelz", Some(""), kind::OTHER_STATE),
        ("m.room.join_rules", Some(""), kind::JOIN_RULES),
        ("m.room.join_rules", Some("@b:x"), kind::OTHER_STATE),
        ("m.room.member", Some("@b:x"), kind::MEMBER),
        ("m.room.membes", Some("@b:x"), kind::OTHER_STATE),
        ("m.room.topic", Some(""), kind::OTHER_STATE),
        ("m.room.member", None, kind::NON_STATE),
    ];
    for (i, (t, k, want)) in cases.into_iter().enumerate() {
        let e = TestEvent::build(&format!("$k{i}:x"), "@b:x", t, k, json!({}));
        assert_eq!(classify(&e).kind, want, "{t} {k:?}");
    }
}

/// The membership codes the facts table stores, one per value the member
/// rules distinguish (`AUTH-*` member rules read `membership`).
#[test]
fn membership_codes_name_each_value() {
    use crate::graph::membership;
    let cases = [
        (None, membership::NONE),
        (Some("join"), membership::JOIN),
        (Some("invite"), membership::INVITE),
        (Some("leave"), membership::LEAVE),
        (Some("ban"), membership::BAN),
        (Some("knock"), membership::KNOCK),
        (Some("Join"), membership::CUSTOM),
        (Some(""), membership::CUSTOM),
    ];
    for (value, code) in cases {
        assert_eq!(membership::code(value), code, "{value:?}");
    }
}

/// A generated room of a few hundred events, with forks, bans and (with
/// `power_every`) power level changes.
fn mid_sized_room(
    seed: u64,
    v12: bool,
    forks: usize,
    power_every: Option<usize>,
) -> mxp_testkit::GeneratedRoom {
    let shape = mxp_testkit::Shape {
        members: 60,
        changers: 40,
        changes: 3,
        bans: 7,
        forks,
        power_every,
        seed,
        ..mxp_testkit::Shape::default()
    };
    mxp_testkit::generate(&if v12 { shape.v12() } else { shape })
}

/// The entries of a resolved state, sorted.
fn sorted_entries(state: crate::ResolvedState<'_>) -> Vec<(String, String, OwnedEventId)> {
    let mut v: Vec<_> = state
        .iter()
        .map(|((t, k), id)| (t.to_owned(), k.to_owned(), id.to_owned()))
        .collect();
    v.sort();
    v
}

/// Cache warming (`graph::warm`) never changes the answer: generated rooms
/// with forks, power changes and bans resolve to the same state with warming
/// forced on for every input, and off for every input, in v11 and v12, and
/// with a budget that only just suffices (warming spends none of it).
#[test]
fn warming_never_changes_the_answer() {
    use crate::Resolver;
    for (seed, v12, forks) in [
        (1u64, false, 2usize),
        (2, true, 2),
        (3, false, 4),
        (4, true, 3),
    ] {
        let room = mid_sized_room(seed, v12, forks, Some(9));
        let resolve = |warm_min: usize, budget: Budget| {
            Resolver::new(&room.rules)
                .seed(seed)
                .budget(budget)
                .warm_min(warm_min)
                .resolve(&room.state_sets, &room.events)
                .map(sorted_entries)
        };
        let cold = resolve(usize::MAX, Budget::unlimited()).unwrap();
        let warm = resolve(0, Budget::unlimited()).unwrap();
        assert!(!cold.is_empty());
        assert_eq!(cold, warm, "seed {seed}, v12 {v12}");
        // The smallest budget that suffices without warming suffices with it.
        let (mut lo, mut hi) = (0u64, 50_000_000u64);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if resolve(usize::MAX, Budget::new(mid)).is_ok() {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        assert_eq!(resolve(0, Budget::new(lo)).unwrap(), cold);
        assert!(matches!(
            resolve(0, Budget::new(lo - 1)),
            Err(ResolveError::BudgetExceeded { .. })
        ));
    }
}

/// A source that supplies the exact auth chain of every state set event, as
/// a server with an auth chain index does (`EventSource::auth_chain`).
struct WithChains<'a> {
    events: &'a HashMap<OwnedEventId, mxp_testkit::TestEvent>,
    chains: HashMap<OwnedEventId, Vec<OwnedEventId>>,
}

impl EventSource for WithChains<'_> {
    type Event = mxp_testkit::TestEvent;
    fn event(&self, id: &EventId) -> Option<&Self::Event> {
        self.events.get(id)
    }
    fn auth_chain(&self, id: &EventId) -> Option<&[OwnedEventId]> {
        self.chains.get(id).map(Vec::as_slice)
    }
}

/// `SR-v2-D3`, `SR-v2-D4`: a source that supplies exact auth chains gives the
/// answer resolution finds by walking `auth_events` itself, in v11 and v12
/// (where the chains hold no create event: it is in no `auth_events`), with
/// and without cache warming.
#[test]
fn supplied_auth_chains_give_the_walked_answer() {
    use crate::Resolver;
    use mxp_testkit::auth_chains;
    for (seed, v12, forks, power_every) in [
        (1u64, false, 2usize, Some(9)),
        (2, true, 2, None),
        (3, false, 4, None),
        (4, true, 3, Some(7)),
    ] {
        let room = mid_sized_room(seed, v12, forks, power_every);
        let heads = room.state_sets.iter().flat_map(|s| s.values());
        let with_chains = WithChains {
            events: &room.events,
            chains: auth_chains(&room.events, heads.map(|id| &**id)),
        };
        // The auth difference itself (`SR-v2-D4`), which a wrong chain would
        // change even where the resolved state happens not to.
        let walked = sorted_difference(&room.events, room.rules, &room.state_sets);
        assert!(walked.len() > 40, "seed {seed}");
        let given = sorted_difference(&with_chains, room.rules, &room.state_sets);
        assert_eq!(given, walked, "seed {seed}");

        let resolver = |warm_min| Resolver::new(&room.rules).seed(seed).warm_min(warm_min);
        let expected = sorted_entries(
            resolver(usize::MAX)
                .resolve(&room.state_sets, &room.events)
                .unwrap(),
        );
        assert!(expected.len() > 60, "seed {seed}");
        for warm_min in [usize::MAX, 0] {
            let walked = resolver(warm_min)
                .resolve(&room.state_sets, &room.events)
                .unwrap();
            assert_eq!(sorted_entries(walked), expected, "seed {seed}, walked");
            let given = resolver(warm_min)
                .resolve(&room.state_sets, &with_chains)
                .unwrap();
            assert_eq!(sorted_entries(given), expected, "seed {seed}, chains given");
        }
    }
}

/// `SR-v2-D4` with forged depths: an event in every chain (`$x`, depth 3)
/// cites an event with a *greater* depth (`$y`, depth 5). `$y` is then in
/// every chain too, so it is not in the auth difference, even though the
/// walk by decreasing depth meets `$y` before it meets the link from `$x`.
#[test]
fn sr_v2_d4_a_forged_depth_cannot_put_a_common_event_in_the_difference() {
    let src = source(vec![
        keyed_topic("$y:x", "y", 5, &[]),
        keyed_topic("$x:x", "x", 3, &["$y:x"]),
        keyed_topic("$a:x", "k", 10, &["$y:x", "$x:x"]),
        keyed_topic("$b:x", "k", 10, &["$x:x"]),
    ]);
    let sets = [topic_set(&[("k", "$a:x")]), topic_set(&[("k", "$b:x")])];
    let n = sorted_difference(&src, RoomVersionRules::V11, &sets);
    assert_eq!(n, ["$a:x", "$b:x"]);
}
