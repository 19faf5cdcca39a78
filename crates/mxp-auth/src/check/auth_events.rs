//! State-independent rules on the event's own `auth_events`: `auth_events.*`
//! and, in v12, `room_id_is_create`.

use mxp_events::Event;
use mxp_ids::EventId;
use mxp_room_versions::RoomVersionRules;

use crate::auth_types::{CREATE, auth_types};
use crate::lookup::EventLookup;
use crate::outcome::{Reject, reject};
use crate::rule::Rule;

/// `room_id_is_create` (v12): `!` → `$` of `room_id` names an accepted create event.
pub(crate) fn room_id_is_create<E: Event + ?Sized, A: EventLookup + ?Sized>(
    event: &E,
    lookup: &A,
) -> Result<(), Reject> {
    let Some(room_id) = event.room_id() else {
        reject!(Rule::RoomIdIsCreate, "the event has no room_id");
    };
    let Some(create_id) = room_id.create_event_id() else {
        reject!(
            Rule::RoomIdIsCreate,
            "room_id {room_id} is not a create event's hash"
        );
    };
    match lookup.event(&create_id) {
        None => reject!(
            Rule::RoomIdIsCreate,
            "the create event {create_id} named by room_id is unknown"
        ),
        Some(c) if c.event_type() != CREATE => reject!(
            Rule::RoomIdIsCreate,
            "{create_id}, named by room_id, is an {} event, not m.room.create",
            c.event_type()
        ),
        Some(_) if lookup.is_rejected(&create_id) => {
            reject!(
                Rule::RoomIdIsCreate,
                "the create event {create_id} named by room_id was rejected"
            )
        }
        Some(_) => Ok(()),
    }
}

/// `auth_events.*`, each rule applied to all auth events before the next.
pub(crate) fn check<E: Event + ?Sized, A: EventLookup + ?Sized>(
    rules: &RoomVersionRules,
    event: &E,
    lookup: &A,
) -> Result<(), Reject> {
    let ids = event.auth_events();
    // Every cited event must be known to judge the rules at all.
    for id in ids {
        if lookup.event(id).is_none() {
            reject!(Rule::AuthEvents, "auth event {id} is unknown");
        }
    }
    let get = |id: &EventId| lookup.event(id);
    let pair = |id: &EventId| get(id).map(|e| (e.event_type(), e.state_key()));

    // auth_events.duplicate
    for (i, a) in ids.iter().enumerate() {
        let pa = pair(a);
        if let Some(b) = ids.iter().skip(i + 1).find(|b| pair(b) == pa) {
            let (t, k) = pa.unwrap_or_default();
            reject!(
                Rule::AuthEventsDuplicate,
                "auth events {a} and {b} are both ({t}, {:?})",
                k.unwrap_or_default()
            );
        }
    }
    // auth_events.selection
    let selected = auth_types(rules, event);
    for id in ids {
        let Some(e) = get(id) else { continue };
        let ok = e
            .state_key()
            .is_some_and(|k| selected.contains(e.event_type(), k));
        if !ok {
            reject!(
                Rule::AuthEventsSelection,
                "auth event {id} ({}, {:?}) is not one the auth events selection picks for this event",
                e.event_type(),
                e.state_key()
            );
        }
    }
    // auth_events.rejected
    if let Some(id) = ids.iter().find(|id| lookup.is_rejected(id)) {
        reject!(Rule::AuthEventsRejected, "auth event {id} was rejected");
    }
    // auth_events.has_create (v1–v11)
    if rules.authorization.create_in_auth_events
        && !ids
            .iter()
            .any(|id| get(id).is_some_and(|e| e.event_type() == CREATE))
    {
        reject!(
            Rule::AuthEventsHasCreate,
            "no auth event is the m.room.create event"
        );
    }
    // auth_events.same_room (all versions, MSC4307; incident P1-39)
    for id in ids {
        if let Some(e) = get(id)
            && e.room_id() != event.room_id()
        {
            reject!(
                Rule::AuthEventsSameRoom,
                "auth event {id} is in room {:?}, this event in {:?}",
                e.room_id().map(|r| r.as_str()),
                event.room_id().map(|r| r.as_str())
            );
        }
    }
    Ok(())
}
