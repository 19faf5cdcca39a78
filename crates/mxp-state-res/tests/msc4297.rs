//! MSC4297's problems A and B (incident `P1-45`, Project Hydra), as our own
//! fixtures built from the MSC's descriptions: room version 11 (state
//! resolution v2) shows the state reset, room version 12 (v2.1) does not.

mod common;

use common::*;
use mxp_room_versions::RoomVersionRules;
use mxp_testkit::{Room, StateMap};
use serde_json::json;

fn key(t: &str, k: &str) -> (String, String) {
    (t.to_owned(), k.to_owned())
}

/// Problem A: Alice (admin) makes the room invite-only and leaves. One server
/// has the old public join rules in its state, another the new ones; the
/// join rules are conflicted while Alice's leave is not. v2 checks Alice's
/// join rules against the unconflicted state, where she has left, so both
/// fail and the room ends up with no join rules at all. v2.1 starts from an
/// empty state (`SR-v21-3`), falls back to each event's auth events, and keeps
/// the invite-only rule.
fn problem_a(
    rules: RoomVersionRules,
    version: &str,
) -> (StateMap, StateMap, [mxp_ids::OwnedEventId; 4]) {
    let mut room = Room::new(rules, version);
    let mut main = room.create(ALICE);
    room.state(
        &mut main,
        ALICE,
        PL,
        "",
        pl(&rules, &[(ALICE, 100)], json!({})),
    );
    let jr0 = room.state(&mut main, ALICE, JR, "", json!({"join_rule": "public"}));
    let bob_join = room.member(&mut main, BOB, BOB, "join");
    let charlie_join = room.member(&mut main, CHARLIE, CHARLIE, "join");
    let jr1 = room.state(&mut main, ALICE, JR, "", json!({"join_rule": "invite"}));
    let leave = room.member(&mut main, ALICE, ALICE, "leave");
    let (mut b, mut c) = (main.clone(), main.clone());
    let bob2 = room.state(
        &mut b,
        BOB,
        MEMBER,
        BOB,
        json!({"membership": "join", "displayname": "bob++"}),
    );
    let charlie2 = room.state(
        &mut c,
        CHARLIE,
        MEMBER,
        CHARLIE,
        json!({"membership": "join", "displayname": "charlie++"}),
    );
    // Bob's server: up to date. Charlie's server: still has the public rule.
    let mut set_bob = b.state().clone();
    set_bob.insert(key(MEMBER, CHARLIE), charlie_join);
    let mut set_charlie = c.state().clone();
    set_charlie.insert(key(JR, ""), jr0);
    set_charlie.insert(key(MEMBER, BOB), bob_join);
    let got = resolve(&room, &[set_bob.clone(), set_charlie]);
    let mut base = set_bob;
    base.insert(key(MEMBER, BOB), bob2.clone());
    base.insert(key(MEMBER, CHARLIE), charlie2.clone());
    assert_eq!(got.get(&key(MEMBER, ALICE)), Some(&leave));
    (got, base, [jr1, bob2, charlie2, leave])
}

#[test]
fn p1_45_msc4297_problem_a_v11_resets_join_rules() {
    let (got, mut want, _) = problem_a(RoomVersionRules::V11, "11");
    want.remove(&key(JR, ""));
    assert_eq!(got, want);
}

#[test]
fn p1_45_msc4297_problem_a_v12_keeps_join_rules() {
    let (got, want, [jr1, ..]) = problem_a(RoomVersionRules::V12, "12");
    assert_eq!(got.get(&key(JR, "")), Some(&jr1));
    assert_eq!(got, want);
}

/// Problem B: Alice promotes Bob, Bob then promotes Charlie (a chain of power
/// levels events). Eve's server only knows the original power levels; the
/// intermediate promotion is in every auth chain, so it is not in the auth
/// difference, and v2 checks Bob's promotion without it: Bob has no power and
/// the promotion is dropped. v2.1 adds the conflicted state subgraph
/// (`SR-v21-1`), which holds the intermediate event, and keeps the chain.
fn problem_b(rules: RoomVersionRules, version: &str) -> (StateMap, [mxp_ids::OwnedEventId; 2]) {
    let mut room = Room::new(rules, version);
    let mut main = room.create(ALICE);
    let pl0 = room.state(
        &mut main,
        ALICE,
        PL,
        "",
        pl(&rules, &[(ALICE, 100)], json!({})),
    );
    room.state(&mut main, ALICE, JR, "", json!({"join_rule": "public"}));
    room.member(&mut main, BOB, BOB, "join");
    room.member(&mut main, CHARLIE, CHARLIE, "join");
    let old = main.state().clone();
    room.state(
        &mut main,
        ALICE,
        PL,
        "",
        pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
    );
    let pl2 = room.state(
        &mut main,
        BOB,
        PL,
        "",
        pl(&rules, &[(ALICE, 100), (BOB, 50), (CHARLIE, 50)], json!({})),
    );
    let (mut z, mut e) = (main.clone(), main.clone());
    room.member(&mut z, ZARA, ZARA, "join");
    room.member(&mut e, EVE, EVE, "join");
    let eve2 = room.state(
        &mut e,
        EVE,
        MEMBER,
        EVE,
        json!({"membership": "join", "displayname": "eve++"}),
    );
    // Eve's server never saw the promotions.
    let mut set_eve = old;
    set_eve.insert(key(MEMBER, EVE), eve2);
    let got = resolve(&room, &[set_eve, z.state().clone()]);
    (got, [pl0, pl2])
}

#[test]
fn p1_45_msc4297_problem_b_v11_drops_the_dependent_promotion() {
    let (got, [pl0, _]) = problem_b(RoomVersionRules::V11, "11");
    assert_eq!(got.get(&key(PL, "")), Some(&pl0));
}

#[test]
fn p1_45_msc4297_problem_b_v12_keeps_the_chain() {
    let (got, [_, pl2]) = problem_b(RoomVersionRules::V12, "12");
    assert_eq!(got.get(&key(PL, "")), Some(&pl2));
    assert!(got.contains_key(&key(MEMBER, ZARA)));
    assert!(got.contains_key(&key(MEMBER, EVE)));
}
