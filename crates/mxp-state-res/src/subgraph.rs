//! The conflicted state subgraph of state resolution v2.1 (`SR-v21-1`).

use std::hash::BuildHasher;

use crate::auth_chain::topological_walk;
use crate::graph::{Graph, Ix};
use crate::{EventSource, ResolveError};

/// Every event on an `auth_events` path from one conflicted event to another,
/// endpoints included (`SR-v21-1`): the events reachable from a conflicted
/// event (walk 1) from which a conflicted event is reachable (computed in
/// post-order, so each event's auth events are decided first).
///
/// `conflicted[ix]` says whether `ix` is in the conflicted state set; the
/// result is a membership table sized to the graph.
pub(crate) fn conflicted_subgraph<S, H>(
    graph: &mut Graph<'_, S, H>,
    conflicted: &[Ix],
) -> Result<Vec<bool>, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let post = topological_walk(graph, conflicted)?;
    let mut inside = graph.side_table(false);
    for &c in conflicted {
        inside[c as usize] = true;
    }
    for &ix in &post {
        if !inside[ix as usize] && graph.edges(ix).iter().any(|&a| inside[a as usize]) {
            inside[ix as usize] = true;
        }
    }
    Ok(inside)
}
