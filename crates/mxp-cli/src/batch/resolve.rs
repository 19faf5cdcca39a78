//! Op `resolve`: state resolution of a list of state sets (`PROTOCOL.md`).
//!
//! Fields: `room_version`; `state_sets`, a list of lists of event IDs;
//! `events`, `{event_id: PDU}` holding every event of the sets and of their
//! auth chains. Each PDU is parsed exactly (the room version's canonical JSON
//! rules and format checks) and takes the ID it is keyed by, in every room
//! version. The answer is the sorted list of the event IDs of the resolved
//! state.

use std::collections::{BTreeMap, HashMap, btree_map::Entry};

use mxp_events::{Event, Pdu};
use mxp_ids::{EventId, OwnedEventId};
use mxp_state_res::ResolveError;
use serde_json::value::RawValue;

use super::{BatchError, Output, Request};

pub(super) fn resolve(req: &Request<'_>) -> Result<Output, BatchError> {
    let version = req.room_version()?;
    let rules = version.rules;
    let raw_sets: Vec<Vec<String>> = req.json("state_sets")?;
    let raw_events: BTreeMap<String, &RawValue> = req.json("events")?;

    let mut events: HashMap<OwnedEventId, Pdu> = HashMap::with_capacity(raw_events.len());
    for (id, raw) in &raw_events {
        let event_id = parse_event_id(id, "events")?;
        let mut json = super::parse_event(raw, rules, &format!("events[{id:?}]"))?;
        // The key is the event's ID in every room version: a v1–v2 PDU's own
        // `event_id` is replaced by it.
        if json.contains_key("event_id") {
            json.insert("event_id".into(), event_id.as_str().into());
        }
        let pdu = Pdu::from_canonical_object(json, Some(&event_id), rules)
            .map_err(|e| BatchError::new("invalid_event", format!("event {id}: {e}")))?;
        events.insert(event_id, pdu);
    }

    let mut sets = Vec::with_capacity(raw_sets.len());
    for (i, ids) in raw_sets.iter().enumerate() {
        let mut set: BTreeMap<(String, String), OwnedEventId> = BTreeMap::new();
        for id in ids {
            let event_id = parse_event_id(id, &format!("state_sets[{i}]"))?;
            let event = events.get(&event_id).ok_or_else(|| {
                error(&ResolveError::MissingEvent {
                    event_id: event_id.clone(),
                })
            })?;
            let Some(state_key) = event.state_key() else {
                return Err(error(&ResolveError::NotAStateEvent { event_id }));
            };
            match set.entry((event.event_type().to_owned(), state_key.to_owned())) {
                Entry::Vacant(v) => {
                    v.insert(event_id);
                }
                Entry::Occupied(o) if *o.get() == event_id => {}
                Entry::Occupied(o) => {
                    return Err(BatchError::bad_request(format!(
                        "state_sets[{i}] holds two events for ({:?}, {:?}): {} and {event_id}",
                        o.key().0,
                        o.key().1,
                        o.get()
                    )));
                }
            }
        }
        sets.push(set);
    }

    let resolved = mxp_state_res::resolve(rules, &sets, &events).map_err(|e| error(&e))?;
    let mut ids: Vec<&str> = resolved.iter().map(|(_, id)| id.as_str()).collect();
    ids.sort_unstable();
    Ok(Output::Json(ids.into()))
}

fn parse_event_id(id: &str, field: &str) -> Result<OwnedEventId, BatchError> {
    EventId::parse(id).map(ToOwned::to_owned).map_err(|e| {
        BatchError::new(
            "invalid_identifier",
            format!("{field}: event ID {id:?}: {e}"),
        )
    })
}

/// A resolution error as a batch error with a stable kind.
fn error(e: &ResolveError) -> BatchError {
    let kind = match e {
        ResolveError::MissingEvent { .. } => "missing_event",
        ResolveError::AuthCycle { .. } => "auth_cycle",
        ResolveError::NotAStateEvent { .. } => "not_a_state_event",
        ResolveError::KeyMismatch { .. } => "key_mismatch",
        ResolveError::BudgetExceeded { .. } => "budget_exceeded",
        _ => "resolution_failed",
    };
    BatchError::new(kind, e.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    fn id(name: &str) -> String {
        format!("${name:A<43}")
    }

    fn pdu(
        name: &str,
        sender: &str,
        t: &str,
        key: &str,
        content: Value,
        ts: i64,
        auth: &[&str],
    ) -> (String, Value) {
        let auth: Vec<String> = auth.iter().map(|a| id(a)).collect();
        (
            id(name),
            json!({
                "room_id": "!room:a.example", "sender": sender, "type": t, "state_key": key,
                "content": content, "origin_server_ts": ts, "depth": ts,
                "prev_events": [], "auth_events": auth,
                "hashes": {"sha256": "aGFzaA"}, "signatures": {},
            }),
        )
    }

    fn run(request: Value) -> Value {
        let mut out = Vec::new();
        crate::run_batch(format!("{request}\n").as_bytes(), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    fn room() -> serde_json::Map<String, Value> {
        let alice = "@alice:a.example";
        [
            pdu(
                "create",
                alice,
                "m.room.create",
                "",
                json!({"room_version": "11"}),
                1,
                &[],
            ),
            pdu(
                "alice",
                alice,
                "m.room.member",
                alice,
                json!({"membership": "join"}),
                2,
                &["create"],
            ),
            pdu(
                "pl",
                alice,
                "m.room.power_levels",
                "",
                json!({"users": {alice: 100}}),
                3,
                &["create", "alice"],
            ),
            pdu(
                "topicA",
                alice,
                "m.room.topic",
                "",
                json!({"topic": "a"}),
                4,
                &["create", "alice", "pl"],
            ),
            pdu(
                "topicB",
                alice,
                "m.room.topic",
                "",
                json!({"topic": "b"}),
                5,
                &["create", "alice", "pl"],
            ),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn resolves_to_sorted_ids() {
        let base = [id("create"), id("alice"), id("pl")];
        let set = |t: &str| {
            let mut s = base.to_vec();
            s.push(id(t));
            s
        };
        let got = run(json!({
            "op": "resolve", "id": 1, "room_version": "11",
            "state_sets": [set("topicA"), set("topicB")], "events": room(),
        }));
        let mut want = set("topicB");
        want.sort();
        assert_eq!(got, json!({"id": 1, "ok": want}));
    }

    #[test]
    fn missing_event_is_an_error() {
        let mut events = room();
        events.remove(&id("pl"));
        let got = run(json!({
            "op": "resolve", "room_version": "11",
            "state_sets": [[id("topicA")], [id("topicB")]], "events": events,
        }));
        assert_eq!(got["error"]["kind"], "missing_event");
    }

    #[test]
    fn bad_fields_are_errors() {
        let got = run(
            json!({"op": "resolve", "room_version": "11", "state_sets": [["nope"]], "events": {}}),
        );
        assert_eq!(got["error"]["kind"], "invalid_identifier");
        let got =
            run(json!({"op": "resolve", "room_version": "99", "state_sets": [], "events": {}}));
        assert_eq!(got["error"]["kind"], "unsupported_room_version");
        let got = run(json!({"op": "resolve", "room_version": "11", "events": {}}));
        assert_eq!(got["error"]["kind"], "missing_field");
    }
}
