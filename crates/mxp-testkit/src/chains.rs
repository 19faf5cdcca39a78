//! Exact auth chains, as a server with an auth chain index would supply them.

use std::collections::{HashMap, HashSet};

use mxp_ids::{EventId, OwnedEventId};

use crate::TestEvent;

/// The auth chain of each of `ids`: every event reachable from it through
/// `auth_events` (`SR-v2-D3`), the event itself excluded, in walk order.
/// Auth events missing from `events` are listed but not followed.
///
/// ```
/// use mxp_testkit::{Shape, auth_chains, generate};
///
/// let room = generate(&Shape { members: 4, changers: 2, changes: 1, bans: 1, ..Shape::default() });
/// let heads: Vec<_> = room.state_sets[0].values().cloned().collect();
/// let chains = auth_chains(&room.events, heads.iter().map(|id| &**id));
/// assert_eq!(chains.len(), heads.len());
/// // The create event has no auth events; every other state event has some.
/// assert!(chains.values().filter(|c| c.is_empty()).count() == 1);
/// ```
pub fn auth_chains<'a>(
    events: &HashMap<OwnedEventId, TestEvent>,
    ids: impl IntoIterator<Item = &'a EventId>,
) -> HashMap<OwnedEventId, Vec<OwnedEventId>> {
    let mut chains = HashMap::new();
    for id in ids {
        if chains.contains_key(id) {
            continue;
        }
        let mut seen: HashSet<&EventId> = HashSet::new();
        let mut stack: Vec<&EventId> = vec![id];
        let mut chain = Vec::new();
        while let Some(x) = stack.pop() {
            let Some(event) = events.get(x) else { continue };
            for a in &event.auth_events {
                if &**a != id && seen.insert(a) {
                    chain.push(a.clone());
                    stack.push(a);
                }
            }
        }
        chains.insert(id.to_owned(), chain);
    }
    chains
}
