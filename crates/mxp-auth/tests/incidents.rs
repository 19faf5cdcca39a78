//! Regression tests for the authorization incidents P1-35…P1-44 of the
//! security digest, one test (or a few) per incident, named after it.

mod common;

use common::tpi::{public, signed_block};
use common::*;
use mxp_auth::{
    Action, RoomCreators, RoomPowerLevels, Rule, UserPowerLevel, check_state_dependent,
    check_state_independent,
};
use mxp_canonical_json::CanonicalJsonValue;
use mxp_events::content::{PowerLevelField, parse_power_level};
use mxp_ids::RoomId;
use mxp_room_versions::PowerLevelValues;
use proptest::prelude::*;
use serde_json::{Value, json};

fn allowed(v: u8, e: &TestEvent, state: &[TestEvent]) -> Result<Rule, Rule> {
    check_state_dependent(rules(v), e, state)
        .map(|a| a.rule())
        .map_err(|r| r.rule())
}

/// Alice created and joined; `extra` added.
fn state_with(room: &mut Room, extra: Vec<TestEvent>) -> Vec<TestEvent> {
    room.base_state(extra)
}

// P1-35 · CVE-2018-12423 and wrong defaults.

#[test]
fn p1_35_implicit_defaults_without_and_with_empty_power_levels() {
    let empty = obj(json!({}));
    for v in 1..=12u8 {
        let room = Room::new(v);
        let creators = RoomCreators::from_event(rules(v), &room.create);
        for pl in [None, Some(&empty)] {
            let p = RoomPowerLevels::new(rules(v), Some(creators), pl);
            let expected = [
                (PowerLevelField::UsersDefault, 0),
                (PowerLevelField::EventsDefault, 0),
                (PowerLevelField::StateDefault, 50),
                (PowerLevelField::Ban, 50),
                (PowerLevelField::Kick, 50),
                (PowerLevelField::Redact, 50),
                (PowerLevelField::Invite, 0),
            ];
            for (field, level) in expected {
                assert_eq!(
                    p.level(field).unwrap(),
                    level,
                    "v{v} {field:?} pl={}",
                    pl.is_some()
                );
            }
            assert_eq!(p.user_level(&user(BOB)).unwrap(), UserPowerLevel::Int(0));
            let creator = p.user_level(&user(ALICE)).unwrap();
            match (v, pl.is_some()) {
                (12, _) => assert_eq!(creator, UserPowerLevel::Infinite),
                (_, false) => assert_eq!(creator, UserPowerLevel::Int(100), "v{v}"),
                (_, true) => assert_eq!(
                    creator,
                    UserPowerLevel::Int(0),
                    "v{v}: an existing PL decides"
                ),
            }
        }
    }
}

#[test]
fn p1_35_cve_2018_12423_members_cannot_send_state_without_power_levels() {
    for v in 1..=12u8 {
        let mut room = Room::new(v);
        let bob = room.member(BOB, BOB, "join");
        let state = state_with(&mut room, vec![bob]);
        let hijack = room.state(BOB, "m.room.join_rules", "", json!({"join_rule": "public"}));
        assert_eq!(
            allowed(v, &hijack, &state),
            Err(Rule::RequiredLevel),
            "v{v}"
        );
        let by_creator = room.state(
            ALICE,
            "m.room.join_rules",
            "",
            json!({"join_rule": "public"}),
        );
        assert_eq!(allowed(v, &by_creator, &state), Ok(Rule::Allow), "v{v}");
        // The invite level defaults to 0 (not 50 as the spec once said).
        let invite = room.member(BOB, CAROL, "invite");
        assert_eq!(
            allowed(v, &invite, &state),
            Ok(Rule::MemberInviteLevel),
            "v{v}"
        );
    }
}

// P1-36 · String power levels in v1–v9, floats in v1–v5.

