//! Power events (`SR-v2-D1`) and the sender power level used to order them
//! (`SR-N1`, `SR-v21-4`).

use std::hash::BuildHasher;

use mxp_auth::RoomPowerLevels;
use mxp_events::Event;

use crate::graph::{CREATE, Graph, Ix, JOIN_RULES, MEMBER, POWER_LEVELS};
use crate::{EventSource, ResolveError};

/// A sender's power level for ordering: `mxp-auth`'s level, where v12
/// creators are infinite and compare equal to each other (`SR-v21-4`).
pub(crate) use mxp_auth::UserPowerLevel as Power;

/// Whether the event is a power event (`SR-v2-D1`): power levels, join rules,
/// or a kick/ban (a `leave`/`ban` membership sent by someone else).
/// The create event counts too, and the first three only with state key `""`,
/// as in Synapse and Ruma (the digest's note on `SR-v2-D1`; it only matters
/// for malformed state).
pub(crate) fn is_power_event<E: Event>(event: &E) -> bool {
    let Some(state_key) = event.state_key() else {
        return false;
    };
    match event.event_type() {
        POWER_LEVELS | JOIN_RULES | CREATE => state_key.is_empty(),
        MEMBER => {
            matches!(membership(event), Some("leave" | "ban"))
                && event.sender().as_str() != state_key
        }
        _ => false,
    }
}

/// `content.membership`, if a string.
pub(crate) fn membership<E: Event>(event: &E) -> Option<&str> {
    event.content().get("membership")?.as_str()
}

/// The power level of the sender of `ix`, read from its own auth events
/// (`SR-N1`) through `mxp-auth`'s power levels view: the `users` entry or
/// `users_default` of its power-levels auth event, else 100 for a creator
/// (v1–v11) and 0 for anyone else; v12 creators are infinite whatever the
/// power levels say (`SR-v21-4`). The view reads the one `users` entry it
/// needs, so a large `users` map costs a map lookup, not a parse.
pub(crate) fn sender_power<S, H>(graph: &mut Graph<'_, S, H>, ix: Ix) -> Result<Power, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let event = graph.load(ix)?;
    let create = graph.auth_event_of_type(ix, CREATE, "")?;
    let pl = graph.auth_event_of_type(ix, POWER_LEVELS, "")?;
    let create = create.and_then(|c| graph.event(c));
    let pl = pl.and_then(|p| graph.event(p));
    let levels = RoomPowerLevels::from_events(&graph.rules, create, pl);
    // An unreadable value can only come from a power levels event that the
    // power levels rule would have rejected on receipt; order it like 0.
    Ok(levels.user_level(event.sender()).unwrap_or(Power::Int(0)))
}
