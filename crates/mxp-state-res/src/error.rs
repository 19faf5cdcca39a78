//! Why a resolution failed.

use mxp_ids::OwnedEventId;

/// Why [`resolve`](crate::resolve) could not produce a resolved state.
///
/// An event that is merely *unauthorised* is never an error: the iterative auth
/// checks skip it (`SR-v2-D8`). Errors are reserved for input the algorithm
/// cannot work with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// An event of a state set or of an auth chain is not in the event source.
    #[error(
        "event {event_id} is needed for state resolution but the event source does not have it"
    )]
    MissingEvent {
        /// The missing event.
        event_id: OwnedEventId,
    },
    /// Following `auth_events` from this event leads back to it: the events do
    /// not form a DAG.
    #[error("the auth events of {event_id} form a cycle")]
    AuthCycle {
        /// An event on the cycle.
        event_id: OwnedEventId,
    },
    /// A state set maps a key to an event that is not a state event (it has no
    /// `state_key`).
    #[error("state set entry {event_id} is not a state event")]
    NotAStateEvent {
        /// The event.
        event_id: OwnedEventId,
    },
    /// A state set maps a key to an event whose own `type`/`state_key` differ.
    #[error(
        "state set maps ({event_type:?}, {state_key:?}) to {event_id}, whose type or state key differs"
    )]
    KeyMismatch {
        /// The event type of the state set key.
        event_type: String,
        /// The state key of the state set key.
        state_key: String,
        /// The event the key maps to.
        event_id: OwnedEventId,
    },
    /// The walk over the events exceeded the caller's [`Budget`](crate::Budget).
    #[error("state resolution exceeded its budget of {limit} steps")]
    BudgetExceeded {
        /// The budget that was exceeded.
        limit: u64,
    },
    /// More events than the resolver can index (2^32 − 1).
    #[error("too many events for one resolution")]
    TooManyEvents,
}