#[test]
fn p1_36_power_level_value_table_per_version() {
    let s = |x: &str| CanonicalJsonValue::String(x.into());
    let f = |x: &str| CanonicalJsonValue::LegacyNumber(x.into());
    for v in 1..=12u8 {
        let values = rules(v).authorization.power_level_values;
        let parse = |x: &CanonicalJsonValue| parse_power_level(x, values).ok();
        for text in ["50", " +50 ", "0050", "+50", "\t50\n"] {
            let expect = (v <= 9).then_some(50);
            assert_eq!(parse(&s(text)), expect, "v{v} {text:?}");
        }
        assert_eq!(parse(&s("-100")), (v <= 9).then_some(-100));
        for text in ["50.9", "5.0E1", "5.114698E4"] {
            let expect = (v <= 5).then_some(if text == "5.114698E4" { 51146 } else { 50 });
            assert_eq!(parse(&f(text)), expect, "v{v} {text}");
        }
        assert_eq!(
            parse(&f("-0.5")),
            (v <= 5).then_some(0),
            "truncation towards zero"
        );
        for bad in [
            s("5e1"),
            s("0x10"),
            s("1_000"),
            s("٥٠"),
            s("+-5"),
            s(""),
            s(" "),
            s("50.0"),
        ] {
            assert_eq!(parse(&bad), None, "v{v} {bad:?}");
        }
        for bad in [
            cj(json!(true)),
            cj(json!(null)),
            cj(json!([50])),
            cj(json!({})),
            f("1e400"),
        ] {
            assert_eq!(parse(&bad), None, "v{v} {bad:?}");
        }
        assert_eq!(parse(&cj(json!(50))), Some(50));
    }
}

#[test]
fn p1_36_string_levels_are_read_by_the_rules_in_v1_to_v9() {
    for v in 1..=9u8 {
        let mut room = Room::new(v);
        let pl = room.power_levels(json!({"users": {ALICE: "100", BOB: " +50 "}, "ban": "0050"}));
        let bob = room.member(BOB, BOB, "join");
        let carol = room.member(CAROL, CAROL, "join");
        let state = state_with(&mut room, vec![pl, bob, carol]);
        let ban = room.member(BOB, CAROL, "ban");
        assert_eq!(allowed(v, &ban, &state), Ok(Rule::MemberBanLevel), "v{v}");
    }
    // An unreadable value the rules need rejects (digest note: decide and test).
    for v in 1..=9u8 {
        let mut room = Room::new(v);
        let pl = room.power_levels(json!({"users": {ALICE: 100, BOB: 100}, "ban": "lots"}));
        let bob = room.member(BOB, BOB, "join");
        let carol = room.member(CAROL, CAROL, "join");
        let state = state_with(&mut room, vec![pl, bob, carol]);
        let ban = room.member(BOB, CAROL, "ban");
        let err = check_state_dependent(rules(v), &ban, &state).unwrap_err();
        assert_eq!(err.rule(), Rule::MemberBanLevel, "v{v}");
        assert!(err.reason().contains("ban"), "{}", err.reason());
        // …but a message does not read `ban`, so it is unaffected (P1-52).
        let msg = room.event(BOB, "m.room.message", None, json!({}));
        assert_eq!(allowed(v, &msg, &state), Ok(Rule::Allow), "v{v}");
    }
}

#[test]
fn p1_36_non_integers_are_rejected_from_v10() {
    for v in 10..=12u8 {
        let mut room = Room::new(v);
        let state = state_with(&mut room, vec![]);
        let e = room.power_levels(json!({"ban": "50"}));
        assert_eq!(
            allowed(v, &e, &state),
            Err(Rule::PowerLevelsScalarsInt),
            "v{v}"
        );
    }
}

// P1-37 · A field-name typo was an auth bug.

