//! `member.invite.*`, third party invites included (incident P1-42).

use mxp_auth::Rule;
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use serde_json::{Value, json};

use super::member_join::setup;
use super::{Builder, Case, allow, reject};
use crate::common::tpi::*;
use crate::common::*;

/// A third party invite of Bob by `sender` with this `signed` block.
pub fn tp_invite(room: &mut Room, sender: &str, signed: Value) -> TestEvent {
    room.member_with(
        sender,
        BOB,
        json!({"membership": "invite", "third_party_invite": {"display_name": "bob", "signed": signed}}),
    )
}

fn to_value(o: CanonicalJsonObject) -> Value {
    CanonicalJsonValue::Object(o).into()
}

/// State: Alice joined, `members`, and Alice's third party invite event
/// `tok` with key 1 as `public_key` and key 2 in `public_keys`.
pub fn tp_state(
    v: u8,
    members: &[(&str, &str)],
    tpi_content: Option<Value>,
) -> (Room, Vec<TestEvent>) {
    let (mut room, mut state) = setup(v, None, members, None);
    let content = tpi_content.unwrap_or_else(|| {
        json!({"display_name": "b…", "public_key": public(1), "public_keys": [{"public_key": public(2), "key_validity_url": "https://id.example.org/v"}]})
    });
    state.push(room.state(ALICE, "m.room.third_party_invite", "tok", content));
    (room, state)
}

fn good(room: &mut Room) -> TestEvent {
    tp_invite(room, ALICE, to_value(signed_block(BOB, "tok", 1)))
}

