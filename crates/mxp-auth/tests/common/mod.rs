//! A test-only event type and room builder implementing `mxp_events::Event`.
#![allow(dead_code)]

pub mod tpi;

use std::collections::BTreeSet;

use mxp_auth::EventLookup;
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::Event;
use mxp_ids::{EventId, OwnedEventId, OwnedRoomId, OwnedUserId, RoomId, UserId};
use mxp_room_versions::RoomVersionRules;
use serde_json::{Value, json};

/// An event with every field the auth rules read.
#[derive(Debug, Clone)]
pub struct TestEvent {
    pub event_id: OwnedEventId,
    pub room_id: Option<OwnedRoomId>,
    pub sender: OwnedUserId,
    pub event_type: String,
    pub state_key: Option<String>,
    pub content: CanonicalJsonObject,
    pub prev_events: Vec<OwnedEventId>,
    pub auth_events: Vec<OwnedEventId>,
    pub redacts: Option<OwnedEventId>,
    pub json: CanonicalJsonObject,
}

impl Event for TestEvent {
    fn event_id(&self) -> &EventId {
        &self.event_id
    }
    fn room_id(&self) -> Option<&RoomId> {
        self.room_id.as_deref()
    }
    fn sender(&self) -> &UserId {
        &self.sender
    }
    fn event_type(&self) -> &str {
        &self.event_type
    }
    fn state_key(&self) -> Option<&str> {
        self.state_key.as_deref()
    }
    fn content(&self) -> &CanonicalJsonObject {
        &self.content
    }
    fn origin_server_ts(&self) -> i64 {
        0
    }
    fn depth(&self) -> i64 {
        0
    }
    fn prev_events(&self) -> &[OwnedEventId] {
        &self.prev_events
    }
    fn auth_events(&self) -> &[OwnedEventId] {
        &self.auth_events
    }
    fn redacts(&self) -> Option<&EventId> {
        self.redacts.as_deref()
    }
    fn json(&self) -> &CanonicalJsonObject {
        &self.json
    }
}

pub fn cj(v: Value) -> CanonicalJsonValue {
    CanonicalJsonValue::try_from(v).expect("test JSON is canonical")
}

pub fn obj(v: Value) -> CanonicalJsonObject {
    match cj(v) {
        CanonicalJsonValue::Object(o) => o,
        other => panic!("not an object: {other:?}"),
    }
}

pub fn user(s: &str) -> OwnedUserId {
    UserId::parse(s).expect("valid user ID").to_owned()
}

pub fn eid(s: &str) -> OwnedEventId {
    EventId::parse(s).expect("valid event ID").to_owned()
}

pub const ALICE: &str = "@alice:a.org";
pub const BOB: &str = "@bob:b.org";
pub const CAROL: &str = "@carol:c.org";
pub const DAVE: &str = "@dave:d.org";

/// The rules of stable version `v`.
pub fn rules(v: u8) -> &'static RoomVersionRules {
    RoomVersionRules::ALL[usize::from(v) - 1].1
}

/// A room of one version: a create event by Alice (the creator) and a counter
/// for fresh event IDs.
#[derive(Debug, Clone)]
pub struct Room {
    pub version: u8,
    pub rules: &'static RoomVersionRules,
    pub room_id: OwnedRoomId,
    pub create: TestEvent,
    next: u64,
}

fn hash_id(n: u64) -> String {
    // 43 URL-safe base64 characters, unique per n.
    format!("{n:A>43}")
}

impl Room {
    pub fn new(version: u8) -> Self {
        Self::with_create_content(version, json!({}))
    }

    /// A room whose create content is `extra` plus `creator` (v1–v10) and
    /// `room_version`.
    pub fn with_create_content(version: u8, extra: Value) -> Self {
        let rules = rules(version);
        let mut content = obj(extra);
        if version <= 10 && !content.contains_key("creator") {
            content.insert("creator".into(), ALICE.into());
        }
        content
            .entry("room_version".into())
            .or_insert_with(|| version.to_string().into());
        let v12 = rules.authorization.room_id_is_create_event;
        let create_id = if version <= 2 {
            eid("$create:a.org")
        } else {
            eid(&format!("${}", hash_id(1)))
        };
        let room_id = if v12 {
            create_id.to_room_id().expect("hash event ID")
        } else {
            RoomId::parse("!room:a.org").expect("room ID").to_owned()
        };
        let mut create = TestEvent {
            event_id: create_id,
            room_id: (!v12).then(|| room_id.clone()),
            sender: user(ALICE),
            event_type: "m.room.create".into(),
            state_key: Some(String::new()),
            content,
            prev_events: vec![],
            auth_events: vec![],
            redacts: None,
            json: CanonicalJsonObject::new(),
        };
        create.json = json_of(&create, &[]);
        Self {
            version,
            rules,
            room_id,
            create,
            next: 2,
        }
    }

