//! The state lookup of the iterative auth checks (`SR-v2-D8`): it answers
//! the auth rules' hooks from facts read at fetch, and `mxp-auth`'s contract
//! is that each override gives exactly what its default (reading the
//! content) would; a key missing from the state being built comes from the
//! checked event's own auth events.

use std::cell::RefCell;
use std::collections::BTreeSet;

use mxp_auth::StateLookup;
use mxp_events::Event;
use mxp_events::content::{CreateContent, MemberContent};
use mxp_testkit::{Fork, Room};
use serde_json::Value;

use super::*;
use crate::Resolver;
use crate::auth::MxpAuth;
use crate::iterative::Authorize;

/// Every user of the rooms below: the ones whose memberships are compared.
const USERS: [&str; 9] = [
    "@a:x", "@b:x", "@c:x", "@d:x", "@e:x", "@f:x", "@g:x", "@h:x", "@z:x",
];

/// A lookup that only finds state events: every hook keeps its default.
struct Plain<'a, L: ?Sized>(&'a L);

impl<L: StateLookup + ?Sized> StateLookup for Plain<'_, L> {
    type Event = L::Event;
    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&L::Event> {
        self.0.state_event(event_type, state_key)
    }
}

/// What the checks saw.
#[derive(Default)]
struct Seen {
    mismatches: Vec<String>,
    join_rules: BTreeSet<String>,
    memberships: BTreeSet<String>,
    /// How often each `checked_*` hook and `create_federates` answered.
    answered: [usize; 4],
}

/// The real authorization, after comparing every hook of the state it is
/// given with the hook's default.
#[derive(Default)]
struct Comparing {
    seen: RefCell<Seen>,
}

impl Authorize for Comparing {
    fn authorize<L: StateLookup + ?Sized>(
        &self,
        rules: &RoomVersionRules,
        event: &L::Event,
        state: &L,
    ) -> bool {
        let plain = Plain(state);
        let id = event.event_id().as_str();
        let mut seen = self.seen.borrow_mut();
        let (fast, slow) = (state.join_rule(), plain.join_rule());
        if fast != slow {
            seen.mismatches
                .push(format!("{id}: join rule {fast:?}, content says {slow:?}"));
        }
        seen.join_rules.insert(format!("{slow:?}"));
        for user in USERS {
            let (fast, slow) = (state.membership(user), plain.membership(user));
            if fast != slow {
                seen.mismatches
                    .push(format!("{id}: {user} {fast:?}, content says {slow:?}"));
            }
            seen.memberships.insert(format!("{slow:?}"));
        }
        let content = event.content();
        let member = event.event_type() == "m.room.member" && event.state_key().is_some();
        if let Some(m) = state.checked_membership() {
            seen.answered[0] += 1;
            let read = MemberContent::new(content)
                .membership()
                .and_then(Result::ok);
            if !member || read != Some(m) {
                seen.mismatches.push(format!(
                    "{id}: checked membership {m:?}, content says {read:?}"
                ));
            }
        }
        if let Some(a) = state.checked_has_authoriser() {
            seen.answered[1] += 1;
            let read = content.contains_key("join_authorised_via_users_server");
            if !member || a != read {
                seen.mismatches
                    .push(format!("{id}: authoriser {a}, content says {read}"));
            }
        }
        if let Some(s) = state.checked_self_targeted() {
            seen.answered[2] += 1;
            let read = event.state_key() == Some(event.sender().as_str());
            if !member || s != read {
                seen.mismatches
                    .push(format!("{id}: self-targeted {s}, event says {read}"));
            }
        }
        if let Some(f) = state.create_federates() {
            seen.answered[3] += 1;
            let read = plain
                .state_event("m.room.create", "")
                .map(|c| CreateContent::new(c.content()).federate());
            if read != Some(f) {
                seen.mismatches
                    .push(format!("{id}: federates {f}, create says {read:?}"));
            }
        }
        drop(seen);
        MxpAuth.authorize(rules, event, state)
    }
}

