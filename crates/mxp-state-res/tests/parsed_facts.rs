//! Facts resolution reads once per event and hands to the auth rules in
//! place of the content (`SR-N4`/`SR-N5`): the create event's `m.federate`
//! and the checked member event's `membership`. Each must decide exactly as
//! the content would.

mod common;

use common::*;
use serde_json::json;

const DAVE: &str = "@dave:a.example";

/// `SR-v2-D8` with rule `federate`: in a room that does not federate, a
/// conflicted join from another server is rejected by the iterative auth
/// checks and one from the creator's server is kept; with `m.federate` absent,
/// `true` or a non-boolean, both are kept.
#[test]
fn sr_v2_d8_federate_read_once() {
    for (rules, version) in v2_versions() {
        for (federate, blocks) in [
            (Some(json!(false)), true),
            (Some(json!(true)), false),
            (Some(json!("false")), false),
            (None, false),
        ] {
            let extra = federate
                .clone()
                .map_or_else(|| json!({}), |f| json!({"m.federate": f}));
            let (mut room, main) = public_room(rules, version, extra);
            let mut a = main.clone();
            let bob = room.member(&mut a, BOB, BOB, "join");
            let mut b = main.clone();
            let dave = room.member(&mut b, DAVE, DAVE, "join");
            let resolved = resolve(&room, &[a.state().clone(), b.state().clone()]);
            let key = |u: &str| (MEMBER.to_owned(), u.to_owned());
            let ctx = format!("v{version} m.federate {federate:?}");
            assert_eq!(resolved.get(&key(DAVE)), Some(&dave), "{ctx}");
            let expected_bob = (!blocks).then_some(&bob);
            assert_eq!(resolved.get(&key(BOB)), expected_bob, "{ctx}");
        }
    }
}

/// `SR-v2-D8` with rule `member`: each membership of a conflicted member
/// event is judged by its own value (a self-ban without power is rejected, a
/// self-leave is kept, an unknown membership is rejected).
#[test]
fn sr_v2_d8_membership_read_once() {
    for (rules, version) in v2_versions() {
        let (mut room, main) = classic_room(rules, version);
        for (membership, kept) in [
            ("leave", true),
            ("ban", false),
            ("join", true),
            ("custom", false),
        ] {
            let mut a = main.clone();
            let ev = room.member(&mut a, CHARLIE, CHARLIE, membership);
            let b = main.clone();
            let resolved = resolve(&room, &[a.state().clone(), b.state().clone()]);
            let got = resolved.get(&(MEMBER.to_owned(), CHARLIE.to_owned()));
            let ctx = format!("v{version} {membership}");
            if kept {
                assert_eq!(got, Some(&ev), "{ctx}");
            } else {
                assert_ne!(got, Some(&ev), "{ctx}");
            }
        }
    }
}
