//! `m.room.member`, `m.room.join_rules`, `m.room.third_party_invite`,
//! `m.room.redaction` and `m.room.aliases` contents.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::content::{
    AliasesContent, JoinRule, JoinRulesContent, MemberContent, Membership, RedactionContent,
    ThirdPartyInviteContent,
};
use serde_json::json;

fn obj(v: serde_json::Value) -> CanonicalJsonObject {
    match CanonicalJsonValue::try_from(v).unwrap() {
        CanonicalJsonValue::Object(o) => o,
        _ => unreachable!(),
    }
}

#[test]
fn memberships_round_trip_losslessly() {
    for s in [
        "join",
        "invite",
        "leave",
        "ban",
        "knock",
        "xyz.custom",
        "JOIN",
        "",
    ] {
        let m = Membership::parse(s);
        assert_eq!(m.as_str(), s);
        assert_eq!(m.to_string(), s);
    }
    assert_eq!(Membership::parse("knock"), Membership::Knock);
    assert_eq!(Membership::parse("JOIN"), Membership::Custom("JOIN"));
}

#[test]
fn join_rules_round_trip_losslessly() {
    for s in [
        "public",
        "invite",
        "knock",
        "restricted",
        "knock_restricted",
        "private",
        "xyz.custom",
    ] {
        assert_eq!(JoinRule::parse(s).as_str(), s);
    }
    assert_eq!(
        JoinRule::parse("xyz.custom"),
        JoinRule::Custom("xyz.custom")
    );
    let c = obj(
        json!({"join_rule": "restricted", "allow": [{"type": "m.room_membership", "room_id": "!a:b.c"}, 5]}),
    );
    let view = JoinRulesContent::new(&c);
    assert_eq!(view.join_rule(), Some(Ok(JoinRule::Restricted)));
    assert_eq!(view.allow().unwrap().count(), 1);
    let c = obj(json!({"join_rule": 5, "allow": "x"}));
    let view = JoinRulesContent::new(&c);
    assert!(view.join_rule().unwrap().is_err());
    assert!(view.allow().is_err());
    assert!(JoinRulesContent::new(&obj(json!({}))).join_rule().is_none());
}

#[test]
fn member_content() {
    let c = obj(json!({
        "membership": "invite",
        "displayname": {"not": "a string"},
        "third_party_invite": {"display_name": "b", "signed": {"mxid": "@b:b.org", "token": "t", "signatures": {}}},
        "join_authorised_via_users_server": "not a user"
    }));
    let m = MemberContent::new(&c);
    assert_eq!(m.membership(), Some(Ok(Membership::Invite)));
    assert!(m.displayname().unwrap().is_err());
    assert!(m.has_third_party_invite());
    let signed = m.third_party_invite_signed().unwrap().unwrap();
    assert_eq!(signed.mxid(), Some("@b:b.org"));
    assert_eq!(signed.token(), Some("t"));
    assert!(signed.signatures().is_some());
    assert!(m.join_authorised_via_users_server().unwrap().is_err());

    let c = obj(json!({"membership": 1, "third_party_invite": "x"}));
    let m = MemberContent::new(&c);
    assert!(m.membership().unwrap().is_err());
    assert!(m.third_party_invite_signed().unwrap().is_err());
    let c = obj(json!({"third_party_invite": {}}));
    let m = MemberContent::new(&c);
    assert!(m.membership().is_none());
    assert!(m.third_party_invite_signed().is_none());
}

#[test]
fn third_party_invite_keys() {
    let c = obj(
        json!({"public_key": "k1", "public_keys": [{"public_key": "k2"}, {"public_key": 3}, "k4", {"public_key": "k5"}], "display_name": "d"}),
    );
    let view = ThirdPartyInviteContent::new(&c);
    assert_eq!(view.public_key(), Some("k1"));
    assert_eq!(view.public_keys().collect::<Vec<_>>(), ["k2", "k5"]);
    assert_eq!(view.display_name(), Some("d"));
    let c = obj(json!({"public_key": 1, "public_keys": {}}));
    let view = ThirdPartyInviteContent::new(&c);
    assert_eq!(view.public_key(), None);
    assert_eq!(view.public_keys().count(), 0);
}

#[test]
fn redaction_and_aliases() {
    let c = obj(json!({"redacts": "$abc:a.org", "reason": "spam"}));
    let r = RedactionContent::new(&c);
    assert_eq!(r.redacts().unwrap().unwrap().as_str(), "$abc:a.org");
    assert_eq!(r.reason().unwrap(), Ok("spam"));
    let c = obj(json!({"redacts": "abc"}));
    assert!(RedactionContent::new(&c).redacts().unwrap().is_err());
    let c = obj(json!({"aliases": ["#a:a.org", "nope", 5, "#b:b.org"]}));
    assert_eq!(AliasesContent::new(&c).aliases().count(), 2);
}
