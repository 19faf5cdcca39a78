//! A plain event type implementing [`mxp_events::Event`].

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::Event;
use mxp_ids::{EventId, OwnedEventId, OwnedRoomId, OwnedUserId, RoomId, UserId};
use mxp_room_versions::{EventFormat, RoomVersionRules};

/// An event with every field owned; what [`Room`](crate::Room) and
/// [`generate`](crate::generate) produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestEvent {
    /// The event ID.
    pub event_id: OwnedEventId,
    /// The room ID (`None` for a v12 create event).
    pub room_id: Option<OwnedRoomId>,
    /// The sender.
    pub sender: OwnedUserId,
    /// The event type.
    pub event_type: String,
    /// The state key.
    pub state_key: Option<String>,
    /// The content.
    pub content: CanonicalJsonObject,
    /// `origin_server_ts`.
    pub origin_server_ts: i64,
    /// `depth`.
    pub depth: i64,
    /// `prev_events`.
    pub prev_events: Vec<OwnedEventId>,
    /// `auth_events`.
    pub auth_events: Vec<OwnedEventId>,
    /// The PDU as JSON (without `event_id` from v3 on).
    pub json: CanonicalJsonObject,
}

impl TestEvent {
    /// The PDU as a `serde_json::Value`, in the format of the room version
    /// (`[[id, {}]]` references in v1–v2, with `event_id`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::from(CanonicalJsonValue::Object(self.json.clone()))
    }

    /// Builds the JSON of the PDU from the fields.
    pub(crate) fn pdu_json(&self, rules: &RoomVersionRules) -> CanonicalJsonObject {
        let mut o = CanonicalJsonObject::new();
        let refs = |ids: &[OwnedEventId]| -> CanonicalJsonValue {
            CanonicalJsonValue::Array(
                ids.iter()
                    .map(|id| match rules.event_format {
                        EventFormat::V1 => CanonicalJsonValue::Array(vec![
                            id.as_str().into(),
                            CanonicalJsonValue::Object(CanonicalJsonObject::new()),
                        ]),
                        _ => id.as_str().into(),
                    })
                    .collect(),
            )
        };
        o.insert("auth_events".into(), refs(&self.auth_events));
        o.insert("prev_events".into(), refs(&self.prev_events));
        o.insert(
            "content".into(),
            CanonicalJsonValue::Object(self.content.clone()),
        );
        o.insert("depth".into(), CanonicalJsonValue::Integer(self.depth));
        o.insert(
            "origin_server_ts".into(),
            CanonicalJsonValue::Integer(self.origin_server_ts),
        );
        o.insert("sender".into(), self.sender.as_str().into());
        o.insert("origin".into(), self.sender.server_name().as_str().into());
        o.insert("type".into(), self.event_type.as_str().into());
        if let Some(k) = &self.state_key {
            o.insert("state_key".into(), k.as_str().into());
        }
        if let Some(r) = &self.room_id {
            o.insert("room_id".into(), r.as_str().into());
        }
        let mut hashes = CanonicalJsonObject::new();
        hashes.insert("sha256".into(), "".into());
        o.insert("hashes".into(), CanonicalJsonValue::Object(hashes));
        o.insert(
            "signatures".into(),
            CanonicalJsonValue::Object(CanonicalJsonObject::new()),
        );
        o
    }
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
        self.origin_server_ts
    }
    fn depth(&self) -> i64 {
        self.depth
    }
    fn prev_events(&self) -> &[OwnedEventId] {
        &self.prev_events
    }
    fn auth_events(&self) -> &[OwnedEventId] {
        &self.auth_events
    }
    fn redacts(&self) -> Option<&EventId> {
        None
    }
    fn json(&self) -> &CanonicalJsonObject {
        &self.json
    }
}

// The builders below panic on invalid IDs or content by design: they take
// literals written by test authors (never untrusted input) and a typo should
// fail the test at once, at the test's own line (`#[track_caller]`). The
// crate is not published (see the crate docs).
impl TestEvent {
    /// A free-standing event with a chosen ID (any valid event ID, e.g.
    /// `$a:example.org`), for tests that need exact IDs. Room `!room:example.org`,
    /// depth 1, timestamp 0, no references; chain the setters to change them.
    ///
    /// # Panics
    /// On invalid IDs or non-object content (a test tool).
    #[track_caller]
    pub fn build(
        id: &str,
        sender: &str,
        event_type: &str,
        state_key: Option<&str>,
        content: serde_json::Value,
    ) -> Self {
        // The panics of the builders are their contract (see `# Panics`):
        // this crate is a test tool, not published; its callers are tests
        // and benches passing literals, never untrusted input, and
        // `#[track_caller]` points a failure at the test's line.
        let content = match CanonicalJsonValue::try_from(content) {
            Ok(CanonicalJsonValue::Object(o)) => o,
            // Contract: a test's content literal that is not an object.
            _ => panic!("content must be a canonical JSON object"),
        };
        let mut e = TestEvent {
            // Contract: a test's malformed ID literals fail here.
            event_id: OwnedEventId::try_from(id).expect("valid event ID"),
            room_id: Some(mxp_ids::room_id!("!room:example.org").to_owned()),
            sender: OwnedUserId::try_from(sender).expect("valid user ID"),
            event_type: event_type.to_owned(),
            state_key: state_key.map(str::to_owned),
            content,
            origin_server_ts: 0,
            depth: 1,
            prev_events: Vec::new(),
            auth_events: Vec::new(),
            json: CanonicalJsonObject::new(),
        };
        e.json = e.pdu_json(&RoomVersionRules::V11);
        e
    }

    /// Sets `origin_server_ts`.
    pub fn ts(mut self, ts: i64) -> Self {
        self.origin_server_ts = ts;
        self
    }

    /// Sets `depth`.
    pub fn depth(mut self, depth: i64) -> Self {
        self.depth = depth;
        self
    }

    /// Sets `auth_events`.
    ///
    /// # Panics
    /// On invalid IDs.
    #[track_caller]
    pub fn auth(mut self, ids: &[&str]) -> Self {
        self.auth_events = event_ids(ids);
        self
    }

    /// Sets `prev_events`.
    ///
    /// # Panics
    /// On invalid IDs.
    #[track_caller]
    pub fn prev(mut self, ids: &[&str]) -> Self {
        self.prev_events = event_ids(ids);
        self
    }

    /// Sets the room ID.
    ///
    /// # Panics
    /// On an invalid ID.
    #[track_caller]
    pub fn room(mut self, room_id: Option<&str>) -> Self {
        // The builders' contract (`# Panics`, see `build`): a test passing a
        // malformed literal fails here, at its own line.
        self.room_id = room_id.map(|r| OwnedRoomId::try_from(r).expect("valid room ID"));
        self
    }
}

/// The event IDs `ids`, for the builders.
///
/// # Panics
/// On an invalid ID: the builders' contract (see [`TestEvent::build`]); a
/// test passing a malformed literal fails here, at its own line (a loop,
/// not a closure, so `#[track_caller]` reaches the test).
#[track_caller]
fn event_ids(ids: &[&str]) -> Vec<OwnedEventId> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(OwnedEventId::try_from(*id).expect("valid event ID"));
    }
    out
}
