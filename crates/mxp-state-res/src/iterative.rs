//! The iterative auth checks (`SR-v2-D8`) and the seam to the authorization
//! rules.

use std::hash::BuildHasher;

use mxp_events::Event;
use mxp_room_versions::RoomVersionRules;

use crate::graph::{Graph, Ix, NONE};
use crate::keys::Keys;
use crate::{EventSource, Rejection, ResolveError};

/// The authorization check used inside resolution: does `event` pass the
/// state-dependent authorization rules (`SR-N4`) against the state `state`
/// returns for each `(type, state_key)` it asks for?
pub(crate) trait Authorize {
    /// Whether the event is allowed.
    fn authorize<'e, E: Event>(
        &self,
        rules: &RoomVersionRules,
        event: &'e E,
        state: &dyn Fn(&str, &str) -> Option<&'e E>,
    ) -> bool;
}

/// Where a missing key of the state being built is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fallback {
    /// The event's own non-rejected auth events (`SR-v2-D8`, incident `P1-47`).
    AuthEvents,
    /// Nowhere: v1 checks against `R` only.
    None,
}

/// Checks `event` against the state in `keys` (`current` values), with the
/// given fallback. Returns whether it passes.
pub(crate) fn check_one<S, H, A>(
    graph: &mut Graph<'_, S, H>,
    keys: &Keys<'_, H>,
    authorizer: &A,
    ix: Ix,
    fallback: Fallback,
) -> Result<bool, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
    A: Authorize,
{
    graph.meter.spend(1)?;
    let event = graph.load(ix)?;
    if fallback == Fallback::AuthEvents {
        let range = graph.load_edges(ix)?;
        for i in range.next..range.end {
            let a = graph.edge_at(i);
            graph.fetch(a)?;
        }
    }
    let graph = &*graph;
    let lookup = |t: &str, k: &str| {
        let cur = keys.current(t, k);
        if cur != NONE {
            return graph.event(cur);
        }
        if fallback == Fallback::None {
            return None;
        }
        // SR-v2-D8 / SR-N5: the event's own auth event for the key, unless
        // rejected (SR-v2-R3).
        graph.edges(ix).iter().find_map(|&a| {
            let e = graph.event(a)?;
            (e.event_type() == t && e.state_key() == Some(k) && graph.rejection(a).is_none())
                .then_some(e)
        })
    };
    Ok(authorizer.authorize(&graph.rules, event, &lookup))
}

/// `SR-v2-D8`: checks each event of `order` against the state being built in
/// `keys`, setting its key when it passes, skipping it when it fails.
/// Non-state events and events rejected against their own auth events
/// (`SR-v2-R2`, incident `P1-46`) are skipped; events rejected only against the
/// state before them are re-checked like any other (`SR-v2-R1`).
pub(crate) fn iterative_auth_checks<'a, S, H, A>(
    graph: &mut Graph<'a, S, H>,
    keys: &mut Keys<'a, H>,
    authorizer: &A,
    order: &[Ix],
) -> Result<(), ResolveError>
where
    S: EventSource,
    H: BuildHasher,
    A: Authorize,
{
    for &ix in order {
        let event = graph.load(ix)?;
        let Some(state_key) = event.state_key() else {
            continue;
        };
        if graph.rejection(ix) == Some(Rejection::AuthEvents) {
            continue;
        }
        if check_one(graph, keys, authorizer, ix, Fallback::AuthEvents)? {
            keys.set_current(event.event_type(), state_key, ix);
        }
    }
    Ok(())
}
