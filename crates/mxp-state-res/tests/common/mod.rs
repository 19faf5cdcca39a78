//! Shared helpers for the scenario tests (included with `mod common;`).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use mxp_ids::{EventId, OwnedEventId};
use mxp_room_versions::RoomVersionRules;
use mxp_state_res::{EventSource, Rejection, RoomEvents};
use mxp_testkit::{Room, StateMap, TestEvent};
use serde_json::{Value, json};

/// A source over a map of events that records some as rejected on receipt.
pub struct WithRejections<'a> {
    pub events: &'a HashMap<OwnedEventId, TestEvent>,
    pub rejected: HashMap<OwnedEventId, Rejection>,
}

impl EventSource for WithRejections<'_> {
    type Event = TestEvent;
    fn event(&self, id: &EventId) -> Option<&TestEvent> {
        self.events.get(id)
    }
    fn rejection(&self, id: &EventId) -> Option<Rejection> {
        self.rejected.get(id).copied()
    }
}

pub const ALICE: &str = "@alice:a.example";
pub const BOB: &str = "@bob:b.example";
pub const CHARLIE: &str = "@charlie:c.example";
pub const EVELYN: &str = "@evelyn:e.example";
pub const ZARA: &str = "@zara:z.example";
pub const EVE: &str = "@eve:e.example";

pub const PL: &str = "m.room.power_levels";
pub const JR: &str = "m.room.join_rules";
pub const MEMBER: &str = "m.room.member";
pub const TOPIC: &str = "m.room.topic";

/// Every room version with state resolution v2 or v2.1, and its name.
pub fn v2_versions() -> Vec<(RoomVersionRules, &'static str)> {
    vec![
        (RoomVersionRules::V2, "2"),
        (RoomVersionRules::V3, "3"),
        (RoomVersionRules::V4, "4"),
        (RoomVersionRules::V5, "5"),
        (RoomVersionRules::V6, "6"),
        (RoomVersionRules::V7, "7"),
        (RoomVersionRules::V8, "8"),
        (RoomVersionRules::V9, "9"),
        (RoomVersionRules::V10, "10"),
        (RoomVersionRules::V11, "11"),
        (RoomVersionRules::V12, "12"),
    ]
}

/// Power levels content with these users; in v12 the creator (Alice) is left
/// out of `users`, where creators may not appear.
pub fn pl(rules: &RoomVersionRules, users: &[(&str, i64)], extra: Value) -> Value {
    let mut u = serde_json::Map::new();
    for &(user, level) in users {
        if !(rules.authorization.creators_have_infinite_power && user == ALICE) {
            u.insert(user.to_owned(), json!(level));
        }
    }
    let mut c = json!({"users": u});
    if let (Some(o), Some(e)) = (c.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    c
}

/// Alice creates a room (with `create_extra` in the create content), sets
/// power levels (herself 100) and public join rules.
pub fn public_room(
    rules: RoomVersionRules,
    version: &str,
    create_extra: serde_json::Value,
) -> (Room, mxp_testkit::Fork) {
    let mut room = Room::new(rules, version);
    let mut main = room.create_with(ALICE, create_extra);
    room.state(
        &mut main,
        ALICE,
        PL,
        "",
        pl(&rules, &[(ALICE, 100)], json!({})),
    );
    room.state(&mut main, ALICE, JR, "", json!({"join_rule": "public"}));
    (room, main)
}

/// The common start of the classic scenarios: [`public_room`], then Bob and
/// Charlie join.
pub fn classic_room(rules: RoomVersionRules, version: &str) -> (Room, mxp_testkit::Fork) {
    let (mut room, mut main) = public_room(rules, version, json!({}));
    room.member(&mut main, BOB, BOB, "join");
    room.member(&mut main, CHARLIE, CHARLIE, "join");
    (room, main)
}

/// Resolves and returns the owned, ordered result.
///
/// Every scenario also resolves over a [`RoomEvents`] store holding the same
/// events (added in two different orders), which must give the same answer.
pub fn resolve(room: &Room, sets: &[StateMap]) -> BTreeMap<(String, String), OwnedEventId> {
    let resolved = mxp_state_res::resolve(room.rules(), sets, room.events())
        .unwrap_or_else(|e| panic!("resolution failed: {e}"))
        .to_btree_map();
    let mut events: Vec<_> = room.events().values().cloned().collect();
    events.sort_by(|a, b| a.event_id.cmp(&b.event_id));
    for reverse in [false, true] {
        if reverse {
            events.reverse();
        }
        let mut store = RoomEvents::new(room.rules());
        for e in &events {
            assert!(store.insert(e.clone()).unwrap());
        }
        let stored = mxp_state_res::resolve(room.rules(), sets, &store)
            .unwrap_or_else(|e| panic!("resolution over a store failed: {e}"))
            .to_btree_map();
        assert_eq!(stored, resolved, "over a store (reversed: {reverse})");
    }
    resolved
}

/// `base` with these keys replaced (`None` removes the key).
pub fn expect(base: &StateMap, changes: &[((&str, &str), Option<&OwnedEventId>)]) -> StateMap {
    let mut m = base.clone();
    for ((t, k), v) in changes {
        let key = ((*t).to_owned(), (*k).to_owned());
        match v {
            Some(id) => m.insert(key, (*id).clone()),
            None => m.remove(&key),
        };
    }
    m
}

/// A small generated room: `members` members, a third of them (and at least
/// one) changing their profile twice per fork, a quarter banned, a 4-entry users
/// map; in room v12 (v2.1) or v11.
pub fn small_shape(
    members: usize,
    seed: u64,
    forks: usize,
    v12: bool,
    power_every: Option<usize>,
) -> mxp_testkit::Shape {
    let s = mxp_testkit::Shape {
        members,
        changers: (members / 2).max(1),
        changes: 2,
        bans: (members / 4).max(1),
        forks,
        power_every,
        users_map: 4,
        seed,
        ..mxp_testkit::Shape::default()
    };
    if v12 { s.v12() } else { s }
}
