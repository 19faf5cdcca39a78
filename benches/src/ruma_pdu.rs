//! ruma's side of the comparison: the same PDUs, converted to a type that
//! implements `ruma_state_res::Event`, plus what ruma leaves to its caller
//! (auth chains and, for v2.1, the conflicted state subgraph).
//!
//! Everything here runs outside the timed regions.

use std::collections::{HashMap, HashSet};

use js_int::UInt;
use ruma_common::{
    EventId, MilliSecondsSinceUnixEpoch, OwnedEventId, OwnedRoomId, OwnedUserId, RoomId, UserId,
};
use ruma_events::{StateEventType, TimelineEventType};
use ruma_state_res::utils::event_id_set::EventIdSet;
use ruma_state_res::{Event, StateMap};
use serde_json::Value;
use serde_json::value::RawValue;

/// A PDU as ruma's state resolution and auth checks read it: the fields of
/// `ruma_state_res::Event`, owned, with the content kept as raw JSON (ruma
/// deserializes the parts it needs lazily, on every check).
#[derive(Debug, Clone)]
pub struct RumaPdu {
    event_id: OwnedEventId,
    room_id: Option<OwnedRoomId>,
    sender: OwnedUserId,
    origin_server_ts: MilliSecondsSinceUnixEpoch,
    event_type: TimelineEventType,
    state_key: Option<String>,
    content: Box<RawValue>,
    prev_events: Vec<OwnedEventId>,
    auth_events: Vec<OwnedEventId>,
    redacts: Option<OwnedEventId>,
}

/// Why a JSON PDU could not be converted.
#[derive(Debug)]
pub struct ConvertError(pub String);

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConvertError {}

fn field<'a>(json: &'a Value, key: &str) -> Result<&'a Value, ConvertError> {
    json.get(key)
        .ok_or_else(|| ConvertError(format!("missing `{key}`")))
}

fn str_field<'a>(json: &'a Value, key: &str) -> Result<&'a str, ConvertError> {
    field(json, key)?
        .as_str()
        .ok_or_else(|| ConvertError(format!("`{key}` is not a string")))
}

fn id_list(json: &Value, key: &str) -> Result<Vec<OwnedEventId>, ConvertError> {
    let Some(list) = json.get(key).and_then(Value::as_array) else {
        return Err(ConvertError(format!("`{key}` is not an array")));
    };
    list.iter()
        .map(|v| {
            // v1–v2 references are `[id, hashes]`; v3+ bare IDs.
            let s = match v {
                Value::String(s) => s.as_str(),
                Value::Array(a) => a.first().and_then(Value::as_str).unwrap_or_default(),
                _ => "",
            };
            ruma_id(s)
        })
        .collect()
}

/// Parses an event ID with ruma.
pub fn ruma_id(s: &str) -> Result<OwnedEventId, ConvertError> {
    EventId::parse(s).map_err(|e| ConvertError(format!("event ID {s:?}: {e}")))
}

impl RumaPdu {
    /// Converts a JSON PDU (as produced by `mxp_testkit`) with its event ID.
    pub fn from_json(event_id: &str, json: &Value) -> Result<Self, ConvertError> {
        let room_id = match json.get("room_id").and_then(Value::as_str) {
            Some(r) => {
                Some(RoomId::parse(r).map_err(|e| ConvertError(format!("room ID {r:?}: {e}")))?)
            }
            None => None,
        };
        let sender = str_field(json, "sender")?;
        let sender =
            UserId::parse(sender).map_err(|e| ConvertError(format!("sender {sender:?}: {e}")))?;
        let ts = field(json, "origin_server_ts")?
            .as_u64()
            .and_then(|t| UInt::try_from(t).ok())
            .ok_or_else(|| ConvertError("bad origin_server_ts".to_owned()))?;
        let content = serde_json::value::to_raw_value(field(json, "content")?)
            .map_err(|e| ConvertError(format!("content: {e}")))?;
        let redacts = match json
            .get("redacts")
            .or_else(|| json.get("content").and_then(|c| c.get("redacts")))
            .and_then(Value::as_str)
        {
            Some(r) => Some(ruma_id(r)?),
            None => None,
        };
        Ok(Self {
            event_id: ruma_id(event_id)?,
            room_id,
            sender,
            origin_server_ts: MilliSecondsSinceUnixEpoch(ts),
            event_type: TimelineEventType::from(str_field(json, "type")?),
            state_key: json
                .get("state_key")
                .and_then(Value::as_str)
                .map(str::to_owned),
            content,
            prev_events: id_list(json, "prev_events")?,
            auth_events: id_list(json, "auth_events")?,
            redacts,
        })
    }
}

impl Event for RumaPdu {
    type Id = OwnedEventId;

