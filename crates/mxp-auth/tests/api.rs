//! The public API beyond the rules: auth events selection, lookups, rule IDs,
//! power helpers, and incident P1-52 (garbage in fields the rules do not read).

mod common;

use std::collections::{BTreeMap, HashMap};

use common::*;
use mxp_auth::{
    Action, AuthCheck, Rule, RuleId, SignatureVerifier, StateLookup, auth_types,
    auth_types_for_event, check_state_dependent,
};
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::ServerName;
use mxp_room_versions::RoomVersionRules;
use proptest::prelude::*;
use serde_json::json;

#[test]
fn auth_types_per_version() {
    for v in 1..=12u8 {
        let r = rules(v);
        let create = if v < 12 {
            vec![("m.room.create", "")]
        } else {
            vec![]
        };
        let with_create =
            |rest: &[(&'static str, &'static str)]| [create.clone(), rest.to_vec()].concat();

        // The create event needs nothing.
        let c = obj(json!({}));
        assert!(
            auth_types_for_event(r, "m.room.create", ALICE, Some(""), &c)
                .as_slice()
                .is_empty()
        );
        // A message: create, power levels, sender.
        let t = auth_types_for_event(r, "m.room.message", ALICE, None, &c);
        assert_eq!(
            t.as_slice(),
            with_create(&[("m.room.power_levels", ""), ("m.room.member", ALICE)])
        );
        // A join: + target + join rules (+ authoriser from v8).
        let c = obj(json!({"membership": "join", "join_authorised_via_users_server": CAROL}));
        let t = auth_types_for_event(r, "m.room.member", BOB, Some(BOB), &c);
        let mut expected = with_create(&[
            ("m.room.power_levels", ""),
            ("m.room.member", BOB),
            ("m.room.member", BOB),
            ("m.room.join_rules", ""),
        ]);
        if v >= 8 {
            expected.push(("m.room.member", CAROL));
        }
        assert_eq!(t.as_slice(), expected, "v{v}");
        // An invite with a third party token.
        let c = obj(
            json!({"membership": "invite", "third_party_invite": {"signed": {"token": "tok"}}}),
        );
        let t = auth_types_for_event(r, "m.room.member", ALICE, Some(BOB), &c);
        assert!(t.contains("m.room.third_party_invite", "tok"));
        assert!(t.contains("m.room.join_rules", ""));
        // A leave: no join rules; a knock: join rules.
        let c = obj(json!({"membership": "leave"}));
        assert!(
            !auth_types_for_event(r, "m.room.member", ALICE, Some(BOB), &c)
                .contains("m.room.join_rules", "")
        );
        let c = obj(json!({"membership": "knock"}));
        assert!(
            auth_types_for_event(r, "m.room.member", BOB, Some(BOB), &c)
                .contains("m.room.join_rules", "")
        );
        // Malformed fields select nothing extra.
        let c =
            obj(json!({"membership": "invite", "third_party_invite": {"signed": {"token": 5}}}));
        assert_eq!(
            auth_types_for_event(r, "m.room.member", ALICE, Some(BOB), &c)
                .iter()
                .count(),
            create.len() + 4
        );
    }
    // From an Event.
    let mut room = Room::new(10);
    let e = room.member(BOB, BOB, "join");
    assert_eq!(auth_types(room.rules, &e).iter().count(), 5);
}

#[test]
fn state_maps_look_up_without_allocating_keys() {
    let mut room = Room::new(11);
    let join = room.member(ALICE, ALICE, "join");
    let pl = room.pl_users(&[]);
    let mut btree = BTreeMap::new();
    let mut hash = HashMap::new();
    for e in [room.create.clone(), join, pl] {
        let key = (
            e.event_type.clone(),
            e.state_key.clone().unwrap_or_default(),
        );
        btree.insert(key.clone(), e.clone());
        hash.insert(key, e);
    }
    assert!(btree.state_event("m.room.power_levels", "").is_some());
    assert!(hash.state_event("m.room.member", ALICE).is_some());
    assert!(hash.state_event("m.room.member", BOB).is_none());
    assert!(btree.state_event("m.room.create", "x").is_none());
    let msg = room.event(ALICE, "m.room.message", None, json!({}));
    assert!(check_state_dependent(room.rules, &msg, &btree).is_ok());
    assert!(check_state_dependent(room.rules, &msg, &hash).is_ok());
    let as_slice: &[TestEvent] = &btree.values().cloned().collect::<Vec<_>>();
    assert!(check_state_dependent(room.rules, &msg, as_slice).is_ok());
}

