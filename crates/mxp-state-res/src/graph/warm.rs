//! Cache warming: reading the caller's events a batch at a time, ahead of
//! the passes that need them.
//!
//! Resolution is bound by cache misses on the caller's events: each ID,
//! type, state key, sender and content string is a separate heap block,
//! and one event's reads form a chain (the event, then its `auth_events`
//! list, then each ID string). Done one event at a time, the misses queue
//! one behind another. The functions here read the same data for a batch
//! of upcoming events a step at a time (every event's first step, then
//! every event's second step, …): the loads of one step are independent,
//! so the processor overlaps their misses, and the real pass then finds
//! the data in the cache.
//!
//! Warming changes nothing resolution sees: it interns nothing, spends no
//! budget and reports no error (a missing event is left for `fetch` to
//! report). The only state it keeps is [`Graph::stash`], what the source
//! returned for the IDs it looked up, so that `fetch` need not look them
//! up again; the source is borrowed immutably, so those answers stay true.

use std::hash::BuildHasher;

use mxp_events::Event;
use mxp_ids::EventId;

use super::{Graph, Ix};
use crate::EventSource;

impl<'a, S: EventSource, H: BuildHasher> Graph<'a, S, H> {
    /// The event `id` may be interned as: `None` means it is not. A match
    /// of the 32-bit hash is taken as a yes without comparing the IDs, so
    /// that no ID string is read (a wrong yes only leaves one event
    /// unwarmed).
    #[inline]
    fn interned_guess(&self, id: &EventId) -> Option<Ix> {
        let hash = self.hasher.hash_one(id.as_str().as_bytes()) as u32;
        self.probe(hash, |_| true).ok()
    }

    /// Keeps what the source returned for `id` (see [`Graph::stashed`]).
    #[inline]
    fn stash_put(&mut self, id: &'a EventId, event: Option<&'a S::Event>) {
        if self.stash.is_empty() {
            self.stash = vec![(None, None); STASH_SLOTS];
        }
        let slot = stash_slot(id);
        if let Some(entry) = self.stash.get_mut(slot) {
            *entry = (Some(id), event);
        }
    }

    /// Warms the caches for loading the fetched events `ixs` soon: reads
    /// their `auth_events`, then looks up the auth events not interned yet
    /// (keeping what the source returns in [`Graph::stash`]) and reads what
    /// `fetch` will read of them. Each step runs over the whole batch
    /// before the next, so that the cache misses of different events
    /// overlap instead of queueing one behind another (the caller's events
    /// are scattered over its heap).
    ///
    /// Changes nothing the resolution sees: no interning, no budget, no
    /// errors (a missing event is left for `fetch` to report).
    pub(crate) fn warm_loads(&mut self, ixs: &[Ix]) {
        let mut ids = std::mem::take(&mut self.warm_ids);
        ids.clear();
        let this = &*self;
        let events = || {
            ixs.iter().filter_map(|&ix| {
                let n = this.nodes.get(ix as usize)?;
                if n.expanded { None } else { n.event }
            })
        };
        let mut sink = 0u64;
        // v12 loads read the type and room ID too (the implicit create
        // event, SR-v21-N1).
        let v12 = this.rules.authorization.room_id_is_create_event;
        // Each step reads what the one before brought into the cache.
        for e in events() {
            sink ^= e.auth_events().len() as u64;
            if v12 {
                sink ^= e.event_type().len() as u64
                    ^ e.room_id().map_or(0, |r| r.as_str().len()) as u64;
            }
        }
        for e in events() {
            for a in e.auth_events() {
                sink ^= a.as_str().len() as u64;
            }
            if v12 {
                sink ^= touch(e.event_type()) ^ e.room_id().map_or(0, |r| touch(r.as_str()));
            }
        }
        for e in events() {
            for a in e.auth_events() {
                sink ^= touch(a.as_str());
            }
        }
        for e in events() {
            for a in e.auth_events() {
                let a = a.as_id();
                if ids.len() < STASH && this.interned_guess(a).is_none() {
                    ids.push(a);
                }
            }
        }
        std::hint::black_box(sink);
        self.warm_lookups(&ids);
        self.warm_ids = ids;
    }