    pub fn fresh_id(&mut self, sender: &str) -> OwnedEventId {
        let n = self.next;
        self.next += 1;
        if self.version <= 2 {
            let server = sender.split_once(':').map_or("a.org", |(_, s)| s);
            eid(&format!("$e{n}:{server}"))
        } else {
            eid(&format!("${}", hash_id(n)))
        }
    }

    /// A state or message event (state when `state_key` is `Some`), with
    /// `prev_events` = [create] and no auth events.
    pub fn event(
        &mut self,
        sender: &str,
        event_type: &str,
        state_key: Option<&str>,
        content: Value,
    ) -> TestEvent {
        let event_id = self.fresh_id(sender);
        let mut e = TestEvent {
            event_id,
            room_id: Some(self.room_id.clone()),
            sender: user(sender),
            event_type: event_type.into(),
            state_key: state_key.map(Into::into),
            content: obj(content),
            prev_events: vec![self.create.event_id.clone(), eid("$other:a.org")],
            auth_events: vec![],
            redacts: None,
            json: CanonicalJsonObject::new(),
        };
        e.json = json_of(&e, &[sender.split_once(':').map_or("", |(_, s)| s)]);
        e
    }

    pub fn state(
        &mut self,
        sender: &str,
        event_type: &str,
        state_key: &str,
        content: Value,
    ) -> TestEvent {
        self.event(sender, event_type, Some(state_key), content)
    }

    pub fn member(&mut self, sender: &str, target: &str, membership: &str) -> TestEvent {
        self.state(
            sender,
            "m.room.member",
            target,
            json!({"membership": membership}),
        )
    }

    pub fn member_with(&mut self, sender: &str, target: &str, content: Value) -> TestEvent {
        self.state(sender, "m.room.member", target, content)
    }

    pub fn power_levels(&mut self, content: Value) -> TestEvent {
        self.state(ALICE, "m.room.power_levels", "", content)
    }

    pub fn join_rules(&mut self, rule: &str) -> TestEvent {
        self.state(ALICE, "m.room.join_rules", "", json!({"join_rule": rule}))
    }

    /// Power levels giving `users` their levels (Alice 100 unless v12, where
    /// creators may not be listed).
    pub fn pl_users(&mut self, users: &[(&str, i64)]) -> TestEvent {
        let mut map = serde_json::Map::new();
        if self.version < 12 {
            map.insert(ALICE.into(), json!(100));
        }
        for (u, l) in users {
            map.insert((*u).into(), json!(l));
        }
        self.power_levels(json!({"users": map}))
    }

    /// A state with the create event, Alice joined, and `extra`.
    pub fn base_state(&mut self, extra: Vec<TestEvent>) -> Vec<TestEvent> {
        let mut s = vec![self.create.clone(), self.member(ALICE, ALICE, "join")];
        for e in extra {
            s.retain(|x| !(x.event_type == e.event_type && x.state_key == e.state_key));
            s.push(e);
        }
        s
    }
}

/// The PDU JSON of an event, signed (with a dummy signature) by `servers`.
pub fn json_of(e: &TestEvent, servers: &[&str]) -> CanonicalJsonObject {
    let mut sigs = serde_json::Map::new();
    for s in servers {
        sigs.insert((*s).into(), json!({"ed25519:1": "c2ln"}));
    }
    let mut j = obj(json!({
        "type": e.event_type,
        "sender": e.sender.as_str(),
        "signatures": sigs,
    }));
    j.insert(
        "content".into(),
        CanonicalJsonValue::Object(e.content.clone()),
    );
    if let Some(r) = &e.room_id {
        j.insert("room_id".into(), r.as_str().into());
    }
    if let Some(k) = &e.state_key {
        j.insert("state_key".into(), k.as_str().into());
    }
    j
}

impl TestEvent {
    /// Re-signs the JSON by exactly these servers.
    pub fn signed_by(mut self, servers: &[&str]) -> Self {
        self.json = json_of(&self, servers);
        self
    }
}

/// Events by ID with a set of rejected IDs.
#[derive(Debug, Default)]
pub struct Store {
    pub events: Vec<TestEvent>,
    pub rejected: BTreeSet<OwnedEventId>,
}

impl EventLookup for Store {
    type Event = TestEvent;
    fn event(&self, id: &EventId) -> Option<&TestEvent> {
        self.events.iter().find(|e| *e.event_id == *id)
    }
    fn is_rejected(&self, id: &EventId) -> bool {
        self.rejected.contains(id)
    }
}
