//! `member.shape`, `member.authoriser_signature.*`, `member.leave.*`,
//! `member.ban.*`, `member.knock.*`, `member.unknown`.

use mxp_auth::Rule;
use serde_json::json;

use super::member_join::{authorised_join, setup};
use super::{Builder, Case, allow, reject};
use crate::common::*;

pub fn builders() -> Vec<(Rule, Builder)> {
    vec![
        (Rule::MemberShape, |v| {
            let (mut room, state) = setup(v, Some("public"), &[], None);
            let ok = room.member(BOB, BOB, "join");
            let mut no_key = ok.clone();
            no_key.state_key = None;
            let no_membership = room.member_with(BOB, BOB, json!({"displayname": "Bob"}));
            let not_user = room.member(BOB, "bob", "join");
            vec![
                allow(
                    Rule::MemberShape,
                    "state_key and membership",
                    ok,
                    state.clone(),
                    Rule::MemberJoinPublic,
                ),
                reject(
                    Rule::MemberShape,
                    "no state_key",
                    no_key,
                    state.clone(),
                    Rule::MemberShape,
                ),
                reject(
                    Rule::MemberShape,
                    "no membership",
                    no_membership,
                    state.clone(),
                    Rule::MemberShape,
                ),
                reject(
                    Rule::MemberShape,
                    "state_key not a user ID",
                    not_user,
                    state,
                    Rule::MemberShape,
                ),
            ]
        }),
        (Rule::MemberAuthoriserSignatureCheck, |v| {
            let (mut room, state) = setup(
                v,
                Some("restricted"),
                &[(BOB, "join"), (CAROL, "join")],
                None,
            );
            let (_, stranger) = setup(v, Some("restricted"), &[], None);
            let signed = authorised_join(&mut room, ALICE);
            let unsigned = signed.clone().signed_by(&["b.org"]);
            let key = json!({"membership": "leave", "join_authorised_via_users_server": ALICE});
            let leave_signed = room
                .member_with(BOB, BOB, key.clone())
                .signed_by(&["b.org", "a.org"]);
            let leave_unsigned = room.member_with(BOB, BOB, key);
            let invite_unsigned = room.member_with(
                ALICE,
                DAVE,
                json!({"membership": "invite", "join_authorised_via_users_server": CAROL}),
            );
            let garbage = room
                .member_with(
                    BOB,
                    BOB,
                    json!({"membership": "join", "join_authorised_via_users_server": "nobody"}),
                )
                .signed_by(&["b.org", "a.org"]);
            let null = room
                .member_with(
                    BOB,
                    BOB,
                    json!({"membership": "join", "join_authorised_via_users_server": null}),
                )
                .signed_by(&["b.org", "a.org"]);
            let rule = Rule::MemberAuthoriserSignatureCheck;
            vec![
                allow(
                    rule,
                    "join signed by the authoriser's server",
                    signed,
                    stranger.clone(),
                    Rule::MemberJoinRestrictedAllow,
                ),
                reject(
                    rule,
                    "join not signed by the authoriser's server",
                    unsigned,
                    stranger,
                    rule,
                ),
                // The spec applies it to any membership (Synapse: joins only; P1-40).
                allow(
                    rule,
                    "leave signed by the authoriser's server",
                    leave_signed,
                    state.clone(),
                    Rule::MemberLeaveSelf,
                ),
                reject(
                    rule,
                    "leave not signed by the authoriser's server",
                    leave_unsigned,
                    state.clone(),
                    rule,
                ),
                reject(
                    rule,
                    "invite not signed by the authoriser's server",
                    invite_unsigned,
                    state.clone(),
                    rule,
                ),
                reject(rule, "not a user ID", garbage, state.clone(), rule),
                reject(rule, "null", null, state, rule),
            ]
        }),
        (Rule::MemberLeaveSelf, |v| {
            let mut cases = Vec::new();
            for (m, ok) in [
                ("join", true),
                ("invite", true),
                ("knock", v >= 7),
                ("leave", false),
                ("ban", false),
            ] {
                let (mut room, state) = setup(v, None, &[(BOB, m)], None);
                let e = room.member(BOB, BOB, "leave");
                let what = format!("leaving from {m}");
                cases.push(if ok {
                    allow(
                        Rule::MemberLeaveSelf,
                        &what,
                        e,
                        state,
                        Rule::MemberLeaveSelf,
                    )
                } else {
                    reject(
                        Rule::MemberLeaveSelf,
                        &what,
                        e,
                        state,
                        Rule::MemberLeaveSelf,
                    )
                });
            }
            let (mut room, state) = setup(v, None, &[], None);
            let e = room.member(BOB, BOB, "leave");
            cases.push(reject(
                Rule::MemberLeaveSelf,
                "no membership",
                e,
                state,
                Rule::MemberLeaveSelf,
            ));
            cases
        }),
        (Rule::MemberLeaveSenderJoined, |v| {
            let (mut room, state) = setup(v, None, &[(BOB, "invite"), (CAROL, "join")], None);
            let by_alice = room.member(ALICE, CAROL, "leave");
            let by_bob = room.member(BOB, CAROL, "leave");
            vec![
                allow(
                    Rule::MemberLeaveSenderJoined,
                    "joined kicker",
                    by_alice,
                    state.clone(),
                    Rule::MemberLeaveKick,
                ),
                reject(
                    Rule::MemberLeaveSenderJoined,
                    "invited kicker",
                    by_bob,
                    state,
                    Rule::MemberLeaveSenderJoined,
                ),
            ]
        }),
        (Rule::MemberLeaveUnban, |v| {
            let pl = json!({"kick": 0, "ban": 50, "users": {BOB: 40}});
            let (mut room, state) = setup(v, None, &[(BOB, "join"), (CAROL, "ban")], Some(pl));
            let by_alice = room.member(ALICE, CAROL, "leave");
            let by_bob = room.member(BOB, CAROL, "leave");
            vec![
                allow(
                    Rule::MemberLeaveUnban,
                    "unban at the ban level",
                    by_alice,
                    state.clone(),
                    Rule::MemberLeaveKick,
                ),
                reject(
                    Rule::MemberLeaveUnban,
                    "unban below the ban level",
                    by_bob,
                    state,
                    Rule::MemberLeaveUnban,
                ),
            ]
        }),
        (Rule::MemberLeaveKick, |v| {
            let pl = json!({"users": {BOB: 50, CAROL: 50, DAVE: 10}});
            let (mut room, state) = setup(
                v,
                None,
                &[(BOB, "join"), (CAROL, "join"), (DAVE, "join")],
                Some(pl),
            );
            let mut cases = vec![
                allow(
                    Rule::MemberLeaveKick,
                    "creator kicks",
                    room.member(ALICE, CAROL, "leave"),
                    state.clone(),
                    Rule::MemberLeaveKick,
                ),
                allow(
                    Rule::MemberLeaveKick,
                    "50 kicks 10",
                    room.member(BOB, DAVE, "leave"),
                    state.clone(),
                    Rule::MemberLeaveKick,
                ),
                reject(
                    Rule::MemberLeaveKick,
                    "50 kicks 50",
                    room.member(BOB, CAROL, "leave"),
                    state.clone(),
                    Rule::MemberLeaveReject,
                ),
                reject(
                    Rule::MemberLeaveKick,
                    "10 kicks 50, below kick",
                    room.member(DAVE, BOB, "leave"),
                    state.clone(),
                    Rule::MemberLeaveReject,
                ),
            ];
            if v == 12 {
                cases.push(reject(
                    Rule::MemberLeaveKick,
                    "kicking a creator",
                    room.member(BOB, ALICE, "leave"),
                    state,
                    Rule::MemberLeaveReject,
                ));
                // Two creators are equal: neither can kick the other.
                let mut room = Room::with_create_content(12, json!({"additional_creators": [BOB]}));
                let bob = room.member(BOB, BOB, "join");
                let state = room.base_state(vec![bob]);
                let e = room.member(BOB, ALICE, "leave");
                cases.push(reject(
                    Rule::MemberLeaveKick,
                    "a creator kicking a creator",
                    e,
                    state,
                    Rule::MemberLeaveReject,
                ));
            }
            cases
        }),
        (Rule::MemberLeaveReject, |v| {
            let (mut room, state) = setup(v, None, &[(BOB, "join"), (CAROL, "join")], None);
            let e = room.member(BOB, CAROL, "leave");
            vec![reject(
                Rule::MemberLeaveReject,
                "no power to kick",
                e,
                state,
                Rule::MemberLeaveReject,
            )]
        }),
        (Rule::MemberBanSenderJoined, |v| {
            let (mut room, state) = setup(
                v,
                None,
                &[(BOB, "leave"), (CAROL, "join")],
                Some(json!({"users": {BOB: 100}})),
            );
            let by_alice = room.member(ALICE, CAROL, "ban");
            let by_bob = room.member(BOB, CAROL, "ban");
            vec![
                allow(
                    Rule::MemberBanSenderJoined,
                    "joined banner",
                    by_alice,
                    state.clone(),
                    Rule::MemberBanLevel,
                ),
                reject(
                    Rule::MemberBanSenderJoined,
                    "departed banner",
                    by_bob,
                    state,
                    Rule::MemberBanSenderJoined,
                ),
            ]
        }),
        (Rule::MemberBanLevel, |v| {
            let pl = json!({"users": {BOB: 50, CAROL: 50, DAVE: 10}});
            let (mut room, state) = setup(
                v,
                None,
                &[(BOB, "join"), (CAROL, "join"), (DAVE, "join")],
                Some(pl),
            );
            let mut cases = vec![
                allow(
                    Rule::MemberBanLevel,
                    "creator bans",
                    room.member(ALICE, CAROL, "ban"),
                    state.clone(),
                    Rule::MemberBanLevel,
                ),
                allow(
                    Rule::MemberBanLevel,
                    "50 bans 10",
                    room.member(BOB, DAVE, "ban"),
                    state.clone(),
                    Rule::MemberBanLevel,
                ),
                allow(
                    Rule::MemberBanLevel,
                    "banning a user without membership",
                    room.member(BOB, "@eve:e.org", "ban"),
                    state.clone(),
                    Rule::MemberBanLevel,
                ),
                reject(
                    Rule::MemberBanLevel,
                    "50 bans 50",
                    room.member(BOB, CAROL, "ban"),
                    state.clone(),
                    Rule::MemberBanReject,
                ),
                reject(
                    Rule::MemberBanLevel,
                    "10 bans 0, below ban",
                    room.member(DAVE, "@eve:e.org", "ban"),
                    state.clone(),
                    Rule::MemberBanReject,
                ),
            ];
            if v == 12 {
                cases.push(reject(
                    Rule::MemberBanLevel,
                    "banning a creator",
                    room.member(BOB, ALICE, "ban"),
                    state,
                    Rule::MemberBanReject,
                ));
            } else {
                let (mut room, state) =
                    setup(v, None, &[(CAROL, "join")], Some(json!({"ban": 101})));
                cases.push(reject(
                    Rule::MemberBanLevel,
                    "ban level above the creator",
                    room.member(ALICE, CAROL, "ban"),
                    state,
                    Rule::MemberBanReject,
                ));
            }
            cases
        }),
        (Rule::MemberBanReject, |v| {
            let (mut room, state) = setup(v, None, &[(BOB, "join"), (CAROL, "join")], None);
            let e = room.member(BOB, CAROL, "ban");
            vec![reject(
                Rule::MemberBanReject,
                "no power to ban",
                e,
                state,
                Rule::MemberBanReject,
            )]
        }),
        (Rule::MemberKnockRule, |v| {
            let mut cases = Vec::new();
            let (mut room, state) = setup(v, Some("knock"), &[], None);
            cases.push(allow(
                Rule::MemberKnockRule,
                "join rule knock",
                room.member(BOB, BOB, "knock"),
                state,
                Rule::MemberKnockAllow,
            ));
            // P1-41: knocks under other join rules are rejected in every version.
            for rule in ["public", "invite", "restricted", "private"] {
                let (mut room, state) = setup(v, Some(rule), &[], None);
                let e = room.member(BOB, BOB, "knock");
                cases.push(reject(
                    Rule::MemberKnockRule,
                    &format!("join rule {rule} (P1-41)"),
                    e,
                    state,
                    Rule::MemberKnockRule,
                ));
            }
            let (mut room, state) = setup(v, None, &[], None);
            cases.push(reject(
                Rule::MemberKnockRule,
                "no join rules event",
                room.member(BOB, BOB, "knock"),
                state,
                Rule::MemberKnockRule,
            ));
            let (mut room, state) = setup(v, Some("knock_restricted"), &[], None);
            let e = room.member(BOB, BOB, "knock");
            cases.push(if v >= 10 {
                allow(
                    Rule::MemberKnockRule,
                    "knock_restricted (v10+)",
                    e,
                    state,
                    Rule::MemberKnockAllow,
                )
            } else {
                reject(
                    Rule::MemberKnockRule,
                    "knock_restricted before v10",
                    e,
                    state,
                    Rule::MemberKnockRule,
                )
            });
            cases
        }),
        (Rule::MemberKnockSelf, |v| {
            let (mut room, state) = setup(v, Some("knock"), &[], None);
            vec![
                allow(
                    Rule::MemberKnockSelf,
                    "own knock",
                    room.member(BOB, BOB, "knock"),
                    state.clone(),
                    Rule::MemberKnockAllow,
                ),
                reject(
                    Rule::MemberKnockSelf,
                    "knock for another",
                    room.member(BOB, CAROL, "knock"),
                    state,
                    Rule::MemberKnockSelf,
                ),
            ]
        }),
        (Rule::MemberKnockAllow, |v| {
            let mut cases: Vec<Case> = Vec::new();
            for (m, ok) in [
                ("leave", true),
                ("knock", true),
                ("invite", false),
                ("join", false),
                ("ban", false),
            ] {
                let (mut room, state) = setup(v, Some("knock"), &[(BOB, m)], None);
                let e = room.member(BOB, BOB, "knock");
                let what = format!("knocking from {m}");
                cases.push(if ok {
                    allow(
                        Rule::MemberKnockAllow,
                        &what,
                        e,
                        state,
                        Rule::MemberKnockAllow,
                    )
                } else {
                    reject(
                        Rule::MemberKnockAllow,
                        &what,
                        e,
                        state,
                        Rule::MemberKnockReject,
                    )
                });
            }
            cases
        }),
        (Rule::MemberKnockReject, |v| {
            let (mut room, state) = setup(v, Some("knock"), &[(BOB, "invite")], None);
            let e = room.member(BOB, BOB, "knock");
            vec![reject(
                Rule::MemberKnockReject,
                "invite to knock (P1-41)",
                e,
                state,
                Rule::MemberKnockReject,
            )]
        }),
        (Rule::MemberUnknown, |v| {
            let (mut room, state) = setup(v, Some("knock"), &[], None);
            let mut cases = vec![
                reject(
                    Rule::MemberUnknown,
                    "membership xyz",
                    room.member(BOB, BOB, "xyz"),
                    state.clone(),
                    Rule::MemberUnknown,
                ),
                reject(
                    Rule::MemberUnknown,
                    "membership not a string",
                    room.member_with(BOB, BOB, json!({"membership": 5})),
                    state.clone(),
                    Rule::MemberUnknown,
                ),
                reject(
                    Rule::MemberUnknown,
                    "membership in another case",
                    room.member(BOB, BOB, "Join"),
                    state.clone(),
                    Rule::MemberUnknown,
                ),
            ];
            if v < 7 {
                cases.push(reject(
                    Rule::MemberUnknown,
                    "knock before v7",
                    room.member(BOB, BOB, "knock"),
                    state,
                    Rule::MemberUnknown,
                ));
            }
            cases
        }),
    ]
}