pub fn builders() -> Vec<(Rule, Builder)> {
    vec![
        (Rule::MemberInviteThirdPartyBanned, |v| {
            let (mut room, state) = tp_state(v, &[], None);
            let (_, banned) = tp_state(v, &[(BOB, "ban")], None);
            let (_, joined) = tp_state(v, &[(BOB, "join")], None);
            let e = good(&mut room);
            vec![
                allow(
                    Rule::MemberInviteThirdPartyBanned,
                    "target not banned",
                    e.clone(),
                    state,
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                allow(
                    Rule::MemberInviteThirdPartyBanned,
                    "target already joined",
                    e.clone(),
                    joined,
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                reject(
                    Rule::MemberInviteThirdPartyBanned,
                    "target banned",
                    e,
                    banned,
                    Rule::MemberInviteThirdPartyBanned,
                ),
            ]
        }),
        (Rule::MemberInviteThirdPartySigned, |v| {
            let (mut room, state) = tp_state(v, &[], None);
            let ok = good(&mut room);
            let no_signed = room.member_with(
                ALICE,
                BOB,
                json!({"membership": "invite", "third_party_invite": {"display_name": "bob"}}),
            );
            let not_object = room.member_with(
                ALICE,
                BOB,
                json!({"membership": "invite", "third_party_invite": "signed"}),
            );
            vec![
                allow(
                    Rule::MemberInviteThirdPartySigned,
                    "signed present",
                    ok,
                    state.clone(),
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                reject(
                    Rule::MemberInviteThirdPartySigned,
                    "no signed",
                    no_signed,
                    state.clone(),
                    Rule::MemberInviteThirdPartySigned,
                ),
                reject(
                    Rule::MemberInviteThirdPartySigned,
                    "third_party_invite not an object",
                    not_object,
                    state,
                    Rule::MemberInviteThirdPartySigned,
                ),
            ]
        }),
        (Rule::MemberInviteThirdPartyFields, |v| {
            let (mut room, state) = tp_state(v, &[], None);
            let ok = good(&mut room);
            let mut no_mxid = obj(json!({"token": "tok"}));
            sign(&mut no_mxid, 1, "ed25519:0");
            let mut no_token = obj(json!({"mxid": BOB}));
            sign(&mut no_token, 1, "ed25519:0");
            let no_mxid = tp_invite(&mut room, ALICE, to_value(no_mxid));
            let no_token = tp_invite(&mut room, ALICE, to_value(no_token));
            let not_object = tp_invite(&mut room, ALICE, json!([BOB, "tok"]));
            let number_mxid = tp_invite(&mut room, ALICE, json!({"mxid": 1, "token": "tok"}));
            vec![
                allow(
                    Rule::MemberInviteThirdPartyFields,
                    "mxid and token",
                    ok,
                    state.clone(),
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                reject(
                    Rule::MemberInviteThirdPartyFields,
                    "no mxid",
                    no_mxid,
                    state.clone(),
                    Rule::MemberInviteThirdPartyFields,
                ),
                reject(
                    Rule::MemberInviteThirdPartyFields,
                    "no token",
                    no_token,
                    state.clone(),
                    Rule::MemberInviteThirdPartyFields,
                ),
                reject(
                    Rule::MemberInviteThirdPartyFields,
                    "signed not an object",
                    not_object,
                    state.clone(),
                    Rule::MemberInviteThirdPartyFields,
                ),
                reject(
                    Rule::MemberInviteThirdPartyFields,
                    "mxid not a string",
                    number_mxid,
                    state,
                    Rule::MemberInviteThirdPartyFields,
                ),
            ]
        }),
        (Rule::MemberInviteThirdPartyMxid, |v| {
            let (mut room, state) = tp_state(v, &[], None);
            let ok = good(&mut room);
            let other = tp_invite(&mut room, ALICE, to_value(signed_block(CAROL, "tok", 1)));
            vec![
                allow(
                    Rule::MemberInviteThirdPartyMxid,
                    "mxid is the state_key",
                    ok,
                    state.clone(),
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                reject(
                    Rule::MemberInviteThirdPartyMxid,
                    "mxid is someone else",
                    other,
                    state,
                    Rule::MemberInviteThirdPartyMxid,
                ),
            ]
        }),
        (Rule::MemberInviteThirdPartyToken, |v| {
            let (mut room, state) = tp_state(v, &[], None);
            let ok = good(&mut room);
            let other = tp_invite(&mut room, ALICE, to_value(signed_block(BOB, "other", 1)));
            vec![
                allow(
                    Rule::MemberInviteThirdPartyToken,
                    "a matching invite",
                    ok,
                    state.clone(),
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                reject(
                    Rule::MemberInviteThirdPartyToken,
                    "no invite with that token",
                    other,
                    state,
                    Rule::MemberInviteThirdPartyToken,
                ),
            ]
        }),
        (Rule::MemberInviteThirdPartySender, |v| {
            let (mut room, state) = tp_state(v, &[(CAROL, "join")], None);
            let ok = good(&mut room);
            let by_carol = tp_invite(&mut room, CAROL, to_value(signed_block(BOB, "tok", 1)));
            // On this path the sender need not be joined (digest note).
            let (mut room2, mut dave_state) = tp_state(v, &[], None);
            dave_state.retain(|e| e.event_type != "m.room.third_party_invite");
            dave_state.push(room2.state(
                DAVE,
                "m.room.third_party_invite",
                "tok",
                json!({"public_key": public(1)}),
            ));
            let by_dave = tp_invite(&mut room2, DAVE, to_value(signed_block(BOB, "tok", 1)));
            vec![
                allow(
                    Rule::MemberInviteThirdPartySender,
                    "the inviter",
                    ok,
                    state.clone(),
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                allow(
                    Rule::MemberInviteThirdPartySender,
                    "the inviter, not joined",
                    by_dave,
                    dave_state,
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                reject(
                    Rule::MemberInviteThirdPartySender,
                    "someone else",
                    by_carol,
                    state,
                    Rule::MemberInviteThirdPartySender,
                ),
            ]
        }),
        (Rule::MemberInviteThirdPartySignature, |v| {
            let (mut room, state) = tp_state(v, &[], None);
            let ok = good(&mut room);
            let bad = tp_invite(&mut room, ALICE, to_value(signed_block(BOB, "tok", 9)));
            vec![
                allow(
                    Rule::MemberInviteThirdPartySignature,
                    "valid signature",
                    ok,
                    state.clone(),
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                reject(
                    Rule::MemberInviteThirdPartySignature,
                    "signed by an unknown key (P1-42)",
                    bad,
                    state,
                    Rule::MemberInviteThirdPartyReject,
                ),
            ]
        }),
        (Rule::MemberInviteThirdPartySignaturePublicKey, |v| {
            let (mut room, state) = tp_state(v, &[], Some(json!({"public_key": public(1)})));
            let (_, url_safe) = tp_state(v, &[], Some(json!({"public_key": public_url_safe(1)})));
            let (_, other_key) = tp_state(v, &[], Some(json!({"public_key": public(3)})));
            let (_, malformed) = tp_state(v, &[], Some(json!({"public_key": "not base64!"})));
            let e = good(&mut room);
            vec![
                allow(
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                    "public_key",
                    e.clone(),
                    state,
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                allow(
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                    "URL-safe public_key",
                    e.clone(),
                    url_safe,
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                ),
                reject(
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                    "another public_key",
                    e.clone(),
                    other_key,
                    Rule::MemberInviteThirdPartyReject,
                ),
                reject(
                    Rule::MemberInviteThirdPartySignaturePublicKey,
                    "malformed public_key",
                    e,
                    malformed,
                    Rule::MemberInviteThirdPartyReject,
                ),
            ]
        }),
        (Rule::MemberInviteThirdPartySignaturePublicKeys, |v| {
            let keys = |ks: &[u8]| json!({"public_keys": ks.iter().map(|k| json!({"public_key": public(*k)})).collect::<Vec<_>>()});
            let (mut room, state) = tp_state(v, &[], Some(keys(&[3, 2])));
            let (_, others) = tp_state(v, &[], Some(keys(&[3, 4])));
            let (_, malformed) = tp_state(
                v,
                &[],
                Some(json!({"public_keys": [7, {"key": public(2)}, "x"]})),
            );
            let e = tp_invite(&mut room, ALICE, to_value(signed_block(BOB, "tok", 2)));
            vec![
                allow(
                    Rule::MemberInviteThirdPartySignaturePublicKeys,
                    "the second of public_keys",
                    e.clone(),
                    state,
                    Rule::MemberInviteThirdPartySignaturePublicKeys,
                ),
                reject(
                    Rule::MemberInviteThirdPartySignaturePublicKeys,
                    "no matching key",
                    e.clone(),
                    others,
                    Rule::MemberInviteThirdPartyReject,
                ),
                reject(
                    Rule::MemberInviteThirdPartySignaturePublicKeys,
                    "malformed entries",
                    e,
                    malformed,
                    Rule::MemberInviteThirdPartyReject,
                ),
            ]
        }),
        (Rule::MemberInviteThirdPartyReject, |v| {
            let (mut room, state) = tp_state(v, &[], None);
            let mut tampered = signed_block(BOB, "tok", 1);
            tampered.insert("extra".into(), cj(json!(1)));
            let tampered = tp_invite(&mut room, ALICE, to_value(tampered));
            let unsigned = tp_invite(&mut room, ALICE, json!({"mxid": BOB, "token": "tok"}));
            let mut wrong_alg = obj(json!({"mxid": BOB, "token": "tok"}));
            sign(&mut wrong_alg, 1, "curve25519:0");
            let wrong_alg = tp_invite(&mut room, ALICE, to_value(wrong_alg));
            let mut garbage = obj(json!({"mxid": BOB, "token": "tok"}));
            garbage.insert(
                "signatures".into(),
                cj(json!({"id.example.org": {"ed25519:0": "@@@"}, "x": 5})),
            );
            let garbage = tp_invite(&mut room, ALICE, to_value(garbage));
            vec![
                reject(
                    Rule::MemberInviteThirdPartyReject,
                    "tampered signed block",
                    tampered,
                    state.clone(),
                    Rule::MemberInviteThirdPartyReject,
                ),
                reject(
                    Rule::MemberInviteThirdPartyReject,
                    "no signatures",
                    unsigned,
                    state.clone(),
                    Rule::MemberInviteThirdPartyReject,
                ),
                reject(
                    Rule::MemberInviteThirdPartyReject,
                    "not an ed25519 key ID",
                    wrong_alg,
                    state.clone(),
                    Rule::MemberInviteThirdPartyReject,
                ),
                reject(
                    Rule::MemberInviteThirdPartyReject,
                    "garbage signatures",
                    garbage,
                    state,
                    Rule::MemberInviteThirdPartyReject,
                ),
            ]
        }),
        (Rule::MemberInviteSenderJoined, |v| {
            let (mut room, state) = setup(v, None, &[(BOB, "invite")], None);
            let by_alice = room.member(ALICE, CAROL, "invite");
            let by_bob = room.member(BOB, CAROL, "invite");
            vec![
                allow(
                    Rule::MemberInviteSenderJoined,
                    "joined inviter",
                    by_alice,
                    state.clone(),
                    Rule::MemberInviteLevel,
                ),
                reject(
                    Rule::MemberInviteSenderJoined,
                    "invited inviter",
                    by_bob,
                    state,
                    Rule::MemberInviteSenderJoined,
                ),
            ]
        }),
        (Rule::MemberInviteTarget, |v| {
            let mut cases: Vec<Case> = Vec::new();
            for (m, ok) in [
                ("join", false),
                ("ban", false),
                ("leave", true),
                ("invite", true),
            ] {
                let (mut room, state) = setup(v, None, &[(CAROL, m)], None);
                let e = room.member(ALICE, CAROL, "invite");
                let what = format!("target membership {m}");
                cases.push(if ok {
                    allow(
                        Rule::MemberInviteTarget,
                        &what,
                        e,
                        state,
                        Rule::MemberInviteLevel,
                    )
                } else {
                    reject(
                        Rule::MemberInviteTarget,
                        &what,
                        e,
                        state,
                        Rule::MemberInviteTarget,
                    )
                });
            }
            cases
        }),
        (Rule::MemberInviteLevel, |v| {
            let (mut room, state) = setup(
                v,
                None,
                &[(BOB, "join")],
                Some(json!({"invite": 50, "users": {BOB: 49}})),
            );
            let (_, default) = setup(v, None, &[(BOB, "join")], Some(json!({})));
            let by_alice = room.member(ALICE, CAROL, "invite");
            let by_bob = room.member(BOB, CAROL, "invite");
            vec![
                allow(
                    Rule::MemberInviteLevel,
                    "creator",
                    by_alice,
                    state.clone(),
                    Rule::MemberInviteLevel,
                ),
                allow(
                    Rule::MemberInviteLevel,
                    "default invite level 0 (P1-35)",
                    by_bob.clone(),
                    default,
                    Rule::MemberInviteLevel,
                ),
                reject(
                    Rule::MemberInviteLevel,
                    "below the invite level",
                    by_bob,
                    state,
                    Rule::MemberInviteReject,
                ),
            ]
        }),
        (Rule::MemberInviteReject, |v| {
            let (mut room, state) = setup(v, None, &[(BOB, "join")], Some(json!({"invite": 1})));
            let e = room.member(BOB, CAROL, "invite");
            vec![reject(
                Rule::MemberInviteReject,
                "below the invite level",
                e,
                state,
                Rule::MemberInviteReject,
            )]
        }),
    ]
}
