//! State resolution v1 (room version 1, `SR-v1-*`).

mod common;

use common::*;
use mxp_room_versions::RoomVersionRules;
use serde_json::json;

fn key(t: &str, k: &str) -> (String, String) {
    (t.to_owned(), k.to_owned())
}

/// `SR-v1-1`: a key present in only some states is not a conflict, so
/// Evelyn's join survives (unlike v2, where it is conflicted and fails);
/// `SR-v1-4`: the conflicted join rules are applied by depth, the newer
/// invite-only rule passing against `R`.
#[test]
fn sr_v1_1_missing_key_is_not_a_conflict() {
    let (mut room, main) = classic_room(RoomVersionRules::V1, "1");
    let (mut a, mut b) = (main.clone(), main.clone());
    let jr = room.state(&mut a, ALICE, JR, "", json!({"join_rule": "invite"}));
    let ev = room.member(&mut b, EVELYN, EVELYN, "join");
    let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
    let want = expect(
        main.state(),
        &[((JR, ""), Some(&jr)), ((MEMBER, EVELYN), Some(&ev))],
    );
    assert_eq!(got, want);
}

/// `SR-v1-6`: for other keys the highest depth wins among the events that
/// pass against `R`; Bob's deeper topic fails because he is banned in `R`
/// (`SR-v1-5` resolved his membership first), so Alice's wins.
#[test]
fn sr_v1_6_highest_depth_that_passes() {
    let rules = RoomVersionRules::V1;
    let (mut room, mut main) = classic_room(rules, "1");
    room.state(
        &mut main,
        ALICE,
        PL,
        "",
        pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
    );
    let (mut a, mut b) = (main.clone(), main.clone());
    let ban = room.member(&mut a, ALICE, BOB, "ban");
    let ta = room.state(&mut a, ALICE, TOPIC, "", json!({"topic": "alice"}));
    room.state(&mut b, BOB, TOPIC, "", json!({"topic": "bob 1"}));
    room.state(&mut b, BOB, TOPIC, "", json!({"topic": "bob 2"}));
    room.state(&mut b, BOB, TOPIC, "", json!({"topic": "bob 3, deepest"}));
    let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
    assert_eq!(got.get(&key(MEMBER, BOB)), Some(&ban));
    assert_eq!(got.get(&key(TOPIC, "")), Some(&ta));
}

/// `SR-v1-6` allowed case: with no ban, the deepest topic wins even though
/// it is older in time.
#[test]
fn sr_v1_6_deepest_wins_when_allowed() {
    let rules = RoomVersionRules::V1;
    let (mut room, mut main) = classic_room(rules, "1");
    room.state(
        &mut main,
        ALICE,
        PL,
        "",
        pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
    );
    let (mut a, mut b) = (main.clone(), main.clone());
    room.state(&mut b, BOB, TOPIC, "", json!({"topic": "bob 1"}));
    let deep = room.state(&mut b, BOB, TOPIC, "", json!({"topic": "bob 2"}));
    room.state(
        &mut a,
        ALICE,
        TOPIC,
        "",
        json!({"topic": "alice, later but shallower"}),
    );
    let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
    assert_eq!(got.get(&key(TOPIC, "")), Some(&deep));
}

/// `SR-v1-3`: conflicting power levels go in by depth; the first one that
/// fails against `R` stops the pass. Bob (50) cannot raise himself to 100
/// after Alice's shallower event demoted him to 0.
#[test]
fn sr_v1_3_power_levels_stop_at_first_failure() {
    let rules = RoomVersionRules::V1;
    let (mut room, mut main) = classic_room(rules, "1");
    room.state(
        &mut main,
        ALICE,
        PL,
        "",
        pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
    );
    let (mut a, mut b) = (main.clone(), main.clone());
    let demote = room.state(
        &mut a,
        ALICE,
        PL,
        "",
        pl(&rules, &[(ALICE, 100), (BOB, 0)], json!({})),
    );
    room.state(&mut b, BOB, TOPIC, "", json!({"topic": "filler"}));
    room.state(
        &mut b,
        BOB,
        PL,
        "",
        pl(&rules, &[(ALICE, 100), (BOB, 50), (CHARLIE, 50)], json!({})),
    );
    let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
    assert_eq!(got.get(&key(PL, "")), Some(&demote));
}
