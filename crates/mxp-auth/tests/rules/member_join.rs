//! `member.join.*`.

use mxp_auth::Rule;
use serde_json::{Value, json};

use super::{Builder, allow, reject};
use crate::common::*;

/// A room with Alice joined, a join rule (if any), other memberships
/// `(user, membership)` and power levels content (if any).
pub fn setup(
    v: u8,
    join_rule: Option<&str>,
    members: &[(&str, &str)],
    pl: Option<Value>,
) -> (Room, Vec<TestEvent>) {
    let mut room = Room::new(v);
    let mut extra = Vec::new();
    if let Some(r) = join_rule {
        extra.push(room.join_rules(r));
    }
    for (u, m) in members {
        let sender = if matches!(*m, "invite" | "ban") {
            ALICE
        } else {
            u
        };
        extra.push(room.member(sender, u, m));
    }
    if let Some(mut content) = pl {
        if v < 12 && content.get("users").and_then(|u| u.get(ALICE)).is_none() {
            content["users"][ALICE] = json!(100);
        }
        extra.push(room.power_levels(content));
    }
    let state = room.base_state(extra);
    (room, state)
}

/// A restricted join by Bob authorised by `authoriser`, signed by Bob's and
/// the authoriser's servers.
pub fn authorised_join(room: &mut Room, authoriser: &str) -> TestEvent {
    let server = authoriser.split_once(':').map_or("", |(_, s)| s);
    room.member_with(
        BOB,
        BOB,
        json!({"membership": "join", "join_authorised_via_users_server": authoriser}),
    )
    .signed_by(&["b.org", server])
}

