//! The classic state resolution scenarios every implementation tests, written
//! from their descriptions, for every room version with state resolution v2
//! (`SR-v2-*`) and v2.1 (`SR-v21-*`). Each asserts the whole resolved state.

mod common;

use common::*;
use serde_json::json;

/// Ban vs power levels (`SR-v2-1`, `SR-v2-2`): Alice bans Bob on one fork
/// while Bob (moderator) re-sends power levels on the other. Alice's events
/// sort first (higher power); once Bob is banned his power levels fail.
#[test]
fn ban_vs_power_levels() {
    for (rules, v) in v2_versions() {
        let (mut room, mut main) = classic_room(rules, v);
        let pa = room.state(
            &mut main,
            ALICE,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
        );
        let (mut a, mut b) = (main.clone(), main.clone());
        let ma = room.state(
            &mut a,
            ALICE,
            MEMBER,
            ALICE,
            json!({"membership": "join", "displayname": "A"}),
        );
        let mb = room.member(&mut a, ALICE, BOB, "ban");
        let _pb = room.state(
            &mut b,
            BOB,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
        );
        let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
        let want = expect(
            main.state(),
            &[
                ((PL, ""), Some(&pa)),
                ((MEMBER, ALICE), Some(&ma)),
                ((MEMBER, BOB), Some(&mb)),
            ],
        );
        assert_eq!(got, want, "room version {v}");
    }
}

/// Topic reset (`SR-v2-3`, `SR-v2-4`): Bob's topic on one fork is undone
/// because Alice banned him there; the older topic wins.
#[test]
fn topic_reset() {
    for (rules, v) in v2_versions() {
        let (mut room, mut main) = classic_room(rules, v);
        let t1 = room.state(&mut main, ALICE, TOPIC, "", json!({"topic": "T1"}));
        let mut a = main.clone();
        let pa = room.state(
            &mut a,
            ALICE,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
        );
        room.state(&mut a, BOB, TOPIC, "", json!({"topic": "T2"}));
        let mb = room.member(&mut a, ALICE, BOB, "ban");
        let got = resolve(&room, &[a.state().clone(), main.state().clone()]);
        let want = expect(
            main.state(),
            &[
                ((TOPIC, ""), Some(&t1)),
                ((PL, ""), Some(&pa)),
                ((MEMBER, BOB), Some(&mb)),
            ],
        );
        assert_eq!(got, want, "room version {v}");
    }
}

/// Join rules evasion (`SR-v2-1`, `SR-v2-4`): Evelyn joins on a fork that has
/// not seen the room become invite-only; the join rules win and her join fails.
#[test]
fn join_rules_evasion() {
    for (rules, v) in v2_versions() {
        let (mut room, main) = classic_room(rules, v);
        let (mut a, mut b) = (main.clone(), main.clone());
        let jr = room.state(&mut a, ALICE, JR, "", json!({"join_rule": "invite"}));
        room.member(&mut b, EVELYN, EVELYN, "join");
        let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
        let want = expect(main.state(), &[((JR, ""), Some(&jr))]);
        assert_eq!(got, want, "room version {v}");
    }
}

/// Off-topic power levels (`SR-v2-D6`, `SR-v2-2`): a chain of power levels
/// changes (Alice → Bob → Charlie) on one fork replays in order and the last
/// one wins.
#[test]
fn offtopic_power_levels() {
    for (rules, v) in v2_versions() {
        let (mut room, mut main) = classic_room(rules, v);
        room.state(
            &mut main,
            ALICE,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
        );
        let mut a = main.clone();
        room.state(
            &mut a,
            BOB,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50), (CHARLIE, 50)], json!({})),
        );
        let pc = room.state(
            &mut a,
            CHARLIE,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50), (CHARLIE, 0)], json!({})),
        );
        let got = resolve(&room, &[a.state().clone(), main.state().clone()]);
        let want = expect(main.state(), &[((PL, ""), Some(&pc))]);
        assert_eq!(got, want, "room version {v}");
    }
}

/// Topic basic (`SR-v2-2`, `SR-v2-4`): Alice demotes Bob on one fork, Bob
/// changes power levels and the topic on the other; Alice's power levels and
/// topic win.
#[test]
fn topic_basic() {
    for (rules, v) in v2_versions() {
        let (mut room, mut main) = classic_room(rules, v);
        room.state(&mut main, ALICE, TOPIC, "", json!({"topic": "T1"}));
        room.state(
            &mut main,
            ALICE,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
        );
        let (mut a, mut b) = (main.clone(), main.clone());
        let t2 = room.state(&mut a, ALICE, TOPIC, "", json!({"topic": "T2"}));
        let pa2 = room.state(
            &mut a,
            ALICE,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 0)], json!({})),
        );
        room.state(
            &mut b,
            BOB,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
        );
        room.state(&mut b, BOB, TOPIC, "", json!({"topic": "T3"}));
        let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
        let want = expect(
            main.state(),
            &[((PL, ""), Some(&pa2)), ((TOPIC, ""), Some(&t2))],
        );
        assert_eq!(got, want, "room version {v}");
    }
}

/// Mainline sort order (`SR-v2-D7`, `SR-v2-3`): Alice's topic hangs off an
/// older power levels event than Bob's, so it is applied first and Bob's
/// later one wins, although Alice's was sent later.
#[test]
fn mainline_sort_order() {
    for (rules, v) in v2_versions() {
        let (mut room, mut main) = classic_room(rules, v);
        room.state(&mut main, ALICE, TOPIC, "", json!({"topic": "T1"}));
        room.state(
            &mut main,
            ALICE,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
        );
        let (mut a, mut b) = (main.clone(), main.clone());
        room.state(&mut a, ALICE, TOPIC, "", json!({"topic": "T2"}));
        let pa2 = room.state(
            &mut a,
            ALICE,
            PL,
            "",
            pl(
                &rules,
                &[(ALICE, 100), (BOB, 50)],
                json!({"events": {PL: 100}}),
            ),
        );
        room.state(
            &mut b,
            BOB,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 50)], json!({})),
        );
        let t3 = room.state(&mut a, BOB, TOPIC, "", json!({"topic": "T3"}));
        room.state(&mut b, ALICE, TOPIC, "", json!({"topic": "T4"}));
        let got = resolve(&room, &[a.state().clone(), b.state().clone()]);
        let want = expect(
            main.state(),
            &[((PL, ""), Some(&pa2)), ((TOPIC, ""), Some(&t3))],
        );
        assert_eq!(got, want, "room version {v}");
    }
}

/// `SR-v2-D6` tie-break on `origin_server_ts`: two admins change the topic
/// concurrently; the topic that replays last (later timestamp) wins.
#[test]
fn concurrent_topics_latest_timestamp_wins() {
    for (rules, v) in v2_versions() {
        let (mut room, mut main) = classic_room(rules, v);
        room.state(
            &mut main,
            ALICE,
            PL,
            "",
            pl(&rules, &[(ALICE, 100), (BOB, 100)], json!({})),
        );
        let (mut a, mut b) = (main.clone(), main.clone());
        let late = room.send(
            &mut a,
            mxp_testkit::Spec::state(ALICE, TOPIC, "", json!({"topic": "late"})).ts(900),
        );
        room.send(
            &mut b,
            mxp_testkit::Spec::state(BOB, TOPIC, "", json!({"topic": "early"})).ts(800),
        );
        let got = resolve(&room, &[b.state().clone(), a.state().clone()]);
        let want = expect(main.state(), &[((TOPIC, ""), Some(&late))]);
        assert_eq!(got, want, "room version {v}");
    }
}
