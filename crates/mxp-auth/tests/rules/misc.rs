//! `federate`, `aliases.*`, `sender_joined`, `third_party_invite.*`,
//! `required_level`, `user_state_key`, `redaction.*` (v1–v2) and `allow`.

use mxp_auth::Rule;
use serde_json::json;

use super::{Builder, allow, reject};
use crate::common::*;

/// Alice (creator, 100) and Bob (joined, 0) in a room with power levels.
fn room_with_bob(v: u8, pl: serde_json::Value) -> (Room, Vec<TestEvent>) {
    let mut room = Room::new(v);
    let mut content = pl;
    if v < 12 {
        content["users"][ALICE] = json!(100);
    }
    let pl = room.power_levels(content);
    let bob = room.member(BOB, BOB, "join");
    let state = room.base_state(vec![pl, bob]);
    (room, state)
}

pub fn builders() -> Vec<(Rule, Builder)> {
    vec![
        (Rule::Federate, |v| {
            let mut room = Room::with_create_content(v, json!({"m.federate": false}));
            let bob = room.member(BOB, BOB, "join");
            let state = room.base_state(vec![bob]);
            let from_bob = room.event(BOB, "m.room.message", None, json!({}));
            let from_alice = room.event(ALICE, "m.room.message", None, json!({}));
            let mut cases = vec![
                reject(
                    Rule::Federate,
                    "m.federate false, other server",
                    from_bob,
                    state.clone(),
                    Rule::Federate,
                ),
                allow(
                    Rule::Federate,
                    "m.federate false, creator's server",
                    from_alice,
                    state,
                    Rule::Allow,
                ),
            ];
            // Only the literal `false` blocks (Synapse also blocks "false", 0, null).
            for value in [json!(true), json!("false"), json!(0), json!(null)] {
                let mut room = Room::with_create_content(v, json!({"m.federate": value}));
                let bob = room.member(BOB, BOB, "join");
                let state = room.base_state(vec![bob]);
                let e = room.event(BOB, "m.room.message", None, json!({}));
                cases.push(allow(
                    Rule::Federate,
                    &format!("m.federate {value}"),
                    e,
                    state,
                    Rule::Allow,
                ));
            }
            cases
        }),
        (Rule::AliasesStateKey, |v| {
            let mut room = Room::new(v);
            let state = room.base_state(vec![]);
            let ok = room.state(
                BOB,
                "m.room.aliases",
                "b.org",
                json!({"aliases": ["#a:b.org"]}),
            );
            let no_key = room.event(BOB, "m.room.aliases", None, json!({"aliases": []}));
            vec![
                allow(
                    Rule::AliasesStateKey,
                    "state_key present, unjoined sender",
                    ok,
                    state.clone(),
                    Rule::AliasesAllow,
                ),
                reject(
                    Rule::AliasesStateKey,
                    "no state_key",
                    no_key,
                    state,
                    Rule::AliasesStateKey,
                ),
            ]
        }),
        (Rule::AliasesDomain, |v| {
            let mut room = Room::new(v);
            let state = room.base_state(vec![]);
            let ok = room.state(BOB, "m.room.aliases", "b.org", json!({}));
            let other = room.state(BOB, "m.room.aliases", "c.org", json!({}));
            let empty = room.state(BOB, "m.room.aliases", "", json!({}));
            vec![
                allow(
                    Rule::AliasesDomain,
                    "the sender's server",
                    ok,
                    state.clone(),
                    Rule::AliasesAllow,
                ),
                reject(
                    Rule::AliasesDomain,
                    "another server",
                    other,
                    state.clone(),
                    Rule::AliasesDomain,
                ),
                reject(
                    Rule::AliasesDomain,
                    "empty state_key",
                    empty,
                    state,
                    Rule::AliasesDomain,
                ),
            ]
        }),
        (Rule::AliasesAllow, |v| {
            let mut room = Room::new(v);
            let state = room.base_state(vec![]);
            let e = room.state(ALICE, "m.room.aliases", "a.org", json!({}));
            vec![allow(
                Rule::AliasesAllow,
                "own server",
                e,
                state,
                Rule::AliasesAllow,
            )]
        }),
        (Rule::SenderJoined, |v| {
            let (mut room, state) = room_with_bob(v, json!({}));
            let carol_invited = room.member(ALICE, CAROL, "invite");
            let mut with_invite = state.clone();
            with_invite.push(carol_invited);
            let ok = room.event(BOB, "m.room.message", None, json!({}));
            let stranger = room.event(DAVE, "m.room.message", None, json!({}));
            let invited = room.event(CAROL, "m.room.message", None, json!({}));
            vec![
                allow(
                    Rule::SenderJoined,
                    "joined sender",
                    ok,
                    state.clone(),
                    Rule::Allow,
                ),
                reject(
                    Rule::SenderJoined,
                    "no membership",
                    stranger,
                    state,
                    Rule::SenderJoined,
                ),
                reject(
                    Rule::SenderJoined,
                    "only invited",
                    invited,
                    with_invite,
                    Rule::SenderJoined,
                ),
            ]
        }),
        (Rule::ThirdPartyInviteLevel, |v| {
            let (mut room, state) = room_with_bob(v, json!({"invite": 10}));
            let (_, default_state) = room_with_bob(v, json!({}));
            let by_alice = room.state(
                ALICE,
                "m.room.third_party_invite",
                "tok",
                json!({"public_key": "x"}),
            );
            let by_bob = room.state(
                BOB,
                "m.room.third_party_invite",
                "tok",
                json!({"public_key": "x"}),
            );
            vec![
                allow(
                    Rule::ThirdPartyInviteLevel,
                    "creator",
                    by_alice,
                    state.clone(),
                    Rule::ThirdPartyInviteLevel,
                ),
                allow(
                    Rule::ThirdPartyInviteLevel,
                    "default invite level 0",
                    by_bob.clone(),
                    default_state,
                    Rule::ThirdPartyInviteLevel,
                ),
                reject(
                    Rule::ThirdPartyInviteLevel,
                    "below the invite level",
                    by_bob,
                    state,
                    Rule::ThirdPartyInviteLevel,
                ),
            ]
        }),
        (Rule::RequiredLevel, |v| {
            let (mut room, state) =
                room_with_bob(v, json!({"events": {"m.room.message": 10, "m.custom": 0}}));
            let (_, plain) = room_with_bob(v, json!({}));
            let msg = room.event(BOB, "m.room.message", None, json!({}));
            let topic = room.state(BOB, "m.room.topic", "", json!({"topic": "x"}));
            let custom_state = room.state(BOB, "m.custom", "", json!({}));
            let reaction = room.event(BOB, "m.reaction", None, json!({}));
            vec![
                allow(
                    Rule::RequiredLevel,
                    "message at events_default 0",
                    msg.clone(),
                    plain.clone(),
                    Rule::Allow,
                ),
                allow(
                    Rule::RequiredLevel,
                    "state event lowered by events",
                    custom_state,
                    state.clone(),
                    Rule::Allow,
                ),
                allow(
                    Rule::RequiredLevel,
                    "non-state at events_default",
                    reaction,
                    state.clone(),
                    Rule::Allow,
                ),
                reject(
                    Rule::RequiredLevel,
                    "message raised by events",
                    msg,
                    state,
                    Rule::RequiredLevel,
                ),
                reject(
                    Rule::RequiredLevel,
                    "state event at state_default 50",
                    topic,
                    plain,
                    Rule::RequiredLevel,
                ),
            ]
        }),
        (Rule::UserStateKey, |v| {
            let (mut room, state) = room_with_bob(v, json!({}));
            let own = room.state(ALICE, "com.example.status", ALICE, json!({}));
            let other = room.state(ALICE, "com.example.status", BOB, json!({}));
            let not_user = room.state(ALICE, "com.example.status", "alice", json!({}));
            vec![
                allow(
                    Rule::UserStateKey,
                    "own user ID",
                    own,
                    state.clone(),
                    Rule::Allow,
                ),
                allow(
                    Rule::UserStateKey,
                    "no @",
                    not_user,
                    state.clone(),
                    Rule::Allow,
                ),
                reject(
                    Rule::UserStateKey,
                    "another user's ID",
                    other,
                    state,
                    Rule::UserStateKey,
                ),
            ]
        }),
        (Rule::RedactionLevel, |v| {
            let (mut room, state) = room_with_bob(v, json!({}));
            let mut by_alice = room.event(ALICE, "m.room.redaction", None, json!({}));
            by_alice.redacts = Some(eid("$x:c.org"));
            let mut by_bob = room.event(BOB, "m.room.redaction", None, json!({}));
            by_bob.redacts = Some(eid("$x:c.org"));
            vec![
                allow(
                    Rule::RedactionLevel,
                    "at the redact level",
                    by_alice,
                    state.clone(),
                    Rule::RedactionLevel,
                ),
                reject(
                    Rule::RedactionLevel,
                    "below, other server",
                    by_bob,
                    state,
                    Rule::RedactionReject,
                ),
            ]
        }),
        (Rule::RedactionSameDomain, |v| {
            let (mut room, state) = room_with_bob(v, json!({}));
            let mut same = room.event(BOB, "m.room.redaction", None, json!({}));
            same.redacts = Some(eid("$x:b.org"));
            let mut other = room.event(BOB, "m.room.redaction", None, json!({}));
            other.redacts = Some(eid("$x:a.org"));
            let missing = room.event(BOB, "m.room.redaction", None, json!({}));
            vec![
                allow(
                    Rule::RedactionSameDomain,
                    "redacting an event of its own server",
                    same,
                    state.clone(),
                    Rule::RedactionSameDomain,
                ),
                reject(
                    Rule::RedactionSameDomain,
                    "another server",
                    other,
                    state.clone(),
                    Rule::RedactionReject,
                ),
                // Decision: no `redacts` matches no domain (Ruma; Synapse allows).
                reject(
                    Rule::RedactionSameDomain,
                    "no redacts",
                    missing,
                    state,
                    Rule::RedactionReject,
                ),
            ]
        }),
        (Rule::RedactionReject, |v| {
            let (mut room, state) = room_with_bob(v, json!({}));
            let mut e = room.event(BOB, "m.room.redaction", None, json!({}));
            e.redacts = Some(eid("$x:c.org"));
            vec![reject(
                Rule::RedactionReject,
                "no level, other server",
                e,
                state,
                Rule::RedactionReject,
            )]
        }),
        (Rule::Allow, |v| {
            let (mut room, state) = room_with_bob(v, json!({}));
            let msg = room.event(BOB, "m.room.message", None, json!({"body": "hi"}));
            let mut redaction = room.event(
                BOB,
                "m.room.redaction",
                None,
                json!({"redacts": "$x:c.org"}),
            );
            redaction.redacts = Some(eid("$x:c.org"));
            let mut cases = vec![allow(
                Rule::Allow,
                "a message",
                msg,
                state.clone(),
                Rule::Allow,
            )];
            if v >= 3 {
                // v3+: a redaction is authorised like any event (REDACT-v3-apply).
                cases.push(allow(
                    Rule::Allow,
                    "a redaction without the redact level",
                    redaction,
                    state,
                    Rule::Allow,
                ));
            }
            cases
        }),
    ]
}