/// A room whose join rule (if any) is `join_rule`, forked into two lines
/// that disagree on the join rule and on memberships of every kind: its
/// events and the two forks' states.
fn forked_room(
    rules: RoomVersionRules,
    version: &str,
    join_rule: Option<&Value>,
) -> (Source, [mxp_testkit::StateMap; 2]) {
    let mut room = Room::new(rules, version);
    let mut main = room.create_with("@a:x", json!({"m.federate": version != "8"}));
    room.state(
        &mut main,
        "@a:x",
        "m.room.power_levels",
        "",
        json!({"users": {"@a:x": 100}, "invite": 0}),
    );
    if let Some(content) = join_rule {
        room.state(&mut main, "@a:x", "m.room.join_rules", "", content.clone());
    }
    let (mut one, mut two): (Fork, Fork) = (main.clone(), main);
    room.member(&mut one, "@a:x", "@b:x", "invite");
    room.member(&mut one, "@b:x", "@b:x", "join");
    room.member(&mut one, "@c:x", "@c:x", "knock");
    room.member(&mut one, "@d:x", "@d:x", "join");
    room.member(&mut one, "@a:x", "@e:x", "ban");
    room.member(&mut one, "@f:x", "@f:x", "xyz");
    room.state(
        &mut one,
        "@g:x",
        "m.room.member",
        "@g:x",
        json!({"membership": "join", "join_authorised_via_users_server": "@a:x"}),
    );
    room.state(
        &mut one,
        "@a:x",
        "m.room.member",
        "@h:x",
        json!({"membership": 5}),
    );
    room.state(
        &mut two,
        "@a:x",
        "m.room.join_rules",
        "",
        json!({"join_rule": "public"}),
    );
    room.member(&mut two, "@b:x", "@b:x", "join");
    room.member(&mut two, "@c:x", "@c:x", "join");
    room.member(&mut two, "@d:x", "@d:x", "knock");
    room.member(&mut two, "@a:x", "@d:x", "invite");
    room.member(&mut two, "@b:x", "@b:x", "leave");
    room.state(&mut two, "@a:x", "m.room.member", "@h:x", json!({}));
    (
        room.into_events(),
        [one.state().clone(), two.state().clone()],
    )
}

/// `SR-v2-D8`, `SR-N5`: whatever the join rule (each value the rules name,
/// a custom one, one that is not a string, none at all) and the memberships
/// (each of the five, custom, not a string, absent), in every state
/// resolution algorithm and with cache warming on and off, each hook of the
/// iterative checks' lookup answers as its default would from the content.
#[test]
fn iterative_lookup_hooks_agree_with_the_content() {
    let join_rules = [
        Some(json!({"join_rule": "public"})),
        Some(json!({"join_rule": "invite"})),
        Some(json!({"join_rule": "knock"})),
        Some(json!({"join_rule": "restricted", "allow": []})),
        Some(json!({"join_rule": "knock_restricted", "allow": []})),
        Some(json!({"join_rule": "private"})),
        Some(json!({"join_rule": "xyz"})),
        Some(json!({"join_rule": 5})),
        Some(json!({})),
        None,
    ];
    let versions = [
        (RoomVersionRules::V1, "1"),
        (RoomVersionRules::V6, "6"),
        (RoomVersionRules::V8, "8"),
        (RoomVersionRules::V10, "10"),
        (RoomVersionRules::V11, "11"),
        (RoomVersionRules::V12, "12"),
    ];
    let comparing = Comparing::default();
    for (rules, version) in versions {
        for join_rule in &join_rules {
            let (events, sets) = forked_room(rules, version, join_rule.as_ref());
            for warm_min in [0, usize::MAX] {
                Resolver::new(&rules)
                    .seed(7)
                    .warm_min(warm_min)
                    .resolve_with(&sets, &events, &comparing)
                    .unwrap();
            }
        }
    }
    let seen = comparing.seen.into_inner();
    assert_eq!(seen.mismatches, Vec::<String>::new());
    // The rooms reach every answer the fast paths give.
    for rule in [
        "Public",
        "Invite",
        "Knock",
        "Restricted",
        "KnockRestricted",
        "Private",
        "Custom(\"xyz\")",
        "Custom(\"\")",
    ] {
        assert!(
            seen.join_rules.contains(rule),
            "{rule}: {:?}",
            seen.join_rules
        );
    }
    for membership in [
        "None",
        "Some(Join)",
        "Some(Invite)",
        "Some(Leave)",
        "Some(Ban)",
        "Some(Knock)",
        "Some(Custom(\"xyz\"))",
    ] {
        assert!(
            seen.memberships.contains(membership),
            "{membership}: {:?}",
            seen.memberships
        );
    }
    assert!(seen.answered.iter().all(|&n| n > 0), "{:?}", seen.answered);
}

/// A source that marks some events rejected on receipt.
struct Rejecting {
    events: Source,
    rejected: Vec<OwnedEventId>,
}

impl EventSource for Rejecting {
    type Event = TestEvent;
    fn event(&self, id: &EventId) -> Option<&TestEvent> {
        self.events.get(id)
    }
    fn rejection(&self, id: &EventId) -> Option<crate::Rejection> {
        self.rejected
            .iter()
            .any(|r| **r == *id)
            .then_some(crate::Rejection::StateBefore)
    }
}

/// Records what the lookup finds for a few keys, and allows the event.
#[derive(Default)]
struct Found(RefCell<Vec<Option<String>>>);