    /// Warms the caches for fetching the events of `ids` soon and comparing
    /// their keys with `keys`, the state sets' (see [`Graph::warm_loads`]).
    /// Changes nothing the resolution sees.
    pub(crate) fn warm_fetches(&mut self, ids: &[&'a EventId], keys: &[(&str, &str)]) {
        let mut todo = std::mem::take(&mut self.warm_ids);
        todo.clear();
        let mut sink = 0u64;
        for id in ids {
            sink ^= touch(id.as_str());
        }
        // The keys grouping compares with the event's.
        for &(t, k) in keys {
            sink ^= touch(t) ^ touch(k);
        }
        std::hint::black_box(sink);
        // Of events fetched already (a later state set citing them again,
        // or a store's), grouping compares the IDs (interning) and the keys:
        // the state key of a member event, both strings of other kinds but
        // the fixed ones (their kind settles the key). The table entries
        // first, then the nodes they give, then the strings.
        let mut known = std::mem::take(&mut self.warm_keys);
        known.clear();
        let mut guessed = std::mem::take(&mut self.warm_guessed);
        guessed.clear();
        for &id in ids {
            match self.interned_guess(id) {
                None => todo.push(id),
                Some(ix) => guessed.push(ix),
            }
        }
        for &ix in &guessed {
            known.extend(self.nodes.get(ix as usize).and_then(|n| {
                sink ^= n.id.as_str().len() as u64;
                n.event.map(|e| (ix, n.kind, e))
            }));
        }
        for &(ix, k, e) in &known {
            if super::kind::fixed_type(k).is_none() {
                sink ^= self.state_key_of(ix, e).map_or(0, str::len) as u64;
            }
        }
        for &(ix, k, e) in &known {
            sink ^= touch(self.id(ix).as_str());
            if super::kind::fixed_type(k).is_some() {
                continue;
            }
            sink ^= self.state_key_of(ix, e).map_or(0, touch);
            if k != super::kind::MEMBER {
                sink ^= touch(e.event_type());
            }
        }
        std::hint::black_box(sink);
        self.warm_guessed = guessed;
        self.warm_keys = known;
        self.warm_lookups(&todo);
        self.warm_ids = todo;
    }

    /// Looks up `ids` in the source, stashing the answers, then reads what
    /// `fetch` reads of the events found.
    fn warm_lookups(&mut self, ids: &[&'a EventId]) {
        let mut found = std::mem::take(&mut self.warm_found);
        found.clear();
        for &id in ids {
            let event = self.source.event(id);
            self.stash_put(id, event);
            found.extend(event);
        }
        std::hint::black_box(warm_events(found.iter().copied(), false, true));
        self.warm_found = found;
    }

    /// The event the source returned for `id` during a warming, if `id` is
    /// the very reference that was looked up and its entry was not taken
    /// by a later one since (compared by address: a cheap test, and the
    /// same reference is the same ID).
    #[inline]
    pub(super) fn stashed(&self, id: &EventId) -> Option<&'a S::Event> {
        match self.stash.get(stash_slot(id)) {
            Some(&(Some(s), e)) if std::ptr::eq(s, id) => e,
            _ => None,
        }
    }

    /// Warms the caches for checking the loaded events `ixs` soon (the
    /// iterative auth checks): reads the fields the checks read, a stage at
    /// a time over the batch (see [`Graph::warm_loads`]). Changes nothing.
    pub(crate) fn warm_checks(&self, ixs: &[Ix]) {
        let mut sink = 0u64;
        // The nodes (the table outgrows the cache in large rooms), then the
        // nodes of their auth events (the checks read their kinds), then
        // the events.
        for &ix in ixs {
            sink ^= self
                .nodes
                .get(ix as usize)
                .map_or(0, |n| u64::from(n.edges_start));
        }
        for &ix in ixs {
            for &a in self.edges(ix) {
                sink ^= self
                    .nodes
                    .get(a as usize)
                    .map_or(0, |n| u64::from(n.edges_start));
            }
        }
        // The state keys of the member events they cite (the checks compare
        // them to find the slot of a member event's key).
        let cited = || {
            ixs.iter().flat_map(|&ix| {
                self.edges(ix).iter().filter_map(|&a| {
                    let n = self.nodes.get(a as usize)?;
                    if n.kind == super::kind::MEMBER {
                        n.event
                    } else {
                        None
                    }
                })
            })
        };
        for e in cited() {
            sink ^= e.state_key().map_or(0, str::len) as u64;
        }
        for e in cited() {
            sink ^= e.state_key().map_or(0, touch);
        }
        let events = ixs
            .iter()
            .filter_map(|&ix| self.nodes.get(ix as usize)?.event);
        let room = self.rules.authorization.room_id_is_create_event;
        // Not the contents: the facts read at fetch (membership, join rule,
        // authoriser) answer the checks' questions about them.
        std::hint::black_box(sink ^ warm_events(events, room, false));
    }
}

/// How many upcoming events the walk, the grouping of the state sets and the
/// iterative checks warm the caches for at a time.
pub(crate) const WARM_BATCH: usize = 16;

/// The most events one warming looks up ahead.
const STASH: usize = 64;

/// The number of entries of [`Graph::stash`], a power of two well above
/// [`STASH`] so that few of one warming's entries collide.
const STASH_SLOTS: usize = 256;

/// The entry of [`Graph::stash`] for an ID reference, from its address.
#[inline]
fn stash_slot(id: &EventId) -> usize {
    let a = id.as_str().as_ptr().addr() as u64;
    (a.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize & (STASH_SLOTS - 1)
}

/// Reads what [`super::classify`] and the checks read of `events`, header fields
/// of all of them first, then the strings they point to.
/// With `room`, the room ID too (the v12 checks read it); with `content`,
/// the `membership` entry of the content (`classify` reads it).
fn warm_events<'e, E: Event + 'e>(
    events: impl Iterator<Item = &'e E> + Clone,
    room: bool,
    content: bool,
) -> u64 {
    let mut sink = 0u64;
    for e in events.clone() {
        sink ^= e.event_type().len() as u64
            ^ e.state_key().map_or(0, str::len) as u64
            ^ e.sender().as_str().len() as u64
            ^ e.content().len() as u64
            ^ e.depth() as u64;
        if room {
            sink ^= e.room_id().map_or(0, |r| r.as_str().len()) as u64;
        }
    }
    for e in events {
        sink ^= touch(e.event_type()) ^ e.state_key().map_or(0, touch) ^ touch(e.sender().as_str());
        if room {
            sink ^= e.room_id().map_or(0, |r| touch(r.as_str()));
        }
        if !content {
            continue;
        }
        // Of the content, `classify` reads `membership`: every key of its
        // length is read, with its value (the lengths are at hand, the key
        // strings are not).
        for (k, v) in e.content() {
            if k.len() == MEMBERSHIP_LEN {
                sink ^= touch(k) ^ v.as_str().map_or(0, touch);
            }
        }
    }
    sink
}

/// The length of the key `membership`.
const MEMBERSHIP_LEN: usize = "membership".len();

/// Reads the first and last byte of `s`, loading its cache lines.
#[inline]
fn touch(s: &str) -> u64 {
    let b = s.as_bytes();
    u64::from(b.first().copied().unwrap_or(0)) ^ u64::from(b.last().copied().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::collections::HashMap;
    use std::hash::RandomState;

    use mxp_ids::{EventId, OwnedEventId};
    use mxp_room_versions::RoomVersionRules;
    use mxp_testkit::TestEvent;
    use serde_json::json;

    use crate::budget::Meter;
    use crate::graph::Graph;
    use crate::{Budget, EventSource, ResolveError};

    /// A source that counts its lookups.
    struct Counting {
        events: HashMap<OwnedEventId, TestEvent>,
        lookups: Cell<usize>,
    }

    impl EventSource for Counting {
        type Event = TestEvent;
        fn event(&self, id: &EventId) -> Option<&TestEvent> {
            self.lookups.set(self.lookups.get() + 1);
            self.events.get(id)
        }
    }

    /// `$create`, `$join` (citing `$create`) and `$name` (citing both and
    /// `$missing`, which the source does not have).
    fn source() -> Counting {
        let a = "@a:x";
        let events =
            [
                TestEvent::build("$create:x", a, "m.room.create", Some(""), json!({})),
                TestEvent::build(
                    "$join:x",
                    a,
                    "m.room.member",
                    Some(a),
                    json!({"membership": "join"}),
                )
                .auth(&["$create:x"]),
                TestEvent::build("$name:x", a, "m.room.name", Some(""), json!({"name": "n"}))
                    .auth(&["$create:x", "$join:x", "$missing:x"]),
            ];
        Counting {
            events: events
                .into_iter()
                .map(|e| (e.event_id.clone(), e))
                .collect(),
            lookups: Cell::new(0),
        }
    }

    /// The source's own copy of `id` (the stash matches references, so
    /// the tests pass the very ID the source stores).
    fn stored_id<'s>(src: &'s Counting, id: &str) -> &'s EventId {
        src.events
            .get_key_value(EventId::parse(id).unwrap())
            .unwrap()
            .0
    }

    fn graph(src: &Counting, steps: u64) -> Graph<'_, Counting, RandomState> {
        Graph::new(
            src,
            RoomVersionRules::V11,
            Meter::new(Budget::new(steps)),
            RandomState::new(),
        )
    }