#[test]
fn p1_37_every_power_levels_field_is_read_from_its_own_key() {
    // The spec's m.room.power_levels example, with distinct values per field.
    let content = obj(json!({
        "ban": 51, "events": {"m.room.name": 101, "m.room.power_levels": 102},
        "events_default": 1, "invite": 52, "kick": 53, "notifications": {"room": 21},
        "redact": 54, "state_default": 55, "users": {"@example:localhost": 103},
        "users_default": 2
    }));
    for v in 1..=12u8 {
        let p = RoomPowerLevels::new(rules(v), None, Some(&content));
        let c = p.content();
        assert_eq!(p.level(PowerLevelField::Ban).unwrap(), 51);
        assert_eq!(p.level(PowerLevelField::Invite).unwrap(), 52);
        assert_eq!(p.level(PowerLevelField::Kick).unwrap(), 53);
        assert_eq!(p.level(PowerLevelField::Redact).unwrap(), 54);
        assert_eq!(p.level(PowerLevelField::StateDefault).unwrap(), 55);
        assert_eq!(p.level(PowerLevelField::EventsDefault).unwrap(), 1);
        assert_eq!(p.level(PowerLevelField::UsersDefault).unwrap(), 2);
        assert_eq!(c.event("m.room.name").unwrap(), Some(101));
        assert_eq!(p.required_level("m.room.power_levels", true).unwrap(), 102);
        assert_eq!(p.required_level("m.room.topic", true).unwrap(), 55);
        assert_eq!(p.required_level("m.room.message", false).unwrap(), 1);
        assert_eq!(c.notification("room").unwrap(), Some(21));
        assert_eq!(
            p.user_level(&user("@example:localhost")).unwrap(),
            UserPowerLevel::Int(103)
        );
        assert_eq!(p.user_level(&user(BOB)).unwrap(), UserPowerLevel::Int(2));
        // The misspelling is not read.
        let typo = obj(json!({"event_default": 70}));
        let p = RoomPowerLevels::new(rules(v), None, Some(&typo));
        assert_eq!(p.level(PowerLevelField::EventsDefault).unwrap(), 0);
    }
}

// P1-38 · CVE-2022-31152: state-independent rules enforced.

#[test]
fn p1_38_cve_2022_31152_state_independent_rules() {
    for v in 1..=12u8 {
        let mut room = Room::new(v);
        // 1.1: a create event with prev_events.
        let mut create = room.create.clone();
        create.prev_events = vec![eid("$x:a.org")];
        let err = check_state_independent(rules(v), &create, &Store::default()).unwrap_err();
        assert_eq!(err.rule(), Rule::CreatePrevEvents);
        assert_eq!(err.rule_id().to_string(), format!("AUTH-v{v}-1.1"));

        let join = room.member(ALICE, ALICE, "join");
        let pl1 = room.pl_users(&[]);
        let pl2 = room.pl_users(&[(BOB, 1)]);
        let jr = room.join_rules("public");
        let mut base = vec![pl1.event_id.clone(), join.event_id.clone()];
        if v < 12 {
            base.push(room.create.event_id.clone());
        }
        let store = Store {
            events: vec![room.create.clone(), join, pl1, pl2.clone(), jr.clone()],
            ..Default::default()
        };
        // 2.1: duplicate (type, state_key).
        let mut msg = room.event(ALICE, "m.room.message", None, json!({}));
        msg.auth_events = [base.clone(), vec![pl2.event_id.clone()]].concat();
        let err = check_state_independent(rules(v), &msg, &store).unwrap_err();
        assert_eq!(err.rule(), Rule::AuthEventsDuplicate, "v{v}");
        // 2.2: an auth event of an unexpected type.
        msg.auth_events = [base.clone(), vec![jr.event_id.clone()]].concat();
        let err = check_state_independent(rules(v), &msg, &store).unwrap_err();
        assert_eq!(err.rule(), Rule::AuthEventsSelection, "v{v}");
        let expected = if v == 12 {
            "AUTH-v12-3.2".to_owned()
        } else {
            format!("AUTH-v{v}-2.2")
        };
        assert_eq!(err.rule_id().to_string(), expected);
        msg.auth_events = base;
        assert!(check_state_independent(rules(v), &msg, &store).is_ok());
    }
}

// P1-39 · Auth events from another room.

#[test]
fn p1_39_auth_events_from_another_room_are_rejected_in_every_version() {
    for v in 1..=12u8 {
        let mut room = Room::new(v);
        let join = room.member(ALICE, ALICE, "join");
        let mut pl = room.pl_users(&[]);
        pl.room_id = Some(
            RoomId::parse(if v == 12 {
                "!CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
            } else {
                "!evil:e.org"
            })
            .unwrap()
            .to_owned(),
        );
        let mut msg = room.event(ALICE, "m.room.message", None, json!({}));
        msg.auth_events = vec![pl.event_id.clone(), join.event_id.clone()];
        if v < 12 {
            msg.auth_events.push(room.create.event_id.clone());
        }
        let store = Store {
            events: vec![room.create.clone(), join, pl],
            ..Default::default()
        };
        let err = check_state_independent(rules(v), &msg, &store).unwrap_err();
        assert_eq!(err.rule(), Rule::AuthEventsSameRoom, "v{v}");
    }
}