pub fn builders() -> Vec<(Rule, Builder)> {
    vec![
        (Rule::MemberJoinCreatorFirst, |v| {
            let mut room = Room::new(v);
            let state = vec![room.create.clone()];
            let mut first = room.member(ALICE, ALICE, "join");
            first.prev_events = vec![room.create.event_id.clone()];
            let mut two_prev = room.member(ALICE, ALICE, "join");
            two_prev.prev_events.push(eid("$y:a.org"));
            let mut not_creator = room.member(BOB, BOB, "join");
            not_creator.prev_events = vec![room.create.event_id.clone()];
            let mut wrong_prev = room.member(ALICE, ALICE, "join");
            wrong_prev.prev_events = vec![eid("$y:a.org")];
            let mut cases = vec![
                allow(
                    Rule::MemberJoinCreatorFirst,
                    "the creator's first join",
                    first,
                    state.clone(),
                    Rule::MemberJoinCreatorFirst,
                ),
                reject(
                    Rule::MemberJoinCreatorFirst,
                    "two prev events",
                    two_prev,
                    state.clone(),
                    Rule::MemberJoinReject,
                ),
                reject(
                    Rule::MemberJoinCreatorFirst,
                    "prev event is not the create event",
                    wrong_prev,
                    state.clone(),
                    Rule::MemberJoinReject,
                ),
                reject(
                    Rule::MemberJoinCreatorFirst,
                    "not the creator",
                    not_creator,
                    state,
                    Rule::MemberJoinReject,
                ),
            ];
            if v == 12 {
                // An additional creator has no bootstrap join (P1-43).
                let mut room = Room::with_create_content(v, json!({"additional_creators": [BOB]}));
                let mut bob = room.member(BOB, BOB, "join");
                bob.prev_events = vec![room.create.event_id.clone()];
                cases.push(reject(
                    Rule::MemberJoinCreatorFirst,
                    "an additional creator (P1-43)",
                    bob,
                    vec![room.create.clone()],
                    Rule::MemberJoinReject,
                ));
            }
            if v <= 10 {
                // v1–v10: `content.creator`, not the create event's sender.
                let mut room = Room::with_create_content(v, json!({"creator": BOB}));
                let mut bob = room.member(BOB, BOB, "join");
                bob.prev_events = vec![room.create.event_id.clone()];
                let mut alice = room.member(ALICE, ALICE, "join");
                alice.prev_events = vec![room.create.event_id.clone()];
                let state = vec![room.create.clone()];
                cases.push(allow(
                    Rule::MemberJoinCreatorFirst,
                    "content.creator joins",
                    bob,
                    state.clone(),
                    Rule::MemberJoinCreatorFirst,
                ));
                cases.push(reject(
                    Rule::MemberJoinCreatorFirst,
                    "the create sender is not content.creator",
                    alice,
                    state,
                    Rule::MemberJoinReject,
                ));
            } else {
                // v11+: the sender, whatever `content.creator` says.
                let mut room = Room::with_create_content(v, json!({"creator": BOB}));
                let mut alice = room.member(ALICE, ALICE, "join");
                alice.prev_events = vec![room.create.event_id.clone()];
                let mut bob = room.member(BOB, BOB, "join");
                bob.prev_events = vec![room.create.event_id.clone()];
                let state = vec![room.create.clone()];
                cases.push(allow(
                    Rule::MemberJoinCreatorFirst,
                    "the create sender joins",
                    alice,
                    state.clone(),
                    Rule::MemberJoinCreatorFirst,
                ));
                cases.push(reject(
                    Rule::MemberJoinCreatorFirst,
                    "content.creator means nothing",
                    bob,
                    state,
                    Rule::MemberJoinReject,
                ));
            }
            cases
        }),
        (Rule::MemberJoinSelf, |v| {
            let (mut room, state) = setup(v, Some("public"), &[], None);
            let own = room.member(BOB, BOB, "join");
            let other = room.member(BOB, CAROL, "join");
            vec![
                allow(
                    Rule::MemberJoinSelf,
                    "own join",
                    own,
                    state.clone(),
                    Rule::MemberJoinPublic,
                ),
                reject(
                    Rule::MemberJoinSelf,
                    "join for another user",
                    other,
                    state,
                    Rule::MemberJoinSelf,
                ),
            ]
        }),
        (Rule::MemberJoinBanned, |v| {
            let (mut room, banned) = setup(v, Some("public"), &[(BOB, "ban")], None);
            let (_, left) = setup(v, Some("public"), &[(BOB, "leave")], None);
            let join = room.member(BOB, BOB, "join");
            vec![
                allow(
                    Rule::MemberJoinBanned,
                    "left before",
                    join.clone(),
                    left,
                    Rule::MemberJoinPublic,
                ),
                reject(
                    Rule::MemberJoinBanned,
                    "banned",
                    join,
                    banned,
                    Rule::MemberJoinBanned,
                ),
            ]
        }),
        (Rule::MemberJoinInviteRule, |v| {
            let (mut room, invited) = setup(v, Some("invite"), &[(BOB, "invite")], None);
            let (_, joined) = setup(v, Some("invite"), &[(BOB, "join")], None);
            let (_, stranger) = setup(v, Some("invite"), &[], None);
            let (_, knock_invited) = setup(v, Some("knock"), &[(BOB, "invite")], None);
            let (_, no_rules) = setup(v, None, &[(BOB, "invite")], None);
            let (_, no_rules_stranger) = setup(v, None, &[], None);
            let join = room.member(BOB, BOB, "join");
            let mut cases = vec![
                allow(
                    Rule::MemberJoinInviteRule,
                    "invited",
                    join.clone(),
                    invited,
                    Rule::MemberJoinInviteRule,
                ),
                allow(
                    Rule::MemberJoinInviteRule,
                    "already joined",
                    join.clone(),
                    joined,
                    Rule::MemberJoinInviteRule,
                ),
                reject(
                    Rule::MemberJoinInviteRule,
                    "not invited",
                    join.clone(),
                    stranger,
                    Rule::MemberJoinReject,
                ),
                // Decision: no join rules event reads as `invite` (as Synapse).
                allow(
                    Rule::MemberJoinInviteRule,
                    "invited, no join rules event",
                    join.clone(),
                    no_rules,
                    Rule::MemberJoinInviteRule,
                ),
                reject(
                    Rule::MemberJoinInviteRule,
                    "not invited, no join rules event",
                    join.clone(),
                    no_rules_stranger,
                    Rule::MemberJoinReject,
                ),
            ];
            if v >= 7 {
                cases.push(allow(
                    Rule::MemberJoinInviteRule,
                    "invited under knock (v7+)",
                    join,
                    knock_invited,
                    Rule::MemberJoinInviteRule,
                ));
            } else {
                cases.push(reject(
                    Rule::MemberJoinInviteRule,
                    "knock is no join rule before v7",
                    join,
                    knock_invited,
                    Rule::MemberJoinReject,
                ));
            }
            cases
        }),
        (Rule::MemberJoinRestrictedMember, |v| {
            let (mut room, invited) = setup(v, Some("restricted"), &[(BOB, "invite")], None);
            let (_, joined) = setup(v, Some("restricted"), &[(BOB, "join")], None);
            let (_, stranger) = setup(v, Some("restricted"), &[], None);
            let (_, kr_invited) = setup(v, Some("knock_restricted"), &[(BOB, "invite")], None);
            let join = room.member(BOB, BOB, "join");
            let mut cases = vec![
                allow(
                    Rule::MemberJoinRestrictedMember,
                    "invited",
                    join.clone(),
                    invited,
                    Rule::MemberJoinRestrictedMember,
                ),
                allow(
                    Rule::MemberJoinRestrictedMember,
                    "joined",
                    join.clone(),
                    joined,
                    Rule::MemberJoinRestrictedMember,
                ),
                reject(
                    Rule::MemberJoinRestrictedMember,
                    "neither, no authoriser",
                    join.clone(),
                    stranger,
                    Rule::MemberJoinRestrictedAuthoriser,
                ),
            ];
            if v >= 10 {
                // knock_restricted: 4.3.4 does not match, 4.3.5.1 does.
                cases.push(allow(
                    Rule::MemberJoinRestrictedMember,
                    "invited under knock_restricted (v10+)",
                    join,
                    kr_invited,
                    Rule::MemberJoinRestrictedMember,
                ));
            } else {
                cases.push(reject(
                    Rule::MemberJoinRestrictedMember,
                    "knock_restricted is unknown before v10",
                    join,
                    kr_invited,
                    Rule::MemberJoinReject,
                ));
            }
            cases
        }),
        (Rule::MemberJoinRestrictedAuthoriser, |v| {
            let (mut room, state) = setup(
                v,
                Some("restricted"),
                &[(CAROL, "join")],
                Some(json!({"invite": 20, "users": {CAROL: 10}})),
            );
            let (_, carol_left) = setup(v, Some("restricted"), &[(CAROL, "leave")], None);
            let (_, carol_invited) = setup(v, Some("restricted"), &[(CAROL, "invite")], None);
            let (_, carol_joined) = setup(v, Some("restricted"), &[(CAROL, "join")], None);
            let by_alice = authorised_join(&mut room, ALICE);
            let by_carol = authorised_join(&mut room, CAROL);
            let no_key = room.member(BOB, BOB, "join");
            let mut cases = vec![
                allow(
                    Rule::MemberJoinRestrictedAuthoriser,
                    "joined authoriser with invite power",
                    by_alice,
                    state.clone(),
                    Rule::MemberJoinRestrictedAllow,
                ),
                allow(
                    Rule::MemberJoinRestrictedAuthoriser,
                    "a joined authoriser at the default invite level",
                    by_carol.clone(),
                    carol_joined,
                    Rule::MemberJoinRestrictedAllow,
                ),
                reject(
                    Rule::MemberJoinRestrictedAuthoriser,
                    "authoriser below the invite level",
                    by_carol.clone(),
                    state.clone(),
                    Rule::MemberJoinRestrictedAuthoriser,
                ),
                reject(
                    Rule::MemberJoinRestrictedAuthoriser,
                    "authoriser left",
                    by_carol.clone(),
                    carol_left,
                    Rule::MemberJoinRestrictedAuthoriser,
                ),
                reject(
                    Rule::MemberJoinRestrictedAuthoriser,
                    "authoriser only invited",
                    by_carol,
                    carol_invited,
                    Rule::MemberJoinRestrictedAuthoriser,
                ),
                reject(
                    Rule::MemberJoinRestrictedAuthoriser,
                    "no authoriser key",
                    no_key,
                    state.clone(),
                    Rule::MemberJoinRestrictedAuthoriser,
                ),
            ];
            if v >= 10 {
                let (mut room, state) = setup(v, Some("knock_restricted"), &[], None);
                let ok = authorised_join(&mut room, ALICE);
                let no_key = room.member(BOB, BOB, "join");
                cases.push(allow(
                    Rule::MemberJoinRestrictedAuthoriser,
                    "knock_restricted",
                    ok,
                    state.clone(),
                    Rule::MemberJoinRestrictedAllow,
                ));
                cases.push(reject(
                    Rule::MemberJoinRestrictedAuthoriser,
                    "knock_restricted, no authoriser",
                    no_key,
                    state,
                    Rule::MemberJoinRestrictedAuthoriser,
                ));
            }
            if v == 12 {
                // A creator authorises with infinite power whatever the invite level.
                let (mut room, state) = setup(
                    v,
                    Some("restricted"),
                    &[],
                    Some(json!({"invite": 9007199254740991_i64})),
                );
                let e = authorised_join(&mut room, ALICE);
                cases.push(allow(
                    Rule::MemberJoinRestrictedAuthoriser,
                    "a v12 creator authorises",
                    e,
                    state,
                    Rule::MemberJoinRestrictedAllow,
                ));
            }
            cases
        }),
        (Rule::MemberJoinRestrictedAllow, |v| {
            let (mut room, state) = setup(v, Some("restricted"), &[], None);
            let e = authorised_join(&mut room, ALICE);
            vec![allow(
                Rule::MemberJoinRestrictedAllow,
                "authorised",
                e,
                state,
                Rule::MemberJoinRestrictedAllow,
            )]
        }),
        (Rule::MemberJoinPublic, |v| {
            let (mut room, public) = setup(v, Some("public"), &[], None);
            let join = room.member(BOB, BOB, "join");
            let mut cases = vec![allow(
                Rule::MemberJoinPublic,
                "public",
                join.clone(),
                public,
                Rule::MemberJoinPublic,
            )];
            for rule in ["invite", "private", "xyz.custom"] {
                let (_, state) = setup(v, Some(rule), &[], None);
                cases.push(reject(
                    Rule::MemberJoinPublic,
                    &format!("join rule {rule}"),
                    join.clone(),
                    state,
                    Rule::MemberJoinReject,
                ));
            }
            cases
        }),
        (Rule::MemberJoinReject, |v| {
            let mut cases = Vec::new();
            for rule in ["invite", "knock", "private", "xyz.custom"] {
                let (mut room, state) = setup(v, Some(rule), &[], None);
                let join = room.member(BOB, BOB, "join");
                cases.push(reject(
                    Rule::MemberJoinReject,
                    &format!("join rule {rule}, not invited"),
                    join,
                    state,
                    Rule::MemberJoinReject,
                ));
            }
            // A join rule that is not a string is none of the values.
            let mut room = Room::new(v);
            let jr = room.state(ALICE, "m.room.join_rules", "", json!({"join_rule": 1}));
            let state = room.base_state(vec![jr, room.clone().member(ALICE, BOB, "invite")]);
            let join = room.member(BOB, BOB, "join");
            cases.push(reject(
                Rule::MemberJoinReject,
                "join rule not a string",
                join,
                state,
                Rule::MemberJoinReject,
            ));
            cases
        }),
    ]
}
