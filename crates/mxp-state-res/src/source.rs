//! What the caller provides: events by ID and the state sets.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use mxp_events::Event;
use mxp_ids::{EventId, OwnedEventId};

use crate::RoomEvents;

/// Why an event was rejected on receipt (`room-versions.md`, checks on receipt).
///
/// Resolution treats the two differently, as the spec says:
/// - [`Rejection::AuthEvents`] (check 4): the event never takes part
///   (`SR-v2-R2`); if it shows up anyway it is skipped by the iterative auth
///   checks (incident `P1-46`).
/// - [`Rejection::StateBefore`] (check 5): the event is re-checked like any
///   other and may enter the resolved state (`SR-v2-R1`).
///   > Synapse deviates here and skips every rejected event; mxp follows the spec.
///
/// A rejected event of either kind is never used as a fallback auth event in
/// the iterative auth checks (`SR-v2-R3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rejection {
    /// Failed the authorization rules against its own auth events (check 4).
    AuthEvents,
    /// Passed against its auth events but failed against the state before it
    /// (check 5).
    StateBefore,
}

/// Where resolution reads events from. Implemented by the caller over whatever
/// storage it has; resolution does no I/O.
///
/// Implemented for `HashMap<OwnedEventId, E>` and `BTreeMap<OwnedEventId, E>`.
///
/// ```
/// use std::collections::HashMap;
/// use mxp_events::Event;
/// use mxp_ids::{EventId, OwnedEventId};
/// use mxp_state_res::{EventSource, Rejection};
///
/// struct Store<E> {
///     events: HashMap<OwnedEventId, E>,
///     rejected: HashMap<OwnedEventId, Rejection>,
/// }
///
/// impl<E: Event> EventSource for Store<E> {
///     type Event = E;
///     fn event(&self, id: &EventId) -> Option<&E> {
///         self.events.get(id)
///     }
///     fn rejection(&self, id: &EventId) -> Option<Rejection> {
///         self.rejected.get(id).copied()
///     }
/// }
/// ```
pub trait EventSource {
    /// The event type.
    type Event: Event;

    /// The event with this ID, if the caller has it.
    ///
    /// Resolution may ask for an event before it needs it (on large inputs
    /// it looks up a batch of upcoming events together, so that their cache
    /// misses overlap), may ask for one event more than once, and may reuse
    /// an answer it got instead of asking again. So the same ID must give
    /// the same answer for the whole of one resolution, as it does for any
    /// map.
    fn event(&self, id: &EventId) -> Option<&Self::Event>;

    /// Whether (and how) the event was rejected. Defaults to "not rejected".
    fn rejection(&self, id: &EventId) -> Option<Rejection> {
        let _ = id;
        None
    }

    /// The precomputed auth chain of the event (`SR-v2-D3`: every event
    /// reachable through `auth_events`, the event itself excluded), if the
    /// caller keeps one. Defaults to `None`: resolution walks `auth_events`
    /// itself. A wrong chain gives a wrong answer, so only return exact chains.
    ///
    /// Chains are used only when given for the state sets' events; they
    /// spare the walk through `auth_events`, but every event of the auth
    /// difference is still looked up with [`EventSource::event`]. So they pay
    /// when the sets share much history beyond the difference, and cost about
    /// as much as the walk when the difference is most of the room.
    fn auth_chain(&self, id: &EventId) -> Option<&[OwnedEventId]> {
        let _ = id;
        None
    }

    /// Not for implementors: how resolution recognises a [`RoomEvents`]
    /// (directly or through references), whose events it finds loaded.
    #[doc(hidden)]
    fn room_events(&self) -> Option<&RoomEvents<Self::Event>> {
        None
    }
}

impl<E: Event, S: BuildHasher> EventSource for HashMap<OwnedEventId, E, S> {
    type Event = E;
    fn event(&self, id: &EventId) -> Option<&E> {
        self.get(id)
    }
}

impl<E: Event> EventSource for BTreeMap<OwnedEventId, E> {
    type Event = E;
    fn event(&self, id: &EventId) -> Option<&E> {
        self.get(id)
    }
}

impl<T: EventSource + ?Sized> EventSource for &T {
    type Event = T::Event;
    fn event(&self, id: &EventId) -> Option<&Self::Event> {
        (**self).event(id)
    }
    fn rejection(&self, id: &EventId) -> Option<Rejection> {
        (**self).rejection(id)
    }
    fn auth_chain(&self, id: &EventId) -> Option<&[OwnedEventId]> {
        (**self).auth_chain(id)
    }
    fn room_events(&self) -> Option<&RoomEvents<Self::Event>> {
        (**self).room_events()
    }
}

/// One input state: a map from `(event type, state key)` to an event ID
/// (`SR-0.1`). Each key appears at most once.
///
/// Implemented for `BTreeMap` and `HashMap` keyed by `(String, String)` with
/// [`OwnedEventId`] or `&EventId` values, and for references to them.
pub trait StateSet {
    /// The entries, in any order: `(event type, state key, event ID)`.
    fn entries(&self) -> impl Iterator<Item = (&str, &str, &EventId)>;
}

impl StateSet for BTreeMap<(String, String), OwnedEventId> {
    fn entries(&self) -> impl Iterator<Item = (&str, &str, &EventId)> {
        self.iter()
            .map(|((t, k), id)| (t.as_str(), k.as_str(), id.as_id()))
    }
}

impl<S: BuildHasher> StateSet for HashMap<(String, String), OwnedEventId, S> {
    fn entries(&self) -> impl Iterator<Item = (&str, &str, &EventId)> {
        self.iter()
            .map(|((t, k), id)| (t.as_str(), k.as_str(), id.as_id()))
    }
}

impl StateSet for BTreeMap<(String, String), &EventId> {
    fn entries(&self) -> impl Iterator<Item = (&str, &str, &EventId)> {
        self.iter()
            .map(|((t, k), id)| (t.as_str(), k.as_str(), *id))
    }
}

impl<S: BuildHasher> StateSet for HashMap<(String, String), &EventId, S> {
    fn entries(&self) -> impl Iterator<Item = (&str, &str, &EventId)> {
        self.iter()
            .map(|((t, k), id)| (t.as_str(), k.as_str(), *id))
    }
}

impl<T: StateSet + ?Sized> StateSet for &T {
    fn entries(&self) -> impl Iterator<Item = (&str, &str, &EventId)> {
        (**self).entries()
    }
}