// P1-40 · Restricted joins.

#[test]
fn p1_40_restricted_join_matrix() {
    #[derive(Clone, Copy, Debug)]
    enum Authoriser {
        Joined,
        NotJoined,
        LacksInvitePower,
    }
    for v in [7u8, 8, 9, 10, 12] {
        for membership in ["join", "invite", "leave"] {
            for a in [
                Authoriser::Joined,
                Authoriser::NotJoined,
                Authoriser::LacksInvitePower,
            ] {
                let mut room = Room::new(v);
                let jr = room.join_rules("restricted");
                let carol_membership = if matches!(a, Authoriser::NotJoined) {
                    "leave"
                } else {
                    "join"
                };
                let carol = room.member(CAROL, CAROL, carol_membership);
                let mut users = json!({CAROL: 10});
                if v < 12 {
                    users[ALICE] = json!(100);
                }
                let invite_level = if matches!(a, Authoriser::LacksInvitePower) {
                    20
                } else {
                    0
                };
                let pl = room.power_levels(json!({"users": users, "invite": invite_level}));
                let mut extra = vec![jr, carol, pl];
                if membership == "leave" {
                    extra.push(room.member(BOB, BOB, "join"));
                }
                let state = state_with(&mut room, extra);
                let (sender, target) = if membership == "invite" {
                    (ALICE, BOB)
                } else {
                    (BOB, BOB)
                };
                let e = room
                    .member_with(sender, target, json!({"membership": membership, "join_authorised_via_users_server": CAROL}))
                    .signed_by(&["a.org", "b.org", "c.org"]);
                let got = allowed(v, &e, &state);
                let expected = match (v, membership, a) {
                    (7, "join", _) => Err(Rule::MemberJoinReject), // no restricted rule before v8
                    (_, "join", Authoriser::Joined) => Ok(Rule::MemberJoinRestrictedAllow),
                    (_, "join", _) => Err(Rule::MemberJoinRestrictedAuthoriser),
                    (_, "invite", _) => Ok(Rule::MemberInviteLevel),
                    (_, _, _) => Ok(Rule::MemberLeaveSelf),
                };
                assert_eq!(got, expected, "v{v} {membership} {a:?}");
                // Without the authorising server's signature (v8+: any membership).
                let unsigned = e.clone().signed_by(&["a.org", "b.org"]);
                let got = allowed(v, &unsigned, &state);
                if v >= 8 {
                    assert_eq!(
                        got,
                        Err(Rule::MemberAuthoriserSignatureCheck),
                        "v{v} {membership} {a:?}"
                    );
                } else {
                    assert_eq!(got, expected, "v7 ignores the key");
                }
            }
        }
    }
}

// P1-41 · Knocking.

#[test]
fn p1_41_knock_only_under_knock_join_rules() {
    for v in 7..=12u8 {
        for (rule, ok) in [
            ("public", false),
            ("invite", false),
            ("restricted", false),
            ("knock", true),
            ("knock_restricted", v >= 10),
        ] {
            let mut room = Room::new(v);
            let jr = room.join_rules(rule);
            let state = state_with(&mut room, vec![jr]);
            let knock = room.member(BOB, BOB, "knock");
            let got = allowed(v, &knock, &state);
            if ok {
                assert_eq!(got, Ok(Rule::MemberKnockAllow), "v{v} {rule}");
            } else {
                assert_eq!(got, Err(Rule::MemberKnockRule), "v{v} {rule}");
            }
        }
        // invite → knock is invalid.
        let mut room = Room::new(v);
        let jr = room.join_rules("knock");
        let inv = room.member(ALICE, BOB, "invite");
        let state = state_with(&mut room, vec![jr, inv]);
        let knock = room.member(BOB, BOB, "knock");
        assert_eq!(
            allowed(v, &knock, &state),
            Err(Rule::MemberKnockReject),
            "v{v}"
        );
    }
    for v in 1..=6u8 {
        let mut room = Room::new(v);
        let jr = room.join_rules("knock");
        let state = state_with(&mut room, vec![jr]);
        let knock = room.member(BOB, BOB, "knock");
        assert_eq!(allowed(v, &knock, &state), Err(Rule::MemberUnknown), "v{v}");
    }
}

