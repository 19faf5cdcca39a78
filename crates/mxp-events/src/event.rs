//! The view of an event that the authorization rules and state resolution read.

use mxp_canonical_json::CanonicalJsonObject;
use mxp_ids::{EventId, OwnedEventId, RoomId, UserId};

/// What the authorization rules and state resolution need to read from a PDU.
///
/// The PDU type of this crate implements it; callers with their own event storage can
/// implement it too. Implementations must return already-validated data: the
/// accessors are infallible.
pub trait Event {
    /// The event's ID (carried in v1–v2 PDUs, computed from v3).
    fn event_id(&self) -> &EventId;
    /// The room ID; `None` only for a room version 12 `m.room.create` event.
    fn room_id(&self) -> Option<&RoomId>;
    /// The sender.
    fn sender(&self) -> &UserId;
    /// The event type, e.g. `m.room.member`.
    fn event_type(&self) -> &str;
    /// The state key; `None` for non-state events.
    fn state_key(&self) -> Option<&str>;
    /// The content object.
    fn content(&self) -> &CanonicalJsonObject;
    /// `origin_server_ts`, milliseconds since the Unix epoch.
    fn origin_server_ts(&self) -> i64;
    /// `depth`.
    fn depth(&self) -> i64;
    /// The IDs in `prev_events`, in order.
    fn prev_events(&self) -> &[OwnedEventId];
    /// The IDs in `auth_events`, in order.
    fn auth_events(&self) -> &[OwnedEventId];
    /// The event an `m.room.redaction` redacts, read from where the room
    /// version puts it.
    fn redacts(&self) -> Option<&EventId>;
    /// The whole PDU as received (for signature checks).
    fn json(&self) -> &CanonicalJsonObject;
}

macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<E: Event + ?Sized> Event for $ty {
            fn event_id(&self) -> &EventId { (**self).event_id() }
            fn room_id(&self) -> Option<&RoomId> { (**self).room_id() }
            fn sender(&self) -> &UserId { (**self).sender() }
            fn event_type(&self) -> &str { (**self).event_type() }
            fn state_key(&self) -> Option<&str> { (**self).state_key() }
            fn content(&self) -> &CanonicalJsonObject { (**self).content() }
            fn origin_server_ts(&self) -> i64 { (**self).origin_server_ts() }
            fn depth(&self) -> i64 { (**self).depth() }
            fn prev_events(&self) -> &[OwnedEventId] { (**self).prev_events() }
            fn auth_events(&self) -> &[OwnedEventId] { (**self).auth_events() }
            fn redacts(&self) -> Option<&EventId> { (**self).redacts() }
            fn json(&self) -> &CanonicalJsonObject { (**self).json() }
        }
    )*};
}

forward!(&E, Box<E>, std::sync::Arc<E>, std::rc::Rc<E>);
