//! The sender power level used to order power events (`SR-N1`, `SR-v21-4`).
//! Which events are power events (`SR-v2-D1`) is read once per event when it
//! is fetched (`graph::classify`).

use std::hash::BuildHasher;

use mxp_auth::RoomPowerLevels;
use mxp_events::Event;
use mxp_room_versions::RoomVersionRules;

use crate::graph::{Graph, Ix, kind};
use crate::{EventSource, ResolveError};

/// A sender's power level for ordering: `mxp-auth`'s level, where v12
/// creators are infinite and compare equal to each other (`SR-v21-4`).
pub(crate) use mxp_auth::UserPowerLevel as Power;

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
    if let Some(p) = graph.seeded_power(ix) {
        return Ok(p);
    }
    let create = graph.auth_event_of_kind(ix, kind::CREATE)?;
    let pl = graph.auth_event_of_kind(ix, kind::POWER_LEVELS)?;
    let create = create.and_then(|c| graph.event(c));
    let pl = pl.and_then(|p| graph.event(p));
    Ok(power_from(&graph.rules, event, create, pl))
}

/// The power level of the sender of `event` given its create and power
/// levels auth events (see [`sender_power`]).
pub(crate) fn power_from<E: Event>(
    rules: &RoomVersionRules,
    event: &E,
    create: Option<&E>,
    pl: Option<&E>,
) -> Power {
    let levels = RoomPowerLevels::from_events(rules, create, pl);
    // An unreadable value can only come from a power levels event that the
    // power levels rule would have rejected on receipt; order it like 0.
    levels.user_level(event.sender()).unwrap_or(Power::Int(0))
}