impl Authorize for Found {
    fn authorize<L: StateLookup + ?Sized>(
        &self,
        _: &RoomVersionRules,
        _: &L::Event,
        state: &L,
    ) -> bool {
        let keys = [
            ("m.room.create", ""),
            ("m.room.power_levels", ""),
            ("m.room.join_rules", ""),
            ("m.room.member", "@c:x"),
            ("m.room.third_party_invite", "tok"),
            ("m.room.topic", ""),
        ];
        let mut found = self.0.borrow_mut();
        for (event_type, state_key) in keys {
            let event = state.state_event(event_type, state_key);
            found.push(event.map(|e| e.event_id().to_string()));
        }
        true
    }
}

/// `SR-v2-D8`, `SR-N5` (incident P1-47): a key missing from the state being
/// built is read from the checked event's own auth events, whatever the
/// kind of key (the create, power levels and join rules keys, a member, any
/// other state), skipping auth events rejected on receipt (`SR-v2-R3`) and
/// events of the wrong key; in v1 (`Fallback::None`) nothing is read.
#[test]
fn sr_v2_d8_missing_keys_come_from_the_events_own_auth_events() {
    use crate::iterative::{Fallback, check_one};
    let state = |id: &str, sender: &str, t: &str, k: &str, content: serde_json::Value| {
        TestEvent::build(id, sender, t, Some(k), content)
    };
    let events = vec![
        state("$c:x", "@a:x", "m.room.create", "", json!({})),
        state("$pl:x", "@a:x", "m.room.power_levels", "", json!({})),
        state(
            "$jr:x",
            "@a:x",
            "m.room.join_rules",
            "",
            json!({"join_rule": "public"}),
        ),
        state(
            "$bad:x",
            "@a:x",
            "m.room.join_rules",
            "",
            json!({"join_rule": "invite"}),
        ),
        state(
            "$mc:x",
            "@c:x",
            "m.room.member",
            "@c:x",
            json!({"membership": "join"}),
        ),
        state(
            "$md:x",
            "@d:x",
            "m.room.member",
            "@d:x",
            json!({"membership": "join"}),
        ),
        state(
            "$mcbad:x",
            "@c:x",
            "m.room.member",
            "@c:x",
            json!({"membership": "join"}),
        ),
        state("$odd:x", "@a:x", "m.room.name", "@c:x", json!({})),
        state(
            "$t:x",
            "@a:x",
            "m.room.third_party_invite",
            "tok",
            json!({}),
        ),
        state(
            "$t2:x",
            "@a:x",
            "m.room.third_party_invite",
            "other",
            json!({}),
        ),
        state(
            "$b:x",
            "@b:x",
            "m.room.member",
            "@b:x",
            json!({"membership": "join"}),
        )
        .auth(&["$c:x", "$pl:x", "$jr:x", "$mc:x", "$t:x"]),
        state(
            "$b2:x",
            "@b:x",
            "m.room.member",
            "@b:x",
            json!({"membership": "join"}),
        )
        .auth(&["$c:x", "$bad:x", "$odd:x", "$mcbad:x", "$md:x", "$t2:x"]),
    ];
    let src = Rejecting {
        events: source(events),
        rejected: ["$bad:x", "$mcbad:x"]
            .map(|id| OwnedEventId::try_from(id).unwrap())
            .into(),
    };
    let mut g = Graph::new(
        &src,
        RoomVersionRules::V11,
        Meter::new(Budget::default()),
        RandomState::new(),
    );
    let no_sets: Vec<mxp_testkit::StateMap> = Vec::new();
    let grouped = group(&mut g, &no_sets, RandomState::new()).unwrap();
    let some = |id: &str| Some(id.to_owned());
    let cases = [
        (
            "$b:x",
            Fallback::AuthEvents,
            vec![
                some("$c:x"),
                some("$pl:x"),
                some("$jr:x"),
                some("$mc:x"),
                some("$t:x"),
                None,
            ],
        ),
        // Rejected join rules and member events, a name event with the
        // member's state key, and a member and a token of other keys.
        (
            "$b2:x",
            Fallback::AuthEvents,
            vec![some("$c:x"), None, None, None, None, None],
        ),
        ("$b:x", Fallback::None, vec![None; 6]),
    ];
    for (id, fallback, expected) in cases {
        let (key, _) = src
            .events
            .get_key_value(EventId::parse(id).unwrap())
            .unwrap();
        let ix = g.intern(key).unwrap();
        g.load(ix).unwrap();
        let found = Found::default();
        assert!(check_one(&mut g, &grouped.keys, &found, ix, fallback).unwrap());
        assert_eq!(found.0.into_inner(), expected, "{id} {fallback:?}");
    }
}
