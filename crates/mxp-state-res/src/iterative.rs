//! The iterative auth checks (`SR-v2-D8`) and the seam to the authorization
//! rules.

use std::cell::Cell;
use std::hash::BuildHasher;

use mxp_auth::StateLookup;
use mxp_events::Event;
use mxp_events::content::{JoinRule, JoinRulesContent, MemberContent, Membership};
use mxp_room_versions::RoomVersionRules;

use crate::graph::{Graph, Ix, MEMBER, NONE, WARM_BATCH, join_rule, kind, membership};
use crate::keys::{FIXED_CREATE, FIXED_JOIN_RULES, FIXED_KEYS, Keys, fixed_index};
use crate::{EventSource, Rejection, ResolveError};

/// The authorization check used inside resolution: does `event` pass the
/// state-dependent authorization rules (`SR-N4`) against `state`?
pub(crate) trait Authorize {
    /// Whether the event is allowed.
    fn authorize<L: StateLookup + ?Sized>(
        &self,
        rules: &RoomVersionRules,
        event: &L::Event,
        state: &L,
    ) -> bool;
}

/// The state one event is checked against: the state being built, with the
/// fallback for missing keys. Memberships come from the bytes read when each
/// event was fetched, not from re-reading contents.
struct CheckState<'g, 'a, S: EventSource, H> {
    graph: &'g Graph<'a, S, H>,
    keys: &'g Keys<'a, H>,
    ix: Ix,
    fallback: Fallback,
    /// The checked event's own key and its slot, if known: a member event's
    /// rules read the sender's membership, which is often its own key.
    own: Option<(&'a str, &'a str, u32)>,
    /// The checked event's sender, when it is a member event targeting its
    /// sender: the rules ask for the membership of `event.sender()`, which
    /// is then the own key, recognised without reading the strings.
    own_sender: Option<&'a str>,
    /// Whether the checked event is a member event (its own key then has
    /// the type `m.room.member`).
    own_member: bool,
    /// The create event, once `state_event` has found it: the rule
    /// `federate` asks for it again right after (`create_federates`).
    create: Cell<Ix>,
}

impl<S: EventSource, H: BuildHasher> CheckState<'_, '_, S, H> {
    #[inline]
    fn find(&self, event_type: &str, state_key: &str) -> Option<Ix> {
        if let Some(f) = fixed_index(event_type, state_key) {
            return self.find_fixed(f);
        }
        let cur = match self.own {
            Some((t, k, s)) if k == state_key && t == event_type => self.keys.current_of_slot(s),
            _ => self.keys.current(event_type, state_key),
        };
        if cur != NONE {
            return Some(cur);
        }
        self.fallback(event_type, state_key)
    }

    /// [`CheckState::find`] of the fixed key `f` (see [`fixed_index`]).
    #[inline]
    fn find_fixed(&self, f: usize) -> Option<Ix> {
        let cur = self.keys.current_fixed(f);
        if cur != NONE {
            return Some(cur);
        }
        if self.fallback == Fallback::None {
            return None;
        }
        // SR-v2-D8 / SR-N5, as in `fallback`: the kind byte alone
        // decides a fixed key.
        let k = FIXED_KEYS.get(f)?.1?;
        let graph = self.graph;
        graph.edges(self.ix).iter().copied().find(|&a| {
            graph.kind(a) == k && graph.event(a).is_some() && graph.rejection(a).is_none()
        })
    }

    /// [`CheckState::find`] of `(m.room.member, user)`. The rules pass the
    /// checked event's own strings (its state key, or its sender when it
    /// targets itself), so its own key is recognised by address first,
    /// without reading the strings.
    #[inline]
    fn find_member(&self, user: &str) -> Option<Ix> {
        let own = match self.own {
            Some((_, k, s)) if self.own_member => {
                let by_address =
                    std::ptr::eq(k, user) || self.own_sender.is_some_and(|u| std::ptr::eq(u, user));
                (by_address || k == user).then_some(s)
            }
            _ => None,
        };
        let cur = match own {
            Some(s) => self.keys.current_of_slot(s),
            None => self.keys.current(MEMBER, user),
        };
        if cur != NONE {
            return Some(cur);
        }
        self.fallback(MEMBER, user)
    }

    /// The fallback for a key that is not fixed (those go through
    /// [`CheckState::find_fixed`]) and absent from the state being built.
    #[inline(never)]
    fn fallback(&self, event_type: &str, state_key: &str) -> Option<Ix> {
        if self.fallback == Fallback::None {
            return None;
        }
        // SR-v2-D8 / SR-N5: the event's own auth event for the key, unless
        // rejected (SR-v2-R3).
        // The kind byte settles most candidates without reading the event.
        let graph = self.graph;
        let member = event_type == MEMBER;
        graph.edges(self.ix).iter().copied().find(|&a| {
            let k = graph.kind(a);
            let matches = if member {
                k == kind::MEMBER
                    && graph
                        .event(a)
                        .is_some_and(|e| e.state_key() == Some(state_key))
            } else {
                k != kind::NON_STATE
                    && graph.event(a).is_some_and(|e| {
                        e.event_type() == event_type && e.state_key() == Some(state_key)
                    })
            };
            // Both tests above read the event, so a match is a known event.
            matches && graph.rejection(a).is_none()
        })
    }
}

