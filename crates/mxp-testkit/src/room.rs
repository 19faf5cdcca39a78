//! A room builder for scenario tests: events are appended to forks, each fork
//! tracking its own state; auth events are selected from the fork's state the
//! way a server would (`room-versions.md` §2, "Auth events selection").

use std::collections::{BTreeMap, HashMap};

use base64::Engine;
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, to_canonical_bytes};
use mxp_ids::{OwnedEventId, OwnedRoomId, OwnedUserId};
use mxp_room_versions::{EventIdFormat, RoomVersionRules};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::TestEvent;

/// A state map: `(type, state_key)` → event ID.
pub type StateMap = BTreeMap<(String, String), OwnedEventId>;

/// One line of history: its state and its latest event.
#[derive(Debug, Clone, Default)]
pub struct Fork {
    state: StateMap,
    prev: Vec<OwnedEventId>,
    depth: i64,
}

impl Fork {
    /// The state after the fork's latest event.
    pub fn state(&self) -> &StateMap {
        &self.state
    }

    /// The fork's latest events (the `prev_events` of its next event).
    pub fn head(&self) -> &[OwnedEventId] {
        &self.prev
    }

    /// Replaces the state (e.g. with a resolved state, after a merge).
    pub fn set_state(&mut self, state: StateMap) {
        self.state = state;
    }
}

/// What to send; see [`Room::send`].
#[derive(Debug, Clone)]
pub struct Spec {
    sender: String,
    event_type: String,
    state_key: Option<String>,
    content: Value,
    ts: Option<i64>,
    auth_events: Option<Vec<OwnedEventId>>,
}

impl Spec {
    /// A state event.
    pub fn state(sender: &str, event_type: &str, state_key: &str, content: Value) -> Self {
        Self {
            sender: sender.to_owned(),
            event_type: event_type.to_owned(),
            state_key: Some(state_key.to_owned()),
            content,
            ts: None,
            auth_events: None,
        }
    }

    /// A message-like (non-state) event.
    pub fn message(sender: &str, event_type: &str, content: Value) -> Self {
        Self {
            state_key: None,
            ..Self::state(sender, event_type, "", content)
        }
    }

    /// Sets `origin_server_ts` (otherwise one more than the previous event's).
    pub fn ts(mut self, ts: i64) -> Self {
        self.ts = Some(ts);
        self
    }

    /// Sets `auth_events` explicitly (otherwise selected from the fork's state).
    pub fn auth_events(mut self, ids: Vec<OwnedEventId>) -> Self {
        self.auth_events = Some(ids);
        self
    }
}

/// A room under construction: all its events, by ID.
#[derive(Debug, Clone)]
pub struct Room {
    rules: RoomVersionRules,
    version: String,
    room_id: Option<OwnedRoomId>,
    events: HashMap<OwnedEventId, TestEvent>,
    order: Vec<OwnedEventId>,
    ts: i64,
    counter: u64,
}

impl Room {
    /// An empty room of a version (`version` is the room version string put in
    /// the create event).
    pub fn new(rules: RoomVersionRules, version: &str) -> Self {
        Self {
            rules,
            version: version.to_owned(),
            room_id: None,
            events: HashMap::new(),
            order: Vec::new(),
            ts: 0,
            counter: 0,
        }
    }

    /// The room version rules.
    pub fn rules(&self) -> &RoomVersionRules {
        &self.rules
    }

    /// The room ID (known once the create event exists).
    pub fn room_id(&self) -> Option<&OwnedRoomId> {
        self.room_id.as_ref()
    }

    /// Creates the room: the create event and the creator's join. Returns the
    /// main fork.
    pub fn create(&mut self, creator: &str) -> Fork {
        self.create_with(creator, json!({}))
    }

