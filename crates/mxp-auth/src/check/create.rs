//! Rule `create` (1.x): the `m.room.create` event, decided without state.

use mxp_events::Event;
use mxp_events::content::CreateContent;
use mxp_room_versions::{Creators, RoomVersionRules};

use crate::outcome::{Decision, reject};
use crate::rule::Rule;

pub(crate) fn check<E: Event + ?Sized>(rules: &RoomVersionRules, event: &E) -> Decision {
    // create.prev_events
    if let Some(first) = event.prev_events().first() {
        reject!(
            Rule::CreatePrevEvents,
            "a create event must have no prev_events, it has {} (first {first})",
            event.prev_events().len()
        );
    }
    if rules.authorization.room_id_is_create_event {
        // create.no_room_id (v12): the room ID is derived from this event's ID.
        if let Some(room_id) = event.room_id() {
            reject!(
                Rule::CreateNoRoomId,
                "a v12 create event must not carry a room_id, it has {room_id}"
            );
        }
    } else {
        // create.room_id_domain (v1–v11): full server names, ports included, case-sensitive.
        let sender_server = event.sender().server_name();
        match event.room_id().map(|r| (r, r.server_name())) {
            None => reject!(Rule::CreateRoomIdDomain, "the create event has no room_id"),
            Some((r, None)) => reject!(
                Rule::CreateRoomIdDomain,
                "room_id {r} has no server name, so it cannot match the sender's {sender_server}"
            ),
            Some((r, Some(s))) if s.as_str() != sender_server.as_str() => reject!(
                Rule::CreateRoomIdDomain,
                "room_id {r} is on server {s}, the sender on {sender_server}"
            ),
            Some(_) => {}
        }
    }
    let content = CreateContent::new(event.content());
    // create.room_version: absent means "1"; a value that is not a valid room
    // version identifier is as unrecognised as an unknown one.
    match content.room_version() {
        Err(e) => reject!(Rule::CreateRoomVersion, "content.room_version: {e}"),
        Ok(v) if RoomVersionRules::get(v).is_err() => {
            reject!(
                Rule::CreateRoomVersion,
                "room version {v:?} is not one this implementation recognises"
            )
        }
        Ok(_) => {}
    }
    // create.additional_creators (v12)
    if rules.authorization.additional_creators
        && let Err(e) = content.validate_additional_creators()
    {
        reject!(
            Rule::CreateAdditionalCreators,
            "content.additional_creators: {e}"
        );
    }
    // create.creator (v1–v10): only the key's presence is tested.
    if rules.authorization.creators == Creators::ContentCreator && !content.has_creator() {
        reject!(Rule::CreateCreator, "content has no creator key");
    }
    Ok(Rule::CreateAllow)
}