// P1-42 · Third-party invites were effectively unchecked.

fn tp_case(v: u8, signed: Value, invite_sender: &str, tpi_content: Value) -> Result<Rule, Rule> {
    let mut room = Room::new(v);
    let carol = room.member(CAROL, CAROL, "join");
    let tpi = room.state(ALICE, "m.room.third_party_invite", "tok", tpi_content);
    let state = state_with(&mut room, vec![carol, tpi]);
    let e = room.member_with(
        invite_sender,
        BOB,
        json!({"membership": "invite", "third_party_invite": {"signed": signed}}),
    );
    allowed(v, &e, &state)
}

fn signed(mxid: &str, token: &str, key: u8) -> Value {
    CanonicalJsonValue::Object(signed_block(mxid, token, key)).into()
}

#[test]
fn p1_42_third_party_invites_are_verified() {
    for v in 1..=12u8 {
        let keys = json!({"public_key": public(1)});
        assert_eq!(
            tp_case(v, signed(BOB, "tok", 1), ALICE, keys.clone()),
            Ok(Rule::MemberInviteThirdPartySignaturePublicKey)
        );
        assert_eq!(
            tp_case(v, signed(BOB, "tok", 2), ALICE, keys.clone()),
            Err(Rule::MemberInviteThirdPartyReject),
            "bad signature"
        );
        assert_eq!(
            tp_case(v, signed(CAROL, "tok", 1), ALICE, keys.clone()),
            Err(Rule::MemberInviteThirdPartyMxid)
        );
        assert_eq!(
            tp_case(v, signed(BOB, "nope", 1), ALICE, keys.clone()),
            Err(Rule::MemberInviteThirdPartyToken)
        );
        assert_eq!(
            tp_case(v, signed(BOB, "tok", 1), CAROL, keys),
            Err(Rule::MemberInviteThirdPartySender)
        );
        let in_list = json!({"public_keys": [{"public_key": public(1)}]});
        assert_eq!(
            tp_case(v, signed(BOB, "tok", 1), ALICE, in_list),
            Ok(Rule::MemberInviteThirdPartySignaturePublicKeys)
        );
        // Keys anywhere else are not candidates.
        let elsewhere = json!({"key": public(1), "public_keys": [{"key": public(1)}]});
        assert_eq!(
            tp_case(v, signed(BOB, "tok", 1), ALICE, elsewhere),
            Err(Rule::MemberInviteThirdPartyReject)
        );
    }
}

// P1-43 · v12 creator rules.

#[test]
fn p1_43_v12_creators() {
    let mut room = Room::with_create_content(12, json!({"additional_creators": [BOB]}));
    let state = state_with(&mut room, vec![]);
    // A power levels event listing a creator is rejected.
    for creator in [ALICE, BOB] {
        let pl = room.power_levels(json!({"users": {creator: 100}}));
        assert_eq!(
            allowed(12, &pl, &state),
            Err(Rule::PowerLevelsNoCreators),
            "{creator}"
        );
    }
    // An additional_creators entry that is not a user ID rejects the create event.
    let bad = Room::with_create_content(12, json!({"additional_creators": ["bob"]})).create;
    let err = check_state_independent(rules(12), &bad, &Store::default()).unwrap_err();
    assert_eq!(err.rule_id().to_string(), "AUTH-v12-1.4");
    // An additional creator has no bootstrap join.
    let mut first = room.member(BOB, BOB, "join");
    first.prev_events = vec![room.create.event_id.clone()];
    assert_eq!(
        allowed(12, &first, &[room.create.clone()]),
        Err(Rule::MemberJoinReject)
    );
    // …but is infinitely powerful once joined.
    let bob = room.member(BOB, BOB, "join");
    let pl = room.power_levels(
        json!({"users": {CAROL: 9007199254740991_i64}, "state_default": 9007199254740991_i64}),
    );
    let carol = room.member(CAROL, CAROL, "join");
    let state = state_with(&mut room, vec![bob, pl, carol]);
    let topic = room.state(BOB, "m.room.topic", "", json!({}));
    assert_eq!(allowed(12, &topic, &state), Ok(Rule::Allow));
    let ban = room.member(BOB, CAROL, "ban");
    assert_eq!(allowed(12, &ban, &state), Ok(Rule::MemberBanLevel));
    let counter = room.member(CAROL, BOB, "ban");
    assert_eq!(allowed(12, &counter, &state), Err(Rule::MemberBanReject));
    // In v11 additional_creators means nothing.
    let mut room = Room::with_create_content(11, json!({"additional_creators": [BOB]}));
    let bob = room.member(BOB, BOB, "join");
    let state = state_with(&mut room, vec![bob]);
    let topic = room.state(BOB, "m.room.topic", "", json!({}));
    assert_eq!(allowed(11, &topic, &state), Err(Rule::RequiredLevel));
}