    /// Like [`Room::create`], with extra create content (e.g.
    /// `additional_creators`).
    pub fn create_with(&mut self, creator: &str, extra: Value) -> Fork {
        let mut fork = Fork::default();
        let mut content = json!({"room_version": self.version});
        if matches!(
            self.rules.authorization.creators,
            mxp_room_versions::Creators::ContentCreator
        ) {
            content["creator"] = json!(creator);
        }
        if let (Some(o), Some(e)) = (content.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        self.send(
            &mut fork,
            Spec::state(creator, "m.room.create", "", content),
        );
        self.member(&mut fork, creator, creator, "join");
        fork
    }

    /// Sends a state event on a fork.
    pub fn state(
        &mut self,
        fork: &mut Fork,
        sender: &str,
        event_type: &str,
        state_key: &str,
        content: Value,
    ) -> OwnedEventId {
        self.send(fork, Spec::state(sender, event_type, state_key, content))
    }

    /// Sends an `m.room.member` event with just a membership.
    pub fn member(
        &mut self,
        fork: &mut Fork,
        sender: &str,
        target: &str,
        membership: &str,
    ) -> OwnedEventId {
        self.state(
            fork,
            sender,
            "m.room.member",
            target,
            json!({"membership": membership}),
        )
    }

    /// Sends an event on a fork and returns its ID.
    ///
    /// # Panics
    /// On invalid user IDs or content that is not a JSON object (a test tool).
    #[track_caller]
    pub fn send(&mut self, fork: &mut Fork, spec: Spec) -> OwnedEventId {
        // The documented contract (`# Panics`): this crate is a test tool,
        // not published; its `Spec`s are literals written by tests and
        // benches, never untrusted input, and `#[track_caller]` points a
        // failure at the caller's line.
        let sender = OwnedUserId::try_from(spec.sender.as_str()).expect("valid sender");
        let content = match CanonicalJsonValue::try_from(spec.content.clone()) {
            Ok(CanonicalJsonValue::Object(o)) => o,
            // Contract: a spec whose content literal is not an object.
            _ => panic!("content must be a canonical JSON object"),
        };
        let is_create = spec.event_type == "m.room.create";
        let auth_events = spec
            .auth_events
            .clone()
            .unwrap_or_else(|| self.select_auth_events(fork, &spec, &content));
        self.ts = spec.ts.unwrap_or(self.ts + 1).max(self.ts);
        let ts = spec.ts.unwrap_or(self.ts);
        self.counter += 1;
        let mut event = TestEvent {
            event_id: OwnedEventId::try_from("$placeholder:x").expect("valid"),
            room_id: if is_create && self.rules.authorization.room_id_is_create_event {
                None
            } else {
                Some(self.room_id_for(&sender))
            },
            sender,
            event_type: spec.event_type.clone(),
            state_key: spec.state_key.clone(),
            content,
            origin_server_ts: ts,
            depth: fork.depth + 1,
            prev_events: fork.prev.clone(),
            auth_events,
            json: CanonicalJsonObject::new(),
        };
        let mut json = event.pdu_json(&self.rules);
        let id = self.event_id(&event, &mut json);
        event.event_id = id.clone();
        event.json = json;
        if is_create && self.room_id.is_none() {
            self.room_id = Some(match id.to_room_id() {
                Some(r) if self.rules.authorization.room_id_is_create_event => r,
                _ => self.room_id_for(&event.sender),
            });
        }
        if let Some(k) = &event.state_key {
            fork.state
                .insert((event.event_type.clone(), k.clone()), id.clone());
        }
        fork.prev = vec![id.clone()];
        fork.depth += 1;
        self.order.push(id.clone());
        self.events.insert(id.clone(), event);
        id
    }

    fn room_id_for(&self, sender: &OwnedUserId) -> OwnedRoomId {
        self.room_id.clone().unwrap_or_else(|| {
            OwnedRoomId::try_from(format!("!room:{}", sender.server_name()).as_str())
                .expect("valid room ID")
        })
    }

    fn event_id(&self, event: &TestEvent, json: &mut CanonicalJsonObject) -> OwnedEventId {
        match self.rules.event_id_format {
            EventIdFormat::Opaque => {
                let id = format!("${}:{}", self.counter, event.sender.server_name());
                json.insert("event_id".into(), id.as_str().into());
                OwnedEventId::try_from(id.as_str()).expect("valid event ID")
            }
            format => {
                let bytes = to_canonical_bytes(&CanonicalJsonValue::Object(json.clone()))
                    .unwrap_or_default();
                let hash = Sha256::digest(&bytes);
                let b64 = match format {
                    EventIdFormat::StandardBase64 => {
                        base64::engine::general_purpose::STANDARD_NO_PAD.encode(hash)
                    }
                    _ => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(hash),
                };
                OwnedEventId::try_from(format!("${b64}").as_str()).expect("valid event ID")
            }
        }
    }

    /// `room-versions.md` §2 auth events selection, from the fork's state.
    fn select_auth_events(
        &self,
        fork: &Fork,
        spec: &Spec,
        content: &CanonicalJsonObject,
    ) -> Vec<OwnedEventId> {
        if spec.event_type == "m.room.create" {
            return Vec::new();
        }
        let get = |t: &str, k: &str| fork.state.get(&(t.to_owned(), k.to_owned())).cloned();
        let mut out = Vec::new();
        if self.rules.authorization.create_in_auth_events {
            out.extend(get("m.room.create", ""));
        }
        out.extend(get("m.room.power_levels", ""));
        out.extend(get("m.room.member", &spec.sender));
        if spec.event_type == "m.room.member"
            && let Some(target) = &spec.state_key
        {
            if target != &spec.sender {
                out.extend(get("m.room.member", target));
            }
            let membership = content.get("membership").and_then(|m| m.as_str());
            if matches!(membership, Some("join" | "invite" | "knock")) {
                out.extend(get("m.room.join_rules", ""));
            }
        }
        out
    }

    /// Every event, by ID.
    pub fn events(&self) -> &HashMap<OwnedEventId, TestEvent> {
        &self.events
    }

    /// Every event, by ID, consuming the room.
    pub fn into_events(self) -> HashMap<OwnedEventId, TestEvent> {
        self.events
    }

    /// An event by ID.
    pub fn get(&self, id: &OwnedEventId) -> Option<&TestEvent> {
        self.events.get(id)
    }

    /// Event IDs in the order they were sent.
    pub fn order(&self) -> &[OwnedEventId] {
        &self.order
    }

    /// A new fork whose next event follows the heads of all `forks`, with the
    /// given state (typically their resolved state).
    pub fn merge(&self, forks: &[&Fork], state: StateMap) -> Fork {
        Fork {
            state,
            prev: forks.iter().flat_map(|f| f.prev.iter().cloned()).collect(),
            depth: forks.iter().map(|f| f.depth).max().unwrap_or(0),
        }
    }
}
