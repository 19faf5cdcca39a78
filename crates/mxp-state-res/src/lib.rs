//! Matrix state resolution v1, v2 and v2.1, fast and deterministic.
//!
//! [`resolve`] takes the state sets to merge (maps from `(type, state_key)` to
//! an event ID), an [`EventSource`] to read events from, and the room
//! version's rules, and returns the resolved state. The algorithm follows the
//! room version: v1 for room version 1, v2 for 2–11, v2.1 for 12
//! ([`RoomVersionRules::state_res`]). Authorization checks are those of
//! `mxp-auth`.
//!
//! A server that keeps its rooms' events in a [`RoomEvents`] store (each
//! event read once, when added) resolves large rooms over it two and a half
//! to four times faster than over a map of events: resolution then starts with every
//! event interned and its auth events at hand, and reads events only to
//! check the state sets' keys and for the authorization checks.
//!
//! No I/O, no clock, no async, no global state: a pure function of its inputs.
//! The answer does not depend on the order of the state sets or on hash seeds.
//! Work is bounded by a [`Budget`]. Events are interned to dense indices, so
//! large rooms allocate little; the result borrows from the inputs.
//!
//! Spec: <https://spec.matrix.org/v1.19/rooms/v2/#state-resolution> (rule IDs
//! `SR-*` in comments refer to the project's digest of it).
//!
//! # Resource limits
//!
//! Work is bounded by the [`Budget`] (default 50,000,000 steps, a step being
//! one event loaded, one `auth_events` link followed or one event sorted);
//! past it resolution stops with [`ResolveError::BudgetExceeded`]. Walks are
//! iterative (10,000-long auth chains run on a small stack); cycles and
//! dangling references in auth chains are errors, not hangs. Events are
//! bounded by `mxp-events` (65,536-byte PDUs, 255-byte identifiers, JSON
//! depth 128).
//!
//! # Unverified events (P1-21)
//!
//! Any [`Event`](mxp_events::Event) is accepted, so the signatures of what
//! comes in are the caller's responsibility: store and pass
//! `mxp_events::Verified<Pdu>` (built only by `mxp_events::verify_pdu`) to
//! make an unverified event impossible to feed in.

mod auth_chain;
mod budget;
mod error;
mod graph;
mod hash;
mod iterative;
mod key_table;
mod keys;
mod mainline;
mod power;
mod resolved;
mod sha1;
mod sort;
mod source;
mod store;
mod subgraph;
mod v1;
mod v2;

use mxp_room_versions::{RoomVersionRules, StateResolution};

pub use budget::Budget;
pub use error::ResolveError;
pub use resolved::ResolvedState;
pub use source::{EventSource, Rejection, StateSet};
pub use store::RoomEvents;

use crate::budget::Meter;
use crate::graph::{Graph, NONE};
use crate::hash::FoldState;
use crate::iterative::Authorize;
use crate::keys::group;

/// Resolves `state_sets` with the algorithm of the room version, the default
/// [`Budget`] and a randomly seeded hasher. See [`Resolver`] for the options.
///
/// ```
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_testkit::scenarios::ban_vs_power_levels;
///
/// // Alice bans Bob on one fork while Bob re-sends the power levels on the other.
/// let s = ban_vs_power_levels(RoomVersionRules::V11, "11");
/// let state = mxp_state_res::resolve(&RoomVersionRules::V11, &s.state_sets, s.room.events())?;
/// let bob = state.get("m.room.member", "@bob:b.example").unwrap();
/// let membership = s.room.get(&bob.to_owned()).unwrap().content.get("membership");
/// assert_eq!(membership.and_then(|m| m.as_str()), Some("ban"));
/// # Ok::<(), mxp_state_res::ResolveError>(())
/// ```
pub fn resolve<'a, S, T>(
    rules: &RoomVersionRules,
    state_sets: &'a [T],
    source: &'a S,
) -> Result<ResolvedState<'a>, ResolveError>
where
    S: EventSource,
    T: StateSet,
{
    Resolver::new(rules).resolve(state_sets, source)
}