// P1-44 · Power-level arithmetic at the extremes.

#[test]
fn p1_44_extreme_levels_do_not_panic() {
    let extremes = [
        "-9223372036854775808",
        "9223372036854775807",
        "-9007199254740991",
        "9007199254740991",
    ];
    for v in 1..=5u8 {
        for a in extremes {
            for b in extremes {
                let mut room = Room::new(v);
                let mut pl = room.power_levels(json!({}));
                pl.content.insert(
                    "users".into(),
                    CanonicalJsonValue::Object(
                        [
                            (BOB.to_owned(), CanonicalJsonValue::LegacyNumber(a.into())),
                            (CAROL.to_owned(), CanonicalJsonValue::LegacyNumber(b.into())),
                        ]
                        .into(),
                    ),
                );
                pl.content
                    .insert("ban".into(), CanonicalJsonValue::LegacyNumber(a.into()));
                let bob = room.member(BOB, BOB, "join");
                let carol = room.member(CAROL, CAROL, "join");
                let state = state_with(&mut room, vec![pl, bob, carol]);
                let ban = room.member(BOB, CAROL, "ban");
                let pa: i64 = a.parse().unwrap();
                let pb: i64 = b.parse().unwrap();
                let expected = if pb < pa {
                    Ok(Rule::MemberBanLevel)
                } else {
                    Err(Rule::MemberBanReject)
                };
                assert_eq!(allowed(v, &ban, &state), expected, "v{v} {a} vs {b}");
            }
        }
    }
    // Beyond i64: rejected, not wrapped.
    assert!(
        parse_power_level(
            &CanonicalJsonValue::String("9223372036854775808".into()),
            PowerLevelValues::IntegersStrings
        )
        .is_err()
    );
    assert!(
        parse_power_level(
            &CanonicalJsonValue::LegacyNumber("1e19".into()),
            PowerLevelValues::IntegersStringsFloats
        )
        .is_err()
    );
}

fn level() -> impl Strategy<Value = UserPowerLevel> {
    prop_oneof![
        (-(1i64 << 53) + 1..=(1i64 << 53) - 1).prop_map(UserPowerLevel::Int),
        Just(UserPowerLevel::Int(i64::MIN)),
        Just(UserPowerLevel::Int(i64::MAX)),
        Just(UserPowerLevel::Infinite),
    ]
}

proptest! {
    #[test]
    fn p1_44_comparisons_are_total(a in level(), b in level(), c in level()) {
        // Exactly one of <, ==, >; transitive; creators above every integer.
        let n = [a < b, a == b, a > b].iter().filter(|x| **x).count();
        prop_assert_eq!(n, 1);
        if a <= b && b <= c { prop_assert!(a <= c); }
        if let UserPowerLevel::Int(i) = a {
            prop_assert!(UserPowerLevel::Infinite > a);
            prop_assert!(UserPowerLevel::Infinite.at_least(i));
            prop_assert_eq!(a.at_least(i), true);
        }
    }

    #[test]
    fn p1_44_can_act_on_never_panics(s in -(1i64 << 53) + 1..=(1i64 << 53) - 1, t in -(1i64 << 53) + 1..=(1i64 << 53) - 1, ban in -(1i64 << 53) + 1..=(1i64 << 53) - 1) {
        for v in [1u8, 6, 10, 12] {
            let content = obj(json!({"users": {BOB: s, CAROL: t}, "ban": ban}));
            let p = RoomPowerLevels::new(rules(v), None, Some(&content));
            let got = p.can_act_on(&user(BOB), &user(CAROL), Action::Ban).unwrap();
            prop_assert_eq!(got, s >= ban && t < s);
        }
    }
}
