//! How the checks read the state and the auth events: traits the caller
//! implements over its own storage. Lookups borrow; none allocates.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash, Hasher};

use mxp_events::Event;
use mxp_events::content::{JoinRule, JoinRulesContent, MemberContent, Membership};
use mxp_ids::EventId;

use crate::auth_types::{JOIN_RULES, MEMBER};

/// The room state an event is checked against, keyed by `(type, state_key)`.
///
/// In room version 12 the create event is not among an event's `auth_events`,
/// but the state must still hold it under `("m.room.create", "")`.
///
/// Implemented for slices and `Vec`s of events (a linear scan, the fastest for
/// the handful of events an auth state holds) and for `BTreeMap`/`HashMap`
/// keyed by `(String, String)` (looked up without allocating).
pub trait StateLookup {
    /// The event type held.
    type Event: Event;

    /// The state event with this type and state key, if any.
    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&Self::Event>;

    /// The `membership` of `user`'s `m.room.member` event in this state:
    /// `None` when there is no such event or its `membership` is absent or not
    /// a string (none of the values the rules test for).
    ///
    /// The default reads the event's content. An implementation that keeps
    /// memberships already parsed may answer from them instead, but must give
    /// exactly the default's answer.
    fn membership(&self, user: &str) -> Option<Membership<'_>> {
        MemberContent::new(self.state_event(MEMBER, user)?.content())
            .membership()?
            .ok()
    }

    /// The join rule of this state, as the rules read it: `invite` when
    /// there is no `m.room.join_rules` event or its `join_rule` is absent
    /// (the Synapse reading; the spec is silent), [`JoinRule::Custom`]`("")`
    /// when it is not a string.
    ///
    /// The default reads the event's content; an override must give exactly
    /// the default's answer.
    fn join_rule(&self) -> JoinRule<'_> {
        match self.state_event(JOIN_RULES, "") {
            None => JoinRule::Invite,
            Some(e) => match JoinRulesContent::new(e.content()).join_rule() {
                None => JoinRule::Invite,
                Some(Ok(rule)) => rule,
                Some(Err(_)) => JoinRule::Custom(""),
            },
        }
    }

    /// The `membership` of the `m.room.member` event being checked, when this
    /// lookup has it already parsed: one of the five values without data.
    /// The default, `None`, makes the rules read the event's content. An
    /// override must give exactly what the content says (it saves a second
    /// read of the content, e.g. in state resolution).
    fn checked_membership(&self) -> Option<Membership<'static>> {
        None
    }

    /// Whether the create event of this state federates (`m.federate` is not
    /// the literal `false`), when this lookup has it already read. The default,
    /// `None`, makes the rules read the create event's content. An override
    /// must give exactly what that content says.
    fn create_federates(&self) -> Option<bool> {
        None
    }

    /// Whether the content of the `m.room.member` event being checked has a
    /// `join_authorised_via_users_server` key (whatever its value), when this
    /// lookup has it already read. The default, `None`, makes the rule
    /// `member.authoriser_signature` read the content. An override must give
    /// exactly what the content says (it spares a read of the caller's
    /// content, e.g. in state resolution).
    fn checked_has_authoriser(&self) -> Option<bool> {
        None
    }

    /// Whether the `m.room.member` event being checked targets its own
    /// sender (its `state_key` equals its `sender`), when this lookup has it
    /// already compared. The default, `None`, makes the rule `member`
    /// compare the two strings. An override must give exactly that
    /// comparison's answer (it spares two reads of the caller's strings per
    /// check, e.g. in state resolution).
    fn checked_self_targeted(&self) -> Option<bool> {
        None
    }
}

/// The events an event cites in `auth_events`, by ID, and which of them were
/// rejected (rule `auth_events.rejected`). In room version 12 it must also hold
/// the room's create event (rule `room_id_is_create`).
pub trait EventLookup {
    /// The event type held.
    type Event: Event;