/// State resolution with options: the [`Budget`] and the hash seed.
///
/// ```
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_state_res::{Budget, Resolver};
/// # use std::collections::{BTreeMap, HashMap};
/// # let events: HashMap<mxp_ids::OwnedEventId, mxp_testkit::TestEvent> = HashMap::new();
/// # let sets: Vec<BTreeMap<(String, String), mxp_ids::OwnedEventId>> = vec![];
///
/// let resolver = Resolver::new(&RoomVersionRules::V11).budget(Budget::new(1_000_000));
/// let state = resolver.resolve(&sets, &events)?;
/// # assert!(state.is_empty());
/// # Ok::<(), mxp_state_res::ResolveError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Resolver {
    rules: RoomVersionRules,
    budget: Budget,
    seed: Option<u64>,
    /// The number of events from which resolution warms the caches
    /// (`graph::warm`); tests vary it.
    warm_min: usize,
}

impl Resolver {
    /// A resolver for a room version, with the default budget and random
    /// hash seeds.
    pub fn new(rules: &RoomVersionRules) -> Self {
        Self {
            rules: *rules,
            budget: Budget::default(),
            seed: None,
            warm_min: graph::WARM_MIN,
        }
    }

    /// Sets the budget.
    pub fn budget(mut self, budget: Budget) -> Self {
        self.budget = budget;
        self
    }

    /// Fixes the seed of the internal hash maps (random by default, which
    /// protects against collision attacks). The result never depends on it;
    /// a fixed seed only makes runs reproducible down to the allocation.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Resolves `state_sets` (`SR-0.3`).
    pub fn resolve<'a, S, T>(
        &self,
        state_sets: &'a [T],
        source: &'a S,
    ) -> Result<ResolvedState<'a>, ResolveError>
    where
        S: EventSource,
        T: StateSet,
    {
        self.resolve_with(state_sets, source, &auth::MxpAuth)
    }

    /// Sets the number of events from which resolution warms the caches
    /// (256 by default). Not for users: tests and the fuzz harness (feature
    /// `fuzzing`) force warming on small inputs, which never reach it
    /// otherwise.
    #[cfg(any(test, feature = "fuzzing"))]
    #[doc(hidden)]
    pub fn warm_min(mut self, events: usize) -> Self {
        self.warm_min = events;
        self
    }

    pub(crate) fn resolve_with<'a, S, T, A>(
        &self,
        state_sets: &'a [T],
        source: &'a S,
        authorizer: &A,
    ) -> Result<ResolvedState<'a>, ResolveError>
    where
        S: EventSource,
        T: StateSet,
        A: Authorize,
    {
        let hasher = match self.seed {
            Some(seed) => FoldState::with_seed(seed),
            None => FoldState::random(),
        };
        // A store made for these rules starts the graph with its events
        // loaded; with other rules it is read as a plain source.
        let mut graph = match source.room_events().filter(|s| *s.rules() == self.rules) {
            Some(store) => Graph::seeded(source, store, Meter::new(self.budget))?,
            None => Graph::new(source, self.rules, Meter::new(self.budget), hasher),
        };
        graph.warm_min = self.warm_min;
        let mut grouped = group(&mut graph, state_sets, hasher)?;
        match self.rules.state_res {
            StateResolution::V1 => v1::resolve_v1(&mut graph, &mut grouped, authorizer)?,
            StateResolution::V2 => {
                v2::resolve_v2(&mut graph, &mut grouped, authorizer, v2::Variant::V2)?
            }
            _ => v2::resolve_v2(&mut graph, &mut grouped, authorizer, v2::Variant::V2_1)?,
        }
        let values = grouped
            .keys
            .slots
            .iter()
            .map(|s| (s.current != NONE).then(|| graph.id(s.current)))
            .collect();
        Ok(ResolvedState::new(grouped.keys.table, values))
    }
}

mod auth;

#[cfg(test)]
mod tests;