    /// Warming interns nothing, spends no budget, reports no error for a
    /// missing auth event, and leaves the event unloaded; loading afterwards
    /// finds every auth event through the stash, with no second lookup, and
    /// still reports the missing one when it is fetched.
    #[test]
    fn warming_changes_nothing_and_saves_the_lookups() {
        let src = source();
        let name = stored_id(&src, "$name:x");
        // Budget for exactly what the plain path spends: intern and fetch
        // `$name` (2), load its 3 auth events (3 + 3 interned), fetch 2.
        let mut g = graph(&src, 10);
        let ix = g.intern(name).unwrap();
        g.fetch(ix).unwrap();
        assert_eq!(src.lookups.get(), 1);
        g.warm_loads(&[ix]);
        assert_eq!(g.len(), 1, "warming interns nothing");
        assert!(g.edges(ix).is_empty(), "warming loads nothing");
        // `$create`, `$join` and `$missing` looked up once each.
        assert_eq!(src.lookups.get(), 4);
        let range = g.load_edges(ix).unwrap();
        assert_eq!(g.len(), 4);
        let mut missing = 0;
        for i in range.next..range.end {
            let a = g.edge_at(i);
            match g.fetch(a) {
                Ok(e) => assert!(std::ptr::eq(e, src.events.get(g.id(a)).unwrap())),
                Err(ResolveError::MissingEvent { event_id }) => {
                    assert_eq!(event_id.as_str(), "$missing:x");
                    missing += 1;
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(missing, 1);
        // The stash answered `$create` and `$join`; `$missing` (not
        // stashed: the source had nothing) was asked again.
        assert_eq!(src.lookups.get(), 5);
        // The budget is spent exactly as without warming: one step more
        // fails.
        assert!(g.meter.spend(1).is_err());
    }

    /// The stash answers only for the very reference it looked up: another
    /// copy of the same ID goes to the source (correct either way).
    #[test]
    fn stash_matches_by_reference() {
        let src = source();
        let key = stored_id(&src, "$join:x");
        let copy = EventId::parse("$join:x").unwrap();
        let mut g = graph(&src, 100);
        g.warm_fetches(&[key], &[]);
        assert_eq!(src.lookups.get(), 1);
        assert!(g.stashed(key).is_some());
        assert!(g.stashed(copy).is_none());
        let ix = g.intern(key).unwrap();
        g.fetch(ix).unwrap();
        assert_eq!(src.lookups.get(), 1, "fetched from the stash");
    }

    /// Warming for events already fetched looks nothing up.
    #[test]
    fn warm_fetches_skips_fetched_events() {
        let src = source();
        let key = stored_id(&src, "$create:x");
        let mut g = graph(&src, 100);
        let ix = g.intern(key).unwrap();
        g.fetch(ix).unwrap();
        g.warm_fetches(&[key], &[]);
        assert_eq!(src.lookups.get(), 1);
        assert_eq!(g.len(), 1);
    }
}