impl<S: EventSource, H: BuildHasher> StateLookup for CheckState<'_, '_, S, H> {
    type Event = S::Event;

    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&S::Event> {
        let ix = self.find(event_type, state_key)?;
        // Only the key ("m.room.create", "") holds a create-kind event.
        if self.graph.kind(ix) == kind::CREATE {
            self.create.set(ix);
        }
        self.graph.event(ix)
    }

    fn membership(&self, user: &str) -> Option<Membership<'_>> {
        let ix = self.find_member(user)?;
        Some(match self.graph.membership(ix) {
            membership::JOIN => Membership::Join,
            membership::INVITE => Membership::Invite,
            membership::LEAVE => Membership::Leave,
            membership::BAN => Membership::Ban,
            membership::KNOCK => Membership::Knock,
            membership::CUSTOM => {
                let e = self.graph.event(ix)?;
                return MemberContent::new(e.content()).membership()?.ok();
            }
            _ => return None,
        })
    }

    fn checked_membership(&self) -> Option<Membership<'static>> {
        if self.graph.kind(self.ix) != kind::MEMBER {
            return None;
        }
        match self.graph.membership(self.ix) {
            membership::JOIN => Some(Membership::Join),
            membership::INVITE => Some(Membership::Invite),
            membership::LEAVE => Some(Membership::Leave),
            membership::BAN => Some(Membership::Ban),
            membership::KNOCK => Some(Membership::Knock),
            // Absent, not a string, or custom: the rules read the content.
            _ => None,
        }
    }

    fn checked_has_authoriser(&self) -> Option<bool> {
        (self.graph.kind(self.ix) == kind::MEMBER).then(|| self.graph.has_authoriser(self.ix))
    }

    fn checked_self_targeted(&self) -> Option<bool> {
        (self.graph.kind(self.ix) == kind::MEMBER).then(|| self.graph.is_self_target(self.ix))
    }

    fn create_federates(&self) -> Option<bool> {
        let create = match self.create.get() {
            NONE => self.find_fixed(FIXED_CREATE)?,
            ix => ix,
        };
        (self.graph.kind(create) == kind::CREATE).then(|| self.graph.membership(create) != 0)
    }

    fn join_rule(&self) -> JoinRule<'_> {
        let Some(ix) = self.find_fixed(FIXED_JOIN_RULES) else {
            return JoinRule::Invite;
        };
        match self.graph.membership(ix) {
            join_rule::PUBLIC => JoinRule::Public,
            join_rule::INVITE => JoinRule::Invite,
            join_rule::KNOCK => JoinRule::Knock,
            join_rule::RESTRICTED => JoinRule::Restricted,
            join_rule::KNOCK_RESTRICTED => JoinRule::KnockRestricted,
            join_rule::PRIVATE => JoinRule::Private,
            _ => match self.graph.event(ix) {
                None => JoinRule::Invite,
                Some(e) => match JoinRulesContent::new(e.content()).join_rule() {
                    None => JoinRule::Invite,
                    Some(Ok(rule)) => rule,
                    Some(Err(_)) => JoinRule::Custom(""),
                },
            },
        }
    }
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
pub(crate) fn check_one<'a, S, H, A>(
    graph: &mut Graph<'a, S, H>,
    keys: &Keys<'a, H>,
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
        graph.fetch_edges(ix)?;
    }
    let own = event.state_key().and_then(|k| {
        let s = keys.known_slot(ix)?;
        Some((event.event_type(), k, s))
    });
    let own_member = graph.kind(ix) == kind::MEMBER;
    let own_sender = (own_member && graph.is_self_target(ix)).then(|| event.sender().as_str());
    let state = CheckState {
        graph: &*graph,
        keys,
        ix,
        fallback,
        own,
        own_sender,
        own_member,
        create: Cell::new(NONE),
    };
    Ok(authorizer.authorize(&graph.rules, event, &state))
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
    // A batch at a time, warming the caches for it first (see `graph::warm`).
    let warm = graph.warming();
    for batch in order.chunks(WARM_BATCH) {
        if warm {
            graph.warm_checks(batch);
        }
        for &ix in batch {
            check_next(graph, keys, authorizer, ix)?;
        }
    }
    Ok(())
}

/// One event of [`iterative_auth_checks`].
fn check_next<'a, S, H, A>(
    graph: &mut Graph<'a, S, H>,
    keys: &mut Keys<'a, H>,
    authorizer: &A,
    ix: Ix,
) -> Result<(), ResolveError>
where
    S: EventSource,
    H: BuildHasher,
    A: Authorize,
{
    let event = graph.load(ix)?;
    let Some(state_key) = event.state_key() else {
        return Ok(());
    };
    if graph.rejection(ix) == Some(Rejection::AuthEvents) {
        return Ok(());
    }
    if graph.kind(ix) == kind::MEMBER && keys.known_slot(ix).is_none() {
        // A member event usually cites the previous member event of the
        // same user: take that event's slot instead of hashing the key.
        let g = &*graph;
        let cited = g.edges(ix).iter().find_map(|&a| {
            if g.kind(a) != kind::MEMBER {
                return None;
            }
            let s = keys.known_slot(a)?;
            (g.event(a)?.state_key() == Some(state_key)).then_some(s)
        });
        if let Some(s) = cited {
            keys.note_slot(ix, s);
        }
    }
    keys.slot_of_event(ix, event.event_type(), state_key);
    if check_one(graph, keys, authorizer, ix, Fallback::AuthEvents)? {
        keys.set_current_event(ix, event.event_type(), state_key);
    }
    Ok(())
}