    fn event_id(&self) -> &Self::Id {
        &self.event_id
    }
    fn room_id(&self) -> Option<&RoomId> {
        self.room_id.as_deref()
    }
    fn sender(&self) -> &UserId {
        &self.sender
    }
    fn origin_server_ts(&self) -> MilliSecondsSinceUnixEpoch {
        self.origin_server_ts
    }
    fn event_type(&self) -> &TimelineEventType {
        &self.event_type
    }
    fn content(&self) -> &RawValue {
        &self.content
    }
    fn state_key(&self) -> Option<&str> {
        self.state_key.as_deref()
    }
    fn prev_events(&self) -> Box<dyn DoubleEndedIterator<Item = &Self::Id> + '_> {
        Box::new(self.prev_events.iter())
    }
    fn auth_events(&self) -> Box<dyn DoubleEndedIterator<Item = &Self::Id> + '_> {
        Box::new(self.auth_events.iter())
    }
    fn redacts(&self) -> Option<&Self::Id> {
        self.redacts.as_ref()
    }
    fn rejected(&self) -> bool {
        false
    }
}

/// A ruma state map from `(type, state_key)` pairs of event ID strings.
pub fn ruma_state_map<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
) -> Result<StateMap<OwnedEventId>, ConvertError> {
    entries
        .into_iter()
        .map(|(t, k, id)| Ok(((StateEventType::from(t), k.to_owned()), ruma_id(id)?)))
        .collect()
}

/// Every event of a room, converted, by ID: ruma's `fetch_event` reads this.
#[derive(Debug, Default, Clone)]
pub struct RumaStore {
    /// The events by ID.
    pub events: HashMap<OwnedEventId, RumaPdu>,
}

impl RumaStore {
    /// Converts `(event ID, JSON PDU)` pairs.
    pub fn from_pdus<'a>(
        pdus: impl IntoIterator<Item = (&'a str, &'a Value)>,
    ) -> Result<Self, ConvertError> {
        let events = pdus
            .into_iter()
            .map(|(id, json)| {
                let pdu = RumaPdu::from_json(id, json)?;
                Ok((pdu.event_id.clone(), pdu))
            })
            .collect::<Result<_, ConvertError>>()?;
        Ok(Self { events })
    }

    /// ruma's `fetch_event`.
    pub fn get(&self, id: &EventId) -> Option<&RumaPdu> {
        self.events.get(id)
    }

    /// The full auth chain of a state set as ruma expects it from its caller:
    /// the state events and everything reachable from them through
    /// `auth_events` (the same reflexive definition ruma's own test factory
    /// and Synapse use).
    pub fn full_auth_chain(&self, state: &StateMap<OwnedEventId>) -> EventIdSet<OwnedEventId> {
        let mut chain = EventIdSet::new();
        let mut stack: Vec<&OwnedEventId> = state.values().collect();
        while let Some(id) = stack.pop() {
            if chain.contains(id) {
                continue;
            }
            if let Some(pdu) = self.events.get(id) {
                stack.extend(pdu.auth_events.iter().filter(|a| !chain.contains(a)));
            }
            chain.insert(id.clone());
        }
        chain
    }

    /// The v2.1 conflicted state subgraph (`SR-v21-1`): every event reachable
    /// through `auth_events` from a conflicted event from which a conflicted
    /// event can be reached, both ends included. Computed by walking forwards
    /// from the conflicted events, then backwards ("cited by") from them within
    /// what was reached.
    pub fn conflicted_subgraph(
        &self,
        conflicted: &StateMap<Vec<OwnedEventId>>,
    ) -> EventIdSet<OwnedEventId> {
        let starts: Vec<&OwnedEventId> = conflicted.values().flatten().collect();
        // Forwards: everything reachable, recording reverse edges.
        let mut reached: HashSet<&EventId> = HashSet::new();
        let mut cited_by: HashMap<&EventId, Vec<&EventId>> = HashMap::new();
        let mut stack: Vec<&EventId> = starts.iter().map(|id| id.as_ref()).collect();
        while let Some(id) = stack.pop() {
            if !reached.insert(id) {
                continue;
            }
            if let Some(pdu) = self.events.get(id) {
                for auth in &pdu.auth_events {
                    cited_by.entry(auth.as_ref()).or_default().push(id);
                    stack.push(auth.as_ref());
                }
            }
        }
        // Backwards from the conflicted events, within the reached set.
        let mut subgraph = EventIdSet::new();
        let mut stack: Vec<&EventId> = starts.iter().map(|id| id.as_ref()).collect();
        while let Some(id) = stack.pop() {
            if subgraph.contains(id) {
                continue;
            }
            subgraph.insert(id.to_owned());
            if let Some(citers) = cited_by.get(id) {
                stack.extend(citers.iter().filter(|c| !subgraph.contains(c)));
            }
        }
        subgraph
    }
}

/// The conflicted state set of some state maps (ruma computes it inside
/// `resolve` too; the benches use this only to precompute the subgraph it
/// asks its caller for).
pub fn conflicted_state_set(maps: &[StateMap<OwnedEventId>]) -> StateMap<Vec<OwnedEventId>> {
    let mut all: StateMap<Vec<OwnedEventId>> = StateMap::new();
    for map in maps {
        for (k, v) in map {
            let ids = all.entry(k.clone()).or_default();
            if !ids.contains(v) {
                ids.push(v.clone());
            }
        }
    }
    all.retain(|k, ids| ids.len() > 1 || maps.iter().any(|m| !m.contains_key(k)));
    all
}