#[test]
fn missing_create_event_in_state() {
    for v in 1..=12u8 {
        let mut room = Room::new(v);
        let msg = room.event(ALICE, "m.room.message", None, json!({}));
        let err = check_state_dependent(rules(v), &msg, &[] as &[TestEvent]).unwrap_err();
        let expected = if v < 12 {
            Rule::AuthEventsHasCreate
        } else {
            Rule::RoomIdIsCreate
        };
        assert_eq!(err.rule(), expected);
    }
}

#[test]
fn rule_ids_display_per_version_and_as_slugs_for_custom_versions() {
    assert_eq!(
        RuleId::new(Rule::MemberJoinSelf, 10).to_string(),
        "AUTH-v10-4.3.2"
    );
    assert_eq!(
        RuleId::new(Rule::MemberJoinSelf, 5).to_string(),
        "AUTH-v5-5.2.2"
    );
    assert_eq!(
        RuleId::new(Rule::PowerLevelsUsersNewCheck, 12).to_string(),
        "AUTH-v12-10.10.1"
    );
    assert_eq!(RuleId::new(Rule::Aliases, 6).to_string(), "{aliases}");
    assert_eq!(
        Rule::from_slug("member.invite.3pid.signature"),
        Some(Rule::MemberInviteThirdPartySignature)
    );
    assert_eq!(
        Rule::MemberJoinRestrictedAllow
            .ancestors()
            .collect::<Vec<_>>(),
        [Rule::MemberJoinRestricted, Rule::MemberJoin, Rule::Member]
    );
    // A custom version reports slugs.
    let custom = RoomVersionRules {
        knock: false,
        ..RoomVersionRules::V11
    };
    let mut room = Room::new(11);
    let jr = room.join_rules("public");
    let state = room.base_state(vec![jr]);
    let e = room.member(BOB, CAROL, "join");
    let err = AuthCheck::new(&custom)
        .check_state_dependent(&e, &state)
        .unwrap_err();
    assert_eq!(err.rule_id().to_string(), "{member.join.self}");
    assert_eq!(err.rule_id().version(), None);
    assert!(
        err.to_string()
            .starts_with("rejected by {member.join.self}: ")
    );
    // A stable version reports IDs.
    let err = AuthCheck::new(room.rules)
        .check_state_dependent(&e, &state)
        .unwrap_err();
    assert_eq!(
        err.to_string().split(':').next(),
        Some("rejected by AUTH-v11-4.3.2")
    );
}

struct Never;
impl SignatureVerifier for Never {
    fn is_signed_by(&self, _: &RoomVersionRules, _: &CanonicalJsonObject, _: &ServerName) -> bool {
        false
    }
}

#[test]
fn a_custom_signature_verifier_is_used() {
    let mut room = Room::new(10);
    let jr = room.join_rules("restricted");
    let state = room.base_state(vec![jr]);
    let e = room
        .member_with(
            BOB,
            BOB,
            json!({"membership": "join", "join_authorised_via_users_server": ALICE}),
        )
        .signed_by(&["a.org", "b.org"]);
    assert!(
        AuthCheck::new(room.rules)
            .check_state_dependent(&e, &state)
            .is_ok()
    );
    let err = AuthCheck::new(room.rules)
        .with_verifier(Never)
        .check_state_dependent(&e, &state)
        .unwrap_err();
    assert_eq!(err.rule(), Rule::MemberAuthoriserSignatureCheck);
}

