//! The facts read when an event is fetched (`graph::facts`).

use super::*;

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