    /// The event with this ID, if known.
    fn event(&self, id: &EventId) -> Option<&Self::Event>;

    /// Whether the event with this ID was rejected.
    fn is_rejected(&self, id: &EventId) -> bool;
}

impl<T: StateLookup + ?Sized> StateLookup for &T {
    type Event = T::Event;
    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&Self::Event> {
        (**self).state_event(event_type, state_key)
    }
    fn membership(&self, user: &str) -> Option<Membership<'_>> {
        (**self).membership(user)
    }
    fn join_rule(&self) -> JoinRule<'_> {
        (**self).join_rule()
    }
    fn checked_membership(&self) -> Option<Membership<'static>> {
        (**self).checked_membership()
    }
    fn create_federates(&self) -> Option<bool> {
        (**self).create_federates()
    }
    fn checked_has_authoriser(&self) -> Option<bool> {
        (**self).checked_has_authoriser()
    }
    fn checked_self_targeted(&self) -> Option<bool> {
        (**self).checked_self_targeted()
    }
}

impl<T: EventLookup + ?Sized> EventLookup for &T {
    type Event = T::Event;
    fn event(&self, id: &EventId) -> Option<&Self::Event> {
        (**self).event(id)
    }
    fn is_rejected(&self, id: &EventId) -> bool {
        (**self).is_rejected(id)
    }
}

impl<E: Event> StateLookup for [E] {
    type Event = E;
    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&E> {
        self.iter()
            .find(|e| e.event_type() == event_type && e.state_key() == Some(state_key))
    }
}

impl<E: Event> StateLookup for Vec<E> {
    type Event = E;
    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&E> {
        self.as_slice().state_event(event_type, state_key)
    }
}

/// A slice of events, none of them rejected.
impl<E: Event> EventLookup for [E] {
    type Event = E;
    fn event(&self, id: &EventId) -> Option<&E> {
        self.iter().find(|e| e.event_id() == id)
    }
    fn is_rejected(&self, _: &EventId) -> bool {
        false
    }
}

impl<E: Event> EventLookup for Vec<E> {
    type Event = E;
    fn event(&self, id: &EventId) -> Option<&E> {
        self.as_slice().event(id)
    }
    fn is_rejected(&self, _: &EventId) -> bool {
        false
    }
}

/// A `(type, state_key)` key borrowed from either owned strings or `&str`s, so
/// that maps keyed by `(String, String)` can be searched without allocating.
pub trait StateKey {
    /// The event type.
    fn event_type(&self) -> &str;
    /// The state key.
    fn state_key(&self) -> &str;
}

impl StateKey for (String, String) {
    fn event_type(&self) -> &str {
        &self.0
    }
    fn state_key(&self) -> &str {
        &self.1
    }
}

impl StateKey for (&str, &str) {
    fn event_type(&self) -> &str {
        self.0
    }
    fn state_key(&self) -> &str {
        self.1
    }
}

impl<'a> Borrow<dyn StateKey + 'a> for (String, String) {
    fn borrow(&self) -> &(dyn StateKey + 'a) {
        self
    }
}

// Hash and order exactly as `(String, String)` does: field by field, each as `str`.
impl Hash for dyn StateKey + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.event_type().hash(state);
        self.state_key().hash(state);
    }
}

impl PartialEq for dyn StateKey + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.event_type() == other.event_type() && self.state_key() == other.state_key()
    }
}

impl Eq for dyn StateKey + '_ {}

impl PartialOrd for dyn StateKey + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn StateKey + '_ {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.event_type(), self.state_key()).cmp(&(other.event_type(), other.state_key()))
    }
}

impl<E: Event> StateLookup for BTreeMap<(String, String), E> {
    type Event = E;
    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&E> {
        self.get(&(event_type, state_key) as &dyn StateKey)
    }
}

impl<E: Event, S: BuildHasher> StateLookup for HashMap<(String, String), E, S> {
    type Event = E;
    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&E> {
        self.get(&(event_type, state_key) as &dyn StateKey)
    }
}