#[test]
fn power_helpers() {
    for v in [1u8, 11, 12] {
        let mut room = Room::new(v);
        let pl = room.pl_users(&[(BOB, 50), (CAROL, 10)]);
        let p = mxp_auth::RoomPowerLevels::from_events(rules(v), Some(&room.create), Some(&pl));
        assert!(p.is_creator(&user(ALICE)));
        assert!(!p.is_creator(&user(BOB)));
        assert!(
            p.can_act_on(&user(BOB), &user(CAROL), Action::Kick)
                .unwrap()
        );
        assert!(
            !p.can_act_on(&user(CAROL), &user(BOB), Action::Kick)
                .unwrap()
        );
        assert!(!p.can_act_on(&user(BOB), &user(ALICE), Action::Ban).unwrap());
        assert!(p.can(&user(BOB), Action::Redact).unwrap());
        assert!(!p.can(&user(CAROL), Action::Redact).unwrap());
        assert!(p.can(&user(CAROL), Action::Invite).unwrap());
        assert!(p.can_send(&user(BOB), "m.room.topic", true).unwrap());
        assert!(!p.can_send(&user(CAROL), "m.room.topic", true).unwrap());
        assert!(p.can_send(&user(CAROL), "m.room.message", false).unwrap());
        assert_eq!(p.action_level(Action::Ban).unwrap(), 50);
    }
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<mxp_auth::Rejection>();
    check::<mxp_auth::Allowed>();
    check::<mxp_auth::RoomPowerLevels<'static>>();
    check::<mxp_auth::AuthTypes<'static>>();
    check::<AuthCheck<'static>>();
    check::<mxp_events::content::PowerLevelsContent<'static>>();
}

