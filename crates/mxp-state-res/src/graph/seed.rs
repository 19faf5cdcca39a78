//! A graph seeded from a [`RoomEvents`] store: every stored event starts
//! interned and loaded.

use super::{Graph, Node, Seed, UNSEARCHED};
use crate::budget::Meter;
use crate::hash::FoldState;
use crate::store::RoomEvents;
use crate::{EventSource, ResolveError};

impl<'a, S: EventSource> Graph<'a, S, FoldState> {
    /// A graph that starts with every event of `store` interned and loaded
    /// (its facts and auth events read when it was added), so that
    /// resolution reads the caller's events only to check the state sets'
    /// keys and for the authorization checks. Costs one step of the budget per stored event and link (the
    /// walks over them are not charged again), and a copy of the store's
    /// tables.
    pub(crate) fn seeded(
        source: &'a S,
        store: &'a RoomEvents<S::Event>,
        mut meter: Meter,
    ) -> Result<Self, ResolveError> {
        let parts = store.parts();
        meter.spend(parts.nodes.len() as u64 + parts.edges.len() as u64)?;
        // Exact: resolution interns no event the store lacks but to report
        // it missing (`Graph::reserve` adds no room to a seeded graph).
        let mut nodes = Vec::with_capacity(parts.nodes.len());
        nodes.extend(parts.nodes.iter().zip(parts.ids).zip(parts.rejections).map(
            |((n, id), &rejection)| {
                // The event's address, not its memory: a large store's
                // events are mostly not read by a resolution.
                let (id, event) = (id.as_id(), parts.events.get(n.event as usize));
                Node {
                    id,
                    event,
                    expanded: event.is_some(),
                    kind: n.facts.kind,
                    membership: n.facts.membership,
                    power: n.facts.power,
                    authoriser: n.facts.authoriser,
                    self_target: n.facts.self_target,
                    edges_fetched: false,
                    edges_start: n.edges_start,
                    edges_len: n.edges_len,
                    depth: n.depth,
                    ts: n.ts,
                    pl_auth: UNSEARCHED,
                    rejection,
                }
            },
        ));
        let mut graph = Graph::with_table(
            source,
            parts.rules,
            meter,
            parts.hasher,
            parts.table.to_vec(),
        );
        graph.nodes = nodes;
        graph.edges = parts.edges.to_vec();
        graph.seed = Some(Seed {
            state_keys: parts.state_keys,
            powers: parts.powers,
        });
        Ok(graph)
    }
}