fn garbage() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(json!(null)),
        any::<bool>().prop_map(|b| json!(b)),
        (-1000i64..1000).prop_map(|i| json!(i)),
        "[a-z@:!$#]{0,12}".prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn put(e: &mut TestEvent, key: &str, value: &serde_json::Value) {
    e.content.insert(
        key.into(),
        CanonicalJsonValue::try_from(value.clone()).unwrap(),
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// P1-52: garbage in fields the rules never read changes no outcome.
    #[test]
    fn p1_52_unread_fields_do_not_change_outcomes(g in garbage(), v in 1u8..=12) {
        let mut room = Room::new(v);
        let jr = room.join_rules("public");
        let pl = room.pl_users(&[(BOB, 50)]);
        let bob = room.member(BOB, BOB, "join");
        let carol = room.member(CAROL, CAROL, "join");
        let events = vec![
            room.member(DAVE, DAVE, "join"),
            room.member(BOB, CAROL, "ban"),
            room.member(CAROL, BOB, "leave"),
            room.event(CAROL, "m.room.message", None, json!({})),
            room.state(BOB, "m.room.name", "", json!({"name": "x"})),
        ];
        let baseline_state = room.base_state(vec![jr.clone(), pl.clone(), bob.clone(), carol.clone()]);
        let baseline: Vec<_> = events.iter().map(|e| check_state_dependent(rules(v), e, &baseline_state).map(|a| a.rule()).map_err(|r| r.rule())).collect();

        let mut create = room.create.clone();
        for k in ["predecessor", "type", "name", "m.custom"] { put(&mut create, k, &g); }
        let mut jr2 = jr;
        for k in ["allow", "x"] { put(&mut jr2, k, &g); }
        let mut pl2 = pl;
        for k in ["historical", "x"] { put(&mut pl2, k, &g); }
        let mut bob2 = bob;
        for k in ["displayname", "avatar_url", "reason", "is_direct"] { put(&mut bob2, k, &g); }
        let noisy_state = vec![create, room.base_state(vec![]).remove(1), jr2, pl2, bob2, carol];
        let mut noisy_events = events.clone();
        for e in &mut noisy_events { for k in ["displayname", "body", "m.relates_to"] { put(e, k, &g); } }
        let noisy: Vec<_> = noisy_events.iter().map(|e| check_state_dependent(rules(v), e, &noisy_state).map(|a| a.rule()).map_err(|r| r.rule())).collect();
        prop_assert_eq!(baseline, noisy);
    }
}

#[test]
fn decision_join_rules_event_without_join_rule_reads_as_invite() {
    for v in 1..=12u8 {
        let mut room = Room::new(v);
        let jr = room.state(ALICE, "m.room.join_rules", "", json!({}));
        let invite = room.member(ALICE, BOB, "invite");
        let state = room.base_state(vec![jr.clone(), invite]);
        let join = room.member(BOB, BOB, "join");
        assert_eq!(
            check_state_dependent(rules(v), &join, &state)
                .unwrap()
                .rule(),
            Rule::MemberJoinInviteRule
        );
        let state = room.base_state(vec![jr]);
        assert_eq!(
            check_state_dependent(rules(v), &join, &state)
                .unwrap_err()
                .rule(),
            Rule::MemberJoinReject
        );
    }
}

#[test]
fn v12_state_create_event_must_be_the_rooms() {
    let mut room = Room::new(12);
    let mut other = Room::with_create_content(12, json!({"additional_creators": [BOB]}));
    other.create.event_id = eid("$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    let bob = room.member(BOB, BOB, "join");
    let good = room.base_state(vec![bob.clone()]);
    let mut bad = good.clone();
    bad.retain(|e| e.event_type != "m.room.create");
    bad.push(other.create.clone());
    let topic = room.state(ALICE, "m.room.topic", "", json!({}));
    assert!(check_state_dependent(room.rules, &topic, &good).is_ok());
    let err = check_state_dependent(room.rules, &topic, &bad).unwrap_err();
    assert_eq!(err.rule_id().to_string(), "AUTH-v12-2");
}

/// A state over a `Vec` that answers the parsed-value hooks
/// (`checked_membership`, `create_federates`) with fixed values.
struct Hinted {
    state: Vec<TestEvent>,
    membership: Option<mxp_events::content::Membership<'static>>,
    federates: Option<bool>,
    authoriser: Option<bool>,
    self_targeted: Option<bool>,
}

impl Hinted {
    /// A lookup of `state` that answers no hook: the rules read the content.
    fn honest(state: Vec<TestEvent>) -> Self {
        Self {
            state,
            membership: None,
            federates: None,
            authoriser: None,
            self_targeted: None,
        }
    }
}

impl StateLookup for Hinted {
    type Event = TestEvent;
    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&TestEvent> {
        self.state.state_event(event_type, state_key)
    }
    fn checked_membership(&self) -> Option<mxp_events::content::Membership<'static>> {
        self.membership
    }
    fn create_federates(&self) -> Option<bool> {
        self.federates
    }
    fn checked_has_authoriser(&self) -> Option<bool> {
        self.authoriser
    }
    fn checked_self_targeted(&self) -> Option<bool> {
        self.self_targeted
    }
}

/// The rule `federate` reads `create_federates` when the lookup answers it,
/// and the content otherwise; an honest answer decides exactly as the content.
#[test]
fn create_federates_hook() {
    use mxp_events::content::Membership;
    for v in [1u8, 6, 11, 12] {
        let mut room = Room::with_create_content(v, json!({"m.federate": false}));
        let bob = room.member(BOB, BOB, "join");
        let state = room.base_state(vec![bob]);
        let from_bob = room.event(BOB, "m.room.message", None, json!({}));
        let hinted = |federates| Hinted {
            federates,
            ..Hinted::honest(state.clone())
        };
        for federates in [None, Some(false)] {
            let err = check_state_dependent(room.rules, &from_bob, &hinted(federates)).unwrap_err();
            assert_eq!(err.rule(), Rule::Federate, "v{v} {federates:?}");
        }
        // The hook is what the rule reads.
        assert!(check_state_dependent(room.rules, &from_bob, &hinted(Some(true))).is_ok());
        // The membership hook is only for member events.
        let h = Hinted {
            membership: Some(Membership::Ban),
            ..hinted(Some(true))
        };
        assert!(check_state_dependent(room.rules, &from_bob, &h).is_ok());
    }
}

/// The rule `member` reads `checked_membership` when the lookup answers it,
/// and the content otherwise; an honest answer decides exactly as the content.
#[test]
fn checked_membership_hook() {
    use mxp_events::content::Membership;
    for v in [1u8, 6, 11, 12] {
        let mut room = Room::new(v);
        let rules_ev = room.join_rules("public");
        let pl = room.pl_users(&[]);
        let state = room.base_state(vec![rules_ev, pl]);
        let join = room.member(BOB, BOB, "join");
        let hinted = |membership| Hinted {
            membership,
            ..Hinted::honest(state.clone())
        };
        for m in [None, Some(Membership::Join)] {
            assert!(
                check_state_dependent(room.rules, &join, &hinted(m)).is_ok(),
                "v{v} {m:?}"
            );
        }
        // Read as a ban by Bob, who has no power: rejected.
        assert!(check_state_dependent(room.rules, &join, &hinted(Some(Membership::Ban))).is_err());
    }
}

/// The rule `member.authoriser_signature` (v8+) reads `checked_has_authoriser`
/// when the lookup answers it, and the content otherwise; an honest answer
/// decides exactly as the content.
#[test]
fn checked_has_authoriser_hook() {
    for v in [1u8, 6, 8, 11, 12] {
        let mut room = Room::new(v);
        let rules_ev = room.join_rules("public");
        let pl = room.pl_users(&[]);
        let state = room.base_state(vec![rules_ev, pl]);
        let plain = room.member(BOB, BOB, "join");
        // An authoriser that is not a user ID: rejected by the rule in v8+.
        let bad = room.member_with(
            BOB,
            BOB,
            json!({"membership": "join", "join_authorised_via_users_server": "nobody"}),
        );
        let hinted = |authoriser| Hinted {
            authoriser,
            ..Hinted::honest(state.clone())
        };
        let restricted = v >= 8;
        // Honest answers agree with the default.
        for a in [None, Some(false)] {
            assert!(
                check_state_dependent(room.rules, &plain, &hinted(a)).is_ok(),
                "v{v} {a:?}"
            );
        }
        for a in [None, Some(true)] {
            let r = check_state_dependent(room.rules, &bad, &hinted(a));
            if restricted {
                assert_eq!(
                    r.unwrap_err().rule(),
                    Rule::MemberAuthoriserSignatureCheck,
                    "v{v} {a:?}"
                );
            } else {
                assert!(r.is_ok(), "v{v} {a:?}");
            }
        }
        // The hook is what the rule reads (v8+); earlier versions ignore it.
        let lying = check_state_dependent(room.rules, &plain, &hinted(Some(true)));
        assert_eq!(lying.is_err(), restricted, "v{v}");
        assert!(check_state_dependent(room.rules, &bad, &hinted(Some(false))).is_ok());
    }
}

/// The rule `member` reads `checked_self_targeted` when the lookup answers
/// it, and compares `state_key` with `sender` otherwise; an honest answer
/// decides exactly as the comparison.
#[test]
fn checked_self_targeted_hook() {
    for v in [1u8, 6, 11, 12] {
        let mut room = Room::new(v);
        let rules_ev = room.join_rules("public");
        let pl = room.pl_users(&[]);
        let state = room.base_state(vec![rules_ev, pl]);
        let own = room.member(BOB, BOB, "join");
        // Alice (joined) joins on Bob's behalf: `member.join.self` rejects it.
        let for_bob = room.member(ALICE, BOB, "join");
        let hinted = |self_targeted| Hinted {
            self_targeted,
            ..Hinted::honest(state.clone())
        };
        for t in [None, Some(true)] {
            assert!(
                check_state_dependent(room.rules, &own, &hinted(t)).is_ok(),
                "v{v} {t:?}"
            );
        }
        for t in [None, Some(false)] {
            let err = check_state_dependent(room.rules, &for_bob, &hinted(t)).unwrap_err();
            assert_eq!(err.rule(), Rule::MemberJoinSelf, "v{v} {t:?}");
        }
        // The hook is what the rule reads: told "self-targeted", the join is
        // read as Alice's own, and Alice may join a public room.
        assert!(check_state_dependent(room.rules, &for_bob, &hinted(Some(true))).is_ok());
    }
}

/// Every hook is seen through references (`impl StateLookup for &T`): told
/// something the content does not say, the rules decide by the hook alike
/// for the lookup, a reference to it and a reference to that.
#[test]
fn hooks_are_seen_through_references() {
    use mxp_events::content::Membership;
    fn alike<E: mxp_events::Event>(rules: &RoomVersionRules, event: &E, state: &Hinted) -> bool {
        let direct = check_state_dependent(rules, event, state).is_ok();
        assert_eq!(check_state_dependent(rules, event, &state).is_ok(), direct);
        assert_eq!(check_state_dependent(rules, event, &&state).is_ok(), direct);
        direct
    }
    for v in [8u8, 11, 12] {
        // Told "federates" in a room whose create event says otherwise.
        let mut room = Room::with_create_content(v, json!({"m.federate": false}));
        let bob = room.member(BOB, BOB, "join");
        let from_bob = room.event(BOB, "m.room.message", None, json!({}));
        let state = room.base_state(vec![bob]);
        assert!(
            !alike(room.rules, &from_bob, &Hinted::honest(state.clone())),
            "v{v}"
        );
        let told = Hinted {
            federates: Some(true),
            ..Hinted::honest(state)
        };
        assert!(alike(room.rules, &from_bob, &told), "v{v}");

        let mut room = Room::new(v);
        let rules_ev = room.join_rules("public");
        let pl = room.pl_users(&[]);
        let state = room.base_state(vec![rules_ev, pl]);
        let join = room.member(BOB, BOB, "join");
        let for_bob = room.member(ALICE, BOB, "join");
        // A join read as a ban by Bob, who has no power.
        let told = Hinted {
            membership: Some(Membership::Ban),
            ..Hinted::honest(state.clone())
        };
        assert!(!alike(room.rules, &join, &told), "v{v}");
        // A plain join said to name an authorising server (v8+).
        let told = Hinted {
            authoriser: Some(true),
            ..Hinted::honest(state.clone())
        };
        assert!(!alike(room.rules, &join, &told), "v{v}");
        // Alice's join for Bob said to be Bob's own.
        assert!(
            !alike(room.rules, &for_bob, &Hinted::honest(state.clone())),
            "v{v}"
        );
        let told = Hinted {
            self_targeted: Some(true),
            ..Hinted::honest(state)
        };
        assert!(alike(room.rules, &for_bob, &told), "v{v}");
    }
}

/// A rejection names its numbered rule when asked (found from the room
/// version only then), in `rule_id`, `Display` and equality alike.
#[test]
fn rejection_names_its_rule_on_demand() {
    let mut room = Room::new(10);
    let state = room.base_state(vec![]);
    let for_bob = room.member(ALICE, BOB, "join");
    let err = check_state_dependent(room.rules, &for_bob, &state).unwrap_err();
    assert_eq!(err.rule(), Rule::MemberJoinSelf);
    assert_eq!(err.rule_id().to_string(), "AUTH-v10-4.3.2");
    let shown = err.to_string();
    assert!(shown.starts_with("rejected by AUTH-v10-4.3.2: "), "{shown}");
    assert!(shown.ends_with(err.reason()), "{shown}");
    let again = check_state_dependent(room.rules, &for_bob, &state).unwrap_err();
    assert_eq!(err, again);
    let other =
        check_state_dependent(room.rules, &room.member(BOB, ALICE, "join"), &state).unwrap_err();
    assert_ne!(err, other);
}

/// `AuthCheck::without_reasons`: the same verdicts and rules, for every
/// version, with an empty reason instead of a formatted one (a member
/// event whose sender is not its state key, `AUTH-vN` `member.join.self`,
/// and a message from a non-member).
#[test]
fn without_reasons_keeps_verdicts_and_rules() {
    for v in 1..=12u8 {
        let mut room = Room::new(v);
        let jr = room.join_rules("public");
        let state = room.base_state(vec![jr]);
        let wrong_join = room.member(BOB, CAROL, "join");
        let stranger = room.event(CAROL, "m.room.message", None, json!({}));
        let own_join = room.member(BOB, BOB, "join");
        let check = AuthCheck::new(rules(v));
        let quiet = AuthCheck::new(rules(v)).without_reasons();
        for e in [&wrong_join, &stranger] {
            let loud = check.check_state_dependent(e, &state).unwrap_err();
            let silent = quiet.check_state_dependent(e, &state).unwrap_err();
            assert_eq!(silent.rule(), loud.rule(), "v{v}");
            assert_eq!(silent.rule_id(), loud.rule_id(), "v{v}");
            assert!(!loud.reason().is_empty(), "v{v}");
            assert!(silent.reason().is_empty(), "v{v}");
        }
        assert!(
            quiet.check_state_dependent(&own_join, &state).is_ok(),
            "v{v}"
        );
        assert!(
            check.check_state_dependent(&own_join, &state).is_ok(),
            "v{v}"
        );
    }
}
